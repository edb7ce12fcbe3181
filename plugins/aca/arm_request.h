/* One ARM request: URL, bearer token (refreshed once on a 401), retries,
 * and the error message of a failed answer. */
#ifndef ACA_ARM_REQUEST_H
#define ACA_ARM_REQUEST_H

#include <stddef.h>
#include <stdint.h>

#include <json-c/json.h>

#include "plugins/aca/arm_internal.h"

/** What to send. */
struct aca_arm_call {
	const char *method;
	/**
	 * A path below the ARM endpoint ("/subscriptions/..."; segments
	 * already escaped), or an absolute URL of the same origin (polling,
	 * nextLink), which is sent as it is.
	 */
	const char *path;
	const char *api_version;                /* added as ?api-version= unless path is absolute */
	const char *query;                      /* extra query ("$expand=stats"), NULL: none */
	const char *body;                       /* JSON, NULL: none */
	int idempotent;                         /* GET, PUT, DELETE, safe POSTs */
	const char *if_match;                   /* NULL: none */
	int if_none_match;                      /* If-None-Match: * */
	const char *what;                       /* "share x": context of messages */
};

/** A successful (2xx) answer; strings in the arena. */
struct aca_arm_answer {
	long status;
	const char *body;                       /* "" when empty */
	size_t body_len;
	const char *location;                   /* Location header, NULL if none */
	const char *async_operation;            /* Azure-AsyncOperation header, NULL if none */
	const char *etag;                       /* ETag header, NULL if none */
	int64_t retry_after_ms;                 /* -1 when none */
};

/**
 * Send call and wait for a final answer.  2xx answers return SL_OK with
 * ans filled; anything else is an error in err (the ARM error mapped by
 * the table, with "(gave up after N attempts)" when retries ran out).
 */
int aca_arm_send(struct aca_arm_client *c, struct aca_arm_arena *arena, const struct aca_arm_call *call,
             struct aca_arm_answer *ans, struct aca_arm_error *err);

/**
 * GET a list and every page after it (nextLink, same origin only).
 * *items receives a new JSON array of all "value" entries; the caller
 * releases it with json_object_put.
 */
int aca_arm_list_all(struct aca_arm_client *c, struct aca_arm_arena *arena, const struct aca_arm_call *call,
                 json_object **items, struct aca_arm_error *err);

/** "/subscriptions/{sub}/resourceGroups/{rg}/providers/" + printf(fmt) (arena). */
char *aca_arm_resource_path(struct aca_arm_client *c, struct aca_arm_arena *arena, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
