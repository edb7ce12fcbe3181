/* The request log: one JSON line per request served (time, kind, method,
 * path, query, status, body), with every secret in the body replaced by
 * "[redacted]".  Tests read it to see what a client sent. */
#ifndef AZEMU_REQLOG_H
#define AZEMU_REQLOG_H

#include "tests/azemu/http.h"

struct azemu_reqlog;

/** Open (append to) path; NULL path: a log that writes nothing.  NULL on error. */
struct azemu_reqlog *azemu_reqlog_open(const char *path);

/** Close the log. */
void azemu_reqlog_close(struct azemu_reqlog *log);

/**
 * Append the line of one request.  kind names the endpoint family (arm,
 * token, identity, admin); fault is the fault rule applied, 0 if none.
 */
void azemu_reqlog_write(struct azemu_reqlog *log, const char *kind,
                        const struct azemu_request *req, int status, int fault);

/**
 * The redacted form of a body: JSON members named like secrets (accountKey,
 * client_secret, value of a secret or key, ...) and form fields carrying
 * secrets.  Returns a new JSON value.
 */
json_object *azemu_reqlog_redact_body(const char *body, size_t len);

#endif
