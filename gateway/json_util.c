/* Go-compatible JSON readers and Docker-shaped JSON writers. */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gateway/json_util.h"

static void release_json(void *obj)
{
	json_object_put(obj);
}

/* One strict parse of len bytes; returns the tokener's error. */
static enum json_tokener_error parse_once(const char *text, size_t len, json_object **obj,
                                          size_t *used)
{
	json_tokener *tok = json_tokener_new_ex(64);
	enum json_tokener_error jerr;

	if (tok == NULL)
		abort();
	/* Trailing data is checked by the caller, to give Docker's message for it. */
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_ALLOW_TRAILING_CHARS);
	*obj = json_tokener_parse_ex(tok, text, (int)len);
	jerr = json_tokener_get_error(tok);
	*used = json_tokener_get_parse_end(tok);
	json_tokener_free(tok);
	return jerr;
}

int gw_json_parse_strict(struct gw_arena *arena, const char *text, size_t len, json_object **out,
                         struct gw_codec_error *err)
{
	json_object *obj;
	enum json_tokener_error jerr;
	size_t used, i;

	*out = NULL;
	if (len == 0)
		return 0;
	if (len >= (size_t)INT32_MAX)
		return gw_codec_fail(arena, err, 400, "invalid JSON: body too large");
	jerr = parse_once(text, len, &obj, &used);
	if (jerr == json_tokener_continue) {
		json_object_put(obj);
		for (i = 0; i < len && isspace((unsigned char)text[i]); i++)
			;
		if (i == len)
			return gw_codec_fail(arena, err, 400,
			                     "invalid JSON: got EOF while reading request body");
		/* json-c cannot end a number or literal at the end of its input;
		 * the terminating NUL ends it, as EOF does for Go. */
		jerr = parse_once(text, len + 1, &obj, &used);
		if (jerr != json_tokener_success && used >= len) {
			json_object_put(obj);
			return gw_codec_fail(arena, err, 400, "invalid JSON: unexpected EOF");
		}
	}
	if (jerr != json_tokener_success) {
		json_object_put(obj);
		return gw_codec_fail(arena, err, 400, "invalid JSON: %s", json_tokener_error_desc(jerr));
	}
	for (i = used; i < len; i++) {
		if (!isspace((unsigned char)text[i])) {
			json_object_put(obj);
			return gw_codec_fail(arena, err, 400, "unexpected content after JSON");
		}
	}
	if (obj != NULL)
		gw_arena_defer(arena, release_json, obj);
	*out = obj;
	return 0;
}

json_object *gw_json_field(json_object *obj, const char *key)
{
	json_object *v = NULL;

	if (obj == NULL || !json_object_is_type(obj, json_type_object))
		return NULL;
	if (json_object_object_get_ex(obj, key, &v))
		return v;
	/* Go falls back to a case-insensitive match; the last one wins. */
	v = NULL;
	json_object_object_foreach(obj, k, val) {
		if (strcasecmp(k, key) == 0)
			v = val;
	}
	return v;
}

static const char *json_kind(json_object *v)
{
	switch (json_object_get_type(v)) {
	case json_type_boolean: return "bool";
	case json_type_double:
	case json_type_int: return "number";
	case json_type_string: return "string";
	case json_type_array: return "array";
	case json_type_object: return "object";
	case json_type_null: return "null";
	}
	return "value";
}

int gw_json_type_error(struct gw_json_dec *d, json_object *v, const char *prefix,
                       const char *key, const char *go_field_type)
{
	return gw_codec_fail(d->arena, d->err, 400,
	                     "invalid JSON: json: cannot unmarshal %s into Go struct field %s.%s%s%s of type %s",
	                     json_kind(v), d->go_type, prefix != NULL ? prefix : "",
	                     prefix != NULL ? "." : "", key, go_field_type);
}

/* A JSON string as a C string; Docker's Go strings may hold NUL, ours
 * cannot, and truncating a name silently would change its meaning. */
