/* Volume rows, labels and references.  Filters become SQL assembled from
 * fixed fragments with one "?" per value; values are always bound, never
 * spliced into the text. */
#include "config.h"

#include <string.h>

#include "plugins/aca/container_mounts.h"
#include "plugins/aca/network_store.h"
#include "plugins/aca/store_json.h"
#include "plugins/aca/volume_store.h"

#define VOL_COLUMNS                                                                          \
	"v.name, v.state, v.state_ns, v.owner, v.driver, v.created_ns, v.anonymous,"         \
	" v.share_name, v.storage_name, v.quota_gib, v.access_tier, v.read_only, v.options," \
	" v.labels_present, v.status_note"
#define VOL_NCOLUMNS 15

static const char sql_installation[] = "SELECT installation_id FROM installation WHERE id = 1";

int aca_vstore_installation_id(struct aca_db *db, char *buf, size_t len)
{
	sqlite3_stmt *st = aca_db_stmt(db, sql_installation);
	int rc;

	if (st == NULL)
		return sqlite3_extended_errcode(aca_db_handle(db));
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const unsigned char *t = sqlite3_column_text(st, 0);

		if (t == NULL || strlen((const char *)t) + 1 > len) {
			rc = SQLITE_CORRUPT;
		} else {
			memcpy(buf, t, strlen((const char *)t) + 1);
			rc = SQLITE_OK;
		}
	} else if (rc == SQLITE_DONE) {
		rc = SQLITE_CORRUPT;
	}
	sqlite3_reset(st);
	return rc;
}

static void read_row(struct aca_req *r, sqlite3_stmt *st, int col, struct aca_volume_row *out)
{
	memset(out, 0, sizeof(*out));
	out->name = aca_req_col_str(r, st, col + 0);
	out->state = aca_req_col_str(r, st, col + 1);
	out->state_ns = sqlite3_column_int64(st, col + 2);
	out->owner = aca_req_col(r, st, col + 3);
	out->driver = aca_req_col_str(r, st, col + 4);
	out->created_ns = sqlite3_column_int64(st, col + 5);
	out->anonymous = sqlite3_column_int(st, col + 6);
	out->share_name = aca_req_col(r, st, col + 7);
	out->storage_name = aca_req_col(r, st, col + 8);
	out->quota_gib = (unsigned)sqlite3_column_int64(st, col + 9);
	out->access_tier = aca_req_col(r, st, col + 10);
	out->read_only = sqlite3_column_int(st, col + 11);
	out->options = aca_req_col(r, st, col + 12);
	out->labels_present = sqlite3_column_int(st, col + 13);
	out->status_note = aca_req_col(r, st, col + 14);
}

static const char sql_get[] = "SELECT " VOL_COLUMNS " FROM volumes v WHERE v.name = ?1";

int aca_vstore_get(struct aca_req *r, const char *name, struct aca_volume_row *out, int *found)
{
	sqlite3_stmt *st = aca_req_stmt(r, sql_get);
	int rc;

	*found = 0;
	if (st == NULL)
		return SL_ERR_INTERNAL;
	aca_bind_text(st, 1, name);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		read_row(r, st, 0, out);
		*found = 1;
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? SL_OK : aca_req_sql_fail(r, rc);
}

static const char sql_insert[] =
	"INSERT INTO volumes (name, state, state_ns, owner, driver, created_ns, anonymous,"
	" share_name, storage_name, quota_gib, access_tier, read_only, options, labels_present)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)";

static const char sql_insert_label[] =
	"INSERT OR REPLACE INTO volume_labels (volume_name, key, value) VALUES (?1, ?2, ?3)";

static const char sql_name_exists[] = "SELECT 1 FROM volumes WHERE name = ?1";

