/* The retry loop. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "plugins/aca/arm_exchange.h"
#include "plugins/aca/arm_url.h"

static void log_attempt(const struct aca_arm_runtime *rt, const struct aca_arm_http_request *req,
                        const struct aca_arm_http_response *resp, enum aca_arm_tx_result tx,
                        const char *txerr, int64_t elapsed)
{
	if (tx == ACA_ARM_TX_OK) {
		const char *rid = aca_arm_http_header_get(resp, "x-ms-request-id");

		aca_arm_log(&rt->log, SL_LOG_DEBUG, "arm: %s %s -> %ld in %lld ms%s%s", req->method, req->url,
		        resp->status, (long long)elapsed, rid != NULL ? ", request id " : "",
		        rid != NULL ? rid : "");
	} else {
		aca_arm_log(&rt->log, SL_LOG_DEBUG, "arm: %s %s -> no answer in %lld ms: %s", req->method,
		        req->url, (long long)elapsed, txerr);
	}
}

int aca_arm_exchange_run(const struct aca_arm_exchange *x, struct aca_arm_http_response *resp,
                     struct aca_arm_exchange_outcome *outcome, struct aca_arm_error *err)
{
	const struct aca_arm_runtime *rt = x->rt;
	const struct aca_arm_retry_policy *pol = &rt->retry;
	int64_t start = rt->clock->now_ms(rt->clock->arg);
	int attempt = 0;

	memset(outcome, 0, sizeof(*outcome));
	memset(resp, 0, sizeof(*resp));
	for (;;) {
		struct aca_arm_arena *scratch = aca_arm_arena_new();
		struct aca_arm_http_request req;
		char txerr[512] = "", host[256];
		enum aca_arm_tx_result tx;
		int64_t t0, wait;
		int retryable, rc;
		const char *why;

		memset(&req, 0, sizeof(req));
		rc = x->prepare(x->arg, scratch, &req, err);
		if (rc != SL_OK) {
			aca_arm_arena_free_wiped(scratch);
			return rc;
		}
		snprintf(host, sizeof(host), "%s", aca_arm_url_host(scratch, req.url));
		t0 = rt->clock->now_ms(rt->clock->arg);
		tx = rt->transport.send(rt->transport.arg, &req, resp, txerr, sizeof(txerr));
		outcome->attempts++;
		log_attempt(rt, &req, resp, tx, txerr, rt->clock->now_ms(rt->clock->arg) - t0);
		aca_arm_arena_free_wiped(scratch);

		if (tx == ACA_ARM_TX_OK) {
			if (x->answered != NULL && x->answered(x->arg, resp)) {
				aca_arm_http_response_clear(resp);
				continue;
			}
			if (!aca_arm_retry_status(resp->status))
				return SL_OK;
			retryable = x->idempotent || aca_arm_retry_not_carried_out(resp->status);
			if (!retryable) {
				outcome->unsafe = 1;
				return SL_OK;
			}
			wait = aca_arm_retry_after_ms(resp, rt->clock->now_ms(rt->clock->arg));
			if (wait < 0)
				wait = aca_arm_retry_backoff_ms(pol, attempt, rt->clock->random(rt->clock->arg));
			why = "answer";
		} else {
			retryable = x->idempotent || tx == ACA_ARM_TX_NOT_SENT;
			if (!retryable) {
				aca_arm_error_set(err, rt->redactor, SL_ERR_UNAVAILABLE,
				              "%s: no answer from %s: %s (not retried: the request may have been "
				              "carried out)",
				              x->what, host, txerr);
				return err->status;
			}
			wait = aca_arm_retry_backoff_ms(pol, attempt, rt->clock->random(rt->clock->arg));
			why = txerr;
		}
		if (attempt >= pol->max_retries ||
		    rt->clock->now_ms(rt->clock->arg) + wait - start > pol->max_total_ms) {
			if (tx == ACA_ARM_TX_OK) {
				outcome->exhausted = 1;
				return SL_OK;
			}
			aca_arm_error_set(err, rt->redactor, SL_ERR_UNAVAILABLE,
			              "%s: cannot reach %s: %s (gave up after %d attempts)", x->what, host,
			              txerr, outcome->attempts);
			return err->status;
		}
		if (tx == ACA_ARM_TX_OK)
			aca_arm_log(&rt->log, SL_LOG_INFO, "arm: %s: HTTP %ld, retrying in %lld ms (attempt %d of %d)",
			        x->what, resp->status, (long long)wait, attempt + 2, pol->max_retries + 1);
		else
			aca_arm_log(&rt->log, SL_LOG_INFO, "arm: %s: %s, retrying in %lld ms (attempt %d of %d)",
			        x->what, why, (long long)wait, attempt + 2, pol->max_retries + 1);
		aca_arm_http_response_clear(resp);
		if (wait > 0)
			rt->clock->sleep_ms(rt->clock->arg, wait);
		attempt++;
	}
}
