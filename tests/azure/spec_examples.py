#!/usr/bin/python3
"""azemu accepts every example request of the Azure specs, and answers a
set of bodies Azure would refuse with the 400 Azure sends.

The examples are the x-ms-examples of the swagger files copied under
azure-specs/ (found beside the project, at ../shared/azure-specs, or at
$SL_AZURE_SPECS).  For each one the test creates what the request needs
to exist (subscription, resource group, storage account, environment,
storages, DNS zone, job, execution) through azemu's admin API or ARM
calls, sends the example's request, and expects one of the statuses the
example lists.  Speaks TAP."""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

TENANT = "tenant-x"
CLIENT = "client-x"
SECRET = "spec-examples-secret-1"
NFS_SERVER_KEY = "c3BlYy1leGFtcGxlcy1rZXk="

results = []


def tap(ok, desc, diag=""):
    results.append(ok)
    print("%s %d - %s" % ("ok" if ok else "not ok", len(results), desc))
    if not ok and diag:
        for line in str(diag).splitlines()[:20]:
            print("# " + line)
    sys.stdout.flush()


def specs_dir():
    if os.environ.get("SL_AZURE_SPECS"):
        return os.environ["SL_AZURE_SPECS"]
    top = os.environ.get("SL_TOP_SRCDIR", ".")
    return os.path.normpath(os.path.join(top, "..", "shared", "azure-specs"))


class Azemu:
    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="sl-specex-", dir="/tmp")
        exe = os.path.join(os.environ.get("SL_TOP_BUILDDIR", "."), "azemu")
        port_file = os.path.join(self.dir, "port")
        self.log = os.path.join(self.dir, "requests.log")
        self.proc = subprocess.Popen(
            [exe, "--listen", "127.0.0.1:0", "--port-file", port_file,
             "--data-dir", os.path.join(self.dir, "data"), "--log-file", self.log,
             "--tenant-id", TENANT, "--client-id", CLIENT, "--client-secret", SECRET,
             "--lro-polls", "0", "--execution-ms", "-1"],
            stdout=subprocess.DEVNULL, stderr=open(os.path.join(self.dir, "stderr"), "w"))
        # Start-up only: give up if azemu never writes its port.
        for _ in range(1500):
            if os.path.exists(port_file):
                with open(port_file) as f:
                    text = f.read().strip()
                if text:
                    self.base = "http://127.0.0.1:" + text
                    break
            if self.proc.poll() is not None:
                raise RuntimeError("azemu exited with %s" % self.proc.returncode)
            time.sleep(0.02)
        else:
            raise RuntimeError("azemu did not start")
        body = urllib.parse.urlencode({
            "grant_type": "client_credentials", "client_id": CLIENT, "client_secret": SECRET,
            "scope": "https://management.azure.com/.default"}).encode()
        status, answer = self.call("POST", "/%s/oauth2/v2.0/token" % TENANT, raw=body,
                                   auth=False, ctype="application/x-www-form-urlencoded")
        if status != 200:
            raise RuntimeError("no token: %s %s" % (status, answer))
        self.token = json.loads(answer)["access_token"]

    def call(self, method, path, body=None, raw=None, auth=True, ctype="application/json",
             headers=None):
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        req = urllib.request.Request(self.base + path, data=data, method=method)
        if data is not None:
            req.add_header("Content-Type", ctype)
        if auth:
            req.add_header("Authorization", "Bearer " + self.token)
        for k, v in (headers or {}).items():
            req.add_header(k, v)
        try:
            with urllib.request.urlopen(req) as resp:
                return resp.status, resp.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode()

    def admin(self, method, path, body=None):
        status, text = self.call(method, "/_azemu" + path, body=body, auth=False)
        if status >= 300:
            raise RuntimeError("admin %s %s: %s %s" % (method, path, status, text))
        return text

    def stop(self):
        self.proc.terminate()
        self.proc.wait()
        shutil.rmtree(self.dir, ignore_errors=True)


