/* The ARM front door. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tests/azemu/arm.h"
#include "tests/azemu/auth.h"
#include "tests/azemu/operations.h"
#include "tests/azemu/state.h"

/* api-versions each resource type accepts (the ones whose shapes azemu
 * knows); the first is the one sockerless pins. */
static const char *const app_versions[] = { "2025-07-01", "2025-01-01", "2024-03-01", NULL };
static const char *const storage_versions[] = { "2023-05-01", "2023-01-01", "2024-01-01",
	                                        "2025-01-01", NULL };
static const char *const dns_versions[] = { "2024-06-01", "2020-06-01", NULL };

int azemu_seg_eq(const char *a, const char *b)
{
	return a != NULL && b != NULL && strcasecmp(a, b) == 0;
}

static int version_known(const char *const *list, const char *v)
{
	for (; *list != NULL; list++) {
		if (strcmp(*list, v) == 0)
			return 1;
	}
	return 0;
}

static int well_formed_version(const char *v)
{
	/* yyyy-mm-dd, optionally -preview and the like. */
	return strlen(v) >= 10 && v[4] == '-' && v[7] == '-' && v[0] >= '0' && v[0] <= '9';
}

static int check_version(struct azemu_arm *a, const char *const *list, const char *type)
{
	char supported[256] = "";
	const char *v = a->api_version;

	if (v == NULL) {
		azemu_response_error(a->resp, 400, "MissingApiVersionParameter",
		                     "The api-version query parameter (?api-version=) is required for all "
		                     "requests.");
		return -1;
	}
	if (version_known(list, v))
		return 0;
	for (const char *const *p = list; *p != NULL; p++)
		snprintf(supported + strlen(supported), sizeof(supported) - strlen(supported), "%s%s",
		         p == list ? "" : ", ", *p);
	if (!well_formed_version(v))
		azemu_response_error(a->resp, 400, "InvalidApiVersionParameter",
		                     "The api-version '%s' is invalid. The supported versions are '%s'.", v,
		                     supported);
	else
		azemu_response_error(a->resp, 400, "NoRegisteredProviderFound",
		                     "No registered resource provider found for location '%s' and API "
		                     "version '%s' for type '%s'. The supported api-versions are '%s'.",
		                     a->rg != NULL ? azemu_arm_location(a) : "global", v, type, supported);
	return -1;
}

int azemu_arm_need_body(struct azemu_arm *a)
{
	if (a->body != NULL && json_object_is_type(a->body, json_type_object))
		return 0;
	azemu_response_error(a->resp, 400, "InvalidRequestContent",
	                     a->req->body_len == 0
	                             ? "The request content was invalid and could not be deserialized: "
	                               "'The request body is empty.'"
	                             : "The request content was invalid and could not be deserialized: "
	                               "'Unexpected character encountered while parsing value.'");
	return -1;
}

const char *azemu_arm_location(const struct azemu_arm *a)
{
	const char *loc = azemu_str(a->rg, "location");

	return loc != NULL ? loc : "westeurope";
}

const char *azemu_arm_id(const struct azemu_arm *a, const char *ns, size_t n)
{
	static _Thread_local char buf[2048];
	size_t len;

	len = (size_t)snprintf(buf, sizeof(buf), "%s/providers/%s", azemu_rg_id(a->sub, a->rg), ns);
	for (size_t i = 0; i < n && i < a->nseg && len < sizeof(buf); i++)
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "/%s", a->seg[i]);
	return buf;
}

void azemu_arm_not_found(struct azemu_arm *a, const char *type, const char *name)
{
	azemu_response_error(a->resp, 404, "ResourceNotFound",
	                     "The Resource '%s/%s' under resource group '%s' was not found. For more "
	                     "details please go to https://aka.ms/ARMResourceNotFoundFix",
	                     type, name, azemu_str(a->rg, "name"));
}

