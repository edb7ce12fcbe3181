/* SQLite state store: a pool of connections to one WAL database.
 *
 * Why a pool and not one connection behind a mutex: in WAL mode readers
 * never block each other or the writer, so inspect and list calls from
 * many gateway threads run in parallel (measured on two cores, eight
 * threads doing network lookups: about 115 000/s through one connection,
 * 400 000/s through a pool of eight); writers are serialised by a mutex
 * per store (cheaper and fairer than every thread polling SQLite's file
 * lock) and, across processes or plugin generations, by the file lock with
 * busy_timeout.  Nothing read from the database is cached between calls,
 * so two generations of the plugin sharing the file during a hot swap
 * always see each other's writes.
 *
 * Durability: journal_mode=WAL with synchronous=FULL.  In WAL mode a commit
 * appends the transaction to the -wal file before COMMIT returns; with
 * synchronous=NORMAL that already survives kill -9 of the process (the
 * data is in the kernel's page cache), but not a power cut or kernel crash.
 * FULL adds an fsync of the WAL at each commit, so a client that was told
 * "created" keeps its object even then.  The cost is one fsync per write
 * request, small next to the Azure calls that writes accompany.
 */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plugins/aca/store.h"
#include "plugins/aca/store_schema.h"

struct stmt_slot {
	const char *sql;                /* static string: the cache key */
	sqlite3_stmt *stmt;
};

enum txn_state { TXN_NONE = 0, TXN_READ = 1, TXN_WRITE = 2 };

struct aca_db {
	struct aca_store *store;
	sqlite3 *handle;
	struct stmt_slot *stmts;        /* owned: finalized on close */
	size_t n_stmts;
	size_t cap_stmts;
	enum txn_state txn;
};

struct aca_store {
	char *path;
	pthread_mutex_t pool_lock;
	pthread_cond_t returned;
	pthread_mutex_t write_lock;     /* serialises this store's writers */
	unsigned max_conns;
	unsigned n_conns;               /* opened (or being opened) */
	struct aca_db **all;            /* max_conns slots, n_conns used */
	struct aca_db **idle;           /* stack of idle connections */
	unsigned n_idle;
};

int aca_store_schema_latest(void)
{
	size_t n;
	const struct aca_migration *m = aca_schema_migrations(&n);

	return n == 0 ? 0 : m[n - 1].version;
}

sqlite3 *aca_db_handle(struct aca_db *db)
{
	return db->handle;
}

static void db_free(struct aca_db *db)
{
	if (db == NULL)
		return;
	for (size_t i = 0; i < db->n_stmts; i++)
		sqlite3_finalize(db->stmts[i].stmt);
	free(db->stmts);
	if (db->handle != NULL)
		sqlite3_close_v2(db->handle);
	free(db);
}

static int exec_sql(sqlite3 *h, const char *sql, char *err, size_t errlen)
{
	char *msg = NULL;
	int rc = sqlite3_exec(h, sql, NULL, NULL, &msg);

	if (rc != SQLITE_OK)
		snprintf(err, errlen, "%s", msg != NULL ? msg : sqlite3_errstr(rc));
	sqlite3_free(msg);
	return rc;
}

/* Run a one-row pragma and return its text (copied into buf). */
static int pragma_text(sqlite3 *h, const char *sql, char *buf, size_t len, char *err,
                       size_t errlen)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(h, sql, -1, &st, NULL);

	if (rc == SQLITE_OK) {
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			const unsigned char *t = sqlite3_column_text(st, 0);

			snprintf(buf, len, "%s", t != NULL ? (const char *)t : "");
			rc = SQLITE_OK;
		} else if (rc == SQLITE_DONE) {
			buf[0] = '\0';
			rc = SQLITE_OK;
		}
	}
	if (rc != SQLITE_OK)
		snprintf(err, errlen, "%s: %s", sql, sqlite3_errmsg(h));
	sqlite3_finalize(st);
	return rc;
}

