/* Volume reconcile: a pass and the thread that runs it.  The pass has no
 * gateway call (it runs on its own thread), so it works on borrowed
 * connections and malloc'd copies rather than a request's arena. */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "plugins/aca/arm_client.h"
#include "plugins/aca/volume.h"
#include "plugins/aca/volume_azure.h"
#include "plugins/aca/volume_reconcile.h"
#include "plugins/aca/volume_store.h"

/* Names of volumes given up are remembered this long (a request to Azure
 * still in flight when they were given up lands well within it). */
#define RELEASED_KEEP_NS (7LL * 24 * 3600 * 1000000000LL)

struct aca_reconciler {
	struct aca_ctx *ctx;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;            /* kick or stop (CLOCK_MONOTONIC) */
	pthread_cond_t done;            /* a pass completed */
	int kicked;
	atomic_int stop;
	unsigned started;               /* passes begun */
	unsigned passes;                /* passes completed */
};

/* A row copied out of the database. */
struct item {
	char *name;
	char *state;
	char *owner;
	char *share;
	char *storage;
	char *note;
	int64_t state_ns;
};

struct items {
	struct item *v;
	size_t n;
	size_t cap;
};

static char *dup_or_null(const char *s)
{
	char *p;

	if (s == NULL)
		return NULL;
	p = strdup(s);
	if (p == NULL)
		abort();
	return p;
}

static int collect(void *arg, const struct aca_vstore_brief *b)
{
	struct items *l = arg;
	struct item *it;

	if (l->n == l->cap) {
		size_t cap = l->cap == 0 ? 16 : l->cap * 2;
		struct item *grown = realloc(l->v, cap * sizeof(*grown));

		if (grown == NULL)
			abort();
		l->v = grown;
		l->cap = cap;
	}
	it = &l->v[l->n++];
	it->name = dup_or_null(b->name);
	it->state = dup_or_null(b->state);
	it->owner = dup_or_null(b->owner);
	it->share = dup_or_null(b->share_name);
	it->storage = dup_or_null(b->storage_name);
	it->note = dup_or_null(b->status_note);
	it->state_ns = b->state_ns;
	return 0;
}

static void items_free(struct items *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].name);
		free(l->v[i].state);
		free(l->v[i].owner);
		free(l->v[i].share);
		free(l->v[i].storage);
		free(l->v[i].note);
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}

/* ---- database steps, each in its own transaction ---- */

struct pass {
	struct aca_ctx *ctx;
	const struct sl_host *host;
	struct aca_volumes *vm;
	struct aca_reconcile_report *rep;
	atomic_int *stop;               /* NULL: run to the end */
	int64_t now_ns;
	int64_t cutoff_ns;              /* older than this is past the grace period */
};

static int stopping(const struct pass *p)
{
	return p->stop != NULL && atomic_load(p->stop);
}

static int db_open(struct pass *p, struct aca_db **db)
{
	char err[256];

	if (aca_store_acquire(p->ctx->store, db, err, sizeof(err)) != 0) {
		p->host->log(p->host, SL_LOG_WARNING, "aca: volume reconcile: state database: %s", err);
		return -1;
	}
	return 0;
}

static void db_fail(struct pass *p, struct aca_db *db, int rc, const char *what)
{
	p->host->log(p->host, SL_LOG_WARNING, "aca: volume reconcile: %s: %s", what,
	             sqlite3_extended_errcode(aca_db_handle(db)) == rc
	                     ? sqlite3_errmsg(aca_db_handle(db))
	                     : sqlite3_errstr(rc));
}

/* Move a row between (state, owner) pairs in one transaction; 1 if it moved. */
static int move_row(struct pass *p, const struct item *it, const char *owner,
                    const char *new_owner)
{
	struct aca_db *db;
	int changed = 0;
	int rc;

	if (db_open(p, &db) != 0)
		return 0;
	rc = aca_db_begin_write(db);
	if (rc == SQLITE_OK)
		rc = aca_vstore_move(db, it->name, it->state, owner, it->state, new_owner, p->now_ns,
		                     &changed);
	if (rc == SQLITE_OK)
		rc = aca_db_commit(db);
	else
		aca_db_rollback(db);
	if (rc != SQLITE_OK) {
		db_fail(p, db, rc, it->name);
		changed = 0;
	}
	aca_store_release(db);
	return changed;
}

