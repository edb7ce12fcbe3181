/* Identity: the login authority's token endpoint, IMDS and the Container
 * Apps identity endpoint issue tokens; ARM calls must carry one. */
#ifndef AZEMU_AUTH_H
#define AZEMU_AUTH_H

#include "tests/azemu/azemu.h"
#include "tests/azemu/http.h"

/** POST /{tenant}/oauth2/v2.0/token (client secret or client assertion). */
void azemu_auth_token_endpoint(struct azemu *emu, const struct azemu_request *req,
                               const char *tenant, struct azemu_response *resp);

/** GET /metadata/identity/oauth2/token (IMDS, header Metadata: true). */
void azemu_auth_imds(struct azemu *emu, const struct azemu_request *req,
                     struct azemu_response *resp);

/** GET /msi/token (IDENTITY_ENDPOINT protocol, header X-IDENTITY-HEADER). */
void azemu_auth_identity_endpoint(struct azemu *emu, const struct azemu_request *req,
                                  struct azemu_response *resp);

/**
 * Check the bearer token of an ARM call; on failure fill resp with ARM's
 * 401 and return -1.  Lock held.
 */
int azemu_auth_check(struct azemu *emu, const struct azemu_request *req,
                     struct azemu_response *resp);

/** Make every issued token expired (the next ARM call gets 401).  Lock held. */
void azemu_auth_expire_all(struct azemu *emu);

#endif
