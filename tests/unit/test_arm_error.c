/* ARM errors: the mapping table, body parsing, messages with context. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "plugins/aca/arm_client.h"
#include "plugins/aca/arm_error.h"

static void test_mapping_table(void **state)
{
	(void)state;
	assert_int_equal(aca_arm_error_map(409, "ShareBeingDeleted"), SL_ERR_CONFLICT);
	assert_int_equal(aca_arm_error_map(404, "ResourceNotFound"), SL_ERR_NOT_FOUND);
	assert_int_equal(aca_arm_error_map(404, "ShareNotFound"), SL_ERR_NOT_FOUND);
	assert_int_equal(aca_arm_error_map(404, "ManagedEnvironmentStorageNotFound"), SL_ERR_NOT_FOUND);
	/* A missing parent is a broken configuration, not a missing volume. */
	assert_int_equal(aca_arm_error_map(404, "ResourceGroupNotFound"), SL_ERR_UNAVAILABLE);
	assert_int_equal(aca_arm_error_map(404, "SubscriptionNotFound"), SL_ERR_UNAVAILABLE);
	assert_int_equal(aca_arm_error_map(404, "ParentResourceNotFound"), SL_ERR_UNAVAILABLE);
	assert_int_equal(aca_arm_error_map(404, "ManagedEnvironmentNotFound"), SL_ERR_UNAVAILABLE);
	assert_int_equal(aca_arm_error_map(403, "AuthorizationFailed"), SL_ERR_FORBIDDEN);
	assert_int_equal(aca_arm_error_map(401, "ExpiredAuthenticationToken"), SL_ERR_FORBIDDEN);
	assert_int_equal(aca_arm_error_map(400, "ContainerAppInvalidName"), SL_ERR_INVALID);
	assert_int_equal(aca_arm_error_map(400, "InvalidResourceName"), SL_ERR_INVALID);
	assert_int_equal(aca_arm_error_map(400, "NoRegisteredProviderFound"), SL_ERR_INTERNAL);
	assert_int_equal(aca_arm_error_map(429, "TooManyRequests"), SL_ERR_UNAVAILABLE);
	assert_int_equal(aca_arm_error_map(412, "PreconditionFailed"), SL_ERR_CONFLICT);
	/* Codes compare without case; unknown codes fall back to the status. */
	assert_int_equal(aca_arm_error_map(409, "sharebeingdeleted"), SL_ERR_CONFLICT);
	assert_int_equal(aca_arm_error_map(400, "SomethingNew"), SL_ERR_INVALID);
	assert_int_equal(aca_arm_error_map(404, NULL), SL_ERR_NOT_FOUND);
	assert_int_equal(aca_arm_error_map(409, NULL), SL_ERR_CONFLICT);
	assert_int_equal(aca_arm_error_map(412, NULL), SL_ERR_CONFLICT);
	assert_int_equal(aca_arm_error_map(403, NULL), SL_ERR_FORBIDDEN);
	assert_int_equal(aca_arm_error_map(503, NULL), SL_ERR_UNAVAILABLE);
	assert_int_equal(aca_arm_error_map(502, NULL), SL_ERR_UNAVAILABLE);
	assert_int_equal(aca_arm_error_map(408, NULL), SL_ERR_UNAVAILABLE);
	assert_int_equal(aca_arm_error_map(418, NULL), SL_ERR_INTERNAL);
}

static void test_parse_forms(void **state)
{
	struct aca_arm_arena *a = aca_arm_arena_new();
	const char *code, *msg;
	const char *arm = "{\"error\":{\"code\":\"InvalidTemplate\",\"message\":\"Bad.\","
	                  "\"details\":[{\"code\":\"Inner\",\"message\":\"Field x.\"}]}}";
	const char *aad = "{\"error\":\"invalid_client\",\"error_description\":\"AADSTS7000215: no\"}";
	const char *bare = "{\"code\":\"ShareNotFound\",\"message\":\"gone\"}";

	(void)state;
	assert_int_equal(aca_arm_error_parse(a, arm, strlen(arm), &code, &msg), 0);
	assert_string_equal(code, "InvalidTemplate");
	assert_string_equal(msg, "Bad. (Inner: Field x.)");
	assert_int_equal(aca_arm_error_parse(a, aad, strlen(aad), &code, &msg), 0);
	assert_string_equal(code, "invalid_client");
	assert_string_equal(msg, "AADSTS7000215: no");
	assert_int_equal(aca_arm_error_parse(a, bare, strlen(bare), &code, &msg), 0);
	assert_string_equal(code, "ShareNotFound");
	assert_int_equal(aca_arm_error_parse(a, "<html>502</html>", 16, &code, &msg), -1);
	assert_null(code);
	assert_int_equal(aca_arm_error_parse(a, "{\"x\":1}", 7, &code, &msg), -1);
	assert_int_equal(aca_arm_error_parse(a, "", 0, &code, &msg), -1);
	aca_arm_arena_free(a);
}

