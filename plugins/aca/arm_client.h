/*
 * The ARM client: every Azure call the aca plugin makes goes through here.
 *
 * One struct aca_arm_client per plugin instance, shared by all gateway threads
 * (every function below is thread-safe).  It owns a libcurl connection pool
 * (or a transport injected by tests), the token source, the secret
 * registry and the retry and polling policy.
 *
 * Conventions of every call:
 *  - Results are written into caller-provided structs whose strings and
 *    arrays live in `arena` (aca_arm_arena.h): free the arena when done, with
 *    aca_arm_arena_free_wiped() if it held a storage key.
 *  - A call returns SL_OK or an enum sl_status code; on error `err` says
 *    why as "<resource>: <ARM code>: <message>", without secrets, ready for
 *    host->fail(call, err.status, "aca: volume create: %s", err.message).
 *  - Transient failures (408, 429, 5xx, lost connections) are retried with
 *    backoff inside the call; long-running operations are waited for.
 *  - Resource names are the Azure names (already sanitised by the caller);
 *    the subscription and resource group are the client's.
 */
#ifndef ACA_ARM_CLIENT_H
#define ACA_ARM_CLIENT_H

#include <stddef.h>
#include <stdint.h>

#include <sockerless/plugin.h>

#include "plugins/aca/aca_config.h"
#include "plugins/aca/arm_arena.h"
#include "plugins/aca/arm_clock.h"
#include "plugins/aca/arm_error.h"
#include "plugins/aca/arm_http.h"
#include "plugins/aca/arm_retry.h"
#include "plugins/aca/azure_auth.h"

/* ------------------------------------------------------------------ */
/* api-versions, pinned per resource type                              */
/* ------------------------------------------------------------------ */

/** Microsoft.App jobs, executions, managed environments and their storages. */
#define ACA_ARM_API_APP "2025-07-01"
/** Microsoft.Storage accounts, listKeys and file shares. */
#define ACA_ARM_API_STORAGE "2023-05-01"
/** Microsoft.Network private DNS zones and record sets. */
#define ACA_ARM_API_PRIVATE_DNS "2024-06-01"

/* ------------------------------------------------------------------ */
/* The client                                                          */
/* ------------------------------------------------------------------ */

/** Settings of a client.  Strings are copied by aca_arm_client_new. */
struct aca_arm_client_options {
	const char *subscription_id;            /* required */
	const char *resource_group;             /* required */
	const char *arm_endpoint;               /* NULL: https://management.azure.com */
	struct aca_azure_credential_options credential;
	const char *ca_file;                    /* extra CA bundle for TLS, NULL: system */
	long connect_timeout_ms;                /* <= 0: 10000 */
	long request_timeout_ms;                /* whole request; <= 0: 60000 */
	struct aca_arm_retry_policy retry;          /* max_retries < 0: defaults */
	int64_t lro_poll_ms;                    /* poll interval when Azure names none; <= 0: 2000 */
	int64_t lro_timeout_ms;                 /* overall limit of one operation; <= 0: 1200000 */
	int64_t token_margin_ms;                /* refresh this long before expiry; <= 0: 300000 */
	/** Log sink (may be NULL); lines are already redacted. */
	void (*log)(void *arg, enum sl_log_level level, const char *line);
	void *log_arg;
	enum sl_log_level log_level;            /* most verbose level passed to log */
	/** Test seams: NULL means libcurl and the real clock. */
	const struct aca_arm_transport *transport;
	const struct aca_arm_clock *clock;
};

struct aca_arm_client;

/**
 * Fill opts from the plugin's parsed config (borrowing its strings): every
 * endpoint, credential and timeout key.  Leaves log, transport and clock
 * NULL.
 */
void aca_arm_client_options_from_config(const struct aca_config *cfg, struct aca_arm_client_options *opts);

/**
 * Create a client.  Checks the endpoints (https, or plain http for loopback
 * hosts only) and the credential settings; makes no request.  Returns
 * SL_OK, or SL_ERR_INVALID with err set.  Free with aca_arm_client_free.
 */
