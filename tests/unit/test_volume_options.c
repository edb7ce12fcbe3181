/* Volume driver names and driver options. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "plugins/aca/volume_options.h"

static struct aca_volume_opts defaults(void)
{
	struct aca_volume_opts o = { 100, "TransactionOptimized", 0 };

	return o;
}

/* Parse one key=value over the defaults; the message on failure. */
static int parse1(const char *key, const char *value, struct aca_volume_opts *o, char *msg)
{
	struct sl_kv kv = { key, value };
	struct sl_map m = { 1, 1, &kv };

	*o = defaults();
	msg[0] = '\0';
	return aca_volume_opts_parse(&m, o, msg, 256);
}

static void test_driver_names(void **state)
{
	(void)state;
	assert_true(aca_volume_driver_known(NULL));
	assert_true(aca_volume_driver_known(""));
	assert_true(aca_volume_driver_known("local"));
	assert_true(aca_volume_driver_known("azure-files"));
	assert_false(aca_volume_driver_known("nope"));
	assert_false(aca_volume_driver_known("Local"));
	assert_false(aca_volume_driver_known("azure-files:latest"));
}

static void test_no_options_keep_defaults(void **state)
{
	struct aca_volume_opts o = defaults();
	struct sl_map absent = { 0, 0, NULL };
	struct sl_map empty = { 1, 0, NULL };
	char msg[256];

	(void)state;
	assert_int_equal(aca_volume_opts_parse(NULL, &o, msg, sizeof(msg)), 0);
	assert_int_equal(aca_volume_opts_parse(&absent, &o, msg, sizeof(msg)), 0);
	assert_int_equal(aca_volume_opts_parse(&empty, &o, msg, sizeof(msg)), 0);
	assert_int_equal(o.quota_gib, 100);
	assert_string_equal(o.tier, "TransactionOptimized");
	assert_false(o.read_only);
}

static void test_valid_options(void **state)
{
	struct sl_kv kv[3] = { { "quota", "5120" }, { "tier", "cool" }, { "access_mode", "ro" } };
	struct sl_map m = { 1, 3, kv };
	struct aca_volume_opts o = defaults();
	char msg[256];

	(void)state;
	assert_int_equal(aca_volume_opts_parse(&m, &o, msg, sizeof(msg)), 0);
	assert_int_equal(o.quota_gib, 5120);
	assert_string_equal(o.tier, "Cool");
	assert_true(o.read_only);
	assert_int_equal(parse1("quota", "1", &o, msg), 0);
	assert_int_equal(o.quota_gib, 1);
	assert_int_equal(parse1("quota", "102400", &o, msg), 0);
	assert_int_equal(parse1("tier", "TRANSACTIONOPTIMIZED", &o, msg), 0);
	assert_string_equal(o.tier, "TransactionOptimized");
	assert_int_equal(parse1("tier", "Premium", &o, msg), 0);
	assert_string_equal(o.tier, "Premium");
	assert_int_equal(parse1("tier", "hot", &o, msg), 0);
	assert_string_equal(o.tier, "Hot");
	assert_int_equal(parse1("access_mode", "rw", &o, msg), 0);
	assert_false(o.read_only);
}

static void test_unknown_option_is_docker_wording(void **state)
{
	struct aca_volume_opts o;
	char msg[256];

	(void)state;
	assert_int_equal(parse1("bogus", "1", &o, msg), -1);
	assert_string_equal(msg, "invalid option: \"bogus\"");
	/* The local driver's own keys mean nothing here. */
	assert_int_equal(parse1("type", "nfs", &o, msg), -1);
	assert_string_equal(msg, "invalid option: \"type\"");
	assert_int_equal(parse1("Quota", "1", &o, msg), -1);
	assert_string_equal(msg, "invalid option: \"Quota\"");
}

static void test_bad_values(void **state)
{
	static const char *const quotas[] = { "", "0", "-1", "+5", "1.5", "5G", "102401",
		                              "99999999999999999999", " 5" };
	struct aca_volume_opts o;
	char msg[256];

	(void)state;
	for (size_t i = 0; i < sizeof(quotas) / sizeof(quotas[0]); i++) {
		assert_int_equal(parse1("quota", quotas[i], &o, msg), -1);
		assert_non_null(strstr(msg, "invalid value for option \"quota\""));
		assert_int_equal(o.quota_gib, 100);
	}
	assert_int_equal(parse1("quota", "abc", &o, msg), -1);
	assert_string_equal(msg,
	                    "invalid value for option \"quota\": \"abc\" (whole GiB from 1 to 102400)");
	assert_int_equal(parse1("tier", "archive", &o, msg), -1);
	assert_string_equal(msg, "invalid value for option \"tier\": \"archive\" "
	                         "(TransactionOptimized, Hot, Cool or Premium)");
	assert_int_equal(parse1("access_mode", "readonly", &o, msg), -1);
	assert_string_equal(msg, "invalid value for option \"access_mode\": \"readonly\" (rw or ro)");
	assert_null(aca_volume_tier_canonical(NULL));
	assert_null(aca_volume_tier_canonical(""));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_driver_names),
		cmocka_unit_test(test_no_options_keep_defaults),
		cmocka_unit_test(test_valid_options),
		cmocka_unit_test(test_unknown_option_is_docker_wording),
		cmocka_unit_test(test_bad_values),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
