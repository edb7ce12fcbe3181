/* Times the way Docker (Go) writes and reads them: RFC 3339 output with
 * Go's trimming of trailing zeros, and the `until` filter's input forms
 * (Unix timestamps, RFC 3339 date/time variants, Go durations). */
#ifndef GW_GOTIME_H
#define GW_GOTIME_H

#include <stdint.h>

#include "gateway/arena.h"
#include "gateway/codec_error.h"

/**
 * Format Unix ns as Go's time.RFC3339Nano in the daemon's local zone
 * ("2024-05-01T10:00:00.123456789Z", trailing fraction zeros dropped).
 * 0 gives Go's zero time "0001-01-01T00:00:00Z".
 */
const char *gw_time_rfc3339nano(struct gw_arena *arena, int64_t ns);

/** Format Unix ns as time.RFC3339 (second precision), local zone. */
const char *gw_time_rfc3339(struct gw_arena *arena, int64_t ns);

/**
 * Parse a Go duration ("10m", "1h30m", "-1.5h", "300ms").  Returns 0 and
 * the duration in ns, or -1 (Go refuses; the caller words the error).
 */
int gw_parse_go_duration(const char *text, int64_t *ns);

/**
 * Docker's `until` value relative to now_ns: a duration subtracts from
 * now; otherwise an RFC 3339 date/time (with or without zone, fraction,
 * seconds) or a Unix timestamp with optional fraction.  Returns 0 with
 * *out_ns, or -1 with Docker's 400 message in err.
 */
int gw_parse_until(struct gw_arena *arena, const char *text, int64_t now_ns, int64_t *out_ns,
                   struct gw_codec_error *err);

#endif
