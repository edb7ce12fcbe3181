/* Redaction: known secrets and credential syntax never leave the client. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "plugins/aca/arm_log.h"
#include "plugins/aca/arm_redact.h"

static void test_registered_secrets(void **state)
{
	struct aca_arm_redactor *r = aca_arm_redactor_new();
	char out[256];

	(void)state;
	aca_arm_redactor_add(r, "s3cr3t-value");
	aca_arm_redactor_add(r, "abc");             /* too short to register */
	aca_arm_redactor_add(NULL, "ignored-too");
	aca_arm_redact(r, "the secret s3cr3t-value, twice: s3cr3t-value; abc stays", out, sizeof(out));
	assert_string_equal(out, "the secret [redacted], twice: [redacted]; abc stays");
	aca_arm_redactor_free(r);
}

static void test_longest_secret_wins(void **state)
{
	struct aca_arm_redactor *r = aca_arm_redactor_new();
	char out[128];

	(void)state;
	aca_arm_redactor_add(r, "keyvalue");
	aca_arm_redactor_add(r, "keyvalue-longer");
	aca_arm_redact(r, "[keyvalue-longer]", out, sizeof(out));
	assert_string_equal(out, "[[redacted]]");
	aca_arm_redactor_free(r);
}

static void test_syntax_rules(void **state)
{
	char out[512];

	(void)state;
	aca_arm_redact(NULL, "Authorization: Bearer eyJhbGciOi.x-y_z", out, sizeof(out));
	assert_string_equal(out, "Authorization: Bearer [redacted]");
	aca_arm_redact(NULL, "{\"accountKey\": \"QUJD+/==\",\"shareName\":\"s\"}", out, sizeof(out));
	assert_string_equal(out, "{\"accountKey\": \"[redacted]\",\"shareName\":\"s\"}");
	aca_arm_redact(NULL, "grant_type=client_credentials&client_secret=a%2Bb&scope=x", out, sizeof(out));
	assert_string_equal(out, "grant_type=client_credentials&client_secret=[redacted]&scope=x");
	aca_arm_redact(NULL, "client_assertion_type=urn&client_assertion=eyJ.a.b", out, sizeof(out));
	assert_string_equal(out, "client_assertion_type=urn&client_assertion=[redacted]");
	aca_arm_redact(NULL, "{\"access_token\":\"tok\"}", out, sizeof(out));
	assert_string_equal(out, "{\"access_token\":\"[redacted]\"}");
	/* Only whole words: "passwordSecretRef" is a name, not a password. */
	aca_arm_redact(NULL, "passwordSecretRef=regpass", out, sizeof(out));
	assert_string_equal(out, "passwordSecretRef=regpass");
}

static void test_truncation_is_safe(void **state)
{
	struct aca_arm_redactor *r = aca_arm_redactor_new();
	char out[12];

	(void)state;
	aca_arm_redactor_add(r, "abcdefghijkl");
	aca_arm_redact(r, "xx abcdefghijkl yy", out, sizeof(out));
	assert_int_equal(strlen(out), sizeof(out) - 1);
	assert_null(strstr(out, "abcdef"));
	aca_arm_redact(r, NULL, out, sizeof(out));
	assert_string_equal(out, "");
	aca_arm_redactor_free(r);
}

static void test_ring_keeps_recent(void **state)
{
	struct aca_arm_redactor *r = aca_arm_redactor_new();
	char secret[32], out[64];

	(void)state;
	for (int i = 0; i < 40; i++) {
		snprintf(secret, sizeof(secret), "token-number-%02d", i);
		aca_arm_redactor_add(r, secret);
	}
	aca_arm_redact(r, "token-number-39", out, sizeof(out));
	assert_string_equal(out, "[redacted]");
	aca_arm_redact(r, "token-number-08", out, sizeof(out));
	assert_string_equal(out, "[redacted]");
	aca_arm_redactor_free(r);
}

static char last_line[512];

static void capture(void *arg, enum sl_log_level level, const char *line)
{
	(void)arg;
	(void)level;
	snprintf(last_line, sizeof(last_line), "%s", line);
}

static void test_log_lines_are_redacted(void **state)
{
	struct aca_arm_redactor *r = aca_arm_redactor_new();
	struct aca_arm_logger log = { capture, NULL, SL_LOG_INFO, r };

	(void)state;
	aca_arm_redactor_add(r, "storage-key-0123");
	aca_arm_log(&log, SL_LOG_INFO, "listKeys gave %s", "storage-key-0123");
	assert_string_equal(last_line, "listKeys gave [redacted]");
	last_line[0] = '\0';
	aca_arm_log(&log, SL_LOG_DEBUG, "too verbose %s", "x");
	assert_string_equal(last_line, "");
	aca_arm_redactor_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_registered_secrets),
		cmocka_unit_test(test_longest_secret_wins),
		cmocka_unit_test(test_syntax_rules),
		cmocka_unit_test(test_truncation_is_safe),
		cmocka_unit_test(test_ring_keeps_recent),
		cmocka_unit_test(test_log_lines_are_redacted),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
