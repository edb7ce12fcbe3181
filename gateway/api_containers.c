/* Container routes: create, inspect, list, start, stop, wait, remove. */
#include "config.h"

#include <string.h>

#include "gateway/api_common.h"
#include "gateway/container_codec.h"
#include "gateway/container_view.h"
#include "gateway/filters.h"

#define CONTAINER_HOOK(req, name) \
	((req)->gen->containers != NULL ? (req)->gen->containers->name : NULL)

static void view_of(const struct gw_request *req, struct gw_container_view *view)
{
	view->api_minor = req->api_minor;
	view->backend = req->gen->plugin->name;
	view->now_ns = gw_now_ns();
}

static void container_create(struct gw_request *req, struct gw_response *resp)
{
	struct gw_container_create create;
	struct sl_container_created created;
	struct gw_codec_error err;
	json_object *body;

	if (gw_respond_unsupported(req, resp, (const void *)CONTAINER_HOOK(req, create),
	                           "container create"))
		return;
	if (gw_request_json(req, resp, &body) != 0)
		return;
	if (gw_container_create_decode(req->arena, req->body_len > 0, body, gw_query(req, "name"),
	                               req->api_minor, &create, &err) != 0) {
		gw_respond_codec_error(req, resp, &err);
		return;
	}
	memset(&created, 0, sizeof(created));
	if (req->gen->containers->create(req->gen->ctx, &req->call, &create.req, &created) != SL_OK) {
		gw_respond_call_error(req, resp);
		return;
	}
	gw_respond_json(req, resp, 201, gw_container_created_encode(&created, &create.warnings));
}

static void container_inspect(struct gw_request *req, struct gw_response *resp)
{
	struct sl_container c;
	struct gw_container_view view;
	struct gw_codec_error err;
	json_object *out;

	if (gw_respond_unsupported(req, resp, (const void *)CONTAINER_HOOK(req, inspect),
	                           "container inspect"))
		return;
	memset(&c, 0, sizeof(c));
	if (req->gen->containers->inspect(req->gen->ctx, &req->call, req->params[0], &c) != SL_OK) {
		gw_respond_call_error(req, resp);
		return;
	}
	view_of(req, &view);
	if (gw_container_inspect_encode(req->arena, &c, &view, &out, &err) != 0) {
		gw_respond_codec_error(req, resp, &err);
		return;
	}
	gw_respond_json(req, resp, 200, out);
}

static void container_list(struct gw_request *req, struct gw_response *resp)
{
	struct sl_filters filters;
	struct sl_container_list_opts opts;
	struct sl_container_list list;
	struct gw_container_view view;
	struct gw_codec_error err;
	const char *legacy[] = { "since", "before" };
	struct gw_array_writer w;
	int status_given;

	if (gw_respond_unsupported(req, resp, (const void *)CONTAINER_HOOK(req, list),
	                           "container list"))
		return;
	memset(&opts, 0, sizeof(opts));
	if (gw_filters_container_list(req->arena, gw_query(req, "filters"), &filters, &status_given,
	                              &err) != 0 ||
	    gw_query_int(req->arena, gw_query(req, "limit"), 0, &opts.limit, &err) != 0) {
		gw_respond_codec_error(req, resp, &err);
		return;
	}
	/* The old ?since= and ?before= are the filters of the same names. */
	for (size_t i = 0; i < 2; i++) {
		const char *v = gw_query(req, legacy[i]);

		if (v != NULL && v[0] != '\0') {
			gw_respond_error(req, resp, 400, "filter '%s' is not supported by sockerless",
			                 legacy[i]);
			return;
		}
	}
	/* A status filter or a limit shows stopped containers too, as dockerd does. */
	opts.all = gw_query_bool(req, "all") || status_given || opts.limit > 0;
	opts.filters = &filters;
	memset(&list, 0, sizeof(list));
	if (req->gen->containers->list(req->gen->ctx, &req->call, &opts, &list) != SL_OK) {
		gw_respond_call_error(req, resp);
		return;
	}
	view_of(req, &view);
	gw_array_writer_init(&w, req->arena);
	for (size_t i = 0; i < list.count; i++) {
		json_object *c;

		if (gw_container_summary_encode(req->arena, &list.items[i], &view, &c, &err) != 0) {
			gw_respond_codec_error(req, resp, &err);
			return;
		}
		gw_array_writer_add(&w, c);
	}
	gw_array_writer_respond(&w, resp, 200);
}

