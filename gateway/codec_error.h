/* The outcome of a failed decode: an HTTP status and Docker's message.
 * Decoders fill one of these instead of writing a response, so that they
 * can be unit-tested without a connection. */
#ifndef GW_CODEC_ERROR_H
#define GW_CODEC_ERROR_H

#include "gateway/arena.h"

/** A decoding or validation failure. */
struct gw_codec_error {
	unsigned status;              /* HTTP status: 400 for bad input */
	const char *message;          /* in the arena; Docker's exact text */
};

/**
 * Record a failure in err (message formatted into arena) and return -1,
 * so that a decoder can write `return gw_codec_fail(...)`.
 */
int gw_codec_fail(struct gw_arena *arena, struct gw_codec_error *err, unsigned status,
                  const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/**
 * Quote s the way Go's %q does (double quotes, escapes for quotes,
 * backslashes and control characters), since Docker's messages quote
 * names with it.  The result lives in arena.
 */
const char *gw_go_quote(struct gw_arena *arena, const char *s);

#endif
