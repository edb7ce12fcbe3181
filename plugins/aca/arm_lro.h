/* Long-running operations: following Azure-AsyncOperation or Location. */
#ifndef ACA_ARM_LRO_H
#define ACA_ARM_LRO_H

#include "plugins/aca/arm_request.h"

/**
 * Wait for the operation an answer started.  With an Azure-AsyncOperation
 * header, poll it until its status is Succeeded (Failed and Canceled are
 * errors carrying the operation's error); else, on 201/202 with a Location
 * header, poll it while it answers 202.  Between polls sleep what Azure
 * asked for (Retry-After) or the client's poll interval; give up after the
 * client's operation limit.  final receives the last answer (the initial
 * one when there was nothing to wait for).  Poll URLs must have the ARM
 * endpoint's origin: the bearer token goes nowhere else.
 */
int aca_arm_lro_wait(struct aca_arm_client *c, struct aca_arm_arena *arena, const char *what,
                 const struct aca_arm_answer *initial, struct aca_arm_answer *final,
                 struct aca_arm_error *err);

#endif
