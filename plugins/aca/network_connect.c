/* Network connect and disconnect, with dockerd's rules.  A container that
 * is not running only has its stored settings changed (they take effect
 * at its next start); a running one gains or loses a live endpoint. */
#include "config.h"

#include <string.h>

#include "plugins/aca/container_store.h"
#include "plugins/aca/endpoint.h"
#include "plugins/aca/network.h"
#include "plugins/aca/network_store.h"

static const char err_shared[] =
	"container sharing network namespace with another container or host cannot be connected "
	"to any other network";
static const char err_host[] =
	"container cannot be disconnected from host network or connected to host network";
static const char err_none[] =
	"container cannot be connected to multiple networks with one of the networks in private "
	"(none) mode";

static int removal_in_progress(const struct aca_ctrref *c)
{
	return strcmp(c->status, "removing") == 0 || strcmp(c->status, "dead") == 0;
}

static int fail_removal(struct aca_req *r, const struct aca_ctrref *c)
{
	return r->host->fail(r->call, SL_ERR_INTERNAL,
	                     "Container %s is marked for removal and cannot be connected or "
	                     "disconnected to the network",
	                     c->id);
}

/*
 * dockerd's updateNetworkSettings: refuse combinations the container's
 * other networks forbid.  *duplicate is set when the container already
 * has an endpoint on this network.
 */
static int check_conflicts(struct aca_req *r, const struct aca_ctrref *c,
                           const struct aca_netref *net, int *duplicate)
{
	struct sl_strv keys;
	int host_mode = strcmp(c->network_mode, "host") == 0;
	int rc;

	*duplicate = 0;
	if (!host_mode && strcmp(net->driver, "host") == 0)
		return r->host->fail(r->call, SL_ERR_INVALID, "%s", err_host);
	rc = aca_endpoint_keys(r, c->id, &keys);
	if (rc != SL_OK)
		return rc;
	for (size_t i = 0; i < keys.count; i++) {
		struct aca_netref other;

		rc = aca_network_lookup(r, keys.items[i], NULL, &other);
		if (rc != SL_OK)
			return rc;
		if (other.id == NULL)
			continue;
		if (strcmp(other.name, net->name) == 0) {
			*duplicate = 1;
			return SL_OK;
		}
		if (strcmp(other.driver, "host") == 0 || strcmp(net->driver, "host") == 0)
			return r->host->fail(r->call, SL_ERR_INVALID, "%s", err_shared);
		if (strcmp(other.name, "none") == 0 || strcmp(net->name, "none") == 0)
			return r->host->fail(r->call, SL_ERR_INVALID, "%s", err_none);
	}
	return SL_OK;
}

/* Connect to an existing network (dockerd's updateNetworkConfig path). */
static int connect_known(struct aca_req *r, const struct aca_ctrref *c,
                         const struct aca_netref *net, const struct sl_endpoint_config *cfg,
                         int live)
{
	const char *problem;
	struct sl_strv dns;
	int duplicate;
	int rc;

	rc = aca_endpoint_validate(r, net, net->name, cfg, &problem);
	if (rc != SL_OK)
		return rc;
	if (problem != NULL)
		return r->host->fail(r->call, SL_ERR_INVALID, "%s", problem);
	rc = check_conflicts(r, c, net, &duplicate);
	if (rc != SL_OK)
		return rc;
	if (duplicate) {
		/* Stored settings are left as they are; a live endpoint is a conflict. */
		if (live)
			return r->host->fail(r->call, SL_ERR_FORBIDDEN,
			                     "endpoint with name %s already exists in network %s", c->name,
			                     net->name);
		return SL_OK;
	}
	/* dockerd computes the DNS names when it records a user-defined network. */
	if (aca_network_name_is_user_defined(net->name)) {
		dns = aca_endpoint_dns_names(r, c->name, c->id, c->hostname, &cfg->aliases);
		return aca_endpoint_add(r, c->id, net->name, net, cfg, &dns);
	}
	return aca_endpoint_add(r, c->id, net->name, net, cfg, NULL);
}

