/* Test fixture for the aca plugin: one instance per test on a private
 * SQLite file, driven through its hook tables like the gateway does. */
#include "config.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/unit/aca_fixture.h"

const char *fx_last_message = "";

void fx_setup(struct fixture *f)
{
	memset(f, 0, sizeof(*f));
	snprintf(f->db, sizeof(f->db), "%s/state.db", fake_tempdir());
	f->p = fake_plugin();
	f->ctx = fake_plugin_start(f->db);
	if (f->ctx == NULL)
		abort();
}

void fx_teardown(struct fixture *f)
{
	fake_plugin_stop(f->ctx);
	for (size_t i = 0; i < f->n_calls; i++)
		fake_call_free(f->calls[i]);
	free(f->calls);
	fake_tempdir_remove();
	fake_patterns_release();
	fake_clock_set(0);
	memset(f, 0, sizeof(*f));
}

void fx_restart(struct fixture *f)
{
	fake_plugin_stop(f->ctx);
	f->ctx = fake_plugin_start(f->db);
	if (f->ctx == NULL)
		abort();
}

struct sl_call *fx_call(struct fixture *f)
{
	if (f->n_calls == f->cap_calls) {
		size_t cap = f->cap_calls == 0 ? 64 : f->cap_calls * 2;
		struct sl_call **grown = realloc(f->calls, cap * sizeof(void *));

		if (grown == NULL)
			abort();
		f->calls = grown;
		f->cap_calls = cap;
	}
	f->calls[f->n_calls] = fake_call_new();
	return f->calls[f->n_calls++];
}

static int done(struct sl_call *call, int rc)
{
	fx_last_message = fake_call_message(call);
	return rc;
}

int fx_net_create(struct fixture *f, const struct sl_network_create_req *req, const char **id)
{
	struct sl_call *call = fx_call(f);
	struct sl_network_created out;
	int rc;

	memset(&out, 0, sizeof(out));
	rc = f->p->networks->create(f->ctx, call, req, &out);
	if (id != NULL)
		*id = rc == SL_OK ? out.id : NULL;
	return done(call, rc);
}

int fx_net_named(struct fixture *f, const char *name, const char **id)
{
	struct sl_network_create_req req;

	memset(&req, 0, sizeof(req));
	req.name = name;
	req.enable_ipv6 = SL_TRI_UNSET;
	req.options.present = 1;
	req.labels.present = 1;
	return fx_net_create(f, &req, id);
}

int fx_net_subnet(struct fixture *f, const char *name, const char *subnet, const char *ip_range,
                  const char *gateway, const char **id)
{
	struct sl_network_create_req req;
	struct sl_ipam_pool pool;

	memset(&req, 0, sizeof(req));
	memset(&pool, 0, sizeof(pool));
	pool.subnet = subnet;
	pool.ip_range = ip_range;
	pool.gateway = gateway;
	req.name = name;
	req.enable_ipv6 = SL_TRI_UNSET;
	req.ipam.driver = "default";
	req.ipam.n_config = 1;
	req.ipam.config = &pool;
	return fx_net_create(f, &req, id);
}

int fx_net_inspect(struct fixture *f, const char *term, struct sl_network *out)
{
	struct sl_call *call = fx_call(f);

	memset(out, 0, sizeof(*out));
	return done(call, f->p->networks->inspect(f->ctx, call, term, NULL, out));
}

int fx_net_remove(struct fixture *f, const char *term)
{
	struct sl_call *call = fx_call(f);

	return done(call, f->p->networks->remove(f->ctx, call, term));
}

int fx_ctr_create(struct fixture *f, const struct sl_container_create_req *req, const char **id)
{
	struct sl_call *call = fx_call(f);
	struct sl_container_created out;
	int rc;

	memset(&out, 0, sizeof(out));
	rc = f->p->containers->create(f->ctx, call, req, &out);
	if (id != NULL)
		*id = rc == SL_OK ? out.id : NULL;
	return done(call, rc);
}

int fx_ctr_simple(struct fixture *f, const char *name, const char *mode,
                  const struct sl_endpoint_config *eps, size_t n_eps, const char **id)
{
	struct sl_container_create_req req;

	memset(&req, 0, sizeof(req));
	req.name = name;
	req.image = "alpine:3.20";
	req.network_mode = mode != NULL ? mode : "bridge";
	req.endpoints = eps;
	req.n_endpoints = n_eps;
	req.config_json = "{\"Image\":\"alpine:3.20\"}";
	req.host_config_json = "{}";
	return fx_ctr_create(f, &req, id);
}

int fx_ctr_inspect(struct fixture *f, const char *term, struct sl_container *out)
{
	struct sl_call *call = fx_call(f);

	memset(out, 0, sizeof(*out));
	return done(call, f->p->containers->inspect(f->ctx, call, term, out));
}

int fx_connect(struct fixture *f, const char *net, const char *ctr,
               const struct sl_endpoint_config *cfg)
{
	struct sl_call *call = fx_call(f);

	return done(call, f->p->networks->connect(f->ctx, call, net, ctr, cfg));
}

int fx_disconnect(struct fixture *f, const char *net, const char *ctr, int force)
{
	struct sl_call *call = fx_call(f);

	return done(call, f->p->networks->disconnect(f->ctx, call, net, ctr, force));
}

int fx_sql(struct fixture *f, const char *sql)
{
	sqlite3 *db = NULL;
	char *err = NULL;
	int rc = sqlite3_open(f->db, &db);

	if (rc == SQLITE_OK) {
		sqlite3_busy_timeout(db, 5000);
		rc = sqlite3_exec(db, sql, NULL, NULL, &err);
	}
	if (rc != SQLITE_OK)
		fprintf(stderr, "# fx_sql: %s\n", err != NULL ? err : sqlite3_errstr(rc));
	sqlite3_free(err);
	sqlite3_close(db);
	return rc == SQLITE_OK ? 0 : -1;
}

long long fx_sql_int(struct fixture *f, const char *sql)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	long long v = -1;

	if (sqlite3_open(f->db, &db) == SQLITE_OK &&
	    sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	else
		fprintf(stderr, "# fx_sql_int: %s\n", sqlite3_errmsg(db));
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

const struct sl_container_endpoint *fx_endpoint(const struct sl_container *c, const char *key)
{
	for (size_t i = 0; i < c->n_endpoints; i++) {
		if (strcmp(c->endpoints[i].network_name, key) == 0)
			return &c->endpoints[i];
	}
	return NULL;
}

const char *fx_map_get(const struct sl_map *m, const char *key)
{
	for (size_t i = 0; i < m->count; i++) {
		if (strcmp(m->items[i].key, key) == 0)
			return m->items[i].value;
	}
	return NULL;
}

struct sl_endpoint_config fx_epcfg(const char *network, const char *ipv4, const char *const *aliases)
{
	struct sl_endpoint_config c;
	size_t n = 0;

	memset(&c, 0, sizeof(c));
	c.network = network;
	if (ipv4 != NULL) {
		c.has_ipam_config = 1;
		c.ipv4_address = ipv4;
	}
	if (aliases != NULL) {
		while (aliases[n] != NULL)
			n++;
		c.aliases.present = 1;
		c.aliases.count = n;
		c.aliases.items = aliases;
	}
	return c;
}