int aca_arm_client_new(const struct aca_arm_client_options *opts, struct aca_arm_client **out,
                   struct aca_arm_error *err);

/** Free a client; no call may be running (NULL is a no-op). */
void aca_arm_client_free(struct aca_arm_client *c);

/**
 * Register a secret the client did not create itself (a storage key read
 * elsewhere) so logs and messages never show it.
 */
void aca_arm_client_add_secret(struct aca_arm_client *c, const char *secret);

/**
 * Copy text into dst with every secret the client knows removed: for
 * callers that log things derived from ARM answers.
 */
void aca_arm_client_redact(const struct aca_arm_client *c, const char *text, char *dst, size_t dstlen);

/** Resource id of a managed environment of this subscription and resource group (arena). */
const char *aca_arm_client_environment_id(struct aca_arm_client *c, struct aca_arm_arena *arena,
                                      const char *environment);

/** How many tokens the client fetched so far (tests, metrics). */
unsigned aca_arm_client_token_fetches(struct aca_arm_client *c);

/**
 * Report a failed call to the gateway in the one format every hook uses:
 * "aca: <operation>: <err->message>", with err's status, e.g.
 * "aca: volume create: share sockerless-x: ShareBeingDeleted: ...".
 * Returns the status, so a hook can `return aca_arm_fail(...)`.
 */
int aca_arm_fail(const struct sl_host *host, struct sl_call *call, const struct aca_arm_error *err,
                 const char *operation);

/* ------------------------------------------------------------------ */
/* Small value types                                                   */
/* ------------------------------------------------------------------ */

/** A key/value pair. */
struct aca_arm_kv {
	const char *key;
	const char *value;
};

/** A string map (metadata, tags). */
struct aca_arm_map {
	size_t count;
	const struct aca_arm_kv *items;
};

/** A string list. */
struct aca_arm_strv {
	size_t count;
	const char *const *items;
};

/* ------------------------------------------------------------------ */
/* Storage accounts and file shares (Microsoft.Storage)               */
/* ------------------------------------------------------------------ */

/** A storage account. */
struct aca_arm_storage_account {
	const char *id;
	const char *name;
	const char *location;
	const char *kind;                       /* StorageV2, FileStorage, ... */
	const char *sku;                        /* Standard_LRS, ... */
	const char *provisioning_state;
	const char *file_endpoint;              /* https://<account>.file.core.windows.net/ */
};

/** One account key.  value is a secret: never log it. */
struct aca_arm_storage_key {
	const char *name;                       /* key1, key2 */
	const char *permissions;                /* Full, Read */
	const char *value;
};

/** The keys of an account. */
struct aca_arm_storage_keys {
	size_t count;
	const struct aca_arm_storage_key *items;
};

/** GET a storage account. */
int aca_arm_storage_account_get(struct aca_arm_client *c, struct aca_arm_arena *arena, const char *account,
                            struct aca_arm_storage_account *out, struct aca_arm_error *err);

/**
 * POST .../listKeys.  The values are registered with the client's redactor
 * before this returns; free the arena with aca_arm_arena_free_wiped().
 */
int aca_arm_storage_list_keys(struct aca_arm_client *c, struct aca_arm_arena *arena, const char *account,
                          struct aca_arm_storage_keys *out, struct aca_arm_error *err);

/** What to create or update a share with; zero/NULL members are not sent. */
struct aca_arm_share_spec {
	unsigned quota_gib;                     /* shareQuota, 0: Azure's default */
	const char *access_tier;                /* TransactionOptimized, Hot, Cool, Premium */
	const char *enabled_protocols;          /* SMB (default) or NFS; create-only */
	struct aca_arm_map metadata;                /* names must be C# identifiers */
};

/** A file share. */
struct aca_arm_share {
	const char *id;
	const char *name;
	const char *etag;
	unsigned quota_gib;
	const char *access_tier;
	const char *enabled_protocols;
	const char *last_modified;
	struct aca_arm_map metadata;
	int has_usage;                          /* shareUsageBytes was reported */
	uint64_t usage_bytes;
	int deleted;                            /* soft-deleted (lists with deleted shares) */
};

