/* Unit tests for gateway/gotime.c: Go's RFC 3339 output and Docker's
 * `until` input forms. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "tests/unit/codec_test.h"
#include "gateway/gotime.h"

#define S 1000000000LL
/* 2024-01-02T15:04:05Z */
#define T0 1704207845LL

static void test_format(void **state)
{
	struct gw_arena *a = *state;

	assert_string_equal(gw_time_rfc3339nano(a, T0 * S), "2024-01-02T15:04:05Z");
	assert_string_equal(gw_time_rfc3339nano(a, T0 * S + 123456789), "2024-01-02T15:04:05.123456789Z");
	/* Go trims trailing zeros of the fraction. */
	assert_string_equal(gw_time_rfc3339nano(a, T0 * S + 120000000), "2024-01-02T15:04:05.12Z");
	assert_string_equal(gw_time_rfc3339nano(a, T0 * S + 1), "2024-01-02T15:04:05.000000001Z");
	assert_string_equal(gw_time_rfc3339(a, T0 * S + 999999999), "2024-01-02T15:04:05Z");
	/* Zero is Go's zero time (StartedAt of a container never started). */
	assert_string_equal(gw_time_rfc3339nano(a, 0), "0001-01-01T00:00:00Z");
	assert_string_equal(gw_time_rfc3339nano(a, -1), "1969-12-31T23:59:59.999999999Z");
}

static void test_format_zone(void **state)
{
	struct gw_arena *a = *state;

	setenv("TZ", "UTC-2", 1);
	tzset();
	assert_string_equal(gw_time_rfc3339(a, T0 * S), "2024-01-02T17:04:05+02:00");
	setenv("TZ", "UTC+5:30", 1);
	tzset();
	assert_string_equal(gw_time_rfc3339nano(a, T0 * S + 5), "2024-01-02T09:34:05.000000005-05:30");
	setenv("TZ", "UTC", 1);
	tzset();
}

