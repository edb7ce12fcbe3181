/* One hook call's working set: the instance, the host services, the call
 * (arena and error) and a borrowed database connection. */
#ifndef ACA_REQUEST_H
#define ACA_REQUEST_H

#include <stdint.h>

#include <sqlite3.h>

#include "plugins/aca/aca.h"

/** Lives on the hook's stack between aca_req_open and aca_req_close. */
struct aca_req {
	struct aca_ctx *ctx;
	const struct sl_host *host;
	struct sl_call *call;
	struct aca_db *db;              /* borrowed from ctx->store */
};

/** Borrow a connection for the call; fails the call (500) if none can be opened. */
int aca_req_open(struct aca_req *r, void *ctx, struct sl_call *call);

/** Return the connection (rolling back a transaction left open). */
void aca_req_close(struct aca_req *r);

/**
 * Fail the call for SQLite result rc: 503 when the database stayed locked
 * past busy_timeout, 500 otherwise, with SQLite's message.  Returns the
 * sl_status, so a hook can `return aca_req_sql_fail(r, rc);`.
 */
int aca_req_sql_fail(struct aca_req *r, int rc);

/**
 * The cached statement for sql (static storage), or NULL after failing
 * the call.
 */
sqlite3_stmt *aca_req_stmt(struct aca_req *r, const char *sql);

/** Begin a write transaction; SL_OK or the call's error. */
int aca_req_begin_write(struct aca_req *r);

/** Begin a read transaction (one snapshot); SL_OK or the call's error. */
int aca_req_begin_read(struct aca_req *r);

/** Commit; SL_OK or the call's error (the transaction is then rolled back). */
int aca_req_commit(struct aca_req *r);

/** Roll back the open transaction, if any. */
void aca_req_rollback(struct aca_req *r);

/** Column text copied into the arena; NULL for SQL NULL. */
char *aca_req_col(struct aca_req *r, sqlite3_stmt *st, int col);

/** Column text copied into the arena; "" for SQL NULL. */
char *aca_req_col_str(struct aca_req *r, sqlite3_stmt *st, int col);

/** Bind text (NULL binds SQL NULL); the text must outlive the step. */
int aca_bind_text(sqlite3_stmt *st, int idx, const char *text);

/** A new 64-hex id in the arena (Docker's rule: the short id is never all digits). */
int aca_req_new_id(struct aca_req *r, char **out);

#endif
