/* json-c helpers. */
#include "config.h"

#include <string.h>

#include "plugins/aca/arm_json.h"

json_object *aca_arm_json_parse(const char *body, size_t len)
{
	json_tokener *tok;
	json_object *root;

	if (body == NULL || len == 0)
		return NULL;
	tok = json_tokener_new();
	root = json_tokener_parse_ex(tok, body, (int)len);
	json_tokener_free(tok);
	if (root != NULL && !json_object_is_type(root, json_type_object)) {
		json_object_put(root);
		return NULL;
	}
	return root;
}

json_object *aca_arm_json_get(json_object *obj, const char *key)
{
	json_object *v;

	if (obj == NULL || !json_object_is_type(obj, json_type_object) ||
	    !json_object_object_get_ex(obj, key, &v))
		return NULL;
	return v;
}

const char *aca_arm_json_string(struct aca_arm_arena *arena, json_object *obj, const char *key)
{
	json_object *v = aca_arm_json_get(obj, key);

	if (v == NULL || !json_object_is_type(v, json_type_string))
		return NULL;
	return aca_arm_arena_strdup(arena, json_object_get_string(v));
}

int64_t aca_arm_json_int(json_object *obj, const char *key, int64_t def)
{
	json_object *v = aca_arm_json_get(obj, key);

	if (v == NULL || !(json_object_is_type(v, json_type_int) || json_object_is_type(v, json_type_double)))
		return def;
	return json_object_get_int64(v);
}

double aca_arm_json_double(json_object *obj, const char *key, double def)
{
	json_object *v = aca_arm_json_get(obj, key);

	if (v == NULL || !(json_object_is_type(v, json_type_int) || json_object_is_type(v, json_type_double)))
		return def;
	return json_object_get_double(v);
}

struct aca_arm_map aca_arm_json_map(struct aca_arm_arena *arena, json_object *obj)
{
	struct aca_arm_map map = { 0, NULL };
	struct aca_arm_kv *items;
	size_t n = 0;

	if (obj == NULL || !json_object_is_type(obj, json_type_object))
		return map;
	items = aca_arm_arena_alloc(arena, (size_t)json_object_object_length(obj) * sizeof(*items) + 1);
	json_object_object_foreach(obj, key, val) {
		if (!json_object_is_type(val, json_type_string))
			continue;
		items[n].key = aca_arm_arena_strdup(arena, key);
		items[n].value = aca_arm_arena_strdup(arena, json_object_get_string(val));
		n++;
	}
	map.count = n;
	map.items = items;
	return map;
}

struct aca_arm_strv aca_arm_json_strv(struct aca_arm_arena *arena, json_object *arr)
{
	struct aca_arm_strv list = { 0, NULL };
	const char **items;
	size_t n = 0, len;

	if (arr == NULL || !json_object_is_type(arr, json_type_array))
		return list;
	len = json_object_array_length(arr);
	items = aca_arm_arena_alloc(arena, len * sizeof(*items) + 1);
	for (size_t i = 0; i < len; i++) {
		json_object *v = json_object_array_get_idx(arr, i);

		if (json_object_is_type(v, json_type_string))
			items[n++] = aca_arm_arena_strdup(arena, json_object_get_string(v));
	}
	list.count = n;
	list.items = items;
	return list;
}

json_object *aca_arm_json_from_map(const struct aca_arm_map *map)
{
	json_object *obj = json_object_new_object();

	for (size_t i = 0; i < map->count; i++)
		json_object_object_add(obj, map->items[i].key, json_object_new_string(map->items[i].value));
	return obj;
}

json_object *aca_arm_json_from_strv(const struct aca_arm_strv *list)
{
	json_object *arr = json_object_new_array();

	for (size_t i = 0; i < list->count; i++)
		json_object_array_add(arr, json_object_new_string(list->items[i]));
	return arr;
}

void aca_arm_json_add_string(json_object *obj, const char *key, const char *s)
{
	if (s != NULL)
		json_object_object_add(obj, key, json_object_new_string(s));
}

char *aca_arm_json_finish(struct aca_arm_arena *arena, json_object *obj, int wipe)
{
	size_t len;
	const char *text = json_object_to_json_string_length(
		obj, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE, &len);
	char *copy = aca_arm_arena_strndup(arena, text, len);

	if (wipe) {
		/* The buffer belongs to obj and is freed with it: clear it first. */
		explicit_bzero((char *)text, len);
	}
	json_object_put(obj);
	return copy;
}
