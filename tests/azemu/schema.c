/* The body checker.  Messages follow the shape of the service's own:
 * Json.NET deserialisation errors for types and required members, and
 * "Property '<path>' has an invalid value" for values. */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "tests/azemu/schema.h"

static const char *type_name(enum azemu_type t)
{
	switch (t) {
	case AZ_STRING: return "System.String";
	case AZ_INT: return "System.Int32";
	case AZ_NUMBER: return "System.Double";
	case AZ_BOOL: return "System.Boolean";
	case AZ_ARRAY: return "System.Collections.Generic.List";
	case AZ_MAP: return "System.Collections.Generic.Dictionary`2[System.String,System.String]";
	case AZ_OBJECT:
	case AZ_ANY:
	default: return "System.Object";
	}
}

static int type_ok(enum azemu_type t, json_object *v)
{
	switch (t) {
	case AZ_STRING: return json_object_is_type(v, json_type_string);
	case AZ_INT: return json_object_is_type(v, json_type_int);
	case AZ_NUMBER:
		return json_object_is_type(v, json_type_int) || json_object_is_type(v, json_type_double);
	case AZ_BOOL: return json_object_is_type(v, json_type_boolean);
	case AZ_OBJECT:
	case AZ_MAP: return json_object_is_type(v, json_type_object);
	case AZ_ARRAY: return json_object_is_type(v, json_type_array);
	case AZ_ANY:
	default: return 1;
	}
}

struct check {
	const struct azemu_schema_codes *codes;
	struct azemu_response *resp;
};

static int bad_type(struct check *c, const char *path, json_object *v, enum azemu_type t)
{
	azemu_response_error(c->resp, 400, c->codes->content,
	                     "The request content was invalid and could not be deserialized: "
	                     "'Error converting value %s to type '%s'. Path '%s'.'",
	                     json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN), type_name(t),
	                     path);
	return -1;
}

static int check_value(struct check *c, const struct azemu_prop *p, json_object *v, const char *path);

static int check_object(struct check *c, const struct azemu_prop *props, json_object *obj,
                        const char *path)
{
	for (const struct azemu_prop *p = props; p->name != NULL; p++) {
		json_object *v;
		char sub[1024];

		snprintf(sub, sizeof(sub), "%s%s%s", path, *path != '\0' ? "." : "", p->name);
		if (!json_object_object_get_ex(obj, p->name, &v) || v == NULL) {
			if (p->flags & AZ_REQUIRED) {
				azemu_response_error(c->resp, 400, c->codes->content,
				                     "The request content was invalid and could not be "
				                     "deserialized: 'Required property '%s' not found in JSON. "
				                     "Path '%s'.'",
				                     p->name, path);
				return -1;
			}
			continue;
		}
		if (check_value(c, p, v, sub) != 0)
			return -1;
	}
	return 0;
}

static int check_scalar(struct check *c, const struct azemu_prop *p, enum azemu_type t,
                        json_object *v, const char *path)
{
	if (!type_ok(t, v))
		return bad_type(c, path, v, t);
	if (t == AZ_STRING && p->enums != NULL) {
		const char *s = json_object_get_string(v);
		char allowed[512] = "";

		for (const char *const *e = p->enums; *e != NULL; e++) {
			if (strcmp(*e, s) == 0)
				return 0;
			snprintf(allowed + strlen(allowed), sizeof(allowed) - strlen(allowed), "%s%s",
			         e == p->enums ? "" : ", ", *e);
		}
		azemu_response_error(c->resp, 400, c->codes->value,
		                     "Property '%s' has an invalid value '%s'. Allowed values: %s.", path,
		                     s, allowed);
		return -1;
	}
	if (t == AZ_INT && (p->flags & AZ_RANGE)) {
		int64_t n = json_object_get_int64(v);

		if (n < p->min || n > p->max) {
			azemu_response_error(c->resp, 400, c->codes->value,
			                     "Property '%s' has an invalid value %" PRId64
			                     ": it must be between %" PRId64 " and %" PRId64 ".",
			                     path, n, p->min, p->max);
			return -1;
		}
	}
	if (t == AZ_MAP) {
		json_object_object_foreach(v, key, val) {
			if (!json_object_is_type(val, json_type_string)) {
				char sub[1024];

				snprintf(sub, sizeof(sub), "%s.%s", path, key);
				return bad_type(c, sub, val, AZ_STRING);
			}
		}
	}
	if (t == AZ_OBJECT && p->props != NULL)
		return check_object(c, p->props, v, path);
	return 0;
}

static int check_value(struct check *c, const struct azemu_prop *p, json_object *v, const char *path)
{
	if (p->type != AZ_ARRAY)
		return check_scalar(c, p, p->type, v, path);
	if (!type_ok(AZ_ARRAY, v))
		return bad_type(c, path, v, AZ_ARRAY);
	for (size_t i = 0; i < json_object_array_length(v); i++) {
		char sub[1024];

		if (snprintf(sub, sizeof(sub), "%s[%zu]", path, i) >= (int)sizeof(sub))
			sub[sizeof(sub) - 1] = '\0';
		if (check_scalar(c, p, p->item, json_object_array_get_idx(v, i), sub) != 0)
			return -1;
	}
	return 0;
}

int azemu_schema_check(const struct azemu_prop *props, json_object *body,
                       const struct azemu_schema_codes *codes, struct azemu_response *resp)
{
	struct check c = { codes, resp };

	if (body == NULL || !json_object_is_type(body, json_type_object)) {
		azemu_response_error(resp, 400, codes->content,
		                     "The request content was invalid and could not be deserialized: "
		                     "'the body must be a JSON object'.");
		return -1;
	}
	return check_object(&c, props, body, "");
}
