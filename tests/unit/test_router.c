/* Router: version prefixes and route matching. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "gateway/router.h"

struct version_case {
	const char *url;
	enum gw_version_result result;
	const char *rest;
	unsigned major, minor;
};

static void test_split_version(void **state)
{
	static const struct version_case cases[] = {
		{ "/_ping", GW_VERSION_OK, "/_ping", 1, 47 },
		{ "/v1.47/version", GW_VERSION_OK, "/version", 1, 47 },
		{ "/v1.24/networks", GW_VERSION_OK, "/networks", 1, 24 },
		{ "/v1.41/networks/abc", GW_VERSION_OK, "/networks/abc", 1, 41 },
		{ "/v1.99/version", GW_VERSION_TOO_NEW, "/version", 1, 99 },
		{ "/v2/version", GW_VERSION_TOO_NEW, "/version", 2, 0 },
		{ "/v1.48/version", GW_VERSION_TOO_NEW, "/version", 1, 48 },
		{ "/v1.23/version", GW_VERSION_TOO_OLD, "/version", 1, 23 },
		{ "/v1.12/networks", GW_VERSION_TOO_OLD, "/networks", 1, 12 },
		{ "/v1.x/version", GW_VERSION_NOT_A_ROUTE, "/v1.x/version", 1, 47 },
		{ "/v1.47", GW_VERSION_NOT_A_ROUTE, "/v1.47", 1, 47 },
		{ "/volumes/v1.2", GW_VERSION_OK, "/volumes/v1.2", 1, 47 },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct gw_arena *arena = gw_arena_new();
		const char *rest, *text;
		unsigned major, minor;
		enum gw_version_result r = gw_split_version(arena, cases[i].url, &rest, &major, &minor,
		                                            &text);

		assert_int_equal(r, cases[i].result);
		if (r != GW_VERSION_NOT_A_ROUTE) {
			assert_string_equal(rest, cases[i].rest);
			assert_int_equal(major, cases[i].major);
			assert_int_equal(minor, cases[i].minor);
		}
		gw_arena_free(arena);
	}
}

static void test_version_text_kept_for_messages(void **state)
{
	struct gw_arena *arena = gw_arena_new();
	const char *rest, *text;
	unsigned major, minor;

	(void)state;
	assert_int_equal(gw_split_version(arena, "/v1.099/x", &rest, &major, &minor, &text),
	                 GW_VERSION_TOO_NEW);
	assert_string_equal(text, "1.099");
	gw_arena_free(arena);
}

static void test_route_find(void **state)
{
	struct gw_arena *arena = gw_arena_new();
	const char *params[GW_MAX_PARAMS];
	const struct gw_route *r;

	(void)state;
	r = gw_route_find(arena, "GET", "/_ping", params);
	assert_non_null(r);
	assert_string_equal(r->pattern, "/_ping");
	r = gw_route_find(arena, "HEAD", "/_ping", params);
	assert_non_null(r);
	r = gw_route_find(arena, "GET", "/version", params);
	assert_non_null(r);
	assert_string_equal(r->pattern, "/version");
	/* Wrong method and unknown paths find nothing: the server says 404. */
	assert_null(gw_route_find(arena, "POST", "/version", params));
	assert_null(gw_route_find(arena, "GET", "/nosuchthing", params));
	assert_null(gw_route_find(arena, "GET", "/version/", params));
	assert_null(gw_route_find(arena, "GET", "", params));
	gw_arena_free(arena);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_split_version),
		cmocka_unit_test(test_version_text_kept_for_messages),
		cmocka_unit_test(test_route_find),
	};

	return cmocka_run_group_tests_name("router", tests, NULL, NULL);
}
