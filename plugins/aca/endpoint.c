/* Endpoint records.  An endpoint is stored from the moment Docker would
 * record the settings (container create, or connect of a container that is
 * not running), and its virtual address is reserved right away so that the
 * start code only has to expose it; Docker's own view of a container that
 * is not running (no address, no endpoint id) is applied when reading. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "plugins/aca/endpoint.h"
#include "plugins/aca/errlist.h"
#include "plugins/aca/ipaddr.h"
#include "plugins/aca/network_ipam.h"
#include "plugins/aca/store_json.h"

static int is_unspecified(const struct aca_prefix *a)
{
	static const unsigned char zero[16];

	return memcmp(a->addr, zero, a->family == 4 ? 4 : 16) == 0;
}

/* Go's To4() != nil: an IPv4 address, or IPv6 of the ::ffff:0:0/96 form. */
static int is_v4(const struct aca_prefix *a)
{
	static const unsigned char mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };

	return a->family == 4 || memcmp(a->addr, mapped, sizeof(mapped)) == 0;
}

int aca_endpoint_validate(struct aca_req *r, const struct aca_netref *net, const char *name,
                          const struct sl_endpoint_config *cfg, const char **problem)
{
	const char *v4 = cfg->has_ipam_config && cfg->ipv4_address != NULL ? cfg->ipv4_address : "";
	const char *v6 = cfg->has_ipam_config && cfg->ipv6_address != NULL ? cfg->ipv6_address : "";
	struct aca_errlist errs;
	struct aca_prefix a;
	const char *joined;

	*problem = NULL;
	aca_errlist_init(&errs, r->host, r->call);
	if (!aca_network_name_is_user_defined(name)) {
		if (v4[0] != '\0' || v6[0] != '\0')
			aca_errlist_add(&errs,
			                "user specified IP address is supported on user defined networks only");
		if (cfg->aliases.count > 0)
			aca_errlist_add(&errs, "network-scoped alias is supported only for containers in "
			                       "user defined networks");
	}
	if (v4[0] != '\0' && (aca_addr_parse(v4, &a) != 0 || !is_v4(&a) || is_unspecified(&a)))
		aca_errlist_add(&errs, "invalid IPv4 address: %s", v4);
	if (v6[0] != '\0' && (aca_addr_parse(v6, &a) != 0 || is_v4(&a) || is_unspecified(&a)))
		aca_errlist_add(&errs, "invalid IPv6 address: %s", v6);
	for (size_t i = 0; cfg->has_ipam_config && i < cfg->link_local_ips.count; i++) {
		const char *ll = cfg->link_local_ips.items[i];

		if (aca_addr_parse(ll, &a) != 0 || is_unspecified(&a))
			aca_errlist_add(&errs, "invalid link-local IP address: %s", ll);
	}
	if (net != NULL && net->id != NULL) {
		const char *why;
		int rc;

		if (v4[0] != '\0') {
			rc = aca_ipam_static_reason(r, net->id, 4, v4, &why);
			if (rc != SL_OK)
				return rc;
			if (why != NULL)
				aca_errlist_add(&errs, "%s", why);
		}
		if (v6[0] != '\0') {
			rc = aca_ipam_static_reason(r, net->id, 6, v6, &why);
			if (rc != SL_OK)
				return rc;
			if (why != NULL)
				aca_errlist_add(&errs, "%s", why);
		}
	}
	/* Docker reports a bad MAC alone, dropping the other findings. */
	if (cfg->mac_address != NULL && cfg->mac_address[0] != '\0' &&
	    aca_mac_parse(cfg->mac_address) != 0) {
		*problem = r->host->sprintf(r->call, "invalid MAC address %s", cfg->mac_address);
		return SL_OK;
	}
	joined = aca_errlist_join(&errs);
	if (joined != NULL)
		*problem = r->host->sprintf(r->call, "invalid endpoint settings:\n%s", joined);
	return SL_OK;
}