int aca_vstore_insert(struct aca_req *r, const struct aca_volume_row *row,
                      const struct sl_map *labels, enum aca_vstore_clash *clash)
{
	sqlite3_stmt *st = aca_req_stmt(r, sql_insert);
	int rc;

	*clash = ACA_VSTORE_NO_CLASH;
	if (st == NULL)
		return SL_ERR_INTERNAL;
	aca_bind_text(st, 1, row->name);
	aca_bind_text(st, 2, row->state);
	sqlite3_bind_int64(st, 3, row->state_ns);
	aca_bind_text(st, 4, row->owner);
	aca_bind_text(st, 5, row->driver);
	sqlite3_bind_int64(st, 6, row->created_ns);
	sqlite3_bind_int(st, 7, row->anonymous != 0);
	aca_bind_text(st, 8, row->share_name);
	aca_bind_text(st, 9, row->storage_name);
	if (row->share_name != NULL)
		sqlite3_bind_int64(st, 10, row->quota_gib);
	aca_bind_text(st, 11, row->access_tier);
	sqlite3_bind_int(st, 12, row->read_only != 0);
	aca_bind_text(st, 13, row->options);
	sqlite3_bind_int(st, 14, row->labels_present != 0);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_CONSTRAINT_PRIMARYKEY || rc == SQLITE_CONSTRAINT_UNIQUE) {
		/* Which UNIQUE column: the name, or an Azure name (a hash collision). */
		sqlite3_stmt *q = aca_req_stmt(r, sql_name_exists);

		if (q == NULL)
			return SL_ERR_INTERNAL;
		aca_bind_text(q, 1, row->name);
		rc = sqlite3_step(q);
		sqlite3_reset(q);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return aca_req_sql_fail(r, rc);
		*clash = rc == SQLITE_ROW ? ACA_VSTORE_NAME_TAKEN : ACA_VSTORE_AZURE_NAME_TAKEN;
		return SL_OK;
	}
	if (rc != SQLITE_DONE)
		return aca_req_sql_fail(r, rc);
	for (size_t i = 0; labels != NULL && labels->present && i < labels->count; i++) {
		st = aca_req_stmt(r, sql_insert_label);
		if (st == NULL)
			return SL_ERR_INTERNAL;
		aca_bind_text(st, 1, row->name);
		aca_bind_text(st, 2, labels->items[i].key);
		aca_bind_text(st, 3, labels->items[i].value != NULL ? labels->items[i].value : "");
		rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			return aca_req_sql_fail(r, rc);
	}
	return SL_OK;
}

static const char sql_move[] =
	"UPDATE volumes SET state = ?4, owner = ?5, state_ns = ?6"
	" WHERE name = ?1 AND state = ?2 AND owner IS ?3";

int aca_vstore_move(struct aca_db *db, const char *name, const char *from, const char *owner,
                    const char *to, const char *new_owner, int64_t now_ns, int *changed)
{
	sqlite3_stmt *st = aca_db_stmt(db, sql_move);
	int rc;

	*changed = 0;
	if (st == NULL)
		return sqlite3_extended_errcode(aca_db_handle(db));
	aca_bind_text(st, 1, name);
	aca_bind_text(st, 2, from);
	aca_bind_text(st, 3, owner);
	aca_bind_text(st, 4, to);
	aca_bind_text(st, 5, new_owner);
	sqlite3_bind_int64(st, 6, now_ns);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return rc;
	*changed = sqlite3_changes(aca_db_handle(db)) > 0;
	return SQLITE_OK;
}

static const char sql_note[] =
	"UPDATE volumes SET status_note = ?2 WHERE name = ?1 AND state = 'ready'";

