/* Containers as Docker shows them: struct sl_container encoded as the
 * inspect object and as an element of the list. */
#ifndef GW_CONTAINER_VIEW_H
#define GW_CONTAINER_VIEW_H

#include <json-c/json.h>
#include <stdint.h>

#include <sockerless/plugin.h>

#include "gateway/json_util.h"

/** What shapes an encoded container besides the record. */
struct gw_container_view {
	unsigned api_minor;                /* request's API minor (major is 1) */
	const char *backend;               /* plugin name: Driver, Runtime */
	int64_t now_ns;                    /* for list's "Up 5 minutes" */
};

/**
 * GET /containers/{id}/json: Docker's full inspect object in *out.  Fails
 * (500) only when the stored Config/HostConfig JSON is unreadable.
 */
int gw_container_inspect_encode(struct gw_arena *arena, const struct sl_container *c,
                                const struct gw_container_view *view, json_object **out,
                                struct gw_codec_error *err);

/** One element of GET /containers/json in *out; fails like the inspect encoder. */
int gw_container_summary_encode(struct gw_arena *arena, const struct sl_container *c,
                                const struct gw_container_view *view, json_object **out,
                                struct gw_codec_error *err);

/** docker-units' HumanDuration ("Less than a second", "About a minute", "3 hours"...). */
const char *gw_human_duration(struct gw_arena *arena, int64_t ns);

#endif