def q(s):
    return urllib.parse.quote(str(s), safe="@")


def operations(root):
    """Map example files (by path and by base name) to their operation."""
    by_path, by_name = {}, {}
    for dirpath, _, files in os.walk(os.path.join(root, "specification")):
        if os.path.basename(dirpath) == "examples":
            continue
        for name in files:
            if not name.endswith(".json"):
                continue
            spec_file = os.path.join(dirpath, name)
            with open(spec_file) as f:
                spec = json.load(f)
            for template, ops in spec.get("paths", {}).items():
                for method, op in ops.items():
                    if method == "parameters":
                        continue
                    body_param = None
                    for p in op.get("parameters", []):
                        if p.get("in") == "body":
                            body_param = p["name"]
                    for ex in op.get("x-ms-examples", {}).values():
                        target = os.path.normpath(os.path.join(dirpath, ex["$ref"]))
                        entry = (method.upper(), template, body_param)
                        by_path[target] = entry
                        by_name.setdefault(os.path.basename(target), entry)
    # listKeys lives in storage.json, which is not copied (see azure-specs/README.md).
    by_name.setdefault("StorageAccountListKeys.json", (
        "POST", "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/"
        "Microsoft.Storage/storageAccounts/{accountName}/listKeys", None))
    return by_path, by_name


def ensure(emu, params, template, body):
    """Create what the example's request needs to exist."""
    sub, rg = params.get("subscriptionId"), params.get("resourceGroupName")
    if sub is None:
        return
    emu.admin("PUT", "/subscriptions/%s" % q(sub))
    if rg is None:
        return
    base = "/subscriptions/%s/resourceGroups/%s" % (q(sub), q(rg))
    emu.admin("PUT", base, {"location": "westeurope"})
    if "{accountName}" in template:
        emu.admin("PUT", base + "/storageAccounts/" + q(params["accountName"]))
    if "{environmentName}" in template:
        emu.admin("PUT", base + "/managedEnvironments/" + q(params["environmentName"]))
    if "{privateZoneName}" in template:
        emu.admin("PUT", base + "/privateDnsZones/" + q(params["privateZoneName"]))
    # An environment storage's account must exist and hold the key given.
    af = ((body or {}).get("properties") or {}).get("azureFile")
    if af and af.get("accountName"):
        emu.admin("PUT", base + "/storageAccounts/" + q(af["accountName"]),
                  {"key": af.get("accountKey")})
    # A job's environment and the storages its volumes use.
    env_id = ((body or {}).get("properties") or {}).get("environmentId")
    if env_id:
        m = re.match(r"/subscriptions/([^/]+)/resourceGroups/([^/]+)/providers/Microsoft.App/"
                     r"managedEnvironments/([^/]+)$", env_id, re.I)
        esub, erg, env = m.group(1), m.group(2), m.group(3)
        ebase = "/subscriptions/%s/resourceGroups/%s" % (q(esub), q(erg))
        emu.admin("PUT", "/subscriptions/%s" % q(esub))
        emu.admin("PUT", ebase, {"location": "westeurope"})
        emu.admin("PUT", ebase + "/managedEnvironments/" + q(env))
        emu.admin("PUT", ebase + "/storageAccounts/specexacct", {"key": NFS_SERVER_KEY})
        for vol in body["properties"].get("template", {}).get("volumes", []):
            kind = vol.get("storageType")
            if kind == "AzureFile":
                props = {"azureFile": {"accountName": "specexacct", "accountKey": NFS_SERVER_KEY,
                                       "shareName": "share1", "accessMode": "ReadWrite"}}
            elif kind == "NfsAzureFile":
                props = {"nfsAzureFile": {"server": "specexacct.file.core.windows.net",
                                          "shareName": "/specexacct/share1",
                                          "accessMode": "ReadWrite"}}
            else:
                continue
            status, text = emu.call(
                "PUT", "%s/providers/Microsoft.App/managedEnvironments/%s/storages/%s"
                "?api-version=2025-07-01" % (ebase, q(env), q(vol["storageName"])),
                {"properties": props})
            if status != 200:
                raise RuntimeError("storage %s: %s %s" % (vol["storageName"], status, text))
    # Calls below a job need the job; an execution GET needs the execution.
    job = params.get("jobName")
    if job and not template.endswith("{jobName}"):
        jpath = "%s/providers/Microsoft.App/jobs/%s?api-version=2025-07-01" % (base, q(job))
        if emu.call("GET", jpath)[0] == 404:
            emu.admin("PUT", base + "/managedEnvironments/specexenv")
            status, text = emu.call("PUT", jpath, {
                "location": "westeurope",
                "properties": {
                    "environmentId": "%s/providers/Microsoft.App/managedEnvironments/specexenv"
                                     % base.replace("%7B", "{").replace("%7D", "}"),
                    "configuration": {"triggerType": "Manual", "replicaTimeout": 60},
                    "template": {"containers": [{"name": job, "image": "alpine"}]}}})
            if status not in (200, 201):
                raise RuntimeError("job %s: %s %s" % (job, status, text))
        emu.admin("POST", "/operations/complete")
        if template.endswith("{jobExecutionName}"):
            emu.admin("PUT", base + "/jobs/%s/executions/%s" % (q(job), q(params["jobExecutionName"])))


