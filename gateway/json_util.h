/* Reading Docker's request JSON into typed values with Go's rules, and
 * writing typed values back with Docker's null-versus-empty choices.
 *
 * Go's encoding/json decides what dockerd accepts: field names match
 * exactly or case-insensitively, null means "not given", and a value of
 * the wrong type is a 400 "invalid JSON: json: cannot unmarshal ...".  The
 * readers here reproduce those rules so every decoder shares them.
 *
 * Ownership: strings handed out point into the json_object, which the
 * caller keeps alive for the request (gw_request_json and
 * gw_json_parse_strict release it with the arena). */
#ifndef GW_JSON_UTIL_H
#define GW_JSON_UTIL_H

#include <json-c/json.h>
#include <stdint.h>

#include <sockerless/plugin.h>

#include "gateway/arena.h"
#include "gateway/codec_error.h"

/** A decoder's context: where errors go and the Go type being filled. */
struct gw_json_dec {
	struct gw_arena *arena;
	struct gw_codec_error *err;
	const char *go_type;          /* e.g. "NetworkCreateRequest", for messages */
};

/**
 * Parse text the way dockerd reads a body (strict JSON, nothing but
 * whitespace after it); text[len] must be a NUL.  Empty text gives
 * *out = NULL.  The object is released with arena.  Returns 0, or -1 with
 * Docker's 400 in err.
 */
int gw_json_parse_strict(struct gw_arena *arena, const char *text, size_t len, json_object **out,
                         struct gw_codec_error *err);

/** Member key of obj (exact match first, then case-insensitive); NULL when absent or null. */
json_object *gw_json_field(json_object *obj, const char *key);

/**
 * Typed readers.  prefix is the Go field path of obj inside go_type (NULL
 * at the top), used only in messages.  An absent or null member leaves the
 * "not given" value: NULL, 0, SL_TRI_UNSET, present == 0.  A member of the
 * wrong type fails with Docker's 400.  All return 0 or -1.
 */
int gw_json_get_string(struct gw_json_dec *d, json_object *obj, const char *prefix,
                       const char *key, const char **out);
int gw_json_get_bool(struct gw_json_dec *d, json_object *obj, const char *prefix,
                     const char *key, int *out);
int gw_json_get_tristate(struct gw_json_dec *d, json_object *obj, const char *prefix,
                         const char *key, enum sl_tristate *out);
int gw_json_get_int64(struct gw_json_dec *d, json_object *obj, const char *prefix,
                      const char *key, int64_t *out);
/** An object member (or NULL when absent/null). */
int gw_json_get_object(struct gw_json_dec *d, json_object *obj, const char *prefix,
                       const char *key, json_object **out);
/** An array member (or NULL when absent/null). */
int gw_json_get_array(struct gw_json_dec *d, json_object *obj, const char *prefix,
                      const char *key, json_object **out);
/** map[string]string; items in document order. */
int gw_json_get_map(struct gw_json_dec *d, json_object *obj, const char *prefix,
                    const char *key, struct sl_map *out);
/** []string; a null element reads as "" (Go's zero value). */
int gw_json_get_strv(struct gw_json_dec *d, json_object *obj, const char *prefix,
                     const char *key, struct sl_strv *out);
/** Docker's strslice: a string (one element) or an array of strings. */
int gw_json_get_strslice(struct gw_json_dec *d, json_object *obj, const char *prefix,
                         const char *key, struct sl_strv *out);

/**
 * Fail with Go's type-mismatch message for value v at field prefix.key of
 * Go type go_field_type.  Returns -1.
 */
int gw_json_type_error(struct gw_json_dec *d, json_object *v, const char *prefix,
                       const char *key, const char *go_field_type);

/**
 * A request body must decode into a Go struct: NULL (empty or null) and
 * objects pass; anything else is Docker's 400 `invalid JSON: json: cannot
 * unmarshal array into Go value of type <go_value_type>`.
 */
int gw_json_expect_object(struct gw_json_dec *d, json_object *body, const char *go_value_type);

/** A string, or "" for NULL. */
json_object *gw_json_str(const char *s);
/** A map as JSON: null when not present, else an object. */
json_object *gw_json_map(const struct sl_map *m);
/** A map as JSON, {} when not present (fields Docker never shows as null). */
json_object *gw_json_map_or_empty(const struct sl_map *m);
/** A list as JSON: null when not present, else an array. */
json_object *gw_json_strv(const struct sl_strv *v);
/** A list as JSON, [] when not present. */
json_object *gw_json_strv_or_empty(const struct sl_strv *v);

/** Value of key in m, or NULL. */
const char *gw_map_get(const struct sl_map *m, const char *key);

#endif
