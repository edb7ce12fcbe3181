/* The request pipeline on a scripted transport: retries, Retry-After,
 * non-idempotent POSTs, the token refresh on 401, pages, redaction. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "plugins/aca/arm_client.h"
#include "tests/azure/arm_fake.h"

#define SHARE_URL "https://arm.test/subscriptions/sub/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/acct/fileServices/default/shares/vol"
#define START_URL "POST https://arm.test/subscriptions/sub/resourceGroups/rg/providers/Microsoft.App/jobs/web/start"

struct env {
	struct fake_transport t;
	struct fake_clock clk;
	struct aca_arm_transport tr;
	struct aca_arm_clock c;
	struct aca_arm_client_options o;
	struct aca_arm_client *client;
	struct aca_arm_arena *arena;
	char log[8192];
};

static void log_line(void *arg, enum sl_log_level level, const char *line)
{
	struct env *e = arg;
	size_t n = strlen(e->log);

	(void)level;
	snprintf(e->log + n, sizeof(e->log) - n, "%s\n", line);
}

static int setup(void **state)
{
	static struct env e;

	memset(&e, 0, sizeof(e));
	fake_init(&e.t);
	fake_clock_init(&e.clk, 1700000000000LL);
	e.tr = fake_transport_of(&e.t);
	e.c = fake_clock_of(&e.clk);
	fake_options(&e.o, &e.tr, &e.c);
	e.o.log = log_line;
	e.o.log_arg = &e;
	e.arena = aca_arm_arena_new();
	*state = &e;
	return 0;
}

static struct aca_arm_client *client(struct env *e)
{
	struct aca_arm_error err;

	assert_int_equal(aca_arm_client_new(&e->o, &e->client, &err), SL_OK);
	return e->client;
}

static int teardown(void **state)
{
	struct env *e = *state;

	aca_arm_client_free(e->client);
	aca_arm_arena_free_wiped(e->arena);
	return 0;
}

static void test_429_then_success(void **state)
{
	struct env *e = *state;
	struct aca_arm_share_spec spec = { 5, "Hot", NULL, { 0, NULL } };
	struct aca_arm_share share;
	struct aca_arm_error err;
	int created = 0;

	fake_token(&e->t, "tok-1", 3600, -1);
	fake_reply(&e->t, "PUT " SHARE_URL, 1, 429,
	           "{\"error\":{\"code\":\"TooManyRequests\",\"message\":\"slow down\"}}", "Retry-After: 3");
	fake_reply(&e->t, "PUT " SHARE_URL, 1, 201,
	           "{\"id\":\"/x\",\"name\":\"vol\",\"etag\":\"\\\"0x1\\\"\",\"properties\":{\"shareQuota\":5,\"accessTier\":\"Hot\"}}",
	           NULL);
	assert_int_equal(aca_arm_share_put(client(e), e->arena, "acct", "vol", &spec, &share, &created, &err),
	                 SL_OK);
	assert_true(created);
	assert_string_equal(share.name, "vol");
	assert_int_equal(share.quota_gib, 5);
	assert_string_equal(share.etag, "\"0x1\"");
	assert_int_equal(fake_count(&e->t, "PUT " SHARE_URL "?api-version=2023-05-01"), 2);
	/* The wait is what Azure asked for, not the backoff. */
	assert_int_equal(e->clk.n_sleeps, 1);
	assert_int_equal(e->clk.sleeps[0], 3000);
	assert_non_null(strstr(e->t.seen[1].body, "\"shareQuota\":5"));
	assert_non_null(strstr(e->log, "HTTP 429, retrying in 3000 ms"));
}

