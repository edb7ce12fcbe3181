/* The ARM request pipeline: endpoint + path + api-version, bearer token,
 * one refresh on 401, retries (aca_arm_exchange.c), errors. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/rand.h>

#include "plugins/aca/arm_exchange.h"
#include "plugins/aca/arm_json.h"
#include "plugins/aca/arm_request.h"
#include "plugins/aca/arm_url.h"

struct send_ctx {
	struct aca_arm_client *c;
	const struct aca_arm_call *call;
	const char *url;
	char *token;                    /* malloc'd copy of the token of the last attempt */
	int refreshed;                  /* a 401 already cost us one refresh */
};

static void wipe_free(char *s)
{
	if (s != NULL) {
		explicit_bzero(s, strlen(s));
		free(s);
	}
}

static int is_absolute(const char *path)
{
	return strncmp(path, "https://", 8) == 0 || strncmp(path, "http://", 7) == 0;
}

/* A random UUID for x-ms-client-request-id, which Azure support asks for. */
static char *request_uuid(struct aca_arm_arena *arena)
{
	unsigned char b[16] = { 0 };

	if (RAND_bytes(b, sizeof(b)) != 1)
		memset(b, 0, sizeof(b));
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
	return aca_arm_arena_sprintf(arena,
	                         "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
	                         b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10],
	                         b[11], b[12], b[13], b[14], b[15]);
}

static int prepare(void *arg, struct aca_arm_arena *scratch, struct aca_arm_http_request *req,
                   struct aca_arm_error *err)
{
	struct send_ctx *s = arg;
	const struct aca_arm_call *call = s->call;
	struct aca_arm_http_header *h = aca_arm_arena_alloc(scratch, 8 * sizeof(*h));
	size_t n = 0;
	int rc;

	wipe_free(s->token);
	s->token = NULL;
	rc = aca_azure_token_get(s->c->token, &s->token, err);
	if (rc != SL_OK)
		return rc;
	h[n].name = "Authorization";
	h[n++].value = aca_arm_arena_sprintf(scratch, "Bearer %s", s->token);
	h[n].name = "Accept";
	h[n++].value = "application/json";
	h[n].name = "x-ms-client-request-id";
	h[n++].value = request_uuid(scratch);
	if (call->body != NULL) {
		h[n].name = "Content-Type";
		h[n++].value = "application/json";
	}
	if (call->if_match != NULL) {
		h[n].name = "If-Match";
		h[n++].value = call->if_match;
	}
	if (call->if_none_match) {
		h[n].name = "If-None-Match";
		h[n++].value = "*";
	}
	req->method = call->method;
	req->url = s->url;
	req->headers = h;
	req->n_headers = n;
	req->body = call->body;
	req->body_len = call->body != NULL ? strlen(call->body) : 0;
	return SL_OK;
}

static int answered(void *arg, const struct aca_arm_http_response *resp)
{
	struct send_ctx *s = arg;

	if (resp->status != 401 || s->refreshed)
		return 0;
	/* The token may have been revoked or the clock skewed: one fresh token. */
	s->refreshed = 1;
	aca_azure_token_invalidate(s->c->token, s->token);
	aca_arm_log(&s->c->rt.log, SL_LOG_INFO, "arm: %s: HTTP 401, fetching a new token", s->call->what);
	return 1;
}

static const char *arena_header(struct aca_arm_arena *arena, const struct aca_arm_http_response *resp,
                                const char *name)
{
	return aca_arm_arena_strdup(arena, aca_arm_http_header_get(resp, name));
}

int aca_arm_send(struct aca_arm_client *c, struct aca_arm_arena *arena, const struct aca_arm_call *call,
             struct aca_arm_answer *ans, struct aca_arm_error *err)
{
	struct send_ctx s = { c, call, NULL, NULL, 0 };
	struct aca_arm_exchange x = { &c->rt, call->what, call->idempotent, prepare, answered, &s };
	struct aca_arm_exchange_outcome outcome;
	struct aca_arm_http_response resp;
	int rc;

