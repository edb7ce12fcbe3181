/* Volume reconcile against azemu: unfinished creates and removes left by
 * a dead process, shares and environment storages of this installation
 * without a row, storages of volumes given up, foreign and young shares
 * left alone, and notes for volumes whose share vanished. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "plugins/aca/aca.h"
#include "plugins/aca/arm_client.h"
#include "plugins/aca/volume.h"
#include "plugins/aca/volume_azure.h"
#include "plugins/aca/volume_reconcile.h"
#include "tests/volumes/vtest.h"

static struct vt_azemu az;
static void *ctx;
static char db[256];

static const char *const azemu_args[] = { "--share-delete-window-ms", "0", NULL };

static struct aca_ctx *instance(void)
{
	return ctx;
}

static int setup(void **state)
{
	(void)state;
	if (vt_azemu_start(&az, azemu_args) != 0)
		return -1;
	snprintf(db, sizeof(db), "%s/state.db", vt_tempdir());
	vt_config_azemu(&az, db);
	vt_config_set("reconcile_grace_s", "0");
	vt_logs_clear();
	ctx = vt_plugin_start();
	if (ctx == NULL)
		return -1;
	aca_reconciler_wait(instance()->volumes->reconciler, 1);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	if (ctx != NULL)
		vt_plugin_stop(ctx);
	ctx = NULL;
	vt_azemu_stop(&az);
	vt_tempdir_remove();
	vt_calls_free();
	return 0;
}

static void sql(const char *text)
{
	sqlite3 *h;
	char *err = NULL;

	assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
	sqlite3_busy_timeout(h, 5000);
	if (sqlite3_exec(h, text, NULL, NULL, &err) != SQLITE_OK)
		fail_msg("%s: %s", text, err);
	sqlite3_close(h);
}

static long long sql_int(const char *text)
{
	sqlite3 *h;
	sqlite3_stmt *st;
	long long v = -1;

	assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, text, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(h);
	return v;
}

/* A share as some installation made it, created at `created` (Unix s). */
static void make_share(const char *share, const char *installation, long long created)
{
	struct aca_arm_arena *arena = aca_arm_arena_new();
	struct aca_arm_kv meta[3];
	struct aca_arm_share_spec spec;
	struct aca_arm_share out;
	struct aca_arm_error err;
	char when[32];

	snprintf(when, sizeof(when), "%lld", created);
	meta[0] = (struct aca_arm_kv){ ACA_SHARE_META_INSTALLATION, installation };
	meta[1] = (struct aca_arm_kv){ ACA_SHARE_META_VOLUME, "lost" };
	meta[2] = (struct aca_arm_kv){ ACA_SHARE_META_CREATED, when };
	memset(&spec, 0, sizeof(spec));
	spec.quota_gib = 1;
	spec.metadata = (struct aca_arm_map){ 3, meta };
	assert_int_equal(aca_arm_share_put(instance()->arm, arena, VT_ACCOUNT, share, &spec, &out,
	                                   NULL, &err),
	                 SL_OK);
	aca_arm_arena_free(arena);
}

static void make_storage(const char *name, const char *share)
{
	struct aca_arm_error err;

	assert_int_equal(aca_volume_azure_storage_put(instance()->volumes->azure, name, share, 0,
	                                              &err),
	                 SL_OK);
}

static int storage_exists(const char *name)
{
	struct aca_arm_arena *arena = aca_arm_arena_new();
	struct aca_arm_env_storage out;
	struct aca_arm_error err;
	int rc = aca_arm_env_storage_get(instance()->arm, arena, VT_ENV, name, &out, &err);

	aca_arm_arena_free(arena);
	assert_true(rc == SL_OK || rc == SL_ERR_NOT_FOUND);
	return rc == SL_OK;
}

static int share_exists(const char *name)
{
	struct aca_arm_arena *arena = aca_arm_arena_new();
	struct aca_arm_share out;
	struct aca_arm_error err;
	int rc = aca_arm_share_get(instance()->arm, arena, VT_ACCOUNT, name, 0, &out, &err);

	aca_arm_arena_free(arena);
	assert_true(rc == SL_OK || rc == SL_ERR_NOT_FOUND);
	assert_int_equal(rc == SL_OK, vt_share_dir_exists(&az, name));
	return rc == SL_OK;
}

