/* Per-call plumbing shared by the hooks: connection borrowing, SQLite
 * error reporting, arena copies of column values, ids. */
#include "config.h"

#include <string.h>

#include "plugins/aca/request.h"

int aca_req_open(struct aca_req *r, void *ctx, struct sl_call *call)
{
	char err[256];

	r->ctx = ctx;
	r->host = r->ctx->host;
	r->call = call;
	r->db = NULL;
	if (aca_store_acquire(r->ctx->store, &r->db, err, sizeof(err)) != 0)
		return r->host->fail(call, SL_ERR_INTERNAL, "aca: state database: %s", err);
	return SL_OK;
}

void aca_req_close(struct aca_req *r)
{
	if (r->db != NULL)
		aca_store_release(r->db);
	r->db = NULL;
}

int aca_req_sql_fail(struct aca_req *r, int rc)
{
	sqlite3 *h = aca_db_handle(r->db);
	int primary = rc & 0xff;

	if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
		return r->host->fail(r->call, SL_ERR_UNAVAILABLE,
		                     "aca: the state database is busy; try again");
	if (sqlite3_extended_errcode(h) == rc)
		return r->host->fail(r->call, SL_ERR_INTERNAL, "aca: state database: %s",
		                     sqlite3_errmsg(h));
	return r->host->fail(r->call, SL_ERR_INTERNAL, "aca: state database: %s",
	                     sqlite3_errstr(rc));
}

sqlite3_stmt *aca_req_stmt(struct aca_req *r, const char *sql)
{
	sqlite3_stmt *st = aca_db_stmt(r->db, sql);

	if (st == NULL) {
		int rc = sqlite3_extended_errcode(aca_db_handle(r->db));

		aca_req_sql_fail(r, rc != SQLITE_OK ? rc : SQLITE_NOMEM);
	}
	return st;
}

int aca_req_begin_write(struct aca_req *r)
{
	int rc = aca_db_begin_write(r->db);

	return rc == SQLITE_OK ? SL_OK : aca_req_sql_fail(r, rc);
}

int aca_req_begin_read(struct aca_req *r)
{
	int rc = aca_db_begin_read(r->db);

	return rc == SQLITE_OK ? SL_OK : aca_req_sql_fail(r, rc);
}

int aca_req_commit(struct aca_req *r)
{
	int rc = aca_db_commit(r->db);

	return rc == SQLITE_OK ? SL_OK : aca_req_sql_fail(r, rc);
}

void aca_req_rollback(struct aca_req *r)
{
	aca_db_rollback(r->db);
}

char *aca_req_col(struct aca_req *r, sqlite3_stmt *st, int col)
{
	const unsigned char *t;

	if (sqlite3_column_type(st, col) == SQLITE_NULL)
		return NULL;
	t = sqlite3_column_text(st, col);
	return r->host->strdup(r->call, t != NULL ? (const char *)t : "");
}

char *aca_req_col_str(struct aca_req *r, sqlite3_stmt *st, int col)
{
	char *s = aca_req_col(r, st, col);

	return s != NULL ? s : r->host->strdup(r->call, "");
}

int aca_bind_text(sqlite3_stmt *st, int idx, const char *text)
{
	if (text == NULL)
		return sqlite3_bind_null(st, idx);
	return sqlite3_bind_text(st, idx, text, -1, SQLITE_STATIC);
}

int aca_req_new_id(struct aca_req *r, char **out)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char raw[32];
	char *id = r->host->alloc(r->call, 65);

	for (;;) {
		int digits_only = 1;

		if (r->host->random_bytes(raw, sizeof(raw)) != 0)
			return r->host->fail(r->call, SL_ERR_INTERNAL,
			                     "aca: no random bytes for a new id");
		for (size_t i = 0; i < sizeof(raw); i++) {
			id[2 * i] = hex[raw[i] >> 4];
			id[2 * i + 1] = hex[raw[i] & 0xf];
		}
		id[64] = '\0';
		/* Docker re-draws ids whose 12-char short form is a number, so that a
		 * short id is never mistaken for a decimal by a client. */
		for (int i = 0; i < 12; i++) {
			if (id[i] > '9')
				digits_only = 0;
		}
		if (!digits_only)
			break;
	}
	*out = id;
	return SL_OK;
}
