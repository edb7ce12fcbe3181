/* Network address management, Docker's way, kept in the state database.
 *
 * Pools: a network's IPv4 pools are rows of network_pools with their
 * bounds as integers, so that "does this subnet overlap another network"
 * is one indexed range query.  Addresses: every address in use (gateway,
 * auxiliary addresses, endpoints) is a row of ip_reservations whose
 * primary key (network, address) makes a double allocation impossible.
 * Each pool keeps a cursor, the next candidate; allocation walks the
 * reserved addresses in order from the cursor to the first gap, so a
 * sequence of allocations costs O(1) each, addresses released are reused
 * only after the cursor wraps (as Docker's serial allocator does), and the
 * state survives restarts because it is all in the database.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "plugins/aca/errlist.h"
#include "plugins/aca/ipaddr.h"
#include "plugins/aca/network_ipam.h"

/* Docker's default local address pools (libnetwork ipamutils), in order. */
static const struct {
	uint32_t base;
	int base_bits;
	int size;
} default_pools[] = {
	{ 0xac110000u, 16, 16 }, /* 172.17.0.0/16 */
	{ 0xac120000u, 16, 16 }, /* 172.18.0.0/16 */
	{ 0xac130000u, 16, 16 }, /* 172.19.0.0/16 */
	{ 0xac140000u, 14, 16 }, /* 172.20.0.0/14 in /16s */
	{ 0xac180000u, 14, 16 }, /* 172.24.0.0/14 in /16s */
	{ 0xac1c0000u, 14, 16 }, /* 172.28.0.0/14 in /16s */
	{ 0xc0a80000u, 16, 20 }, /* 192.168.0.0/16 in /20s */
};

static const char *family_name(int family)
{
	return family == 4 ? "IPv4" : "IPv6";
}

static char *fmt_prefix(struct aca_req *r, const struct aca_prefix *p)
{
	char buf[ACA_IPADDR_TEXT];

	aca_prefix_format(p, buf, sizeof(buf));
	return r->host->strdup(r->call, buf);
}

/* Go's validateAddress: NULL when fine, else the reason. */
static const char *address_problem(struct aca_req *r, const char *address,
                                   const struct aca_prefix *subnet)
{
	struct aca_prefix a;

	if (aca_addr_parse(address, &a) != 0)
		return "invalid address";
	if (a.family != subnet->family)
		return r->host->sprintf(r->call, "parent subnet is an %s block",
		                        family_name(subnet->family));
	if (!aca_prefix_contains(subnet, &a))
		return r->host->sprintf(r->call, "parent subnet %s doesn't contain this address",
		                        fmt_prefix(r, subnet));
	return NULL;
}

static void check_ip_range(struct aca_req *r, struct aca_errlist *errs, const char *ip_range,
                           const struct aca_prefix *subnet)
{
	struct aca_prefix p;
	struct aca_prefix masked;

	if (ip_range == NULL || ip_range[0] == '\0')
		return;
	if (aca_prefix_parse(ip_range, &p) != 0) {
		aca_errlist_add(errs, "invalid ip-range %s: invalid CIDR block notation", ip_range);
		return;
	}
	if (p.family != subnet->family) {
		aca_errlist_add(errs, "invalid ip-range %s: parent subnet is an %s block", ip_range,
		                family_name(subnet->family));
		return;
	}
	if (p.bits < subnet->bits)
		aca_errlist_add(errs, "invalid ip-range %s: CIDR block is bigger than its parent subnet %s",
		                ip_range, fmt_prefix(r, subnet));
	masked = aca_prefix_masked(&p);
	if (!aca_prefix_equal(&p, &masked))
		aca_errlist_add(errs, "invalid ip-range %s: it should be %s", fmt_prefix(r, &p),
		                fmt_prefix(r, &masked));
	if (!aca_prefix_overlaps(subnet, &p))
		aca_errlist_add(errs, "invalid ip-range %s: parent subnet %s doesn't contain ip-range",
		                ip_range, fmt_prefix(r, subnet));
}

