/* Token requests for the four kinds of credentials. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "plugins/aca/arm_url.h"
#include "plugins/aca/azure_auth.h"

/* Federated tokens are JWTs of a few KiB; refuse anything absurd. */
#define MAX_ASSERTION 65536

struct aca_azure_credential {
	enum aca_azure_credential_kind kind;
	char *authority_host;
	char *tenant_id;
	char *client_id;
	char *client_secret;
	char *federated_token_file;
	char *identity_endpoint;
	char *identity_header;
	char *audience;
	char describe[256];
};

static char *dup_or_null(const char *s)
{
	char *p;

	if (s == NULL || *s == '\0')
		return NULL;
	p = strdup(s);
	if (p == NULL) {
		fputs("aca: out of memory\n", stderr);
		abort();
	}
	return p;
}

static void wipe_free(char *s)
{
	if (s != NULL) {
		explicit_bzero(s, strlen(s));
		free(s);
	}
}

void aca_azure_credential_free(struct aca_azure_credential *c)
{
	if (c == NULL)
		return;
	free(c->authority_host);
	free(c->tenant_id);
	free(c->client_id);
	wipe_free(c->client_secret);
	free(c->federated_token_file);
	free(c->identity_endpoint);
	wipe_free(c->identity_header);
	free(c->audience);
	free(c);
}

static enum aca_azure_credential_kind pick(const struct aca_azure_credential_options *o)
{
	if (o->federated_token_file != NULL && *o->federated_token_file != '\0')
		return ACA_AZURE_CRED_WORKLOAD_IDENTITY;
	if (o->client_secret != NULL && *o->client_secret != '\0')
		return ACA_AZURE_CRED_CLIENT_SECRET;
	return ACA_AZURE_CRED_MANAGED_IDENTITY;
}

int aca_azure_credential_new(const struct aca_azure_credential_options *o, struct aca_azure_credential **out,
                         char *err, size_t errlen)
{
	struct aca_azure_credential *c = calloc(1, sizeof(*c));
	char why[384];
	size_t n;

	if (c == NULL) {
		fputs("aca: out of memory\n", stderr);
		abort();
	}
	c->kind = o->kind == ACA_AZURE_CRED_AUTO ? pick(o) : o->kind;
	c->authority_host = dup_or_null(o->authority_host != NULL ? o->authority_host
	                                                          : "https://login.microsoftonline.com");
	n = strlen(c->authority_host);
	while (n > 0 && c->authority_host[n - 1] == '/')
		c->authority_host[--n] = '\0';
	c->tenant_id = dup_or_null(o->tenant_id);
	c->client_id = dup_or_null(o->client_id);
	c->client_secret = dup_or_null(o->client_secret);
	c->federated_token_file = dup_or_null(o->federated_token_file);
	c->identity_endpoint = dup_or_null(o->identity_endpoint);
	c->identity_header = dup_or_null(o->identity_header);
	c->audience = dup_or_null(o->audience != NULL ? o->audience : ACA_AZURE_ARM_AUDIENCE);

	switch (c->kind) {
	case ACA_AZURE_CRED_CLIENT_SECRET:
	case ACA_AZURE_CRED_WORKLOAD_IDENTITY:
		if (c->tenant_id == NULL || c->client_id == NULL) {
			snprintf(err, errlen, "%s needs tenant_id and client_id",
			         c->kind == ACA_AZURE_CRED_CLIENT_SECRET ? "a client secret" : "workload identity");
			goto fail;
		}
		if (c->kind == ACA_AZURE_CRED_CLIENT_SECRET && c->client_secret == NULL) {
			snprintf(err, errlen, "credential client-secret needs client_secret");
			goto fail;
		}
		if (c->kind == ACA_AZURE_CRED_WORKLOAD_IDENTITY && c->federated_token_file == NULL) {
			snprintf(err, errlen, "credential workload-identity needs federated_token_file");
			goto fail;
		}
		if (aca_arm_url_check_endpoint(c->authority_host, 0, why, sizeof(why)) != 0) {
			snprintf(err, errlen, "authority_host: %s", why);
			goto fail;
		}
		if (c->kind == ACA_AZURE_CRED_CLIENT_SECRET)
			snprintf(c->describe, sizeof(c->describe), "client secret of %s in tenant %s",
			         c->client_id, c->tenant_id);
		else
			snprintf(c->describe, sizeof(c->describe),
			         "workload identity %s in tenant %s (token file %s)", c->client_id,
			         c->tenant_id, c->federated_token_file);
		break;
	case ACA_AZURE_CRED_MANAGED_IDENTITY:
		if (c->identity_endpoint == NULL) {
			if (c->identity_header != NULL) {
				snprintf(err, errlen, "identity_header is set but identity_endpoint is not");
				goto fail;
			}
			c->identity_endpoint = dup_or_null(ACA_AZURE_IMDS_ENDPOINT);
		}
		if (aca_arm_url_check_endpoint(c->identity_endpoint, c->identity_header == NULL, why,
		                           sizeof(why)) != 0) {
			snprintf(err, errlen, "identity_endpoint: %s", why);
			goto fail;
		}
		snprintf(c->describe, sizeof(c->describe), "managed identity%s%s via %s",
		         c->client_id != NULL ? " " : "", c->client_id != NULL ? c->client_id : "",
		         c->identity_header != NULL ? "the identity endpoint" : "IMDS");
		break;
	case ACA_AZURE_CRED_AUTO:
	default:
		snprintf(err, errlen, "unknown credential kind");
		goto fail;
	}
	*out = c;
	return 0;
fail:
	aca_azure_credential_free(c);
	return -1;
}

