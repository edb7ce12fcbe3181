/* Volume hooks: create (the saga), inspect, list, remove and prune, and
 * the volume side of container create and remove.
 *
 * No database connection is held during an Azure call: a saga step opens
 * a connection, writes its state change in one transaction and gives the
 * connection back, so that slow Azure answers never starve the pool. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "plugins/aca/arm_client.h"
#include "plugins/aca/store_json.h"
#include "plugins/aca/volume.h"
#include "plugins/aca/volume_azure.h"
#include "plugins/aca/volume_names.h"
#include "plugins/aca/volume_options.h"
#include "plugins/aca/volume_reconcile.h"
#include "plugins/aca/volume_store.h"

#define ANONYMOUS_LABEL "com.docker.volume.anonymous"

/* Attempts at a free pair of Azure names (a hash collision is 1 in 2^40). */
#define NAME_SALTS 8

static void pause_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

static int64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- small helpers on a request ---- */

/* Run a one-statement state change in its own write transaction. */
static int write_move(struct aca_req *r, const char *name, const char *from, const char *owner,
                      const char *to, const char *new_owner, int *changed)
{
	int rc = aca_req_begin_write(r);

	if (rc != SL_OK)
		return rc;
	rc = aca_vstore_move(r->db, name, from, owner, to, new_owner, r->host->now_ns(), changed);
	if (rc != SQLITE_OK) {
		rc = aca_req_sql_fail(r, rc);
		aca_req_rollback(r);
		return rc;
	}
	return aca_req_commit(r);
}

static int write_delete(struct aca_req *r, const char *name, const char *state, const char *owner)
{
	int deleted;
	int rc = aca_req_begin_write(r);

	if (rc != SL_OK)
		return rc;
	rc = aca_vstore_delete(r->db, name, state, owner, r->host->now_ns(), &deleted);
	if (rc != SQLITE_OK) {
		rc = aca_req_sql_fail(r, rc);
		aca_req_rollback(r);
		return rc;
	}
	return aca_req_commit(r);
}

static int write_note(struct aca_req *r, const char *name, const char *note)
{
	int rc = aca_req_begin_write(r);

	if (rc != SL_OK)
		return rc;
	rc = aca_vstore_set_note(r->db, name, note);
	if (rc != SQLITE_OK) {
		rc = aca_req_sql_fail(r, rc);
		aca_req_rollback(r);
		return rc;
	}
	return aca_req_commit(r);
}

/* ---- create ---- */

/** What to create. */
struct create_spec {
	const char *name;
	int anonymous;
	const char *driver;             /* as the client gave it */
	const struct sl_map *opts;
	const struct sl_map *labels;
};

static int unknown_driver(struct aca_req *r, const char *name, const char *driver)
{
	if (name == NULL)
		return r->host->fail(r->call, SL_ERR_NOT_FOUND,
		                     "error looking up volume plugin %s: plugin \"%s\" not found",
		                     driver, driver);
	return r->host->fail(r->call, SL_ERR_NOT_FOUND,
	                     "create %s: error looking up volume plugin %s: plugin \"%s\" not found",
	                     name, driver, driver);
}