static int delete_row(struct pass *p, const struct item *it)
{
	struct aca_db *db;
	int deleted = 0;
	int rc;

	if (db_open(p, &db) != 0)
		return -1;
	rc = aca_db_begin_write(db);
	if (rc == SQLITE_OK)
		rc = aca_vstore_delete(db, it->name, it->state, p->vm->token, p->now_ns, &deleted);
	if (rc == SQLITE_OK)
		rc = aca_db_commit(db);
	else
		aca_db_rollback(db);
	if (rc != SQLITE_OK)
		db_fail(p, db, rc, it->name);
	aca_store_release(db);
	return rc == SQLITE_OK ? 0 : -1;
}

/* ---- 1. unfinished creates and removes ---- */

static void finish_one(struct pass *p, const struct item *it)
{
	int creating = strcmp(it->state, ACA_VOL_CREATING) == 0;
	struct aca_arm_error err;

	/* Claim it, so that no other instance works on it at the same time. */
	if (!move_row(p, it, it->owner, p->vm->token))
		return;
	if (it->share != NULL &&
	    (aca_volume_azure_storage_delete(p->vm->azure, it->storage, &err) != SL_OK ||
	     aca_volume_azure_share_delete(p->vm->azure, it->share, &err) != SL_OK)) {
		p->host->log(p->host, SL_LOG_WARNING,
		             "aca: volume reconcile: volume %s (%s): %s; trying again later", it->name,
		             it->state, err.message);
		p->rep->failures++;
		move_row(p, it, p->vm->token, NULL);
		return;
	}
	if (delete_row(p, it) != 0) {
		p->rep->failures++;
		return;
	}
	if (creating)
		p->rep->creates_undone++;
	else
		p->rep->removes_finished++;
	if (it->share != NULL)
		p->host->log(p->host, SL_LOG_INFO,
		             "aca: volume reconcile: %s volume %s: removed environment storage %s and "
		             "share %s",
		             creating ? "undid the unfinished create of" : "finished the removal of",
		             it->name, it->storage, it->share);
	else
		p->host->log(p->host, SL_LOG_INFO, "aca: volume reconcile: %s volume %s",
		             creating ? "undid the unfinished create of" : "finished the removal of",
		             it->name);
}

static int finish_unsettled(struct pass *p)
{
	struct items list = { 0 };
	struct aca_db *db;
	int rc;

	if (db_open(p, &db) != 0)
		return -1;
	rc = aca_vstore_each_unsettled(db, p->vm->token, p->cutoff_ns, collect, &list);
	if (rc != SQLITE_OK)
		db_fail(p, db, rc, "unfinished volumes");
	aca_store_release(db);
	for (size_t i = 0; rc == SQLITE_OK && i < list.n && !stopping(p); i++)
		finish_one(p, &list.v[i]);
	items_free(&list);
	return rc == SQLITE_OK ? 0 : -1;
}

/* ---- 2. and 3.: what Azure has against what the rows say ---- */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Sorted names of a column of the rows (borrowed from the items). */
static const char **sorted(const struct items *rows, int storage)
{
	const char **v = calloc(rows->n + 1, sizeof(*v));
	size_t k = 0;

	if (v == NULL)
		abort();
	for (size_t i = 0; i < rows->n; i++)
		v[k++] = storage ? rows->v[i].storage : rows->v[i].share;
	qsort(v, k, sizeof(*v), cmp_str);
	return v;
}

static int has(const char **set, size_t n, const char *name)
{
	return name != NULL && bsearch(&name, set, n, sizeof(*set), cmp_str) != NULL;
}

static const char *meta(const struct aca_arm_share *s, const char *key)
{
	for (size_t i = 0; i < s->metadata.count; i++) {
		if (strcasecmp(s->metadata.items[i].key, key) == 0)
			return s->metadata.items[i].value;
	}
	return NULL;
}

/* A share this installation made, with no row, past the grace period? */
static int orphan_share(const struct pass *p, const struct aca_arm_share *s, const char **shares,
                        size_t n)
{
	const char *mark = meta(s, ACA_SHARE_META_INSTALLATION);
	const char *created = meta(s, ACA_SHARE_META_CREATED);

	if (s->deleted || mark == NULL || strcmp(mark, p->vm->installation) != 0 ||
	    has(shares, n, s->name))
		return 0;
	/* Without a creation time it is as old as can be. */
	return created == NULL || strtoll(created, NULL, 10) * 1000000000LL <= p->cutoff_ns;
}

/* Has a create written a row for this share since the rows were read? */
static int share_taken_now(struct pass *p, const char *share)
{
	struct aca_db *db;
	int taken = 1;
	int rc;

	if (db_open(p, &db) != 0)
		return 1;
	rc = aca_vstore_share_taken(db, share, &taken);
	if (rc != SQLITE_OK) {
		db_fail(p, db, rc, share);
		taken = 1;
	}
	aca_store_release(db);
	return taken;
}