int aca_ipam_validate(struct aca_req *r, const struct sl_ipam *ipam, int enable_ipv6)
{
	struct aca_errlist errs;
	const char *joined;

	aca_errlist_init(&errs, r->host, r->call);
	for (size_t i = 0; i < ipam->n_config; i++) {
		const struct sl_ipam_pool *cfg = &ipam->config[i];
		const char *text = cfg->subnet != NULL ? cfg->subnet : "";
		struct aca_prefix subnet;
		struct aca_prefix masked;
		const char *why;

		if (aca_prefix_parse(text, &subnet) != 0) {
			aca_errlist_add(&errs, "invalid subnet %s: invalid CIDR block notation", text);
			continue;
		}
		if (subnet.family == 6 && !enable_ipv6)
			continue;
		masked = aca_prefix_masked(&subnet);
		if (!aca_prefix_equal(&subnet, &masked))
			aca_errlist_add(&errs, "invalid subnet %s: it should be %s", fmt_prefix(r, &subnet),
			                fmt_prefix(r, &masked));
		check_ip_range(r, &errs, cfg->ip_range, &subnet);
		if (cfg->gateway != NULL && cfg->gateway[0] != '\0' &&
		    (why = address_problem(r, cfg->gateway, &subnet)) != NULL)
			aca_errlist_add(&errs, "invalid gateway %s: %s", cfg->gateway, why);
		for (size_t k = 0; k < cfg->aux_addresses.count; k++) {
			const struct sl_kv *aux = &cfg->aux_addresses.items[k];

			if (aux->value != NULL && aux->value[0] != '\0' &&
			    (why = address_problem(r, aux->value, &subnet)) != NULL)
				aca_errlist_add(&errs, "invalid auxiliary address %s: %s", aux->key, why);
		}
	}
	joined = aca_errlist_join(&errs);
	if (joined != NULL)
		return r->host->fail(r->call, SL_ERR_INVALID, "invalid network config:\n%s", joined);
	return SL_OK;
}

/* Pools in use never overlap (this check refuses it), so sorted by their
 * first address they are sorted by their last one too: the only pool that
 * can overlap [first, last] is the one starting last at or before `last`.
 * One index seek, instead of a scan of every pool below `last` (which made
 * a create take milliseconds with 10 000 networks). */
static const char sql_overlap[] =
	"SELECT last_addr FROM network_pools WHERE family = 4 AND allocating = 1"
	" AND first_addr <= ?1 ORDER BY first_addr DESC LIMIT 1";

/* 1 when [first, last] overlaps an IPv4 pool in use, 0 if not, -1 on error. */
static int overlaps_existing(struct aca_req *r, uint32_t first, uint32_t last)
{
	sqlite3_stmt *st = aca_req_stmt(r, sql_overlap);
	int rc;
	int64_t prev_last = -1;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, last);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		prev_last = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return prev_last >= (int64_t)first;
	if (rc == SQLITE_DONE)
		return 0;
	aca_req_sql_fail(r, rc);
	return -1;
}

static const char sql_insert_pool[] =
	"INSERT INTO network_pools (network_id, pos, family, subnet, ip_range, gateway,"
	" user_subnet, allocating, prefix_len, first_addr, last_addr, gw_addr, alloc_lo, alloc_hi,"
	" cursor) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?13)";

static const char sql_insert_aux[] =
	"INSERT INTO network_pool_aux (network_id, pos, key, value) VALUES (?1, ?2, ?3, ?4)";

static const char sql_reserve_fixed[] =
	"INSERT INTO ip_reservations (network_id, addr, endpoint_id) VALUES (?1, ?2, NULL)";

/* A pool row as it is about to be written. */
struct pool_row {
	int pos;
	int family;
	const char *subnet;
	const char *ip_range;
	const char *gateway;
	int user_subnet;
	int allocating;
	int prefix_len;
	int has_v4;                     /* the integer columns are meaningful */
	uint32_t first, last, gw, lo, hi;
};