int aca_vstore_set_note(struct aca_db *db, const char *name, const char *note)
{
	sqlite3_stmt *st = aca_db_stmt(db, sql_note);
	int rc;

	if (st == NULL)
		return sqlite3_extended_errcode(aca_db_handle(db));
	aca_bind_text(st, 1, name);
	aca_bind_text(st, 2, note);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static const char sql_release[] =
	"INSERT OR REPLACE INTO volume_released (storage_name, share_name, released_ns)"
	" SELECT storage_name, share_name, ?4 FROM volumes"
	" WHERE name = ?1 AND state = ?2 AND owner IS ?3 AND share_name IS NOT NULL";

static const char sql_delete[] =
	"DELETE FROM volumes WHERE name = ?1 AND state = ?2 AND owner IS ?3";

int aca_vstore_delete(struct aca_db *db, const char *name, const char *state, const char *owner,
                      int64_t now_ns, int *deleted)
{
	sqlite3_stmt *st = aca_db_stmt(db, sql_release);
	int rc;

	*deleted = 0;
	if (st == NULL)
		return sqlite3_extended_errcode(aca_db_handle(db));
	aca_bind_text(st, 1, name);
	aca_bind_text(st, 2, state);
	aca_bind_text(st, 3, owner);
	sqlite3_bind_int64(st, 4, now_ns);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return rc;
	st = aca_db_stmt(db, sql_delete);
	if (st == NULL)
		return sqlite3_extended_errcode(aca_db_handle(db));
	aca_bind_text(st, 1, name);
	aca_bind_text(st, 2, state);
	aca_bind_text(st, 3, owner);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return rc;
	*deleted = sqlite3_changes(aca_db_handle(db)) > 0;
	return SQLITE_OK;
}

static const char sql_users[] =
	"SELECT DISTINCT m.container_id, c.status IN " ACA_SQL_LIVE_STATUS
	" FROM container_mounts m JOIN containers c ON c.id = m.container_id"
	" WHERE m.volume_name = ?1 ORDER BY m.container_id";

int aca_vstore_users(struct aca_req *r, const char *name, struct aca_volume_user **out,
                     size_t *count)
{
	sqlite3_stmt *st = aca_req_stmt(r, sql_users);
	struct aca_volume_user *items = NULL;
	size_t n = 0, cap = 0;
	int rc;

	*out = NULL;
	*count = 0;
	if (st == NULL)
		return SL_ERR_INTERNAL;
	aca_bind_text(st, 1, name);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			size_t ncap = cap == 0 ? 4 : cap * 2;
			struct aca_volume_user *grown = r->host->alloc(r->call, ncap * sizeof(*grown));

			if (n > 0)
				memcpy(grown, items, n * sizeof(*grown));
			items = grown;
			cap = ncap;
		}
		items[n].container_id = aca_req_col_str(r, st, 0);
		items[n].live = sqlite3_column_int(st, 1);
		n++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return aca_req_sql_fail(r, rc);
	*out = items;
	*count = n;
	return SL_OK;
}

static const char sql_in_use[] =
	"SELECT EXISTS (SELECT 1 FROM container_mounts WHERE volume_name = ?1)";

/* Run a "SELECT EXISTS (...)" statement with one text parameter; *yes is
 * set from its answer, and left at if_error when the query fails.
 * Returns an SQLite code. */
static int exists(struct aca_db *db, const char *sql, const char *param, int if_error, int *yes)
{
	sqlite3_stmt *st = aca_db_stmt(db, sql);
	int rc;

	*yes = if_error;
	if (st == NULL)
		return sqlite3_extended_errcode(aca_db_handle(db));
	aca_bind_text(st, 1, param);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*yes = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? SQLITE_OK : rc;
}

int aca_vstore_in_use(struct aca_db *db, const char *name, int *in_use)
{
	return exists(db, sql_in_use, name, 0, in_use);
}

static const char sql_labels[] = "SELECT key, value FROM volume_labels WHERE volume_name = ?1";

static int read_labels(struct aca_req *r, const char *name, int present, struct sl_map *out)
{
	sqlite3_stmt *st;
	struct sl_kv *items = NULL;
	size_t n = 0, cap = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!present)
		return SL_OK;
	st = aca_req_stmt(r, sql_labels);
	if (st == NULL)
		return SL_ERR_INTERNAL;
	aca_bind_text(st, 1, name);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			size_t ncap = cap == 0 ? 4 : cap * 2;
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
	out->present = 1;
	out->count = n;
	out->items = items;
	return SL_OK;
}

static void status_add(struct sl_kv *items, size_t *n, const char *key, const char *value)
{
	if (value == NULL)
		return;
	items[*n].key = key;
	items[*n].value = value;
	(*n)++;
}