static int ours(const struct pass *p, const struct aca_arm_env_storage *st)
{
	return st->account_name != NULL && st->name != NULL &&
	       strcmp(st->account_name, aca_volume_azure_account(p->vm->azure)) == 0;
}

static int remove_storage(struct pass *p, const struct aca_arm_env_storage *st, const char *why)
{
	struct aca_arm_error err;

	if (aca_volume_azure_storage_delete(p->vm->azure, st->name, &err) != SL_OK) {
		p->host->log(p->host, SL_LOG_WARNING, "aca: volume reconcile: %s", err.message);
		p->rep->failures++;
		return -1;
	}
	p->rep->orphan_storages++;
	p->host->log(p->host, SL_LOG_INFO,
	             "aca: volume reconcile: removed environment storage %s (share %s): %s", st->name,
	             st->share_name != NULL ? st->share_name : "?", why);
	return 0;
}

static void remove_orphans(struct pass *p, const struct aca_arm_share_list *shares,
                           const struct aca_arm_env_storage_list *storages,
                           const struct items *rows)
{
	const char **row_shares = sorted(rows, 0);
	const char **row_storages = sorted(rows, 1);
	char *gone = calloc(storages->count + 1, 1);

	if (gone == NULL)
		abort();
	for (size_t i = 0; i < shares->count && !stopping(p); i++) {
		const struct aca_arm_share *s = &shares->items[i];
		struct aca_arm_error err;
		int failed = 0;

		if (!orphan_share(p, s, row_shares, rows->n) || share_taken_now(p, s->name))
			continue;
		/* The storages pointing at it go first, as in a remove. */
		for (size_t k = 0; k < storages->count; k++) {
			const struct aca_arm_env_storage *st = &storages->items[k];

			if (!ours(p, st) || st->share_name == NULL || strcmp(st->share_name, s->name) != 0 ||
			    has(row_storages, rows->n, st->name))
				continue;
			gone[k] = 1;
			failed |= remove_storage(p, st, "its share has no volume") != 0;
		}
		if (failed)
			continue;
		if (aca_volume_azure_share_delete(p->vm->azure, s->name, &err) != SL_OK) {
			p->host->log(p->host, SL_LOG_WARNING, "aca: volume reconcile: %s", err.message);
			p->rep->failures++;
			continue;
		}
		p->rep->orphan_shares++;
		p->host->log(p->host, SL_LOG_INFO,
		             "aca: volume reconcile: removed share %s (volume %s): made by this "
		             "installation, no volume has it",
		             s->name, meta(s, ACA_SHARE_META_VOLUME) != NULL
		                              ? meta(s, ACA_SHARE_META_VOLUME)
		                              : "?");
	}
	/* Storages of volumes given up whose PUT reached Azure only afterwards. */
	for (size_t k = 0; k < storages->count && !stopping(p); k++) {
		const struct aca_arm_env_storage *st = &storages->items[k];
		struct aca_db *db;
		int released = 0;
		int rc;

		if (gone[k] || !ours(p, st) || has(row_storages, rows->n, st->name))
			continue;
		if (db_open(p, &db) != 0)
			break;
		rc = aca_vstore_released(db, st->name, &released);
		if (rc != SQLITE_OK)
			db_fail(p, db, rc, st->name);
		aca_store_release(db);
		if (released)
			remove_storage(p, st, "its volume was removed");
	}
	free(gone);
	free(row_shares);
	free(row_storages);
}

