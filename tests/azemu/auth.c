/* Token issuing and checking. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tests/azemu/auth.h"
#include "tests/azemu/state.h"

#define ARM_SCOPE "https://management.azure.com/.default"
#define ARM_SCOPE_LEGACY "https://management.core.windows.net//.default"

/* A form body (application/x-www-form-urlencoded) value, decoded into buf. */
static const char *form_value(const char *body, const char *name, char *buf, size_t cap)
{
	size_t nlen = strlen(name);
	const char *p = body;

	while (p != NULL && *p != '\0') {
		const char *end = strchr(p, '&');
		size_t len = end != NULL ? (size_t)(end - p) : strlen(p);

		if (len > nlen && strncmp(p, name, nlen) == 0 && p[nlen] == '=') {
			size_t o = 0;

			for (size_t i = nlen + 1; i < len && o + 1 < cap; i++) {
				if (p[i] == '+') {
					buf[o++] = ' ';
				} else if (p[i] == '%' && i + 2 < len) {
					char hex[3] = { p[i + 1], p[i + 2], '\0' };

					buf[o++] = (char)strtol(hex, NULL, 16);
					i += 2;
				} else {
					buf[o++] = p[i];
				}
			}
			buf[o] = '\0';
			return buf;
		}
		p = end != NULL ? end + 1 : NULL;
	}
	return NULL;
}

/* Issue a token; lock held.  buf receives it. */
static void issue(struct azemu *emu, const char *kind, char *buf, size_t cap, int64_t *expires_on)
{
	json_object *tokens = azemu_obj(emu->state, "tokens", 1), *t = json_object_new_object();
	char rnd[49];

	azemu_random_name(rnd, 48);
	snprintf(buf, cap, "azemu.%s.%s", kind, rnd);
	*expires_on = azemu_now_ms() / 1000 + emu->cfg.token_lifetime_s;
	json_object_object_add(t, "expiresOn", json_object_new_int64(*expires_on));
	json_object_object_add(t, "kind", json_object_new_string(kind));
	json_object_object_add(tokens, buf, t);
	emu->dirty = 1;
}

static int is_arm_resource(const char *r)
{
	return r != NULL && (strcmp(r, "https://management.azure.com/") == 0 ||
	                     strcmp(r, "https://management.azure.com") == 0 ||
	                     strcmp(r, "https://management.core.windows.net/") == 0);
}