static int insert_pool(struct aca_req *r, const char *network_id, const struct pool_row *p)
{
	sqlite3_stmt *st = aca_req_stmt(r, sql_insert_pool);
	int rc;

	if (st == NULL)
		return SL_ERR_INTERNAL;
	aca_bind_text(st, 1, network_id);
	sqlite3_bind_int(st, 2, p->pos);
	sqlite3_bind_int(st, 3, p->family);
	aca_bind_text(st, 4, p->subnet);
	aca_bind_text(st, 5, p->ip_range);
	aca_bind_text(st, 6, p->gateway);
	sqlite3_bind_int(st, 7, p->user_subnet);
	sqlite3_bind_int(st, 8, p->allocating);
	sqlite3_bind_int(st, 9, p->prefix_len);
	if (p->has_v4) {
		sqlite3_bind_int64(st, 10, p->first);
		sqlite3_bind_int64(st, 11, p->last);
		sqlite3_bind_int64(st, 12, p->gw);
		sqlite3_bind_int64(st, 13, p->lo);
		sqlite3_bind_int64(st, 14, p->hi);
	}
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? SL_OK : aca_req_sql_fail(r, rc);
}

/* Reserve a gateway or auxiliary address; 1 if it was already taken. */
static int reserve_fixed(struct aca_req *r, const char *network_id, uint32_t addr)
{
	sqlite3_stmt *st = aca_req_stmt(r, sql_reserve_fixed);
	int rc;

	if (st == NULL)
		return -1;
	aca_bind_text(st, 1, network_id);
	sqlite3_bind_int64(st, 2, addr);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return 0;
	if (rc == SQLITE_CONSTRAINT_PRIMARYKEY)
		return 1;
	aca_req_sql_fail(r, rc);
	return -1;
}

/* Addresses endpoints may get: the range, less the network and broadcast
 * addresses of the subnet (which IPv4 subnets of /30 or wider reserve). */
static void alloc_bounds(struct pool_row *p, const struct aca_prefix *range)
{
	uint32_t lo = p->first;
	uint32_t hi = p->last;

	if (range != NULL)
		aca_ip4_bounds(range, &lo, &hi);
	if (p->prefix_len <= 30) {
		if (lo <= p->first)
			lo = p->first + 1;
		if (hi >= p->last)
			hi = p->last - 1;
	}
	p->lo = lo;
	p->hi = hi;
}

