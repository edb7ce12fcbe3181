/* Network filters as SQL.  The statement text is assembled from fixed
 * fragments with one "?" per value; every value is bound, never spliced
 * into the text.  Patterns (name, id) are Docker's "equal or unanchored
 * regex", which SQLite cannot evaluate, so they run on the rows SQL
 * returns. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "plugins/aca/network_filter.h"
#include "plugins/aca/network_store.h"

struct sqlbuf {
	char *text;                     /* malloc'ed */
	size_t len;
	size_t cap;
	const char **binds;             /* text values, in placeholder order */
	size_t n_binds;
	size_t cap_binds;
	int has_until;
	int until_index;
	int64_t until_ns;
	int oom;
};

static void sb_add(struct sqlbuf *b, const char *frag)
{
	size_t n = strlen(frag);

	if (b->oom)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = (b->len + n + 1) * 2;
		char *p = realloc(b->text, cap);

		if (p == NULL) {
			b->oom = 1;
			return;
		}
		b->text = p;
		b->cap = cap;
	}
	memcpy(b->text + b->len, frag, n + 1);
	b->len += n;
}

/* Append "?" and remember the value bound to it. */
static void sb_bind(struct sqlbuf *b, const char *value)
{
	if (b->oom)
		return;
	if (b->n_binds == b->cap_binds) {
		size_t cap = b->cap_binds == 0 ? 8 : b->cap_binds * 2;
		const char **p = realloc(b->binds, cap * sizeof(*p));

		if (p == NULL) {
			b->oom = 1;
			return;
		}
		b->binds = p;
		b->cap_binds = cap;
	}
	b->binds[b->n_binds++] = value;
	sb_add(b, "?");
}

static void sb_free(struct sqlbuf *b)
{
	free(b->text);
	free(b->binds);
}

/* "n.id IN (networks having this label)". */
static void label_cond(struct sqlbuf *b, const struct sl_label_cond *c)
{
	sb_add(b, "n.id IN (SELECT network_id FROM network_labels WHERE key = ");
	sb_bind(b, c->key);
	if (c->value != NULL) {
		sb_add(b, " AND value = ");
		sb_bind(b, c->value);
	}
	sb_add(b, ")");
}

static void in_list(struct sqlbuf *b, const char *column, size_t n, const char *const *values)
{
	sb_add(b, " AND ");
	sb_add(b, column);
	sb_add(b, " IN (");
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			sb_add(b, ", ");
		sb_bind(b, values[i]);
	}
	sb_add(b, ")");
}

static const char has_endpoint[] = "EXISTS (SELECT 1 FROM endpoints e WHERE e.network_id = n.id)";

static void build(struct sqlbuf *b, const struct sl_filters *f, enum aca_net_select purpose)
{
	sb_add(b, "SELECT " ACA_NETWORK_COLUMNS " FROM networks n WHERE 1");
	if (purpose == ACA_SELECT_PRUNE)
		sb_add(b, " AND n.predefined = 0 AND n.config_only = 0 AND NOT EXISTS (SELECT 1"
		          " FROM endpoints e JOIN containers c ON c.id = e.container_id"
		          " WHERE e.network_id = n.id AND c.status IN " ACA_SQL_LIVE_STATUS ")");
	if (f == NULL) {
		sb_add(b, " ORDER BY n.name");
		return;
	}
	for (size_t i = 0; i < f->n_label; i++) {
		sb_add(b, " AND ");
		label_cond(b, &f->label[i]);
	}
	if (f->n_label_not > 0) {
		/* Excluded only when every label! condition holds. */
		sb_add(b, " AND NOT (");
		for (size_t i = 0; i < f->n_label_not; i++) {
			if (i > 0)
				sb_add(b, " AND ");
			label_cond(b, &f->label_not[i]);
		}
		sb_add(b, ")");
	}
	if (f->n_driver > 0)
		in_list(b, "n.driver", f->n_driver, f->driver);
	if (f->n_scope > 0)
		in_list(b, "n.scope", f->n_scope, f->scope);
	if (f->type_mask == SL_NETWORK_TYPE_BUILTIN)
		sb_add(b, " AND n.predefined = 1");
	else if (f->type_mask == SL_NETWORK_TYPE_CUSTOM)
		sb_add(b, " AND n.predefined = 0");
	/* Dangling: not predefined and no container attached (an endpoint record). */
	if (f->dangling == SL_TRI_TRUE) {
		sb_add(b, " AND n.predefined = 0 AND NOT ");
		sb_add(b, has_endpoint);
	} else if (f->dangling == SL_TRI_FALSE) {
		sb_add(b, " AND (n.predefined = 1 OR ");
		sb_add(b, has_endpoint);
		sb_add(b, ")");
	}
	if (f->has_until) {
		b->has_until = 1;
		b->until_ns = f->until_ns;
		b->until_index = (int)b->n_binds + 1;
		/* The value is an integer: a placeholder bound below, like the rest. */
		sb_add(b, " AND n.created_ns <= ?");
	}
	sb_add(b, " ORDER BY n.name");
}

static int any_match(struct aca_req *r, size_t n, const struct sl_pattern *patterns,
                     const char *subject)
{
	if (n == 0)
		return 1;
	for (size_t i = 0; i < n; i++) {
		if (r->host->pattern_match(&patterns[i], subject))
			return 1;
	}
	return 0;
}

int aca_network_select(struct aca_req *r, const struct sl_filters *filters,
                       enum aca_net_select purpose, struct sl_network **out, size_t *count)
{
	struct sqlbuf b;
	sqlite3_stmt *st = NULL;
	struct sl_network *items = NULL;
	size_t n = 0;
	size_t cap = 0;
	int rc;

	memset(&b, 0, sizeof(b));
	build(&b, filters, purpose);
	if (b.oom) {
		sb_free(&b);
		return r->host->fail(r->call, SL_ERR_INTERNAL, "aca: out of memory");
	}
	rc = sqlite3_prepare_v2(aca_db_handle(r->db), b.text, -1, &st, NULL);
	if (rc != SQLITE_OK) {
		sb_free(&b);
		return aca_req_sql_fail(r, rc);
	}
	for (size_t i = 0; i < b.n_binds; i++)
		aca_bind_text(st, (int)i + 1, b.binds[i]);
	if (b.has_until)
		sqlite3_bind_int64(st, b.until_index, b.until_ns);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct sl_network net;

		aca_network_row(r, st, &net);
		if (filters != NULL && (!any_match(r, filters->n_name, filters->name, net.name) ||
		                        !any_match(r, filters->n_id, filters->id, net.id)))
			continue;
		if (n == cap) {
			size_t ncap = cap == 0 ? 16 : cap * 2;
			struct sl_network *grown = r->host->alloc(r->call, ncap * sizeof(*grown));

			if (n > 0)
				memcpy(grown, items, n * sizeof(*grown));
			items = grown;
			cap = ncap;
		}
		items[n++] = net;
	}
	sqlite3_finalize(st);
	sb_free(&b);
	if (rc != SQLITE_DONE)
		return aca_req_sql_fail(r, rc);
	*out = items;
	*count = n;
	return SL_OK;
}
