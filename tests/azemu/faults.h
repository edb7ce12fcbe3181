/* Fault injection: for requests matching a method and a path pattern,
 * answer a status N times (with Retry-After), delay, or drop the
 * connection.  Rules are added through POST /_azemu/faults. */
#ifndef AZEMU_FAULTS_H
#define AZEMU_FAULTS_H

#include <stddef.h>
#include <stdint.h>

#include <json-c/json.h>

#include "tests/azemu/http.h"

struct azemu_faults;

/** What to do to one request. */
struct azemu_fault_action {
	int id;                         /* the rule */
	int status;                     /* 0: no status fault (delay only) */
	int64_t delay_ms;               /* before anything else */
	int drop;                       /* close the connection without an answer */
	int after;                      /* carry the request out, then answer status */
	char code[64];                  /* ARM error code of the answer */
	char message[256];
	char retry_after[64];           /* Retry-After value, "" for none */
	int64_t retry_after_ms;         /* retry-after-ms value, < 0 for none */
};

/** An empty rule set (thread-safe). */
struct azemu_faults *azemu_faults_new(void);

/** Free the rule set. */
void azemu_faults_free(struct azemu_faults *f);

/**
 * Add a rule from its JSON description (see azemu --help); *id receives
 * its number.  Returns 0, or -1 with a reason in err.
 */
int azemu_faults_add(struct azemu_faults *f, json_object *spec, int *id, char *err, size_t errlen);

/** Remove every rule. */
void azemu_faults_clear(struct azemu_faults *f);

/** The rules with their remaining counts, as JSON. */
json_object *azemu_faults_list(struct azemu_faults *f);

/**
 * The first rule matching method and path with uses left: consume one use
 * and describe it in out.  Returns 1 when a rule matched, else 0.
 */
int azemu_faults_match(struct azemu_faults *f, const char *method, const char *path,
                       struct azemu_fault_action *out);

/** Fill resp with the ARM error answer of a status fault. */
void azemu_faults_respond(const struct azemu_fault_action *a, struct azemu_response *resp);

#endif