static void pass(struct aca_reconcile_report *rep)
{
	assert_int_equal(aca_volume_reconcile_pass(ctx, rep), 0);
}

static void test_orphans_of_this_installation_go(void **state)
{
	struct aca_reconcile_report rep;
	const char *mine = instance()->volumes->installation;
	long long old = (long long)time(NULL) - 3600;
	char *logs;

	(void)state;
	/* Ours, with a storage pointing at it: both go, storage first. */
	make_share("sl-lost-0000000001", mine, old);
	make_storage("sl-lost-0000000001", "sl-lost-0000000001");
	/* Another installation's share and storage: never touched. */
	make_share("sl-theirs-0000000002", "ffffffffffffffffffffffffffffffff", old);
	make_storage("sl-theirs-0000000002", "sl-theirs-0000000002");
	/* A share without our marker at all. */
	make_share("sl-unmarked-000003", "", old);
	pass(&rep);
	assert_int_equal(rep.orphan_shares, 1);
	assert_int_equal(rep.orphan_storages, 1);
	assert_int_equal(rep.failures, 0);
	assert_false(share_exists("sl-lost-0000000001"));
	assert_false(storage_exists("sl-lost-0000000001"));
	assert_true(share_exists("sl-theirs-0000000002"));
	assert_true(storage_exists("sl-theirs-0000000002"));
	assert_true(share_exists("sl-unmarked-000003"));
	logs = vt_logs();
	assert_non_null(strstr(logs, "removed share sl-lost-0000000001 (volume lost)"));
	assert_non_null(strstr(logs, "removed environment storage sl-lost-0000000001"));
	free(logs);
}

static void test_young_orphans_wait_for_the_grace_period(void **state)
{
	struct aca_reconcile_report rep;

	(void)state;
	vt_plugin_stop(ctx);
	vt_config_set("reconcile_grace_s", "3600");
	ctx = vt_plugin_start();
	assert_non_null(ctx);
	aca_reconciler_wait(instance()->volumes->reconciler, 1);
	make_share("sl-young-0000000004", instance()->volumes->installation, (long long)time(NULL));
	pass(&rep);
	assert_int_equal(rep.orphan_shares, 0);
	assert_true(share_exists("sl-young-0000000004"));
	/* Volumes of the running instance are never orphans, young or old. */
	assert_int_equal(rep.failures, 0);
}

static void test_unfinished_create_and_remove(void **state)
{
	struct aca_reconcile_report rep;
	const char *mine = instance()->volumes->installation;
	long long now = (long long)time(NULL);

	(void)state;
	/* A process died between the share and the storage of one volume, and
	 * in the middle of removing another. */
	make_share("sl-half-0000000005", mine, now);
	make_share("sl-going-0000000006", mine, now);
	make_storage("sl-going-0000000006", "sl-going-0000000006");
	sql("INSERT INTO volumes (name, state, state_ns, owner, driver, created_ns, anonymous,"
	    " share_name, storage_name, quota_gib, access_tier, labels_present) VALUES"
	    " ('half', 'creating', 1, 'deaddeaddeaddeaddeaddeaddeaddead', 'azure-files', 1, 0,"
	    "  'sl-half-0000000005', 'sl-half-0000000005', 1, 'Hot', 0),"
	    " ('going', 'deleting', 1, 'deaddeaddeaddeaddeaddeaddeaddead', 'azure-files', 1, 0,"
	    "  'sl-going-0000000006', 'sl-going-0000000006', 1, 'Hot', 0)");
	pass(&rep);
	assert_int_equal(rep.creates_undone, 1);
	assert_int_equal(rep.removes_finished, 1);
	assert_int_equal(rep.failures, 0);
	assert_false(share_exists("sl-half-0000000005"));
	assert_false(share_exists("sl-going-0000000006"));
	assert_false(storage_exists("sl-going-0000000006"));
	assert_int_equal(sql_int("SELECT count(*) FROM volumes"), 0);
	/* Their Azure names are remembered as given up. */
	assert_int_equal(sql_int("SELECT count(*) FROM volume_released"), 2);
}

