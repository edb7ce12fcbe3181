/* JSON codecs for list and map columns, with json-c.  Everything decoded
 * is copied into the call's arena; json-c objects never outlive a call. */
#include "config.h"

#include <string.h>

#include <json-c/json.h>

#include "plugins/aca/store_json.h"

static int encode(struct aca_req *r, json_object *obj, const char **out)
{
	const char *text;

	if (obj == NULL)
		return r->host->fail(r->call, SL_ERR_INTERNAL, "aca: out of memory");
	text = json_object_to_json_string_ext(obj, JSON_C_TO_STRING_PLAIN |
	                                                   JSON_C_TO_STRING_NOSLASHESCAPE);
	*out = text != NULL ? r->host->strdup(r->call, text) : NULL;
	json_object_put(obj);
	if (*out == NULL)
		return r->host->fail(r->call, SL_ERR_INTERNAL, "aca: out of memory");
	return SL_OK;
}

int aca_json_from_strv(struct aca_req *r, const struct sl_strv *v, const char **out)
{
	json_object *arr;

	*out = NULL;
	if (!v->present)
		return SL_OK;
	arr = json_object_new_array();
	for (size_t i = 0; arr != NULL && i < v->count; i++) {
		const char *s = v->items[i] != NULL ? v->items[i] : "";

		if (json_object_array_add(arr, json_object_new_string(s)) != 0) {
			json_object_put(arr);
			arr = NULL;
		}
	}
	return encode(r, arr, out);
}

int aca_json_from_map(struct aca_req *r, const struct sl_map *m, const char **out)
{
	json_object *obj;

	*out = NULL;
	if (!m->present)
		return SL_OK;
	obj = json_object_new_object();
	for (size_t i = 0; obj != NULL && i < m->count; i++) {
		const char *v = m->items[i].value != NULL ? m->items[i].value : "";

		if (json_object_object_add(obj, m->items[i].key, json_object_new_string(v)) != 0) {
			json_object_put(obj);
			obj = NULL;
		}
	}
	return encode(r, obj, out);
}

static int corrupt(struct aca_req *r, const char *text)
{
	return r->host->fail(r->call, SL_ERR_INTERNAL,
	                     "aca: state database holds malformed JSON (%.40s)", text);
}

int aca_json_to_strv(struct aca_req *r, const char *text, struct sl_strv *out)
{
	json_object *arr;
	const char **items;
	size_t n;

	memset(out, 0, sizeof(*out));
	if (text == NULL)
		return SL_OK;
	arr = json_tokener_parse(text);
	if (arr == NULL || !json_object_is_type(arr, json_type_array)) {
		json_object_put(arr);
		return corrupt(r, text);
	}
	n = json_object_array_length(arr);
	items = r->host->alloc(r->call, (n + 1) * sizeof(*items));
	for (size_t i = 0; i < n; i++)
		items[i] = r->host->strdup(r->call,
		                           json_object_get_string(json_object_array_get_idx(arr, i)));
	json_object_put(arr);
	out->present = 1;
	out->count = n;
	out->items = items;
	return SL_OK;
}

int aca_json_to_map(struct aca_req *r, const char *text, struct sl_map *out)
{
	json_object *obj;
	struct sl_kv *items;
	size_t n = 0;

	memset(out, 0, sizeof(*out));
	if (text == NULL)
		return SL_OK;
	obj = json_tokener_parse(text);
	if (obj == NULL || !json_object_is_type(obj, json_type_object)) {
		json_object_put(obj);
		return corrupt(r, text);
	}
	items = r->host->alloc(r->call, ((size_t)json_object_object_length(obj) + 1) *
	                                        sizeof(*items));
	json_object_object_foreach(obj, key, val) {
		items[n].key = r->host->strdup(r->call, key);
		items[n].value = r->host->strdup(r->call, json_object_get_string(val));
		n++;
	}
	json_object_put(obj);
	out->present = 1;
	out->count = n;
	out->items = items;
	return SL_OK;
}
