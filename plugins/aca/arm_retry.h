/* The retry policy: which answers are worth another attempt, how long to
 * wait (exponential backoff with jitter, or what Azure asked for). */
#ifndef ACA_ARM_RETRY_H
#define ACA_ARM_RETRY_H

#include <stdint.h>

#include "plugins/aca/arm_http.h"

/** Bounds of the retry loop (Azure SDK defaults unless configured). */
struct aca_arm_retry_policy {
	int max_retries;                /* attempts after the first; default 3 */
	int64_t base_delay_ms;          /* first backoff; default 800 */
	int64_t max_delay_ms;           /* cap of one backoff; default 60000 */
	int64_t max_total_ms;           /* whole call, waits included; default 120000 */
};

/** Fill p with the defaults above. */
void aca_arm_retry_policy_default(struct aca_arm_retry_policy *p);

/** Is an answer with this status worth another attempt (408, 429, 500, 502, 503, 504)? */
int aca_arm_retry_status(long status);

/**
 * Did Azure say it did not carry the request out?  Only then may a
 * non-idempotent POST (a job start) be sent again: 429 is answered by the
 * throttling layer before the request reaches the resource provider.
 */
int aca_arm_retry_not_carried_out(long status);

/**
 * The wait Azure asked for, in ms: retry-after-ms or x-ms-retry-after-ms
 * (milliseconds), else Retry-After (seconds, or an HTTP date compared
 * with now_ms).  -1 when the answer asks for nothing parsable.
 */
int64_t aca_arm_retry_after_ms(const struct aca_arm_http_response *resp, int64_t now_ms);

/**
 * Backoff before retry number attempt (0 for the first retry):
 * min(max_delay, base_delay * 2^attempt), scaled by a jitter factor in
 * [0.8, 1.2) taken from random (in [0, 1)).
 */
int64_t aca_arm_retry_backoff_ms(const struct aca_arm_retry_policy *p, int attempt, double random);

#endif
