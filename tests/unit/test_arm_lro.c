/* Long-running operations on a scripted transport: Azure-AsyncOperation
 * and Location polling, failures, limits and foreign poll URLs. */
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

#define JOB_URL "https://arm.test/subscriptions/sub/resourceGroups/rg/providers/Microsoft.App/jobs/web"
#define JOB_BODY "{\"id\":\"/j/web\",\"name\":\"web\",\"location\":\"westeurope\",\"properties\":{" \
	"\"provisioningState\":\"%s\",\"environmentId\":\"/e\",\"configuration\":{\"triggerType\":\"Manual\"," \
	"\"replicaTimeout\":600,\"manualTriggerConfig\":{\"parallelism\":1}},\"template\":{\"containers\":" \
	"[{\"name\":\"main\",\"image\":\"alpine\",\"command\":[\"/bin/sh\"],\"args\":[\"-c\",\"true\"]," \
	"\"env\":[{\"name\":\"A\",\"value\":\"1\"}],\"volumeMounts\":[{\"volumeName\":\"v\",\"mountPath\":\"/data\"}]}]," \
	"\"volumes\":[{\"name\":\"v\",\"storageType\":\"AzureFile\",\"storageName\":\"vol\"}]}}}"

struct env {
	struct fake_transport t;
	struct fake_clock clk;
	struct aca_arm_transport tr;
	struct aca_arm_clock c;
	struct aca_arm_client_options o;
	struct aca_arm_client *client;
	struct aca_arm_arena *arena;
};

static int setup(void **state)
{
	static struct env e;

	memset(&e, 0, sizeof(e));
	fake_init(&e.t);
	fake_clock_init(&e.clk, 1700000000000LL);
	e.tr = fake_transport_of(&e.t);
	e.c = fake_clock_of(&e.clk);
	fake_options(&e.o, &e.tr, &e.c);
	e.arena = aca_arm_arena_new();
	fake_token(&e.t, "tok", 3600, -1);
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
	aca_arm_arena_free(e->arena);
	return 0;
}

static void job_spec(struct aca_arm_job_spec *spec)
{
	static const char *const cmd[] = { "/bin/sh" };
	static const char *const args[] = { "-c", "true" };
	static const struct aca_arm_env_var env[] = { { "A", "1", NULL } };
	static const struct aca_arm_volume_mount mounts[] = { { "v", "/data", NULL } };
	static const struct aca_arm_container ct[] = { { "main", "alpine", { 1, cmd }, { 2, args }, 1, env,
		                                         0.5, "1Gi", 1, mounts } };
	static const struct aca_arm_volume vols[] = { { "v", ACA_ARM_STORAGE_AZURE_FILE, "vol", NULL } };

	memset(spec, 0, sizeof(*spec));
	spec->location = "westeurope";
	spec->environment_id = "/e";
	spec->replica_timeout_s = 600;
	spec->n_containers = 1;
	spec->containers = ct;
	spec->n_volumes = 1;
	spec->volumes = vols;
}

static void test_async_operation(void **state)
{
	struct env *e = *state;
	struct aca_arm_job_spec spec;
	struct aca_arm_job job;
	struct aca_arm_error err;
	char body[4096];

	job_spec(&spec);
	snprintf(body, sizeof(body), JOB_BODY, "InProgress");
	fake_reply(&e->t, "PUT " JOB_URL, 1, 201, body,
	           "Azure-AsyncOperation: https://arm.test/ops/1?api-version=2025-07-01");
	fake_reply(&e->t, "GET https://arm.test/ops/1", 1, 200,
	           "{\"name\":\"1\",\"status\":\"InProgress\"}", "Retry-After: 5");
	fake_reply(&e->t, "GET https://arm.test/ops/1", 1, 200, "{\"name\":\"1\",\"status\":\"Succeeded\"}",
	           NULL);
	snprintf(body, sizeof(body), JOB_BODY, "Succeeded");
	fake_reply(&e->t, "GET " JOB_URL, 1, 200, body, NULL);
	assert_int_equal(aca_arm_job_put(client(e), e->arena, "web", &spec, &job, &err), SL_OK);
	assert_string_equal(job.provisioning_state, "Succeeded");
	assert_int_equal(job.n_containers, 1);
	assert_string_equal(job.containers[0].image, "alpine");
	assert_int_equal(job.containers[0].args.count, 2);
	assert_string_equal(job.containers[0].mounts[0].mount_path, "/data");
	assert_int_equal(job.volumes[0].type, ACA_ARM_STORAGE_AZURE_FILE);
	assert_int_equal(job.parallelism, 1);
	/* First poll after the default interval, the second after Retry-After. */
	assert_int_equal(e->clk.n_sleeps, 2);
	assert_int_equal(e->clk.sleeps[0], 2000);
	assert_int_equal(e->clk.sleeps[1], 5000);
	assert_int_equal(fake_count(&e->t, "GET https://arm.test/ops/1"), 2);
	/* The body is a manual one-replica job. */
	assert_non_null(strstr(e->t.seen[1].body, "\"triggerType\":\"Manual\""));
	assert_non_null(strstr(e->t.seen[1].body, "\"parallelism\":1"));
	assert_non_null(strstr(e->t.seen[1].body, "\"replicaRetryLimit\":0"));
	assert_non_null(strstr(e->t.seen[1].body, "\"storageType\":\"AzureFile\""));
	assert_non_null(strstr(e->t.seen[1].body, "\"cpu\":0.5"));
}

