/* ARM error bodies, the table that maps them to the plugin's error codes,
 * and the messages callers show (with context, never with secrets). */
#ifndef ACA_ARM_ERROR_H
#define ACA_ARM_ERROR_H

#include <stddef.h>

#include <sockerless/plugin.h>

#include "plugins/aca/arm_arena.h"
#include "plugins/aca/arm_redact.h"

/**
 * Why an ARM call failed.  Filled by every client call that returns an
 * error; the caller prefixes its own context, e.g.
 * host->fail(call, err.status, "aca: volume create: %s", err.message)
 * gives "aca: volume create: share sockerless-x: ShareBeingDeleted: ...".
 */
struct aca_arm_error {
	enum sl_status status;          /* SL_ERR_*: what the gateway answers */
	long http_status;               /* 0: no HTTP answer (transport, local checks) */
	char code[64];                  /* ARM or AAD error code, "" if none */
	char request_id[80];            /* x-ms-request-id of the failing answer, "" if none */
	char message[1024];             /* "<what>: <code>: <message>", redacted */
};

/**
 * The mapping table: an ARM/AAD error code (case-insensitive) when the
 * table knows it, else the HTTP status.  code may be NULL.
 */
enum sl_status aca_arm_error_map(long http_status, const char *code);

/**
 * Parse an error body: ARM's {"error":{"code","message","details"}}, the
 * bare {"code","message"} some providers send, and AAD/IMDS's
 * {"error":"...","error_description":"..."}.  Sets *code and *message
 * (arena strings, the first detail appended) and returns 0; -1 when the
 * body is none of these (then both are NULL).
 */
int aca_arm_error_parse(struct aca_arm_arena *arena, const char *body, size_t len, const char **code,
                    const char **message);

/**
 * Fill err from an HTTP error answer: status from the table, message
 * "<what>: <code>: <message><suffix>" (or "<what>: HTTP <status>: <start of
 * body>" when the body is not an error body), passed through the
 * redactor.  suffix may be NULL.
 */
void aca_arm_error_from_response(struct aca_arm_error *err, const struct aca_arm_redactor *r, const char *what,
                             long http_status, const char *body, size_t len, const char *request_id,
                             const char *suffix);

/** Fill err with status and a printf message, passed through the redactor. */
void aca_arm_error_set(struct aca_arm_error *err, const struct aca_arm_redactor *r, enum sl_status status,
                   const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/** Reset err to "no error". */
void aca_arm_error_clear(struct aca_arm_error *err);

#endif