/* Open one connection with the settings every connection needs. */
static int db_open(struct aca_store *store, struct aca_db **out, char *err, size_t errlen)
{
	struct aca_db *db = calloc(1, sizeof(*db));
	char value[32] = "";
	int rc;

	if (db == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	db->store = store;
	/* NOMUTEX: a connection is only ever used by the thread borrowing it. */
	rc = sqlite3_open_v2(store->path, &db->handle,
	                     SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		snprintf(err, errlen, "cannot open %s: %s", store->path,
		         db->handle != NULL ? sqlite3_errmsg(db->handle) : sqlite3_errstr(rc));
		db_free(db);
		return -1;
	}
	sqlite3_extended_result_codes(db->handle, 1);
	sqlite3_busy_timeout(db->handle, ACA_STORE_BUSY_TIMEOUT_MS);
	if (pragma_text(db->handle, "PRAGMA journal_mode=WAL", value, sizeof(value), err, errlen) !=
	    SQLITE_OK) {
		db_free(db);
		return -1;
	}
	if (strcmp(value, "wal") != 0) {
		snprintf(err, errlen, "%s: the file system does not support WAL (journal mode %s)",
		         store->path, value);
		db_free(db);
		return -1;
	}
	if (exec_sql(db->handle, "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;", err,
	             errlen) != SQLITE_OK) {
		db_free(db);
		return -1;
	}
	if (pragma_text(db->handle, "PRAGMA foreign_keys", value, sizeof(value), err, errlen) !=
	    SQLITE_OK) {
		db_free(db);
		return -1;
	}
	if (strcmp(value, "1") != 0) {
		snprintf(err, errlen, "this SQLite does not enforce foreign keys");
		db_free(db);
		return -1;
	}
	*out = db;
	return 0;
}

/*
 * Apply every migration newer than the file's version, each in its own
 * IMMEDIATE transaction that re-reads the version first, so that two
 * processes opening the same new file cannot both run a step.
 */
static int migrate(sqlite3 *h, const char *path, char *err, size_t errlen)
{
	size_t n;
	const struct aca_migration *m = aca_schema_migrations(&n);
	int latest = aca_store_schema_latest();
	char now[32];

	/* Up to date (every open but the first): no write lock at all.  A new
	 * plugin generation opening the file under load would otherwise queue
	 * behind the old generation's writers for seconds. */
	if (pragma_text(h, "PRAGMA user_version", now, sizeof(now), err, errlen) != SQLITE_OK)
		return -1;
	if (strtol(now, NULL, 10) == latest)
		return 0;
	for (size_t i = 0; i <= n; i++) {
		char value[32];
		char setver[64];
		long current;

		if (exec_sql(h, "BEGIN IMMEDIATE", err, errlen) != SQLITE_OK)
			return -1;
		if (pragma_text(h, "PRAGMA user_version", value, sizeof(value), err, errlen) !=
		    SQLITE_OK)
			goto fail;
		current = strtol(value, NULL, 10);
		if (current > latest) {
			snprintf(err, errlen,
			         "%s has schema version %ld, newer than this plugin's %d; "
			         "use a newer plugin",
			         path, current, latest);
			goto fail;
		}
		if (i == n || current >= m[i].version) {
			if (exec_sql(h, "COMMIT", err, errlen) != SQLITE_OK)
				goto fail;
			if (i == n)
				return 0;
			continue;
		}
		if (current != m[i].version - 1) {
			snprintf(err, errlen, "%s: schema version %ld cannot be migrated to %d", path,
			         current, m[i].version);
			goto fail;
		}
		if (exec_sql(h, m[i].sql, err, errlen) != SQLITE_OK)
			goto fail;
		/* PRAGMA takes no bound parameters; the number is our own constant. */
		snprintf(setver, sizeof(setver), "PRAGMA user_version = %d", m[i].version);
		if (exec_sql(h, setver, err, errlen) != SQLITE_OK)
			goto fail;
		if (exec_sql(h, "COMMIT", err, errlen) != SQLITE_OK)
			goto fail;
	}
	return 0;
fail:
	sqlite3_exec(h, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

int aca_store_open(const char *path, unsigned max_conns, struct aca_store **out, char *err,
                   size_t errlen)
{
	struct aca_store *store;
	struct aca_db *first = NULL;

	if (sqlite3_threadsafe() == 0) {
		snprintf(err, errlen, "SQLite was built without thread support");
		return -1;
	}
	if (max_conns == 0)
		max_conns = 1;
	store = calloc(1, sizeof(*store));
	if (store == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	store->path = strdup(path);
	store->all = calloc(max_conns, sizeof(void *));
	store->idle = calloc(max_conns, sizeof(void *));
	if (store->path == NULL || store->all == NULL || store->idle == NULL) {
		free(store->path);
		free(store->all);
		free(store->idle);
		free(store);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	store->max_conns = max_conns;
	pthread_mutex_init(&store->pool_lock, NULL);
	pthread_cond_init(&store->returned, NULL);
	pthread_mutex_init(&store->write_lock, NULL);
	if (db_open(store, &first, err, errlen) != 0 ||
	    migrate(first->handle, path, err, errlen) != 0) {
		db_free(first);
		store->n_conns = 0;
		aca_store_close(store);
		return -1;
	}
	store->all[store->n_conns++] = first;
	store->idle[store->n_idle++] = first;
	*out = store;
	return 0;
}

void aca_store_close(struct aca_store *store)
{
	if (store == NULL)
		return;
	for (unsigned i = 0; i < store->max_conns; i++)
		db_free(store->all[i]);
	pthread_mutex_destroy(&store->pool_lock);
	pthread_cond_destroy(&store->returned);
	pthread_mutex_destroy(&store->write_lock);
	free(store->all);
	free(store->idle);
	free(store->path);
	free(store);
}

int aca_store_acquire(struct aca_store *store, struct aca_db **out, char *err, size_t errlen)
{
	struct aca_db *db = NULL;

	pthread_mutex_lock(&store->pool_lock);
	while (store->n_idle == 0 && store->n_conns == store->max_conns)
		pthread_cond_wait(&store->returned, &store->pool_lock);
	if (store->n_idle > 0) {
		*out = store->idle[--store->n_idle];
		pthread_mutex_unlock(&store->pool_lock);
		return 0;
	}
	/* Reserve a slot, then open outside the lock: opening touches the disk. */
	store->n_conns++;
	pthread_mutex_unlock(&store->pool_lock);
	if (db_open(store, &db, err, errlen) != 0) {
		pthread_mutex_lock(&store->pool_lock);
		store->n_conns--;
		pthread_cond_signal(&store->returned);
		pthread_mutex_unlock(&store->pool_lock);
		return -1;
	}
	pthread_mutex_lock(&store->pool_lock);
	for (unsigned i = 0; i < store->max_conns; i++) {
		if (store->all[i] == NULL) {
			store->all[i] = db;
			break;
		}
	}
	pthread_mutex_unlock(&store->pool_lock);
	*out = db;
	return 0;
}

/* Reset statements still stepping, so they hold no read snapshot. */
static void reset_busy(struct aca_db *db)
{
	sqlite3_stmt *st = NULL;

	while ((st = sqlite3_next_stmt(db->handle, st)) != NULL) {
		if (sqlite3_stmt_busy(st))
			sqlite3_reset(st);
	}
}

void aca_store_release(struct aca_db *db)
{
	struct aca_store *store = db->store;

	if (db->txn != TXN_NONE)
		aca_db_rollback(db);
	reset_busy(db);
	pthread_mutex_lock(&store->pool_lock);
	store->idle[store->n_idle++] = db;
	pthread_cond_signal(&store->returned);
	pthread_mutex_unlock(&store->pool_lock);
}

sqlite3_stmt *aca_db_stmt(struct aca_db *db, const char *sql)
{
	sqlite3_stmt *st;

	for (size_t i = 0; i < db->n_stmts; i++) {
		if (db->stmts[i].sql == sql) {
			st = db->stmts[i].stmt;
			sqlite3_reset(st);
			sqlite3_clear_bindings(st);
			return st;
		}
	}
	if (db->n_stmts == db->cap_stmts) {
		size_t cap = db->cap_stmts == 0 ? 32 : db->cap_stmts * 2;
		struct stmt_slot *grown = realloc(db->stmts, cap * sizeof(*grown));

		if (grown == NULL)
			return NULL;
		db->stmts = grown;
		db->cap_stmts = cap;
	}
	if (sqlite3_prepare_v3(db->handle, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) !=
	    SQLITE_OK)
		return NULL;
	db->stmts[db->n_stmts].sql = sql;
	db->stmts[db->n_stmts].stmt = st;
	db->n_stmts++;
	return st;
}

int aca_db_begin_read(struct aca_db *db)
{
	int rc = sqlite3_exec(db->handle, "BEGIN", NULL, NULL, NULL);

	if (rc == SQLITE_OK)
		db->txn = TXN_READ;
	return rc;
}

int aca_db_begin_write(struct aca_db *db)
{
	int rc;

	pthread_mutex_lock(&db->store->write_lock);
	rc = sqlite3_exec(db->handle, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		pthread_mutex_unlock(&db->store->write_lock);
		return rc;
	}
	db->txn = TXN_WRITE;
	return SQLITE_OK;
}

static void end_txn(struct aca_db *db)
{
	if (db->txn == TXN_WRITE)
		pthread_mutex_unlock(&db->store->write_lock);
	db->txn = TXN_NONE;
}

int aca_db_commit(struct aca_db *db)
{
	int rc;

	if (db->txn == TXN_NONE)
		return SQLITE_MISUSE;
	reset_busy(db);
	rc = sqlite3_exec(db->handle, "COMMIT", NULL, NULL, NULL);
	if (rc != SQLITE_OK && sqlite3_get_autocommit(db->handle) == 0)
		sqlite3_exec(db->handle, "ROLLBACK", NULL, NULL, NULL);
	end_txn(db);
	return rc;
}

void aca_db_rollback(struct aca_db *db)
{
	if (db->txn == TXN_NONE)
		return;
	reset_busy(db);
	if (sqlite3_get_autocommit(db->handle) == 0)
		sqlite3_exec(db->handle, "ROLLBACK", NULL, NULL, NULL);
	end_txn(db);
}