/* Status of inspect: where the data lives, and what reconcile found wrong. */
static void fill_status(struct aca_req *r, const struct aca_volume_row *row, struct sl_map *out)
{
	struct sl_kv *items = r->host->alloc(r->call, 8 * sizeof(*items));
	size_t n = 0;

	if (row->share_name != NULL) {
		status_add(items, &n, "Backing", "Azure Files share");
		status_add(items, &n, "StorageAccount", r->ctx->cfg.storage_account);
		status_add(items, &n, "Share", row->share_name);
		status_add(items, &n, "EnvironmentStorage", row->storage_name);
		status_add(items, &n, "Quota",
		           r->host->sprintf(r->call, "%u GiB", row->quota_gib));
		status_add(items, &n, "AccessTier", row->access_tier);
		status_add(items, &n, "AccessMode", row->read_only ? "ReadOnly" : "ReadWrite");
	} else {
		status_add(items, &n, "Backing", "EmptyDir (the job's ephemeral storage)");
	}
	status_add(items, &n, "Problem", row->status_note);
	out->present = 1;
	out->count = n;
	out->items = items;
}

int aca_vstore_to_volume(struct aca_req *r, const struct aca_volume_row *row, int with_status,
                         struct sl_volume *out)
{
	int rc;

	memset(out, 0, sizeof(*out));
	out->name = row->name;
	out->driver = row->driver;
	out->mountpoint = aca_volume_mountpoint(r, row->name);
	out->created_ns = row->created_ns;
	out->scope = "local";
	if ((rc = read_labels(r, row->name, row->labels_present, &out->labels)) != SL_OK ||
	    (rc = aca_json_to_map(r, row->options, &out->options)) != SL_OK)
		return rc;
	if (with_status)
		fill_status(r, row, &out->status);
	return SL_OK;
}

/* ---- selections ---- */

/* A statement being assembled in the arena, with its text values. */
struct qbuild {
	struct aca_req *r;
	char *sql;
	const char **binds;
	size_t n_binds;
	size_t cap_binds;
};

static void qb_add(struct qbuild *q, const char *frag)
{
	q->sql = q->r->host->sprintf(q->r->call, "%s%s", q->sql, frag);
}

static void qb_bind(struct qbuild *q, const char *value)
{
	if (q->n_binds == q->cap_binds) {
		size_t cap = q->cap_binds == 0 ? 8 : q->cap_binds * 2;
		const char **grown = q->r->host->alloc(q->r->call, cap * sizeof(*grown));

		if (q->n_binds > 0)
			memcpy(grown, q->binds, q->n_binds * sizeof(*grown));
		q->binds = grown;
		q->cap_binds = cap;
	}
	q->binds[q->n_binds++] = value;
	qb_add(q, "?");
}

/* "v.name IN (volumes having this label)". */
static void label_cond(struct qbuild *q, const struct sl_label_cond *c)
{
	qb_add(q, "v.name IN (SELECT volume_name FROM volume_labels WHERE key = ");
	qb_bind(q, c->key);
	if (c->value != NULL) {
		qb_add(q, " AND value = ");
		qb_bind(q, c->value);
	}
	qb_add(q, ")");
}

static const char referenced[] =
	"EXISTS (SELECT 1 FROM container_mounts m WHERE m.volume_name = v.name)";

/*
 * A name pattern that is a plain string, perhaps anchored: "cache",
 * "^cache", "cache$", "^cache$".  Docker's rule (equal, or an unanchored
 * regex that matches) then means substring, prefix, suffix or equality,
 * which SQL can test.  Other patterns are left to host->pattern_match.
 */
struct literal {
	const char *text;               /* arena copy without the anchors */
	int start;                      /* ^ */
	int end;                        /* $ */
};

static int as_literal(struct aca_req *r, const char *pattern, struct literal *out)
{
	size_t n = strlen(pattern);
	const char *p = pattern;

	out->start = n > 0 && p[0] == '^';
	if (out->start) {
		p++;
		n--;
	}
	out->end = n > 0 && p[n - 1] == '$';
	if (out->end)
		n--;
	if (n == 0)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = p[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '_' || c == '-'))
			return 0;
	}
	out->text = r->host->sprintf(r->call, "%.*s", (int)n, p);
	return 1;
}

