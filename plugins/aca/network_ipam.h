/* Virtual IP address management for networks: Docker's pool choice,
 * IPAM config validation, and the per-network endpoint address allocator.
 * The addresses are what inspect shows; real traffic uses the managed
 * environment's VNet. */
#ifndef ACA_NETWORK_IPAM_H
#define ACA_NETWORK_IPAM_H

#include <stdint.h>

#include "plugins/aca/request.h"

/**
 * Docker's validation of IPAM.Config (IPv6 entries only when enable_ipv6).
 * Fails the call with 400 "invalid network config:\n..." listing every
 * problem, Docker's way.
 */
int aca_ipam_validate(struct aca_req *r, const struct sl_ipam *ipam, int enable_ipv6);

/**
 * Record the pools of a new network, inside the caller's write
 * transaction: the user's IPAM.Config entries (IPv4 first, then IPv6, each
 * in the order given), and with no IPv4 entry and auto_pool set, the first
 * of Docker's default pools (172.17-31.0.0/16, then 192.168.0.0/16 in /20
 * blocks) that overlaps no other network.  With allocate == 0 the entries
 * are recorded for display only (config-only networks).  The gateway (the
 * user's or the first host address) and auxiliary addresses are reserved.
 * Fails with Docker's 403 "Pool overlaps with other one on this address
 * space" or 400 "all predefined address pools have been fully subnetted".
 */
int aca_ipam_add_pools(struct aca_req *r, const char *network_id, const struct sl_ipam *ipam,
                       int allocate, int auto_pool);

/** An endpoint's IPv4 address on a network. */
struct aca_ip_lease {
	int has_addr;                   /* 0: the network has no IPv4 pool */
	uint32_t addr;
	int prefix_len;
	uint32_t gateway;
};

/**
 * Reserve an IPv4 address for endpoint_id on network_id inside the
 * caller's write transaction: static_ip when given (403 "Address already
 * in use" if taken), else the next free address at or after the pool's
 * cursor, wrapping around.  A network without pools gives has_addr == 0.
 * The reservation is released when the endpoint row is deleted (foreign
 * key cascade), on disconnect or container removal.
 */
int aca_ipam_reserve(struct aca_req *r, const char *network_id, const char *network_name,
                     int64_t endpoint_id, const char *static_ip, struct aca_ip_lease *out);

/** The address reserved for endpoint_id, if any. */
int aca_ipam_lease_of(struct aca_req *r, int64_t endpoint_id, struct aca_ip_lease *out);

/**
 * Docker's rule for a static address on a network: NULL when addr may be
 * requested, else the reason ("no configured subnet or ip-range contain
 * the IP address X", or "user specified IP address is supported only when
 * connecting to networks with user configured subnets"), in the arena.
 * *reason is only valid when SL_OK is returned.
 */
int aca_ipam_static_reason(struct aca_req *r, const char *network_id, int family,
                           const char *addr, const char **reason);

#endif
