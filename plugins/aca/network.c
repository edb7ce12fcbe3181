/* Network hooks: create, inspect, list, remove, prune.  Networks are
 * logical (no Azure resource per network): a record, its labels and
 * options, and its address pools. */
#include "config.h"

#include <ctype.h>
#include <string.h>

#include "plugins/aca/network.h"
#include "plugins/aca/network_filter.h"
#include "plugins/aca/network_ipam.h"
#include "plugins/aca/network_store.h"

static const char swarm_only[] =
	"This node is not a swarm manager. Use \"docker swarm init\" or \"docker swarm join\" to "
	"connect this node to swarm and try again.";

/* Go's strconv.ParseBool: 1 true, 0 false, -1 not a bool. */
static int parse_go_bool(const char *s)
{
	static const char *const yes[] = { "1", "t", "T", "TRUE", "true", "True" };
	static const char *const no[] = { "0", "f", "F", "FALSE", "false", "False" };

	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (strcmp(s, yes[i]) == 0)
			return 1;
		if (strcmp(s, no[i]) == 0)
			return 0;
	}
	return -1;
}

static const char *map_get(const struct sl_map *m, const char *key)
{
	for (size_t i = 0; i < m->count; i++) {
		if (strcmp(m->items[i].key, key) == 0)
			return m->items[i].value;
	}
	return NULL;
}

static int is_blank(const char *s)
{
	for (; *s != '\0'; s++) {
		if (!isspace((unsigned char)*s))
			return 0;
	}
	return 1;
}

/* The settings a new network gets: the request's, or its config network's. */
struct net_spec {
	const char *driver;
	int enable_ipv6;
	struct sl_ipam ipam;
	int ipam_given;                 /* the request (or config network) had IPAM */
	struct sl_map options;
	struct sl_map labels;
};

static const char sql_insert_network[] =
	"INSERT INTO networks (id, name, created_ns, driver, scope, predefined, enable_ipv6,"
	" internal, attachable, ingress, config_only, config_from, ipam_driver,"
	" ipam_options_present)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)";

/* A key given twice keeps its last value, as a JSON object does. */
static const char sql_insert_label[] =
	"INSERT OR REPLACE INTO network_labels (network_id, key, value) VALUES (?1, ?2, ?3)";

static const char sql_insert_option[] =
	"INSERT OR REPLACE INTO network_options (network_id, kind, key, value)"
	" VALUES (?1, ?2, ?3, ?4)";

static int insert_kv(struct aca_req *r, const char *sql, const char *id, int kind,
                     const struct sl_map *m)
{
	for (size_t i = 0; i < m->count; i++) {
		sqlite3_stmt *st = aca_req_stmt(r, sql);
		int col = 2;
		int rc;

		if (st == NULL)
			return SL_ERR_INTERNAL;
		aca_bind_text(st, 1, id);
		if (kind >= 0)
			sqlite3_bind_int(st, col++, kind);
		aca_bind_text(st, col++, m->items[i].key);
		aca_bind_text(st, col, m->items[i].value != NULL ? m->items[i].value : "");
		rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			return aca_req_sql_fail(r, rc);
	}
	return SL_OK;
}

/* What a network record is made of, for insert_network. */
struct net_row {
	const char *id;
	const char *name;
	const char *driver;
	int predefined;
	int enable_ipv6;
	int internal;
	int attachable;
	int ingress;
	int config_only;
	const char *config_from;
	const struct net_spec *spec;
};