/* Name patterns as SQL, when every one of them is a plain string. */
static void name_conds(struct qbuild *q, const struct sl_filters *f)
{
	struct literal *lits = q->r->host->alloc(q->r->call, (f->n_name + 1) * sizeof(*lits));

	for (size_t i = 0; i < f->n_name; i++) {
		if (f->name[i].text == NULL || !as_literal(q->r, f->name[i].text, &lits[i]))
			return;
	}
	qb_add(q, " AND (");
	for (size_t i = 0; i < f->n_name; i++) {
		const struct literal *l = &lits[i];

		if (i > 0)
			qb_add(q, " OR ");
		if (l->start && l->end) {
			qb_add(q, "v.name = ");
			qb_bind(q, l->text);
		} else if (l->start) {
			qb_add(q, "substr(v.name, 1, length(");
			qb_bind(q, l->text);
			qb_add(q, ")) = ");
			qb_bind(q, l->text);
		} else if (l->end) {
			qb_add(q, "substr(v.name, -length(");
			qb_bind(q, l->text);
			qb_add(q, ")) = ");
			qb_bind(q, l->text);
		} else {
			qb_add(q, "instr(v.name, ");
			qb_bind(q, l->text);
			qb_add(q, ") > 0");
		}
	}
	qb_add(q, ")");
}

static void build(struct qbuild *q, const struct sl_filters *f, enum aca_vstore_select purpose)
{
	qb_add(q, "SELECT " VOL_COLUMNS ", l.key, l.value FROM volumes v"
	          " LEFT JOIN volume_labels l ON l.volume_name = v.name"
	          " WHERE v.state = 'ready'");
	/* Docker prunes unused volumes without driver options only. */
	if (purpose == ACA_VSTORE_PRUNE) {
		qb_add(q, " AND (v.options IS NULL OR v.options = '{}') AND NOT ");
		qb_add(q, referenced);
	}
	for (size_t i = 0; f != NULL && i < f->n_label; i++) {
		qb_add(q, " AND ");
		label_cond(q, &f->label[i]);
	}
	if (f != NULL && f->n_label_not > 0) {
		/* Excluded only when every label! condition holds. */
		qb_add(q, " AND NOT (");
		for (size_t i = 0; i < f->n_label_not; i++) {
			if (i > 0)
				qb_add(q, " AND ");
			label_cond(q, &f->label_not[i]);
		}
		qb_add(q, ")");
	}
	if (f != NULL && f->n_name > 0)
		name_conds(q, f);
	if (f != NULL && f->n_driver > 0) {
		qb_add(q, " AND v.driver IN (");
		for (size_t i = 0; i < f->n_driver; i++) {
			if (i > 0)
				qb_add(q, ", ");
			qb_bind(q, f->driver[i]);
		}
		qb_add(q, ")");
	}
	if (f != NULL && f->dangling == SL_TRI_TRUE) {
		qb_add(q, " AND NOT ");
		qb_add(q, referenced);
	} else if (f != NULL && f->dangling == SL_TRI_FALSE) {
		qb_add(q, " AND ");
		qb_add(q, referenced);
	}
	qb_add(q, " ORDER BY v.name");
}

static int name_matches(struct aca_req *r, const struct sl_filters *f, const char *name)
{
	if (f == NULL || f->n_name == 0)
		return 1;
	for (size_t i = 0; i < f->n_name; i++) {
		if (r->host->pattern_match(&f->name[i], name))
			return 1;
	}
	return 0;
}

/* The labels of one volume being read, growing. */
struct labelbuf {
	struct sl_kv *items;
	size_t cap;
};

/* A growing array of volumes and their rows, in the arena. */
struct vset {
	struct sl_volume *vols;
	struct aca_volume_row *rows;
	struct labelbuf *labels;
	size_t n;
	size_t cap;
};

static size_t vset_push(struct aca_req *r, struct vset *s)
{
	if (s->n == s->cap) {
		size_t cap = s->cap == 0 ? 32 : s->cap * 2;
		struct sl_volume *v = r->host->alloc(r->call, cap * sizeof(*v));
		struct aca_volume_row *rw = r->host->alloc(r->call, cap * sizeof(*rw));
		struct labelbuf *l = r->host->alloc(r->call, cap * sizeof(*l));

		if (s->n > 0) {
			memcpy(v, s->vols, s->n * sizeof(*v));
			memcpy(rw, s->rows, s->n * sizeof(*rw));
			memcpy(l, s->labels, s->n * sizeof(*l));
		}
		s->vols = v;
		s->rows = rw;
		s->labels = l;
		s->cap = cap;
	}
	memset(&s->vols[s->n], 0, sizeof(s->vols[s->n]));
	memset(&s->labels[s->n], 0, sizeof(s->labels[s->n]));
	return s->n++;
}

