/* The volume module against azemu: the exact Azure calls of create and
 * remove, retries, the undo of a failed create, the account key's cache
 * and refresh, ShareBeingDeleted, concurrent creates of one name, the
 * in-use rules with containers, the identity mode, prune's reclaimed
 * space, and that no secret reaches a log, a message or the database. */
#include "config.h"

#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static const char *const azemu_args[] = { "--share-delete-window-ms", "1500", "--lro-polls", "0",
	                                  NULL };

static void start_plugin(void)
{
	ctx = vt_plugin_start();
	assert_non_null(ctx);
	/* The start-up reconcile pass lists shares and storages: let it finish
	 * before the tests count requests. */
	if (((struct aca_ctx *)ctx)->volumes->reconciler != NULL)
		aca_reconciler_wait(((struct aca_ctx *)ctx)->volumes->reconciler, 1);
}

static int setup(void **state)
{
	(void)state;
	if (vt_azemu_start(&az, azemu_args) != 0)
		return -1;
	snprintf(db, sizeof(db), "%s/state.db", vt_tempdir());
	vt_config_azemu(&az, db);
	vt_logs_clear();
	start_plugin();
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

static int admin_ok(long status)
{
	return status >= 200 && status < 300;
}

static void restart_plugin(void)
{
	vt_plugin_stop(ctx);
	start_plugin();
}

/* Per thread: the concurrency test calls the helpers from several threads. */
static _Thread_local const char *last_message;

static int create(const char *name, const struct sl_map *opts, const struct sl_map *labels,
                  struct sl_volume *out)
{
	struct sl_call *call = vt_call();
	struct sl_volume_create_req req;
	struct sl_volume dummy;
	int rc;

	memset(&req, 0, sizeof(req));
	req.name = name;
	req.driver = "local";
	if (opts != NULL)
		req.driver_opts = *opts;
	if (labels != NULL)
		req.labels = *labels;
	rc = vt_plugin()->volumes->create(ctx, call, &req, out != NULL ? out : &dummy);
	last_message = vt_message(call);
	return rc;
}

static int inspect(const char *name, struct sl_volume *out)
{
	struct sl_call *call = vt_call();
	int rc = vt_plugin()->volumes->inspect(ctx, call, name, out);

	last_message = vt_message(call);
	return rc;
}

static int rm(const char *name, int force)
{
	struct sl_call *call = vt_call();
	int rc = vt_plugin()->volumes->remove(ctx, call, name, force);

	last_message = vt_message(call);
	return rc;
}

static const char *status_of(const struct sl_volume *v, const char *key)
{
	for (size_t i = 0; i < v->status.count; i++) {
		if (strcmp(v->status.items[i].key, key) == 0)
			return v->status.items[i].value;
	}
	return NULL;
}

/* The Azure names of a volume, from inspect. */
static void names_of(const char *volume, char *share, char *storage)
{
	struct sl_volume v;

	assert_int_equal(inspect(volume, &v), SL_OK);
	assert_non_null(status_of(&v, "Share"));
	assert_non_null(status_of(&v, "EnvironmentStorage"));
	snprintf(share, 64, "%s", status_of(&v, "Share"));
	snprintf(storage, 64, "%s", status_of(&v, "EnvironmentStorage"));
}

static void expect_calls(size_t mark, const char *want)
{
	char *got = vt_log_calls(&az, mark);

	if (strcmp(got, want) != 0)
		fprintf(stderr, "# calls:\n%s# want:\n%s", got, want);
	assert_string_equal(got, want);
	free(got);
}

static long long sql_int(const char *sql)
{
	sqlite3 *h;
	sqlite3_stmt *st;
	long long v = -1;

	assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(h);
	return v;
}

/* Is the share in the account's list, as ARM answers it? */
static int share_listed(const char *share)
{
	struct aca_arm_arena *arena = aca_arm_arena_new();
	struct aca_arm_share_list list;
	struct aca_arm_error err;
	int found = 0;

	assert_int_equal(aca_arm_share_list(((struct aca_ctx *)ctx)->arm, arena, VT_ACCOUNT, NULL,
	                                    &list, &err),
	                 SL_OK);
	for (size_t i = 0; i < list.count; i++)
		found |= strcmp(list.items[i].name, share) == 0;
	aca_arm_arena_free(arena);
	return found;
}

static void test_create_makes_share_key_and_storage(void **state)
{
	struct sl_volume v, again;
	char share[64], storage[64], want[512];
	size_t mark;

	(void)state;
	mark = vt_log_mark(&az);
	assert_int_equal(create("cache", NULL, NULL, &v), SL_OK);
	assert_string_equal(v.name, "cache");
	assert_string_equal(v.driver, "azure-files");
	assert_string_equal(v.mountpoint, "/mnt/azure/cache");
	assert_string_equal(v.scope, "local");
	assert_false(v.labels.present);
	assert_false(v.options.present);
	assert_false(v.status.present);
	assert_true(v.created_ns > 0);
	names_of("cache", share, storage);
	assert_int_equal(strncmp(share, "sl-cache-", 9), 0);
	snprintf(want, sizeof(want),
	         "PUT shares/%s 201\nPOST " VT_ACCOUNT "/listKeys 200\nPUT storages/%s 200\n", share,
	         storage);
	expect_calls(mark, want);
	assert_true(vt_share_dir_exists(&az, share));
	/* The share carries this installation's marker and the volume's name. */
	assert_true(vt_log_contains(&az, ((struct aca_ctx *)ctx)->volumes->installation));
	assert_true(vt_log_contains(&az, "\"sockerlessvolume\":\"cache\""));

	/* The key is cached: the next create makes two calls. */
	mark = vt_log_mark(&az);
	assert_int_equal(create("second", NULL, NULL, NULL), SL_OK);
	names_of("second", share, storage);
	snprintf(want, sizeof(want), "PUT shares/%s 201\nPUT storages/%s 200\n", share, storage);
	expect_calls(mark, want);

	/* An existing name is answered from the store, options and labels ignored. */
	mark = vt_log_mark(&az);
	{
		struct sl_kv bogus = { "bogus", "1" };
		struct sl_map opts = { 1, 1, &bogus };

		assert_int_equal(create("cache", &opts, &opts, &again), SL_OK);
	}
	assert_int_equal(again.created_ns, v.created_ns);
	assert_false(again.labels.present);
	expect_calls(mark, "");
}

static void test_remove_deletes_storage_then_share(void **state)
{
	char share[64], storage[64], want[512];
	size_t mark;

	(void)state;
	assert_int_equal(create("gone-soon", NULL, NULL, NULL), SL_OK);
	names_of("gone-soon", share, storage);
	mark = vt_log_mark(&az);
	assert_int_equal(rm("gone-soon", 0), SL_OK);
	snprintf(want, sizeof(want), "DELETE storages/%s 200\nDELETE shares/%s 200\n", storage,
	         share);
	expect_calls(mark, want);
	assert_false(vt_share_dir_exists(&az, share));
	assert_false(share_listed(share));
	assert_int_equal(rm("gone-soon", 0), SL_ERR_NOT_FOUND);
	assert_string_equal(last_message, "get gone-soon: no such volume");
	mark = vt_log_mark(&az);
	assert_int_equal(rm("gone-soon", 1), SL_OK);
	expect_calls(mark, "");
	assert_int_equal(sql_int("SELECT count(*) FROM volumes"), 0);
}

static void test_share_put_retried_after_429_and_500(void **state)
{
	char share[64], storage[64], want[512];
	size_t mark;

	(void)state;
	assert_int_equal(vt_fault(&az, "{\"method\":\"PUT\",\"path\":\"/shares/\",\"status\":429,"
	                               "\"count\":1,\"retryAfter\":\"0\"}"),
	                 0);
	assert_int_equal(vt_fault(&az, "{\"method\":\"PUT\",\"path\":\"/shares/\",\"status\":500,"
	                               "\"count\":1}"),
	                 0);
	mark = vt_log_mark(&az);
	assert_int_equal(create("flaky", NULL, NULL, NULL), SL_OK);
	names_of("flaky", share, storage);
	snprintf(want, sizeof(want),
	         "PUT shares/%s 429\nPUT shares/%s 500\nPUT shares/%s 201\n"
	         "POST " VT_ACCOUNT "/listKeys 200\nPUT storages/%s 200\n",
	         share, share, share, storage);
	expect_calls(mark, want);
	assert_true(vt_share_dir_exists(&az, share));
}

static void test_failed_storage_put_leaves_nothing(void **state)
{
	struct sl_volume v;
	char *calls;
	size_t mark;

	(void)state;
	assert_int_equal(vt_fault(&az, "{\"method\":\"PUT\",\"path\":\"/storages/\",\"status\":400,"
	                               "\"code\":\"InvalidRequestContent\","
	                               "\"message\":\"The storage is refused.\"}"),
	                 0);
	mark = vt_log_mark(&az);
	assert_int_equal(create("doomed", NULL, NULL, NULL), SL_ERR_INVALID);
	assert_non_null(strstr(last_message, "aca: volume create: environment storage sl-doomed-"));
	assert_non_null(strstr(last_message, ": InvalidRequestContent: The storage is refused."));
	calls = vt_log_calls(&az, mark);
	/* Share, key, refused storage, then the undo: storage and share deleted. */
	assert_non_null(strstr(calls, "PUT shares/sl-doomed-"));
	assert_non_null(strstr(calls, "POST " VT_ACCOUNT "/listKeys 200\n"));
	assert_non_null(strstr(calls, " 400\nDELETE storages/sl-doomed-"));
	assert_non_null(strstr(calls, "DELETE shares/sl-doomed-"));
	free(calls);
	/* azemu's data directory and its share list agree: no share. */
	{
		struct aca_arm_arena *arena = aca_arm_arena_new();
		struct aca_arm_share_list list;
		struct aca_arm_error err;

		assert_int_equal(aca_arm_share_list(((struct aca_ctx *)ctx)->arm, arena, VT_ACCOUNT,
		                                    "sl-doomed", &list, &err),
		                 SL_OK);
		assert_int_equal(list.count, 0);
		aca_arm_arena_free(arena);
	}
	{
		char path[256];
		char cmd[512];

		snprintf(path, sizeof(path), "%s/shares/%s", az.data, VT_ACCOUNT);
		snprintf(cmd, sizeof(cmd), "test -z \"$(ls %s 2>/dev/null | grep sl-doomed)\"", path);
		assert_int_equal(system(cmd), 0);
	}
	assert_int_equal(inspect("doomed", &v), SL_ERR_NOT_FOUND);
	assert_int_equal(sql_int("SELECT count(*) FROM volumes"), 0);
}

static void test_failed_undo_goes_to_reconcile(void **state)
{
	struct aca_volumes *vm;
	char *calls;

	(void)state;
	vt_config_set("reconcile_grace_s", "0");
	restart_plugin();
	vm = ((struct aca_ctx *)ctx)->volumes;
	assert_int_equal(vt_fault(&az, "{\"method\":\"PUT\",\"path\":\"/storages/\",\"status\":400,"
	                               "\"code\":\"InvalidRequestContent\"}"),
	                 0);
	assert_int_equal(vt_fault(&az, "{\"method\":\"DELETE\",\"path\":\"/shares/\","
	                               "\"status\":409,\"code\":\"ShareHasSnapshots\"}"),
	                 0);
	assert_int_equal(create("stuck", NULL, NULL, NULL), SL_ERR_INVALID);
	/* The row stays, invisible, handed to reconcile (which may be at it). */
	assert_int_equal(sql_int("SELECT count(*) FROM volumes WHERE name = 'stuck' AND state ="
	                         " 'creating'"),
	                 1);
	assert_int_equal(inspect("stuck", &(struct sl_volume){ 0 }), SL_ERR_NOT_FOUND);
	/* A create of that name does not wait for it: nobody is working on it. */
	assert_int_equal(create("stuck", NULL, NULL, NULL), SL_ERR_UNAVAILABLE);
	assert_string_equal(last_message, "create stuck: an interrupted create or remove of this "
	                                  "volume is being cleaned up; try again later");
	calls = vt_logs();
	assert_non_null(strstr(calls, "reconcile will remove share sl-stuck-"));
	free(calls);
	/* The failed undo kicked reconcile: while Azure keeps refusing, it
	 * tries and keeps the row. */
	aca_reconciler_run(vm->reconciler);
	assert_int_equal(sql_int("SELECT count(*) FROM volumes WHERE name = 'stuck'"), 1);
	calls = vt_logs();
	assert_non_null(strstr(calls, "volume stuck (creating): share sl-stuck-"));
	assert_non_null(strstr(calls, "trying again later"));
	free(calls);
	assert_true(admin_ok(vt_admin(&az, "DELETE", "/_azemu/faults", NULL)));
	aca_reconciler_run(vm->reconciler);
	assert_int_equal(sql_int("SELECT count(*) FROM volumes"), 0);
	calls = vt_logs();
	assert_non_null(strstr(calls, "undid the unfinished create of volume stuck"));
	free(calls);
	{
		char cmd[512];

		snprintf(cmd, sizeof(cmd), "test -z \"$(ls %s/shares/%s 2>/dev/null | grep sl-stuck)\"",
		         az.data, VT_ACCOUNT);
		assert_int_equal(system(cmd), 0);
	}
}

static void test_refused_key_is_read_again(void **state)
{
	struct aca_volumes *vm = ((struct aca_ctx *)ctx)->volumes;
	char share[64], storage[64], want[512];
	size_t mark;

	(void)state;
	assert_int_equal(create("before", NULL, NULL, NULL), SL_OK);
	assert_int_equal(aca_volume_azure_key_reads(vm->azure), 1);
	/* The account's keys are rotated. */
	assert_true(admin_ok(vt_admin(&az, "PUT",
	                          "/_azemu/subscriptions/" VT_SUB "/resourceGroups/" VT_RG
	                          "/storageAccounts/" VT_ACCOUNT,
	                          "{\"location\":\"westeurope\",\"key\":\"" VT_KEY2 "\"}")));
	mark = vt_log_mark(&az);
	assert_int_equal(create("after", NULL, NULL, NULL), SL_OK);
	names_of("after", share, storage);
	snprintf(want, sizeof(want),
	         "PUT shares/%s 201\nPUT storages/%s 400\nPOST " VT_ACCOUNT
	         "/listKeys 200\nPUT storages/%s 200\n",
	         share, storage, storage);
	expect_calls(mark, want);
	assert_int_equal(aca_volume_azure_key_reads(vm->azure), 2);
}

static void test_share_being_deleted_is_waited_out(void **state)
{
	char *calls;
	size_t mark;

	(void)state;
	assert_int_equal(create("again", NULL, NULL, NULL), SL_OK);
	assert_int_equal(rm("again", 0), SL_OK);
	/* azemu keeps the name for 1.5 s after the delete. */
	mark = vt_log_mark(&az);
	assert_int_equal(create("again", NULL, NULL, NULL), SL_OK);
	calls = vt_log_calls(&az, mark);
	assert_non_null(strstr(calls, " 409\n"));
	assert_non_null(strstr(calls, " 201\n"));
	free(calls);

	/* With no time to wait, the conflict is the answer, and nothing stays. */
	vt_config_set("share_recreate_wait_s", "0");
	restart_plugin();
	assert_int_equal(rm("again", 0), SL_OK);
	assert_int_equal(create("again", NULL, NULL, NULL), SL_ERR_CONFLICT);
	assert_non_null(strstr(last_message, "aca: volume create: share sl-again-"));
	assert_non_null(strstr(last_message, "ShareBeingDeleted"));
	assert_int_equal(sql_int("SELECT count(*) FROM volumes"), 0);
	assert_true(admin_ok(vt_admin(&az, "POST", "/_azemu/shares/purge", NULL)));
	assert_int_equal(create("again", NULL, NULL, NULL), SL_OK);
}

struct racer {
	pthread_t thread;
	int rc;
	int64_t created_ns;
};

static void *race(void *arg)
{
	struct racer *r = arg;
	struct sl_volume v;

	memset(&v, 0, sizeof(v));
	r->rc = create("contested", NULL, NULL, &v);
	r->created_ns = v.created_ns;
	return NULL;
}

static void test_concurrent_creates_make_one_share(void **state)
{
	struct racer racers[6];
	char *calls, *p;
	int share_puts = 0, storage_puts = 0;
	size_t mark;

	(void)state;
	/* The storage PUT is slow, so the other requests find the row creating. */
	assert_int_equal(vt_fault(&az, "{\"method\":\"PUT\",\"path\":\"/storages/\",\"delayMs\":300,"
	                               "\"count\":1}"),
	                 0);
	mark = vt_log_mark(&az);
	for (size_t i = 0; i < 6; i++)
		assert_int_equal(pthread_create(&racers[i].thread, NULL, race, &racers[i]), 0);
	for (size_t i = 0; i < 6; i++) {
		pthread_join(racers[i].thread, NULL);
		assert_int_equal(racers[i].rc, SL_OK);
		assert_int_equal(racers[i].created_ns, racers[0].created_ns);
	}
	calls = vt_log_calls(&az, mark);
	for (p = calls; (p = strstr(p, "PUT shares/")) != NULL; p++)
		share_puts++;
	for (p = calls; (p = strstr(p, "PUT storages/")) != NULL; p++)
		storage_puts++;
	free(calls);
	assert_int_equal(share_puts, 1);
	assert_int_equal(storage_puts, 1);
}

static int ctr_create(const char *name, const struct sl_mount_spec *mounts, size_t n,
                      const char **id)
{
	struct sl_call *call = vt_call();
	struct sl_container_create_req req;
	struct sl_container_created out;
	int rc;

	memset(&req, 0, sizeof(req));
	memset(&out, 0, sizeof(out));
	req.name = name;
	req.image = "alpine";
	req.network_mode = "none";
	req.mounts = mounts;
	req.n_mounts = n;
	rc = vt_plugin()->containers->create(ctx, call, &req, &out);
	last_message = vt_message(call);
	if (id != NULL)
		*id = out.id;
	return rc;
}

static int ctr_rm(const char *name, int volumes)
{
	struct sl_call *call = vt_call();
	int rc = vt_plugin()->containers->remove(ctx, call, name, 0, volumes);

	last_message = vt_message(call);
	return rc;
}

static void test_containers_and_in_use(void **state)
{
	struct sl_kv label = { "made-by", "mount" };
	struct sl_mount_spec m[2];
	struct sl_volume v;
	const char *id = NULL;
	char want[256];
	char *calls;
	size_t mark;

	(void)state;
	memset(m, 0, sizeof(m));
	m[0] = (struct sl_mount_spec){ .type = SL_MOUNT_VOLUME, .origin = SL_MOUNT_FROM_MOUNTS,
		                       .source = "on-demand", .target = "/data", .mode = "",
		                       .propagation = "",
		                       .volume_labels = { 1, 1, &label } };
	m[1] = (struct sl_mount_spec){ .type = SL_MOUNT_VOLUME, .origin = SL_MOUNT_FROM_CONFIG,
		                       .target = "/scratch", .mode = "", .propagation = "" };
	/* An unknown volume driver: Docker's 404, before anything is made. */
	m[0].volume_driver = "nope";
	assert_int_equal(ctr_create("c1", m, 2, NULL), SL_ERR_NOT_FOUND);
	assert_string_equal(last_message, "create on-demand: error looking up volume plugin nope: "
	                                  "plugin \"nope\" not found");
	m[0].volume_driver = NULL;
	/* The named volume is made on demand with the mount's labels; the
	 * anonymous one needs no Azure call. */
	mark = vt_log_mark(&az);
	assert_int_equal(ctr_create("c1", m, 2, &id), SL_OK);
	calls = vt_log_calls(&az, mark);
	assert_non_null(strstr(calls, "PUT shares/sl-on-demand-"));
	assert_null(strstr(calls, "PUT shares/sl-0"));
	free(calls);
	assert_int_equal(inspect("on-demand", &v), SL_OK);
	assert_int_equal(v.labels.count, 1);
	assert_string_equal(v.labels.items[0].value, "mount");
	assert_int_equal(sql_int("SELECT count(*) FROM volumes WHERE anonymous = 1"), 1);
	/* dockerd checks the name before it makes volumes: a taken name makes none. */
	m[0].source = "never-made";
	mark = vt_log_mark(&az);
	assert_int_equal(ctr_create("c1", m, 1, NULL), SL_ERR_CONFLICT);
	assert_non_null(strstr(last_message, "The container name \"/c1\" is already in use"));
	expect_calls(mark, "");
	assert_int_equal(inspect("never-made", &v), SL_ERR_NOT_FOUND);
	m[0].source = "on-demand";

	/* In use: 409 with the container's id, and force does not override it. */
	snprintf(want, sizeof(want), "remove on-demand: volume is in use - [%s]", id);
	assert_int_equal(rm("on-demand", 0), SL_ERR_CONFLICT);
	assert_string_equal(last_message, want);
	assert_int_equal(rm("on-demand", 1), SL_ERR_CONFLICT);
	assert_string_equal(last_message, want);

	/* The seed's switch: force removes a volume only stopped containers use. */
	vt_config_set("volume_force_remove", "in-use");
	restart_plugin();
	assert_int_equal(rm("on-demand", 0), SL_ERR_CONFLICT);
	assert_int_equal(rm("on-demand", 1), SL_OK);

	/* rm -v removes the anonymous volume and keeps named ones. */
	assert_int_equal(create("kept", NULL, NULL, NULL), SL_OK);
	m[0].source = "kept";
	assert_int_equal(ctr_create("c2", m, 2, NULL), SL_OK);
	assert_int_equal(sql_int("SELECT count(*) FROM volumes WHERE anonymous = 1"), 2);
	assert_int_equal(ctr_rm("c2", 1), SL_OK);
	assert_int_equal(sql_int("SELECT count(*) FROM volumes WHERE anonymous = 1"), 1);
	assert_int_equal(inspect("kept", &v), SL_OK);
	/* Without -v the anonymous volume stays, dangling. */
	assert_int_equal(ctr_rm("c1", 0), SL_OK);
	assert_int_equal(sql_int("SELECT count(*) FROM volumes WHERE anonymous = 1"), 1);
}

/* An anonymous volume that got a share (as sharing it through VolumesFrom
 * will give it) goes from Azure too when its container is removed with -v. */
static void test_rm_v_removes_an_anonymous_share(void **state)
{
	struct aca_volumes *vm = ((struct aca_ctx *)ctx)->volumes;
	struct sl_mount_spec m;
	struct aca_volume_share_req share;
	struct aca_arm_error err;
	char name[65], update[512], want[256];
	size_t mark;

	(void)state;
	memset(&m, 0, sizeof(m));
	m = (struct sl_mount_spec){ .type = SL_MOUNT_VOLUME, .origin = SL_MOUNT_FROM_CONFIG,
		                    .target = "/scratch", .mode = "", .propagation = "" };
	assert_int_equal(ctr_create("holder", &m, 1, NULL), SL_OK);
	{
		sqlite3 *h;
		sqlite3_stmt *st;

		assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
		assert_int_equal(sqlite3_prepare_v2(h, "SELECT name FROM volumes", -1, &st, NULL),
		                 SQLITE_OK);
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		snprintf(name, sizeof(name), "%s", (const char *)sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
		sqlite3_close(h);
	}
	memset(&share, 0, sizeof(share));
	share.share = "sl-anon-00000000aa";
	share.volume = name;
	share.quota_gib = 1;
	share.tier = "Hot";
	assert_int_equal(aca_volume_azure_share_put(vm->azure, &share, &err), SL_OK);
	assert_int_equal(aca_volume_azure_storage_put(vm->azure, "sl-anon-00000000aa",
	                                              "sl-anon-00000000aa", 0, &err),
	                 SL_OK);
	snprintf(update, sizeof(update),
	         "UPDATE volumes SET share_name = 'sl-anon-00000000aa', storage_name ="
	         " 'sl-anon-00000000aa', quota_gib = 1, access_tier = 'Hot' WHERE name = '%s'",
	         name);
	{
		sqlite3 *h;

		assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
		assert_int_equal(sqlite3_exec(h, update, NULL, NULL, NULL), SQLITE_OK);
		sqlite3_close(h);
	}
	mark = vt_log_mark(&az);
	assert_int_equal(ctr_rm("holder", 1), SL_OK);
	snprintf(want, sizeof(want),
	         "DELETE storages/sl-anon-00000000aa 200\nDELETE shares/sl-anon-00000000aa 200\n");
	expect_calls(mark, want);
	assert_int_equal(sql_int("SELECT count(*) FROM volumes"), 0);
}

static void test_identity_mode_sends_no_key(void **state)
{
	char share[64], storage[64], want[512];
	size_t mark;

	(void)state;
	vt_config_set("storage_auth", "identity");
	restart_plugin();
	/* Without the Key Vault secret, named volumes say what is missing. */
	assert_int_equal(create("ident", NULL, NULL, NULL), SL_ERR_UNAVAILABLE);
	assert_non_null(strstr(last_message, "storage_key_vault_url"));
	vt_config_set("storage_key_vault_url", "https://slvault.vault.azure.net/secrets/slvolumes-key");
	restart_plugin();
	mark = vt_log_mark(&az);
	assert_int_equal(create("ident", NULL, NULL, NULL), SL_OK);
	names_of("ident", share, storage);
	snprintf(want, sizeof(want), "PUT shares/%s 201\nPUT storages/%s 200\n", share, storage);
	expect_calls(mark, want);
	assert_true(vt_log_contains(&az, "\"accountKeyVaultProperties\":{\"keyVaultUrl\":"
	                                 "\"https://slvault.vault.azure.net/secrets/slvolumes-key\","
	                                 "\"identity\":\"system\"}"));
	assert_false(vt_log_contains(&az, "accountKey\":"));
}

static void test_prune_reports_reclaimed_space(void **state)
{
	struct sl_kv opt = { "quota", "2" };
	struct sl_map opts = { 1, 1, &opt };
	struct sl_volume_pruned out;
	struct sl_call *call;
	char share[64], storage[64], path[512];
	FILE *f;

	(void)state;
	assert_int_equal(create("full", NULL, NULL, NULL), SL_OK);
	assert_int_equal(create("with-options", &opts, NULL, NULL), SL_OK);
	names_of("full", share, storage);
	snprintf(path, sizeof(path), "%s/shares/%s/%s/blob", az.data, VT_ACCOUNT, share);
	f = fopen(path, "w");
	assert_non_null(f);
	for (int i = 0; i < 1234; i++)
		fputc('x', f);
	fclose(f);
	call = vt_call();
	memset(&out, 0, sizeof(out));
	assert_int_equal(vt_plugin()->volumes->prune(ctx, call,
	                                             &(struct sl_filters){ .dangling = SL_TRI_UNSET },
	                                             &out),
	                 SL_OK);
	/* Docker never prunes a volume created with driver options. */
	assert_int_equal(out.deleted.count, 1);
	assert_string_equal(out.deleted.items[0], "full");
	assert_int_equal(out.space_reclaimed, 1234);
	assert_false(vt_share_dir_exists(&az, share));
	assert_int_equal(inspect("with-options", &(struct sl_volume){ 0 }), SL_OK);
}

static void test_no_azure_settings(void **state)
{
	struct sl_volume v;

	(void)state;
	vt_plugin_stop(ctx);
	vt_config_set("subscription_id", NULL);
	vt_config_set("storage_account", NULL);
	ctx = vt_plugin_start();
	assert_non_null(ctx);
	assert_null(((struct aca_ctx *)ctx)->volumes->reconciler);
	assert_int_equal(create("named", NULL, NULL, NULL), SL_ERR_UNAVAILABLE);
	assert_string_equal(last_message,
	                    "aca: volume create: this backend has no Azure Files settings (missing: "
	                    "subscription_id, storage_account in its [backend] section)");
	/* Anonymous volumes need no Azure. */
	{
		struct sl_call *call = vt_call();
		struct sl_kv anon = { "com.docker.volume.anonymous", "" };
		struct sl_volume_create_req req;

		memset(&req, 0, sizeof(req));
		req.name = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
		req.anonymous = 1;
		req.labels = (struct sl_map){ 1, 1, &anon };
		assert_int_equal(vt_plugin()->volumes->create(ctx, call, &req, &v), SL_OK);
		assert_int_equal(v.labels.count, 1);
	}
	assert_int_equal(rm("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", 0),
	                 SL_OK);
}

static void test_secrets_stay_out(void **state)
{
	char wal[300];
	char *logs;

	(void)state;
	assert_int_equal(create("secretive", NULL, NULL, NULL), SL_OK);
	assert_int_equal(vt_fault(&az, "{\"method\":\"PUT\",\"path\":\"/storages/\",\"status\":400,"
	                               "\"code\":\"InvalidRequestContent\",\"message\":\"key "
	                               VT_KEY " is wrong\"}"),
	                 0);
	assert_int_equal(create("secretive2", NULL, NULL, NULL), SL_ERR_INVALID);
	/* Azure's message quoted the key; what the client sees does not. */
	assert_null(strstr(last_message, VT_KEY));
	assert_int_equal(rm("secretive", 0), SL_OK);
	logs = vt_logs();
	assert_null(strstr(logs, VT_KEY));
	assert_null(strstr(logs, VT_SECRET));
	free(logs);
	vt_plugin_stop(ctx);
	ctx = NULL;
	snprintf(wal, sizeof(wal), "%s-wal", db);
	assert_false(vt_file_contains(db, VT_KEY));
	assert_false(vt_file_contains(wal, VT_KEY));
	assert_false(vt_file_contains(db, VT_SECRET));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_create_makes_share_key_and_storage, setup, teardown),
		cmocka_unit_test_setup_teardown(test_remove_deletes_storage_then_share, setup, teardown),
		cmocka_unit_test_setup_teardown(test_share_put_retried_after_429_and_500, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_failed_storage_put_leaves_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_failed_undo_goes_to_reconcile, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refused_key_is_read_again, setup, teardown),
		cmocka_unit_test_setup_teardown(test_share_being_deleted_is_waited_out, setup, teardown),
		cmocka_unit_test_setup_teardown(test_concurrent_creates_make_one_share, setup, teardown),
		cmocka_unit_test_setup_teardown(test_containers_and_in_use, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rm_v_removes_an_anonymous_share, setup, teardown),
		cmocka_unit_test_setup_teardown(test_identity_mode_sends_no_key, setup, teardown),
		cmocka_unit_test_setup_teardown(test_prune_reports_reclaimed_space, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_azure_settings, setup, teardown),
		cmocka_unit_test_setup_teardown(test_secrets_stay_out, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