/* The Azure steps of a create; on failure, undo them and report. */
static int create_in_azure(struct aca_ctx *ctx, struct sl_call *call,
                           const struct aca_volume_row *row)
{
	struct aca_volumes *vm = ctx->volumes;
	struct aca_volume_share_req share;
	struct aca_arm_error err, undo;
	int storage_tried = 0;
	int rc;

	memset(&share, 0, sizeof(share));
	share.share = row->share_name;
	share.volume = row->name;
	share.quota_gib = row->quota_gib;
	share.tier = row->access_tier;
	share.created_s = row->created_ns / 1000000000;
	rc = aca_volume_azure_share_put(vm->azure, &share, &err);
	if (rc == SL_OK) {
		storage_tried = 1;
		rc = aca_volume_azure_storage_put(vm->azure, row->storage_name, row->share_name,
		                                  row->read_only, &err);
	}
	if (rc == SL_OK)
		return SL_OK;
	/*
	 * Undo in reverse order.  A failed PUT may still have been carried out
	 * (an answer lost on the way back), so whatever was attempted is
	 * deleted; deleting what does not exist is success.
	 */
	if ((storage_tried &&
	     aca_volume_azure_storage_delete(vm->azure, row->storage_name, &undo) != SL_OK) ||
	    aca_volume_azure_share_delete(vm->azure, row->share_name, &undo) != SL_OK) {
		struct aca_req r;
		int changed = 0;

		/* Leave the row to reconcile, which retries the deletes. */
		ctx->host->log(ctx->host, SL_LOG_WARNING,
		               "aca: volume create %s failed and its undo too (%s); reconcile will "
		               "remove share %s and storage %s",
		               row->name, undo.message, row->share_name, row->storage_name);
		if (aca_req_open(&r, ctx, call) == SL_OK) {
			if (write_move(&r, row->name, ACA_VOL_CREATING, vm->token, ACA_VOL_CREATING, NULL,
			               &changed) != SL_OK)
				ctx->host->log(ctx->host, SL_LOG_WARNING,
				               "aca: volume %s: cannot hand its row to reconcile",
				               row->name);
			aca_req_close(&r);
		}
		if (vm->reconciler != NULL)
			aca_reconciler_kick(vm->reconciler);
	} else {
		struct aca_req r;

		if (aca_req_open(&r, ctx, call) == SL_OK) {
			if (write_delete(&r, row->name, ACA_VOL_CREATING, vm->token) != SL_OK)
				ctx->host->log(ctx->host, SL_LOG_WARNING,
				               "aca: volume %s: its Azure resources are gone but its row "
				               "stays for reconcile",
				               row->name);
			aca_req_close(&r);
		}
	}
	return aca_arm_fail(ctx->host, call, &err, "volume create");
}

/* Insert the row of a new volume; *clash tells a lost race on the name. */
static int insert_new(struct aca_req *r, const struct create_spec *spec,
                      const struct aca_volume_opts *vo, int with_share,
                      struct aca_volume_row *row, enum aca_vstore_clash *clash)
{
	struct aca_volumes *vm = r->ctx->volumes;
	const char *options;
	int rc;

	memset(row, 0, sizeof(*row));
	row->name = spec->name;
	row->driver = ACA_VOLUME_DRIVER;
	row->created_ns = r->host->now_ns();
	row->state_ns = row->created_ns;
	row->anonymous = spec->anonymous;
	row->labels_present = spec->labels != NULL && spec->labels->present;
	rc = aca_json_from_map(r, spec->opts != NULL ? spec->opts : &(struct sl_map){ 0, 0, NULL },
	                       &options);
	if (rc != SL_OK)
		return rc;
	row->options = options;
	row->read_only = vo->read_only;
	if (!with_share) {
		row->state = ACA_VOL_READY;
		rc = aca_req_begin_write(r);
		if (rc != SL_OK)
			return rc;
		rc = aca_vstore_insert(r, row, spec->labels, clash);
		if (rc != SL_OK || *clash != ACA_VSTORE_NO_CLASH) {
			aca_req_rollback(r);
			return rc;
		}
		return aca_req_commit(r);
	}
	row->state = ACA_VOL_CREATING;
	row->owner = vm->token;
	row->quota_gib = vo->quota_gib;
	row->access_tier = vo->tier;
	for (unsigned attempt = 0; attempt < NAME_SALTS; attempt++) {
		struct aca_volume_names names;

		if (aca_volume_names_derive(spec->name, vm->salt_base + attempt, &names) != 0)
			return r->host->fail(r->call, SL_ERR_INTERNAL,
			                     "aca: volume create: no Azure name for volume %s", spec->name);
		row->share_name = r->host->strdup(r->call, names.share);
		row->storage_name = r->host->strdup(r->call, names.storage);
		rc = aca_req_begin_write(r);
		if (rc != SL_OK)
			return rc;
		rc = aca_vstore_insert(r, row, spec->labels, clash);
		if (rc != SL_OK || *clash != ACA_VSTORE_NO_CLASH) {
			aca_req_rollback(r);
			if (rc != SL_OK || *clash == ACA_VSTORE_NAME_TAKEN)
				return rc;
			continue;
		}
		return aca_req_commit(r);
	}
	return r->host->fail(r->call, SL_ERR_INTERNAL,
	                     "aca: volume create: every Azure name for volume %s is taken",
	                     spec->name);
}