static int connect_in_txn(struct aca_req *r, const char *term, const char *container,
                          const struct sl_endpoint_config *cfg)
{
	struct aca_ctrref c;
	struct aca_netref net;
	int removed;
	int rc = aca_container_find(r, container, &c);

	if (rc != SL_OK)
		return rc;
	if (aca_container_is_live(&c)) {
		if (strncmp(c.network_mode, "container:", 10) == 0)
			return r->host->fail(r->call, SL_ERR_INVALID, "%s", err_shared);
		rc = aca_network_find(r, term, &net);
		return rc != SL_OK ? rc : connect_known(r, &c, &net, cfg, 1);
	}
	if (removal_in_progress(&c))
		return fail_removal(r, &c);
	rc = aca_network_lookup(r, term, NULL, &net);
	if (rc != SL_OK)
		return rc;
	if (net.id != NULL)
		return connect_known(r, &c, &net, cfg, 0);
	/* An unknown network is recorded under the name given, replacing an
	 * earlier entry; the container's next start reports it missing. */
	rc = aca_endpoint_remove(r, c.id, term, &removed);
	return rc != SL_OK ? rc : aca_endpoint_add(r, c.id, term, NULL, cfg, NULL);
}

int aca_network_connect(void *ctx, struct sl_call *call, const char *term, const char *container,
                        const struct sl_endpoint_config *config)
{
	struct sl_endpoint_config empty;
	struct aca_req r;
	int rc;

	if (config == NULL) {
		memset(&empty, 0, sizeof(empty));
		config = &empty;
	}
	rc = aca_req_open(&r, ctx, call);
	if (rc != SL_OK)
		return rc;
	rc = aca_req_begin_write(&r);
	if (rc == SL_OK) {
		rc = connect_in_txn(&r, term, container != NULL ? container : "", config);
		if (rc == SL_OK)
			rc = aca_req_commit(&r);
		else
			aca_req_rollback(&r);
	}
	aca_req_close(&r);
	return rc;
}

/* Disconnect of a container that does not exist, with force: dockerd
 * deletes the live endpoint of that name, and only live endpoints have one. */
static int force_endpoint_delete(struct aca_req *r, const char *term, const char *container)
{
	struct aca_netref net;
	int rc = aca_network_find(r, term, &net);

	if (rc != SL_OK)
		return rc;
	return r->host->fail(r->call, SL_ERR_NOT_FOUND, "endpoint %s not found", container);
}

static int disconnect_in_txn(struct aca_req *r, const char *term, const char *container,
                             int force)
{
	struct aca_ctrref c;
	struct aca_netref net;
	const char *key;
	int removed;
	int rc;

	if (force) {
		if (container[0] == '\0')
			return force_endpoint_delete(r, term, container);
		rc = aca_container_lookup(r, container, &c);
		if (rc != SL_OK)
			return rc;
		if (c.id == NULL)
			return force_endpoint_delete(r, term, container);
	} else {
		rc = aca_container_find(r, container, &c);
		if (rc != SL_OK)
			return rc;
	}
	rc = aca_network_lookup(r, term, NULL, &net);
	if (rc != SL_OK)
		return rc;
	if (!aca_container_is_live(&c) || (net.id == NULL && force)) {
		if (removal_in_progress(&c))
			return fail_removal(r, &c);
		key = net.id != NULL ? net.name : term;
		rc = aca_endpoint_remove(r, c.id, key, &removed);
		if (rc != SL_OK)
			return rc;
		if (!removed)
			return r->host->fail(r->call, SL_ERR_INTERNAL,
			                     "container %s is not connected to the network %s", c.id, key);
		return SL_OK;
	}
	if (net.id == NULL)
		return aca_network_find(r, term, &net);
	if (strcmp(c.network_mode, "host") == 0 && strcmp(net.driver, "host") == 0)
		return r->host->fail(r->call, SL_ERR_INVALID, "%s", err_host);
	rc = aca_endpoint_remove(r, c.id, net.name, &removed);
	if (rc != SL_OK)
		return rc;
	if (!removed)
		return r->host->fail(r->call, SL_ERR_INTERNAL,
		                     "container %s is not connected to network %s", c.id, net.name);
	return SL_OK;
}

int aca_network_disconnect(void *ctx, struct sl_call *call, const char *term,
                           const char *container, int force)
{
	struct aca_req r;
	int rc;

	rc = aca_req_open(&r, ctx, call);
	if (rc != SL_OK)
		return rc;
	rc = aca_req_begin_write(&r);
	if (rc == SL_OK) {
		rc = disconnect_in_txn(&r, term, container != NULL ? container : "", force);
		if (rc == SL_OK)
			rc = aca_req_commit(&r);
		else
			aca_req_rollback(&r);
	}
	aca_req_close(&r);
	return rc;
}
