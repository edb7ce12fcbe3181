/* The Azure side of a volume: its file share in the configured storage
 * account and its storage in the managed environment, made and removed
 * step by step so that the caller can undo or finish what was done.
 *
 * Every function is thread-safe and blocks for the Azure calls (retries
 * and waits included).  Errors come back in struct aca_arm_error, whose
 * message names the resource and never holds a secret. */
#ifndef ACA_VOLUME_AZURE_H
#define ACA_VOLUME_AZURE_H

#include <stdint.h>

#include <sockerless/plugin.h>

#include "plugins/aca/aca_config.h"
#include "plugins/aca/arm_client.h"

/** Share metadata names (C# identifiers, as Azure requires). */
#define ACA_SHARE_META_INSTALLATION "sockerlessinstallation"
#define ACA_SHARE_META_VOLUME "sockerlessvolume"
#define ACA_SHARE_META_CREATED "sockerlesscreated"

/** Prefix of every share and storage name volumes get. */
#define ACA_VOLUME_AZURE_PREFIX "sl-"

struct aca_volume_azure;

/**
 * Set up volume access to Azure for an instance: arm and cfg are borrowed
 * and must outlive the result; installation is copied.  Checks that the
 * settings volumes need are there; when they are not, returns SL_OK with
 * *out NULL and a message naming the missing keys in missing (for the 503
 * of operations that need Azure).  A bad value (share_tier, quota) fails
 * with SL_ERR_INVALID and the reason in missing.
 */
int aca_volume_azure_new(struct aca_arm_client *arm, const struct aca_config *cfg,
                         const char *installation, const struct sl_host *host,
                         struct aca_volume_azure **out, char *missing, size_t len);

/** Free (wiping the cached account key).  NULL is a no-op. */
void aca_volume_azure_free(struct aca_volume_azure *az);

/** The client, for callers that list Azure resources (reconcile). */
struct aca_arm_client *aca_volume_azure_client(struct aca_volume_azure *az);

/** The configured storage account and environment. */
const char *aca_volume_azure_account(const struct aca_volume_azure *az);
const char *aca_volume_azure_environment(const struct aca_volume_azure *az);
const char *aca_volume_azure_installation(const struct aca_volume_azure *az);

/** The quota and tier volumes get when their options name none. */
void aca_volume_azure_defaults(const struct aca_volume_azure *az, unsigned *quota_gib,
                               const char **tier);

/** What a share is created with. */
struct aca_volume_share_req {
	const char *share;
	const char *volume;             /* the Docker name, kept in the metadata */
	unsigned quota_gib;
	const char *tier;
	int64_t created_s;              /* Unix time, kept in the metadata */
};

/**
 * PUT the share with this installation's marker.  A name Azure is still
 * deleting (409 ShareBeingDeleted) is tried again, with growing pauses,
 * for up to share_recreate_wait_s.
 */
int aca_volume_azure_share_put(struct aca_volume_azure *az, const struct aca_volume_share_req *req,
                               struct aca_arm_error *err);

/**
 * PUT the environment storage name for share.  With storage_auth = key
 * the account key goes in (listKeys once, then cached; read again once
 * when Azure refuses the cached key); with identity, a Key Vault
 * reference that the environment's managed identity resolves.
 */
int aca_volume_azure_storage_put(struct aca_volume_azure *az, const char *name, const char *share,
                                 int read_only, struct aca_arm_error *err);

/** DELETE the environment storage; a missing one is success. */
int aca_volume_azure_storage_delete(struct aca_volume_azure *az, const char *name,
                                    struct aca_arm_error *err);

/**
 * DELETE the share; a missing one, or one Azure is already deleting, is
 * success.
 */
int aca_volume_azure_share_delete(struct aca_volume_azure *az, const char *share,
                                  struct aca_arm_error *err);

/** The bytes a share holds, when Azure reports it (*known 0 otherwise). */
int aca_volume_azure_share_usage(struct aca_volume_azure *az, const char *share, int *known,
                                 uint64_t *bytes, struct aca_arm_error *err);

/** How many times the account key was read (tests). */
unsigned aca_volume_azure_key_reads(struct aca_volume_azure *az);

#endif