/* The volume of name if it is ready (*found 0 otherwise: absent or busy). */
static int read_ready(struct aca_req *r, const char *name, struct aca_volume_row *row, int *found,
                      int *busy)
{
	int rc = aca_vstore_get(r, name, row, found);

	*busy = 0;
	if (rc == SL_OK && *found && strcmp(row->state, ACA_VOL_READY) != 0) {
		*found = 0;
		*busy = 1;
	}
	return rc;
}

static int volume_create(struct aca_ctx *ctx, struct sl_call *call, const struct create_spec *spec,
                         struct sl_volume *out)
{
	struct aca_volumes *vm = ctx->volumes;
	/* A create of the same name by another request may be busy with Azure. */
	int64_t deadline = mono_ms() + ((int64_t)ctx->cfg.retry_budget_s * 3 +
	                                ctx->cfg.share_recreate_wait_s + 30) * 1000;
	long pause = 20;
	struct aca_req r;
	int rc;

	if (!aca_volume_driver_known(spec->driver)) {
		rc = aca_req_open(&r, ctx, call);
		if (rc == SL_OK) {
			rc = unknown_driver(&r, spec->name, spec->driver);
			aca_req_close(&r);
		}
		return rc;
	}
	for (;;) {
		struct aca_volume_row row;
		struct aca_volume_opts vo;
		enum aca_vstore_clash clash = ACA_VSTORE_NO_CLASH;
		char msg[512];
		int found, busy, with_share;

		rc = aca_req_open(&r, ctx, call);
		if (rc != SL_OK)
			return rc;
		rc = read_ready(&r, spec->name, &row, &found, &busy);
		if (rc == SL_OK && found)
			rc = aca_vstore_to_volume(&r, &row, 0, out);
		if (rc != SL_OK || found) {
			/* Docker returns an existing volume as it is; new options and labels are ignored. */
			aca_req_close(&r);
			return rc;
		}
		if (busy && row.owner == NULL) {
			/* Nobody is working on it: an interrupted create or remove
			 * whose Azure part reconcile has still to finish. */
			aca_req_close(&r);
			if (vm->reconciler != NULL)
				aca_reconciler_kick(vm->reconciler);
			return ctx->host->fail(call, SL_ERR_UNAVAILABLE,
			                       "create %s: an interrupted create or remove of this volume "
			                       "is being cleaned up; try again later",
			                       spec->name);
		}
		if (busy) {
			aca_req_close(&r);
			if (mono_ms() > deadline)
				return ctx->host->fail(call, SL_ERR_UNAVAILABLE,
				                       "create %s: another request is still creating or "
				                       "removing this volume; try again",
				                       spec->name);
			pause_ms(pause);
			if (pause < 500)
				pause *= 2;
			continue;
		}
		memset(&vo, 0, sizeof(vo));
		if (vm->azure != NULL)
			aca_volume_azure_defaults(vm->azure, &vo.quota_gib, &vo.tier);
		if (aca_volume_opts_parse(spec->opts, &vo, msg, sizeof(msg)) != 0) {
			rc = ctx->host->fail(call, SL_ERR_INVALID, "create %s: %s", spec->name, msg);
			aca_req_close(&r);
			return rc;
		}
		with_share = !spec->anonymous;
		if (with_share && vm->azure == NULL) {
			rc = ctx->host->fail(call, SL_ERR_UNAVAILABLE, "aca: volume create: %s",
			                     vm->azure_missing);
			aca_req_close(&r);
			return rc;
		}
		rc = insert_new(&r, spec, &vo, with_share, &row, &clash);
		if (rc == SL_OK && clash == ACA_VSTORE_NAME_TAKEN) {
			/* Another request inserted the name first: wait for its outcome. */
			aca_req_close(&r);
			continue;
		}
		if (rc == SL_OK && !with_share)
			rc = aca_vstore_to_volume(&r, &row, 0, out);
		aca_req_close(&r);
		if (rc != SL_OK || !with_share)
			return rc;
		rc = create_in_azure(ctx, call, &row);
		if (rc != SL_OK)
			return rc;
		rc = aca_req_open(&r, ctx, call);
		if (rc != SL_OK)
			return rc;
		{
			int changed = 0;

			rc = write_move(&r, row.name, ACA_VOL_CREATING, vm->token, ACA_VOL_READY, NULL,
			                &changed);
			if (rc == SL_OK && !changed)
				rc = ctx->host->fail(call, SL_ERR_INTERNAL,
				                     "aca: volume create: the row of volume %s changed "
				                     "while its share was made",
				                     row.name);
		}
		if (rc == SL_OK) {
			row.state = ACA_VOL_READY;
			row.owner = NULL;
			rc = aca_vstore_to_volume(&r, &row, 0, out);
		}
		aca_req_close(&r);
		return rc;
	}
}

