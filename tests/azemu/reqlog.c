/* The JSON-lines request log. */
#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tests/azemu/azemu.h"
#include "tests/azemu/reqlog.h"

#define REDACTED "[redacted]"

struct azemu_reqlog {
	pthread_mutex_t lock;
	FILE *f;
};

/* Members whose values are secrets wherever they appear. */
static const char *const secret_members[] = {
	"accountKey", "client_secret", "client_assertion", "access_token", "password",
	"connectionString", "key",
	/* Admin calls that rotate credentials. */
	"federatedToken", "clientSecret",
};

/* Form fields (token requests) that carry secrets. */
static const char *const secret_fields[] = { "client_secret", "client_assertion", "assertion" };

struct azemu_reqlog *azemu_reqlog_open(const char *path)
{
	struct azemu_reqlog *log = calloc(1, sizeof(*log));

	if (log == NULL)
		abort();
	pthread_mutex_init(&log->lock, NULL);
	if (path != NULL) {
		log->f = fopen(path, "ae");
		if (log->f == NULL) {
			free(log);
			return NULL;
		}
		setvbuf(log->f, NULL, _IOLBF, 0);
	}
	return log;
}

void azemu_reqlog_close(struct azemu_reqlog *log)
{
	if (log == NULL)
		return;
	if (log->f != NULL)
		fclose(log->f);
	pthread_mutex_destroy(&log->lock);
	free(log);
}

static int is_secret_member(const char *name)
{
	for (size_t i = 0; i < sizeof(secret_members) / sizeof(secret_members[0]); i++) {
		if (strcasecmp(name, secret_members[i]) == 0)
			return 1;
	}
	return 0;
}

/*
 * Redact in place.  parent names the member holding obj: the "value" of a
 * job secret ("secrets": [{name, value}]) and of a storage key ("keys")
 * are secrets too.
 */
static void redact_tree(json_object *obj, const char *parent)
{
	if (json_object_is_type(obj, json_type_array)) {
		for (size_t i = 0; i < json_object_array_length(obj); i++)
			redact_tree(json_object_array_get_idx(obj, i), parent);
		return;
	}
	if (!json_object_is_type(obj, json_type_object))
		return;
	json_object_object_foreach(obj, key, val) {
		int secret = is_secret_member(key) ||
		             (strcmp(key, "value") == 0 && parent != NULL &&
		              (strcmp(parent, "secrets") == 0 || strcmp(parent, "keys") == 0));

		if (secret && json_object_is_type(val, json_type_string))
			json_object_object_add(obj, key, json_object_new_string(REDACTED));
		else
			redact_tree(val, key);
	}
}

static json_object *redact_form(const char *body)
{
	char *copy = azemu_strdup(body), *save = NULL;
	size_t cap = strlen(body) + 64, len = 0;
	char *out = malloc(cap);
	json_object *result;

	if (out == NULL)
		abort();
	out[0] = '\0';
	for (char *tok = strtok_r(copy, "&", &save); tok != NULL; tok = strtok_r(NULL, "&", &save)) {
		char *eq = strchr(tok, '=');
		int secret = 0;

		for (size_t i = 0; eq != NULL && i < sizeof(secret_fields) / sizeof(secret_fields[0]); i++) {
			if ((size_t)(eq - tok) == strlen(secret_fields[i]) &&
			    strncmp(tok, secret_fields[i], (size_t)(eq - tok)) == 0)
				secret = 1;
		}
		if (secret)
			*(eq + 1) = '\0';
		len += (size_t)snprintf(out + len, cap - len, "%s%s%s", len > 0 ? "&" : "", tok,
		                        secret ? REDACTED : "");
	}
	explicit_bzero(copy, strlen(body));
	free(copy);
	result = json_object_new_string(out);
	free(out);
	return result;
}

json_object *azemu_reqlog_redact_body(const char *body, size_t len)
{
	json_tokener *tok;
	json_object *root;

	if (body == NULL || len == 0)
		return NULL;
	tok = json_tokener_new();
	root = json_tokener_parse_ex(tok, body, (int)len);
	json_tokener_free(tok);
	if (root != NULL) {
		redact_tree(root, NULL);
		return root;
	}
	/* Not JSON: a token request's form, or garbage.  Form rules apply. */
	return redact_form(body);
}

void azemu_reqlog_write(struct azemu_reqlog *log, const char *kind,
                        const struct azemu_request *req, int status, int fault)
{
	json_object *line, *body;

	if (log == NULL || log->f == NULL)
		return;
	line = json_object_new_object();
	json_object_object_add(line, "time", json_object_new_string(azemu_iso_time(req->now_ms)));
	json_object_object_add(line, "kind", json_object_new_string(kind));
	json_object_object_add(line, "method", json_object_new_string(req->method));
	json_object_object_add(line, "path", json_object_new_string(req->path));
	json_object_object_add(line, "query", json_object_new_string(req->query));
	json_object_object_add(line, "status", json_object_new_int(status));
	if (fault > 0)
		json_object_object_add(line, "fault", json_object_new_int(fault));
	body = azemu_reqlog_redact_body(req->body, req->body_len);
	if (body != NULL)
		json_object_object_add(line, "body", body);
	pthread_mutex_lock(&log->lock);
	fprintf(log->f, "%s\n",
	        json_object_to_json_string_ext(line, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
	pthread_mutex_unlock(&log->lock);
	json_object_put(line);
}