void azemu_auth_token_endpoint(struct azemu *emu, const struct azemu_request *req,
                               const char *tenant, struct azemu_response *resp)
{
	char grant[128], client[256], scope[256], secret[1024], atype[256], token[128];
	static char assertion[65536];
	const char *g, *cl, *sc, *se, *at, *as;
	json_object *body;
	int64_t expires_on;

	if (strcmp(req->method, "POST") != 0) {
		azemu_response_oauth_error(resp, 405, "invalid_request",
		                           "AADSTS900561: The endpoint only accepts POST requests.");
		return;
	}
	if (emu->cfg.tenant_id != NULL && strcasecmp(tenant, emu->cfg.tenant_id) != 0) {
		azemu_response_oauth_error(resp, 400, "invalid_request",
		                           "AADSTS90002: Tenant '%s' not found. Check to make sure you have "
		                           "the correct tenant ID and are signing into the correct cloud.",
		                           tenant);
		return;
	}
	g = form_value(req->body, "grant_type", grant, sizeof(grant));
	cl = form_value(req->body, "client_id", client, sizeof(client));
	sc = form_value(req->body, "scope", scope, sizeof(scope));
	se = form_value(req->body, "client_secret", secret, sizeof(secret));
	at = form_value(req->body, "client_assertion_type", atype, sizeof(atype));
	pthread_mutex_lock(&emu->lock);
	as = form_value(req->body, "client_assertion", assertion, sizeof(assertion));
	if (g == NULL) {
		azemu_response_oauth_error(resp, 400, "invalid_request",
		                           "AADSTS900144: The request body must contain the following "
		                           "parameter: 'grant_type'.");
	} else if (strcmp(g, "client_credentials") != 0) {
		azemu_response_oauth_error(resp, 400, "unsupported_grant_type",
		                           "AADSTS70003: The app requested an unsupported grant type '%s'.",
		                           g);
	} else if (cl == NULL) {
		azemu_response_oauth_error(resp, 400, "invalid_request",
		                           "AADSTS900144: The request body must contain the following "
		                           "parameter: 'client_id'.");
	} else if (emu->cfg.client_id == NULL || strcasecmp(cl, emu->cfg.client_id) != 0) {
		azemu_response_oauth_error(resp, 400, "unauthorized_client",
		                           "AADSTS700016: Application with identifier '%s' was not found in "
		                           "the directory '%s'.",
		                           cl, tenant);
	} else if (sc == NULL) {
		azemu_response_oauth_error(resp, 400, "invalid_request",
		                           "AADSTS900144: The request body must contain the following "
		                           "parameter: 'scope'.");
	} else if (strcmp(sc, ARM_SCOPE) != 0 && strcmp(sc, ARM_SCOPE_LEGACY) != 0) {
		azemu_response_oauth_error(resp, 400, "invalid_scope",
		                           "AADSTS1002012: The provided value for scope %s is not valid. "
		                           "azemu issues tokens for %s only.",
		                           sc, ARM_SCOPE);
	} else if (se != NULL) {
		if (emu->cfg.client_secret == NULL || strcmp(se, emu->cfg.client_secret) != 0)
			azemu_response_oauth_error(resp, 401, "invalid_client",
			                           "AADSTS7000215: Invalid client secret provided. Ensure the "
			                           "secret being sent in the request is the client secret "
			                           "value, not the client secret ID, for a secret added to app "
			                           "'%s'.",
			                           cl);
	} else if (as != NULL) {
		if (at == NULL ||
		    strcmp(at, "urn:ietf:params:oauth:client-assertion-type:jwt-bearer") != 0)
			azemu_response_oauth_error(resp, 400, "invalid_request",
			                           "AADSTS700024: client_assertion_type must be "
			                           "urn:ietf:params:oauth:client-assertion-type:jwt-bearer.");
		else if (emu->cfg.federated_token == NULL || strcmp(as, emu->cfg.federated_token) != 0)
			azemu_response_oauth_error(resp, 401, "invalid_client",
			                           "AADSTS70021: No matching federated identity record found "
			                           "for presented assertion.");
	} else {
		azemu_response_oauth_error(resp, 401, "invalid_client",
		                           "AADSTS7000218: The request body must contain the following "
		                           "parameter: 'client_assertion' or 'client_secret'.");
	}
	if (resp->status == 0) {
		issue(emu, as != NULL ? "wi" : "sp", token, sizeof(token), &expires_on);
		if (azemu_state_save(emu) != 0)
			azemu_response_oauth_error(resp, 500, "server_error", "azemu could not save its state");
	}
	if (resp->status == 0) {
		body = json_object_new_object();
		json_object_object_add(body, "token_type", json_object_new_string("Bearer"));
		json_object_object_add(body, "expires_in", json_object_new_int64(emu->cfg.token_lifetime_s));
		json_object_object_add(body, "ext_expires_in",
		                       json_object_new_int64(emu->cfg.token_lifetime_s));
		json_object_object_add(body, "access_token", json_object_new_string(token));
		azemu_response_json(resp, 200, body);
	}
	explicit_bzero(assertion, sizeof(assertion));
	pthread_mutex_unlock(&emu->lock);
	explicit_bzero(secret, sizeof(secret));
}

static void identity_token(struct azemu *emu, const struct azemu_request *req, int imds,
                           struct azemu_response *resp)
{
	const char *resource = azemu_query(req, "resource");
	const char *client_id = azemu_query(req, "client_id");
	json_object *body;
	char token[128], num[32];
	int64_t expires_on;

	if (strcmp(req->method, "GET") != 0) {
		azemu_response_oauth_error(resp, 405, "invalid_request", "Only GET is supported.");
		return;
	}
	if (azemu_query(req, "api-version") == NULL) {
		azemu_response_oauth_error(resp, 400, "invalid_request",
		                           "Required query variable 'api-version' is missing");
		return;
	}
	if (!is_arm_resource(resource)) {
		azemu_response_oauth_error(resp, 400, "invalid_resource",
		                           "AADSTS500011: The resource principal named %s was not found. "
		                           "azemu issues tokens for https://management.azure.com/ only.",
		                           resource != NULL ? resource : "(none)");
		return;
	}
	pthread_mutex_lock(&emu->lock);
	if (imds && !emu->cfg.managed_identity) {
		pthread_mutex_unlock(&emu->lock);
		azemu_response_oauth_error(resp, 400, "invalid_request", "Identity not found");
		return;
	}
	if (client_id != NULL && (emu->cfg.client_id == NULL || strcasecmp(client_id, emu->cfg.client_id) != 0)) {
		pthread_mutex_unlock(&emu->lock);
		azemu_response_oauth_error(resp, 400, "invalid_request", "Identity not found");
		return;
	}
	issue(emu, "mi", token, sizeof(token), &expires_on);
	if (azemu_state_save(emu) != 0) {
		pthread_mutex_unlock(&emu->lock);
		azemu_response_oauth_error(resp, 500, "server_error", "azemu could not save its state");
		return;
	}
	body = json_object_new_object();
	json_object_object_add(body, "access_token", json_object_new_string(token));
	snprintf(num, sizeof(num), "%lld", (long long)expires_on);
	json_object_object_add(body, "expires_on", json_object_new_string(num));
	if (imds) {
		snprintf(num, sizeof(num), "%lld", (long long)emu->cfg.token_lifetime_s);
		json_object_object_add(body, "expires_in", json_object_new_string(num));
		json_object_object_add(body, "ext_expires_in", json_object_new_string(num));
	}
	json_object_object_add(body, "resource", json_object_new_string(resource));
	json_object_object_add(body, "token_type", json_object_new_string("Bearer"));
	if (emu->cfg.client_id != NULL)
		json_object_object_add(body, "client_id", json_object_new_string(emu->cfg.client_id));
	pthread_mutex_unlock(&emu->lock);
	azemu_response_json(resp, 200, body);
}