static int insert_network(struct aca_req *r, const struct net_row *n)
{
	sqlite3_stmt *st = aca_req_stmt(r, sql_insert_network);
	const struct net_spec *s = n->spec;
	int rc;

	if (st == NULL)
		return SL_ERR_INTERNAL;
	aca_bind_text(st, 1, n->id);
	aca_bind_text(st, 2, n->name);
	sqlite3_bind_int64(st, 3, r->host->now_ns());
	aca_bind_text(st, 4, n->driver);
	aca_bind_text(st, 5, "local");
	sqlite3_bind_int(st, 6, n->predefined);
	sqlite3_bind_int(st, 7, n->enable_ipv6);
	sqlite3_bind_int(st, 8, n->internal);
	sqlite3_bind_int(st, 9, n->attachable);
	sqlite3_bind_int(st, 10, n->ingress);
	sqlite3_bind_int(st, 11, n->config_only);
	aca_bind_text(st, 12, n->config_from != NULL ? n->config_from : "");
	aca_bind_text(st, 13, s->ipam.driver != NULL && s->ipam.driver[0] != '\0' ? s->ipam.driver
	                                                                          : "default");
	sqlite3_bind_int(st, 14, s->ipam_given && s->ipam.options.present);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_CONSTRAINT_UNIQUE)
		return r->host->fail(r->call, SL_ERR_CONFLICT, "network with name %s already exists",
		                     n->name);
	if (rc != SQLITE_DONE)
		return aca_req_sql_fail(r, rc);
	if ((rc = insert_kv(r, sql_insert_label, n->id, -1, &s->labels)) != SL_OK ||
	    (rc = insert_kv(r, sql_insert_option, n->id, 0, &s->options)) != SL_OK ||
	    (rc = insert_kv(r, sql_insert_option, n->id, 1, &s->ipam.options)) != SL_OK)
		return rc;
	return SL_OK;
}

static const char sql_name_taken[] = "SELECT 1 FROM networks WHERE name = ?1";

static int name_taken(struct aca_req *r, const char *name, int *taken)
{
	sqlite3_stmt *st = aca_req_stmt(r, sql_name_taken);
	int rc;

	*taken = 0;
	if (st == NULL)
		return SL_ERR_INTERNAL;
	aca_bind_text(st, 1, name);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return aca_req_sql_fail(r, rc);
	*taken = rc == SQLITE_ROW;
	return SL_OK;
}

/* Settings copied from a configuration-only network (libnetwork's
 * applyConfigurationTo). */
static int spec_from_config_network(struct aca_req *r, const char *cfg_name,
                                    struct net_spec *spec)
{
	struct aca_netref ref;
	struct sl_network net;
	int rc = aca_network_lookup(r, cfg_name, NULL, &ref);

	if (rc != SL_OK)
		return rc;
	if (ref.id == NULL || strcmp(ref.name, cfg_name) != 0)
		return r->host->fail(r->call, SL_ERR_NOT_FOUND,
		                     "configuration network \"%s\" does not exist", cfg_name);
	if (!ref.config_only)
		return r->host->fail(r->call, SL_ERR_FORBIDDEN,
		                     "network \"%s\" is not a configuration network", cfg_name);
	rc = aca_network_get(r, ref.id, 0, &net);
	if (rc != SL_OK)
		return rc;
	spec->enable_ipv6 = net.enable_ipv6;
	spec->labels = net.labels;
	spec->options = net.options;
	spec->ipam = net.ipam;
	spec->ipam_given = 1;
	return SL_OK;
}

/* libnetwork's validateConfiguration for config-only and config-from networks. */
static int check_config_network_rules(struct aca_req *r, const struct sl_network_create_req *req)
{
	int from = req->config_from != NULL && req->config_from[0] != '\0';

	if (req->config_only && (req->ingress || req->internal || req->attachable ||
	                         (req->scope != NULL && req->scope[0] != '\0')))
		return r->host->fail(r->call, SL_ERR_FORBIDDEN,
		                     "configuration network can only contain network specific fields. "
		                     "Network operator fields like [ ingress | internal | attachable | "
		                     "scope ] are not supported.");
	if (!from)
		return SL_OK;
	if (req->config_only)
		return r->host->fail(r->call, SL_ERR_FORBIDDEN,
		                     "a configuration network cannot depend on another configuration "
		                     "network");
	if ((req->ipam.driver != NULL && req->ipam.driver[0] != '\0' &&
	     strcmp(req->ipam.driver, "default") != 0) ||
	    req->enable_ipv6 == SL_TRI_TRUE || req->labels.count > 0 ||
	    req->ipam.options.count > 0 || req->ipam.n_config > 0)
		return r->host->fail(r->call, SL_ERR_FORBIDDEN,
		                     "user specified configurations are not supported if the network "
		                     "depends on a configuration network");
	if (req->options.count > 0)
		return r->host->fail(r->call, SL_ERR_FORBIDDEN,
		                     "network driver options are not supported if the network depends "
		                     "on a configuration network");
	return SL_OK;
}

