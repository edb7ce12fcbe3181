/* Container hooks, as far as networks and mounts need them: create,
 * inspect, list and remove of container records.  Starting containers
 * (as Container Apps jobs) is not part of this module; until it exists
 * every container stays "created". */
#include "config.h"

#include <string.h>

#include "plugins/aca/container_mounts.h"
#include "plugins/aca/container_store.h"
#include "plugins/aca/endpoint.h"
#include "plugins/aca/errlist.h"
#include "plugins/aca/container_names.h"
#include "plugins/aca/network_store.h"
#include "plugins/aca/store_json.h"
#include "plugins/aca/volume.h"

/* One NetworkSettings.Networks entry of a new container. */
struct planned_ep {
	const char *key;
	const struct sl_endpoint_config *cfg;
	struct aca_netref net;          /* net.id NULL: not an existing network */
};

static const struct sl_endpoint_config no_settings;

/*
 * The entries a new container gets (dockerd's updateContainerNetworkSettings):
 * its EndpointsConfig entries, else one for the NetworkMode network; none
 * when it shares another container's namespace.
 */
static int plan_endpoints(struct aca_req *r, const struct sl_container_create_req *req,
                          const char *mode, struct planned_ep **out, size_t *count)
{
	struct planned_ep *eps;
	struct aca_netref mode_net;
	size_t n = 0;
	int rc;

	*count = 0;
	eps = r->host->alloc(r->call, (req->n_endpoints + 1) * sizeof(*eps));
	*out = eps;
	if (strncmp(mode, "container:", 10) == 0)
		return SL_OK;
	for (size_t i = 0; i < req->n_endpoints; i++) {
		const char *key = req->endpoints[i].network != NULL ? req->endpoints[i].network : "";
		size_t k;

		/* A default-mode container's "default" entry is the bridge's. */
		if (strcmp(key, "default") == 0 && strcmp(mode, "bridge") == 0)
			key = "bridge";
		for (k = 0; k < n && strcmp(eps[k].key, key) != 0; k++)
			;
		eps[k].key = key;
		eps[k].cfg = &req->endpoints[i];
		if (k == n)
			n++;
	}
	memset(&mode_net, 0, sizeof(mode_net));
	if (aca_network_name_is_user_defined(mode)) {
		rc = aca_network_lookup(r, mode, NULL, &mode_net);
		if (rc != SL_OK)
			return rc;
	}
	if (n == 0) {
		eps[0].key = mode_net.id != NULL ? mode_net.name : mode;
		eps[0].cfg = &no_settings;
		n = 1;
	} else if (mode_net.id != NULL) {
		/* Settings given under the NetworkMode network's id are kept under its name. */
		int by_name = 0;

		for (size_t k = 0; k < n; k++)
			by_name |= strcmp(eps[k].key, mode_net.name) == 0;
		for (size_t k = 0; k < n && !by_name; k++) {
			if (strcmp(eps[k].key, mode_net.id) == 0)
				eps[k].key = mode_net.name;
		}
	}
	for (size_t k = 0; k < n; k++) {
		rc = aca_network_lookup(r, eps[k].key, NULL, &eps[k].net);
		if (rc != SL_OK)
			return rc;
	}
	*count = n;
	return SL_OK;
}

/* dockerd's validation of every EndpointsConfig entry, all errors at once. */
static int validate_endpoints(struct aca_req *r, const struct sl_container_create_req *req,
                              const char *mode)
{
	struct aca_errlist errs;
	const char *joined;

	aca_errlist_init(&errs, r->host, r->call);
	for (size_t i = 0; i < req->n_endpoints; i++) {
		const struct sl_endpoint_config *cfg = &req->endpoints[i];
		const char *key = cfg->network != NULL ? cfg->network : "";
		struct aca_netref net;
		const char *problem;
		int rc;

		if (strcmp(key, "default") == 0 && strcmp(mode, "bridge") == 0)
			key = "bridge";
		rc = aca_network_lookup(r, key, NULL, &net);
		if (rc == SL_OK)
			rc = aca_endpoint_validate(r, net.id != NULL ? &net : NULL, key, cfg, &problem);
		if (rc != SL_OK)
			return rc;
		if (problem != NULL)
			aca_errlist_add(&errs, "invalid config for network %s: %s", key, problem);
	}
	joined = aca_errlist_join(&errs);
	if (joined != NULL)
		return r->host->fail(r->call, SL_ERR_INVALID, "%s", joined);
	return SL_OK;
}

