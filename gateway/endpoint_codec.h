/* EndpointSettings: decoded from network connect's EndpointConfig and
 * container create's EndpointsConfig entries, encoded as container
 * inspect's NetworkSettings.Networks values. */
#ifndef GW_ENDPOINT_CODEC_H
#define GW_ENDPOINT_CODEC_H

#include <json-c/json.h>

#include <sockerless/plugin.h>

#include "gateway/json_util.h"

/**
 * Decode an EndpointSettings object (NULL: null, all fields absent) into
 * out, keeping Docker's null-versus-empty distinctions.  prefix is the Go
 * field path for messages.  out->network is left for the caller.
 */
int gw_endpoint_decode(struct gw_json_dec *d, json_object *obj, const char *prefix,
                       struct sl_endpoint_config *out);

/** How an endpoint is shown: the API version and the container's identity. */
struct gw_endpoint_view {
	unsigned api_minor;                /* request's API minor (major is 1) */
	const char *short_id;              /* 12-char container id */
	const char *hostname;              /* Config.Hostname */
	int rewrite_aliases;               /* inspect (not list) rewrites Aliases before 1.45 */
};

/**
 * One NetworkSettings.Networks value.  Before API 1.45 inspect shows, for
 * user-defined networks, the aliases plus the short id and hostname;
 * DNSNames appears from API 1.44.
 */
json_object *gw_endpoint_encode(const struct sl_container_endpoint *ep,
                                const struct gw_endpoint_view *view);

#endif
