/* Endpoint records: a container's settings on one network, its aliases
 * and its reserved virtual address. */
#ifndef ACA_ENDPOINT_H
#define ACA_ENDPOINT_H

#include <stdint.h>

#include "plugins/aca/network_store.h"
#include "plugins/aca/request.h"

/**
 * Docker's validation of endpoint settings (validateEndpointSettings).
 * net is the network the settings are for, or NULL when it does not exist
 * (then the subnet checks are skipped); name is the network name as used
 * for the "user defined" test.  *problem is NULL when the settings are
 * valid, else "invalid endpoint settings:\n<reasons>" or "invalid MAC
 * address X" (in the arena).  Fails the call only on database errors.
 */
int aca_endpoint_validate(struct aca_req *r, const struct aca_netref *net, const char *name,
                          const struct sl_endpoint_config *cfg, const char **problem);

/**
 * Record an endpoint of container_id shown under key, inside the caller's
 * write transaction: its settings as submitted, its aliases, its DNS names
 * when dns_names is present, and, when net has IPv4 pools, a reserved
 * address (the static IPAMConfig.IPv4Address or the next free one).
 */
int aca_endpoint_add(struct aca_req *r, const char *container_id, const char *key,
                     const struct aca_netref *net, const struct sl_endpoint_config *cfg,
                     const struct sl_strv *dns_names);

/**
 * Delete the endpoint shown under key (its aliases and address go with it).
 * *removed tells whether there was one.
 */
int aca_endpoint_remove(struct aca_req *r, const char *container_id, const char *key,
                        int *removed);

/** The keys of a container's endpoints, in the order they were made. */
int aca_endpoint_keys(struct aca_req *r, const char *container_id, struct sl_strv *out);

/**
 * A container's endpoints as NetworkSettings.Networks shows them, ordered
 * by key.  Addresses, endpoint id and MAC are only shown while running;
 * NetworkID once the container has been started.
 */
int aca_endpoint_list(struct aca_req *r, const char *container_id, int running, int started,
                      struct sl_container_endpoint **out, size_t *count);

/**
 * Docker's DNSNames for an endpoint: the container name, the aliases, the
 * short id and the hostname, without duplicates (arena).
 */
struct sl_strv aca_endpoint_dns_names(struct aca_req *r, const char *name, const char *id,
                                      const char *hostname, const struct sl_strv *aliases);

#endif
