/* The HTTP transport under the ARM client.  The client never calls libcurl
 * directly: it hands requests to a struct aca_arm_transport, so unit tests can
 * swap in a scripted fake and production uses aca_arm_curl.c. */
#ifndef ACA_ARM_HTTP_H
#define ACA_ARM_HTTP_H

#include <stddef.h>

/** One header line. */
struct aca_arm_http_header {
	const char *name;
	const char *value;
};

/** A request as the transport sees it.  Everything is borrowed for the call. */
struct aca_arm_http_request {
	const char *method;                     /* "GET", "PUT", ... */
	const char *url;                        /* absolute */
	const struct aca_arm_http_header *headers;
	size_t n_headers;
	const char *body;                       /* NULL: no body */
	size_t body_len;
};

/**
 * A response.  The transport fills it with malloc'd memory; the caller
 * releases it with aca_arm_http_response_clear().
 */
struct aca_arm_http_response {
	long status;
	char *body;                             /* NUL-terminated, may be "" */
	size_t body_len;
	struct aca_arm_http_header *headers;        /* names and values malloc'd */
	size_t n_headers;
};

/** How a transport call ended. */
enum aca_arm_tx_result {
	ACA_ARM_TX_OK = 0,          /* an HTTP response arrived (any status) */
	ACA_ARM_TX_NOT_SENT = 1,    /* no connection was made: the request surely was not carried out */
	ACA_ARM_TX_FAILED = 2       /* failed after (or while) sending: the outcome is unknown */
};

/** A swappable transport. */
struct aca_arm_transport {
	/**
	 * Send req and fill resp.  On anything but ACA_ARM_TX_OK, resp is left
	 * empty and errbuf holds a short reason without secrets.
	 */
	enum aca_arm_tx_result (*send)(void *arg, const struct aca_arm_http_request *req,
	                           struct aca_arm_http_response *resp, char *errbuf, size_t errlen);
	void *arg;
};

/** Case-insensitive header lookup; NULL when absent. */
const char *aca_arm_http_header_get(const struct aca_arm_http_response *resp, const char *name);

/** Append a header (copies name and value). */
void aca_arm_http_response_add_header(struct aca_arm_http_response *resp, const char *name, size_t name_len,
                                  const char *value, size_t value_len);

/** Set the body (copies it). */
void aca_arm_http_response_set_body(struct aca_arm_http_response *resp, const char *body, size_t len);

/** Free what the response holds and zero it. */
void aca_arm_http_response_clear(struct aca_arm_http_response *resp);

#endif