static void test_durations(void **state)
{
	static const struct {
		const char *in;
		int ok;
		int64_t ns;
	} cases[] = {
		{ "10m", 1, 600 * S }, { "1h30m", 1, 5400 * S }, { "1.5h", 1, 5400 * S },
		{ "-2s", 1, -2 * S }, { "+3ms", 1, 3000000 }, { "300us", 1, 300000 },
		{ "1\xc2\xb5s", 1, 1000 }, { "1\xce\xbcs", 1, 1000 }, { "7ns", 1, 7 },
		{ ".5s", 1, S / 2 }, { "0", 1, 0 }, { "-0", 1, 0 }, { "2562047h", 1, 2562047LL * 3600 * S },
		{ "", 0, 0 }, { "1", 0, 0 }, { "h", 0, 0 }, { "1d", 0, 0 }, { "1.h", 1, 3600 * S },
		{ ".s", 0, 0 }, { "3000000h", 0, 0 }, { "1h-1m", 0, 0 }, { "abc", 0, 0 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int64_t ns = -42;
		int rc = gw_parse_go_duration(cases[i].in, &ns);

		if (cases[i].ok) {
			assert_int_equal(rc, 0);
			assert_int_equal(ns, cases[i].ns);
		} else {
			assert_int_equal(rc, -1);
		}
	}
}

static void test_until_good(void **state)
{
	struct gw_arena *a = *state;
	const int64_t now = (T0 + 3600) * S + 500000000;
	static const struct {
		const char *in;
		int64_t ns;
	} cases[] = {
		/* Durations count back from now, kept to the second. */
		{ "1h", T0 * S },
		{ "30m", (T0 + 1800) * S },
		{ "-1h", (T0 + 7200) * S },
		{ "1700000000", 1700000000LL * S },
		{ "1700000000.5", 1700000000LL * S + 500000000 },
		{ "1700000000.000000001", 1700000000LL * S + 1 },
		{ "0", 0 },
		{ "2024-01-02T15:04:05Z", T0 * S },
		{ "2024-01-02T15:04:05.25Z", T0 * S + 250000000 },
		{ "2024-01-02T17:04:05+02:00", T0 * S },
		{ "2024-01-02T15:04Z", (T0 - 5) * S },
		{ "2024-01-02T15Z", (T0 - 245) * S },
		{ "2024-01-02Z", (T0 - 54245) * S },
		{ "2024-01-02", (T0 - 54245) * S },
		{ "2024-01-02T15:04:05", T0 * S },
		{ "2024-01-02T15:04", (T0 - 5) * S },
		{ "2024-01-02T15", (T0 - 245) * S },
		{ "2024-01-02T15:04:05.5", T0 * S + 500000000 },
		{ "2024-01-02T15:04:05,5Z", T0 * S + 500000000 },
		{ "2024-02-29", 1709164800LL * S },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct gw_codec_error err = { 0, NULL };
		int64_t ns = -1;

		if (gw_parse_until(a, cases[i].in, now, &ns, &err) != 0)
			fail_msg("%s: %s", cases[i].in, err.message);
		if (ns != cases[i].ns)
			fail_msg("%s: got %lld, want %lld", cases[i].in, (long long)ns, (long long)cases[i].ns);
	}
}

static void test_until_bad(void **state)
{
	struct gw_arena *a = *state;
	static const struct {
		const char *in;
		const char *msg;
	} cases[] = {
		{ "abc", "failed to parse value as time or duration: \"abc\"" },
		{ "1.2.3", "failed to parse value as time or duration: \"1.2.3\"" },
		{ "", "failed to parse value as time or duration: \"\"" },
		{ "2024-13-01", "parsing time \"2024-13-01\": month out of range" },
		{ "2024-02-30", "parsing time \"2024-02-30\": day out of range" },
		{ "2023-02-29", "parsing time \"2023-02-29\": day out of range" },
		{ "2024-01-02T25:00Z", "parsing time \"2024-01-02T25:00Z\": hour out of range" },
		{ "2024-01-02T10:61Z", "parsing time \"2024-01-02T10:61Z\": minute out of range" },
		{ "2024-1-02",
		  "parsing time \"2024-1-02\" as \"2006-01-02\": cannot parse \"1-02\" as \"01\"" },
		{ "24-01-02",
		  "parsing time \"24-01-02\" as \"2006-01-02\": cannot parse \"24-01-02\" as \"2006\"" },
		{ "2024-01-02x",
		  "parsing time \"2024-01-02x\": extra text: \"x\"" },
		{ "2024-01-02T15:04:05z",
		  "parsing time \"2024-01-02T15:04:05z\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"z\" as \"Z07:00\"" },
		{ "2024/01/02T10:00:00Z",
		  "failed to parse value as time or duration: \"2024/01/02T10:00:00Z\"" },
		{ "2024-01-02 10:00",
		  "parsing time \"2024-01-02 10:00\": extra text: \" 10:00\"" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct gw_codec_error err = { 0, NULL };
		int64_t ns;

		if (gw_parse_until(a, cases[i].in, T0 * S, &ns, &err) == 0)
			fail_msg("%s: accepted", cases[i].in);
		assert_int_equal(err.status, 400);
		if (strcmp(err.message, cases[i].msg) != 0)
			fail_msg("%s: got <%s>, want <%s>", cases[i].in, err.message, cases[i].msg);
	}
}

static void test_until_local_zone(void **state)
{
	struct gw_arena *a = *state;
	struct gw_codec_error err;
	int64_t ns;

	/* Without a zone, dates are in the daemon's zone. */
	setenv("TZ", "UTC-2", 1);
	tzset();
	assert_int_equal(gw_parse_until(a, "2024-01-02T17:04:05", T0 * S, &ns, &err), 0);
	assert_int_equal(ns, T0 * S);
	setenv("TZ", "UTC", 1);
	tzset();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_format, codec_setup, codec_teardown),
		cmocka_unit_test_setup_teardown(test_format_zone, codec_setup, codec_teardown),
		cmocka_unit_test_setup_teardown(test_durations, codec_setup, codec_teardown),
		cmocka_unit_test_setup_teardown(test_until_good, codec_setup, codec_teardown),
		cmocka_unit_test_setup_teardown(test_until_bad, codec_setup, codec_teardown),
		cmocka_unit_test_setup_teardown(test_until_local_zone, codec_setup, codec_teardown),
	};

	setenv("TZ", "UTC", 1);
	tzset();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
