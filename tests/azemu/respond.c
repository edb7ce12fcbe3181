/* Building responses: JSON bodies, ARM and OAuth errors, headers. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/azemu/azemu.h"
#include "tests/azemu/http.h"

void azemu_response_header(struct azemu_response *resp, const char *name, const char *fmt, ...)
{
	char value[2048];
	va_list ap;

	if (resp->n_headers >= AZEMU_MAX_HEADERS)
		return;
	va_start(ap, fmt);
	vsnprintf(value, sizeof(value), fmt, ap);
	va_end(ap);
	resp->names[resp->n_headers] = azemu_strdup(name);
	resp->values[resp->n_headers] = azemu_strdup(value);
	resp->n_headers++;
}

void azemu_response_json(struct azemu_response *resp, int status, json_object *obj)
{
	resp->status = status;
	free(resp->body);
	resp->body = NULL;
	if (obj != NULL) {
		resp->body = azemu_strdup(json_object_to_json_string_ext(
			obj, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
		json_object_put(obj);
	}
}

void azemu_response_error(struct azemu_response *resp, int status, const char *code,
                          const char *fmt, ...)
{
	char message[2048];
	json_object *root = json_object_new_object(), *err = json_object_new_object();
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(message, sizeof(message), fmt, ap);
	va_end(ap);
	json_object_object_add(err, "code", json_object_new_string(code));
	json_object_object_add(err, "message", json_object_new_string(message));
	json_object_object_add(root, "error", err);
	azemu_response_json(resp, status, root);
}

void azemu_response_oauth_error(struct azemu_response *resp, int status, const char *error,
                                const char *fmt, ...)
{
	char message[2048], trace[37], corr[37];
	json_object *root = json_object_new_object(), *codes = json_object_new_array();
	va_list ap;
	long code = 0;

	va_start(ap, fmt);
	vsnprintf(message, sizeof(message), fmt, ap);
	va_end(ap);
	/* AADSTS codes lead the description; repeat them in error_codes as AAD does. */
	if (strncmp(message, "AADSTS", 6) == 0)
		code = strtol(message + 6, NULL, 10);
	if (code > 0)
		json_object_array_add(codes, json_object_new_int64(code));
	azemu_uuid(trace);
	azemu_uuid(corr);
	json_object_object_add(root, "error", json_object_new_string(error));
	json_object_object_add(root, "error_description", json_object_new_string(message));
	json_object_object_add(root, "error_codes", codes);
	json_object_object_add(root, "timestamp",
	                       json_object_new_string(azemu_iso_time(azemu_now_ms())));
	json_object_object_add(root, "trace_id", json_object_new_string(trace));
	json_object_object_add(root, "correlation_id", json_object_new_string(corr));
	azemu_response_json(resp, status, root);
}

void azemu_response_clear(struct azemu_response *resp)
{
	for (size_t i = 0; i < resp->n_headers; i++) {
		free(resp->names[i]);
		free(resp->values[i]);
	}
	free(resp->body);
	memset(resp, 0, sizeof(*resp));
}