	memset(ans, 0, sizeof(*ans));
	if (is_absolute(call->path)) {
		if (!aca_arm_url_same_origin(call->path, c->endpoint)) {
			aca_arm_error_set(err, c->rt.redactor, SL_ERR_INTERNAL,
			              "%s: refusing to send credentials to %s (not the ARM endpoint %s)",
			              call->what, aca_arm_url_host(arena, call->path), c->endpoint);
			return err->status;
		}
		s.url = call->path;
	} else {
		s.url = aca_arm_arena_sprintf(arena, "%s%s?api-version=%s%s%s", c->endpoint, call->path,
		                          call->api_version, call->query != NULL ? "&" : "",
		                          call->query != NULL ? call->query : "");
	}
	rc = aca_arm_exchange_run(&x, &resp, &outcome, err);
	wipe_free(s.token);
	if (rc != SL_OK)
		return rc;
	if (resp.status >= 200 && resp.status <= 299) {

		ans->status = resp.status;
		ans->body = aca_arm_arena_strndup(arena, resp.body != NULL ? resp.body : "", resp.body_len);
		ans->body_len = resp.body_len;
		ans->location = arena_header(arena, &resp, "Location");
		ans->async_operation = arena_header(arena, &resp, "Azure-AsyncOperation");
		ans->etag = arena_header(arena, &resp, "ETag");
		ans->retry_after_ms = aca_arm_retry_after_ms(&resp, c->rt.clock->now_ms(c->rt.clock->arg));
		aca_arm_http_response_clear(&resp);
		return SL_OK;
	}
	{
		char suffix[128] = "";

		if (outcome.exhausted)
			snprintf(suffix, sizeof(suffix), " (gave up after %d attempts)", outcome.attempts);
		else if (outcome.unsafe)
			snprintf(suffix, sizeof(suffix),
			         " (not retried: the request may have been carried out)");
		aca_arm_error_from_response(err, c->rt.redactor, call->what, resp.status, resp.body,
		                        resp.body_len, aca_arm_http_header_get(&resp, "x-ms-request-id"),
		                        suffix);
	}
	aca_arm_http_response_clear(&resp);
	return err->status;
}

char *aca_arm_resource_path(struct aca_arm_client *c, struct aca_arm_arena *arena, const char *fmt, ...)
{
	va_list ap;
	char *tail;

	va_start(ap, fmt);
	tail = aca_arm_arena_vsprintf(arena, fmt, ap);
	va_end(ap);
	return aca_arm_arena_sprintf(arena, "/subscriptions/%s/resourceGroups/%s/providers/%s",
	                         aca_arm_url_escape(arena, c->subscription_id),
	                         aca_arm_url_escape(arena, c->resource_group), tail);
}

int aca_arm_list_all(struct aca_arm_client *c, struct aca_arm_arena *arena, const struct aca_arm_call *call,
                 json_object **items, struct aca_arm_error *err)
{
	struct aca_arm_call page = *call;
	json_object *all = json_object_new_array();
	int pages = 0;

	for (;;) {
		struct aca_arm_answer ans;
		json_object *root, *value;
		const char *next;
		int rc = aca_arm_send(c, arena, &page, &ans, err);

		if (rc != SL_OK) {
			json_object_put(all);
			return rc;
		}
		root = aca_arm_json_parse(ans.body, ans.body_len);
		value = aca_arm_json_get(root, "value");
		if (root == NULL || value == NULL || !json_object_is_type(value, json_type_array)) {
			json_object_put(root);
			json_object_put(all);
			aca_arm_error_set(err, c->rt.redactor, SL_ERR_INTERNAL,
			              "%s: the list answer has no \"value\" array", call->what);
			return err->status;
		}
		for (size_t i = 0; i < json_object_array_length(value); i++)
			json_object_array_add(all, json_object_get(json_object_array_get_idx(value, i)));
		next = aca_arm_json_string(arena, root, "nextLink");
		json_object_put(root);
		if (next == NULL || *next == '\0')
			break;
		/* A provider that keeps answering the same page would loop forever. */
		if (++pages > 1000) {
			json_object_put(all);
			aca_arm_error_set(err, c->rt.redactor, SL_ERR_INTERNAL, "%s: more than 1000 pages",
			              call->what);
			return err->status;
		}
		page.path = next;
		page.query = NULL;
		page.api_version = NULL;
	}
	*items = all;
	return SL_OK;
}
