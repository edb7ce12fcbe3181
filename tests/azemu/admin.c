/* The admin API. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tests/azemu/admin.h"
#include "tests/azemu/arm.h"
#include "tests/azemu/auth.h"
#include "tests/azemu/executions.h"
#include "tests/azemu/faults.h"
#include "tests/azemu/operations.h"
#include "tests/azemu/state.h"

static const char *body_str(json_object *body, const char *key, const char *def)
{
	const char *v = azemu_str(body, key);

	return v != NULL ? v : def;
}

void azemu_admin_bootstrap(struct azemu *emu, const char *sub_id, const char *rg_name,
                          const char *location, const char *account, const char *key,
                          const char *env, const char *zone)
{
	json_object *sub, *rg;

	if (sub_id == NULL)
		return;
	sub = azemu_subscription(emu, sub_id, 1);
	if (rg_name == NULL)
		return;
	rg = azemu_resource_group(sub, rg_name, 1);
	if (azemu_str(rg, "location") == NULL)
		json_object_object_add(rg, "location", json_object_new_string(location));
	emu->dirty = 1;
	if (account != NULL && azemu_entry(azemu_obj(rg, "storageAccounts", 1), account) == NULL)
		azemu_storage_create_account(emu, sub, rg, account, azemu_str(rg, "location"), key);
	if (env != NULL && azemu_entry(azemu_obj(rg, "managedEnvironments", 1), env) == NULL)
		azemu_app_env_create(emu, sub, rg, env, azemu_str(rg, "location"));
	if (zone != NULL && azemu_entry(azemu_obj(rg, "privateDnsZones", 1), zone) == NULL)
		azemu_dns_zone_create(emu, sub, rg, zone);
}

static json_object *config_json(const struct azemu_config *c)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "lroPolls", json_object_new_int(c->lro_polls));
	json_object_object_add(o, "startAsync", json_object_new_boolean(c->start_async));
	json_object_object_add(o, "executionMs", json_object_new_int64(c->execution_ms));
	json_object_object_add(o, "shareDeleteWindowMs", json_object_new_int64(c->share_delete_window_ms));
	json_object_object_add(o, "tokenLifetimeS", json_object_new_int64(c->token_lifetime_s));
	json_object_object_add(o, "pollRetryAfterS", json_object_new_int(c->poll_retry_after_s));
	json_object_object_add(o, "pageSize", json_object_new_int(c->page_size));
	json_object_object_add(o, "managedIdentity", json_object_new_boolean(c->managed_identity));
	return o;
}

static int set_int(json_object *body, const char *key, int64_t *out)
{
	json_object *v;

	if (!json_object_object_get_ex(body, key, &v))
		return 0;
	if (!json_object_is_type(v, json_type_int) && !json_object_is_type(v, json_type_boolean))
		return -1;
	*out = json_object_get_int64(v);
	return 1;
}

static void patch_config(struct azemu *emu, json_object *body, struct azemu_response *resp)
{
	struct azemu_config *c = &emu->cfg;
	const char *keys[] = { "lroPolls", "startAsync", "executionMs", "shareDeleteWindowMs",
		               "tokenLifetimeS", "pollRetryAfterS", "pageSize", "managedIdentity" };
	int64_t v;
	const char *s;

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		int rc = set_int(body, keys[i], &v);

		if (rc < 0) {
			azemu_response_error(resp, 400, "BadRequest", "%s must be an integer", keys[i]);
			return;
		}
		if (rc == 0)
			continue;
		switch (i) {
		case 0: c->lro_polls = (int)v; break;
		case 1: c->start_async = v != 0; break;
		case 2: c->execution_ms = v; break;
		case 3: c->share_delete_window_ms = v; break;
		case 4: c->token_lifetime_s = v; break;
		case 5: c->poll_retry_after_s = (int)v; break;
		case 6: c->page_size = (int)v; break;
		default: c->managed_identity = v != 0; break;
		}
	}
	/* Rotations of credentials, for the tests of re-read token files. */
	if ((s = azemu_str(body, "federatedToken")) != NULL) {
		free(c->federated_token);
		c->federated_token = azemu_strdup(s);
	}
	if ((s = azemu_str(body, "clientSecret")) != NULL) {
		free(c->client_secret);
		c->client_secret = azemu_strdup(s);
	}
	azemu_response_json(resp, 200, config_json(c));
}

