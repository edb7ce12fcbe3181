/* Endpoint policy: https everywhere, plain http only for loopback (and IMDS). */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "plugins/aca/arm_url.h"

static int ok(const char *url, int imds)
{
	char err[256];

	return aca_arm_url_check_endpoint(url, imds, err, sizeof(err)) == 0;
}

static void test_endpoints(void **state)
{
	char err[256];

	(void)state;
	assert_true(ok("https://management.azure.com", 0));
	assert_true(ok("https://management.azure.com/", 0));
	assert_true(ok("http://127.0.0.1:8080", 0));
	assert_true(ok("http://127.9.9.9:1", 0));
	assert_true(ok("http://localhost:42356/msi/token", 0));
	assert_true(ok("http://[::1]:9000", 0));
	assert_true(ok("http://169.254.169.254/metadata/identity/oauth2/token", 1));
	assert_false(ok("http://169.254.169.254/metadata/identity/oauth2/token", 0));
	assert_false(ok("http://management.azure.com", 0));
	assert_false(ok("http://10.0.0.1", 1));
	assert_false(ok("ftp://127.0.0.1", 0));
	assert_false(ok("", 0));
	assert_false(ok(NULL, 0));
	assert_int_equal(aca_arm_url_check_endpoint("http://example.com", 0, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "loopback"));
}

static void test_same_origin(void **state)
{
	(void)state;
	assert_true(aca_arm_url_same_origin("https://management.azure.com/x?y=1", "https://management.azure.com"));
	assert_true(aca_arm_url_same_origin("https://MANAGEMENT.azure.com:443/x", "https://management.azure.com"));
	assert_true(aca_arm_url_same_origin("http://127.0.0.1:5000/a", "http://127.0.0.1:5000"));
	assert_false(aca_arm_url_same_origin("http://127.0.0.1:5001/a", "http://127.0.0.1:5000"));
	assert_false(aca_arm_url_same_origin("https://evil.example/a", "https://management.azure.com"));
	assert_false(aca_arm_url_same_origin("http://management.azure.com/a", "https://management.azure.com"));
	assert_false(aca_arm_url_same_origin("not a url", "https://management.azure.com"));
}

static void test_escape_and_trim(void **state)
{
	struct aca_arm_arena *a = aca_arm_arena_new();

	(void)state;
	assert_string_equal(aca_arm_url_escape(a, "web-1.x_y~"), "web-1.x_y~");
	assert_string_equal(aca_arm_url_escape(a, "a b/c?d"), "a%20b%2Fc%3Fd");
	assert_string_equal(aca_arm_url_escape(a, "@"), "@");
	assert_string_equal(aca_arm_url_trim(a, "https://h///"), "https://h");
	assert_string_equal(aca_arm_url_host(a, "https://h.example:8443/p"), "h.example");
	aca_arm_arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_endpoints),
		cmocka_unit_test(test_same_origin),
		cmocka_unit_test(test_escape_and_trim),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
