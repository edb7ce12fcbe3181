/* Job executions and what runs them.
 *
 * The state machine lives here; the runner decides when an execution
 * ends.  The built-in timer runner moves Running -> Succeeded after
 * cfg.execution_ms.  A runner that really runs containers plugs in by
 * setting emu->runner to its own struct azemu_runner: it is told when an
 * execution starts and is asked to stop, and reports the end through
 * azemu_execution_finish(). */
#ifndef AZEMU_EXECUTIONS_H
#define AZEMU_EXECUTIONS_H

#include <stdint.h>

#include <json-c/json.h>

#include "tests/azemu/azemu.h"

/** The pluggable part.  Every hook runs with emu->lock held and must not block. */
struct azemu_runner {
	/**
	 * An execution of job_entry starts; execution is its entry (its
	 * "resource" holds the template).  Return 0, or -1 to fail the start
	 * (500 to the client).
	 */
	int (*start)(void *arg, struct azemu *emu, json_object *job_entry, json_object *execution);
	/** The execution is asked to stop; the state machine marks it Stopped. */
	void (*stop)(void *arg, struct azemu *emu, json_object *execution);
	/** Bring the execution up to date before it is shown (may call azemu_execution_finish). */
	void (*refresh)(void *arg, struct azemu *emu, json_object *execution, int64_t now_ms);
	void *arg;
};

/** The timer runner (the default). */
extern const struct azemu_runner azemu_timer_runner;

/**
 * Start an execution of the job entry (template: the job's containers,
 * overridden by tmpl's when given).  It is called want when that is not
 * NULL, else "<job>-<7 random chars>"; name (64 bytes) receives the name.
 * Returns the execution entry, NULL when the runner refused.  Lock held.
 */
json_object *azemu_execution_start(struct azemu *emu, json_object *job_entry, json_object *tmpl,
                                   const char *want, char *name);

/** End an execution with status (Succeeded, Failed, Stopped, ...) at now_ms.  Lock held. */
void azemu_execution_finish(json_object *execution, const char *status, int64_t now_ms);

/** Stop an execution (runner told first).  Lock held. */
void azemu_execution_stop(struct azemu *emu, json_object *execution);

/** A copy of the execution's ARM view, refreshed by the runner.  Lock held. */
json_object *azemu_execution_view(struct azemu *emu, json_object *execution, int64_t now_ms);

#endif