static int vol_create(void *opaque, struct sl_call *call, const struct sl_volume_create_req *req,
                      struct sl_volume *out)
{
	struct create_spec spec;

	spec.name = req->name;
	spec.anonymous = req->anonymous;
	spec.driver = req->driver;
	spec.opts = &req->driver_opts;
	spec.labels = &req->labels;
	return volume_create(opaque, call, &spec, out);
}

/* ---- inspect, list ---- */

static int vol_inspect(void *opaque, struct sl_call *call, const char *name, struct sl_volume *out)
{
	struct aca_volume_row row;
	struct aca_req r;
	int found, busy;
	int rc = aca_req_open(&r, opaque, call);

	if (rc != SL_OK)
		return rc;
	rc = read_ready(&r, name, &row, &found, &busy);
	if (rc == SL_OK && !found)
		rc = r.host->fail(call, SL_ERR_NOT_FOUND, "get %s: no such volume", name);
	if (rc == SL_OK)
		rc = aca_vstore_to_volume(&r, &row, 1, out);
	aca_req_close(&r);
	return rc;
}

static int vol_list(void *opaque, struct sl_call *call, const struct sl_filters *filters,
                    struct sl_volume_list *out)
{
	struct sl_volume *items;
	size_t n = 0;
	struct aca_req r;
	int rc = aca_req_open(&r, opaque, call);

	if (rc != SL_OK)
		return rc;
	rc = aca_vstore_select(&r, filters, ACA_VSTORE_LIST, &items, NULL, &n);
	aca_req_close(&r);
	if (rc != SL_OK)
		return rc;
	out->count = n;
	out->items = items;
	/* Warnings: null, as Docker shows it when every driver answered. */
	memset(&out->warnings, 0, sizeof(out->warnings));
	return SL_OK;
}

/* ---- remove ---- */

enum remove_mode {
	REMOVE_CLIENT = 0,              /* DELETE /volumes/{name} */
	REMOVE_PRUNE = 1,               /* a prune candidate: skip when in use or gone */
	REMOVE_QUIET = 2                /* rm -v of a container: skip when in use */
};

static const char *in_use_list(struct aca_req *r, const struct aca_volume_user *users, size_t n)
{
	const char *list = "";

	for (size_t i = 0; i < n; i++)
		list = r->host->sprintf(r->call, "%s%s%s", list, i > 0 ? ", " : "",
		                        users[i].container_id);
	return list;
}

/* What claim_for_removal did. */
enum claim {
	CLAIM_NOTHING = 0,              /* absent (force, prune) or in use (prune, rm -v) */
	CLAIM_DELETED = 1,              /* no share: the row is gone already */
	CLAIM_TAKEN = 2                 /* moved to deleting: the Azure part is next */
};

/*
 * Check and claim the volume for removal in one transaction: a volume
 * without a share is deleted there and then; one with a share moves to
 * deleting, owned by this instance.
 */
static int claim_for_removal(struct aca_req *r, const char *name, int force, enum remove_mode mode,
                             struct aca_volume_row *row, enum claim *claim)
{
	struct aca_volumes *vm = r->ctx->volumes;
	struct aca_volume_user *users;
	size_t n_users = 0;
	int found, busy, changed = 0, deleted = 0;
	int rc;

