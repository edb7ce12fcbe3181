/* Retry decisions and delays. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "plugins/aca/arm_retry.h"

void aca_arm_retry_policy_default(struct aca_arm_retry_policy *p)
{
	p->max_retries = 3;
	p->base_delay_ms = 800;
	p->max_delay_ms = 60000;
	p->max_total_ms = 120000;
}

int aca_arm_retry_status(long status)
{
	switch (status) {
	case 408:
	case 429:
	case 500:
	case 502:
	case 503:
	case 504:
		return 1;
	default:
		return 0;
	}
}

int aca_arm_retry_not_carried_out(long status)
{
	return status == 429;
}

/* A non-negative decimal integer filling the whole string, or -1. */
static int64_t parse_count(const char *s)
{
	char *end;
	long long v;

	while (*s == ' ')
		s++;
	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	while (*end == ' ')
		end++;
	if (errno != 0 || *end != '\0' || v < 0 || v > INT64_MAX / 1000)
		return -1;
	return (int64_t)v;
}

int64_t aca_arm_retry_after_ms(const struct aca_arm_http_response *resp, int64_t now_ms)
{
	const char *ms_headers[] = { "retry-after-ms", "x-ms-retry-after-ms" };
	const char *v;

	for (size_t i = 0; i < sizeof(ms_headers) / sizeof(ms_headers[0]); i++) {
		v = aca_arm_http_header_get(resp, ms_headers[i]);
		if (v != NULL) {
			int64_t ms = parse_count(v);

			if (ms >= 0)
				return ms;
		}
	}
	v = aca_arm_http_header_get(resp, "Retry-After");
	if (v != NULL) {
		int64_t s = parse_count(v);
		time_t when;

		if (s >= 0)
			return s * 1000;
		/* An HTTP date: wait until then (never a negative wait). */
		when = curl_getdate(v, NULL);
		if (when != (time_t)-1) {
			int64_t ms = (int64_t)when * 1000 - now_ms;

			return ms > 0 ? ms : 0;
		}
	}
	return -1;
}

int64_t aca_arm_retry_backoff_ms(const struct aca_arm_retry_policy *p, int attempt, double random)
{
	int64_t delay = p->base_delay_ms;
	double factor;

	for (int i = 0; i < attempt && delay < p->max_delay_ms; i++)
		delay *= 2;
	if (delay > p->max_delay_ms)
		delay = p->max_delay_ms;
	if (random < 0.0)
		random = 0.0;
	if (random >= 1.0)
		random = 0.999999;
	factor = 0.8 + 0.4 * random;
	return (int64_t)((double)delay * factor);
}
