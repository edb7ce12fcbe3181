/* Per-request context and the status mapping from plugin codes to HTTP. */
#include "config.h"

#include <stdarg.h>

#include "gateway/call.h"

void gw_call_init(struct sl_call *call, struct gw_arena *arena)
{
	call->arena = arena;
	call->status = SL_OK;
	call->message = NULL;
}

int gw_call_fail(struct sl_call *call, enum sl_status code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	call->message = gw_arena_vsprintf(call->arena, fmt, ap);
	va_end(ap);
	call->status = code;
	return (int)code;
}

unsigned gw_status_http(int code)
{
	switch (code) {
	case SL_OK: return 200;
	case SL_ERR_INVALID: return 400;
	case SL_ERR_NOT_FOUND: return 404;
	case SL_ERR_CONFLICT: return 409;
	case SL_ERR_FORBIDDEN: return 403;
	case SL_ERR_UNAVAILABLE: return 503;
	case SL_ERR_NOT_SUPPORTED: return 501;
	case SL_ERR_NOT_MODIFIED: return 304;
	default: return 500;   /* SL_ERR_INTERNAL and anything unknown */
	}
}
