/* Network routes: Docker JSON in, typed requests to the plugin, Docker
 * JSON out.  Every handler decodes (400s for bad input), calls one hook
 * (501 when the backend has none) and encodes its result. */
#include "config.h"

#include <string.h>

#include "gateway/api_common.h"
#include "gateway/filters.h"
#include "gateway/network_codec.h"

/* The backend's hook, or NULL when it has no network table or no such hook. */
#define NETWORK_HOOK(req, name) ((req)->gen->networks != NULL ? (req)->gen->networks->name : NULL)

static void network_list(struct gw_request *req, struct gw_response *resp)
{
	struct sl_filters filters;
	struct sl_network_list list;
	struct gw_codec_error err;
	struct gw_array_writer w;

	if (gw_respond_unsupported(req, resp, (const void *)NETWORK_HOOK(req, list), "network list"))
		return;
	if (gw_filters_network_list(req->arena, gw_query(req, "filters"), &filters, &err) != 0) {
		gw_respond_codec_error(req, resp, &err);
		return;
	}
	memset(&list, 0, sizeof(list));
	if (req->gen->networks->list(req->gen->ctx, &req->call, &filters, &list) != SL_OK) {
		gw_respond_call_error(req, resp);
		return;
	}
	gw_array_writer_init(&w, req->arena);
	for (size_t i = 0; i < list.count; i++)
		gw_array_writer_add(&w, gw_network_encode(req->arena, &list.items[i]));
	gw_array_writer_respond(&w, resp, 200);
}

static void network_inspect(struct gw_request *req, struct gw_response *resp)
{
	struct sl_network net;
	struct gw_codec_error err;
	const char *scope = gw_query(req, "scope");
	int verbose;

	if (gw_respond_unsupported(req, resp, (const void *)NETWORK_HOOK(req, inspect),
	                           "network inspect"))
		return;
	/* verbose only adds swarm services, which a local backend has none of;
	 * it is still parsed strictly, as dockerd does. */
	if (gw_query_strict_bool(req->arena, "verbose", gw_query(req, "verbose"), &verbose, &err) != 0) {
		gw_respond_codec_error(req, resp, &err);
		return;
	}
	memset(&net, 0, sizeof(net));
	if (req->gen->networks->inspect(req->gen->ctx, &req->call, req->params[0],
	                                scope != NULL && scope[0] != '\0' ? scope : NULL,
	                                &net) != SL_OK) {
		gw_respond_call_error(req, resp);
		return;
	}
	gw_respond_json(req, resp, 200, gw_network_encode(req->arena, &net));
}

static void network_create(struct gw_request *req, struct gw_response *resp)
{
	struct sl_network_create_req create;
	struct sl_network_created created;
	struct gw_codec_error err;
	json_object *body;

	if (gw_respond_unsupported(req, resp, (const void *)NETWORK_HOOK(req, create),
	                           "network create"))
		return;
	if (gw_request_json(req, resp, &body) != 0)
		return;
	if (gw_network_create_decode(req->arena, body, &create, &err) != 0) {
		gw_respond_codec_error(req, resp, &err);
		return;
	}
	memset(&created, 0, sizeof(created));
	if (req->gen->networks->create(req->gen->ctx, &req->call, &create, &created) != SL_OK) {
		gw_respond_call_error(req, resp);
		return;
	}
	gw_respond_json(req, resp, 201, gw_network_created_encode(&created));
}

static void network_remove(struct gw_request *req, struct gw_response *resp)
{
	if (gw_respond_unsupported(req, resp, (const void *)NETWORK_HOOK(req, remove),
	                           "network remove"))
		return;
	if (req->gen->networks->remove(req->gen->ctx, &req->call, req->params[0]) != SL_OK) {
		gw_respond_call_error(req, resp);
		return;
	}
	gw_respond_empty(resp, 204);
}

static void network_prune(struct gw_request *req, struct gw_response *resp)
{
	struct sl_filters filters;
	struct sl_strv removed;
	struct gw_codec_error err;
	int rc;

	if (gw_respond_unsupported(req, resp, (const void *)NETWORK_HOOK(req, prune), "network prune"))
		return;
	rc = gw_filters_network_prune(req->arena, gw_query(req, "filters"), gw_now_ns(), &filters,
	                              &err);
	if (rc < 0) {
		gw_respond_codec_error(req, resp, &err);
		return;
	}
	memset(&removed, 0, sizeof(removed));
	/* rc == 1: the filters exclude everything, so there is nothing to ask. */
	if (rc == 0 &&
	    req->gen->networks->prune(req->gen->ctx, &req->call, &filters, &removed) != SL_OK) {
		gw_respond_call_error(req, resp);
		return;
	}
	gw_respond_json(req, resp, 200, gw_network_pruned_encode(&removed));
}

static void network_connect(struct gw_request *req, struct gw_response *resp)
{
	struct sl_endpoint_config cfg;
	struct gw_codec_error err;
	const char *container;
	json_object *body;

	if (gw_respond_unsupported(req, resp, (const void *)NETWORK_HOOK(req, connect),
	                           "network connect"))
		return;
	if (gw_request_json(req, resp, &body) != 0)
		return;
	if (gw_network_connect_decode(req->arena, body, req->params[0], req->api_minor, &container,
	                              &cfg, &err) != 0) {
		gw_respond_codec_error(req, resp, &err);
		return;
	}
	if (req->gen->networks->connect(req->gen->ctx, &req->call, req->params[0], container,
	                                &cfg) != SL_OK) {
		gw_respond_call_error(req, resp);
		return;
	}
	gw_respond_empty(resp, 200);
}

static void network_disconnect(struct gw_request *req, struct gw_response *resp)
{
	struct gw_codec_error err;
	const char *container;
	json_object *body;
	int force;

	if (gw_respond_unsupported(req, resp, (const void *)NETWORK_HOOK(req, disconnect),
	                           "network disconnect"))
		return;
	if (gw_request_json(req, resp, &body) != 0)
		return;
	if (gw_network_disconnect_decode(req->arena, body, &container, &force, &err) != 0) {
		gw_respond_codec_error(req, resp, &err);
		return;
	}
	if (req->gen->networks->disconnect(req->gen->ctx, &req->call, req->params[0], container,
	                                   force) != SL_OK) {
		gw_respond_call_error(req, resp);
		return;
	}
	gw_respond_empty(resp, 200);
}

/* Literal routes come before the catch-alls, which take slashes too
 * (Docker's {id:.+}). */
const struct gw_route gw_network_routes[] = {
	{ "GET", "/networks", network_list },
	{ "POST", "/networks/create", network_create },
	{ "POST", "/networks/prune", network_prune },
	{ "POST", "/networks/{*}/connect", network_connect },
	{ "POST", "/networks/{*}/disconnect", network_disconnect },
	{ "GET", "/networks/{*}", network_inspect },
	{ "DELETE", "/networks/{*}", network_remove },
	{ NULL, NULL, NULL },
};