/* Checks that need no state, in Docker's order. */
static int check_request(struct aca_req *r, const struct sl_network_create_req *req,
                         const char *driver, int *enable_ipv6)
{
	const char *name = req->name != NULL ? req->name : "";
	const char *v6opt;
	int rc;

	if (is_blank(name))
		return r->host->fail(r->call, SL_ERR_INVALID, "invalid name: %s", name);
	if (aca_network_is_predefined_name(name))
		return r->host->fail(r->call, SL_ERR_FORBIDDEN,
		                     "operation is not permitted on predefined %s network ", name);
	/* Overlay, ingress and swarm-scoped networks need a swarm manager. */
	if (strcmp(driver, "overlay") == 0 || req->ingress ||
	    (req->scope != NULL && (strcmp(req->scope, "swarm") == 0 ||
	                            strcmp(req->scope, "global") == 0)))
		return r->host->fail(r->call, SL_ERR_FORBIDDEN, "%s", swarm_only);
	*enable_ipv6 = req->enable_ipv6 == SL_TRI_TRUE;
	v6opt = map_get(&req->options, "com.docker.network.enable_ipv6");
	if (req->enable_ipv6 == SL_TRI_UNSET && v6opt != NULL) {
		int v = parse_go_bool(v6opt);

		if (v < 0)
			return r->host->fail(r->call, SL_ERR_INVALID,
			                     "driver-opt \"com.docker.network.enable_ipv6\" is not a valid bool");
		*enable_ipv6 = v;
	}
	if ((rc = check_config_network_rules(r, req)) != SL_OK)
		return rc;
	if (req->ipam.driver != NULL)
		return aca_ipam_validate(r, &req->ipam, *enable_ipv6);
	return SL_OK;
}

/* The network drivers this backend offers; a second host or null network
 * is refused the way their Docker drivers refuse it. */
static int check_driver(struct aca_req *r, const char *driver, const struct sl_ipam *ipam)
{
	if (strcmp(driver, "host") == 0 || strcmp(driver, "null") == 0)
		return r->host->fail(r->call, SL_ERR_FORBIDDEN,
		                     "only one instance of \"%s\" network is allowed", driver);
	if (strcmp(driver, "bridge") != 0)
		return r->host->fail(r->call, SL_ERR_NOT_FOUND, "plugin \"%s\" not found", driver);
	if (ipam->driver != NULL && ipam->driver[0] != '\0' && strcmp(ipam->driver, "default") != 0)
		return r->host->fail(r->call, SL_ERR_NOT_FOUND, "plugin \"%s\" not found", ipam->driver);
	return SL_OK;
}

