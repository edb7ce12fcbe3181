/* A request as the handlers see it and the response they build.  The
 * libmicrohttpd glue (server.c) fills one and sends the other. */
#ifndef AZEMU_HTTP_H
#define AZEMU_HTTP_H

#include <stddef.h>
#include <stdint.h>

#include <json-c/json.h>

struct MHD_Connection;

/** One request; everything borrowed for the handler call. */
struct azemu_request {
	struct MHD_Connection *conn;
	const char *method;
	const char *path;               /* percent-decoded */
	const char *query;              /* "a=b&c=d" rebuilt for logs, "" when none */
	const char *body;               /* NUL-terminated, "" when none */
	size_t body_len;
	const char *base_url;           /* "http://<Host header>" for absolute URLs */
	int64_t now_ms;
};

/** Value of a query argument (decoded), NULL when absent. */
const char *azemu_query(const struct azemu_request *r, const char *name);

/** Value of a request header (case-insensitive), NULL when absent. */
const char *azemu_header(const struct azemu_request *r, const char *name);

#define AZEMU_MAX_HEADERS 16

/** A response under construction; azemu_response_clear frees it. */
struct azemu_response {
	int status;
	char *body;                     /* malloc'd, NULL: empty */
	size_t n_headers;
	char *names[AZEMU_MAX_HEADERS];
	char *values[AZEMU_MAX_HEADERS];
};

/** Add a header (copied; printf-style value). */
void azemu_response_header(struct azemu_response *resp, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/** Set status and a JSON body (obj is consumed; NULL: empty body). */
void azemu_response_json(struct azemu_response *resp, int status, json_object *obj);

/** Set an ARM error: {"error":{"code","message"}} with status. */
void azemu_response_error(struct azemu_response *resp, int status, const char *code,
                          const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/** Set an AAD/IMDS-style error: {"error","error_description",...}. */
void azemu_response_oauth_error(struct azemu_response *resp, int status, const char *error,
                                const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/** Free what the response holds and zero it. */
void azemu_response_clear(struct azemu_response *resp);

#endif