static int string_value(struct gw_json_dec *d, json_object *v, const char *prefix,
                        const char *key, const char **out)
{
	const char *s = json_object_get_string(v);

	if ((size_t)json_object_get_string_len(v) != strlen(s))
		return gw_codec_fail(d->arena, d->err, 400,
		                     "invalid JSON: %s%s%s contains a NUL character",
		                     prefix != NULL ? prefix : "", prefix != NULL ? "." : "", key);
	*out = s;
	return 0;
}

int gw_json_get_string(struct gw_json_dec *d, json_object *obj, const char *prefix,
                       const char *key, const char **out)
{
	json_object *v = gw_json_field(obj, key);

	*out = NULL;
	if (v == NULL)
		return 0;
	if (!json_object_is_type(v, json_type_string))
		return gw_json_type_error(d, v, prefix, key, "string");
	return string_value(d, v, prefix, key, out);
}

int gw_json_get_bool(struct gw_json_dec *d, json_object *obj, const char *prefix,
                     const char *key, int *out)
{
	json_object *v = gw_json_field(obj, key);

	*out = 0;
	if (v == NULL)
		return 0;
	if (!json_object_is_type(v, json_type_boolean))
		return gw_json_type_error(d, v, prefix, key, "bool");
	*out = json_object_get_boolean(v) ? 1 : 0;
	return 0;
}

int gw_json_get_tristate(struct gw_json_dec *d, json_object *obj, const char *prefix,
                         const char *key, enum sl_tristate *out)
{
	json_object *v = gw_json_field(obj, key);

	*out = SL_TRI_UNSET;
	if (v == NULL)
		return 0;
	if (!json_object_is_type(v, json_type_boolean))
		return gw_json_type_error(d, v, prefix, key, "bool");
	*out = json_object_get_boolean(v) ? SL_TRI_TRUE : SL_TRI_FALSE;
	return 0;
}

int gw_json_get_int64(struct gw_json_dec *d, json_object *obj, const char *prefix,
                      const char *key, int64_t *out)
{
	json_object *v = gw_json_field(obj, key);

	*out = 0;
	if (v == NULL)
		return 0;
	if (!json_object_is_type(v, json_type_int))
		return gw_json_type_error(d, v, prefix, key, "int64");
	*out = json_object_get_int64(v);
	/* Go refuses what does not fit; json-c keeps values up to 2^64-1 unsigned. */
	if (*out == INT64_MAX && json_object_get_uint64(v) > (uint64_t)INT64_MAX)
		return gw_json_type_error(d, v, prefix, key, "int64");
	return 0;
}

int gw_json_get_object(struct gw_json_dec *d, json_object *obj, const char *prefix,
                       const char *key, json_object **out)
{
	json_object *v = gw_json_field(obj, key);

	*out = NULL;
	if (v == NULL)
		return 0;
	if (!json_object_is_type(v, json_type_object))
		return gw_json_type_error(d, v, prefix, key, "object");
	*out = v;
	return 0;
}

int gw_json_get_array(struct gw_json_dec *d, json_object *obj, const char *prefix,
                      const char *key, json_object **out)
{
	json_object *v = gw_json_field(obj, key);

	*out = NULL;
	if (v == NULL)
		return 0;
	if (!json_object_is_type(v, json_type_array))
		return gw_json_type_error(d, v, prefix, key, "array");
	*out = v;
	return 0;
}

int gw_json_get_map(struct gw_json_dec *d, json_object *obj, const char *prefix,
                    const char *key, struct sl_map *out)
{
	json_object *v = gw_json_field(obj, key);
	struct sl_kv *items;
	size_t n = 0;

	memset(out, 0, sizeof(*out));
	if (v == NULL)
		return 0;
	if (!json_object_is_type(v, json_type_object))
		return gw_json_type_error(d, v, prefix, key, "map[string]string");
	items = gw_arena_alloc(d->arena, sizeof(*items) * ((size_t)json_object_object_length(v) + 1));
	json_object_object_foreach(v, k, val) {
		const char *s = "";

		if (val != NULL) {
			if (!json_object_is_type(val, json_type_string))
				return gw_json_type_error(d, val, prefix, key, "string");
			if (string_value(d, val, prefix, key, &s) != 0)
				return -1;
		}
		items[n].key = k;
		items[n].value = s;
		n++;
	}
	out->present = 1;
	out->count = n;
	out->items = items;
	return 0;
}