static const char sql_name_owner[] = "SELECT id FROM containers WHERE name = ?1";

static int name_owner(struct aca_req *r, const char *name, char **owner)
{
	sqlite3_stmt *st = aca_req_stmt(r, sql_name_owner);
	int rc;

	*owner = NULL;
	if (st == NULL)
		return SL_ERR_INTERNAL;
	aca_bind_text(st, 1, name);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*owner = aca_req_col_str(r, st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? SL_OK : aca_req_sql_fail(r, rc);
}

/* The name given, or a generated one (Docker: six tries, then the short id). */
static int pick_name(struct aca_req *r, const char *given, const char *id, const char **out)
{
	char *owner;
	int rc;

	if (given != NULL && given[0] != '\0') {
		const char *name = given[0] == '/' ? given + 1 : given;

		rc = name_owner(r, name, &owner);
		if (rc != SL_OK)
			return rc;
		if (owner != NULL)
			return r->host->fail(r->call, SL_ERR_CONFLICT,
			                     "Conflict. The container name \"/%s\" is already in use by "
			                     "container \"%s\". You have to remove (or rename) that "
			                     "container to be able to reuse that name.",
			                     name, owner);
		*out = name;
		return SL_OK;
	}
	for (int i = 0; i < 6; i++) {
		char *name;

		rc = aca_random_name(r, i, &name);
		if (rc == SL_OK)
			rc = name_owner(r, name, &owner);
		if (rc != SL_OK)
			return rc;
		if (owner == NULL) {
			*out = name;
			return SL_OK;
		}
	}
	*out = r->host->sprintf(r->call, "%.12s", id);
	return SL_OK;
}

static int resolve_volumes_from(struct aca_req *r, const struct sl_container_create_req *req,
                                struct aca_ctrref **out)
{
	struct aca_ctrref *src = r->host->alloc(r->call, (req->n_volumes_from + 1) * sizeof(*src));

	for (size_t i = 0; i < req->n_volumes_from; i++) {
		const char *term = req->volumes_from[i].container != NULL ? req->volumes_from[i].container
		                                                          : "";
		int rc = aca_container_lookup(r, term, &src[i]);

		if (rc != SL_OK)
			return rc;
		if (src[i].ambiguous)
			return r->host->fail(r->call, SL_ERR_INVALID,
			                     "multiple IDs found with provided prefix: %s", term);
		if (src[i].id == NULL)
			return r->host->fail(r->call, SL_ERR_INVALID, "No such container: %s", term);
	}
	*out = src;
	return SL_OK;
}

static const char sql_insert_container[] =
	"INSERT INTO containers (id, name, image, created_ns, status, hostname, network_mode,"
	" volume_driver, auto_remove, cmd, config_json, host_config_json)"
	" VALUES (?1, ?2, ?3, ?4, 'created', ?5, ?6, ?7, ?8, ?9, ?10, ?11)";

static const char sql_insert_label[] =
	"INSERT OR REPLACE INTO container_labels (container_id, key, value) VALUES (?1, ?2, ?3)";

static int insert_container(struct aca_req *r, const struct sl_container_create_req *req,
                            const char *id, const char *name, const char *mode)
{
	const char *cmd;
	sqlite3_stmt *st;
	int rc = aca_json_from_strv(r, &req->cmd, &cmd);

	if (rc != SL_OK)
		return rc;
	st = aca_req_stmt(r, sql_insert_container);
	if (st == NULL)
		return SL_ERR_INTERNAL;
	aca_bind_text(st, 1, id);
	aca_bind_text(st, 2, name);
	aca_bind_text(st, 3, req->image != NULL ? req->image : "");
	sqlite3_bind_int64(st, 4, r->host->now_ns());
	/* Docker's hostname defaults to the short id. */
	if (req->hostname != NULL && req->hostname[0] != '\0')
		aca_bind_text(st, 5, req->hostname);
	else
		sqlite3_bind_text(st, 5, id, 12, SQLITE_STATIC);
	aca_bind_text(st, 6, mode);
	aca_bind_text(st, 7, req->volume_driver != NULL ? req->volume_driver : "");
	sqlite3_bind_int(st, 8, req->auto_remove != 0);
	aca_bind_text(st, 9, cmd);
	/* An absent Config or HostConfig is handed back as an empty object. */
	aca_bind_text(st, 10, req->config_json != NULL ? req->config_json : "{}");
	aca_bind_text(st, 11, req->host_config_json != NULL ? req->host_config_json : "{}");
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return aca_req_sql_fail(r, rc);
	for (size_t i = 0; i < req->labels.count; i++) {
		const struct sl_kv *kv = &req->labels.items[i];

		st = aca_req_stmt(r, sql_insert_label);
		if (st == NULL)
			return SL_ERR_INTERNAL;
		aca_bind_text(st, 1, id);
		aca_bind_text(st, 2, kv->key);
		aca_bind_text(st, 3, kv->value != NULL ? kv->value : "");
		rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			return aca_req_sql_fail(r, rc);
	}
	return SL_OK;
}

static int create_in_txn(struct aca_req *r, const struct sl_container_create_req *req,
                         char **id_out)
{
	const char *mode = req->network_mode != NULL && req->network_mode[0] != '\0'
	                           ? req->network_mode
	                           : "bridge";
	struct planned_ep *eps = NULL;
	struct aca_ctrref *sources = NULL;
	const char *name = NULL;
	size_t n_eps = 0;
	char *id = NULL;
	int rc;

	/* dockerd's order: endpoint settings, then the name, then VolumesFrom. */
	if ((rc = validate_endpoints(r, req, mode)) != SL_OK ||
	    (rc = aca_req_new_id(r, &id)) != SL_OK ||
	    (rc = pick_name(r, req->name, id, &name)) != SL_OK ||
	    (rc = resolve_volumes_from(r, req, &sources)) != SL_OK ||
	    (rc = insert_container(r, req, id, name, mode)) != SL_OK ||
	    (rc = aca_mounts_record(r, id, req, sources)) != SL_OK ||
	    (rc = plan_endpoints(r, req, mode, &eps, &n_eps)) != SL_OK)
		return rc;
	for (size_t i = 0; i < n_eps; i++) {
		rc = aca_endpoint_add(r, id, eps[i].key, eps[i].net.id != NULL ? &eps[i].net : NULL,
		                      eps[i].cfg, NULL);
		if (rc != SL_OK)
			return rc;
	}
	*id_out = id;
	return SL_OK;
}

static int has_volume_mount(const struct sl_container_create_req *req)
{
	for (size_t i = 0; i < req->n_mounts; i++) {
		if (req->mounts[i].type == SL_MOUNT_VOLUME)
			return 1;
	}
	return 0;
}

/* The read-only checks of create_in_txn that come before volumes in dockerd. */
static int precheck(struct aca_req *r, const struct sl_container_create_req *req)
{
	const char *mode = req->network_mode != NULL && req->network_mode[0] != '\0'
	                           ? req->network_mode
	                           : "bridge";
	struct aca_ctrref *sources = NULL;
	const char *name = NULL;
	int rc = validate_endpoints(r, req, mode);

	if (rc == SL_OK && req->name != NULL && req->name[0] != '\0')
		rc = pick_name(r, req->name, "", &name);
	if (rc == SL_OK)
		rc = resolve_volumes_from(r, req, &sources);
	return rc;
}

static int ctr_create(void *ctx, struct sl_call *call, const struct sl_container_create_req *req,
                      struct sl_container_created *out)
{
	struct aca_req r;
	char *id = NULL;
	int rc;

	rc = aca_req_open(&r, ctx, call);
	if (rc != SL_OK)
		return rc;
	if (has_volume_mount(req)) {
		/* Named volumes are created on demand, outside the transaction
		 * (that takes Azure calls), after the checks dockerd makes before
		 * it looks up any volume driver. */
		rc = aca_req_begin_read(&r);
		if (rc == SL_OK)
			rc = precheck(&r, req);
		aca_req_rollback(&r);
		aca_req_close(&r);
		if (rc == SL_OK)
			rc = aca_volumes_prepare(ctx, call, req);
		if (rc == SL_OK)
			rc = aca_req_open(&r, ctx, call);
		if (rc != SL_OK)
			return rc;
	}
	rc = aca_req_begin_write(&r);
	if (rc == SL_OK) {
		rc = create_in_txn(&r, req, &id);
		if (rc == SL_OK)
			rc = aca_req_commit(&r);
		else
			aca_req_rollback(&r);
	}
	aca_req_close(&r);
	if (rc != SL_OK)
		return rc;
	out->id = id;
	out->warnings.present = 1;
	out->warnings.count = 0;
	out->warnings.items = NULL;
	return SL_OK;
}

static int ctr_inspect(void *ctx, struct sl_call *call, const char *term, struct sl_container *out)
{
	struct aca_req r;
	struct aca_ctrref c;
	int rc;

	rc = aca_req_open(&r, ctx, call);
	if (rc != SL_OK)
		return rc;
	rc = aca_req_begin_read(&r);
	if (rc == SL_OK)
		rc = aca_container_find(&r, term != NULL ? term : "", &c);
	if (rc == SL_OK)
		rc = aca_container_get(&r, c.id, out);
	aca_req_close(&r);
	return rc;
}

/* "c.id IN (containers having this label)". */
static void label_cond(struct aca_req *r, char **sql, const struct sl_label_cond *c)
{
	*sql = r->host->sprintf(r->call, "%s AND c.id IN (SELECT container_id FROM container_labels"
	                                 " WHERE key = ?%s)",
	                        *sql, c->value != NULL ? " AND value = ?" : "");
}

static int pattern_any(struct aca_req *r, size_t n, const struct sl_pattern *p, const char *s1,
                       const char *s2)
{
	if (n == 0)
		return 1;
	for (size_t i = 0; i < n; i++) {
		if (r->host->pattern_match(&p[i], s1) || (s2 != NULL && r->host->pattern_match(&p[i], s2)))
			return 1;
	}
	return 0;
}

/* Docker's network filter: an entry of that name, or a NetworkID with that prefix. */
static int on_network(const struct sl_container *c, size_t n, const char *const *values)
{
	if (n == 0)
		return 1;
	for (size_t i = 0; i < n; i++) {
		for (size_t k = 0; k < c->n_endpoints; k++) {
			const struct sl_container_endpoint *ep = &c->endpoints[k];

			if (strcmp(ep->network_name, values[i]) == 0 ||
			    (ep->network_id[0] != '\0' &&
			     strncmp(ep->network_id, values[i], strlen(values[i])) == 0))
				return 1;
		}
	}
	return 0;
}

/* Docker's volume filter: a volume name (a bind's source) or a destination. */
static int has_volume(const struct sl_container *c, size_t n, const char *const *values)
{
	if (n == 0)
		return 1;
	for (size_t i = 0; i < n; i++) {
		for (size_t k = 0; k < c->n_mounts; k++) {
			const struct sl_container_mount *m = &c->mounts[k];
			const char *by_name = m->name[0] != '\0' ? m->name : m->source;

			if (strcmp(m->destination, values[i]) == 0 || strcmp(by_name, values[i]) == 0)
				return 1;
		}
	}
	return 0;
}

static int list_rows(struct aca_req *r, const struct sl_container_list_opts *opts,
                     struct sl_container_list *out)
{
	const struct sl_filters *f = opts->filters;
	char *sql = r->host->strdup(r->call, "SELECT " ACA_CONTAINER_COLUMNS
	                                     " FROM containers c WHERE 1");
	struct sl_container *items = NULL;
	size_t n = 0;
	size_t cap = 0;
	sqlite3_stmt *st = NULL;
	int bind = 1;
	int rc;

	/* Without all, a status filter or a limit, Docker shows running ones only. */
	if (!opts->all && opts->limit <= 0 && (f == NULL || f->n_status == 0))
		sql = r->host->sprintf(r->call, "%s AND c.status IN %s", sql, ACA_SQL_LIVE_STATUS);
	for (size_t i = 0; f != NULL && i < f->n_label; i++)
		label_cond(r, &sql, &f->label[i]);
	if (f != NULL && f->n_status > 0) {
		sql = r->host->sprintf(r->call, "%s AND c.status IN (?", sql);
		for (size_t i = 1; i < f->n_status; i++)
			sql = r->host->sprintf(r->call, "%s, ?", sql);
		sql = r->host->sprintf(r->call, "%s)", sql);
	}
	sql = r->host->sprintf(r->call, "%s ORDER BY c.created_ns DESC, c.id", sql);
	rc = sqlite3_prepare_v2(aca_db_handle(r->db), sql, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return aca_req_sql_fail(r, rc);
	for (size_t i = 0; f != NULL && i < f->n_label; i++) {
		aca_bind_text(st, bind++, f->label[i].key);
		if (f->label[i].value != NULL)
			aca_bind_text(st, bind++, f->label[i].value);
	}
	for (size_t i = 0; f != NULL && i < f->n_status; i++)
		aca_bind_text(st, bind++, f->status[i]);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct sl_container c;
		char *slashed;

		if (opts->limit > 0 && n == (size_t)opts->limit)
			break;
		if (aca_container_row(r, st, &c) != SL_OK) {
			sqlite3_finalize(st);
			return SL_ERR_INTERNAL;
		}
		slashed = r->host->sprintf(r->call, "/%s", c.name);
		if (f != NULL && (!pattern_any(r, f->n_name, f->name, slashed, c.name) ||
		                  !pattern_any(r, f->n_id, f->id, c.id, NULL)))
			continue;
		if (aca_container_fill(r, &c) != SL_OK) {
			sqlite3_finalize(st);
			return SL_ERR_INTERNAL;
		}
		if (f != NULL && (!on_network(&c, f->n_network, f->network) ||
		                  !has_volume(&c, f->n_volume, f->volume)))
			continue;
		if (n == cap) {
			size_t ncap = cap == 0 ? 16 : cap * 2;
			struct sl_container *grown = r->host->alloc(r->call, ncap * sizeof(*grown));

			if (n > 0)
				memcpy(grown, items, n * sizeof(*grown));
			items = grown;
			cap = ncap;
		}
		items[n++] = c;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return aca_req_sql_fail(r, rc);
	out->count = n;
	out->items = items;
	return SL_OK;
}

static int ctr_list(void *ctx, struct sl_call *call, const struct sl_container_list_opts *opts,
                    struct sl_container_list *out)
{
	struct sl_container_list_opts none;
	struct aca_req r;
	int rc;

	if (opts == NULL) {
		memset(&none, 0, sizeof(none));
		opts = &none;
	}
	rc = aca_req_open(&r, ctx, call);
	if (rc != SL_OK)
		return rc;
	rc = aca_req_begin_read(&r);
	if (rc == SL_OK)
		rc = list_rows(&r, opts, out);
	aca_req_close(&r);
	return rc;
}

static const char sql_delete_container[] = "DELETE FROM containers WHERE id = ?1";

/*
 * Delete the container record.  With remove_volumes (`docker rm -v`) its
 * anonymous volumes that no other container uses go too; those with a
 * share are left in *later for after the commit (Azure calls).
 */
static int remove_in_txn(struct aca_req *r, const char *term, int force, int remove_volumes,
                         const char ***later, size_t *n_later)
{
	struct aca_ctrref c;
	sqlite3_stmt *st;
	const char **anonymous = NULL;
	size_t n_anonymous = 0;
	int rc = aca_container_find(r, term, &c);

	if (rc != SL_OK)
		return rc;
	if (aca_container_is_live(&c)) {
		if (!force)
			return r->host->fail(r->call, SL_ERR_CONFLICT,
			                     "cannot remove container \"/%s\": container is running: stop "
			                     "the container before removing or force remove",
			                     c.name);
		return r->host->fail(r->call, SL_ERR_NOT_SUPPORTED,
		                     "aca: cannot remove running container %s: stopping its job is not "
		                     "supported by this version",
		                     c.name);
	}
	if (remove_volumes) {
		rc = aca_volumes_of_container(r, c.id, &anonymous, &n_anonymous);
		if (rc != SL_OK)
			return rc;
	}
	st = aca_req_stmt(r, sql_delete_container);
	if (st == NULL)
		return SL_ERR_INTERNAL;
	aca_bind_text(st, 1, c.id);
	/* Endpoints, their addresses, aliases, mounts and labels go with it. */
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return aca_req_sql_fail(r, rc);
	return aca_volumes_release(r, anonymous, n_anonymous, later, n_later);
}

static int ctr_remove(void *ctx, struct sl_call *call, const char *term, int force,
                      int remove_volumes)
{
	struct aca_req r;
	const char **later = NULL;
	size_t n_later = 0;
	int rc;

	rc = aca_req_open(&r, ctx, call);
	if (rc != SL_OK)
		return rc;
	rc = aca_req_begin_write(&r);
	if (rc == SL_OK) {
		rc = remove_in_txn(&r, term != NULL ? term : "", force, remove_volumes, &later,
		                   &n_later);
		if (rc == SL_OK)
			rc = aca_req_commit(&r);
		else
			aca_req_rollback(&r);
	}
	aca_req_close(&r);
	if (rc == SL_OK && n_later > 0)
		aca_volumes_remove_later(ctx, call, later, n_later);
	return rc;
}

const struct sl_container_hooks aca_container_hooks = {
	.struct_size = sizeof(struct sl_container_hooks),
	.create = ctr_create,
	.inspect = ctr_inspect,
	.list = ctr_list,
	.start = NULL,
	.stop = NULL,
	.wait = NULL,
	.remove = ctr_remove,
};