/* Notes for ready volumes whose share or environment storage is missing. */
static void note_missing(struct pass *p, const struct aca_arm_share_list *shares,
                         const struct aca_arm_env_storage_list *storages,
                         const struct items *rows)
{
	const char **have_shares = calloc(shares->count + 1, sizeof(char *));
	const char **have_storages = calloc(storages->count + 1, sizeof(char *));
	size_t ns = 0, nt = 0;
	struct aca_db *db;
	int rc;

	if (have_shares == NULL || have_storages == NULL)
		abort();
	for (size_t i = 0; i < shares->count; i++) {
		if (!shares->items[i].deleted && shares->items[i].name != NULL)
			have_shares[ns++] = shares->items[i].name;
	}
	for (size_t i = 0; i < storages->count; i++) {
		if (ours(p, &storages->items[i]))
			have_storages[nt++] = storages->items[i].name;
	}
	qsort(have_shares, ns, sizeof(char *), cmp_str);
	qsort(have_storages, nt, sizeof(char *), cmp_str);
	if (db_open(p, &db) != 0)
		goto out;
	rc = aca_db_begin_write(db);
	for (size_t i = 0; rc == SQLITE_OK && i < rows->n; i++) {
		const struct item *it = &rows->v[i];
		int share_ok = has(have_shares, ns, it->share);
		int storage_ok = has(have_storages, nt, it->storage);
		char note[512];
		const char *want = NULL;

		if (strcmp(it->state, ACA_VOL_READY) != 0)
			continue;
		if (!share_ok || !storage_ok) {
			snprintf(note, sizeof(note), "%s%s%s%s%s missing in Azure",
			         share_ok ? "" : "share ", share_ok ? "" : it->share,
			         !share_ok && !storage_ok ? " and " : "",
			         storage_ok ? "" : "environment storage ", storage_ok ? "" : it->storage);
			want = note;
			p->rep->missing++;
		}
		if ((want == NULL) == (it->note == NULL) &&
		    (want == NULL || strcmp(want, it->note) == 0))
			continue;
		rc = aca_vstore_set_note(db, it->name, want);
		if (rc == SQLITE_OK)
			p->host->log(p->host, want != NULL ? SL_LOG_WARNING : SL_LOG_INFO,
			             "aca: volume reconcile: volume %s: %s", it->name,
			             want != NULL ? want : "its share and storage are back");
	}
	if (rc == SQLITE_OK)
		rc = aca_db_commit(db);
	else
		aca_db_rollback(db);
	if (rc != SQLITE_OK) {
		db_fail(p, db, rc, "status notes");
		p->rep->failures++;
	}
	aca_store_release(db);
out:
	free(have_shares);
	free(have_storages);
}

static int compare_with_azure(struct pass *p)
{
	struct aca_arm_client *arm = aca_volume_azure_client(p->vm->azure);
	struct aca_arm_arena *arena = aca_arm_arena_new();
	struct aca_arm_share_list shares;
	struct aca_arm_env_storage_list storages;
	struct aca_arm_error err;
	struct items rows = { 0 };
	struct aca_db *db;
	int rc = -1;

	/* Rows first, then Azure's lists.  A volume created in between has a
	 * share listed and no row here: every removal asks the database again
	 * right before it (share_taken_now, aca_vstore_released). */
	if (db_open(p, &db) != 0)
		goto out;
	if (aca_vstore_each_with_share(db, collect, &rows) != SQLITE_OK) {
		db_fail(p, db, sqlite3_extended_errcode(aca_db_handle(db)), "volumes");
		aca_store_release(db);
		goto out;
	}
	aca_store_release(db);
	if (aca_arm_share_list(arm, arena, aca_volume_azure_account(p->vm->azure),
	                       ACA_VOLUME_AZURE_PREFIX, &shares, &err) != SL_OK ||
	    aca_arm_env_storage_list(arm, arena, aca_volume_azure_environment(p->vm->azure),
	                             &storages, &err) != SL_OK) {
		p->host->log(p->host, SL_LOG_WARNING, "aca: volume reconcile: %s", err.message);
		p->rep->failures++;
		goto out;
	}
	remove_orphans(p, &shares, &storages, &rows);
	if (!stopping(p))
		note_missing(p, &shares, &storages, &rows);
	rc = 0;
out:
	items_free(&rows);
	aca_arm_arena_free(arena);
	return rc;
}

static void forget_released(struct pass *p)
{
	struct aca_db *db;
	int rc;

	if (db_open(p, &db) != 0)
		return;
	rc = aca_db_begin_write(db);
	if (rc == SQLITE_OK)
		rc = aca_vstore_forget_released(db, p->now_ns - RELEASED_KEEP_NS);
	if (rc == SQLITE_OK)
		rc = aca_db_commit(db);
	else
		aca_db_rollback(db);
	if (rc != SQLITE_OK)
		db_fail(p, db, rc, "released names");
	aca_store_release(db);
}

static int run_pass(struct aca_ctx *ctx, struct aca_reconcile_report *rep, atomic_int *stop,
                    int first)
{
	struct pass p;
	int rc = 0;

	memset(rep, 0, sizeof(*rep));
	memset(&p, 0, sizeof(p));
	p.ctx = ctx;
	p.host = ctx->host;
	p.vm = ctx->volumes;
	p.rep = rep;
	p.stop = stop;
	p.now_ns = ctx->host->now_ns();
	p.cutoff_ns = p.now_ns - (int64_t)ctx->cfg.reconcile_grace_s * 1000000000LL;
	if (p.vm == NULL || p.vm->azure == NULL)
		return 0;
	if (finish_unsettled(&p) != 0)
		rc = -1;
	if (!stopping(&p) && compare_with_azure(&p) != 0)
		rc = -1;
	if (!stopping(&p))
		forget_released(&p);
	/* The first pass is always reported, so that an operator (and a test)
	 * sees that reconcile ran after a start. */
	ctx->host->log(ctx->host,
	               first || rep->creates_undone + rep->removes_finished + rep->orphan_shares +
	                                        rep->orphan_storages + rep->failures >
	                                0
	                       ? SL_LOG_INFO
	                       : SL_LOG_DEBUG,
	               "aca: volume reconcile: pass done: %u unfinished creates undone, %u removes "
	               "finished, %u orphaned shares and %u environment storages removed, %u volumes "
	               "missing Azure resources, %u failures",
	               rep->creates_undone, rep->removes_finished, rep->orphan_shares,
	               rep->orphan_storages, rep->missing, rep->failures);
	return rc;
}

