/* One HTTP exchange with retries: the loop shared by ARM calls, LRO polls
 * and token requests. */
#ifndef ACA_ARM_EXCHANGE_H
#define ACA_ARM_EXCHANGE_H

#include "plugins/aca/arm_arena.h"
#include "plugins/aca/arm_error.h"
#include "plugins/aca/arm_http.h"
#include "plugins/aca/arm_runtime.h"

/** What to send and how to treat the answers. */
struct aca_arm_exchange {
	const struct aca_arm_runtime *rt;
	const char *what;               /* context of messages: "share x", "token" */
	int idempotent;                 /* may be repeated after an unknown outcome */
	/**
	 * Build the request of one attempt in scratch (freed, wiped, after the
	 * attempt).  Called before every attempt, so headers such as the bearer
	 * token are current.  Returns SL_OK or an error code with err set.
	 */
	int (*prepare)(void *arg, struct aca_arm_arena *scratch, struct aca_arm_http_request *req,
	               struct aca_arm_error *err);
	/**
	 * Look at an answer before the retry rules do; return 1 to send again
	 * at once without counting an attempt (the token refresh on a 401).
	 * May be NULL.
	 */
	int (*answered)(void *arg, const struct aca_arm_http_response *resp);
	void *arg;
};

/** How the loop ended when it returned an answer. */
struct aca_arm_exchange_outcome {
	int attempts;                   /* requests sent, 1 + retries */
	int exhausted;                  /* the last answer was retryable but the budget ran out */
	int unsafe;                     /* retryable answer not retried: the request is not idempotent */
};

/**
 * Run the exchange.  Retries transport failures and 408/429/5xx answers
 * with backoff (or the delay Azure asked for) within the policy's bounds;
 * a non-idempotent request is repeated only when it surely was not carried
 * out.  Returns SL_OK with the final answer in resp (any status; the caller
 * releases it) or an error with err set when no answer arrived.
 */
int aca_arm_exchange_run(const struct aca_arm_exchange *x, struct aca_arm_http_response *resp,
                     struct aca_arm_exchange_outcome *outcome, struct aca_arm_error *err);

#endif