static void test_late_storage_of_a_released_volume(void **state)
{
	struct aca_reconcile_report rep;
	long long now = (long long)time(NULL);
	char insert[512];

	(void)state;
	/* The storage PUT of a volume given up reached Azure afterwards; its
	 * share is gone, so only the remembered name says it is ours. */
	snprintf(insert, sizeof(insert),
	         "INSERT INTO volume_released (storage_name, share_name, released_ns)"
	         " VALUES ('sl-late-0000000007', 'sl-late-0000000007', %lld)",
	         now * 1000000000LL);
	sql(insert);
	make_share("sl-late-0000000007", "ffffffffffffffffffffffffffffffff", now);
	make_storage("sl-late-0000000007", "sl-late-0000000007");
	/* A storage nobody knows stays. */
	make_storage("sl-unknown-00000008", "sl-late-0000000007");
	pass(&rep);
	assert_int_equal(rep.orphan_storages, 1);
	assert_false(storage_exists("sl-late-0000000007"));
	assert_true(storage_exists("sl-unknown-00000008"));
}

static void test_missing_share_is_noted(void **state)
{
	struct sl_volume_create_req req;
	struct sl_volume v;
	struct aca_reconcile_report rep;
	struct aca_arm_error err;
	const char *share = NULL, *storage = NULL, *problem = NULL;

	(void)state;
	memset(&req, 0, sizeof(req));
	req.name = "fragile";
	assert_int_equal(vt_plugin()->volumes->create(ctx, vt_call(), &req, &v), SL_OK);
	assert_int_equal(vt_plugin()->volumes->inspect(ctx, vt_call(), "fragile", &v), SL_OK);
	for (size_t i = 0; i < v.status.count; i++) {
		if (strcmp(v.status.items[i].key, "Share") == 0)
			share = v.status.items[i].value;
		if (strcmp(v.status.items[i].key, "EnvironmentStorage") == 0)
			storage = v.status.items[i].value;
		assert_string_not_equal(v.status.items[i].key, "Problem");
	}
	assert_non_null(share);
	/* Someone deletes the share behind our back. */
	assert_int_equal(aca_volume_azure_share_delete(instance()->volumes->azure, share, &err), SL_OK);
	pass(&rep);
	assert_int_equal(rep.missing, 1);
	assert_int_equal(vt_plugin()->volumes->inspect(ctx, vt_call(), "fragile", &v), SL_OK);
	for (size_t i = 0; i < v.status.count; i++) {
		if (strcmp(v.status.items[i].key, "Problem") == 0)
			problem = v.status.items[i].value;
	}
	if (problem == NULL) {
		fail_msg("inspect shows no Problem");
		return;
	}
	assert_non_null(strstr(problem, "share sl-fragile-"));
	assert_non_null(strstr(problem, "missing in Azure"));
	/* When it is back, the note goes. */
	make_share(share, instance()->volumes->installation, (long long)time(NULL));
	make_storage(storage, share);
	pass(&rep);
	assert_int_equal(rep.missing, 0);
	assert_int_equal(sql_int("SELECT count(*) FROM volumes WHERE status_note IS NOT NULL"), 0);
}

static void test_thread_runs_when_kicked(void **state)
{
	const char *mine = instance()->volumes->installation;

	(void)state;
	make_share("sl-kicked-0000000009", mine, (long long)time(NULL) - 10);
	aca_reconciler_kick(instance()->volumes->reconciler);
	aca_reconciler_wait(instance()->volumes->reconciler, 2);
	assert_false(share_exists("sl-kicked-0000000009"));
	make_share("sl-kicked-0000000010", mine, (long long)time(NULL) - 10);
	aca_reconciler_run(instance()->volumes->reconciler);
	assert_false(share_exists("sl-kicked-0000000010"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_orphans_of_this_installation_go, setup, teardown),
		cmocka_unit_test_setup_teardown(test_young_orphans_wait_for_the_grace_period, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_unfinished_create_and_remove, setup, teardown),
		cmocka_unit_test_setup_teardown(test_late_storage_of_a_released_volume, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_missing_share_is_noted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_thread_runs_when_kicked, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
