/* Unit tests for gateway/names.c: container and local volume names. */
#include "config.h"

#include "tests/unit/codec_test.h"
#include "gateway/names.h"

static void test_container_names(void **state)
{
	static const struct {
		const char *in;
		const char *out;            /* NULL: refused */
	} cases[] = {
		{ "web", "web" }, { "/web", "web" }, { "a1", "a1" }, { "A.b_c-d", "A.b_c-d" },
		{ "9lives", "9lives" }, { "a", NULL }, { "/a", NULL }, { "-web", NULL }, { "_x", NULL },
		{ ".x", NULL }, { "web/1", NULL }, { "//web", NULL }, { "we b", NULL }, { "caf\xc3\xa9", NULL },
		{ "/", NULL },
	};
	struct gw_arena *a = *state;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct gw_codec_error err = { 0, NULL };
		const char *out = NULL;
		int rc = gw_container_name_check(a, cases[i].in, &out, &err);

		if (cases[i].out != NULL) {
			if (rc != 0)
				fail_msg("%s: %s", cases[i].in, err.message);
			assert_string_equal(out, cases[i].out);
			continue;
		}
		if (rc == 0)
			fail_msg("%s: accepted", cases[i].in);
		assert_int_equal(err.status, 400);
		assert_string_equal(err.message, gw_arena_sprintf(a,
			"Invalid container name (%s), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed", cases[i].in));
	}
}

static void test_volume_names(void **state)
{
	struct gw_arena *a = *state;
	struct gw_codec_error err;

	assert_int_equal(gw_volume_name_check(a, "ct-v1", &err), 0);
	assert_int_equal(gw_volume_name_check(a, "ab", &err), 0);
	assert_int_equal(gw_volume_name_check(a, "0_x.y-z", &err), 0);
	assert_int_equal(gw_volume_name_check(a, "a", &err), -1);
	assert_int_equal(err.status, 400);
	assert_string_equal(err.message,
	                    "create a: volume name is too short, names should be at least two alphanumeric characters");
	/* One character is "too short" even when it is not a valid one. */
	assert_int_equal(gw_volume_name_check(a, "/", &err), -1);
	assert_string_equal(err.message,
	                    "create /: volume name is too short, names should be at least two alphanumeric characters");
	assert_int_equal(gw_volume_name_check(a, "bad/name", &err), -1);
	assert_int_equal(err.status, 400);
	assert_string_equal(err.message,
	                    "create bad/name: \"bad/name\" includes invalid characters for a local volume name, only \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass a host directory, use absolute path");
	assert_int_equal(gw_volume_name_check(a, "./rel", &err), -1);
	assert_int_equal(gw_volume_name_check(a, "-ab", &err), -1);
	assert_int_equal(gw_volume_name_check(a, "a\"b", &err), -1);
	assert_string_equal(err.message,
	                    "create a\"b: \"a\\\"b\" includes invalid characters for a local volume name, only \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass a host directory, use absolute path");
	assert_true(gw_name_is_restricted("ab"));
	assert_false(gw_name_is_restricted(""));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_container_names, codec_setup, codec_teardown),
		cmocka_unit_test_setup_teardown(test_volume_names, codec_setup, codec_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
