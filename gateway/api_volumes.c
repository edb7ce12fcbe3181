/* Volume routes: decode, call one hook (501 without one), encode. */
#include "config.h"

#include <string.h>

#include "gateway/api_common.h"
#include "gateway/filters.h"
#include "gateway/volume_codec.h"

#define VOLUME_HOOK(req, name) ((req)->gen->volumes != NULL ? (req)->gen->volumes->name : NULL)

static void volume_list(struct gw_request *req, struct gw_response *resp)
{
	struct sl_filters filters;
	struct sl_volume_list list;
	struct gw_codec_error err;

	if (gw_respond_unsupported(req, resp, (const void *)VOLUME_HOOK(req, list), "volume list"))
		return;
	if (gw_filters_volume_list(req->arena, gw_query(req, "filters"), &filters, &err) != 0) {
		gw_respond_codec_error(req, resp, &err);
		return;
	}
	memset(&list, 0, sizeof(list));
	if (req->gen->volumes->list(req->gen->ctx, &req->call, &filters, &list) != SL_OK) {
		gw_respond_call_error(req, resp);
		return;
	}
	gw_respond_json(req, resp, 200, gw_volume_list_encode(req->arena, &list));
}

static void volume_create(struct gw_request *req, struct gw_response *resp)
{
	struct sl_volume_create_req create;
	struct sl_volume vol;
	struct gw_codec_error err;
	json_object *body;

	if (gw_respond_unsupported(req, resp, (const void *)VOLUME_HOOK(req, create), "volume create"))
		return;
	if (gw_request_json(req, resp, &body) != 0)
		return;
	if (gw_volume_create_decode(req->arena, body, req->api_minor, &create, &err) != 0) {
		gw_respond_codec_error(req, resp, &err);
		return;
	}
	memset(&vol, 0, sizeof(vol));
	if (req->gen->volumes->create(req->gen->ctx, &req->call, &create, &vol) != SL_OK) {
		gw_respond_call_error(req, resp);
		return;
	}
	gw_respond_json(req, resp, 201, gw_volume_encode(req->arena, &vol));
}

static void volume_inspect(struct gw_request *req, struct gw_response *resp)
{
	struct sl_volume vol;

	if (gw_respond_unsupported(req, resp, (const void *)VOLUME_HOOK(req, inspect),
	                           "volume inspect"))
		return;
	memset(&vol, 0, sizeof(vol));
	if (req->gen->volumes->inspect(req->gen->ctx, &req->call, req->params[0], &vol) != SL_OK) {
		gw_respond_call_error(req, resp);
		return;
	}
	gw_respond_json(req, resp, 200, gw_volume_encode(req->arena, &vol));
}

static void volume_remove(struct gw_request *req, struct gw_response *resp)
{
	if (gw_respond_unsupported(req, resp, (const void *)VOLUME_HOOK(req, remove), "volume remove"))
		return;
	if (req->gen->volumes->remove(req->gen->ctx, &req->call, req->params[0],
	                              gw_query_bool(req, "force")) != SL_OK) {
		gw_respond_call_error(req, resp);
		return;
	}
	gw_respond_empty(resp, 204);
}

static void volume_prune(struct gw_request *req, struct gw_response *resp)
{
	struct sl_filters filters;
	struct sl_volume_pruned pruned;
	struct gw_codec_error err;
	int rc;

	if (gw_respond_unsupported(req, resp, (const void *)VOLUME_HOOK(req, prune), "volume prune"))
		return;
	rc = gw_filters_volume_prune(req->arena, gw_query(req, "filters"),
	                             !gw_api_at_least(req, 1, 42), &filters, &err);
	if (rc < 0) {
		gw_respond_codec_error(req, resp, &err);
		return;
	}
	memset(&pruned, 0, sizeof(pruned));
	/* rc == 1: the filters exclude everything. */
	if (rc == 0 && req->gen->volumes->prune(req->gen->ctx, &req->call, &filters, &pruned) != SL_OK) {
		gw_respond_call_error(req, resp);
		return;
	}
	gw_respond_json(req, resp, 200, gw_volume_pruned_encode(&pruned));
}

/* PUT /volumes/{name} is dockerd's cluster-volume update; without swarm it answers this. */
static void volume_update(struct gw_request *req, struct gw_response *resp)
{
	gw_respond_error(req, resp, 503,
	                 "volume update only valid for cluster volumes, but swarm is unavailable");
}

const struct gw_route gw_volume_routes[] = {
	{ "GET", "/volumes", volume_list },
	{ "POST", "/volumes/create", volume_create },
	{ "POST", "/volumes/prune", volume_prune },
	{ "GET", "/volumes/{*}", volume_inspect },
	{ "DELETE", "/volumes/{*}", volume_remove },
	{ "PUT", "/volumes/{*}", volume_update },
	{ NULL, NULL, NULL },
};
