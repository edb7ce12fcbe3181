/* Routing: API version prefixes and route tables. */
#ifndef GW_ROUTER_H
#define GW_ROUTER_H

#include "gateway/http.h"

/** Outcome of splitting the version prefix off a path. */
enum gw_version_result {
	GW_VERSION_OK,
	GW_VERSION_TOO_NEW,
	GW_VERSION_TOO_OLD,
	GW_VERSION_NOT_A_ROUTE     /* "/v" prefix that is not a version: page not found */
};

/**
 * Split "/v1.47/networks" into version and rest.  Unversioned paths get
 * the server maximum.  *rest points into url; *version_text (arena) holds
 * the version as the client wrote it, for messages.
 */
enum gw_version_result gw_split_version(struct gw_arena *arena, const char *url,
                                        const char **rest, unsigned *major, unsigned *minor,
                                        const char **version_text);

/**
 * Find the route for method and path (libmicrohttpd has already decoded
 * %XX escapes); fills params with arena copies.
 * HEAD matches GET routes.  Returns NULL when nothing matches.
 */
const struct gw_route *gw_route_find(struct gw_arena *arena, const char *method,
                                     const char *path, const char *params[GW_MAX_PARAMS]);

#endif