/** A list of shares. */
struct aca_arm_share_list {
	size_t count;
	const struct aca_arm_share *items;
};

/**
 * PUT a share (create, or update an existing one).  *created (may be NULL)
 * is set when Azure answered 201.  A share of that name deleted moments ago
 * gives SL_ERR_CONFLICT with code ShareBeingDeleted: try again later.
 */
int aca_arm_share_put(struct aca_arm_client *c, struct aca_arm_arena *arena, const char *account,
                  const char *share, const struct aca_arm_share_spec *spec, struct aca_arm_share *out,
                  int *created, struct aca_arm_error *err);

/** GET a share; with_stats asks for shareUsageBytes ($expand=stats). */
int aca_arm_share_get(struct aca_arm_client *c, struct aca_arm_arena *arena, const char *account,
                  const char *share, int with_stats, struct aca_arm_share *out, struct aca_arm_error *err);

/**
 * List the shares of an account (every page), with their metadata.
 * prefix (may be NULL) keeps names starting with it ($filter).
 */
int aca_arm_share_list(struct aca_arm_client *c, struct aca_arm_arena *arena, const char *account,
                   const char *prefix, struct aca_arm_share_list *out, struct aca_arm_error *err);

/** DELETE a share; *existed (may be NULL) is cleared when Azure answered 204. */
int aca_arm_share_delete(struct aca_arm_client *c, struct aca_arm_arena *arena, const char *account,
                     const char *share, int *existed, struct aca_arm_error *err);

/* ------------------------------------------------------------------ */
/* Managed environments and their storages (Microsoft.App)            */
/* ------------------------------------------------------------------ */

/** A managed environment. */
struct aca_arm_environment {
	const char *id;
	const char *name;
	const char *location;
	const char *provisioning_state;
	const char *default_domain;
	const char *static_ip;
};

/** GET a managed environment. */
int aca_arm_environment_get(struct aca_arm_client *c, struct aca_arm_arena *arena, const char *environment,
                        struct aca_arm_environment *out, struct aca_arm_error *err);

/** Access of a storage. */
enum aca_arm_access_mode {
	ACA_ARM_ACCESS_READ_WRITE = 0,
	ACA_ARM_ACCESS_READ_ONLY = 1
};

/**
 * An Azure Files (SMB) environment storage to create.  The account key is
 * given either directly (account_key) or as a Key Vault secret the
 * environment's managed identity reads (key_vault_url set: sent as
 * accountKeyVaultProperties, and account_key is ignored).
 */
struct aca_arm_env_storage_spec {
	const char *account_name;
	const char *account_key;                /* secret: registered with the redactor */
	const char *share_name;
	enum aca_arm_access_mode access_mode;
	const char *key_vault_url;              /* NULL: use account_key */
	const char *key_vault_identity;         /* "system" or a user-assigned identity's id */
};

/** An environment storage as Azure shows it (the key is never returned). */
struct aca_arm_env_storage {
	const char *id;
	const char *name;
	const char *kind;                       /* "azureFile" or "nfsAzureFile" */
	const char *account_name;               /* azureFile */
	const char *server;                     /* nfsAzureFile */
	const char *share_name;
	const char *access_mode;                /* ReadWrite, ReadOnly */
};

/** A list of environment storages. */
struct aca_arm_env_storage_list {
	size_t count;
	const struct aca_arm_env_storage *items;
};

/** PUT an environment storage (synchronous in Azure). */
int aca_arm_env_storage_put(struct aca_arm_client *c, struct aca_arm_arena *arena, const char *environment,
                        const char *name, const struct aca_arm_env_storage_spec *spec,
                        struct aca_arm_env_storage *out, struct aca_arm_error *err);

/** GET an environment storage. */
int aca_arm_env_storage_get(struct aca_arm_client *c, struct aca_arm_arena *arena, const char *environment,
                        const char *name, struct aca_arm_env_storage *out, struct aca_arm_error *err);

/** List the storages of an environment. */
int aca_arm_env_storage_list(struct aca_arm_client *c, struct aca_arm_arena *arena, const char *environment,
                         struct aca_arm_env_storage_list *out, struct aca_arm_error *err);

