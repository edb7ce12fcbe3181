/* Network hooks shared between the modules that implement them. */
#ifndef ACA_NETWORK_H
#define ACA_NETWORK_H

#include "plugins/aca/request.h"

/**
 * Make sure Docker's predefined networks (bridge, host, none) exist: each
 * is created once per database with a random id, and kept forever.
 */
int aca_network_seed(struct aca_req *r);

/** POST /networks/{term}/connect (network_connect.c). */
int aca_network_connect(void *ctx, struct sl_call *call, const char *term, const char *container,
                        const struct sl_endpoint_config *config);

/** POST /networks/{term}/disconnect (network_connect.c). */
int aca_network_disconnect(void *ctx, struct sl_call *call, const char *term,
                           const char *container, int force);

#endif
