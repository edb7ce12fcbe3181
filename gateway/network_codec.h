/* Networks: Docker's request bodies decoded into the typed requests of
 * struct sl_network_hooks, and struct sl_network encoded as Docker's
 * network object (one encoder for list and inspect). */
#ifndef GW_NETWORK_CODEC_H
#define GW_NETWORK_CODEC_H

#include <json-c/json.h>

#include <sockerless/plugin.h>

#include "gateway/json_util.h"

/**
 * POST /networks/create body (NULL: empty body).  A blank name is
 * Docker's 400 `invalid name: <name>`; state-dependent checks
 * (duplicates, predefined names, IPAM) are the backend's.
 */
int gw_network_create_decode(struct gw_arena *arena, json_object *body,
                             struct sl_network_create_req *out, struct gw_codec_error *err);

/**
 * POST /networks/{id}/connect body.  *container is the container term;
 * cfg->network is set to network.  Before API 1.44 an endpoint MacAddress
 * is ignored, as dockerd did.  An empty container is Docker's 400
 * `invalid name or ID supplied: ""`.
 */
int gw_network_connect_decode(struct gw_arena *arena, json_object *body, const char *network,
                              unsigned api_minor, const char **container,
                              struct sl_endpoint_config *cfg, struct gw_codec_error *err);

/** POST /networks/{id}/disconnect body. */
int gw_network_disconnect_decode(struct gw_arena *arena, json_object *body,
                                 const char **container, int *force,
                                 struct gw_codec_error *err);

/**
 * Go's strconv.ParseBool for a strict query flag (network inspect's
 * verbose).  NULL or "" is false.  A bad value is Docker's 400
 * `invalid value for <name>: <v>: strconv.ParseBool: parsing "<v>": invalid syntax`.
 */
int gw_query_strict_bool(struct gw_arena *arena, const char *name, const char *value, int *out,
                         struct gw_codec_error *err);

/** A network as Docker shows it (GET /networks/{id} and each element of GET /networks). */
json_object *gw_network_encode(struct gw_arena *arena, const struct sl_network *n);

/** {"Id": ..., "Warning": ...} of network create. */
json_object *gw_network_created_encode(const struct sl_network_created *c);

/** {"NetworksDeleted": [...] or null} of network prune. */
json_object *gw_network_pruned_encode(const struct sl_strv *names);

#endif
