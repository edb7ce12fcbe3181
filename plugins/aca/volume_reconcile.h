/* Reconcile: bring volume rows and Azure back in line after a crash or a
 * failed undo.  One pass:
 *
 *  1. rows left in creating or deleting (by a process that died, or
 *     handed over after a failed undo) for longer than reconcile_grace_s
 *     are finished: an unfinished create is undone, an unfinished remove
 *     completed (environment storage, share, row);
 *  2. shares carrying this installation's marker and environment storages
 *     pointing at them, or named like a volume of ours that was given up,
 *     with no row, are removed once older than the grace period;
 *  3. ready volumes whose share or environment storage vanished get a
 *     note that inspect shows in Status (cleared when they are back).
 *
 * Everything done is logged.  A background thread runs a pass at start
 * and then every reconcile_interval_s, or at once when kicked. */
#ifndef ACA_VOLUME_RECONCILE_H
#define ACA_VOLUME_RECONCILE_H

#include "plugins/aca/aca.h"

/** What one pass did. */
struct aca_reconcile_report {
	unsigned creates_undone;        /* unfinished creates rolled back */
	unsigned removes_finished;      /* unfinished removes completed */
	unsigned orphan_shares;         /* shares of ours without a row, removed */
	unsigned orphan_storages;       /* environment storages of ours without a row, removed */
	unsigned missing;               /* ready volumes whose share or storage is missing */
	unsigned failures;              /* steps that failed (logged; tried again next pass) */
};

struct aca_reconciler;

/**
 * Start the thread for ctx (whose volume module has Azure access); the
 * first pass starts at once.  Returns 0, or -1 if the thread cannot start.
 */
int aca_reconciler_start(struct aca_ctx *ctx, struct aca_reconciler **out);

/** Stop the thread (after the step in progress) and free it.  NULL is a no-op. */
void aca_reconciler_stop(struct aca_reconciler *rc);

/** Run a pass now rather than at the next interval. */
void aca_reconciler_kick(struct aca_reconciler *rc);

/** Block until at least n passes have completed since the start (tests). */
void aca_reconciler_wait(struct aca_reconciler *rc, unsigned n);

/** Kick, and block until a pass that started after the kick has completed. */
void aca_reconciler_run(struct aca_reconciler *rc);

/**
 * One pass, on the calling thread.  Returns 0 when every step could be
 * attempted, -1 when the database or Azure could not be read at all (the
 * reason is logged); rep counts what was done either way.
 */
int aca_volume_reconcile_pass(struct aca_ctx *ctx, struct aca_reconcile_report *rep);

#endif