static void test_500_three_times_then_error(void **state)
{
	struct env *e = *state;
	struct aca_arm_share share;
	struct aca_arm_error err;

	e->o.retry.max_retries = 2;
	fake_token(&e->t, "tok-1", 3600, -1);
	fake_reply(&e->t, "GET " SHARE_URL, -1, 500,
	           "{\"error\":{\"code\":\"InternalServerError\",\"message\":\"boom\"}}",
	           "x-ms-request-id: rid-500");
	assert_int_equal(aca_arm_share_get(client(e), e->arena, "acct", "vol", 0, &share, &err),
	                 SL_ERR_UNAVAILABLE);
	assert_int_equal(fake_count(&e->t, "GET " SHARE_URL), 3);
	assert_string_equal(err.message, "share vol: InternalServerError: boom (gave up after 3 attempts)");
	assert_string_equal(err.request_id, "rid-500");
	assert_int_equal(err.http_status, 500);
	/* Exponential backoff: 800 ms, then 1600 ms (jitter factor 1). */
	assert_int_equal(e->clk.n_sleeps, 2);
	assert_int_equal(e->clk.sleeps[0], 800);
	assert_int_equal(e->clk.sleeps[1], 1600);
}

static void test_retry_budget_is_bounded(void **state)
{
	struct env *e = *state;
	struct aca_arm_share share;
	struct aca_arm_error err;

	e->o.retry.max_retries = 10;
	e->o.retry.max_total_ms = 5000;
	fake_token(&e->t, "tok-1", 3600, -1);
	fake_reply(&e->t, "GET " SHARE_URL, -1, 503, "", NULL);
	assert_int_equal(aca_arm_share_get(client(e), e->arena, "acct", "vol", 0, &share, &err),
	                 SL_ERR_UNAVAILABLE);
	/* 800 + 1600 fit in 5 s, + 3200 would not. */
	assert_int_equal(fake_count(&e->t, "GET " SHARE_URL), 3);
	assert_non_null(strstr(err.message, "HTTP 503"));
	/* A Retry-After beyond the budget is not waited for at all. */
	fake_init(&e->t);
	fake_token(&e->t, "tok-1", 3600, -1);
	fake_reply(&e->t, "GET " SHARE_URL, -1, 429, "", "Retry-After: 600");
	e->clk.n_sleeps = 0;
	assert_int_equal(aca_arm_share_get(e->client, e->arena, "acct", "vol", 0, &share, &err),
	                 SL_ERR_UNAVAILABLE);
	assert_int_equal(fake_count(&e->t, "GET " SHARE_URL), 1);
	assert_int_equal(e->clk.n_sleeps, 0);
}

static void test_start_not_repeated_after_500(void **state)
{
	struct env *e = *state;
	struct aca_arm_error err;
	const char *exec = NULL;

	fake_token(&e->t, "tok-1", 3600, -1);
	fake_reply(&e->t, START_URL, -1, 500,
	           "{\"error\":{\"code\":\"InternalServerError\",\"message\":\"lost\"}}", NULL);
	assert_int_equal(aca_arm_job_start(client(e), e->arena, "web", &exec, &err), SL_ERR_UNAVAILABLE);
	assert_int_equal(fake_count(&e->t, START_URL), 1);
	assert_non_null(strstr(err.message, "not retried"));
	assert_null(exec);
}

static void test_start_repeated_after_429(void **state)
{
	struct env *e = *state;
	struct aca_arm_error err;
	const char *exec = NULL;

	fake_token(&e->t, "tok-1", 3600, -1);
	fake_reply(&e->t, START_URL, 1, 429, "", "retry-after-ms: 20");
	fake_reply(&e->t, START_URL, 1, 200, "{\"name\":\"web-abc1234\",\"id\":\"/j/web/executions/web-abc1234\"}", NULL);
	assert_int_equal(aca_arm_job_start(client(e), e->arena, "web", &exec, &err), SL_OK);
	assert_string_equal(exec, "web-abc1234");
	assert_int_equal(fake_count(&e->t, START_URL), 2);
	assert_int_equal(e->clk.sleeps[0], 20);
	/* An empty POST: no body, so no Content-Type either. */
	assert_null(strstr(e->t.seen[1].headers, "Content-Type"));
}