static int add_user_pool(struct aca_req *r, const char *network_id, int pos,
                         const struct sl_ipam_pool *cfg, int allocate)
{
	struct pool_row p;
	struct aca_prefix subnet;
	struct aca_prefix range;
	struct aca_prefix gw;
	int rc;

	memset(&p, 0, sizeof(p));
	if (aca_prefix_parse(cfg->subnet, &subnet) != 0)
		return r->host->fail(r->call, SL_ERR_INVALID,
		                     "invalid network config:\ninvalid subnet %s: invalid CIDR block notation",
		                     cfg->subnet);
	p.pos = pos;
	p.family = subnet.family;
	p.subnet = cfg->subnet;
	p.ip_range = cfg->ip_range != NULL && cfg->ip_range[0] != '\0' ? cfg->ip_range : NULL;
	p.gateway = cfg->gateway != NULL && cfg->gateway[0] != '\0' ? cfg->gateway : NULL;
	p.user_subnet = 1;
	p.allocating = allocate;
	p.prefix_len = subnet.bits;
	if (subnet.family == 4) {
		p.has_v4 = 1;
		aca_ip4_bounds(&subnet, &p.first, &p.last);
		if (p.ip_range != NULL && aca_prefix_parse(p.ip_range, &range) == 0)
			alloc_bounds(&p, &range);
		else
			alloc_bounds(&p, NULL);
		if (p.gateway != NULL && aca_addr_parse(p.gateway, &gw) == 0)
			p.gw = aca_ip4_value(&gw);
		else
			p.gw = p.prefix_len <= 30 ? p.first + 1 : p.first;
		if (allocate) {
			int hit = overlaps_existing(r, p.first, p.last);

			if (hit < 0)
				return SL_ERR_INTERNAL;
			if (hit > 0)
				return r->host->fail(r->call, SL_ERR_FORBIDDEN,
				                     "Pool overlaps with other one on this address space");
		}
	}
	rc = insert_pool(r, network_id, &p);
	if (rc != SL_OK)
		return rc;
	if (p.has_v4 && allocate && reserve_fixed(r, network_id, p.gw) < 0)
		return SL_ERR_INTERNAL;
	for (size_t k = 0; k < cfg->aux_addresses.count; k++) {
		const struct sl_kv *aux = &cfg->aux_addresses.items[k];
		const char *value = aux->value != NULL ? aux->value : "";
		sqlite3_stmt *st = aca_req_stmt(r, sql_insert_aux);
		struct aca_prefix a;

		if (st == NULL)
			return SL_ERR_INTERNAL;
		aca_bind_text(st, 1, network_id);
		sqlite3_bind_int(st, 2, pos);
		aca_bind_text(st, 3, aux->key);
		aca_bind_text(st, 4, value);
		rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			return aca_req_sql_fail(r, rc);
		if (p.has_v4 && allocate && aca_addr_parse(value, &a) == 0 && a.family == 4) {
			int taken = reserve_fixed(r, network_id, aca_ip4_value(&a));

			if (taken < 0)
				return SL_ERR_INTERNAL;
			if (taken > 0)
				return r->host->fail(r->call, SL_ERR_INVALID,
				                     "failed to allocate secondary ip address (%s:%s): "
				                     "Address already in use",
				                     aux->key, value);
		}
	}
	return SL_OK;
}

static int add_auto_pool(struct aca_req *r, const char *network_id, int pos)
{
	for (size_t i = 0; i < sizeof(default_pools) / sizeof(default_pools[0]); i++) {
		uint32_t count = 1u << (default_pools[i].size - default_pools[i].base_bits);
		uint32_t step = 1u << (32 - default_pools[i].size);

		for (uint32_t k = 0; k < count; k++) {
			struct pool_row p;
			char subnet[ACA_IPADDR_TEXT];
			char gateway[ACA_IPADDR_TEXT];
			int hit;
			int rc;

			memset(&p, 0, sizeof(p));
			p.first = default_pools[i].base + k * step;
			p.last = p.first + step - 1;
			hit = overlaps_existing(r, p.first, p.last);
			if (hit < 0)
				return SL_ERR_INTERNAL;
			if (hit > 0)
				continue;
			p.pos = pos;
			p.family = 4;
			p.prefix_len = default_pools[i].size;
			p.user_subnet = 0;
			p.allocating = 1;
			p.has_v4 = 1;
			alloc_bounds(&p, NULL);
			p.gw = p.first + 1;
			aca_ip4_format(p.first, subnet, sizeof(subnet));
			snprintf(subnet + strlen(subnet), sizeof(subnet) - strlen(subnet), "/%d",
			         p.prefix_len);
			aca_ip4_format(p.gw, gateway, sizeof(gateway));
			p.subnet = subnet;
			p.gateway = gateway;
			rc = insert_pool(r, network_id, &p);
			if (rc != SL_OK)
				return rc;
			return reserve_fixed(r, network_id, p.gw) < 0 ? SL_ERR_INTERNAL : SL_OK;
		}
	}
	return r->host->fail(r->call, SL_ERR_INVALID,
	                     "all predefined address pools have been fully subnetted");
}