void azemu_arm_parent_not_found(struct azemu_arm *a, const char *type, const char *name)
{
	azemu_response_error(a->resp, 404, "ParentResourceNotFound",
	                     "Failed to perform '%s' on resource(s) of type '%s', because the parent "
	                     "resource '%s/providers/%s/%s' could not be found.",
	                     strcmp(a->req->method, "GET") == 0 ? "read" : "write", type,
	                     azemu_rg_id(a->sub, a->rg), type, name);
}

void azemu_arm_bad_method(struct azemu_arm *a)
{
	azemu_response_error(a->resp, 405, "MethodNotAllowed",
	                     "The requested resource does not support http method '%s'.",
	                     a->req->method);
}

void azemu_arm_list(struct azemu_arm *a, json_object *items)
{
	const char *skip_s = azemu_query(a->req, "$skiptoken");
	size_t skip = skip_s != NULL ? (size_t)strtoul(skip_s, NULL, 10) : 0;
	size_t n = json_object_array_length(items);
	size_t page = a->emu->cfg.page_size > 0 ? (size_t)a->emu->cfg.page_size : 100;
	json_object *root = json_object_new_object(), *value = json_object_new_array();

	for (size_t i = skip; i < n && i < skip + page; i++)
		json_object_array_add(value, json_object_get(json_object_array_get_idx(items, i)));
	json_object_object_add(root, "value", value);
	if (skip + page < n) {
		const char *filter = azemu_query(a->req, "$filter");
		char next[4096];

		snprintf(next, sizeof(next), "%s%s?api-version=%s&$skiptoken=%zu%s%s", a->req->base_url,
		         a->req->path, a->api_version, skip + page, filter != NULL ? "&$filter=" : "",
		         filter != NULL ? filter : "");
		json_object_object_add(root, "nextLink", json_object_new_string(next));
	}
	json_object_put(items);
	azemu_response_json(a->resp, 200, root);
}

static size_t split(char *path, const char **seg, size_t max)
{
	size_t n = 0;
	char *save = NULL;

	for (char *t = strtok_r(path, "/", &save); t != NULL && n < max; t = strtok_r(NULL, "/", &save))
		seg[n++] = t;
	return n;
}

static void common_headers(const struct azemu_request *req, struct azemu_response *resp)
{
	char id[37];
	const char *corr = azemu_header(req, "x-ms-correlation-request-id");
	const char *client = azemu_header(req, "x-ms-client-request-id");

	azemu_uuid(id);
	azemu_response_header(resp, "x-ms-request-id", "%s", id);
	if (corr != NULL)
		azemu_response_header(resp, "x-ms-correlation-request-id", "%s", corr);
	else
		azemu_response_header(resp, "x-ms-correlation-request-id", "%s", id);
	if (client != NULL)
		azemu_response_header(resp, "x-ms-client-request-id", "%.64s", client);
	if (strcmp(req->method, "GET") == 0)
		azemu_response_header(resp, "x-ms-ratelimit-remaining-subscription-reads", "11999");
	else if (strcmp(req->method, "DELETE") == 0)
		azemu_response_header(resp, "x-ms-ratelimit-remaining-subscription-deletes", "11999");
	else
		azemu_response_header(resp, "x-ms-ratelimit-remaining-subscription-writes", "1199");
}

