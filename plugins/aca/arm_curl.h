/* The production transport: libcurl with one shared connection pool. */
#ifndef ACA_ARM_CURL_H
#define ACA_ARM_CURL_H

#include <stddef.h>

#include "plugins/aca/arm_http.h"

/** Settings of the libcurl transport. */
struct aca_arm_curl_options {
	const char *ca_file;            /* extra CA bundle, NULL: the system's */
	long connect_timeout_ms;        /* > 0 */
	long request_timeout_ms;        /* whole request, > 0 */
	const char *user_agent;         /* NULL: "sockerless-aca" */
};

struct aca_arm_curl;

/**
 * Create a transport.  It keeps one curl share handle (connections, DNS
 * cache and TLS sessions, each guarded by its own mutex), so concurrent
 * requests from many threads reuse kept-alive connections.  TLS peers and
 * host names are always verified.  The caller must have called
 * curl_global_init (the gateway does, once).  Returns 0, or -1 with a
 * reason in err.
 */
int aca_arm_curl_new(const struct aca_arm_curl_options *opts, struct aca_arm_curl **out, char *err, size_t errlen);

/** Free the transport; no request may be running. */
void aca_arm_curl_free(struct aca_arm_curl *c);

/** The transport interface of c (valid while c lives). */
struct aca_arm_transport aca_arm_curl_transport(struct aca_arm_curl *c);

#endif
