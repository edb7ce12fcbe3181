/* Requests and responses as handlers see them, and the helpers handlers
 * use to read input and write Docker-shaped answers. */
#ifndef GW_HTTP_H
#define GW_HTTP_H

#include <json-c/json.h>
#include <stddef.h>

#include "gateway/arena.h"
#include "gateway/backend.h"
#include "gateway/call.h"

struct MHD_Connection;
struct gw_server;

#define GW_MAX_PARAMS 4
#define GW_MAX_HEADERS 8

/** The server's newest and oldest API versions. */
#define GW_API_MAX_MAJOR 1
#define GW_API_MAX_MINOR 47
#define GW_API_MIN_MAJOR 1
#define GW_API_MIN_MINOR 24
#define GW_API_MAX_STRING "1.47"
#define GW_API_MIN_STRING "1.24"

/** The Docker Engine release whose API this gateway implements. */
#define GW_ENGINE_COMPAT "27.5.1"

/** One HTTP request, valid until its response has been sent. */
struct gw_request {
	const char *method;
	const char *url;                   /* path as received */
	const char *path;                  /* without the /vX.Y prefix */
	unsigned api_major;
	unsigned api_minor;                /* the server's max when unversioned */
	const char *body;                  /* NUL-terminated; "" when none */
	size_t body_len;
	const char *params[GW_MAX_PARAMS]; /* route placeholders, in order, URL-decoded */
	struct MHD_Connection *conn;
	struct gw_arena *arena;            /* freed after the response */
	struct sl_call call;
	struct gw_server *server;
	struct gw_backend *backend;
	struct gw_generation *gen;         /* referenced for the whole request */
};

/** A header to send. */
struct gw_header {
	const char *name;
	const char *value;
};

/** What a handler answers. */
struct gw_response {
	unsigned status;
	const char *body;                  /* arena or static; NULL: empty */
	size_t body_len;
	const char *content_type;          /* NULL: none */
	int docker_headers;                /* add Api-Version, Server, Ostype, ... */
	size_t n_headers;
	struct gw_header headers[GW_MAX_HEADERS];
};

/** A handler; fills resp.  The return value is ignored (resp says it all). */
typedef void (*gw_handler_fn)(struct gw_request *req, struct gw_response *resp);

/** A route: method and pattern ("/networks/{}" one segment, "{*}" the rest). */
struct gw_route {
	const char *method;
	const char *pattern;
	gw_handler_fn handler;
};

/** Is the request's API version at least major.minor? */
int gw_api_at_least(const struct gw_request *req, unsigned major, unsigned minor);

/** A query parameter (decoded), or NULL. */
const char *gw_query(const struct gw_request *req, const char *key);

/** A request header, or NULL. */
const char *gw_header(const struct gw_request *req, const char *name);

/** Docker's lenient boolean: false for "", 0, no, false, none. */
int gw_query_bool(const struct gw_request *req, const char *key);

/** Add a header to the response (name and value must outlive it). */
void gw_respond_header(struct gw_response *resp, const char *name, const char *value);

/** Answer JSON; the object is serialised into the arena and released. */
void gw_respond_json(struct gw_request *req, struct gw_response *resp, unsigned status,
                     json_object *obj);

/** Answer {"message": "..."} with Content-Type: application/json. */
void gw_respond_error(struct gw_request *req, struct gw_response *resp, unsigned status,
                      const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/** Answer the error a hook recorded in req->call. */
void gw_respond_call_error(struct gw_request *req, struct gw_response *resp);

/** Answer with no body. */
void gw_respond_empty(struct gw_response *resp, unsigned status);

/**
 * Answer 501 "<operation> is not supported by backend <name>" when hook
 * is NULL (or the plugin has no table); returns 1 if it answered.
 */
int gw_respond_unsupported(struct gw_request *req, struct gw_response *resp, const void *hook,
                           const char *operation);

/**
 * Parse the request body as JSON the way dockerd does: an empty body gives
 * *out = NULL and success; a body with another Content-Type, malformed or
 * trailing data gives Docker's 400.  Returns 0 on success (the object is
 * released with the arena), -1 after answering.
 */
int gw_request_json(struct gw_request *req, struct gw_response *resp, json_object **out);

/** Route tables of each API module, ending with a NULL method. */
extern const struct gw_route gw_system_routes[];
extern const struct gw_route gw_network_routes[];
extern const struct gw_route gw_volume_routes[];
extern const struct gw_route gw_container_routes[];

#endif
