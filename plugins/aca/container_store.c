/* Reading container records. */
#include "config.h"

#include <string.h>

#include "plugins/aca/container_mounts.h"
#include "plugins/aca/container_store.h"
#include "plugins/aca/endpoint.h"
#include "plugins/aca/store_json.h"

#define REF_COLUMNS "id, name, status, network_mode, hostname, started_at_ns"

static const char sql_ref_by_id[] = "SELECT " REF_COLUMNS " FROM containers WHERE id = ?1";
static const char sql_ref_by_name[] = "SELECT " REF_COLUMNS " FROM containers WHERE name = ?1";
/* Ids are lowercase hex, so every id starting with t sorts in [t, t || '~'). */
static const char sql_ref_by_prefix[] =
	"SELECT " REF_COLUMNS " FROM containers WHERE id >= ?1 AND id < ?1 || '~' LIMIT 2";

static int ref_query(struct aca_req *r, const char *sql, const char *term,
                     struct aca_ctrref *out, int *rows)
{
	sqlite3_stmt *st = aca_req_stmt(r, sql);
	int rc;

	*rows = 0;
	if (st == NULL)
		return SL_ERR_INTERNAL;
	aca_bind_text(st, 1, term);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (++*rows > 1)
			continue;
		out->id = aca_req_col_str(r, st, 0);
		out->name = aca_req_col_str(r, st, 1);
		out->status = aca_req_col_str(r, st, 2);
		out->network_mode = aca_req_col_str(r, st, 3);
		out->hostname = aca_req_col_str(r, st, 4);
		out->started_at_ns = sqlite3_column_int64(st, 5);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? SL_OK : aca_req_sql_fail(r, rc);
}

int aca_container_lookup(struct aca_req *r, const char *term, struct aca_ctrref *out)
{
	int rows;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = ref_query(r, sql_ref_by_id, term, out, &rows);
	if (rc != SL_OK || rows == 1)
		return rc;
	rc = ref_query(r, sql_ref_by_name, term[0] == '/' ? term + 1 : term, out, &rows);
	if (rc != SL_OK || rows == 1)
		return rc;
	rc = ref_query(r, sql_ref_by_prefix, term, out, &rows);
	if (rc != SL_OK || rows == 1)
		return rc;
	memset(out, 0, sizeof(*out));
	out->ambiguous = rows > 1;
	return SL_OK;
}

int aca_container_find(struct aca_req *r, const char *term, struct aca_ctrref *out)
{
	int rc;

	if (term == NULL || term[0] == '\0')
		return r->host->fail(r->call, SL_ERR_INVALID, "invalid name or ID supplied: \"\"");
	rc = aca_container_lookup(r, term, out);
	if (rc != SL_OK)
		return rc;
	if (out->id != NULL)
		return SL_OK;
	if (out->ambiguous)
		return r->host->fail(r->call, SL_ERR_INVALID,
		                     "multiple IDs found with provided prefix: %s", term);
	return r->host->fail(r->call, SL_ERR_NOT_FOUND, "No such container: %s", term);
}

int aca_container_is_live(const struct aca_ctrref *c)
{
	return strcmp(c->status, "running") == 0 || strcmp(c->status, "paused") == 0 ||
	       strcmp(c->status, "restarting") == 0;
}

int aca_container_row(struct aca_req *r, sqlite3_stmt *st, struct sl_container *out)
{
	struct sl_container_state *s = &out->state;

	memset(out, 0, sizeof(*out));
	out->id = aca_req_col_str(r, st, 0);
	out->name = aca_req_col_str(r, st, 1);
	out->image = aca_req_col_str(r, st, 2);
	out->created_ns = sqlite3_column_int64(st, 3);
	s->status = aca_req_col_str(r, st, 4);
	s->running = strcmp(s->status, "running") == 0 || strcmp(s->status, "paused") == 0 ||
	             strcmp(s->status, "restarting") == 0;
	s->paused = strcmp(s->status, "paused") == 0;
	s->restarting = strcmp(s->status, "restarting") == 0;
	s->dead = strcmp(s->status, "dead") == 0;
	s->pid = sqlite3_column_int(st, 5);
	s->exit_code = sqlite3_column_int(st, 6);
	s->error = aca_req_col_str(r, st, 7);
	s->oom_killed = sqlite3_column_int(st, 8);
	s->started_at_ns = sqlite3_column_int64(st, 9);
	s->finished_at_ns = sqlite3_column_int64(st, 10);
	out->network_mode = aca_req_col_str(r, st, 11);
	out->config_json = aca_req_col_str(r, st, 13);
	out->host_config_json = aca_req_col_str(r, st, 14);
	out->labels.present = 1;
	return aca_json_to_strv(r, aca_req_col(r, st, 12), &out->cmd);
}

static const char sql_labels[] =
	"SELECT key, value FROM container_labels WHERE container_id = ?1 ORDER BY key";

static int load_labels(struct aca_req *r, struct sl_container *c)
{
	sqlite3_stmt *st = aca_req_stmt(r, sql_labels);
	struct sl_kv *items = NULL;
	size_t n = 0;
	size_t cap = 0;
	int rc;

	if (st == NULL)
		return SL_ERR_INTERNAL;
	aca_bind_text(st, 1, c->id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			size_t ncap = cap == 0 ? 8 : cap * 2;
			struct sl_kv *grown = r->host->alloc(r->call, ncap * sizeof(*grown));

			if (n > 0)
				memcpy(grown, items, n * sizeof(*grown));
			items = grown;
			cap = ncap;
		}
		items[n].key = aca_req_col_str(r, st, 0);
		items[n].value = aca_req_col_str(r, st, 1);
		n++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return aca_req_sql_fail(r, rc);
	c->labels.present = 1;
	c->labels.count = n;
	c->labels.items = items;
	return SL_OK;
}

int aca_container_fill(struct aca_req *r, struct sl_container *c)
{
	struct sl_container_endpoint *eps = NULL;
	struct sl_container_mount *mounts = NULL;
	int rc = load_labels(r, c);

	if (rc == SL_OK)
		rc = aca_endpoint_list(r, c->id, c->state.running, c->state.started_at_ns != 0, &eps,
		                       &c->n_endpoints);
	if (rc == SL_OK)
		rc = aca_mounts_list(r, c->id, &mounts, &c->n_mounts);
	c->endpoints = eps;
	c->mounts = mounts;
	return rc;
}

static const char sql_container_by_id[] =
	"SELECT " ACA_CONTAINER_COLUMNS " FROM containers c WHERE c.id = ?1";

int aca_container_get(struct aca_req *r, const char *id, struct sl_container *out)
{
	sqlite3_stmt *st = aca_req_stmt(r, sql_container_by_id);
	int row_rc = SL_OK;
	int rc;

	if (st == NULL)
		return SL_ERR_INTERNAL;
	aca_bind_text(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		row_rc = aca_container_row(r, st, out);
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return r->host->fail(r->call, SL_ERR_NOT_FOUND, "No such container: %s", id);
	if (rc != SQLITE_ROW)
		return aca_req_sql_fail(r, rc);
	if (row_rc != SL_OK)
		return row_rc;
	return aca_container_fill(r, out);
}