static void purge_shares(struct azemu *emu)
{
	json_object_object_foreach(azemu_obj(emu->state, "subscriptions", 1), sk, sub) {
		(void)sk;
		json_object_object_foreach(azemu_obj(sub, "resourceGroups", 1), rk, rg) {
			(void)rk;
			json_object_object_foreach(azemu_obj(rg, "storageAccounts", 1), ak, acct) {
				(void)ak;
				json_object_object_add(acct, "deletedShares", json_object_new_object());
			}
		}
	}
	emu->dirty = 1;
}

/* PUT /_azemu/subscriptions/{sub}[/resourceGroups/{rg}[/{kind}/{name}]] and executions. */
static void resources(struct azemu *emu, const struct azemu_request *req, json_object *body,
                      const char **seg, size_t n, struct azemu_response *resp)
{
	json_object *sub, *rg, *job, *ex;
	const char *location;
	char name[64];

	if (n < 2) {
		azemu_response_error(resp, 404, "NotFound", "unknown admin path %s", req->path);
		return;
	}
	sub = azemu_subscription(emu, seg[1], strcmp(req->method, "PUT") == 0);
	if (sub == NULL) {
		azemu_response_error(resp, 404, "SubscriptionNotFound", "no subscription %s", seg[1]);
		return;
	}
	if (n == 2) {
		azemu_response_json(resp, 200, azemu_copy(sub));
		return;
	}
	if (n < 4 || !azemu_seg_eq(seg[2], "resourceGroups")) {
		azemu_response_error(resp, 404, "NotFound", "unknown admin path %s", req->path);
		return;
	}
	rg = azemu_resource_group(sub, seg[3], strcmp(req->method, "PUT") == 0 && n == 4);
	if (rg == NULL) {
		azemu_response_error(resp, 404, "ResourceGroupNotFound", "no resource group %s", seg[3]);
		return;
	}
	location = body_str(body, "location", azemu_str(rg, "location") != NULL ? azemu_str(rg, "location")
	                                                                     : "westeurope");
	if (n == 4) {
		json_object_object_add(rg, "location", json_object_new_string(location));
		emu->dirty = 1;
		azemu_response_json(resp, 200, azemu_copy(rg));
		return;
	}
	if (n == 6 && strcmp(req->method, "PUT") == 0) {
		json_object *entry = NULL;

		if (azemu_seg_eq(seg[4], "storageAccounts"))
			entry = azemu_storage_create_account(emu, sub, rg, seg[5], location,
			                                     azemu_str(body, "key"));
		else if (azemu_seg_eq(seg[4], "managedEnvironments"))
			entry = azemu_app_env_create(emu, sub, rg, seg[5], location);
		else if (azemu_seg_eq(seg[4], "privateDnsZones"))
			entry = azemu_dns_zone_create(emu, sub, rg, seg[5]);
		if (entry == NULL) {
			azemu_response_error(resp, 404, "NotFound", "cannot create %s", seg[4]);
			return;
		}
		azemu_response_json(resp, 201, azemu_copy(entry));
		return;
	}
	/* .../jobs/{job}/executions/{name}[/finish] */
	if ((n == 8 || n == 9) && azemu_seg_eq(seg[4], "jobs") && azemu_seg_eq(seg[6], "executions")) {
		job = azemu_entry(azemu_obj(rg, "jobs", 1), seg[5]);
		if (job == NULL) {
			azemu_response_error(resp, 404, "ResourceNotFound", "no job %s", seg[5]);
			return;
		}
		ex = azemu_entry(azemu_obj(job, "executions", 1), seg[7]);
		if (n == 8 && strcmp(req->method, "PUT") == 0) {
			if (ex == NULL)
				ex = azemu_execution_start(emu, job, NULL, seg[7], name);
			if (ex == NULL) {
				azemu_response_error(resp, 500, "InternalServerError", "the runner refused");
				return;
			}
			azemu_response_json(resp, 201, azemu_copy(azemu_entry_resource(ex)));
			return;
		}
		if (n == 9 && azemu_seg_eq(seg[8], "finish") && strcmp(req->method, "POST") == 0) {
			if (ex == NULL) {
				azemu_response_error(resp, 404, "ResourceNotFound", "no execution %s", seg[7]);
				return;
			}
			azemu_execution_finish(ex, body_str(body, "status", "Succeeded"), azemu_now_ms());
			emu->dirty = 1;
			azemu_response_json(resp, 200, azemu_copy(azemu_entry_resource(ex)));
			return;
		}
	}
	azemu_response_error(resp, 404, "NotFound", "unknown admin path %s %s", req->method, req->path);
}

