/* What the layers of the ARM client share: the transport, the clock, the
 * secret registry, the logger and the retry policy.  Owned by the client
 * (aca_arm_client.c); the token source and the request pipeline borrow it. */
#ifndef ACA_ARM_RUNTIME_H
#define ACA_ARM_RUNTIME_H

#include "plugins/aca/arm_clock.h"
#include "plugins/aca/arm_http.h"
#include "plugins/aca/arm_log.h"
#include "plugins/aca/arm_redact.h"
#include "plugins/aca/arm_retry.h"

/** Shared services of one client. */
struct aca_arm_runtime {
	struct aca_arm_transport transport;
	const struct aca_arm_clock *clock;
	struct aca_arm_redactor *redactor;
	struct aca_arm_logger log;
	struct aca_arm_retry_policy retry;
};

#endif
