/* Volume records in the state database: rows, labels, the references
 * containers hold, and Docker's list and prune selections as SQL.
 *
 * Two kinds of callers: hooks, which read into their call's arena through
 * struct aca_req, and the reconcile thread, which has no call and works on
 * a borrowed connection (struct aca_db) with callbacks.  Writes take a
 * connection inside the caller's write transaction and return SQLite
 * result codes; readers into the arena return sl_status codes (the call is
 * failed on error). */
#ifndef ACA_VOLUME_STORE_H
#define ACA_VOLUME_STORE_H

#include <stdint.h>

#include "plugins/aca/request.h"

/** Volume states (the volumes.state column). */
#define ACA_VOL_CREATING "creating"
#define ACA_VOL_READY "ready"
#define ACA_VOL_DELETING "deleting"

/** One volume row.  In the arena when read by a hook. */
struct aca_volume_row {
	const char *name;
	const char *state;
	int64_t state_ns;
	const char *owner;              /* NULL: nobody is working on it */
	const char *driver;
	int64_t created_ns;
	int anonymous;
	const char *share_name;         /* NULL: no share (EmptyDir) */
	const char *storage_name;       /* NULL with share_name */
	unsigned quota_gib;             /* 0 without a share */
	const char *access_tier;        /* NULL without a share */
	int read_only;
	const char *options;            /* Options as JSON text, NULL: null */
	int labels_present;             /* Labels null (0) or a map (1) */
	const char *status_note;        /* what reconcile found wrong, NULL: nothing */
};

/** This installation's id (32 hex digits), written once by the schema; buf holds 33 bytes. */
int aca_vstore_installation_id(struct aca_db *db, char *buf, size_t len);

/** Read the row of name in any state; *found says whether there is one. */
int aca_vstore_get(struct aca_req *r, const char *name, struct aca_volume_row *out, int *found);

/** What a failed insert collided with. */
enum aca_vstore_clash {
	ACA_VSTORE_NO_CLASH = 0,
	ACA_VSTORE_NAME_TAKEN = 1,      /* a row of that name exists (a concurrent create) */
	ACA_VSTORE_AZURE_NAME_TAKEN = 2 /* another volume has that share or storage name */
};

/**
 * Insert row (state, owner, names and settings as given) with its labels,
 * inside the caller's write transaction.  A UNIQUE violation is not an
 * error: SL_OK with *clash saying which.  Fails the call otherwise.
 */
int aca_vstore_insert(struct aca_req *r, const struct aca_volume_row *row,
                      const struct sl_map *labels, enum aca_vstore_clash *clash);

/**
 * Move name from state `from` held by `owner` (NULL: held by nobody) to
 * state `to` held by new_owner, stamping state_ns with now_ns.  *changed
 * is 0 when the row was not in that state with that owner.  SQLite code.
 */
int aca_vstore_move(struct aca_db *db, const char *name, const char *from, const char *owner,
                    const char *to, const char *new_owner, int64_t now_ns, int *changed);

/** Set (note != NULL) or clear the status note of name, if it is ready.  SQLite code. */
int aca_vstore_set_note(struct aca_db *db, const char *name, const char *note);

/**
 * Delete the row of name if it is in state `state` held by owner (NULL:
 * by nobody); its labels go with it, and its Azure names are remembered
 * in volume_released when it had a share.  *deleted says whether a row
 * went.  SQLite code.
 */
int aca_vstore_delete(struct aca_db *db, const char *name, const char *state, const char *owner,
                      int64_t now_ns, int *deleted);

/** A container holding a reference on a volume. */
struct aca_volume_user {
	const char *container_id;
	int live;                       /* running, paused or restarting */
};

/** The containers whose mounts use name, ordered by id (arena). */
int aca_vstore_users(struct aca_req *r, const char *name, struct aca_volume_user **out,
                     size_t *count);

/**
 * Turn a row into the volume Docker shows: labels and options read, the
 * mount point, scope local.  with_status adds Status (inspect only): the
 * share and environment storage, or the ephemeral storage, and the note.
 */
int aca_vstore_to_volume(struct aca_req *r, const struct aca_volume_row *row, int with_status,
                         struct sl_volume *out);

/** What a selection is for. */
enum aca_vstore_select {
	ACA_VSTORE_LIST = 0,            /* GET /volumes */
	ACA_VSTORE_PRUNE = 1            /* POST /volumes/prune: unused and without options */
};

/**
 * Ready volumes matching filters (NULL: all), with labels and options, in
 * name order.  Label, label!, driver and dangling conditions run in SQL
 * (labels on the (key, value) index, references on container_mounts'
 * volume index), and so do name patterns that are plain strings; every
 * name pattern then runs on the rows.  *out is in the arena.
 */
int aca_vstore_select(struct aca_req *r, const struct sl_filters *filters,
                      enum aca_vstore_select purpose, struct sl_volume **out,
                      struct aca_volume_row **rows, size_t *count);

/** How many ready volumes there are (GET /info). */
int aca_vstore_count(struct aca_req *r, int64_t *out);

/**
 * The anonymous volumes of a container: its volume mounts without a
 * source (its own and those VolumesFrom copied).  Names in the arena.
 */
int aca_vstore_anonymous_of(struct aca_req *r, const char *container_id, const char ***names,
                            size_t *count);

/** Is name used by any container's mounts?  SQLite code. */
int aca_vstore_in_use(struct aca_db *db, const char *name, int *in_use);

/* ---- for reconcile (no call, no arena) ---- */

/** A row as reconcile sees it; strings valid during the callback only. */
struct aca_vstore_brief {
	const char *name;
	const char *state;
	int64_t state_ns;
	const char *owner;              /* NULL: nobody */
	const char *share_name;         /* NULL: no share */
	const char *storage_name;
	const char *status_note;
};

/** Callback over rows; non-zero stops the walk and is returned. */
typedef int (*aca_vstore_fn)(void *arg, const struct aca_vstore_brief *row);

/**
 * Rows in creating or deleting whose state is older than cutoff_ns and
 * that nobody but a dead or other instance holds (owner NULL or not
 * me).  SQLite code, or the callback's non-zero result.
 */
int aca_vstore_each_unsettled(struct aca_db *db, const char *me, int64_t cutoff_ns,
                              aca_vstore_fn fn, void *arg);

/** Every row with a share, in any state (for matching Azure's lists). */
int aca_vstore_each_with_share(struct aca_db *db, aca_vstore_fn fn, void *arg);

/**
 * Does a row (in any state) have this share name?  Asked right before an
 * orphan is removed: a create writes its row before its share, so a share
 * listed by Azure has its row by then.  SQLite code.
 */
int aca_vstore_share_taken(struct aca_db *db, const char *share_name, int *taken);

/** Was storage_name given up by a volume of ours (and is no row using it)?  SQLite code. */
int aca_vstore_released(struct aca_db *db, const char *storage_name, int *released);

/** Forget released names older than cutoff_ns.  SQLite code. */
int aca_vstore_forget_released(struct aca_db *db, int64_t cutoff_ns);

#endif