static int array_to_strv(struct gw_json_dec *d, json_object *v, const char *prefix,
                         const char *key, struct sl_strv *out)
{
	size_t n = json_object_array_length(v);
	const char **items = gw_arena_alloc(d->arena, sizeof(*items) * (n + 1));

	for (size_t i = 0; i < n; i++) {
		json_object *e = json_object_array_get_idx(v, i);

		items[i] = "";
		if (e == NULL)
			continue;
		if (!json_object_is_type(e, json_type_string))
			return gw_json_type_error(d, e, prefix, key, "string");
		if (string_value(d, e, prefix, key, &items[i]) != 0)
			return -1;
	}
	out->present = 1;
	out->count = n;
	out->items = items;
	return 0;
}

int gw_json_get_strv(struct gw_json_dec *d, json_object *obj, const char *prefix,
                     const char *key, struct sl_strv *out)
{
	json_object *v = gw_json_field(obj, key);

	memset(out, 0, sizeof(*out));
	if (v == NULL)
		return 0;
	if (!json_object_is_type(v, json_type_array))
		return gw_json_type_error(d, v, prefix, key, "[]string");
	return array_to_strv(d, v, prefix, key, out);
}

int gw_json_get_strslice(struct gw_json_dec *d, json_object *obj, const char *prefix,
                         const char *key, struct sl_strv *out)
{
	json_object *v = gw_json_field(obj, key);

	memset(out, 0, sizeof(*out));
	if (v == NULL)
		return 0;
	if (json_object_is_type(v, json_type_string)) {
		const char **items = gw_arena_alloc(d->arena, sizeof(*items) * 2);

		if (string_value(d, v, prefix, key, &items[0]) != 0)
			return -1;
		out->present = 1;
		out->count = 1;
		out->items = items;
		return 0;
	}
	if (!json_object_is_type(v, json_type_array))
		return gw_json_type_error(d, v, prefix, key, "strslice.StrSlice");
	return array_to_strv(d, v, prefix, key, out);
}

int gw_json_expect_object(struct gw_json_dec *d, json_object *body, const char *go_value_type)
{
	if (body == NULL || json_object_is_type(body, json_type_object))
		return 0;
	return gw_codec_fail(d->arena, d->err, 400,
	                     "invalid JSON: json: cannot unmarshal %s into Go value of type %s",
	                     json_kind(body), go_value_type);
}

json_object *gw_json_str(const char *s)
{
	return json_object_new_string(s != NULL ? s : "");
}

json_object *gw_json_map(const struct sl_map *m)
{
	if (!m->present)
		return NULL;
	return gw_json_map_or_empty(m);
}

json_object *gw_json_map_or_empty(const struct sl_map *m)
{
	json_object *o = json_object_new_object();

	for (size_t i = 0; m->present && i < m->count; i++)
		json_object_object_add(o, m->items[i].key, gw_json_str(m->items[i].value));
	return o;
}

json_object *gw_json_strv(const struct sl_strv *v)
{
	if (!v->present)
		return NULL;
	return gw_json_strv_or_empty(v);
}

json_object *gw_json_strv_or_empty(const struct sl_strv *v)
{
	json_object *a = json_object_new_array();

	for (size_t i = 0; v->present && i < v->count; i++)
		json_object_array_add(a, gw_json_str(v->items[i]));
	return a;
}

const char *gw_map_get(const struct sl_map *m, const char *key)
{
	for (size_t i = 0; m->present && i < m->count; i++) {
		if (strcmp(m->items[i].key, key) == 0)
			return m->items[i].value;
	}
	return NULL;
}