static void test_transport_failures(void **state)
{
	struct env *e = *state;
	struct aca_arm_share share;
	struct aca_arm_error err;
	const char *exec;

	fake_token(&e->t, "tok-1", 3600, -1);
	/* A GET whose outcome is unknown is simply repeated. */
	fake_fail(&e->t, "GET " SHARE_URL, 1, ACA_ARM_TX_FAILED);
	fake_reply(&e->t, "GET " SHARE_URL, 1, 200, "{\"name\":\"vol\",\"properties\":{}}", NULL);
	assert_int_equal(aca_arm_share_get(client(e), e->arena, "acct", "vol", 0, &share, &err), SL_OK);
	/* A start that surely was not sent is repeated... */
	fake_fail(&e->t, START_URL, 1, ACA_ARM_TX_NOT_SENT);
	fake_reply(&e->t, START_URL, 1, 200, "{\"name\":\"web-1\"}", NULL);
	assert_int_equal(aca_arm_job_start(e->client, e->arena, "web", &exec, &err), SL_OK);
	/* ...one that may have been is not. */
	fake_fail(&e->t, START_URL, 1, ACA_ARM_TX_FAILED);
	assert_int_equal(aca_arm_job_start(e->client, e->arena, "web", &exec, &err), SL_ERR_UNAVAILABLE);
	assert_non_null(strstr(err.message, "may have been carried out"));
	assert_int_equal(fake_count(&e->t, START_URL), 3);
	/* Connection refused forever: gives up with the reason. */
	fake_fail(&e->t, "GET " SHARE_URL, -1, ACA_ARM_TX_NOT_SENT);
	assert_int_equal(aca_arm_share_get(e->client, e->arena, "acct", "vol", 0, &share, &err),
	                 SL_ERR_UNAVAILABLE);
	assert_non_null(strstr(err.message, "cannot reach arm.test"));
	assert_non_null(strstr(err.message, "gave up after 4 attempts"));
}

static void test_refresh_once_on_401(void **state)
{
	struct env *e = *state;
	struct aca_arm_share share;
	struct aca_arm_error err;
	const struct fake_seen *s;

	fake_token(&e->t, "tok-1", 3600, 1);
	fake_token(&e->t, "tok-2", 3600, 1);
	fake_reply(&e->t, "GET " SHARE_URL, 1, 401,
	           "{\"error\":{\"code\":\"InvalidAuthenticationToken\",\"message\":\"The access token is invalid.\"}}",
	           NULL);
	fake_reply(&e->t, "GET " SHARE_URL, 1, 200, "{\"name\":\"vol\",\"properties\":{}}", NULL);
	assert_int_equal(aca_arm_share_get(client(e), e->arena, "acct", "vol", 0, &share, &err), SL_OK);
	assert_int_equal(aca_arm_client_token_fetches(e->client), 2);
	s = fake_seen_at(&e->t, 1);
	assert_string_equal(s->authorization, "Bearer tok-1");
	s = fake_seen_at(&e->t, 3);
	assert_string_equal(s->authorization, "Bearer tok-2");
	/* No retry budget was spent on the 401. */
	assert_int_equal(e->clk.n_sleeps, 0);
}

static void test_persistent_401_is_forbidden(void **state)
{
	struct env *e = *state;
	struct aca_arm_share share;
	struct aca_arm_error err;

	fake_token(&e->t, "tok-1", 3600, -1);
	fake_reply(&e->t, "GET " SHARE_URL, -1, 401,
	           "{\"error\":{\"code\":\"AuthenticationFailed\",\"message\":\"no\"}}", NULL);
	assert_int_equal(aca_arm_share_get(client(e), e->arena, "acct", "vol", 0, &share, &err),
	                 SL_ERR_FORBIDDEN);
	assert_int_equal(fake_count(&e->t, "GET " SHARE_URL), 2);
	assert_int_equal(aca_arm_client_token_fetches(e->client), 2);
}