void azemu_auth_imds(struct azemu *emu, const struct azemu_request *req,
                     struct azemu_response *resp)
{
	const char *md = azemu_header(req, "Metadata");

	if (md == NULL || strcasecmp(md, "true") != 0) {
		azemu_response_oauth_error(resp, 400, "invalid_request",
		                           "Required metadata header not specified");
		return;
	}
	identity_token(emu, req, 1, resp);
}

void azemu_auth_identity_endpoint(struct azemu *emu, const struct azemu_request *req,
                                  struct azemu_response *resp)
{
	const char *h = azemu_header(req, "X-IDENTITY-HEADER");

	if (emu->cfg.identity_header == NULL || h == NULL || strcmp(h, emu->cfg.identity_header) != 0) {
		azemu_response_oauth_error(resp, 401, "invalid_request",
		                           "The X-IDENTITY-HEADER header is missing or does not match "
		                           "IDENTITY_HEADER.");
		return;
	}
	identity_token(emu, req, 0, resp);
}

static void unauthorized(struct azemu *emu, struct azemu_response *resp, const char *code,
                         const char *message)
{
	azemu_response_error(resp, 401, code, "%s", message);
	azemu_response_header(resp, "WWW-Authenticate",
	                      "Bearer authorization_uri=\"https://login.windows.net/%s\", "
	                      "error=\"invalid_token\", error_description=\"%s\"",
	                      emu->cfg.tenant_id != NULL ? emu->cfg.tenant_id : "common", message);
}

int azemu_auth_check(struct azemu *emu, const struct azemu_request *req,
                     struct azemu_response *resp)
{
	const char *h = azemu_header(req, "Authorization");
	json_object *tokens = azemu_obj(emu->state, "tokens", 1), *t;
	int64_t exp, now = req->now_ms / 1000;
	char message[256], when[64];

	if (h == NULL) {
		unauthorized(emu, resp, "AuthenticationFailed",
		             "Authentication failed. The 'Authorization' header is missing.");
		return -1;
	}
	if (strncasecmp(h, "Bearer ", 7) != 0) {
		unauthorized(emu, resp, "AuthenticationFailed",
		             "Authentication failed. The 'Authorization' header is provided in an invalid "
		             "format.");
		return -1;
	}
	if (!json_object_object_get_ex(tokens, h + 7, &t)) {
		unauthorized(emu, resp, "InvalidAuthenticationToken", "The access token is invalid.");
		return -1;
	}
	{
		json_object *e;

		exp = json_object_object_get_ex(t, "expiresOn", &e) ? json_object_get_int64(e) : 0;
	}
	if (exp <= now) {
		snprintf(when, sizeof(when), "%s", azemu_iso_time(exp * 1000));
		snprintf(message, sizeof(message),
		         "The access token expiry UTC time '%s' is earlier than current UTC time '%s'.",
		         when, azemu_iso_time(req->now_ms));
		unauthorized(emu, resp, "ExpiredAuthenticationToken", message);
		return -1;
	}
	return 0;
}

void azemu_auth_expire_all(struct azemu *emu)
{
	json_object *tokens = azemu_obj(emu->state, "tokens", 1);
	int64_t past = azemu_now_ms() / 1000 - 1;

	json_object_object_foreach(tokens, key, t) {
		(void)key;
		json_object_object_add(t, "expiresOn", json_object_new_int64(past));
	}
	emu->dirty = 1;
}