def run_example(emu, root, path, op):
    with open(path) as f:
        ex = json.load(f)
    method, template, body_param = op
    params = ex["parameters"]
    body = params.get(body_param) if body_param else None
    rel = os.path.relpath(path, root)
    try:
        ensure(emu, params, template, body)
    except RuntimeError as e:
        tap(False, "example %s" % rel, "setting up: %s" % e)
        return
    url = re.sub(r"\{([^}]+)\}", lambda m: q(params[m.group(1)]), template)
    url += "?api-version=" + q(params["api-version"])
    status, text = emu.call(method, url, body)
    expected = sorted(int(s) for s in ex["responses"] if s.isdigit())
    tap(status in expected, "example %s: %s answers %d (the example lists %s)"
        % (rel, method, status, expected), text)


def bad_bodies(emu):
    """Bodies Azure would refuse, and what it answers."""
    sub, rg = "11111111-2222-3333-4444-555555555555", "bad-bodies"
    base = "/subscriptions/%s/resourceGroups/%s" % (sub, rg)
    emu.admin("PUT", "/subscriptions/" + sub)
    emu.admin("PUT", base, {"location": "westeurope"})
    emu.admin("PUT", base + "/storageAccounts/badacct", {"key": NFS_SERVER_KEY})
    emu.admin("PUT", base + "/managedEnvironments/badenv")
    emu.admin("PUT", base + "/privateDnsZones/bad.internal")
    app = "?api-version=2025-07-01"
    st = "?api-version=2023-05-01"
    dns = "?api-version=2024-06-01"
    env_id = base + "/providers/Microsoft.App/managedEnvironments/badenv"
    jobs = base + "/providers/Microsoft.App/jobs/"
    shares = base + "/providers/Microsoft.Storage/storageAccounts/badacct/fileServices/default/shares/"
    storages = base + "/providers/Microsoft.App/managedEnvironments/badenv/storages/"
    records = base + "/providers/Microsoft.Network/privateDnsZones/bad.internal/A/"

    def job():
        return {"location": "westeurope", "properties": {
            "environmentId": env_id,
            "configuration": {"triggerType": "Manual", "replicaTimeout": 60},
            "template": {"containers": [{"name": "main", "image": "alpine"}]}}}

    def without(path):
        def change(body):
            node = body
            for key in path[:-1]:
                node = node[key]
            del node[path[-1]]
            return body
        return change

    def setting(path, value):
        def change(body):
            node = body
            for key in path[:-1]:
                node = node[key]
            node[path[-1]] = value
            return body
        return change

    good_storage = {"properties": {"azureFile": {"accountName": "badacct",
                                                 "accountKey": NFS_SERVER_KEY,
                                                 "shareName": "s1", "accessMode": "ReadWrite"}}}
    cases = [
        ("job without configuration.triggerType", "PUT", jobs + "j1" + app,
         without(["properties", "configuration", "triggerType"])(job()), 400,
         "InvalidRequestContent"),
        ("job without configuration.replicaTimeout", "PUT", jobs + "j1" + app,
         without(["properties", "configuration", "replicaTimeout"])(job()), 400,
         "InvalidRequestContent"),
        ("job without location", "PUT", jobs + "j1" + app, without(["location"])(job()), 400,
         "LocationRequired"),
        ("job with a bad triggerType", "PUT", jobs + "j1" + app,
         setting(["properties", "configuration", "triggerType"], "Sometimes")(job()), 400,
         "ContainerAppInvalidPropertyValue"),
        ("job with a bad storageType", "PUT", jobs + "j1" + app,
         setting(["properties", "template", "volumes"],
                 [{"name": "v", "storageType": "Floppy"}])(job()), 400,
         "ContainerAppInvalidPropertyValue"),
        ("job with replicaTimeout as a string", "PUT", jobs + "j1" + app,
         setting(["properties", "configuration", "replicaTimeout"], "60")(job()), 400,
         "InvalidRequestContent"),
        ("job without containers", "PUT", jobs + "j1" + app,
         setting(["properties", "template", "containers"], [])(job()), 400,
         "ContainerAppInvalidPropertyValue"),
        ("job mounting a volume it lacks", "PUT", jobs + "j1" + app,
         setting(["properties", "template", "containers"],
                 [{"name": "m", "image": "alpine",
                   "volumeMounts": [{"volumeName": "nope", "mountPath": "/d"}]}])(job()), 400,
         "ContainerAppInvalidPropertyValue"),
        ("job name with upper case and _", "PUT", jobs + "My_Job" + app, job(), 400,
         "ContainerAppInvalidName"),
        ("job name starting with a digit", "PUT", jobs + "1job" + app, job(), 400,
         "ContainerAppInvalidName"),
        ("job name of 33 characters", "PUT", jobs + "a" * 33 + app, job(), 400,
         "ContainerAppInvalidName"),
        ("job body that is not JSON", "PUT", jobs + "j1" + app, b"{not json", 400,
         "InvalidRequestContent"),
        ("share with quota 0", "PUT", shares + "share1" + st, {"properties": {"shareQuota": 0}}, 400,
         "InvalidRequestPropertyValue"),
        ("share with a bad accessTier", "PUT", shares + "share1" + st,
         {"properties": {"accessTier": "Warm"}}, 400, "InvalidRequestPropertyValue"),
        ("share with a bad enabledProtocols", "PUT", shares + "share1" + st,
         {"properties": {"enabledProtocols": "FTP"}}, 400, "InvalidRequestPropertyValue"),
        ("share named in upper case", "PUT", shares + "UPPER" + st, {}, 400,
         "InvalidResourceName"),
        ("share name with --", "PUT", shares + "a--b" + st, {}, 400, "InvalidResourceName"),
        ("share name of 2 characters", "PUT", shares + "ab" + st, {}, 400, "OutOfRangeInput"),
        ("share metadata named like a label", "PUT", shares + "share1" + st,
         {"properties": {"metadata": {"com.docker.label": "x"}}}, 400, "InvalidMetadata"),
        ("storage with a bad accessMode", "PUT", storages + "st1" + app,
         setting(["properties", "azureFile", "accessMode"], "WriteOnly")(
             json.loads(json.dumps(good_storage))), 400, "ContainerAppInvalidPropertyValue"),
        ("storage without shareName", "PUT", storages + "st1" + app,
         without(["properties", "azureFile", "shareName"])(json.loads(json.dumps(good_storage))),
         400, "InvalidRequestContent"),
        ("storage with a wrong key", "PUT", storages + "st1" + app,
         setting(["properties", "azureFile", "accountKey"], "d3Jvbmc=")(
             json.loads(json.dumps(good_storage))), 400,
         "ManagedEnvironmentStorageInvalidCredentials"),
        ("A record with a bad address", "PUT", records + "r1" + dns,
         {"properties": {"ttl": 10, "aRecords": [{"ipv4Address": "999.1.1.1"}]}}, 400,
         "BadRequest"),
        ("A record with ttl as a string", "PUT", records + "r1" + dns,
         {"properties": {"ttl": "ten"}}, 400, "BadRequest"),
        ("an api-version Azure does not have", "GET",
         base + "/providers/Microsoft.App/managedEnvironments/badenv?api-version=2030-01-01", None,
         400, "NoRegisteredProviderFound"),
        ("no api-version", "GET", base + "/providers/Microsoft.App/managedEnvironments/badenv",
         None, 400, "MissingApiVersionParameter"),
        ("a resource group that does not exist", "GET",
         "/subscriptions/%s/resourceGroups/nope/providers/Microsoft.App/jobs%s" % (sub, app), None,
         404, "ResourceGroupNotFound"),
    ]
    for desc, method, url, body, status, code in cases:
        raw = body if isinstance(body, bytes) else None
        got, text = emu.call(method, url, None if raw is not None else body, raw=raw)
        try:
            got_code = json.loads(text)["error"]["code"]
        except (ValueError, KeyError, TypeError):
            got_code = None
        tap(got == status and got_code == code, "bad body: %s -> %d %s" % (desc, status, code),
            "got %s %s" % (got, text))
    # A start body whose containers are not a list.
    status, text = emu.call("PUT", jobs + "j2" + app, job())
    emu.admin("POST", "/operations/complete")
    got, text = emu.call("POST", jobs + "j2/start" + app, {"containers": "main"})
    tap(got == 400 and "InvalidRequestContent" in text,
        "bad body: start with containers not a list -> 400 InvalidRequestContent", text)
    # No token at all.
    got, text = emu.call("GET", jobs + "j2" + app, auth=False)
    tap(got == 401 and "AuthenticationFailed" in text, "no token -> 401 AuthenticationFailed", text)