	*claim = CLAIM_NOTHING;
	rc = aca_req_begin_write(r);
	if (rc != SL_OK)
		return rc;
	rc = read_ready(r, name, row, &found, &busy);
	if (rc == SL_OK && !found) {
		aca_req_rollback(r);
		if (force || mode != REMOVE_CLIENT)
			return SL_OK;
		return r->host->fail(r->call, SL_ERR_NOT_FOUND, "get %s: no such volume", name);
	}
	if (rc == SL_OK)
		rc = aca_vstore_users(r, name, &users, &n_users);
	if (rc == SL_OK && n_users > 0) {
		int live = 0;

		for (size_t i = 0; i < n_users; i++)
			live |= users[i].live;
		if (mode != REMOVE_CLIENT) {
			aca_req_rollback(r);
			return SL_OK;
		}
		/* Docker: force does not override "in use"; the seed's switch lets it for stopped users. */
		if (!(force && r->ctx->cfg.volume_force_in_use && !live)) {
			aca_req_rollback(r);
			return r->host->fail(r->call, SL_ERR_CONFLICT, "remove %s: volume is in use - [%s]",
			                     name, in_use_list(r, users, n_users));
		}
	}
	if (rc != SL_OK) {
		aca_req_rollback(r);
		return rc;
	}
	if (row->share_name == NULL)
		rc = aca_vstore_delete(r->db, name, ACA_VOL_READY, NULL, r->host->now_ns(), &deleted);
	else
		rc = aca_vstore_move(r->db, name, ACA_VOL_READY, NULL, ACA_VOL_DELETING, vm->token,
		                     r->host->now_ns(), &changed);
	if (rc != SQLITE_OK) {
		rc = aca_req_sql_fail(r, rc);
		aca_req_rollback(r);
		return rc;
	}
	rc = aca_req_commit(r);
	if (rc == SL_OK)
		*claim = row->share_name == NULL ? CLAIM_DELETED : CLAIM_TAKEN;
	return rc;
}

/*
 * Remove name: environment storage, then share, then row.  *removed says
 * whether it went; *bytes (may be NULL) gets the share's usage when Azure
 * reported it.  Prune and rm -v log their failures (Docker logs and goes
 * on); a client's remove reports them.
 */
static int volume_remove(struct aca_ctx *ctx, struct sl_call *call, const char *name, int force,
                         enum remove_mode mode, int *removed, uint64_t *bytes)
{
	struct aca_volumes *vm = ctx->volumes;
	struct aca_volume_row row;
	struct aca_arm_error err;
	struct aca_req r;
	enum claim claim = CLAIM_NOTHING;
	int storage_gone = 0;
	int rc;

	*removed = 0;
	memset(&row, 0, sizeof(row));
	aca_arm_error_clear(&err);
	rc = aca_req_open(&r, ctx, call);
	if (rc != SL_OK)
		return rc;
	rc = claim_for_removal(&r, name, force, mode, &row, &claim);
	aca_req_close(&r);
	if (rc != SL_OK || claim != CLAIM_TAKEN) {
		*removed = rc == SL_OK && claim == CLAIM_DELETED;
		return rc;
	}
	if (vm->azure == NULL) {
		rc = ctx->host->fail(call, SL_ERR_UNAVAILABLE, "aca: volume remove: %s",
		                     vm->azure_missing);
	} else {
		if (bytes != NULL) {
			int known = 0;

			/* SpaceReclaimed is best effort: a failed read removes nothing. */
			if (aca_volume_azure_share_usage(vm->azure, row.share_name, &known, bytes, &err) !=
			    SL_OK)
				ctx->host->log(ctx->host, SL_LOG_INFO,
				               "aca: volume prune: usage of share %s unknown: %s",
				               row.share_name, err.message);
		}
		rc = aca_volume_azure_storage_delete(vm->azure, row.storage_name, &err);
		if (rc == SL_OK) {
			storage_gone = 1;
			rc = aca_volume_azure_share_delete(vm->azure, row.share_name, &err);
		}
		if (rc != SL_OK) {
			if (mode != REMOVE_CLIENT)
				ctx->host->log(ctx->host, SL_LOG_WARNING, "aca: volume remove %s: %s", name,
				               err.message);
			rc = aca_arm_fail(ctx->host, call, &err, "volume remove");
		}
	}
	if (aca_req_open(&r, ctx, call) != SL_OK)
		return rc != SL_OK ? rc : SL_ERR_INTERNAL;
	if (rc == SL_OK) {
		rc = write_delete(&r, name, ACA_VOL_DELETING, vm->token);
		*removed = rc == SL_OK;
	} else {
		int changed = 0;

		/* Nothing or only the storage went: the volume stays, and says so.
		 * The client hears about the Azure failure, not this bookkeeping. */
		if (write_move(&r, name, ACA_VOL_DELETING, vm->token, ACA_VOL_READY, NULL, &changed) ==
		        SL_OK &&
		    storage_gone)
			write_note(&r, name,
			           r.host->sprintf(call,
			                           "environment storage %s was removed but removing "
			                           "share %s failed; remove the volume again",
			                           row.storage_name, row.share_name));
	}
	aca_req_close(&r);
	return rc;
}