/* Route once authenticated and the subscription is known.  Lock held. */
static void route(struct azemu_arm *a, const char **seg, size_t n)
{
	/* seg[0] = subscriptions, seg[1] = id */
	if (n >= 4 && azemu_seg_eq(seg[2], "providers") && azemu_seg_eq(seg[3], "Microsoft.App")) {
		/* Subscription-level Microsoft.App: operation polls and job lists. */
		if (check_version(a, app_versions, "jobs") != 0)
			return;
		if (n == 8 && azemu_seg_eq(seg[4], "locations") &&
		    (azemu_seg_eq(seg[6], "containerappsjobOperationStatuses") ||
		     azemu_seg_eq(seg[6], "containerappsjobOperationResults"))) {
			if (strcmp(a->req->method, "GET") != 0) {
				azemu_arm_bad_method(a);
				return;
			}
			azemu_op_poll(a->emu, a->req, seg[1], seg[7],
			              azemu_seg_eq(seg[6], "containerappsjobOperationResults"), a->resp);
			return;
		}
		if (n == 5 && azemu_seg_eq(seg[4], "jobs")) {
			a->nseg = 1;
			a->seg[0] = seg[4];
			azemu_app_jobs_serve(a);
			return;
		}
	}
	if (n >= 4 && azemu_seg_eq(seg[2], "resourceGroups")) {
		const char *ns;

		a->rg = azemu_resource_group(a->sub, seg[3], 0);
		if (a->rg == NULL) {
			azemu_response_error(a->resp, 404, "ResourceGroupNotFound",
			                     "Resource group '%s' could not be found.", seg[3]);
			return;
		}
		if (n < 7 || !azemu_seg_eq(seg[4], "providers"))
			goto unknown;
		ns = seg[5];
		a->nseg = 0;
		for (size_t i = 6; i < n && a->nseg < AZEMU_MAX_SEGMENTS; i++)
			a->seg[a->nseg++] = seg[i];
		if (azemu_seg_eq(ns, "Microsoft.Storage") && azemu_seg_eq(seg[6], "storageAccounts")) {
			if (check_version(a, storage_versions, "storageAccounts") == 0)
				azemu_storage_serve(a);
			return;
		}
		if (azemu_seg_eq(ns, "Microsoft.App") && azemu_seg_eq(seg[6], "managedEnvironments")) {
			if (check_version(a, app_versions, "managedEnvironments") == 0)
				azemu_app_env_serve(a);
			return;
		}
		if (azemu_seg_eq(ns, "Microsoft.App") && azemu_seg_eq(seg[6], "jobs")) {
			if (check_version(a, app_versions, "jobs") == 0)
				azemu_app_jobs_serve(a);
			return;
		}
		if (azemu_seg_eq(ns, "Microsoft.Network") && azemu_seg_eq(seg[6], "privateDnsZones")) {
			if (check_version(a, dns_versions, "privateDnsZones") == 0)
				azemu_dns_serve(a);
			return;
		}
	}
unknown:
	azemu_response_error(a->resp, 404, "InvalidResourceType",
	                     "The resource type could not be found for the path '%s' (azemu emulates "
	                     "storage accounts, file shares, managed environments and their storages, "
	                     "Container Apps jobs and private DNS A records).",
	                     a->req->path);
}

void azemu_arm_serve(struct azemu *emu, const struct azemu_request *req,
                     struct azemu_response *resp)
{
	struct azemu_arm a;
	char *path = azemu_strdup(req->path);
	const char *seg[AZEMU_MAX_SEGMENTS + 8];
	size_t n = split(path, seg, sizeof(seg) / sizeof(seg[0]));
	json_tokener *tok;

	memset(&a, 0, sizeof(a));
	a.emu = emu;
	a.req = req;
	a.resp = resp;
	a.api_version = azemu_query(req, "api-version");
	if (req->body_len > 0) {
		tok = json_tokener_new();
		a.body = json_tokener_parse_ex(tok, req->body, (int)req->body_len);
		json_tokener_free(tok);
	}
	pthread_mutex_lock(&emu->lock);
	if (azemu_auth_check(emu, req, resp) == 0) {
		a.sub = n >= 2 ? azemu_subscription(emu, seg[1], 0) : NULL;
		if (a.sub == NULL)
			azemu_response_error(resp, 404, "SubscriptionNotFound",
			                     "The subscription '%s' could not be found.",
			                     n >= 2 ? seg[1] : "");
		else
			route(&a, seg, n);
	}
	/* What a client is told succeeded must survive a restart. */
	if (azemu_state_save(emu) != 0) {
		azemu_response_clear(resp);
		azemu_response_error(resp, 500, "InternalError", "azemu could not save its state file");
	}
	pthread_mutex_unlock(&emu->lock);
	common_headers(req, resp);
	json_object_put(a.body);
	free(path);
}
