/* ARM errors: parsing, the mapping table, messages. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <json-c/json.h>

#include "plugins/aca/arm_error.h"

/*
 * Codes whose meaning for a Docker client differs from what the HTTP status
 * alone says.  A missing subscription, resource group, storage account or
 * environment is a broken backend configuration, not a missing volume; a
 * refused api-version is a bug of ours; throttling that outlived the retry
 * budget means "try later".
 */
static const struct {
	const char *code;
	enum sl_status status;
} code_table[] = {
	{ "ResourceNotFound", SL_ERR_NOT_FOUND },
	{ "NotFound", SL_ERR_NOT_FOUND },
	{ "ShareNotFound", SL_ERR_NOT_FOUND },
	{ "ManagedEnvironmentStorageNotFound", SL_ERR_NOT_FOUND },
	{ "ContainerAppJobExecutionNotFound", SL_ERR_NOT_FOUND },
	{ "ResourceGroupNotFound", SL_ERR_UNAVAILABLE },
	{ "SubscriptionNotFound", SL_ERR_UNAVAILABLE },
	{ "ParentResourceNotFound", SL_ERR_UNAVAILABLE },
	{ "ManagedEnvironmentNotFound", SL_ERR_UNAVAILABLE },
	{ "MissingSubscriptionRegistration", SL_ERR_UNAVAILABLE },
	{ "ShareBeingDeleted", SL_ERR_CONFLICT },
	{ "ShareAlreadyExists", SL_ERR_CONFLICT },
	{ "ManagedEnvironmentStorageInUse", SL_ERR_CONFLICT },
	{ "PreconditionFailed", SL_ERR_CONFLICT },
	{ "Conflict", SL_ERR_CONFLICT },
	{ "AuthorizationFailed", SL_ERR_FORBIDDEN },
	{ "LinkedAuthorizationFailed", SL_ERR_FORBIDDEN },
	{ "AuthenticationFailed", SL_ERR_FORBIDDEN },
	{ "InvalidAuthenticationToken", SL_ERR_FORBIDDEN },
	{ "ExpiredAuthenticationToken", SL_ERR_FORBIDDEN },
	{ "invalid_client", SL_ERR_FORBIDDEN },
	{ "unauthorized_client", SL_ERR_FORBIDDEN },
	{ "invalid_grant", SL_ERR_FORBIDDEN },
	{ "TooManyRequests", SL_ERR_UNAVAILABLE },
	{ "SubscriptionRequestsThrottled", SL_ERR_UNAVAILABLE },
	{ "ResourceCollectionRequestsThrottled", SL_ERR_UNAVAILABLE },
	{ "NoRegisteredProviderFound", SL_ERR_INTERNAL },
	{ "InvalidApiVersionParameter", SL_ERR_INTERNAL },
	{ "MissingApiVersionParameter", SL_ERR_INTERNAL },
	{ "InvalidResourceName", SL_ERR_INVALID },
	{ "OutOfRangeInput", SL_ERR_INVALID },
	{ "ContainerAppInvalidName", SL_ERR_INVALID },
	{ "InvalidRequestContent", SL_ERR_INVALID },
};

enum sl_status aca_arm_error_map(long http_status, const char *code)
{
	if (code != NULL) {
		for (size_t i = 0; i < sizeof(code_table) / sizeof(code_table[0]); i++) {
			if (strcasecmp(code_table[i].code, code) == 0)
				return code_table[i].status;
		}
	}
	switch (http_status) {
	case 400:
		return SL_ERR_INVALID;
	case 401:
	case 403:
		return SL_ERR_FORBIDDEN;
	case 404:
		return SL_ERR_NOT_FOUND;
	case 409:
	case 412:
		return SL_ERR_CONFLICT;
	case 408:
	case 429:
		return SL_ERR_UNAVAILABLE;
	default:
		return http_status >= 500 && http_status <= 599 ? SL_ERR_UNAVAILABLE : SL_ERR_INTERNAL;
	}
}

