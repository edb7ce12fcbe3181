/* Volume create decoding and volume encoders (moby volume/service). */
#include "config.h"

#include <string.h>

#include "gateway/filters.h"
#include "gateway/gotime.h"
#include "gateway/names.h"
#include "gateway/random.h"
#include "gateway/volume_codec.h"

/* labels plus key=value (replacing an existing key), as WithCreateLabel does. */
static struct sl_map with_label(struct gw_arena *arena, const struct sl_map *labels,
                                const char *key, const char *value)
{
	size_t n = labels->present ? labels->count : 0, k = 0;
	struct sl_kv *items = gw_arena_alloc(arena, sizeof(*items) * (n + 1));
	struct sl_map out;
	int replaced = 0;

	for (size_t i = 0; i < n; i++) {
		items[k] = labels->items[i];
		if (strcmp(items[k].key, key) == 0) {
			items[k].value = value;
			replaced = 1;
		}
		k++;
	}
	if (!replaced) {
		items[k].key = key;
		items[k].value = value;
		k++;
	}
	out.present = 1;
	out.count = k;
	out.items = items;
	return out;
}

int gw_volume_create_decode(struct gw_arena *arena, json_object *body, unsigned api_minor,
                            struct sl_volume_create_req *out, struct gw_codec_error *err)
{
	struct gw_json_dec d = { arena, err, "CreateOptions" };
	json_object *cluster;
	const char *name, *driver;

	memset(out, 0, sizeof(*out));
	if (gw_json_expect_object(&d, body, "volume.CreateOptions") != 0 ||
	    gw_json_get_string(&d, body, NULL, "Name", &name) != 0 ||
	    gw_json_get_string(&d, body, NULL, "Driver", &driver) != 0 ||
	    gw_json_get_map(&d, body, NULL, "DriverOpts", &out->driver_opts) != 0 ||
	    gw_json_get_map(&d, body, NULL, "Labels", &out->labels) != 0 ||
	    gw_json_get_object(&d, body, NULL, "ClusterVolumeSpec", &cluster) != 0)
		return -1;
	if (cluster != NULL && api_minor >= 42)
		return gw_codec_fail(arena, err, 503,
		                     "This node is not a swarm manager. Use \"docker swarm init\" or \"docker swarm join\" to connect this node to swarm and try again.");
	out->driver = driver != NULL ? driver : "";
	if (name == NULL || name[0] == '\0') {
		char id[65];

		if (gw_random_id(id) != 0)
			return gw_codec_fail(arena, err, 500, "cannot generate a volume name: no randomness");
		out->name = gw_arena_strdup(arena, id);
		out->anonymous = 1;
		out->labels = with_label(arena, &out->labels, GW_ANONYMOUS_VOLUME_LABEL, "");
		return 0;
	}
	if (gw_volume_name_check(arena, name, err) != 0)
		return -1;
	out->name = name;
	return 0;
}

json_object *gw_volume_encode(struct gw_arena *arena, const struct sl_volume *v)
{
	json_object *o = json_object_new_object();

	if (v->created_ns != 0)
		json_object_object_add(o, "CreatedAt", json_object_new_string(
			gw_time_rfc3339(arena, v->created_ns)));
	json_object_object_add(o, "Driver", gw_json_str(v->driver));
	json_object_object_add(o, "Labels", gw_json_map(&v->labels));
	json_object_object_add(o, "Mountpoint", gw_json_str(v->mountpoint));
	json_object_object_add(o, "Name", gw_json_str(v->name));
	json_object_object_add(o, "Options", gw_json_map(&v->options));
	json_object_object_add(o, "Scope", gw_json_str(v->scope));
	if (v->status.present)
		json_object_object_add(o, "Status", gw_json_map_or_empty(&v->status));
	return o;
}

json_object *gw_volume_list_encode(struct gw_arena *arena, const struct sl_volume_list *l)
{
	json_object *o = json_object_new_object();
	json_object *vols = json_object_new_array();

	for (size_t i = 0; i < l->count; i++)
		json_object_array_add(vols, gw_volume_encode(arena, &l->items[i]));
	json_object_object_add(o, "Volumes", vols);
	json_object_object_add(o, "Warnings", gw_json_strv(&l->warnings));
	return o;
}

json_object *gw_volume_pruned_encode(const struct sl_volume_pruned *p)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "VolumesDeleted", gw_json_strv_or_empty(&p->deleted));
	json_object_object_add(o, "SpaceReclaimed", json_object_new_uint64(p->space_reclaimed));
	return o;
}