static int vol_remove(void *opaque, struct sl_call *call, const char *name, int force)
{
	int removed;

	return volume_remove(opaque, call, name, force, REMOVE_CLIENT, &removed, NULL);
}

/* ---- prune ---- */

static int prune_all(struct aca_ctx *ctx, struct sl_call *call, const struct sl_filters *filters,
                     struct sl_volume_pruned *out)
{
	struct sl_volume *cands;
	const char **names;
	size_t n = 0, kept = 0;
	struct aca_req r;
	int rc = aca_req_open(&r, ctx, call);

	if (rc != SL_OK)
		return rc;
	rc = aca_vstore_select(&r, filters, ACA_VSTORE_PRUNE, &cands, NULL, &n);
	aca_req_close(&r);
	if (rc != SL_OK)
		return rc;
	names = ctx->host->alloc(call, (n + 1) * sizeof(*names));
	out->space_reclaimed = 0;
	for (size_t i = 0; i < n; i++) {
		uint64_t bytes = 0;
		int removed = 0;

		/* Docker logs a volume it could not remove and goes on with the rest. */
		rc = volume_remove(ctx, call, cands[i].name, 0, REMOVE_PRUNE, &removed, &bytes);
		if (rc != SL_OK || !removed)
			continue;
		names[kept++] = cands[i].name;
		out->space_reclaimed += bytes;
	}
	out->deleted.present = 1;
	out->deleted.count = kept;
	out->deleted.items = names;
	return SL_OK;
}

static int vol_prune(void *opaque, struct sl_call *call, const struct sl_filters *filters,
                     struct sl_volume_pruned *out)
{
	struct aca_ctx *ctx = opaque;
	int rc;

	if (atomic_exchange(&ctx->volumes->pruning, 1) != 0)
		return ctx->host->fail(call, SL_ERR_CONFLICT, "a prune operation is already running");
	rc = prune_all(ctx, call, filters, out);
	atomic_store(&ctx->volumes->pruning, 0);
	return rc;
}

const struct sl_volume_hooks aca_volume_hooks = {
	.struct_size = sizeof(struct sl_volume_hooks),
	.create = vol_create,
	.inspect = vol_inspect,
	.list = vol_list,
	.remove = vol_remove,
	.prune = vol_prune,
};

/* ---- containers ---- */

static const char *mount_driver(const struct sl_container_create_req *req,
                                const struct sl_mount_spec *m)
{
	if (m->volume_driver != NULL && m->volume_driver[0] != '\0')
		return m->volume_driver;
	if (req->volume_driver != NULL && req->volume_driver[0] != '\0')
		return req->volume_driver;
	return "";
}

