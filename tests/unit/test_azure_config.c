/* The Azure keys of the aca config section and how they reach the client. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "plugins/aca/aca_config.h"
#include "plugins/aca/arm_client.h"

struct kv {
	const char *key;
	const char *value;
};

static const struct kv *section;
static char failure[512];

static int fake_foreach(const struct sl_host *host,
                        int (*fn)(void *arg, const char *key, const char *value, unsigned line),
                        void *arg)
{
	(void)host;
	for (unsigned i = 0; section[i].key != NULL; i++) {
		int rc = fn(arg, section[i].key, section[i].value, i + 10);

		if (rc != 0)
			return rc;
	}
	return 0;
}

static const char *fake_file(const struct sl_host *host)
{
	(void)host;
	return "/etc/sockerless/test.conf";
}

static int fake_fail(struct sl_call *call, enum sl_status code, const char *fmt, ...)
{
	va_list ap;

	(void)call;
	va_start(ap, fmt);
	vsnprintf(failure, sizeof(failure), fmt, ap);
	va_end(ap);
	return code;
}

static struct sl_host host;

static int load(const struct kv *kvs, struct aca_config *cfg)
{
	section = kvs;
	failure[0] = '\0';
	memset(cfg, 0, sizeof(*cfg));
	host.struct_size = sizeof(host);
	host.config_foreach = fake_foreach;
	host.config_file = fake_file;
	host.fail = fake_fail;
	return aca_config_load(&host, NULL, cfg);
}

static int clear_env(void **state)
{
	const char *vars[] = { "AZURE_SUBSCRIPTION_ID", "AZURE_AUTHORITY_HOST", "IDENTITY_ENDPOINT",
		               "IDENTITY_HEADER", "AZURE_TENANT_ID", "AZURE_CLIENT_ID",
		               "AZURE_CLIENT_SECRET", "AZURE_FEDERATED_TOKEN_FILE" };

	(void)state;
	for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++)
		unsetenv(vars[i]);
	return 0;
}

static void test_defaults(void **state)
{
	static const struct kv kvs[] = { { "state_db", "/tmp/x.db" }, { NULL, NULL } };
	struct aca_config cfg;

	(void)state;
	assert_int_equal(load(kvs, &cfg), SL_OK);
	assert_string_equal(cfg.arm_endpoint, "https://management.azure.com");
	assert_string_equal(cfg.authority_host, "https://login.microsoftonline.com");
	assert_string_equal(cfg.arm_audience, "https://management.azure.com/");
	assert_int_equal(cfg.credential, ACA_CREDENTIAL_AUTO);
	assert_int_equal(cfg.connect_timeout_ms, 10000);
	assert_int_equal(cfg.request_timeout_ms, 60000);
	assert_int_equal(cfg.retry_max, 3);
	assert_int_equal(cfg.retry_base_ms, 800);
	assert_int_equal(cfg.retry_budget_s, 120);
	assert_int_equal(cfg.lro_poll_ms, 2000);
	assert_int_equal(cfg.lro_timeout_s, 1200);
	assert_null(cfg.identity_header);
	aca_config_free(&cfg);
}

static void test_keys_and_client_options(void **state)
{
	static const struct kv kvs[] = {
		{ "state_db", "/tmp/x.db" },
		{ "subscription_id", "sub-1" },
		{ "resource_group", "rg-1" },
		{ "arm_endpoint", "http://127.0.0.1:9999" },
		{ "authority_host", "http://127.0.0.1:9999" },
		{ "credential", "workload-identity" },
		{ "tenant_id", "t" },
		{ "client_id", "c" },
		{ "federated_token_file", "/var/run/token" },
		{ "identity_header", "hdr-secret" },
		{ "ca_file", "/etc/ca.pem" },
		{ "retry_max", "5" },
		{ "retry_base_ms", "10" },
		{ "retry_budget_s", "7" },
		{ "lro_poll_ms", "1" },
		{ "lro_timeout_s", "30" },
		{ "connect_timeout_ms", "250" },
		{ "request_timeout_ms", "900" },
		{ NULL, NULL },
	};
	struct aca_config cfg;
	struct aca_arm_client_options o;

	(void)state;
	assert_int_equal(load(kvs, &cfg), SL_OK);
	aca_arm_client_options_from_config(&cfg, &o);
	assert_string_equal(o.subscription_id, "sub-1");
	assert_string_equal(o.resource_group, "rg-1");
	assert_string_equal(o.arm_endpoint, "http://127.0.0.1:9999");
	assert_int_equal(o.credential.kind, ACA_AZURE_CRED_WORKLOAD_IDENTITY);
	assert_string_equal(o.credential.federated_token_file, "/var/run/token");
	assert_string_equal(o.credential.identity_header, "hdr-secret");
	assert_string_equal(o.credential.audience, "https://management.azure.com/");
	assert_string_equal(o.ca_file, "/etc/ca.pem");
	assert_int_equal(o.retry.max_retries, 5);
	assert_int_equal(o.retry.base_delay_ms, 10);
	assert_int_equal(o.retry.max_total_ms, 7000);
	assert_int_equal(o.lro_poll_ms, 1);
	assert_int_equal(o.lro_timeout_ms, 30000);
	assert_int_equal(o.connect_timeout_ms, 250);
	assert_int_equal(o.request_timeout_ms, 900);
	assert_null(o.transport);
	aca_config_free(&cfg);
}

static void test_environment_defaults(void **state)
{
	static const struct kv kvs[] = { { "state_db", "/tmp/x.db" }, { "client_id", "from-config" },
		                         { NULL, NULL } };
	struct aca_config cfg;

	(void)state;
	setenv("AZURE_TENANT_ID", "env-tenant", 1);
	setenv("AZURE_CLIENT_ID", "env-client", 1);
	setenv("AZURE_CLIENT_SECRET", "env-secret", 1);
	setenv("AZURE_AUTHORITY_HOST", "https://login.example.cn/", 1);
	setenv("IDENTITY_HEADER", "env-header", 1);
	assert_int_equal(load(kvs, &cfg), SL_OK);
	assert_string_equal(cfg.tenant_id, "env-tenant");
	/* The section wins over the environment. */
	assert_string_equal(cfg.client_id, "from-config");
	assert_string_equal(cfg.client_secret, "env-secret");
	assert_string_equal(cfg.authority_host, "https://login.example.cn/");
	assert_string_equal(cfg.identity_header, "env-header");
	aca_config_free(&cfg);
	clear_env(NULL);
}