static void add_label(struct aca_req *r, struct vset *s, size_t i, sqlite3_stmt *st)
{
	struct sl_map *m = &s->vols[i].labels;
	struct labelbuf *b = &s->labels[i];

	if (b->items == NULL || m->count == b->cap) {
		size_t cap = b->cap == 0 ? 4 : b->cap * 2;
		struct sl_kv *grown = r->host->alloc(r->call, cap * sizeof(*grown));

		if (b->items != NULL && m->count > 0)
			memcpy(grown, b->items, m->count * sizeof(*grown));
		b->items = grown;
		b->cap = cap;
	}
	b->items[m->count].key = aca_req_col_str(r, st, VOL_NCOLUMNS);
	b->items[m->count].value = aca_req_col_str(r, st, VOL_NCOLUMNS + 1);
	m->count++;
	m->items = b->items;
}

int aca_vstore_select(struct aca_req *r, const struct sl_filters *filters,
                      enum aca_vstore_select purpose, struct sl_volume **out,
                      struct aca_volume_row **rows, size_t *count)
{
	struct qbuild q;
	struct vset set;
	sqlite3_stmt *st = NULL;
	const char *last = NULL;
	int skipping = 0;
	int rc;

	memset(&q, 0, sizeof(q));
	memset(&set, 0, sizeof(set));
	q.r = r;
	q.sql = r->host->strdup(r->call, "");
	build(&q, filters, purpose);
	rc = sqlite3_prepare_v2(aca_db_handle(r->db), q.sql, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return aca_req_sql_fail(r, rc);
	for (size_t i = 0; i < q.n_binds; i++)
		aca_bind_text(st, (int)i + 1, q.binds[i]);
	/* One row per (volume, label): consecutive rows of a volume are merged. */
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);
		size_t i;

