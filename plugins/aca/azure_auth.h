/* Azure credentials: which identity the plugin uses, how a token request
 * for it looks, and how the answer is read.  No I/O but reading the
 * federated token file; aca_azure_token.c sends the requests and caches. */
#ifndef ACA_AZURE_AUTH_H
#define ACA_AZURE_AUTH_H

#include <stddef.h>
#include <stdint.h>

#include "plugins/aca/arm_arena.h"
#include "plugins/aca/arm_http.h"

/** Kinds of credentials. */
enum aca_azure_credential_kind {
	ACA_AZURE_CRED_AUTO = 0,            /* pick from what is configured (see aca_azure_credential_new) */
	ACA_AZURE_CRED_CLIENT_SECRET,       /* service principal + secret */
	ACA_AZURE_CRED_WORKLOAD_IDENTITY,   /* federated token file (client assertion) */
	ACA_AZURE_CRED_MANAGED_IDENTITY     /* IMDS, or IDENTITY_ENDPOINT + IDENTITY_HEADER */
};

/** The default IMDS token endpoint. */
#define ACA_AZURE_IMDS_ENDPOINT "http://169.254.169.254/metadata/identity/oauth2/token"
/** The default audience: Azure Resource Manager in the public cloud. */
#define ACA_AZURE_ARM_AUDIENCE "https://management.azure.com/"

/** Settings; strings are copied by aca_azure_credential_new. */
struct aca_azure_credential_options {
	enum aca_azure_credential_kind kind;
	const char *authority_host;     /* NULL: https://login.microsoftonline.com */
	const char *tenant_id;
	const char *client_id;          /* with managed identity: a user-assigned identity */
	const char *client_secret;      /* secret */
	const char *federated_token_file;
	const char *identity_endpoint;  /* NULL: IMDS */
	const char *identity_header;    /* set: the Container Apps / App Service protocol */
	const char *audience;           /* NULL: ACA_AZURE_ARM_AUDIENCE */
};

struct aca_azure_credential;

/**
 * Resolve and check a credential.  ACA_AZURE_CRED_AUTO picks, in order: a
 * federated token file, a client secret, the IDENTITY_ENDPOINT protocol
 * (identity_header set), IMDS.  Endpoints must pass aca_arm_url_check_endpoint
 * (IMDS may be plain http).  Returns 0, or -1 with the reason in err.
 */
int aca_azure_credential_new(const struct aca_azure_credential_options *opts, struct aca_azure_credential **out,
                         char *err, size_t errlen);

/** Wipe and free (NULL is a no-op). */
void aca_azure_credential_free(struct aca_azure_credential *cred);

/** The resolved kind. */
enum aca_azure_credential_kind aca_azure_credential_kind(const struct aca_azure_credential *cred);

/** A line for logs naming the credential (never a secret), e.g. "client secret of 1234". */
const char *aca_azure_credential_describe(const struct aca_azure_credential *cred);

/**
 * Build a token request in arena.  The federated token file is read now
 * (it is rotated, so every request reads it again).  *secrets receives up
 * to two secret strings used in the request (the client secret, the
 * assertion) for the caller to register with its redactor; unused slots
 * are NULL.  Returns 0, or -1 with the reason in err.
 */
int aca_azure_credential_request(const struct aca_azure_credential *cred, struct aca_arm_arena *arena,
                             struct aca_arm_http_request *req, const char *secrets[2], char *err,
                             size_t errlen);

/**
 * Read a successful token answer: *token (arena) and its expiry in Unix
 * ms, from expires_in (number or string, relative to now_ms) or expires_on
 * (epoch seconds).  Returns 0, or -1 with the reason in err.
 */
int aca_azure_credential_parse(const struct aca_azure_credential *cred, struct aca_arm_arena *arena,
                           const char *body, size_t len, int64_t now_ms, const char **token,
                           int64_t *expires_ms, char *err, size_t errlen);

#endif