static void test_bad_values(void **state)
{
	static const struct kv bad_credential[] = { { "state_db", "/x" }, { "credential", "password" },
		                                    { NULL, NULL } };
	static const struct kv bad_number[] = { { "state_db", "/x" }, { "retry_max", "-1" },
		                                { NULL, NULL } };
	static const struct kv unknown[] = { { "state_db", "/x" }, { "client_secert", "oops" },
		                             { NULL, NULL } };
	struct aca_config cfg;

	(void)state;
	assert_int_equal(load(bad_credential, &cfg), SL_ERR_INVALID);
	assert_string_equal(failure, "/etc/sockerless/test.conf:11: credential must be auto, "
	                             "client-secret, workload-identity or managed-identity, not \"password\"");
	assert_int_equal(load(bad_number, &cfg), SL_ERR_INVALID);
	assert_non_null(strstr(failure, "test.conf:11: retry_max must be a non-negative integer"));
	assert_int_equal(load(unknown, &cfg), SL_ERR_INVALID);
	assert_string_equal(failure, "/etc/sockerless/test.conf:11: unknown key \"client_secert\" for the aca plugin");
}

static void test_client_refuses_plain_http(void **state)
{
	static const struct kv kvs[] = {
		{ "state_db", "/x" }, { "subscription_id", "s" }, { "resource_group", "r" },
		{ "arm_endpoint", "http://management.example" }, { "credential", "managed-identity" },
		{ NULL, NULL },
	};
	struct aca_config cfg;
	struct aca_arm_client_options o;
	struct aca_arm_client *c = NULL;
	struct aca_arm_error err;

	(void)state;
	assert_int_equal(load(kvs, &cfg), SL_OK);
	aca_arm_client_options_from_config(&cfg, &o);
	assert_int_equal(aca_arm_client_new(&o, &c, &err), SL_ERR_INVALID);
	assert_non_null(strstr(err.message, "arm_endpoint"));
	assert_non_null(strstr(err.message, "loopback"));
	assert_null(c);
	aca_config_free(&cfg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_defaults, clear_env),
		cmocka_unit_test_setup(test_keys_and_client_options, clear_env),
		cmocka_unit_test_setup(test_environment_defaults, clear_env),
		cmocka_unit_test_setup(test_bad_values, clear_env),
		cmocka_unit_test_setup(test_client_refuses_plain_http, clear_env),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