		if (name == NULL)
			continue;
		if (last != NULL && strcmp(last, name) == 0) {
			if (!skipping && sqlite3_column_type(st, VOL_NCOLUMNS) != SQLITE_NULL)
				add_label(r, &set, set.n - 1, st);
			continue;
		}
		skipping = !name_matches(r, filters, name);
		if (skipping) {
			last = r->host->strdup(r->call, name);
			continue;
		}
		i = vset_push(r, &set);
		read_row(r, st, 0, &set.rows[i]);
		last = set.rows[i].name;
		set.vols[i].name = set.rows[i].name;
		set.vols[i].driver = set.rows[i].driver;
		set.vols[i].mountpoint = aca_volume_mountpoint(r, set.rows[i].name);
		set.vols[i].created_ns = set.rows[i].created_ns;
		set.vols[i].scope = "local";
		set.vols[i].labels.present = set.rows[i].labels_present;
		if (sqlite3_column_type(st, VOL_NCOLUMNS) != SQLITE_NULL)
			add_label(r, &set, i, st);
		if (set.rows[i].options != NULL &&
		    aca_json_to_map(r, set.rows[i].options, &set.vols[i].options) != SL_OK) {
			sqlite3_finalize(st);
			return SL_ERR_INTERNAL;
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return aca_req_sql_fail(r, rc);
	*out = set.vols;
	if (rows != NULL)
		*rows = set.rows;
	*count = set.n;
	return SL_OK;
}

static const char sql_count[] = "SELECT count(*) FROM volumes WHERE state = 'ready'";

int aca_vstore_count(struct aca_req *r, int64_t *out)
{
	sqlite3_stmt *st = aca_req_stmt(r, sql_count);
	int rc;

	if (st == NULL)
		return SL_ERR_INTERNAL;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? SL_OK : aca_req_sql_fail(r, rc);
}

static const char sql_anonymous_of[] =
	"SELECT DISTINCT m.volume_name FROM container_mounts m"
	" JOIN volumes v ON v.name = m.volume_name"
	" WHERE m.container_id = ?1 AND m.type = 0 AND m.source IS NULL AND v.anonymous = 1";

int aca_vstore_anonymous_of(struct aca_req *r, const char *container_id, const char ***names,
                            size_t *count)
{
	sqlite3_stmt *st = aca_req_stmt(r, sql_anonymous_of);
	const char **items = NULL;
	size_t n = 0, cap = 0;
	int rc;

	*names = NULL;
	*count = 0;
	if (st == NULL)
		return SL_ERR_INTERNAL;
	aca_bind_text(st, 1, container_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			size_t ncap = cap == 0 ? 4 : cap * 2;
			const char **grown = r->host->alloc(r->call, ncap * sizeof(*grown));

			if (n > 0)
				memcpy(grown, items, n * sizeof(*grown));
			items = grown;
			cap = ncap;
		}
		items[n++] = aca_req_col_str(r, st, 0);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return aca_req_sql_fail(r, rc);
	*names = items;
	*count = n;
	return SL_OK;
}

/* ---- reconcile ---- */

static int walk(sqlite3_stmt *st, aca_vstore_fn fn, void *arg)
{
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct aca_vstore_brief b;
		int stop;

		b.name = (const char *)sqlite3_column_text(st, 0);
		b.state = (const char *)sqlite3_column_text(st, 1);
		b.state_ns = sqlite3_column_int64(st, 2);
		b.owner = (const char *)sqlite3_column_text(st, 3);
		b.share_name = (const char *)sqlite3_column_text(st, 4);
		b.storage_name = (const char *)sqlite3_column_text(st, 5);
		b.status_note = (const char *)sqlite3_column_text(st, 6);
		if (b.name == NULL || b.state == NULL)
			continue;
		stop = fn(arg, &b);
		if (stop != 0) {
			sqlite3_reset(st);
			return stop;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static const char sql_unsettled[] =
	"SELECT name, state, state_ns, owner, share_name, storage_name, status_note FROM volumes"
	" WHERE state <> 'ready' AND state_ns <= ?2 AND (owner IS NULL OR owner <> ?1)"
	" ORDER BY state_ns";

int aca_vstore_each_unsettled(struct aca_db *db, const char *me, int64_t cutoff_ns,
                              aca_vstore_fn fn, void *arg)
{
	sqlite3_stmt *st = aca_db_stmt(db, sql_unsettled);

	if (st == NULL)
		return sqlite3_extended_errcode(aca_db_handle(db));
	aca_bind_text(st, 1, me);
	sqlite3_bind_int64(st, 2, cutoff_ns);
	return walk(st, fn, arg);
}

static const char sql_with_share[] =
	"SELECT name, state, state_ns, owner, share_name, storage_name, status_note FROM volumes"
	" WHERE share_name IS NOT NULL ORDER BY name";

int aca_vstore_each_with_share(struct aca_db *db, aca_vstore_fn fn, void *arg)
{
	sqlite3_stmt *st = aca_db_stmt(db, sql_with_share);

	if (st == NULL)
		return sqlite3_extended_errcode(aca_db_handle(db));
	return walk(st, fn, arg);
}

static const char sql_share_taken[] =
	"SELECT EXISTS (SELECT 1 FROM volumes WHERE share_name = ?1)";

int aca_vstore_share_taken(struct aca_db *db, const char *share_name, int *taken)
{
	/* On error the name counts as taken: never reuse a share we cannot check. */
	return exists(db, sql_share_taken, share_name, 1, taken);
}

static const char sql_released[] =
	"SELECT EXISTS (SELECT 1 FROM volume_released r WHERE r.storage_name = ?1"
	"  AND NOT EXISTS (SELECT 1 FROM volumes v WHERE v.storage_name = ?1))";

int aca_vstore_released(struct aca_db *db, const char *storage_name, int *released)
{
	return exists(db, sql_released, storage_name, 0, released);
}

static const char sql_forget[] = "DELETE FROM volume_released WHERE released_ns < ?1";

int aca_vstore_forget_released(struct aca_db *db, int64_t cutoff_ns)
{
	sqlite3_stmt *st = aca_db_stmt(db, sql_forget);
	int rc;

	if (st == NULL)
		return sqlite3_extended_errcode(aca_db_handle(db));
	sqlite3_bind_int64(st, 1, cutoff_ns);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}