static int create_in_txn(struct aca_req *r, const struct sl_network_create_req *req,
                         const char *driver, int enable_ipv6, const char **id_out)
{
	struct net_spec spec;
	struct net_row row;
	char *id;
	int taken;
	int rc;

	rc = name_taken(r, req->name, &taken);
	if (rc != SL_OK)
		return rc;
	if (taken)
		return r->host->fail(r->call, SL_ERR_CONFLICT, "network with name %s already exists",
		                     req->name);
	memset(&spec, 0, sizeof(spec));
	spec.enable_ipv6 = enable_ipv6;
	spec.ipam = req->ipam;
	spec.ipam_given = req->ipam.driver != NULL;
	spec.options = req->options;
	spec.labels = req->labels;
	if (req->config_from != NULL && req->config_from[0] != '\0') {
		rc = spec_from_config_network(r, req->config_from, &spec);
		if (rc != SL_OK)
			return rc;
	}
	memset(&row, 0, sizeof(row));
	/* Docker gives configuration-only networks the null driver and no pools. */
	if (req->config_only) {
		row.driver = "null";
	} else {
		rc = check_driver(r, driver, &spec.ipam);
		if (rc != SL_OK)
			return rc;
		row.driver = driver;
	}
	rc = aca_req_new_id(r, &id);
	if (rc != SL_OK)
		return rc;
	row.id = id;
	row.name = req->name;
	row.enable_ipv6 = spec.enable_ipv6;
	row.internal = req->internal;
	row.attachable = req->attachable;
	row.ingress = req->ingress;
	row.config_only = req->config_only;
	row.config_from = req->config_from;
	row.spec = &spec;
	rc = insert_network(r, &row);
	if (rc == SL_OK)
		rc = aca_ipam_add_pools(r, id, spec.ipam_given ? &spec.ipam : NULL, !req->config_only,
		                        !req->config_only);
	if (rc == SL_OK)
		*id_out = id;
	return rc;
}

static int net_create(void *ctx, struct sl_call *call, const struct sl_network_create_req *req,
                      struct sl_network_created *out)
{
	const char *driver = req->driver != NULL && req->driver[0] != '\0' ? req->driver : "bridge";
	struct aca_req r;
	const char *id = NULL;
	int enable_ipv6 = 0;
	int rc;

	rc = aca_req_open(&r, ctx, call);
	if (rc != SL_OK)
		return rc;
	rc = check_request(&r, req, driver, &enable_ipv6);
	if (rc == SL_OK)
		rc = aca_req_begin_write(&r);
	if (rc == SL_OK) {
		rc = create_in_txn(&r, req, driver, enable_ipv6, &id);
		if (rc == SL_OK)
			rc = aca_req_commit(&r);
		else
			aca_req_rollback(&r);
	}
	aca_req_close(&r);
	if (rc != SL_OK)
		return rc;
	out->id = id;
	out->warning = "";
	return SL_OK;
}

static int net_inspect(void *ctx, struct sl_call *call, const char *term, const char *scope,
                       struct sl_network *out)
{
	struct aca_req r;
	struct aca_netref ref;
	int rc;

	rc = aca_req_open(&r, ctx, call);
	if (rc != SL_OK)
		return rc;
	rc = aca_req_begin_read(&r);
	if (rc == SL_OK)
		rc = aca_network_lookup(&r, term, scope, &ref);
	if (rc == SL_OK) {
		if (ref.id != NULL)
			rc = aca_network_get(&r, ref.id, 1, out);
		else if (ref.prefix_matches > 1)
			rc = r.host->fail(call, SL_ERR_INVALID,
			                  "%zu matches found based on ID prefix: network %s is ambiguous",
			                  ref.prefix_matches, term);
		else
			rc = r.host->fail(call, SL_ERR_NOT_FOUND, "network %s not found", term);
	}
	aca_req_close(&r);
	return rc;
}

static int net_list(void *ctx, struct sl_call *call, const struct sl_filters *filters,
                    struct sl_network_list *out)
{
	struct aca_req r;
	struct sl_network *items = NULL;
	size_t n = 0;
	int rc;

	rc = aca_req_open(&r, ctx, call);
	if (rc != SL_OK)
		return rc;
	rc = aca_req_begin_read(&r);
	if (rc == SL_OK)
		rc = aca_network_select(&r, filters, ACA_SELECT_LIST, &items, &n);
	if (rc == SL_OK)
		rc = aca_network_fill(&r, items, n);
	aca_req_close(&r);
	if (rc != SL_OK)
		return rc;
	out->count = n;
	out->items = items;
	return SL_OK;
}

