/* The aca plugin's durable state: one SQLite database shared by every
 * thread of a plugin instance (and by two instances during a hot swap). */
#ifndef ACA_STORE_H
#define ACA_STORE_H

#include <stddef.h>

#include <sqlite3.h>

/** A database opened by one plugin instance: a small pool of connections. */
struct aca_store;

/** One connection, borrowed from the store by one thread at a time. */
struct aca_db;

/** How long a writer waits for another process or generation (ms). */
#define ACA_STORE_BUSY_TIMEOUT_MS 5000

/**
 * Open (creating it if needed) the database at path, set its pragmas and
 * bring the schema up to date.  max_conns bounds the pool (at least 1).
 * On failure returns -1 and writes a message into err; *out is untouched.
 * The caller frees the store with aca_store_close.
 */
int aca_store_open(const char *path, unsigned max_conns, struct aca_store **out, char *err,
                   size_t errlen);

/** Close every connection and free the store.  No connection may be borrowed. */
void aca_store_close(struct aca_store *store);

/**
 * Borrow a connection, opening one if the pool is not full and waiting for
 * one to be returned otherwise.  Returns -1 with a message in err when a
 * new connection cannot be opened.
 */
int aca_store_acquire(struct aca_store *store, struct aca_db **out, char *err, size_t errlen);

/** Give a connection back (rolls back a transaction left open by mistake). */
void aca_store_release(struct aca_db *db);

/** The schema version this build writes (the last migration). */
int aca_store_schema_latest(void);

/** The raw handle, for one-off statements (the connection stays borrowed). */
sqlite3 *aca_db_handle(struct aca_db *db);

/**
 * A prepared statement for sql, cached on this connection and keyed by the
 * address of sql, which must therefore be a string with static storage.
 * The statement comes back reset with its bindings cleared.  NULL on error
 * (the message is in sqlite3_errmsg(aca_db_handle(db))).
 */
sqlite3_stmt *aca_db_stmt(struct aca_db *db, const char *sql);

/** Start a read transaction: one consistent snapshot for several queries. */
int aca_db_begin_read(struct aca_db *db);

/**
 * Start a write transaction.  Writers of one store are serialised by a
 * mutex before BEGIN IMMEDIATE, so that threads queue in-process instead of
 * polling the file lock; other processes and generations are waited for by
 * busy_timeout.  Returns an SQLite code.
 */
int aca_db_begin_write(struct aca_db *db);

/** Commit the open transaction; on failure it is rolled back.  SQLite code. */
int aca_db_commit(struct aca_db *db);

/** Roll back the open transaction, if any. */
void aca_db_rollback(struct aca_db *db);

#endif
