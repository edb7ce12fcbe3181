/* Volumes: POST /volumes/create decoded into struct sl_volume_create_req
 * (with Docker's name rules and anonymous volumes), and struct sl_volume,
 * volume lists and prune results encoded as Docker shows them. */
#ifndef GW_VOLUME_CODEC_H
#define GW_VOLUME_CODEC_H

#include <json-c/json.h>

#include <sockerless/plugin.h>

#include "gateway/json_util.h"

/**
 * Decode a create body (NULL: empty body, which Docker reads as an
 * anonymous volume).  An empty Name gets a random 64-hex name, the label
 * com.docker.volume.anonymous="" and req.anonymous = 1.  A named volume is
 * checked against the local driver's rules (400 `create a: volume name is
 * too short...`).  A ClusterVolumeSpec from API 1.42 on is a swarm volume:
 * 503, this node is no swarm manager.
 */
int gw_volume_create_decode(struct gw_arena *arena, json_object *body, unsigned api_minor,
                            struct sl_volume_create_req *out, struct gw_codec_error *err);

/** A volume object: CreatedAt to the second (omitted when unknown), Labels/Options null when absent. */
json_object *gw_volume_encode(struct gw_arena *arena, const struct sl_volume *v);

/** {"Volumes": [...], "Warnings": null or [...]} */
json_object *gw_volume_list_encode(struct gw_arena *arena, const struct sl_volume_list *l);

/** {"VolumesDeleted": [...] (never null), "SpaceReclaimed": n} */
json_object *gw_volume_pruned_encode(const struct sl_volume_pruned *p);

#endif