enum aca_azure_credential_kind aca_azure_credential_kind(const struct aca_azure_credential *c)
{
	return c->kind;
}

const char *aca_azure_credential_describe(const struct aca_azure_credential *c)
{
	return c->describe;
}

/* application/x-www-form-urlencoded value. */
static char *form_escape(struct aca_arm_arena *arena, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	char *out = aca_arm_arena_alloc(arena, strlen(s) * 3 + 1);
	char *o = out;

	for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    *p == '-' || *p == '.' || *p == '_' || *p == '~') {
			*o++ = (char)*p;
		} else {
			*o++ = '%';
			*o++ = hex[*p >> 4];
			*o++ = hex[*p & 15];
		}
	}
	*o = '\0';
	return out;
}

static char *read_assertion(struct aca_arm_arena *arena, const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "re");
	char *buf;
	size_t n;

	if (f == NULL) {
		snprintf(err, errlen, "cannot read the federated token file %s: %s", path, strerror(errno));
		return NULL;
	}
	buf = aca_arm_arena_alloc(arena, MAX_ASSERTION + 1);
	n = fread(buf, 1, MAX_ASSERTION + 1, f);
	fclose(f);
	if (n > MAX_ASSERTION) {
		snprintf(err, errlen, "the federated token file %s is larger than %d bytes", path,
		         MAX_ASSERTION);
		return NULL;
	}
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r' || buf[n - 1] == ' '))
		n--;
	buf[n] = '\0';
	if (n == 0) {
		snprintf(err, errlen, "the federated token file %s is empty", path);
		return NULL;
	}
	return buf;
}

