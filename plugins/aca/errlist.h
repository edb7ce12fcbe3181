/* Lists of error messages joined the way Docker joins them (its internal
 * multierror package), so that several validation failures read exactly
 * as dockerd prints them. */
#ifndef ACA_ERRLIST_H
#define ACA_ERRLIST_H

#include <stddef.h>

#include <sockerless/plugin.h>

/** A growable list of messages; every string lives in the call's arena. */
struct aca_errlist {
	const struct sl_host *host;
	struct sl_call *call;
	const char **items;
	size_t count;
	size_t cap;
};

/** Start an empty list. */
void aca_errlist_init(struct aca_errlist *l, const struct sl_host *host, struct sl_call *call);

/** Append a formatted message. */
void aca_errlist_add(struct aca_errlist *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/**
 * Docker's join: NULL for no message; one message with surrounding
 * whitespace trimmed; several as "* a\n* b" with inner newlines indented
 * by a tab.
 */
const char *aca_errlist_join(const struct aca_errlist *l);

#endif