struct sl_strv aca_endpoint_dns_names(struct aca_req *r, const char *name, const char *id,
                                      const char *hostname, const struct sl_strv *aliases)
{
	struct sl_strv out;
	const char **items = r->host->alloc(r->call, (aliases->count + 3) * sizeof(*items));
	const char *cands[3];
	size_t n = 0;

	cands[0] = name;
	cands[1] = r->host->sprintf(r->call, "%.12s", id);
	cands[2] = hostname;
	for (size_t i = 0; i < aliases->count + 3; i++) {
		const char *c;
		int dup = 0;

		if (i == 0)
			c = cands[0];
		else if (i <= aliases->count)
			c = aliases->items[i - 1];
		else
			c = cands[i - aliases->count];
		if (c == NULL || c[0] == '\0')
			continue;
		for (size_t k = 0; k < n && !dup; k++)
			dup = strcmp(items[k], c) == 0;
		if (!dup)
			items[n++] = c;
	}
	out.present = 1;
	out.count = n;
	out.items = items;
	return out;
}

static const char sql_insert_endpoint[] =
	"INSERT INTO endpoints (container_id, pos, network_key, network_id, endpoint_uid,"
	" has_ipam_config, ipv4_config, ipv6_config, link_local_ips, links, aliases_present,"
	" mac_config, driver_opts, dns_names)"
	" VALUES (?1, (SELECT coalesce(max(pos), -1) + 1 FROM endpoints WHERE container_id = ?1),"
	" ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)";

static const char sql_insert_alias[] =
	"INSERT INTO endpoint_aliases (endpoint_id, pos, alias) VALUES (?1, ?2, ?3)";

static const char sql_set_mac[] = "UPDATE endpoints SET mac_address = ?2 WHERE id = ?1";

static int step_done(struct aca_req *r, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	return rc == SQLITE_DONE ? SL_OK : aca_req_sql_fail(r, rc);
}

int aca_endpoint_add(struct aca_req *r, const char *container_id, const char *key,
                     const struct aca_netref *net, const struct sl_endpoint_config *cfg,
                     const struct sl_strv *dns_names)
{
	const char *lli;
	const char *links;
	const char *opts;
	const char *dns = NULL;
	char *uid;
	sqlite3_stmt *st;
	int64_t eid;
	int rc;

	if ((rc = aca_json_from_strv(r, &cfg->link_local_ips, &lli)) != SL_OK ||
	    (rc = aca_json_from_strv(r, &cfg->links, &links)) != SL_OK ||
	    (rc = aca_json_from_map(r, &cfg->driver_opts, &opts)) != SL_OK ||
	    (dns_names != NULL && (rc = aca_json_from_strv(r, dns_names, &dns)) != SL_OK) ||
	    (rc = aca_req_new_id(r, &uid)) != SL_OK)
		return rc;
	st = aca_req_stmt(r, sql_insert_endpoint);
	if (st == NULL)
		return SL_ERR_INTERNAL;
	aca_bind_text(st, 1, container_id);
	aca_bind_text(st, 2, key);
	aca_bind_text(st, 3, net != NULL ? net->id : NULL);
	aca_bind_text(st, 4, uid);
	sqlite3_bind_int(st, 5, cfg->has_ipam_config != 0);
	aca_bind_text(st, 6, cfg->has_ipam_config ? cfg->ipv4_address : NULL);
	aca_bind_text(st, 7, cfg->has_ipam_config ? cfg->ipv6_address : NULL);
	aca_bind_text(st, 8, lli);
	aca_bind_text(st, 9, links);
	sqlite3_bind_int(st, 10, cfg->aliases.present != 0);
	aca_bind_text(st, 11, cfg->mac_address);
	aca_bind_text(st, 12, opts);
	aca_bind_text(st, 13, dns);
	rc = step_done(r, st);
	if (rc != SL_OK)
		return rc;
	eid = sqlite3_last_insert_rowid(aca_db_handle(r->db));
	for (size_t i = 0; i < cfg->aliases.count; i++) {
		st = aca_req_stmt(r, sql_insert_alias);
		if (st == NULL)
			return SL_ERR_INTERNAL;
		sqlite3_bind_int64(st, 1, eid);
		sqlite3_bind_int(st, 2, (int)i);
		aca_bind_text(st, 3, cfg->aliases.items[i]);
		if ((rc = step_done(r, st)) != SL_OK)
			return rc;
	}
	if (net != NULL && net->id != NULL && !net->config_only) {
		struct aca_ip_lease lease;
		char mac[32];

		rc = aca_ipam_reserve(r, net->id, net->name, eid,
		                      cfg->has_ipam_config ? cfg->ipv4_address : NULL, &lease);
		if (rc != SL_OK || !lease.has_addr)
			return rc;
		/* The MAC the endpoint will have: the one asked for, else Docker's. */
		if (cfg->mac_address != NULL && cfg->mac_address[0] != '\0')
			snprintf(mac, sizeof(mac), "%s", cfg->mac_address);
		else
			aca_mac_from_ip4(lease.addr, mac, sizeof(mac));
		st = aca_req_stmt(r, sql_set_mac);
		if (st == NULL)
			return SL_ERR_INTERNAL;
		sqlite3_bind_int64(st, 1, eid);
		aca_bind_text(st, 2, mac);
		return step_done(r, st);
	}
	return SL_OK;
}

