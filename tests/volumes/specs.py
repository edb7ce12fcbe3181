"""Check request bodies against the Azure REST API specs (Swagger 2.0) in
shared/azure-specs/: the definitions a PUT's body parameter names, with
their $refs followed across the copied files.  References into files that
were not copied (Azure's common types: id, name, type, systemData, all
read-only) are taken as "anything".

Strict where Azure's own validation is lenient: a member the definition
does not know, or one it marks readOnly, is an error, because a body of
ours should say only what the spec documents."""

import json
import os


def specs_dir():
    """shared/azure-specs beside the project, or $SL_AZURE_SPECS."""
    if os.environ.get("SL_AZURE_SPECS"):
        return os.environ["SL_AZURE_SPECS"]
    top = os.environ.get("SL_TOP_SRCDIR", ".")
    return os.path.normpath(os.path.join(top, "..", "shared", "azure-specs"))


SHARES = "specification/storage/resource-manager/Microsoft.Storage/stable/2023-05-01/file.json"
STORAGES = ("specification/app/resource-manager/Microsoft.App/ContainerApps/stable/"
            "2025-07-01/ManagedEnvironmentsStorages.json")


class Specs:
    def __init__(self, root=None):
        self.root = root or specs_dir()
        self.files = {}

    def available(self):
        return os.path.exists(os.path.join(self.root, SHARES)) and \
            os.path.exists(os.path.join(self.root, STORAGES))

    def _load(self, path):
        path = os.path.normpath(path)
        if path not in self.files:
            if not os.path.exists(path):
                self.files[path] = None
            else:
                with open(path) as f:
                    self.files[path] = json.load(f)
        return self.files[path]

    def _resolve(self, ref, base):
        """(schema, file it lives in), or (None, None) for files not copied."""
        file_part, _, pointer = ref.partition("#")
        path = os.path.join(os.path.dirname(base), file_part) if file_part else base
        doc = self._load(path)
        if doc is None:
            return None, None
        node = doc
        for part in pointer.strip("/").split("/"):
            if part:
                node = node[part]
        return node, os.path.normpath(path)

    def body_schema(self, rel_file, path_suffix, method="put"):
        """The body schema of the operation whose path ends with path_suffix."""
        base = os.path.join(self.root, rel_file)
        doc = self._load(base)
        for path, ops in doc["paths"].items():
            if path.endswith(path_suffix) and method in ops:
                for p in ops[method].get("parameters", []):
                    if p.get("in") == "body":
                        return p["schema"], os.path.normpath(base)
        raise KeyError(path_suffix)

    def check(self, value, schema, base, where="body"):
        """A list of problems (empty when value fits the schema)."""
        errors = []
        self._check(value, schema, base, where, errors)
        return errors

    def _members(self, schema, base):
        """Properties of a schema with those of its allOf parts, and whether
        an unresolvable part (which may hold more members) was met."""
        props = {}
        open_ended = False
        if "$ref" in schema:
            target, tbase = self._resolve(schema["$ref"], base)
            if target is None:
                return props, True, None
            return self._members(target, tbase)
        for part in schema.get("allOf", []):
            p, o, _ = self._members(part, base)
            props.update(p)
            open_ended = open_ended or o
        for name, sub in schema.get("properties", {}).items():
            props[name] = (sub, base)
        return props, open_ended, schema

    def _check(self, value, schema, base, where, errors):
        if "$ref" in schema:
            target, tbase = self._resolve(schema["$ref"], base)
            if target is None:
                return
            self._check(value, target, tbase, where, errors)
            return
        if schema.get("readOnly"):
            errors.append("%s is read-only" % where)
            return
        kind = schema.get("type")
        if kind is None and ("properties" in schema or "allOf" in schema):
            kind = "object"
        if kind == "object" or (kind is None and isinstance(value, dict)):
            if not isinstance(value, dict):
                errors.append("%s: want an object" % where)
                return
            props, open_ended, _ = self._members(schema, base)
            extra = schema.get("additionalProperties")
            for req in schema.get("required", []):
                if req not in value:
                    errors.append("%s.%s is required" % (where, req))
            for k, v in value.items():
                if k in props:
                    sub, sbase = props[k]
                    self._check(v, sub, sbase, "%s.%s" % (where, k), errors)
                elif isinstance(extra, dict):
                    self._check(v, extra, base, "%s.%s" % (where, k), errors)
                elif not open_ended or k not in ("id", "name", "type", "systemData", "etag"):
                    errors.append("%s.%s is not in the spec" % (where, k))
            return
        if kind == "string":
            if not isinstance(value, str):
                errors.append("%s: want a string" % where)
            elif "enum" in schema and value not in schema["enum"]:
                errors.append("%s: %r is not one of %s" % (where, value, schema["enum"]))
            return
        if kind == "integer":
            if not isinstance(value, int) or isinstance(value, bool):
                errors.append("%s: want an integer" % where)
                return
            if "minimum" in schema and value < schema["minimum"]:
                errors.append("%s: %d < %s" % (where, value, schema["minimum"]))
            if "maximum" in schema and value > schema["maximum"]:
                errors.append("%s: %d > %s" % (where, value, schema["maximum"]))
            return
        if kind == "boolean" and not isinstance(value, bool):
            errors.append("%s: want a boolean" % where)
        if kind == "array":
            if not isinstance(value, list):
                errors.append("%s: want an array" % where)
                return
            for i, item in enumerate(value):
                self._check(item, schema.get("items", {}), base, "%s[%d]" % (where, i), errors)

    def check_share_put(self, body):
        schema, base = self.body_schema(SHARES, "/shares/{shareName}")
        return self.check(body, schema, base)

    def check_storage_put(self, body):
        schema, base = self.body_schema(STORAGES, "/storages/{storageName}")
        return self.check(body, schema, base)
