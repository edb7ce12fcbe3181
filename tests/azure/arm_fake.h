/* A scripted transport and a manual clock for unit tests of the ARM
 * client: tests say which answers which requests get, then look at what
 * was sent and how long the client chose to sleep. */
#ifndef TESTS_ARM_FAKE_H
#define TESTS_ARM_FAKE_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include "plugins/aca/arm_client.h"

#define FAKE_MAX 64

/** One scripted answer. */
struct fake_reply {
	char match[256];                /* substring of "METHOD URL" it answers */
	int times;                      /* uses left; -1: forever */
	enum aca_arm_tx_result tx;      /* not OK: a transport failure instead */
	long status;
	char body[4096];
	char headers[4][256];           /* "Name: value" */
};

/** What the client sent. */
struct fake_seen {
	char method[16];
	char url[1024];
	char authorization[512];
	char if_match[128];
	char if_none_match[16];
	char headers[2048];             /* every header as "Name: value\n" */
	char body[8192];
};

/** The transport. */
struct fake_transport {
	pthread_mutex_t lock;
	struct fake_reply replies[FAKE_MAX];
	size_t n_replies;
	struct fake_seen seen[FAKE_MAX];
	size_t n_seen;
};

/** The clock: time moves only when the client sleeps (or the test says). */
struct fake_clock {
	int64_t now_ms;
	double random;                  /* returned for jitter; 0.5 gives a factor of 1.0 */
	int64_t sleeps[FAKE_MAX];
	size_t n_sleeps;
};

/** Reset t. */
void fake_init(struct fake_transport *t);

/**
 * Script an answer for requests whose "METHOD URL" contains match, used
 * `times` times (-1: forever).  headers (may be NULL) holds up to four
 * "Name: value" lines separated by newlines.
 */
void fake_reply(struct fake_transport *t, const char *match, int times, long status,
                const char *body, const char *headers);

/** Script a transport failure. */
void fake_fail(struct fake_transport *t, const char *match, int times, enum aca_arm_tx_result tx);

/** Script a token answer (token, lifetime in seconds) for the token endpoint. */
void fake_token(struct fake_transport *t, const char *token, int expires_in, int times);

/** The i-th request seen (NULL past the end). */
const struct fake_seen *fake_seen_at(struct fake_transport *t, size_t i);

/** How many requests contained match in "METHOD URL". */
size_t fake_count(struct fake_transport *t, const char *match);

/** The transport interface of t. */
struct aca_arm_transport fake_transport_of(struct fake_transport *t);

/** Reset c to time t0 with random 0.5. */
void fake_clock_init(struct fake_clock *c, int64_t t0);

/** The clock interface of c. */
struct aca_arm_clock fake_clock_of(struct fake_clock *c);

/**
 * Options for a client on the fake transport and clock: endpoint
 * https://arm.test, authority https://login.test, tenant "tenant",
 * client "client", secret "client-secret-value", subscription "sub",
 * resource group "rg", retry base 800 ms, 3 retries, poll 2000 ms.
 * tr and clk must live as long as the client.
 */
void fake_options(struct aca_arm_client_options *o, const struct aca_arm_transport *tr,
                  const struct aca_arm_clock *clk);

#endif