def main():
    root = specs_dir()
    if not os.path.isdir(os.path.join(root, "specification")):
        top = os.environ.get("SL_TOP_SRCDIR", ".")
        if not os.path.exists(os.path.join(top, ".git")):
            print("1..0 # SKIP azure-specs not found beside this source tree (%s)" % root)
            return 0
        print("1..1")
        print("not ok 1 - azure-specs found at %s (set SL_AZURE_SPECS)" % root)
        return 1
    by_path, by_name = operations(root)
    examples = []
    for dirpath, _, files in os.walk(os.path.join(root, "specification")):
        if os.path.basename(dirpath) == "examples":
            examples += [os.path.join(dirpath, f) for f in files if f.endswith(".json")]
    # Creations first: the other examples act on what they make.
    examples.sort(key=lambda p: (0 if "CreateorUpdate" in p or "CreateOrUpdate" in p else 1, p))
    emu = Azemu()
    try:
        for path in examples:
            op = by_path.get(os.path.normpath(path)) or by_name.get(os.path.basename(path))
            if op is None:
                tap(False, "example %s has an operation" % os.path.relpath(path, root))
                continue
            run_example(emu, root, path, op)
        tap(len(examples) >= 12, "all %d examples were tried" % len(examples))
        bad_bodies(emu)
        with open(emu.log) as f:
            text = f.read()
        tap(SECRET not in text and NFS_SERVER_KEY not in text and emu.token not in text,
            "the request log holds no secret")
    finally:
        emu.stop()
    print("1..%d" % len(results))
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
