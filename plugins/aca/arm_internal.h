/* The state of an ARM client, shared by its modules (aca_arm_client.c,
 * aca_arm_request.c, aca_arm_lro.c and the typed calls).  Not for callers of the
 * client: they use aca_arm_client.h. */
#ifndef ACA_ARM_INTERNAL_H
#define ACA_ARM_INTERNAL_H

#include <stdint.h>

#include "plugins/aca/arm_client.h"
#include "plugins/aca/arm_curl.h"
#include "plugins/aca/arm_runtime.h"
#include "plugins/aca/azure_token.h"

/** One client.  Immutable after aca_arm_client_new but for what its members lock. */
struct aca_arm_client {
	struct aca_arm_runtime rt;
	struct aca_arm_curl *curl;                  /* NULL when a transport was injected */
	struct aca_azure_token *token;
	char *endpoint;                         /* ARM endpoint, no trailing slash */
	char *subscription_id;
	char *resource_group;
	int64_t lro_poll_ms;
	int64_t lro_timeout_ms;
};

#endif