int aca_volume_reconcile_pass(struct aca_ctx *ctx, struct aca_reconcile_report *rep)
{
	return run_pass(ctx, rep, NULL, 0);
}

/* ---- the thread ---- */

static void *thread_main(void *arg)
{
	struct aca_reconciler *rc = arg;
	int first = 1;

	pthread_mutex_lock(&rc->lock);
	while (!atomic_load(&rc->stop)) {
		struct aca_reconcile_report rep;
		unsigned interval = rc->ctx->cfg.reconcile_interval_s;

		rc->kicked = 0;
		rc->started++;
		pthread_mutex_unlock(&rc->lock);
		run_pass(rc->ctx, &rep, &rc->stop, first);
		first = 0;
		pthread_mutex_lock(&rc->lock);
		rc->passes++;
		pthread_cond_broadcast(&rc->done);
		if (rc->kicked || atomic_load(&rc->stop))
			continue;
		if (interval == 0) {
			while (!rc->kicked && !atomic_load(&rc->stop))
				pthread_cond_wait(&rc->wake, &rc->lock);
		} else {
			struct timespec until;

			clock_gettime(CLOCK_MONOTONIC, &until);
			until.tv_sec += (time_t)interval;
			while (!rc->kicked && !atomic_load(&rc->stop)) {
				if (pthread_cond_timedwait(&rc->wake, &rc->lock, &until) == ETIMEDOUT)
					break;
			}
		}
	}
	pthread_mutex_unlock(&rc->lock);
	return NULL;
}

int aca_reconciler_start(struct aca_ctx *ctx, struct aca_reconciler **out)
{
	struct aca_reconciler *rc = calloc(1, sizeof(*rc));
	pthread_condattr_t attr;

	if (rc == NULL)
		return -1;
	rc->ctx = ctx;
	atomic_init(&rc->stop, 0);
	pthread_mutex_init(&rc->lock, NULL);
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&rc->wake, &attr);
	pthread_condattr_destroy(&attr);
	pthread_cond_init(&rc->done, NULL);
	if (pthread_create(&rc->thread, NULL, thread_main, rc) != 0) {
		pthread_cond_destroy(&rc->wake);
		pthread_cond_destroy(&rc->done);
		pthread_mutex_destroy(&rc->lock);
		free(rc);
		return -1;
	}
	*out = rc;
	return 0;
}

void aca_reconciler_stop(struct aca_reconciler *rc)
{
	if (rc == NULL)
		return;
	pthread_mutex_lock(&rc->lock);
	atomic_store(&rc->stop, 1);
	pthread_cond_broadcast(&rc->wake);
	pthread_mutex_unlock(&rc->lock);
	pthread_join(rc->thread, NULL);
	pthread_cond_destroy(&rc->wake);
	pthread_cond_destroy(&rc->done);
	pthread_mutex_destroy(&rc->lock);
	free(rc);
}

void aca_reconciler_kick(struct aca_reconciler *rc)
{
	pthread_mutex_lock(&rc->lock);
	rc->kicked = 1;
	pthread_cond_broadcast(&rc->wake);
	pthread_mutex_unlock(&rc->lock);
}

void aca_reconciler_wait(struct aca_reconciler *rc, unsigned n)
{
	pthread_mutex_lock(&rc->lock);
	while (rc->passes < n)
		pthread_cond_wait(&rc->done, &rc->lock);
	pthread_mutex_unlock(&rc->lock);
}

void aca_reconciler_run(struct aca_reconciler *rc)
{
	unsigned target;

	pthread_mutex_lock(&rc->lock);
	/* A pass under way started before the kick: the one after it counts. */
	target = rc->started + 1;
	rc->kicked = 1;
	pthread_cond_broadcast(&rc->wake);
	while (rc->passes < target)
		pthread_cond_wait(&rc->done, &rc->lock);
	pthread_mutex_unlock(&rc->lock);
}