int aca_ipam_add_pools(struct aca_req *r, const char *network_id, const struct sl_ipam *ipam,
                       int allocate, int auto_pool)
{
	int pos = 0;
	int have_v4 = 0;

	/* Docker shows the IPv4 entries, then the IPv6 ones, then auto pools. */
	for (int family = 4; family <= 6; family += 2) {
		for (size_t i = 0; ipam != NULL && i < ipam->n_config; i++) {
			struct aca_prefix subnet;
			int rc;

			if (aca_prefix_parse(ipam->config[i].subnet, &subnet) != 0 ||
			    subnet.family != family)
				continue;
			rc = add_user_pool(r, network_id, pos++, &ipam->config[i], allocate);
			if (rc != SL_OK)
				return rc;
			if (family == 4)
				have_v4 = 1;
		}
	}
	if (!have_v4 && auto_pool)
		return add_auto_pool(r, network_id, pos);
	return SL_OK;
}

static const char sql_pools_v4[] =
	"SELECT pos, first_addr, last_addr, prefix_len, gw_addr, alloc_lo, alloc_hi, cursor"
	" FROM network_pools WHERE network_id = ?1 AND family = 4 AND allocating = 1"
	" ORDER BY pos";

static const char sql_count_used[] =
	"SELECT count(*) FROM ip_reservations WHERE network_id = ?1 AND addr BETWEEN ?2 AND ?3";

static const char sql_used_from[] =
	"SELECT addr FROM ip_reservations WHERE network_id = ?1 AND addr BETWEEN ?2 AND ?3"
	" ORDER BY addr";

static const char sql_reserve_ep[] =
	"INSERT INTO ip_reservations (network_id, addr, endpoint_id) VALUES (?1, ?2, ?3)";

static const char sql_set_cursor[] =
	"UPDATE network_pools SET cursor = ?3 WHERE network_id = ?1 AND pos = ?2";

struct pool_state {
	int pos;
	uint32_t first, last, gw, lo, hi, cursor;
	int prefix_len;
};

#define ACA_MAX_POOLS 64