static void container_start(struct gw_request *req, struct gw_response *resp)
{
	if (gw_respond_unsupported(req, resp, (const void *)CONTAINER_HOOK(req, start),
	                           "container start"))
		return;
	/* A JSON object of more than "{}" plus padding carries a HostConfig. */
	if (req->body_len > 7) {
		gw_respond_error(req, resp, 400,
		                 "starting container with non-empty request body was deprecated since API v1.22 and removed in v1.24");
		return;
	}
	if (req->gen->containers->start(req->gen->ctx, &req->call, req->params[0]) != SL_OK) {
		gw_respond_call_error(req, resp);
		return;
	}
	gw_respond_empty(resp, 204);
}

static void container_stop(struct gw_request *req, struct gw_response *resp)
{
	struct gw_codec_error err;
	const char *t = gw_query(req, "t");
	int timeout;

	if (gw_respond_unsupported(req, resp, (const void *)CONTAINER_HOOK(req, stop),
	                           "container stop"))
		return;
	/* dockerd reads t; libpod-style clients send timeout. */
	if (t == NULL || t[0] == '\0')
		t = gw_query(req, "timeout");
	if (gw_query_int(req->arena, t, -1, &timeout, &err) != 0) {
		gw_respond_codec_error(req, resp, &err);
		return;
	}
	if (req->gen->containers->stop(req->gen->ctx, &req->call, req->params[0], timeout) != SL_OK) {
		gw_respond_call_error(req, resp);
		return;
	}
	gw_respond_empty(resp, 204);
}

static void container_wait(struct gw_request *req, struct gw_response *resp)
{
	struct gw_codec_error err;
	const char *condition;
	int exit_code = 0;
	json_object *o;

	if (gw_respond_unsupported(req, resp, (const void *)CONTAINER_HOOK(req, wait),
	                           "container wait"))
		return;
	if (gw_wait_condition_decode(req->arena, gw_query(req, "condition"), req->api_minor,
	                             &condition, &err) != 0) {
		gw_respond_codec_error(req, resp, &err);
		return;
	}
	if (req->gen->containers->wait(req->gen->ctx, &req->call, req->params[0], condition,
	                               &exit_code) != SL_OK) {
		gw_respond_call_error(req, resp);
		return;
	}
	o = json_object_new_object();
	json_object_object_add(o, "Error", NULL);
	json_object_object_add(o, "StatusCode", json_object_new_int(exit_code));
	gw_respond_json(req, resp, 200, o);
}

static void container_remove(struct gw_request *req, struct gw_response *resp)
{
	if (gw_respond_unsupported(req, resp, (const void *)CONTAINER_HOOK(req, remove),
	                           "container remove"))
		return;
	/* ?link=1 removes a legacy link, not the container. */
	if (gw_query_bool(req, "link")) {
		gw_respond_error(req, resp, 501, "removing a legacy link is not supported by backend %s",
		                 req->backend->name);
		return;
	}
	if (req->gen->containers->remove(req->gen->ctx, &req->call, req->params[0],
	                                 gw_query_bool(req, "force"), gw_query_bool(req, "v")) != SL_OK) {
		gw_respond_call_error(req, resp);
		return;
	}
	gw_respond_empty(resp, 204);
}

const struct gw_route gw_container_routes[] = {
	{ "POST", "/containers/create", container_create },
	{ "GET", "/containers/json", container_list },
	{ "GET", "/containers/{}/json", container_inspect },
	{ "POST", "/containers/{}/start", container_start },
	{ "POST", "/containers/{}/stop", container_stop },
	{ "POST", "/containers/{}/wait", container_wait },
	{ "DELETE", "/containers/{}", container_remove },
	{ NULL, NULL, NULL },
};
