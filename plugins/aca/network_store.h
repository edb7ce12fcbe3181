/* Network records: finding a network the way Docker resolves a term, and
 * reading records into struct sl_network. */
#ifndef ACA_NETWORK_STORE_H
#define ACA_NETWORK_STORE_H

#include "plugins/aca/request.h"

/** The few facts most callers need about a network (arena strings). */
struct aca_netref {
	const char *id;                 /* NULL: no network matched */
	const char *name;
	const char *driver;
	const char *scope;
	int predefined;
	int config_only;
	size_t prefix_matches;          /* id == NULL and > 1: the prefix was ambiguous */
};

/**
 * Resolve term as Docker does: a full id, else an exact name, else a
 * unique id prefix.  With scope non-NULL, only networks of that scope are
 * candidates.  Never fails the call for "not found" or "ambiguous": the
 * caller words those (inspect and delete phrase them differently).
 */
int aca_network_lookup(struct aca_req *r, const char *term, const char *scope,
                       struct aca_netref *out);

/**
 * Lookup with the daemon's messages (FindNetwork): 404 "network X not
 * found", 400 "network X is ambiguous (N matches found based on ID prefix)".
 */
int aca_network_find(struct aca_req *r, const char *term, struct aca_netref *out);

/** Column list for aca_network_row, to be selected from networks n. */
#define ACA_NETWORK_COLUMNS                                                                 \
	"n.id, n.name, n.created_ns, n.scope, n.driver, n.enable_ipv6, n.internal,"         \
	" n.attachable, n.ingress, n.config_from, n.config_only, n.ipam_driver,"            \
	" n.ipam_options_present"

/** Fill the scalar fields of out from a row selecting ACA_NETWORK_COLUMNS. */
void aca_network_row(struct aca_req *r, sqlite3_stmt *st, struct sl_network *out);

/**
 * Fill labels, options and IPAM config of n networks whose scalar fields
 * are set (by aca_network_row), with one query per table for large sets.
 */
int aca_network_fill(struct aca_req *r, struct sl_network *nets, size_t n);

/**
 * Read one network by full id, with its attachments (running containers)
 * when with_containers is set.  404 "network ID not found" if missing.
 */
int aca_network_get(struct aca_req *r, const char *id, int with_containers,
                    struct sl_network *out);

/** Is name one of Docker's predefined networks (bridge, host, none, default)? */
int aca_network_is_predefined_name(const char *name);

/**
 * Docker's "user defined" test on a network name as given (not bridge,
 * default, host, none, nor container:<x>).
 */
int aca_network_name_is_user_defined(const char *name);

/** SQL condition: container c is live (its endpoints count as active). */
#define ACA_SQL_LIVE_STATUS "('running', 'paused', 'restarting')"

#endif
