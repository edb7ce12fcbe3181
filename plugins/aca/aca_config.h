/* The aca plugin's settings, read from its [backend] section. */
#ifndef ACA_CONFIG_H
#define ACA_CONFIG_H

#include <sockerless/plugin.h>

/** How Container Apps reach the Azure Files shares. */
enum aca_storage_auth {
	ACA_STORAGE_AUTH_KEY = 0,       /* the account key goes into the environment storage */
	ACA_STORAGE_AUTH_IDENTITY = 1   /* the environment's managed identity */
};

/** Which Azure credential the ARM client uses. */
enum aca_credential {
	ACA_CREDENTIAL_AUTO = 0,                /* federated file, else secret, else managed identity */
	ACA_CREDENTIAL_CLIENT_SECRET = 1,
	ACA_CREDENTIAL_WORKLOAD_IDENTITY = 2,
	ACA_CREDENTIAL_MANAGED_IDENTITY = 3
};

/** Parsed settings.  Owns every string. */
struct aca_config {
	char *state_db;                 /* SQLite database path (required) */
	char *subscription_id;
	char *resource_group;
	char *environment;              /* managed environment name */
	char *location;
	char *storage_account;
	char *arm_endpoint;             /* default https://management.azure.com */
	char *authority_host;           /* default https://login.microsoftonline.com */
	char *identity_endpoint;        /* IMDS or IDENTITY_ENDPOINT */
	char *identity_header;          /* IDENTITY_HEADER (secret): Container Apps identity protocol */
	char *arm_audience;             /* token audience, default https://management.azure.com/ */
	char *tenant_id;
	char *client_id;
	char *client_secret;            /* secret: never logged */
	char *federated_token_file;
	char *ca_file;                  /* extra CA bundle for TLS to ARM (tests) */
	enum aca_credential credential;
	unsigned connect_timeout_ms;    /* TCP + TLS connect, default 10000 */
	unsigned request_timeout_ms;    /* one whole HTTP request, default 60000 */
	unsigned retry_max;             /* retries after the first attempt, default 3 */
	unsigned retry_base_ms;         /* first backoff, default 800 */
	unsigned retry_budget_s;        /* one call with its retries, default 120 */
	unsigned lro_poll_ms;           /* poll interval when Azure names none, default 2000 */
	unsigned lro_timeout_s;         /* one long-running operation, default 1200 */
	enum aca_storage_auth storage_auth;
	int volume_force_in_use;        /* volume_force_remove = in-use */
	unsigned share_quota_gib;       /* default quota of a share, GiB (100) */
	char *share_tier;               /* default access tier (TransactionOptimized) */
	char *storage_key_vault_url;    /* storage_auth = identity: Key Vault secret holding the key */
	char *storage_identity;         /* storage_auth = identity: "system" or a UAMI resource id */
	unsigned share_recreate_wait_s; /* how long a create waits out ShareBeingDeleted (120) */
	unsigned reconcile_grace_s;     /* age before reconcile touches unfinished work (600) */
	unsigned reconcile_interval_s;  /* between reconcile passes, 0: only at start (300) */
	unsigned job_timeout_s;
};

/**
 * Read and check the section through host.  Unknown keys and bad values
 * fail the call with "<file>:<line>: ..." messages.  Azure SDK environment
 * variables (AZURE_TENANT_ID, ...) fill keys the section leaves unset.
 */
int aca_config_load(const struct sl_host *host, struct sl_call *call, struct aca_config *out);

/** Free what aca_config_load allocated (secrets are wiped first). */
void aca_config_free(struct aca_config *cfg);

#endif