int aca_azure_credential_request(const struct aca_azure_credential *c, struct aca_arm_arena *arena,
                             struct aca_arm_http_request *req, const char *secrets[2], char *err,
                             size_t errlen)
{
	struct aca_arm_http_header *h = aca_arm_arena_alloc(arena, 3 * sizeof(*h));
	char *scope, *body;

	secrets[0] = secrets[1] = NULL;
	memset(req, 0, sizeof(*req));
	req->headers = h;
	switch (c->kind) {
	case ACA_AZURE_CRED_CLIENT_SECRET:
	case ACA_AZURE_CRED_WORKLOAD_IDENTITY:
		scope = aca_arm_arena_sprintf(arena, "%s.default", c->audience);
		if (c->kind == ACA_AZURE_CRED_CLIENT_SECRET) {
			body = aca_arm_arena_sprintf(arena,
			                         "grant_type=client_credentials&client_id=%s&client_secret=%s"
			                         "&scope=%s",
			                         form_escape(arena, c->client_id),
			                         form_escape(arena, c->client_secret), form_escape(arena, scope));
			secrets[0] = c->client_secret;
		} else {
			char *assertion = read_assertion(arena, c->federated_token_file, err, errlen);

			if (assertion == NULL)
				return -1;
			body = aca_arm_arena_sprintf(
				arena,
				"grant_type=client_credentials&client_id=%s&scope=%s"
				"&client_assertion_type=urn%%3Aietf%%3Aparams%%3Aoauth%%3Aclient-assertion-type"
				"%%3Ajwt-bearer&client_assertion=%s",
				form_escape(arena, c->client_id), form_escape(arena, scope),
				form_escape(arena, assertion));
			secrets[0] = assertion;
		}
		req->method = "POST";
		req->url = aca_arm_arena_sprintf(arena, "%s/%s/oauth2/v2.0/token", c->authority_host,
		                             form_escape(arena, c->tenant_id));
		h[0].name = "Content-Type";
		h[0].value = "application/x-www-form-urlencoded";
		h[1].name = "Accept";
		h[1].value = "application/json";
		req->n_headers = 2;
		req->body = body;
		req->body_len = strlen(body);
		return 0;
	case ACA_AZURE_CRED_MANAGED_IDENTITY: {
		const char *sep = strchr(c->identity_endpoint, '?') != NULL ? "&" : "?";
		const char *id = c->client_id != NULL ? aca_arm_arena_sprintf(arena, "&client_id=%s",
		                                                          form_escape(arena, c->client_id))
		                                      : "";

		req->method = "GET";
		if (c->identity_header != NULL) {
			req->url = aca_arm_arena_sprintf(arena, "%s%sapi-version=2019-08-01&resource=%s%s",
			                             c->identity_endpoint, sep,
			                             form_escape(arena, c->audience), id);
			h[0].name = "X-IDENTITY-HEADER";
			h[0].value = c->identity_header;
			secrets[0] = c->identity_header;
		} else {
			req->url = aca_arm_arena_sprintf(arena, "%s%sapi-version=2018-02-01&resource=%s%s",
			                             c->identity_endpoint, sep,
			                             form_escape(arena, c->audience), id);
			h[0].name = "Metadata";
			h[0].value = "true";
		}
		h[1].name = "Accept";
		h[1].value = "application/json";
		req->n_headers = 2;
		return 0;
	}
	case ACA_AZURE_CRED_AUTO:
	default:
		break;
	}
	snprintf(err, errlen, "unknown credential kind");
	return -1;
}

/* A JSON number, or a string holding a decimal integer. */
static int json_int(json_object *v, int64_t *out)
{
	if (json_object_is_type(v, json_type_int)) {
		*out = json_object_get_int64(v);
		return 0;
	}
	if (json_object_is_type(v, json_type_string)) {
		const char *s = json_object_get_string(v);
		char *end;
		long long n;

		errno = 0;
		n = strtoll(s, &end, 10);
		if (*s == '\0' || *end != '\0' || errno != 0)
			return -1;
		*out = (int64_t)n;
		return 0;
	}
	return -1;
}

int aca_azure_credential_parse(const struct aca_azure_credential *c, struct aca_arm_arena *arena,
                           const char *body, size_t len, int64_t now_ms, const char **token,
                           int64_t *expires_ms, char *err, size_t errlen)
{
	json_tokener *tok = json_tokener_new();
	json_object *root, *v;
	int64_t n;
	int rc = -1;

	(void)c;
	root = json_tokener_parse_ex(tok, body, (int)len);
	json_tokener_free(tok);
	if (root == NULL || !json_object_is_type(root, json_type_object)) {
		snprintf(err, errlen, "the token answer is not a JSON object");
		goto out;
	}
	if (!json_object_object_get_ex(root, "access_token", &v) ||
	    !json_object_is_type(v, json_type_string) || json_object_get_string_len(v) == 0) {
		snprintf(err, errlen, "the token answer has no access_token");
		goto out;
	}
	*token = aca_arm_arena_strdup(arena, json_object_get_string(v));
	if (json_object_object_get_ex(root, "expires_in", &v) && json_int(v, &n) == 0 && n > 0) {
		*expires_ms = now_ms + n * 1000;
	} else if (json_object_object_get_ex(root, "expires_on", &v) && json_int(v, &n) == 0 && n > 0) {
		*expires_ms = n * 1000;
	} else {
		snprintf(err, errlen, "the token answer has neither expires_in nor expires_on");
		goto out;
	}
	rc = 0;
out:
	if (root != NULL) {
		/* The parsed tree holds the token; json-c offers no wipe, so
		 * overwrite the string in place before releasing it. */
		if (json_object_object_get_ex(root, "access_token", &v) &&
		    json_object_is_type(v, json_type_string))
			explicit_bzero((char *)json_object_get_string(v), (size_t)json_object_get_string_len(v));
		json_object_put(root);
	}
	return rc;
}
