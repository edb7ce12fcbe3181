/* Docker volumes on Azure Files: the volume hooks, and what container
 * create and remove need of volumes (Docker creates named volumes on
 * demand, records anonymous ones and deletes them with `rm -v`).
 *
 * A named volume is an Azure Files share plus a storage of the managed
 * environment that jobs mount by name; an anonymous volume lives on the
 * job's ephemeral storage (EmptyDir) and needs no Azure call.  Creating
 * is a saga: the row is written first (state creating, invisible), then
 * the share, then the environment storage, then the row is ready; a
 * failed step undoes the ones before it, and reconcile finishes what a
 * crash interrupted. */
#ifndef ACA_VOLUME_H
#define ACA_VOLUME_H

#include <stdatomic.h>
#include <stddef.h>

#include <sockerless/plugin.h>

#include "plugins/aca/request.h"

struct aca_volume_azure;
struct aca_reconciler;

/** The volume module's part of an instance (aca_ctx.volumes). */
struct aca_volumes {
	struct aca_volume_azure *azure;     /* owned; NULL without Azure Files settings */
	char azure_missing[512];            /* why azure is NULL */
	char installation[33];              /* this installation's id (share marker) */
	unsigned salt_base;                 /* name salt of this installation */
	char token[33];                     /* this instance's owner token for rows it works on */
	atomic_int pruning;                 /* Docker allows one volume prune at a time */
	struct aca_reconciler *reconciler;  /* owned; NULL without Azure */
};

/** The volume hook table. */
extern const struct sl_volume_hooks aca_volume_hooks;

/**
 * Start the volume module of an instance whose store and ARM client (may
 * be NULL) are open: read the installation id, check the Azure Files
 * settings and start reconcile (a pass now, then every
 * reconcile_interval_s).  Without Azure Files settings the module still
 * starts: anonymous volumes work, named ones answer 503.
 */
int aca_volumes_start(struct aca_ctx *ctx, struct sl_call *call);

/** Stop reconcile and free the module (no hook may run any more). */
void aca_volumes_stop(struct aca_ctx *ctx);

/**
 * Container create, before its transaction (Azure calls may take a
 * while): every named volume its mounts use exists afterwards (created
 * with the mount's driver, options and labels when missing, as Docker
 * does), and the drivers and options of anonymous volume mounts are
 * checked.  Fails the call with Docker's errors.
 */
int aca_volumes_prepare(struct aca_ctx *ctx, struct sl_call *call,
                        const struct sl_container_create_req *req);

/**
 * Inside the container's write transaction: name is a ready volume (409
 * when it was removed since aca_volumes_prepare).
 */
int aca_volume_require(struct aca_req *r, const char *name);

/**
 * Inside the container's write transaction: record the anonymous volume
 * name a mount got, with the mount's driver options and labels (JSON text
 * as container_mounts stores them, NULL: none) and Docker's anonymous
 * label.
 */
int aca_volume_add_anonymous(struct aca_req *r, const char *name, const char *options_json,
                             const char *labels_json);

/** The anonymous volumes a container's mounts use (arena), read before it is deleted. */
int aca_volumes_of_container(struct aca_req *r, const char *container_id, const char ***names,
                             size_t *count);

/**
 * Inside the container-remove transaction, after the container's row is
 * gone (`docker rm -v`): delete those of names no container uses any
 * more; the ones with a share, which need Azure calls, go into *later
 * (arena) for aca_volumes_remove_later after the commit.
 */
int aca_volumes_release(struct aca_req *r, const char *const *names, size_t count,
                        const char ***later, size_t *n_later);

/**
 * Remove volumes left for after a commit by aca_volumes_release; a volume
 * in use again is kept (Docker ignores that case), other failures are
 * logged, as Docker logs them.
 */
void aca_volumes_remove_later(struct aca_ctx *ctx, struct sl_call *call, const char *const *names,
                              size_t count);

#endif
