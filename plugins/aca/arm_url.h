/* URL rules of the ARM client: which endpoints it may talk to, and how it
 * builds paths and form bodies. */
#ifndef ACA_ARM_URL_H
#define ACA_ARM_URL_H

#include <stddef.h>

#include "plugins/aca/arm_arena.h"

/**
 * Check an endpoint: https is always accepted (and verified later by TLS);
 * plain http only when the host is a loopback address or "localhost"
 * (azemu, the Container Apps identity endpoint) or, when allow_imds is
 * set, the link-local IMDS address 169.254.169.254.  Returns 0, or -1
 * with the reason in err.
 */
int aca_arm_url_check_endpoint(const char *url, int allow_imds, char *err, size_t errlen);

/**
 * Do a and b have the same scheme, host and port?  The client sends its
 * bearer token only to its own ARM endpoint, so polling URLs from
 * Location / Azure-AsyncOperation headers must pass this check.
 */
int aca_arm_url_same_origin(const char *a, const char *b);

/** The host part of url in the arena (for messages); "?" when unparsable. */
char *aca_arm_url_host(struct aca_arm_arena *arena, const char *url);

/** Percent-encode everything but RFC 3986 unreserved characters (and '@'). */
char *aca_arm_url_escape(struct aca_arm_arena *arena, const char *s);

/** A copy of url without trailing slashes. */
char *aca_arm_url_trim(struct aca_arm_arena *arena, const char *url);

#endif
