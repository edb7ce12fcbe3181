/* The per-request context handed to plugins as struct sl_call: it owns the
 * request's arena and carries the error a hook reports. */
#ifndef GW_CALL_H
#define GW_CALL_H

#include <sockerless/plugin.h>

#include "gateway/arena.h"

struct sl_call {
	struct gw_arena *arena;       /* borrowed: owned by the request */
	enum sl_status status;        /* SL_OK until a hook fails */
	const char *message;          /* in the arena; NULL until a hook fails */
};

/** Prepare a call over an arena the caller owns. */
void gw_call_init(struct sl_call *call, struct gw_arena *arena);

/** Record an error on the call (what sl_host.fail does); returns code. */
int gw_call_fail(struct sl_call *call, enum sl_status code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/** HTTP status for a plugin status code. */
unsigned gw_status_http(int code);

#endif