static void test_async_operation_failed(void **state)
{
	struct env *e = *state;
	struct aca_arm_job_spec spec;
	struct aca_arm_job job;
	struct aca_arm_error err;

	job_spec(&spec);
	fake_reply(&e->t, "PUT " JOB_URL, 1, 201, "{}", "Azure-AsyncOperation: https://arm.test/ops/2");
	fake_reply(&e->t, "GET https://arm.test/ops/2", 1, 200,
	           "{\"status\":\"Failed\",\"error\":{\"code\":\"ContainerAppImagePullFailed\","
	           "\"message\":\"image alpin not found\"}}",
	           NULL);
	assert_int_equal(aca_arm_job_put(client(e), e->arena, "web", &spec, &job, &err), SL_ERR_INTERNAL);
	assert_string_equal(err.code, "ContainerAppImagePullFailed");
	assert_string_equal(err.message,
	                    "job web: operation Failed: ContainerAppImagePullFailed: image alpin not found");
	assert_int_equal(fake_count(&e->t, "GET " JOB_URL), 0);
}

static void test_location_polling(void **state)
{
	struct env *e = *state;
	struct aca_arm_error err;
	int existed = 0;

	fake_reply(&e->t, "DELETE " JOB_URL, 1, 202, "", "Location: https://arm.test/results/9");
	fake_reply(&e->t, "GET https://arm.test/results/9", 2, 202, "", NULL);
	fake_reply(&e->t, "GET https://arm.test/results/9", 1, 200, "", NULL);
	assert_int_equal(aca_arm_job_delete(client(e), e->arena, "web", &existed, &err), SL_OK);
	assert_true(existed);
	assert_int_equal(fake_count(&e->t, "GET https://arm.test/results/9"), 3);
	assert_int_equal(e->clk.n_sleeps, 3);
	/* 204: nothing to delete, nothing to wait for. */
	fake_reply(&e->t, "DELETE " JOB_URL, 1, 204, "", NULL);
	assert_int_equal(aca_arm_job_delete(e->client, e->arena, "web", &existed, &err), SL_OK);
	assert_false(existed);
}

static void test_start_with_location(void **state)
{
	struct env *e = *state;
	struct aca_arm_error err;
	const char *exec = NULL;

	fake_reply(&e->t, "POST " JOB_URL "/start", 1, 202, "", "Location: https://arm.test/results/s\nRetry-After: 1");
	fake_reply(&e->t, "GET https://arm.test/results/s", 1, 202, "", NULL);
	fake_reply(&e->t, "GET https://arm.test/results/s", 1, 200,
	           "{\"name\":\"web-x1y2z3a\",\"id\":\"/j/web/executions/web-x1y2z3a\"}", NULL);
	assert_int_equal(aca_arm_job_start(client(e), e->arena, "web", &exec, &err), SL_OK);
	assert_string_equal(exec, "web-x1y2z3a");
	assert_int_equal(e->clk.sleeps[0], 1000);
	assert_int_equal(e->clk.sleeps[1], 2000);
}

static void test_operation_limit(void **state)
{
	struct env *e = *state;
	struct aca_arm_error err;

	e->o.lro_timeout_ms = 10000;
	fake_reply(&e->t, "POST " JOB_URL "/executions/web-1/stop", 1, 202, "",
	           "Location: https://arm.test/results/forever");
	fake_reply(&e->t, "GET https://arm.test/results/forever", -1, 202, "", NULL);
	assert_int_equal(aca_arm_execution_stop(client(e), e->arena, "web", "web-1", &err),
	                 SL_ERR_UNAVAILABLE);
	assert_non_null(strstr(err.message, "still running after"));
	/* 2 s apart within 10 s: at most 5 polls. */
	assert_in_range(fake_count(&e->t, "GET https://arm.test/results/forever"), 4, 5);
}

static void test_foreign_poll_url(void **state)
{
	struct env *e = *state;
	struct aca_arm_error err;
	int existed;

	fake_reply(&e->t, "DELETE " JOB_URL, 1, 202, "", "Location: https://attacker.test/x");
	assert_int_equal(aca_arm_job_delete(client(e), e->arena, "web", &existed, &err), SL_ERR_INTERNAL);
	assert_non_null(strstr(err.message, "refusing to send credentials to attacker.test"));
	assert_int_equal(fake_count(&e->t, "attacker.test"), 0);
}

static void test_put_without_operation_header(void **state)
{
	struct env *e = *state;
	struct aca_arm_job_spec spec;
	struct aca_arm_job job;
	struct aca_arm_error err;
	char body[4096];

	job_spec(&spec);
	snprintf(body, sizeof(body), JOB_BODY, "InProgress");
	fake_reply(&e->t, "PUT " JOB_URL, 1, 200, body, NULL);
	fake_reply(&e->t, "GET " JOB_URL, 2, 200, body, NULL);
	snprintf(body, sizeof(body), JOB_BODY, "Succeeded");
	fake_reply(&e->t, "GET " JOB_URL, 1, 200, body, NULL);
	assert_int_equal(aca_arm_job_put(client(e), e->arena, "web", &spec, &job, &err), SL_OK);
	assert_string_equal(job.provisioning_state, "Succeeded");
	assert_int_equal(fake_count(&e->t, "GET " JOB_URL), 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_async_operation, setup, teardown),
		cmocka_unit_test_setup_teardown(test_async_operation_failed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_location_polling, setup, teardown),
		cmocka_unit_test_setup_teardown(test_start_with_location, setup, teardown),
		cmocka_unit_test_setup_teardown(test_operation_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_foreign_poll_url, setup, teardown),
		cmocka_unit_test_setup_teardown(test_put_without_operation_header, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