int aca_volumes_prepare(struct aca_ctx *ctx, struct sl_call *call,
                        const struct sl_container_create_req *req)
{
	for (size_t i = 0; i < req->n_mounts; i++) {
		const struct sl_mount_spec *m = &req->mounts[i];
		const char *driver = mount_driver(req, m);
		struct create_spec spec;
		struct sl_volume vol;
		int rc;

		if (m->type != SL_MOUNT_VOLUME)
			continue;
		if (m->source == NULL || m->source[0] == '\0') {
			struct aca_volume_opts vo;
			char msg[512];

			/* Anonymous: named inside the container's transaction; checked now. */
			memset(&vo, 0, sizeof(vo));
			if (!aca_volume_driver_known(driver))
				return ctx->host->fail(call, SL_ERR_NOT_FOUND,
				                       "error looking up volume plugin %s: plugin \"%s\" not "
				                       "found",
				                       driver, driver);
			if (aca_volume_opts_parse(&m->volume_driver_opts, &vo, msg, sizeof(msg)) != 0)
				return ctx->host->fail(call, SL_ERR_INVALID, "%s", msg);
			continue;
		}
		/* Docker creates a named volume a container mounts if it does not exist. */
		spec.name = m->source;
		spec.anonymous = 0;
		spec.driver = driver;
		spec.opts = &m->volume_driver_opts;
		spec.labels = &m->volume_labels;
		memset(&vol, 0, sizeof(vol));
		rc = volume_create(ctx, call, &spec, &vol);
		if (rc != SL_OK)
			return rc;
	}
	return SL_OK;
}

int aca_volume_require(struct aca_req *r, const char *name)
{
	struct aca_volume_row row;
	int found, busy;
	int rc = read_ready(r, name, &row, &found, &busy);

	if (rc == SL_OK && !found)
		rc = r->host->fail(r->call, SL_ERR_CONFLICT,
		                   "volume %s was removed while the container was being created; "
		                   "try again",
		                   name);
	return rc;
}

int aca_volume_add_anonymous(struct aca_req *r, const char *name, const char *options_json,
                             const char *labels_json)
{
	struct sl_map opts, given, labels;
	struct sl_kv *items;
	struct aca_volume_row row;
	enum aca_vstore_clash clash;
	size_t n = 0;
	int rc;

	if ((rc = aca_json_to_map(r, options_json, &opts)) != SL_OK ||
	    (rc = aca_json_to_map(r, labels_json, &given)) != SL_OK)
		return rc;
	/* VolumeOptions.Labels plus Docker's anonymous label. */
	items = r->host->alloc(r->call, (given.count + 1) * sizeof(*items));
	for (size_t i = 0; i < given.count; i++) {
		if (strcmp(given.items[i].key, ANONYMOUS_LABEL) != 0)
			items[n++] = given.items[i];
	}
	items[n].key = ANONYMOUS_LABEL;
	items[n].value = "";
	n++;
	labels.present = 1;
	labels.count = n;
	labels.items = items;
	memset(&row, 0, sizeof(row));
	row.name = name;
	row.state = ACA_VOL_READY;
	row.driver = ACA_VOLUME_DRIVER;
	row.created_ns = r->host->now_ns();
	row.state_ns = row.created_ns;
	row.anonymous = 1;
	row.options = opts.present ? options_json : NULL;
	row.labels_present = 1;
	rc = aca_vstore_insert(r, &row, &labels, &clash);
	if (rc == SL_OK && clash != ACA_VSTORE_NO_CLASH)
		rc = r->host->fail(r->call, SL_ERR_INTERNAL,
		                   "aca: anonymous volume %s: the generated name is taken", name);
	return rc;
}

int aca_volumes_of_container(struct aca_req *r, const char *container_id, const char ***names,
                             size_t *count)
{
	return aca_vstore_anonymous_of(r, container_id, names, count);
}

