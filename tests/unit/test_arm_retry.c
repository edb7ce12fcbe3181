/* The retry policy: statuses, backoff with jitter, Retry-After forms. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "plugins/aca/arm_http.h"
#include "plugins/aca/arm_retry.h"

static struct aca_arm_http_response with_header(const char *name, const char *value)
{
	struct aca_arm_http_response r;

	memset(&r, 0, sizeof(r));
	aca_arm_http_response_add_header(&r, name, strlen(name), value, strlen(value));
	return r;
}

static void test_retryable_statuses(void **state)
{
	const long yes[] = { 408, 429, 500, 502, 503, 504 };
	const long no[] = { 200, 201, 202, 204, 400, 401, 403, 404, 409, 412, 501, 505 };

	(void)state;
	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		assert_true(aca_arm_retry_status(yes[i]));
	for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		assert_false(aca_arm_retry_status(no[i]));
	/* Only throttling proves the provider never saw the request. */
	assert_true(aca_arm_retry_not_carried_out(429));
	assert_false(aca_arm_retry_not_carried_out(500));
	assert_false(aca_arm_retry_not_carried_out(503));
}

static void test_backoff_doubles_and_caps(void **state)
{
	struct aca_arm_retry_policy p;

	(void)state;
	aca_arm_retry_policy_default(&p);
	/* random 0.5 is a jitter factor of exactly 1. */
	assert_int_equal(aca_arm_retry_backoff_ms(&p, 0, 0.5), 800);
	assert_int_equal(aca_arm_retry_backoff_ms(&p, 1, 0.5), 1600);
	assert_int_equal(aca_arm_retry_backoff_ms(&p, 2, 0.5), 3200);
	assert_int_equal(aca_arm_retry_backoff_ms(&p, 20, 0.5), 60000);
	assert_int_equal(aca_arm_retry_backoff_ms(&p, 1000, 0.5), 60000);
}

static void test_backoff_jitter_bounds(void **state)
{
	struct aca_arm_retry_policy p;

	(void)state;
	aca_arm_retry_policy_default(&p);
	assert_int_equal(aca_arm_retry_backoff_ms(&p, 0, 0.0), 640);
	assert_in_range(aca_arm_retry_backoff_ms(&p, 0, 0.999999), 959, 960);
	/* Out-of-range random values are clamped, not trusted. */
	assert_int_equal(aca_arm_retry_backoff_ms(&p, 0, -3.0), 640);
	assert_in_range(aca_arm_retry_backoff_ms(&p, 0, 7.0), 959, 960);
}

static void test_retry_after_seconds(void **state)
{
	struct aca_arm_http_response r = with_header("Retry-After", "7");

	(void)state;
	assert_int_equal(aca_arm_retry_after_ms(&r, 0), 7000);
	aca_arm_http_response_clear(&r);
	r = with_header("retry-after", " 0 ");
	assert_int_equal(aca_arm_retry_after_ms(&r, 0), 0);
	aca_arm_http_response_clear(&r);
}

static void test_retry_after_http_date(void **state)
{
	/* Sun, 06 Nov 1994 08:49:37 GMT is 784111777. */
	struct aca_arm_http_response r = with_header("Retry-After", "Sun, 06 Nov 1994 08:49:37 GMT");

	(void)state;
	assert_int_equal(aca_arm_retry_after_ms(&r, 784111777000LL - 30000), 30000);
	/* A date in the past means "now", never a negative wait. */
	assert_int_equal(aca_arm_retry_after_ms(&r, 784111777000LL + 5000), 0);
	aca_arm_http_response_clear(&r);
}

static void test_retry_after_ms_headers_win(void **state)
{
	struct aca_arm_http_response r = with_header("Retry-After", "9");

	(void)state;
	aca_arm_http_response_add_header(&r, "retry-after-ms", 14, "250", 3);
	assert_int_equal(aca_arm_retry_after_ms(&r, 0), 250);
	aca_arm_http_response_clear(&r);
	r = with_header("x-ms-retry-after-ms", "1500");
	assert_int_equal(aca_arm_retry_after_ms(&r, 0), 1500);
	aca_arm_http_response_clear(&r);
}

static void test_retry_after_garbage(void **state)
{
	struct aca_arm_http_response r = with_header("Retry-After", "soon");
	struct aca_arm_http_response none;

	(void)state;
	assert_int_equal(aca_arm_retry_after_ms(&r, 0), -1);
	aca_arm_http_response_clear(&r);
	r = with_header("retry-after-ms", "-5");
	assert_int_equal(aca_arm_retry_after_ms(&r, 0), -1);
	aca_arm_http_response_clear(&r);
	memset(&none, 0, sizeof(none));
	assert_int_equal(aca_arm_retry_after_ms(&none, 0), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_retryable_statuses),
		cmocka_unit_test(test_backoff_doubles_and_caps),
		cmocka_unit_test(test_backoff_jitter_bounds),
		cmocka_unit_test(test_retry_after_seconds),
		cmocka_unit_test(test_retry_after_http_date),
		cmocka_unit_test(test_retry_after_ms_headers_win),
		cmocka_unit_test(test_retry_after_garbage),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