static const char sql_delete_endpoint[] =
	"DELETE FROM endpoints WHERE container_id = ?1 AND network_key = ?2";

int aca_endpoint_remove(struct aca_req *r, const char *container_id, const char *key,
                        int *removed)
{
	sqlite3_stmt *st = aca_req_stmt(r, sql_delete_endpoint);
	int rc;

	*removed = 0;
	if (st == NULL)
		return SL_ERR_INTERNAL;
	aca_bind_text(st, 1, container_id);
	aca_bind_text(st, 2, key);
	rc = step_done(r, st);
	if (rc == SL_OK)
		*removed = sqlite3_changes(aca_db_handle(r->db)) > 0;
	return rc;
}

static const char sql_keys[] =
	"SELECT network_key FROM endpoints WHERE container_id = ?1 ORDER BY pos";

int aca_endpoint_keys(struct aca_req *r, const char *container_id, struct sl_strv *out)
{
	sqlite3_stmt *st = aca_req_stmt(r, sql_keys);
	const char **items = NULL;
	size_t n = 0;
	size_t cap = 0;
	int rc;

	memset(out, 0, sizeof(*out));
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
	out->present = 1;
	out->count = n;
	out->items = items;
	return SL_OK;
}

static const char sql_endpoints[] =
	"SELECT e.id, e.network_key, e.network_id, e.endpoint_uid, e.has_ipam_config,"
	" e.ipv4_config, e.ipv6_config, e.link_local_ips, e.links, e.aliases_present,"
	" e.mac_config, e.driver_opts, e.dns_names, e.mac_address, n.predefined"
	" FROM endpoints e LEFT JOIN networks n ON n.id = e.network_id"
	" WHERE e.container_id = ?1 ORDER BY e.network_key";

static const char sql_aliases[] =
	"SELECT alias FROM endpoint_aliases WHERE endpoint_id = ?1 ORDER BY pos";

static int load_aliases(struct aca_req *r, int64_t eid, struct sl_strv *out)
{
	sqlite3_stmt *st = aca_req_stmt(r, sql_aliases);
	const char **items = NULL;
	size_t n = 0;
	size_t cap = 0;
	int rc;

	if (st == NULL)
		return SL_ERR_INTERNAL;
	sqlite3_bind_int64(st, 1, eid);
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
	out->count = n;
	out->items = items;
	return SL_OK;
}

