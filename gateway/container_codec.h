/* Containers: POST /containers/create decoded into struct
 * sl_container_create_req (names, Config, HostConfig, NetworkingConfig,
 * mounts, Docker's API-version rules), and the small parameters of the
 * other container routes.  The encoders are in container_view.h. */
#ifndef GW_CONTAINER_CODEC_H
#define GW_CONTAINER_CODEC_H

#include <json-c/json.h>
#include <stdint.h>

#include <sockerless/plugin.h>

#include "gateway/json_util.h"

/** A decoded create request and the warnings the gateway itself adds. */
struct gw_container_create {
	struct sl_container_create_req req;
	struct sl_strv warnings;           /* appended to the backend's */
};

/**
 * Decode a create body and the ?name= query (NULL or "": none) for API
 * version 1.api_minor.  have_body is 0 for an empty body (Docker's 400),
 * body is NULL for an empty body or JSON null.  Config and HostConfig are kept,
 * limited to Docker's fields and with canonical key names, in
 * req.config_json / req.host_config_json.  Errors are Docker's (400
 * unless noted in the code).
 */
int gw_container_create_decode(struct gw_arena *arena, int have_body, json_object *body,
                               const char *name, unsigned api_minor,
                               struct gw_container_create *out, struct gw_codec_error *err);

/** {"Id": ..., "Warnings": [...]}: the backend's warnings, then extra. */
json_object *gw_container_created_encode(const struct sl_container_created *r,
                                         const struct sl_strv *extra);

/**
 * Wait's ?condition=: "" or not-running, next-exit, removed.  Before API
 * 1.30 the parameter did not exist (always not-running).  A bad value is
 * 400 `invalid condition: "x"`.
 */
int gw_wait_condition_decode(struct gw_arena *arena, const char *value, unsigned api_minor,
                             const char **out, struct gw_codec_error *err);

/**
 * An integer query parameter the way dockerd reads it (strconv.Atoi); NULL
 * or "" leaves *out at dflt.  A bad value is 400 `strconv.Atoi: parsing
 * "x": invalid syntax` (dockerd answers 500 for it: untyped error).
 */
int gw_query_int(struct gw_arena *arena, const char *value, int dflt, int *out,
                 struct gw_codec_error *err);

#endif