static void test_pages_and_origin(void **state)
{
	struct env *e = *state;
	struct aca_arm_share_list list;
	struct aca_arm_error err;
	const char *list_url = "GET https://arm.test/subscriptions/sub/resourceGroups/rg/providers/"
	                       "Microsoft.Storage/storageAccounts/acct/fileServices/default/shares?";

	fake_token(&e->t, "tok-1", 3600, -1);
	fake_reply(&e->t, list_url, 1, 200,
	           "{\"value\":[{\"name\":\"a\",\"properties\":{\"metadata\":{\"owner\":\"sl\"}}}],"
	           "\"nextLink\":\"https://arm.test/page2?api-version=2023-05-01&$skiptoken=1\"}",
	           NULL);
	fake_reply(&e->t, "GET https://arm.test/page2", 1, 200,
	           "{\"value\":[{\"name\":\"b\",\"properties\":{\"shareUsageBytes\":12}}]}", NULL);
	assert_int_equal(aca_arm_share_list(client(e), e->arena, "acct", NULL, &list, &err), SL_OK);
	assert_int_equal(list.count, 2);
	assert_string_equal(list.items[0].name, "a");
	assert_int_equal(list.items[0].metadata.count, 1);
	assert_string_equal(list.items[0].metadata.items[0].key, "owner");
	assert_string_equal(list.items[1].name, "b");
	assert_true(list.items[1].has_usage);
	assert_int_equal(list.items[1].usage_bytes, 12);
	/* A nextLink elsewhere would get our token: refused, never sent. */
	fake_reply(&e->t, list_url, 1, 200,
	           "{\"value\":[],\"nextLink\":\"https://evil.test/steal\"}", NULL);
	assert_int_equal(aca_arm_share_list(e->client, e->arena, "acct", NULL, &list, &err),
	                 SL_ERR_INTERNAL);
	assert_non_null(strstr(err.message, "refusing to send credentials to evil.test"));
	assert_int_equal(fake_count(&e->t, "evil.test"), 0);
}

static void test_keys_never_logged(void **state)
{
	struct env *e = *state;
	struct aca_arm_storage_keys keys;
	struct aca_arm_env_storage_spec spec = { "acct", NULL, "vol", ACA_ARM_ACCESS_READ_WRITE };
	struct aca_arm_env_storage st;
	struct aca_arm_error err;

	fake_token(&e->t, "tok-secret-token", 3600, -1);
	fake_reply(&e->t, "/listKeys", 1, 200,
	           "{\"keys\":[{\"keyName\":\"key1\",\"permissions\":\"Full\",\"value\":\"S3cretStorageKey==\"}]}",
	           NULL);
	fake_reply(&e->t, "/storages/vol", 1, 400,
	           "{\"error\":{\"code\":\"BadKey\",\"message\":\"key S3cretStorageKey== rejected\"}}", NULL);
	assert_int_equal(aca_arm_storage_list_keys(client(e), e->arena, "acct", &keys, &err), SL_OK);
	assert_int_equal(keys.count, 1);
	assert_string_equal(keys.items[0].value, "S3cretStorageKey==");
	spec.account_key = keys.items[0].value;
	assert_int_equal(aca_arm_env_storage_put(e->client, e->arena, "env", "vol", &spec, &st, &err),
	                 SL_ERR_INVALID);
	assert_null(strstr(err.message, "S3cretStorageKey"));
	assert_non_null(strstr(e->t.seen[2].body, "\"accountKey\":\"S3cretStorageKey==\""));
	assert_null(strstr(e->log, "S3cretStorageKey"));
	assert_null(strstr(e->log, "tok-secret-token"));
	assert_null(strstr(e->log, "client-secret-value"));
	assert_non_null(strstr(e->log, "listKeys"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_429_then_success, setup, teardown),
		cmocka_unit_test_setup_teardown(test_500_three_times_then_error, setup, teardown),
		cmocka_unit_test_setup_teardown(test_retry_budget_is_bounded, setup, teardown),
		cmocka_unit_test_setup_teardown(test_start_not_repeated_after_500, setup, teardown),
		cmocka_unit_test_setup_teardown(test_start_repeated_after_429, setup, teardown),
		cmocka_unit_test_setup_teardown(test_transport_failures, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refresh_once_on_401, setup, teardown),
		cmocka_unit_test_setup_teardown(test_persistent_401_is_forbidden, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pages_and_origin, setup, teardown),
		cmocka_unit_test_setup_teardown(test_keys_never_logged, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
