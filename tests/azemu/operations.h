/* Asynchronous operations: the records behind Azure-AsyncOperation and
 * Location URLs.  An operation answers "still running" a configurable
 * number of times (lro_polls), then carries out its effect and succeeds. */
#ifndef AZEMU_OPERATIONS_H
#define AZEMU_OPERATIONS_H

#include <json-c/json.h>

#include "tests/azemu/azemu.h"
#include "tests/azemu/http.h"

/** What an operation does when it completes. */
enum azemu_op_kind {
	AZEMU_OP_JOB_PUT,               /* job provisioningState -> Succeeded */
	AZEMU_OP_JOB_DELETE,            /* the job goes away */
	AZEMU_OP_JOB_START,             /* answers the execution's name and id */
	AZEMU_OP_EXECUTION_STOP         /* nothing left to do */
};

/**
 * Record an operation on the job `job` of sub/rg (execution may be NULL)
 * and add its poll header to resp: Azure-AsyncOperation (async_header set)
 * or Location.  Lock held.
 */
void azemu_op_start(struct azemu *emu, const struct azemu_request *req,
                    struct azemu_response *resp, enum azemu_op_kind kind, json_object *sub,
                    json_object *rg, const char *location, const char *job,
                    const char *execution, int async_header);

/**
 * GET of .../locations/{loc}/containerappsjobOperationStatuses/{id}
 * (status style) or .../containerappsjobOperationResults/{id} (result
 * style).  Lock held.
 */
void azemu_op_poll(struct azemu *emu, const struct azemu_request *req, const char *sub,
                   const char *id, int result_style, struct azemu_response *resp);

/** Finish every pending operation now (admin).  Lock held. */
void azemu_op_complete_all(struct azemu *emu);

#endif