static const char sql_delete_network[] = "DELETE FROM networks WHERE id = ?1";

static const char sql_active_endpoint[] =
	"SELECT 1 FROM endpoints e JOIN containers c ON c.id = e.container_id"
	" WHERE e.network_id = ?1 AND c.status IN " ACA_SQL_LIVE_STATUS " LIMIT 1";

static const char sql_config_users[] =
	"SELECT 1 FROM networks WHERE config_from = ?1 LIMIT 1";

static int exists(struct aca_req *r, const char *sql, const char *arg, int *yes)
{
	sqlite3_stmt *st = aca_req_stmt(r, sql);
	int rc;

	*yes = 0;
	if (st == NULL)
		return SL_ERR_INTERNAL;
	aca_bind_text(st, 1, arg);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return aca_req_sql_fail(r, rc);
	*yes = rc == SQLITE_ROW;
	return SL_OK;
}

/* Delete a network; endpoints of containers that are not running keep
 * their settings under the network's name (Docker's behaviour) and lose
 * their address with the network's pools. */
static int delete_network(struct aca_req *r, const char *id)
{
	sqlite3_stmt *st = aca_req_stmt(r, sql_delete_network);
	int rc;

	if (st == NULL)
		return SL_ERR_INTERNAL;
	aca_bind_text(st, 1, id);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? SL_OK : aca_req_sql_fail(r, rc);
}

static int remove_in_txn(struct aca_req *r, const char *term)
{
	struct aca_netref ref;
	int yes;
	int rc = aca_network_find(r, term, &ref);

	if (rc != SL_OK)
		return rc;
	if (ref.predefined)
		return r->host->fail(r->call, SL_ERR_FORBIDDEN,
		                     "%s is a pre-defined network and cannot be removed", ref.name);
	if (ref.config_only) {
		rc = exists(r, sql_config_users, ref.name, &yes);
		if (rc != SL_OK)
			return rc;
		if (yes)
			return r->host->fail(r->call, SL_ERR_FORBIDDEN,
			                     "configuration network \"%s\" is in use", ref.name);
	}
	rc = exists(r, sql_active_endpoint, ref.id, &yes);
	if (rc != SL_OK)
		return rc;
	if (yes)
		return r->host->fail(r->call, SL_ERR_FORBIDDEN,
		                     "error while removing network: network %s id %s has active "
		                     "endpoints",
		                     ref.name, ref.id);
	return delete_network(r, ref.id);
}

static int net_remove(void *ctx, struct sl_call *call, const char *term)
{
	struct aca_req r;
	int rc;

	rc = aca_req_open(&r, ctx, call);
	if (rc != SL_OK)
		return rc;
	rc = aca_req_begin_write(&r);
	if (rc == SL_OK) {
		rc = remove_in_txn(&r, term);
		if (rc == SL_OK)
			rc = aca_req_commit(&r);
		else
			aca_req_rollback(&r);
	}
	aca_req_close(&r);
	return rc;
}

static int prune_in_txn(struct aca_req *r, const struct sl_filters *filters, struct sl_strv *out)
{
	struct sl_network *nets = NULL;
	const char **names;
	size_t n = 0;
	size_t kept = 0;
	int rc = aca_network_select(r, filters, ACA_SELECT_PRUNE, &nets, &n);

	if (rc != SL_OK)
		return rc;
	names = r->host->alloc(r->call, (n + 1) * sizeof(*names));
	for (size_t i = 0; i < n; i++) {
		rc = delete_network(r, nets[i].id);
		if (rc != SL_OK)
			return rc;
		names[kept++] = nets[i].name;
	}
	/* Docker answers "NetworksDeleted": null when nothing was removed. */
	out->present = kept > 0;
	out->count = kept;
	out->items = names;
	return SL_OK;
}

