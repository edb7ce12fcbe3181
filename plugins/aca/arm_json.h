/* json-c helpers of the typed ARM calls: reading answers into arena
 * structs and writing request bodies. */
#ifndef ACA_ARM_JSON_H
#define ACA_ARM_JSON_H

#include <stddef.h>
#include <stdint.h>

#include <json-c/json.h>

#include "plugins/aca/arm_arena.h"
#include "plugins/aca/arm_client.h"

/** Parse a body; NULL unless it is a JSON object.  Release with json_object_put. */
json_object *aca_arm_json_parse(const char *body, size_t len);

/** obj[key] when obj is an object and key exists, else NULL (borrowed). */
json_object *aca_arm_json_get(json_object *obj, const char *key);

/** obj[key] as an arena string; NULL when absent or not a string. */
const char *aca_arm_json_string(struct aca_arm_arena *arena, json_object *obj, const char *key);

/** obj[key] as an integer; def when absent or not a number. */
int64_t aca_arm_json_int(json_object *obj, const char *key, int64_t def);

/** obj[key] as a double; def when absent or not a number. */
double aca_arm_json_double(json_object *obj, const char *key, double def);

/** A JSON object of strings as an arena map (non-string values skipped). */
struct aca_arm_map aca_arm_json_map(struct aca_arm_arena *arena, json_object *obj);

/** A JSON array of strings as an arena list (non-strings skipped). */
struct aca_arm_strv aca_arm_json_strv(struct aca_arm_arena *arena, json_object *arr);

/** A new JSON object holding map. */
json_object *aca_arm_json_from_map(const struct aca_arm_map *map);

/** A new JSON array holding list. */
json_object *aca_arm_json_from_strv(const struct aca_arm_strv *list);

/** Add key = string (s != NULL) to obj. */
void aca_arm_json_add_string(json_object *obj, const char *key, const char *s);

/**
 * Serialise obj into the arena and release it.  With wipe set, the
 * serialisation buffer of json-c is cleared first (bodies carrying keys).
 */
char *aca_arm_json_finish(struct aca_arm_arena *arena, json_object *obj, int wipe);

#endif
