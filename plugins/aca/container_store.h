/* Container records: Docker's lookup rules and reading records into
 * struct sl_container. */
#ifndef ACA_CONTAINER_STORE_H
#define ACA_CONTAINER_STORE_H

#include "plugins/aca/request.h"

/** What most callers need about a container (arena strings). */
struct aca_ctrref {
	const char *id;                 /* NULL: no container matched */
	const char *name;               /* without the leading "/" */
	const char *status;
	const char *network_mode;
	const char *hostname;
	int64_t started_at_ns;
	int ambiguous;                  /* id == NULL: the prefix matched several */
};

/**
 * Resolve term as Docker's GetContainer does: a full id, else a name (with
 * or without the leading "/"), else a unique id prefix.  Does not fail the
 * call when nothing or several match.
 */
int aca_container_lookup(struct aca_req *r, const char *term, struct aca_ctrref *out);

/**
 * Lookup with Docker's errors: 400 `invalid name or ID supplied: ""` for
 * an empty term, 404 "No such container: X", 400 "multiple IDs found with
 * provided prefix: X".
 */
int aca_container_find(struct aca_req *r, const char *term, struct aca_ctrref *out);

/** Does the container have live endpoints (running, paused or restarting)? */
int aca_container_is_live(const struct aca_ctrref *c);

/** Column list for aca_container_row, selected from containers c. */
#define ACA_CONTAINER_COLUMNS                                                              \
	"c.id, c.name, c.image, c.created_ns, c.status, c.pid, c.exit_code, c.error,"      \
	" c.oom_killed, c.started_at_ns, c.finished_at_ns, c.network_mode, c.cmd,"         \
	" c.config_json, c.host_config_json"

/** Fill the scalar fields of out from a row selecting ACA_CONTAINER_COLUMNS. */
int aca_container_row(struct aca_req *r, sqlite3_stmt *st, struct sl_container *out);

/** Fill labels, endpoints and mounts of a container whose scalars are set. */
int aca_container_fill(struct aca_req *r, struct sl_container *c);

/** Read a container by full id (404 "No such container: ID" if missing). */
int aca_container_get(struct aca_req *r, const char *id, struct sl_container *out);

#endif