/* Fill the parts of an endpoint that only a live endpoint shows. */
static int fill_live(struct aca_req *r, int64_t eid, struct sl_container_endpoint *ep)
{
	struct aca_ip_lease lease;
	char ip[ACA_IPADDR_TEXT];
	int rc = aca_ipam_lease_of(r, eid, &lease);

	if (rc != SL_OK || !lease.has_addr)
		return rc;
	aca_ip4_format(lease.addr, ip, sizeof(ip));
	ep->ip_address = r->host->strdup(r->call, ip);
	ep->ip_prefix_len = lease.prefix_len;
	aca_ip4_format(lease.gateway, ip, sizeof(ip));
	ep->gateway = r->host->strdup(r->call, ip);
	return SL_OK;
}

int aca_endpoint_list(struct aca_req *r, const char *container_id, int running, int started,
                      struct sl_container_endpoint **out, size_t *count)
{
	sqlite3_stmt *st = aca_req_stmt(r, sql_endpoints);
	struct sl_container_endpoint *items = NULL;
	int64_t *ids = NULL;
	size_t n = 0;
	size_t cap = 0;
	int rc;

	if (st == NULL)
		return SL_ERR_INTERNAL;
	aca_bind_text(st, 1, container_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct sl_container_endpoint *ep;
		struct sl_endpoint_config *c;

		if (n == cap) {
			size_t ncap = cap == 0 ? 4 : cap * 2;
			struct sl_container_endpoint *grown = r->host->alloc(r->call, ncap * sizeof(*grown));
			int64_t *gids = r->host->alloc(r->call, ncap * sizeof(*gids));

			if (n > 0) {
				memcpy(grown, items, n * sizeof(*grown));
				memcpy(gids, ids, n * sizeof(*gids));
			}
			items = grown;
			ids = gids;
			cap = ncap;
		}
		ids[n] = sqlite3_column_int64(st, 0);
		ep = &items[n++];
		memset(ep, 0, sizeof(*ep));
		c = &ep->config;
		ep->network_name = aca_req_col_str(r, st, 1);
		c->network = ep->network_name;
		ep->network_id = started ? aca_req_col_str(r, st, 2) : "";
		ep->endpoint_id = running ? aca_req_col_str(r, st, 3) : "";
		c->has_ipam_config = sqlite3_column_int(st, 4);
		c->ipv4_address = aca_req_col(r, st, 5);
		c->ipv6_address = aca_req_col(r, st, 6);
		if ((rc = aca_json_to_strv(r, aca_req_col(r, st, 7), &c->link_local_ips)) != SL_OK ||
		    (rc = aca_json_to_strv(r, aca_req_col(r, st, 8), &c->links)) != SL_OK ||
		    (rc = aca_json_to_map(r, aca_req_col(r, st, 11), &c->driver_opts)) != SL_OK ||
		    (rc = aca_json_to_strv(r, aca_req_col(r, st, 12), &ep->dns_names)) != SL_OK) {
			sqlite3_reset(st);
			return rc;
		}
		c->aliases.present = sqlite3_column_int(st, 9);
		c->mac_address = aca_req_col(r, st, 10);
		ep->mac_address = running ? aca_req_col_str(r, st, 13) : "";
		if (sqlite3_column_type(st, 14) != SQLITE_NULL)
			ep->user_defined = sqlite3_column_int(st, 14) == 0;
		else
			ep->user_defined = aca_network_name_is_user_defined(ep->network_name);
		ep->gateway = "";
		ep->ip_address = "";
		ep->ipv6_gateway = "";
		ep->global_ipv6_address = "";
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return aca_req_sql_fail(r, rc);
	for (size_t i = 0; i < n; i++) {
		rc = load_aliases(r, ids[i], &items[i].config.aliases);
		if (rc == SL_OK && running)
			rc = fill_live(r, ids[i], &items[i]);
		if (rc != SL_OK)
			return rc;
	}
	*out = items;
	*count = n;
	return SL_OK;
}
