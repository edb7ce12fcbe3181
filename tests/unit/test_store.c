/* The state store: schema creation and migration, per-connection settings,
 * durability across reopen and across kill -9, two generations writing the
 * same file. */
#include "config.h"

#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "plugins/aca/store.h"
#include "tests/unit/aca_fixture.h"

static char path[256];

static int setup(void **state)
{
	(void)state;
	snprintf(path, sizeof(path), "%s/state.db", fake_tempdir());
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	fake_tempdir_remove();
	return 0;
}

static struct aca_store *open_store(unsigned conns)
{
	struct aca_store *s = NULL;
	char err[256];

	if (aca_store_open(path, conns, &s, err, sizeof(err)) != 0)
		fail_msg("open: %s", err);
	return s;
}

/* One integer from a query on a borrowed connection. */
static long long query_int(struct aca_db *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	long long v = -1;

	assert_int_equal(sqlite3_prepare_v2(aca_db_handle(db), sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static struct aca_db *borrow(struct aca_store *s)
{
	struct aca_db *db = NULL;
	char err[256];

	assert_int_equal(aca_store_acquire(s, &db, err, sizeof(err)), 0);
	return db;
}

static void test_new_file_gets_latest_schema(void **state)
{
	struct aca_store *s = open_store(2);
	struct aca_db *db = borrow(s);

	(void)state;
	assert_true(aca_store_schema_latest() >= 1);
	assert_int_equal(query_int(db, "PRAGMA user_version"), aca_store_schema_latest());
	assert_int_equal(query_int(db, "SELECT count(*) FROM sqlite_master WHERE name IN "
	                               "('networks', 'network_labels', 'endpoints', 'containers',"
	                               " 'ip_reservations', 'container_mounts')"),
	                 6);
	/* Label filters need the (key, value) index. */
	assert_int_equal(query_int(db, "SELECT count(*) FROM sqlite_master WHERE type = 'index'"
	                               " AND name = 'network_labels_kv'"),
	                 1);
	aca_store_release(db);
	aca_store_close(s);
}

static void test_every_connection_has_the_settings(void **state)
{
	struct aca_store *s = open_store(3);
	struct aca_db *dbs[3];

	(void)state;
	for (int i = 0; i < 3; i++) {
		sqlite3_stmt *st = NULL;

		dbs[i] = borrow(s);
		assert_int_equal(sqlite3_prepare_v2(aca_db_handle(dbs[i]), "PRAGMA journal_mode", -1,
		                                    &st, NULL),
		                 SQLITE_OK);
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		assert_string_equal((const char *)sqlite3_column_text(st, 0), "wal");
		sqlite3_finalize(st);
		assert_int_equal(query_int(dbs[i], "PRAGMA synchronous"), 2); /* FULL */
		assert_int_equal(query_int(dbs[i], "PRAGMA foreign_keys"), 1);
		assert_int_equal(query_int(dbs[i], "PRAGMA busy_timeout"), ACA_STORE_BUSY_TIMEOUT_MS);
	}
	/* Three distinct connections were opened. */
	assert_ptr_not_equal(dbs[0], dbs[1]);
	assert_ptr_not_equal(dbs[1], dbs[2]);
	for (int i = 0; i < 3; i++)
		aca_store_release(dbs[i]);
	aca_store_close(s);
}

static const char sql_marker[] = "SELECT count(*) FROM networks WHERE name = 'kept'";

static void test_committed_write_survives_reopen(void **state)
{
	struct aca_store *s = open_store(1);
	struct aca_db *db = borrow(s);

	(void)state;
	assert_int_equal(aca_db_begin_write(db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(aca_db_handle(db),
	                              "INSERT INTO networks (id, name, created_ns, driver, scope)"
	                              " VALUES (printf('%064d', 7), 'kept', 1, 'bridge', 'local');"
	                              "INSERT INTO networks (id, name, created_ns, driver, scope)"
	                              " VALUES (printf('%064d', 8), 'dropped', 1, 'bridge', 'local')",
	                              NULL, NULL, NULL),
	                 SQLITE_OK);
	assert_int_equal(aca_db_commit(db), SQLITE_OK);
	/* A transaction rolled back leaves nothing behind. */
	assert_int_equal(aca_db_begin_write(db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(aca_db_handle(db), "DELETE FROM networks", NULL, NULL, NULL),
	                 SQLITE_OK);
	aca_db_rollback(db);
	aca_store_release(db);
	aca_store_close(s);

	s = open_store(1);
	db = borrow(s);
	assert_int_equal(query_int(db, sql_marker), 1);
	assert_int_equal(query_int(db, "SELECT count(*) FROM networks"), 2);
	aca_store_release(db);
	aca_store_close(s);
}

static void test_reopen_does_not_migrate_again(void **state)
{
	struct aca_store *s = open_store(1);
	struct aca_db *db = borrow(s);

	(void)state;
	assert_int_equal(sqlite3_exec(aca_db_handle(db),
	                              "INSERT INTO networks (id, name, created_ns, driver, scope)"
	                              " VALUES (printf('%064d', 1), 'kept', 1, 'bridge', 'local')",
	                              NULL, NULL, NULL),
	                 SQLITE_OK);
	aca_store_release(db);
	aca_store_close(s);
	/* Running migration 1 again would fail on CREATE TABLE or drop the row. */
	s = open_store(1);
	db = borrow(s);
	assert_int_equal(query_int(db, sql_marker), 1);
	assert_int_equal(query_int(db, "PRAGMA user_version"), aca_store_schema_latest());
	aca_store_release(db);
	aca_store_close(s);
}

static void test_newer_schema_is_refused(void **state)
{
	struct aca_store *s = open_store(1);
	struct aca_db *db = borrow(s);
	char sql[64];
	char err[256];

	(void)state;
	snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", aca_store_schema_latest() + 1);
	assert_int_equal(sqlite3_exec(aca_db_handle(db), sql, NULL, NULL, NULL), SQLITE_OK);
	aca_store_release(db);
	aca_store_close(s);
	s = NULL;
	assert_int_not_equal(aca_store_open(path, 1, &s, err, sizeof(err)), 0);
	assert_null(s);
	assert_non_null(strstr(err, "newer than this plugin's"));
}

static void test_statements_are_cached_per_connection(void **state)
{
	static const char sql[] = "SELECT count(*) FROM networks WHERE name = ?1";
	struct aca_store *s = open_store(1);
	struct aca_db *db = borrow(s);
	sqlite3_stmt *a;
	sqlite3_stmt *b;

	(void)state;
	assert_int_equal(sqlite3_exec(aca_db_handle(db),
	                              "INSERT INTO networks (id, name, created_ns, driver, scope)"
	                              " VALUES (printf('%064d', 3), 'x', 1, 'bridge', 'local')",
	                              NULL, NULL, NULL),
	                 SQLITE_OK);
	a = aca_db_stmt(db, sql);
	assert_non_null(a);
	assert_int_equal(sqlite3_bind_text(a, 1, "x", -1, SQLITE_STATIC), SQLITE_OK);
	assert_int_equal(sqlite3_step(a), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(a, 0), 1);
	b = aca_db_stmt(db, sql);
	/* Same statement, handed back reset and with its binding cleared. */
	assert_ptr_equal(a, b);
	assert_int_equal(sqlite3_stmt_busy(b), 0);
	assert_int_equal(sqlite3_step(b), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(b, 0), 0);
	aca_store_release(db);
	aca_store_close(s);
}

struct writer {
	struct aca_store *store;
	int rc;
	long long seen;
};

static void *second_generation(void *arg)
{
	struct writer *w = arg;
	struct aca_db *db = borrow(w->store);

	/* Blocks in busy_timeout until the first generation commits. */
	w->rc = aca_db_begin_write(db);
	if (w->rc == SQLITE_OK) {
		w->seen = query_int(db, "SELECT count(*) FROM networks WHERE name = 'gen1'");
		w->rc = sqlite3_exec(aca_db_handle(db),
		                     "INSERT INTO networks (id, name, created_ns, driver, scope)"
		                     " VALUES (printf('%064d', 2), 'gen2', 1, 'bridge', 'local')",
		                     NULL, NULL, NULL);
		if (w->rc == SQLITE_OK)
			w->rc = aca_db_commit(db);
	}
	aca_store_release(db);
	return NULL;
}

/* Two plugin generations (two stores on one file) writing in turn. */
static void test_two_generations_share_the_file(void **state)
{
	struct aca_store *gen1 = open_store(2);
	struct aca_store *gen2 = open_store(2);
	struct aca_db *db = borrow(gen1);
	struct writer w = { gen2, -1, -1 };
	pthread_t t;

	(void)state;
	assert_int_equal(aca_db_begin_write(db), SQLITE_OK);
	assert_int_equal(pthread_create(&t, NULL, second_generation, &w), 0);
	assert_int_equal(sqlite3_exec(aca_db_handle(db),
	                              "INSERT INTO networks (id, name, created_ns, driver, scope)"
	                              " VALUES (printf('%064d', 1), 'gen1', 1, 'bridge', 'local')",
	                              NULL, NULL, NULL),
	                 SQLITE_OK);
	assert_int_equal(aca_db_commit(db), SQLITE_OK);
	pthread_join(t, NULL);
	assert_int_equal(w.rc, SQLITE_OK);
	assert_int_equal(w.seen, 1);
	/* And gen1 sees gen2's write without reopening: no stale cache. */
	assert_int_equal(query_int(db, "SELECT count(*) FROM networks WHERE name = 'gen2'"), 1);
	aca_store_release(db);
	aca_store_close(gen2);
	aca_store_close(gen1);
}

/*
 * A network create that was acknowledged survives kill -9 of the process
 * right after the acknowledgement: the child creates it through the hook,
 * reports the id, and is killed without any chance to clean up.
 */
static void test_acknowledged_create_survives_kill9(void **state)
{
	int fds[2];
	pid_t pid;
	char id[80] = "";
	ssize_t got = 0;
	int status;
	void *ctx;
	struct sl_call *call;
	struct sl_network net;

	(void)state;
	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct fixture f;
		const char *nid = NULL;

		close(fds[0]);
		memset(&f, 0, sizeof(f));
		snprintf(f.db, sizeof(f.db), "%s", path);
		f.p = fake_plugin();
		f.ctx = fake_plugin_start(path);
		if (f.ctx == NULL || fx_net_named(&f, "durable", &nid) != SL_OK)
			_exit(2);
		if (write(fds[1], nid, strlen(nid)) != (ssize_t)strlen(nid))
			_exit(3);
		close(fds[1]);
		for (;;)
			pause();
	}
	close(fds[1]);
	while (got < 64) {
		ssize_t n = read(fds[0], id + got, sizeof(id) - 1 - (size_t)got);

		if (n <= 0)
			break;
		got += n;
	}
	close(fds[0]);
	kill(pid, SIGKILL);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
	assert_int_equal(got, 64);

	ctx = fake_plugin_start(path);
	assert_non_null(ctx);
	call = fake_call_new();
	assert_int_equal(fake_plugin()->networks->inspect(ctx, call, "durable", NULL, &net), SL_OK);
	assert_string_equal(net.id, id);
	fake_call_free(call);
	fake_plugin_stop(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_new_file_gets_latest_schema, setup, teardown),
		cmocka_unit_test_setup_teardown(test_every_connection_has_the_settings, setup, teardown),
		cmocka_unit_test_setup_teardown(test_committed_write_survives_reopen, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reopen_does_not_migrate_again, setup, teardown),
		cmocka_unit_test_setup_teardown(test_newer_schema_is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_statements_are_cached_per_connection, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_two_generations_share_the_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_acknowledged_create_survives_kill9, setup,
		                                teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