static int net_prune(void *opaque, struct sl_call *call, const struct sl_filters *filters,
                     struct sl_strv *out)
{
	struct aca_ctx *ctx = opaque;
	struct aca_req r;
	int rc;

	if (atomic_exchange(&ctx->pruning, 1) != 0)
		return ctx->host->fail(call, SL_ERR_CONFLICT, "a prune operation is already running");
	rc = aca_req_open(&r, ctx, call);
	if (rc == SL_OK) {
		rc = aca_req_begin_write(&r);
		if (rc == SL_OK) {
			rc = prune_in_txn(&r, filters, out);
			if (rc == SL_OK)
				rc = aca_req_commit(&r);
			else
				aca_req_rollback(&r);
		}
		aca_req_close(&r);
	}
	atomic_store(&ctx->pruning, 0);
	return rc;
}

/* Docker's options for the default bridge. */
static const struct sl_kv bridge_options[] = {
	{ "com.docker.network.bridge.default_bridge", "true" },
	{ "com.docker.network.bridge.enable_icc", "true" },
	{ "com.docker.network.bridge.enable_ip_masquerade", "true" },
	{ "com.docker.network.bridge.host_binding_ipv4", "0.0.0.0" },
	{ "com.docker.network.bridge.name", "docker0" },
	{ "com.docker.network.driver.mtu", "1500" },
};

static int seed_one(struct aca_req *r, const char *name, const char *driver)
{
	struct net_spec spec;
	struct net_row row;
	char *id;
	int taken;
	int rc = name_taken(r, name, &taken);

	if (rc != SL_OK || taken)
		return rc;
	memset(&spec, 0, sizeof(spec));
	spec.options.present = 1;
	spec.labels.present = 1;
	if (strcmp(name, "bridge") == 0) {
		spec.options.count = sizeof(bridge_options) / sizeof(bridge_options[0]);
		spec.options.items = bridge_options;
	}
	rc = aca_req_new_id(r, &id);
	if (rc != SL_OK)
		return rc;
	memset(&row, 0, sizeof(row));
	row.id = id;
	row.name = name;
	row.driver = driver;
	row.predefined = 1;
	row.spec = &spec;
	rc = insert_network(r, &row);
	/* The default bridge takes the first default pool, 172.17.0.0/16. */
	if (rc == SL_OK && strcmp(name, "bridge") == 0)
		rc = aca_ipam_add_pools(r, id, NULL, 1, 1);
	return rc;
}

static const char sql_predefined_count[] =
	"SELECT count(*) FROM networks WHERE predefined = 1"
	" AND name IN ('bridge', 'host', 'none')";

int aca_network_seed(struct aca_req *r)
{
	sqlite3_stmt *st = aca_req_stmt(r, sql_predefined_count);
	int rc;

	/* Seeded already (every start but the first): a read, no write lock,
	 * so a generation loaded under write load starts at once. */
	if (st == NULL)
		return SL_ERR_INTERNAL;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_int(st, 0) == 3) {
		sqlite3_reset(st);
		return SL_OK;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return aca_req_sql_fail(r, rc);
	rc = aca_req_begin_write(r);
	if (rc != SL_OK)
		return rc;
	if ((rc = seed_one(r, "bridge", "bridge")) != SL_OK ||
	    (rc = seed_one(r, "host", "host")) != SL_OK ||
	    (rc = seed_one(r, "none", "null")) != SL_OK) {
		aca_req_rollback(r);
		return rc;
	}
	return aca_req_commit(r);
}

const struct sl_network_hooks aca_network_hooks = {
	.struct_size = sizeof(struct sl_network_hooks),
	.create = net_create,
	.inspect = net_inspect,
	.list = net_list,
	.remove = net_remove,
	.prune = net_prune,
	.connect = aca_network_connect,
	.disconnect = aca_network_disconnect,
};