/** DELETE an environment storage; *existed (may be NULL) is cleared on 204. */
int aca_arm_env_storage_delete(struct aca_arm_client *c, struct aca_arm_arena *arena, const char *environment,
                           const char *name, int *existed, struct aca_arm_error *err);

/* ------------------------------------------------------------------ */
/* Container Apps jobs and executions (Microsoft.App)                 */
/* ------------------------------------------------------------------ */

/** An environment variable: a value, or a reference to a job secret. */
struct aca_arm_env_var {
	const char *name;
	const char *value;                      /* NULL when secret_ref is set */
	const char *secret_ref;
};

/** A mount of a template volume into a container. */
struct aca_arm_volume_mount {
	const char *volume_name;
	const char *mount_path;                 /* must not contain ':' */
	const char *sub_path;                   /* NULL: the volume's root */
};

/** A container of a job template. */
struct aca_arm_container {
	const char *name;
	const char *image;
	struct aca_arm_strv command;                /* Docker's entrypoint; count 0: the image's */
	struct aca_arm_strv args;                   /* Docker's cmd */
	size_t n_env;
	const struct aca_arm_env_var *env;
	double cpu;                             /* cores, 0: not sent */
	const char *memory;                     /* "0.5Gi", NULL: not sent */
	size_t n_mounts;
	const struct aca_arm_volume_mount *mounts;
};

/** Kinds of template volumes the plugin uses. */
enum aca_arm_storage_type {
	ACA_ARM_STORAGE_EMPTY_DIR = 0,              /* anonymous volumes */
	ACA_ARM_STORAGE_AZURE_FILE = 1              /* named volumes: an environment storage */
};

/** A template volume. */
struct aca_arm_volume {
	const char *name;
	enum aca_arm_storage_type type;
	const char *storage_name;               /* AzureFile: the environment storage */
	const char *mount_options;              /* NULL: none */
};

/**
 * A manual-trigger job (one replica, parallelism 1, completion count 1, no
 * retries): what the plugin makes of a Docker container.
 */
struct aca_arm_job_spec {
	const char *location;                   /* required */
	const char *environment_id;             /* required: aca_arm_client_environment_id() */
	const char *workload_profile;           /* NULL: none */
	struct aca_arm_map tags;
	int replica_timeout_s;                  /* > 0 */
	size_t n_containers;                    /* >= 1 */
	const struct aca_arm_container *containers;
	size_t n_volumes;
	const struct aca_arm_volume *volumes;
};

/** A job as Azure shows it. */
struct aca_arm_job {
	const char *id;
	const char *name;
	const char *location;
	const char *provisioning_state;         /* InProgress, Succeeded, Failed, Canceled, Deleting */
	const char *environment_id;
	const char *trigger_type;
	int replica_timeout_s;
	int parallelism;
	struct aca_arm_map tags;
	size_t n_containers;
	const struct aca_arm_container *containers;
	size_t n_volumes;
	const struct aca_arm_volume *volumes;
};

/** A list of jobs. */
struct aca_arm_job_list {
	size_t count;
	const struct aca_arm_job *items;
};

/**
 * PUT a job and wait for its provisioning (Azure-AsyncOperation), then GET
 * it into out.  A failed provisioning is an error with Azure's reason.
 */
int aca_arm_job_put(struct aca_arm_client *c, struct aca_arm_arena *arena, const char *job,
                const struct aca_arm_job_spec *spec, struct aca_arm_job *out, struct aca_arm_error *err);

/** GET a job. */
int aca_arm_job_get(struct aca_arm_client *c, struct aca_arm_arena *arena, const char *job,
                struct aca_arm_job *out, struct aca_arm_error *err);

/** List the jobs of the resource group (every page). */
int aca_arm_job_list(struct aca_arm_client *c, struct aca_arm_arena *arena, struct aca_arm_job_list *out,
                 struct aca_arm_error *err);

/**
 * DELETE a job and wait until it is gone (Location polling); *existed (may
 * be NULL) is cleared when Azure answered 204.
 */