void azemu_admin_serve(struct azemu *emu, const struct azemu_request *req,
                       struct azemu_response *resp)
{
	char *path = azemu_strdup(req->path), *save = NULL;
	const char *seg[16];
	size_t n = 0;
	json_object *body = NULL;
	const char *m = req->method;

	for (char *t = strtok_r(path, "/", &save); t != NULL && n < 16; t = strtok_r(NULL, "/", &save))
		seg[n++] = t;
	if (req->body_len > 0) {
		json_tokener *tok = json_tokener_new();

		body = json_tokener_parse_ex(tok, req->body, (int)req->body_len);
		json_tokener_free(tok);
		if (body == NULL) {
			azemu_response_error(resp, 400, "BadRequest", "the body is not JSON");
			free(path);
			return;
		}
	}
	pthread_mutex_lock(&emu->lock);
	/* seg[0] is "_azemu" */
	if (n == 2 && strcmp(seg[1], "health") == 0) {
		json_object *o = json_object_new_object();

		json_object_object_add(o, "status", json_object_new_string("ok"));
		azemu_response_json(resp, 200, o);
	} else if (n == 2 && strcmp(seg[1], "state") == 0 && strcmp(m, "GET") == 0) {
		azemu_response_json(resp, 200, azemu_copy(emu->state));
	} else if (n == 2 && strcmp(seg[1], "config") == 0) {
		if (strcmp(m, "PATCH") == 0)
			patch_config(emu, body, resp);
		else
			azemu_response_json(resp, 200, config_json(&emu->cfg));
	} else if (n == 2 && strcmp(seg[1], "faults") == 0) {
		if (strcmp(m, "POST") == 0) {
			char err[256];
			int id;

			if (azemu_faults_add(emu->faults, body, &id, err, sizeof(err)) != 0) {
				azemu_response_error(resp, 400, "BadRequest", "%s", err);
			} else {
				json_object *o = json_object_new_object();

				json_object_object_add(o, "id", json_object_new_int(id));
				azemu_response_json(resp, 201, o);
			}
		} else if (strcmp(m, "DELETE") == 0) {
			azemu_faults_clear(emu->faults);
			azemu_response_json(resp, 204, NULL);
		} else {
			azemu_response_json(resp, 200, azemu_faults_list(emu->faults));
		}
	} else if (n == 3 && strcmp(seg[1], "tokens") == 0 && strcmp(seg[2], "expire") == 0) {
		azemu_auth_expire_all(emu);
		azemu_response_json(resp, 204, NULL);
	} else if (n == 3 && strcmp(seg[1], "operations") == 0 && strcmp(seg[2], "complete") == 0) {
		azemu_op_complete_all(emu);
		azemu_response_json(resp, 204, NULL);
	} else if (n == 3 && strcmp(seg[1], "shares") == 0 && strcmp(seg[2], "purge") == 0) {
		purge_shares(emu);
		azemu_response_json(resp, 204, NULL);
	} else if (n >= 2 && strcmp(seg[1], "subscriptions") == 0) {
		resources(emu, req, body, seg + 1, n - 1, resp);
	} else {
		azemu_response_error(resp, 404, "NotFound", "unknown admin path %s", req->path);
	}
	if (azemu_state_save(emu) != 0)
		azemu_response_error(resp, 500, "InternalError", "azemu could not save its state file");
	pthread_mutex_unlock(&emu->lock);
	json_object_put(body);
	free(path);
}