static void test_message_has_context(void **state)
{
	struct aca_arm_error err;
	const char *body = "{\"error\":{\"code\":\"ShareBeingDeleted\",\"message\":\"The specified share "
	                   "is being deleted. Try operation later.\"}}";

	(void)state;
	aca_arm_error_from_response(&err, NULL, "share sockerless-x", 409, body, strlen(body), "rid-1",
	                            NULL);
	assert_int_equal(err.status, SL_ERR_CONFLICT);
	assert_int_equal(err.http_status, 409);
	assert_string_equal(err.code, "ShareBeingDeleted");
	assert_string_equal(err.request_id, "rid-1");
	assert_string_equal(err.message, "share sockerless-x: ShareBeingDeleted: The specified share is "
	                                 "being deleted. Try operation later.");
}

static void test_message_non_json_and_suffix(void **state)
{
	struct aca_arm_error err;
	const char *body = "<html>\r\nBad gateway\r\n</html>";

	(void)state;
	aca_arm_error_from_response(&err, NULL, "job web-1", 502, body, strlen(body), NULL,
	                            " (gave up after 4 attempts)");
	assert_int_equal(err.status, SL_ERR_UNAVAILABLE);
	assert_string_equal(err.code, "");
	assert_string_equal(err.message, "job web-1: HTTP 502: <html>  Bad gateway  </html> (gave up after 4 attempts)");
	aca_arm_error_from_response(&err, NULL, "job web-1", 500, "", 0, NULL, NULL);
	assert_string_equal(err.message, "job web-1: HTTP 500");
}

static void test_message_is_redacted(void **state)
{
	struct aca_arm_redactor *r = aca_arm_redactor_new();
	struct aca_arm_error err;
	const char *body = "{\"error\":{\"code\":\"BadKey\",\"message\":\"key c2VjcmV0a2V5MTIz is wrong\"}}";

	(void)state;
	aca_arm_redactor_add(r, "c2VjcmV0a2V5MTIz");
	aca_arm_error_from_response(&err, r, "environment storage v", 400, body, strlen(body), NULL, NULL);
	assert_null(strstr(err.message, "c2VjcmV0a2V5MTIz"));
	assert_non_null(strstr(err.message, "[redacted]"));
	aca_arm_error_set(&err, r, SL_ERR_INTERNAL, "header Bearer abc.def.ghi and %s", "c2VjcmV0a2V5MTIz");
	assert_int_equal(err.status, SL_ERR_INTERNAL);
	assert_null(strstr(err.message, "abc.def.ghi"));
	assert_null(strstr(err.message, "c2VjcmV0a2V5MTIz"));
	aca_arm_redactor_free(r);
}

static char failed[1200];

static int record_fail(struct sl_call *call, enum sl_status code, const char *fmt, ...)
{
	va_list ap;

	(void)call;
	va_start(ap, fmt);
	vsnprintf(failed, sizeof(failed), fmt, ap);
	va_end(ap);
	return code;
}

static void test_fail_format(void **state)
{
	struct sl_host host;
	struct aca_arm_error err;
	const char *body = "{\"error\":{\"code\":\"ShareBeingDeleted\",\"message\":\"Try later.\"}}";

	(void)state;
	memset(&host, 0, sizeof(host));
	host.fail = record_fail;
	aca_arm_error_from_response(&err, NULL, "share sockerless-x", 409, body, strlen(body), NULL, NULL);
	assert_int_equal(aca_arm_fail(&host, NULL, &err, "volume create"), SL_ERR_CONFLICT);
	assert_string_equal(failed, "aca: volume create: share sockerless-x: ShareBeingDeleted: Try later.");
	/* A cleared error still fails, never reports success. */
	aca_arm_error_clear(&err);
	assert_int_equal(aca_arm_fail(&host, NULL, &err, "volume rm"), SL_ERR_INTERNAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mapping_table),
		cmocka_unit_test(test_parse_forms),
		cmocka_unit_test(test_message_has_context),
		cmocka_unit_test(test_message_non_json_and_suffix),
		cmocka_unit_test(test_message_is_redacted),
		cmocka_unit_test(test_fail_format),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