int aca_arm_job_delete(struct aca_arm_client *c, struct aca_arm_arena *arena, const char *job, int *existed,
                   struct aca_arm_error *err);

/**
 * POST .../start: start one execution and return its name (arena).  Not
 * retried after an unknown outcome (it would start a second execution):
 * such an error says so, and the caller lists executions to find out.
 */
int aca_arm_job_start(struct aca_arm_client *c, struct aca_arm_arena *arena, const char *job,
                  const char **execution, struct aca_arm_error *err);

/** A job execution. */
struct aca_arm_execution {
	const char *id;
	const char *name;
	const char *status;                     /* Running, Processing, Stopped, Degraded, Failed, Unknown, Succeeded */
	const char *start_time;                 /* RFC 3339, NULL if unknown */
	const char *end_time;
};

/** A list of executions. */
struct aca_arm_execution_list {
	size_t count;
	const struct aca_arm_execution *items;
};

/** Is an execution status final (Succeeded, Failed, Stopped, Degraded)? */
int aca_arm_execution_status_terminal(const char *status);

/** GET one execution. */
int aca_arm_execution_get(struct aca_arm_client *c, struct aca_arm_arena *arena, const char *job,
                      const char *execution, struct aca_arm_execution *out, struct aca_arm_error *err);

/** List the executions of a job (every page). */
int aca_arm_execution_list(struct aca_arm_client *c, struct aca_arm_arena *arena, const char *job,
                       struct aca_arm_execution_list *out, struct aca_arm_error *err);

/** POST .../executions/{name}/stop and wait for it. */
int aca_arm_execution_stop(struct aca_arm_client *c, struct aca_arm_arena *arena, const char *job,
                       const char *execution, struct aca_arm_error *err);

/* ------------------------------------------------------------------ */
/* Private DNS A record sets (Microsoft.Network)                      */
/* ------------------------------------------------------------------ */

/** An A record set to write. */
struct aca_arm_dns_a_spec {
	long ttl;                               /* seconds */
	struct aca_arm_strv ipv4;                   /* addresses */
	struct aca_arm_map metadata;
};

/** An A record set as Azure shows it. */
struct aca_arm_dns_a {
	const char *id;
	const char *name;
	const char *etag;
	const char *fqdn;
	long ttl;
	struct aca_arm_strv ipv4;
	struct aca_arm_map metadata;
};

/** A list of A record sets. */
struct aca_arm_dns_a_list {
	size_t count;
	const struct aca_arm_dns_a *items;
};

/**
 * Optimistic concurrency: if_match (an etag) writes or deletes only an
 * unchanged record set; if_none_match creates only.  A failed condition is
 * SL_ERR_CONFLICT with code PreconditionFailed.
 */
struct aca_arm_precondition {
	const char *if_match;                   /* NULL: none */
	int if_none_match;                      /* send If-None-Match: * */
};

/** PUT an A record set in a zone of the resource group; pre may be NULL. */
int aca_arm_dns_a_put(struct aca_arm_client *c, struct aca_arm_arena *arena, const char *zone,
                  const char *name, const struct aca_arm_dns_a_spec *spec,
                  const struct aca_arm_precondition *pre, struct aca_arm_dns_a *out, struct aca_arm_error *err);

/** GET an A record set. */
int aca_arm_dns_a_get(struct aca_arm_client *c, struct aca_arm_arena *arena, const char *zone,
                  const char *name, struct aca_arm_dns_a *out, struct aca_arm_error *err);

/** List the A record sets of a zone (every page). */
int aca_arm_dns_a_list(struct aca_arm_client *c, struct aca_arm_arena *arena, const char *zone,
                   struct aca_arm_dns_a_list *out, struct aca_arm_error *err);

/** DELETE an A record set; pre may be NULL; *existed (may be NULL) is cleared on 204. */
int aca_arm_dns_a_delete(struct aca_arm_client *c, struct aca_arm_arena *arena, const char *zone,
                     const char *name, const struct aca_arm_precondition *pre, int *existed,
                     struct aca_arm_error *err);

#endif