static int load_pools(struct aca_req *r, const char *network_id, struct pool_state *pools,
                      size_t *n)
{
	sqlite3_stmt *st = aca_req_stmt(r, sql_pools_v4);
	int rc;

	*n = 0;
	if (st == NULL)
		return SL_ERR_INTERNAL;
	aca_bind_text(st, 1, network_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct pool_state *p;

		if (*n == ACA_MAX_POOLS)
			break;
		p = &pools[(*n)++];
		p->pos = sqlite3_column_int(st, 0);
		p->first = (uint32_t)sqlite3_column_int64(st, 1);
		p->last = (uint32_t)sqlite3_column_int64(st, 2);
		p->prefix_len = sqlite3_column_int(st, 3);
		p->gw = (uint32_t)sqlite3_column_int64(st, 4);
		p->lo = (uint32_t)sqlite3_column_int64(st, 5);
		p->hi = (uint32_t)sqlite3_column_int64(st, 6);
		p->cursor = (uint32_t)sqlite3_column_int64(st, 7);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return aca_req_sql_fail(r, rc);
	return SL_OK;
}

static int insert_endpoint_addr(struct aca_req *r, const char *network_id, uint32_t addr,
                                int64_t endpoint_id, int *taken)
{
	sqlite3_stmt *st = aca_req_stmt(r, sql_reserve_ep);
	int rc;

	*taken = 0;
	if (st == NULL)
		return SL_ERR_INTERNAL;
	aca_bind_text(st, 1, network_id);
	sqlite3_bind_int64(st, 2, addr);
	sqlite3_bind_int64(st, 3, endpoint_id);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return SL_OK;
	if (rc == SQLITE_CONSTRAINT_PRIMARYKEY) {
		*taken = 1;
		return SL_OK;
	}
	return aca_req_sql_fail(r, rc);
}

/* First address in [from, to] that is not reserved; *found = 0 if none. */
static int first_gap(struct aca_req *r, const char *network_id, uint32_t from, uint32_t to,
                     uint32_t *addr, int *found)
{
	sqlite3_stmt *st;
	uint64_t cand = from;
	int rc;

	*found = 0;
	if (from > to)
		return SL_OK;
	st = aca_req_stmt(r, sql_used_from);
	if (st == NULL)
		return SL_ERR_INTERNAL;
	aca_bind_text(st, 1, network_id);
	sqlite3_bind_int64(st, 2, from);
	sqlite3_bind_int64(st, 3, to);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		uint64_t used = (uint64_t)sqlite3_column_int64(st, 0);

		if (used != cand)
			break;
		cand++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return aca_req_sql_fail(r, rc);
	if (cand <= to) {
		*addr = (uint32_t)cand;
		*found = 1;
	}
	return SL_OK;
}

static int pool_used(struct aca_req *r, const char *network_id, const struct pool_state *p,
                     uint64_t *used)
{
	sqlite3_stmt *st = aca_req_stmt(r, sql_count_used);
	int rc;

	if (st == NULL)
		return SL_ERR_INTERNAL;
	aca_bind_text(st, 1, network_id);
	sqlite3_bind_int64(st, 2, p->lo);
	sqlite3_bind_int64(st, 3, p->hi);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*used = (uint64_t)sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? SL_OK : aca_req_sql_fail(r, rc);
}

static int set_cursor(struct aca_req *r, const char *network_id, const struct pool_state *p,
                      uint32_t taken)
{
	sqlite3_stmt *st = aca_req_stmt(r, sql_set_cursor);
	uint32_t next = taken >= p->hi ? p->lo : taken + 1;
	int rc;

	if (st == NULL)
		return SL_ERR_INTERNAL;
	aca_bind_text(st, 1, network_id);
	sqlite3_bind_int(st, 2, p->pos);
	sqlite3_bind_int64(st, 3, next);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? SL_OK : aca_req_sql_fail(r, rc);
}

static void lease_from(struct aca_ip_lease *out, const struct pool_state *p, uint32_t addr)
{
	out->has_addr = 1;
	out->addr = addr;
	out->prefix_len = p->prefix_len;
	out->gateway = p->gw;
}

static int reserve_static(struct aca_req *r, const char *network_id, int64_t endpoint_id,
                          const char *static_ip, const struct pool_state *pools, size_t n,
                          struct aca_ip_lease *out)
{
	struct aca_prefix a;
	uint32_t v;
	int taken;
	int rc;

	if (aca_addr_parse(static_ip, &a) != 0 || a.family != 4)
		return r->host->fail(r->call, SL_ERR_INVALID, "invalid IPv4 address: %s", static_ip);
	v = aca_ip4_value(&a);
	for (size_t i = 0; i < n; i++) {
		const struct pool_state *p = &pools[i];

		if (v < p->first || v > p->last)
			continue;
		/* The subnet's own network and broadcast addresses are never free. */
		if (p->prefix_len <= 30 && (v == p->first || v == p->last))
			return r->host->fail(r->call, SL_ERR_FORBIDDEN, "Address already in use");
		rc = insert_endpoint_addr(r, network_id, v, endpoint_id, &taken);
		if (rc != SL_OK)
			return rc;
		if (taken)
			return r->host->fail(r->call, SL_ERR_FORBIDDEN, "Address already in use");
		lease_from(out, p, v);
		return SL_OK;
	}
	return r->host->fail(r->call, SL_ERR_INVALID,
	                     "invalid endpoint settings:\n"
	                     "no configured subnet or ip-range contain the IP address %s",
	                     static_ip);
}

int aca_ipam_reserve(struct aca_req *r, const char *network_id, const char *network_name,
                     int64_t endpoint_id, const char *static_ip, struct aca_ip_lease *out)
{
	struct pool_state pools[ACA_MAX_POOLS];
	size_t n;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = load_pools(r, network_id, pools, &n);
	if (rc != SL_OK || n == 0)
		return rc;
	if (static_ip != NULL && static_ip[0] != '\0')
		return reserve_static(r, network_id, endpoint_id, static_ip, pools, n, out);
	for (size_t i = 0; i < n; i++) {
		struct pool_state *p = &pools[i];
		uint64_t used = 0;
		uint32_t addr = 0;
		uint32_t start;
		int found = 0;
		int taken;

		if (p->lo > p->hi)
			continue;
		rc = pool_used(r, network_id, p, &used);
		if (rc != SL_OK)
			return rc;
		if (used >= (uint64_t)p->hi - p->lo + 1)
			continue;
		start = p->cursor < p->lo || p->cursor > p->hi ? p->lo : p->cursor;
		rc = first_gap(r, network_id, start, p->hi, &addr, &found);
		if (rc == SL_OK && !found && start > p->lo)
			rc = first_gap(r, network_id, p->lo, start - 1, &addr, &found);
		if (rc != SL_OK)
			return rc;
		if (!found)
			continue;
		rc = insert_endpoint_addr(r, network_id, addr, endpoint_id, &taken);
		if (rc == SL_OK && taken)
			rc = r->host->fail(r->call, SL_ERR_INTERNAL,
			                   "aca: address allocator lost a race on network %s",
			                   network_name);
		if (rc == SL_OK)
			rc = set_cursor(r, network_id, p, addr);
		if (rc != SL_OK)
			return rc;
		lease_from(out, p, addr);
		return SL_OK;
	}
	return r->host->fail(r->call, SL_ERR_INTERNAL,
	                     "no available IPv4 addresses on this network's address pools: %s (%s)",
	                     network_name, network_id);
}

static const char sql_lease_of[] =
	"SELECT r.addr, p.prefix_len, p.gw_addr FROM ip_reservations r"
	" JOIN network_pools p ON p.network_id = r.network_id AND p.family = 4"
	"  AND p.allocating = 1 AND r.addr BETWEEN p.first_addr AND p.last_addr"
	" WHERE r.endpoint_id = ?1 ORDER BY p.pos LIMIT 1";

int aca_ipam_lease_of(struct aca_req *r, int64_t endpoint_id, struct aca_ip_lease *out)
{
	sqlite3_stmt *st = aca_req_stmt(r, sql_lease_of);
	int rc;

	memset(out, 0, sizeof(*out));
	if (st == NULL)
		return SL_ERR_INTERNAL;
	sqlite3_bind_int64(st, 1, endpoint_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->has_addr = 1;
		out->addr = (uint32_t)sqlite3_column_int64(st, 0);
		out->prefix_len = sqlite3_column_int(st, 1);
		out->gateway = (uint32_t)sqlite3_column_int64(st, 2);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? SL_OK : aca_req_sql_fail(r, rc);
}

static const char sql_static_pools[] =
	"SELECT subnet, ip_range, user_subnet FROM network_pools"
	" WHERE network_id = ?1 AND family = ?2 ORDER BY pos";

int aca_ipam_static_reason(struct aca_req *r, const char *network_id, int family,
                           const char *addr, const char **reason)
{
	sqlite3_stmt *st = aca_req_stmt(r, sql_static_pools);
	struct aca_prefix a;
	int parsed = aca_addr_parse(addr, &a) == 0;
	int any_static = 0;
	int inside = 0;
	int rc = SQLITE_DONE;

	*reason = NULL;
	if (st == NULL)
		return SL_ERR_INTERNAL;
	aca_bind_text(st, 1, network_id);
	sqlite3_bind_int(st, 2, family);
	while (!inside && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *subnet = (const char *)sqlite3_column_text(st, 0);
		const char *range = (const char *)sqlite3_column_text(st, 1);
		struct aca_prefix p;

		if (sqlite3_column_int(st, 2) == 0)
			continue;
		any_static = 1;
		if (aca_prefix_parse(range != NULL ? range : subnet, &p) == 0 && parsed &&
		    aca_prefix_contains(&p, &a))
			inside = 1;
	}
	if (inside)
		rc = SQLITE_DONE;
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return aca_req_sql_fail(r, rc);
	if (inside)
		return SL_OK;
	if (any_static)
		*reason = r->host->sprintf(r->call,
		                           "no configured subnet or ip-range contain the IP address %s",
		                           addr);
	else
		*reason = "user specified IP address is supported only when connecting to networks "
		          "with user configured subnets";
	return SL_OK;
}