int aca_volumes_release(struct aca_req *r, const char *const *names, size_t count,
                        const char ***later, size_t *n_later)
{
	const char **rest = r->host->alloc(r->call, (count + 1) * sizeof(*rest));
	size_t k = 0;

	*later = rest;
	*n_later = 0;
	for (size_t i = 0; i < count; i++) {
		struct aca_volume_row row;
		int found, busy, in_use, deleted;
		int rc = aca_vstore_in_use(r->db, names[i], &in_use);

		if (rc != SQLITE_OK)
			return aca_req_sql_fail(r, rc);
		/* Still used through another container (VolumesFrom): Docker keeps it. */
		if (in_use)
			continue;
		rc = read_ready(r, names[i], &row, &found, &busy);
		if (rc != SL_OK)
			return rc;
		if (!found)
			continue;
		if (row.share_name != NULL) {
			rest[k++] = names[i];
			continue;
		}
		rc = aca_vstore_delete(r->db, names[i], ACA_VOL_READY, NULL, r->host->now_ns(),
		                       &deleted);
		if (rc != SQLITE_OK)
			return aca_req_sql_fail(r, rc);
	}
	*n_later = k;
	return SL_OK;
}

void aca_volumes_remove_later(struct aca_ctx *ctx, struct sl_call *call, const char *const *names,
                              size_t count)
{
	for (size_t i = 0; i < count; i++) {
		int removed;

		if (volume_remove(ctx, call, names[i], 0, REMOVE_QUIET, &removed, NULL) != SL_OK)
			ctx->host->log(ctx->host, SL_LOG_ERROR,
			               "aca: container remove: anonymous volume %s was not removed",
			               names[i]);
	}
}

/* ---- life cycle ---- */

static int hex_token(const struct sl_host *host, char *out)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char raw[16];

	if (host->random_bytes(raw, sizeof(raw)) != 0)
		return -1;
	for (size_t i = 0; i < sizeof(raw); i++) {
		out[2 * i] = hex[raw[i] >> 4];
		out[2 * i + 1] = hex[raw[i] & 0xf];
	}
	out[32] = '\0';
	return 0;
}

int aca_volumes_start(struct aca_ctx *ctx, struct sl_call *call)
{
	const struct sl_host *host = ctx->host;
	struct aca_volumes *vm = calloc(1, sizeof(*vm));
	struct aca_db *db;
	char err[256];
	char salt_hex[8];
	int rc;

	if (vm == NULL)
		return host->fail(call, SL_ERR_INTERNAL, "aca: out of memory");
	atomic_init(&vm->pruning, 0);
	ctx->volumes = vm;
	if (hex_token(host, vm->token) != 0)
		return host->fail(call, SL_ERR_INTERNAL, "aca: no random bytes for an instance token");
	if (aca_store_acquire(ctx->store, &db, err, sizeof(err)) != 0)
		return host->fail(call, SL_ERR_INTERNAL, "aca: state database: %s", err);
	rc = aca_vstore_installation_id(db, vm->installation, sizeof(vm->installation));
	aca_store_release(db);
	if (rc != SQLITE_OK)
		return host->fail(call, SL_ERR_INTERNAL,
		                  "aca: state database: cannot read the installation id: %s",
		                  sqlite3_errstr(rc));
	/* Names differ per installation, so two daemons sharing a storage
	 * account never map a volume name to the same share. */
	memcpy(salt_hex, vm->installation, 7);
	salt_hex[7] = '\0';
	vm->salt_base = (unsigned)strtoul(salt_hex, NULL, 16) + 1;
	rc = aca_volume_azure_new(ctx->arm, &ctx->cfg, vm->installation, host, &vm->azure,
	                          vm->azure_missing, sizeof(vm->azure_missing));
	if (rc != SL_OK)
		return host->fail(call, (enum sl_status)rc, "%s: %s", host->config_file(host),
		                  vm->azure_missing);
	if (vm->azure == NULL) {
		host->log(host, SL_LOG_WARNING, "aca: named volumes are unavailable: %s",
		          vm->azure_missing);
		return SL_OK;
	}
	if (aca_reconciler_start(ctx, &vm->reconciler) != 0)
		return host->fail(call, SL_ERR_INTERNAL, "aca: cannot start the volume reconcile thread");
	return SL_OK;
}

void aca_volumes_stop(struct aca_ctx *ctx)
{
	struct aca_volumes *vm = ctx->volumes;

	if (vm == NULL)
		return;
	aca_reconciler_stop(vm->reconciler);
	aca_volume_azure_free(vm->azure);
	free(vm);
	ctx->volumes = NULL;
}
