/* A running aca instance on a private database, for unit tests, with
 * shortcuts for the requests tests make most. */
#ifndef ACA_FIXTURE_H
#define ACA_FIXTURE_H

#include <stddef.h>

#include <sockerless/plugin.h>

#include "tests/unit/fake_host.h"

/** Calls made through a fixture are freed at teardown, so results stay valid. */
struct fixture {
	char db[256];
	void *ctx;
	const struct sl_plugin *p;
	struct sl_call **calls;
	size_t n_calls;
	size_t cap_calls;
};

/** Start an instance on a new database in a temporary directory. */
void fx_setup(struct fixture *f);

/** Stop the instance, free every call, remove the directory. */
void fx_teardown(struct fixture *f);

/** Stop and start the instance on the same database. */
void fx_restart(struct fixture *f);

/** A call that lives until teardown. */
struct sl_call *fx_call(struct fixture *f);

/** The message of the last failed request made through the fixture. */
extern const char *fx_last_message;

/** Create a network; returns the status, *id (may be NULL) on success. */
int fx_net_create(struct fixture *f, const struct sl_network_create_req *req, const char **id);

/** Create a network with just a name. */
int fx_net_named(struct fixture *f, const char *name, const char **id);

/** Create a network with one IPv4 config entry (any field may be NULL). */
int fx_net_subnet(struct fixture *f, const char *name, const char *subnet, const char *ip_range,
                  const char *gateway, const char **id);

/** Inspect a network; status, *out filled on success. */
int fx_net_inspect(struct fixture *f, const char *term, struct sl_network *out);

/** Remove a network. */
int fx_net_remove(struct fixture *f, const char *term);

/** Create a container; returns the status, *id on success. */
int fx_ctr_create(struct fixture *f, const struct sl_container_create_req *req, const char **id);

/**
 * Create a container named name (NULL: generated) with NetworkMode mode
 * (NULL: bridge) and the given endpoint settings.
 */
int fx_ctr_simple(struct fixture *f, const char *name, const char *mode,
                  const struct sl_endpoint_config *eps, size_t n_eps, const char **id);

/** Inspect a container. */
int fx_ctr_inspect(struct fixture *f, const char *term, struct sl_container *out);

/** Connect a container to a network (cfg NULL: empty settings). */
int fx_connect(struct fixture *f, const char *net, const char *ctr,
               const struct sl_endpoint_config *cfg);

/** Disconnect a container from a network. */
int fx_disconnect(struct fixture *f, const char *net, const char *ctr, int force);

/** Run SQL directly on the instance's database (test set-up only); 0 on success. */
int fx_sql(struct fixture *f, const char *sql);

/** The first column of the first row of a query (-1 on error). */
long long fx_sql_int(struct fixture *f, const char *sql);

/** A container endpoint by network key, or NULL. */
const struct sl_container_endpoint *fx_endpoint(const struct sl_container *c, const char *key);

/** A map's value for key, or NULL. */
const char *fx_map_get(const struct sl_map *m, const char *key);

/** Endpoint settings with static IPv4 (NULL for none) and aliases (NULL-terminated). */
struct sl_endpoint_config fx_epcfg(const char *network, const char *ipv4, const char *const *aliases);

#endif
