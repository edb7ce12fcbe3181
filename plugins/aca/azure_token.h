/* The bearer-token source of the ARM client: one cached token, refreshed
 * shortly before it expires by one thread at a time, and on demand after
 * ARM answered 401. */
#ifndef ACA_AZURE_TOKEN_H
#define ACA_AZURE_TOKEN_H

#include <stdint.h>

#include "plugins/aca/arm_error.h"
#include "plugins/aca/arm_runtime.h"
#include "plugins/aca/azure_auth.h"

struct aca_azure_token;

/**
 * Create a token source over cred (ownership passes to the source) using
 * rt (borrowed; must outlive the source).  A cached token is used until
 * margin_ms before its expiry; the margin shrinks to half the lifetime for
 * short-lived tokens.
 */
struct aca_azure_token *aca_azure_token_new(struct aca_azure_credential *cred, const struct aca_arm_runtime *rt,
                                    int64_t margin_ms);

/** Free the source and wipe the cached token (NULL is a no-op). */
void aca_azure_token_free(struct aca_azure_token *t);

/**
 * A valid token, copied into *token (malloc'd; the caller wipes and frees
 * it).  Fetches a new one when the cache is empty, near expiry or
 * invalidated; concurrent callers wait for one fetch.  Returns SL_OK or an
 * error code with err set ("token: invalid_client: AADSTS7000215: ...").
 */
int aca_azure_token_get(struct aca_azure_token *t, char **token, struct aca_arm_error *err);

/**
 * Forget the cached token if it is still `token` (the one a 401 rejected),
 * so the next aca_azure_token_get fetches a fresh one.  A token some other
 * thread already replaced is left alone.
 */
void aca_azure_token_invalidate(struct aca_azure_token *t, const char *token);

/** How many tokens were fetched so far (for tests and metrics). */
unsigned aca_azure_token_fetches(struct aca_azure_token *t);

#endif