static const char *str_field(json_object *obj, const char *key)
{
	json_object *v;

	if (obj == NULL || !json_object_object_get_ex(obj, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

int aca_arm_error_parse(struct aca_arm_arena *arena, const char *body, size_t len, const char **code,
                    const char **message)
{
	json_tokener *tok;
	json_object *root, *err = NULL, *details;
	const char *c = NULL, *m = NULL;
	int rc = -1;

	*code = NULL;
	*message = NULL;
	if (body == NULL || len == 0)
		return -1;
	tok = json_tokener_new();
	root = json_tokener_parse_ex(tok, body, (int)len);
	json_tokener_free(tok);
	if (root == NULL || !json_object_is_type(root, json_type_object)) {
		json_object_put(root);
		return -1;
	}
	if (json_object_object_get_ex(root, "error", &err) && json_object_is_type(err, json_type_object)) {
		c = str_field(err, "code");
		m = str_field(err, "message");
		if (c != NULL || m != NULL) {
			const char *dm = NULL, *dc = NULL;

			if (json_object_object_get_ex(err, "details", &details) &&
			    json_object_is_type(details, json_type_array) &&
			    json_object_array_length(details) > 0) {
				json_object *d = json_object_array_get_idx(details, 0);

				dc = str_field(d, "code");
				dm = str_field(d, "message");
			}
			*code = aca_arm_arena_strdup(arena, c != NULL ? c : "");
			if (dm != NULL && (m == NULL || strcmp(dm, m) != 0))
				*message = aca_arm_arena_sprintf(arena, "%s (%s%s%s)", m != NULL ? m : "",
				                             dc != NULL ? dc : "", dc != NULL ? ": " : "", dm);
			else
				*message = aca_arm_arena_strdup(arena, m != NULL ? m : "");
			rc = 0;
		}
	} else if ((c = str_field(root, "error")) != NULL) {
		/* AAD, IMDS and the Container Apps identity endpoint. */
		m = str_field(root, "error_description");
		*code = aca_arm_arena_strdup(arena, c);
		*message = aca_arm_arena_strdup(arena, m != NULL ? m : "");
		rc = 0;
	} else if ((c = str_field(root, "code")) != NULL) {
		m = str_field(root, "message");
		*code = aca_arm_arena_strdup(arena, c);
		*message = aca_arm_arena_strdup(arena, m != NULL ? m : "");
		rc = 0;
	}
	json_object_put(root);
	return rc;
}

static void copy_field(char *dst, size_t cap, const char *src)
{
	snprintf(dst, cap, "%s", src != NULL ? src : "");
}

void aca_arm_error_from_response(struct aca_arm_error *err, const struct aca_arm_redactor *r, const char *what,
                             long http_status, const char *body, size_t len, const char *request_id,
                             const char *suffix)
{
	struct aca_arm_arena *arena = aca_arm_arena_new();
	const char *code, *message;
	char *raw;

	aca_arm_error_clear(err);
	err->http_status = http_status;
	copy_field(err->request_id, sizeof(err->request_id), request_id);
	if (aca_arm_error_parse(arena, body, len, &code, &message) == 0) {
		copy_field(err->code, sizeof(err->code), code);
		err->status = aca_arm_error_map(http_status, code);
		raw = aca_arm_arena_sprintf(arena, "%s: %s: %s%s", what, *code != '\0' ? code : "error",
		                        message, suffix != NULL ? suffix : "");
	} else {
		char excerpt[201];
		size_t n = 0;

		/* Gateways in front of ARM answer HTML or plain text. */
		for (size_t i = 0; body != NULL && i < len && n < sizeof(excerpt) - 1; i++)
			excerpt[n++] = (body[i] == '\r' || body[i] == '\n' || body[i] == '\t') ? ' ' : body[i];
		excerpt[n] = '\0';
		err->status = aca_arm_error_map(http_status, NULL);
		raw = aca_arm_arena_sprintf(arena, "%s: HTTP %ld%s%s%s", what, http_status, n > 0 ? ": " : "",
		                        excerpt, suffix != NULL ? suffix : "");
	}
	aca_arm_redact(r, raw, err->message, sizeof(err->message));
	aca_arm_arena_free_wiped(arena);
}

void aca_arm_error_set(struct aca_arm_error *err, const struct aca_arm_redactor *r, enum sl_status status,
                   const char *fmt, ...)
{
	char raw[sizeof(err->message)];
	va_list ap;

	aca_arm_error_clear(err);
	err->status = status;
	va_start(ap, fmt);
	vsnprintf(raw, sizeof(raw), fmt, ap);
	va_end(ap);
	aca_arm_redact(r, raw, err->message, sizeof(err->message));
	explicit_bzero(raw, sizeof(raw));
}

void aca_arm_error_clear(struct aca_arm_error *err)
{
	memset(err, 0, sizeof(*err));
	err->status = SL_OK;
}
