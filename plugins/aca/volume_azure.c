/* Shares and environment storages of volumes.
 *
 * The account key (storage_auth = key) is read with listKeys once and kept
 * in memory only: never in the database, a log line or a message.  It is
 * read again when Azure refuses it (the key was rotated).
 *
 * storage_auth = identity sends no key: the environment storage carries a
 * Key Vault reference (accountKeyVaultProperties, in the stable 2025-07-01
 * API), which the environment's managed identity resolves when a job
 * mounts the share.  The typed client call only knows account keys, so
 * that one request is built here on the client's request layer. */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <json-c/json.h>

#include "plugins/aca/arm_json.h"
#include "plugins/aca/arm_request.h"
#include "plugins/aca/arm_url.h"
#include "plugins/aca/volume_azure.h"
#include "plugins/aca/volume_options.h"

struct aca_volume_azure {
	struct aca_arm_client *arm;     /* borrowed */
	const struct aca_config *cfg;   /* borrowed */
	const struct sl_host *host;     /* borrowed */
	char installation[33];
	const char *tier;               /* static: Azure's spelling of cfg->share_tier */
	pthread_mutex_t key_lock;
	char *key;                      /* cached account key (secret), NULL until read */
	unsigned key_reads;
};

static void append_missing(char *buf, size_t len, const char *key)
{
	size_t used = strlen(buf);

	snprintf(buf + used, len - used, "%s%s", used > 0 ? ", " : "", key);
}

static int unset(const char *s)
{
	return s == NULL || s[0] == '\0';
}

int aca_volume_azure_new(struct aca_arm_client *arm, const struct aca_config *cfg,
                         const char *installation, const struct sl_host *host,
                         struct aca_volume_azure **out, char *missing, size_t len)
{
	struct aca_volume_azure *az;
	char keys[256] = "";
	const char *tier = aca_volume_tier_canonical(cfg->share_tier);

	*out = NULL;
	missing[0] = '\0';
	if (tier == NULL) {
		snprintf(missing, len,
		         "share_tier must be TransactionOptimized, Hot, Cool or Premium, not \"%s\"",
		         cfg->share_tier != NULL ? cfg->share_tier : "");
		return SL_ERR_INVALID;
	}
	if (cfg->share_quota_gib < 1 || cfg->share_quota_gib > ACA_VOLUME_QUOTA_MAX) {
		snprintf(missing, len, "share_quota_gib must be from 1 to %u, not %u",
		         ACA_VOLUME_QUOTA_MAX, cfg->share_quota_gib);
		return SL_ERR_INVALID;
	}
	if (unset(cfg->subscription_id))
		append_missing(keys, sizeof(keys), "subscription_id");
	if (unset(cfg->resource_group))
		append_missing(keys, sizeof(keys), "resource_group");
	if (unset(cfg->storage_account))
		append_missing(keys, sizeof(keys), "storage_account");
	if (unset(cfg->environment))
		append_missing(keys, sizeof(keys), "environment");
	if (cfg->storage_auth == ACA_STORAGE_AUTH_IDENTITY && unset(cfg->storage_key_vault_url))
		append_missing(keys, sizeof(keys), "storage_key_vault_url");
	if (keys[0] != '\0' || arm == NULL) {
		snprintf(missing, len,
		         "this backend has no Azure Files settings (missing: %s in its [backend] section)",
		         keys[0] != '\0' ? keys : "Azure credentials");
		return SL_OK;
	}
	az = calloc(1, sizeof(*az));
	if (az == NULL) {
		snprintf(missing, len, "out of memory");
		return SL_ERR_INTERNAL;
	}
	az->arm = arm;
	az->cfg = cfg;
	az->host = host;
	az->tier = tier;
	snprintf(az->installation, sizeof(az->installation), "%s", installation);
	pthread_mutex_init(&az->key_lock, NULL);
	*out = az;
	return SL_OK;
}

static void drop_key(struct aca_volume_azure *az)
{
	if (az->key != NULL) {
		explicit_bzero(az->key, strlen(az->key));
		free(az->key);
		az->key = NULL;
	}
}

void aca_volume_azure_free(struct aca_volume_azure *az)
{
	if (az == NULL)
		return;
	drop_key(az);
	pthread_mutex_destroy(&az->key_lock);
	free(az);
}

struct aca_arm_client *aca_volume_azure_client(struct aca_volume_azure *az)
{
	return az->arm;
}

const char *aca_volume_azure_account(const struct aca_volume_azure *az)
{
	return az->cfg->storage_account;
}

const char *aca_volume_azure_environment(const struct aca_volume_azure *az)
{
	return az->cfg->environment;
}

const char *aca_volume_azure_installation(const struct aca_volume_azure *az)
{
	return az->installation;
}

void aca_volume_azure_defaults(const struct aca_volume_azure *az, unsigned *quota_gib,
                               const char **tier)
{
	*quota_gib = az->cfg->share_quota_gib;
	*tier = az->tier;
}

unsigned aca_volume_azure_key_reads(struct aca_volume_azure *az)
{
	unsigned n;

	pthread_mutex_lock(&az->key_lock);
	n = az->key_reads;
	pthread_mutex_unlock(&az->key_lock);
	return n;
}

static void pause_ms(int64_t ms)
{
	struct timespec ts = { (time_t)(ms / 1000), (long)(ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

static int64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int aca_volume_azure_share_put(struct aca_volume_azure *az, const struct aca_volume_share_req *req,
                               struct aca_arm_error *err)
{
	struct aca_arm_kv meta[3];
	struct aca_arm_share_spec spec;
	char created[32];
	int64_t deadline = mono_ms() + (int64_t)az->cfg->share_recreate_wait_s * 1000;
	int64_t pause = 500;

	snprintf(created, sizeof(created), "%lld", (long long)req->created_s);
	meta[0].key = ACA_SHARE_META_INSTALLATION;
	meta[0].value = az->installation;
	meta[1].key = ACA_SHARE_META_VOLUME;
	meta[1].value = req->volume;
	meta[2].key = ACA_SHARE_META_CREATED;
	meta[2].value = created;
	memset(&spec, 0, sizeof(spec));
	spec.quota_gib = req->quota_gib;
	spec.access_tier = req->tier;
	/* Environment storages of kind azureFile mount SMB shares. */
	spec.enabled_protocols = "SMB";
	spec.metadata.count = 3;
	spec.metadata.items = meta;
	for (;;) {
		struct aca_arm_arena *arena = aca_arm_arena_new();
		struct aca_arm_share share;
		int rc = aca_arm_share_put(az->arm, arena, az->cfg->storage_account, req->share, &spec,
		                           &share, NULL, err);

		aca_arm_arena_free(arena);
		if (rc == SL_OK)
			return SL_OK;
		/* A share of this name deleted moments ago: Azure frees the name
		 * within a minute or so. */
		if (strcasecmp(err->code, "ShareBeingDeleted") != 0 || mono_ms() + pause > deadline)
			return rc;
		az->host->log(az->host, SL_LOG_INFO,
		              "aca: share %s is still being deleted by Azure; trying again in %lld ms",
		              req->share, (long long)pause);
		pause_ms(pause);
		if (pause < 8000)
			pause *= 2;
	}
}

/* Read the account key into the cache (the caller holds key_lock). */
static int read_key(struct aca_volume_azure *az, struct aca_arm_error *err)
{
	struct aca_arm_arena *arena = aca_arm_arena_new();
	struct aca_arm_storage_keys keys;
	const char *value = NULL;
	int rc = aca_arm_storage_list_keys(az->arm, arena, az->cfg->storage_account, &keys, err);

	if (rc == SL_OK) {
		for (size_t i = 0; i < keys.count && value == NULL; i++) {
			if (keys.items[i].permissions == NULL ||
			    strcasecmp(keys.items[i].permissions, "Full") == 0)
				value = keys.items[i].value;
		}
		if (value == NULL) {
			aca_arm_error_clear(err);
			err->status = SL_ERR_UNAVAILABLE;
			snprintf(err->message, sizeof(err->message),
			         "storage account %s: listKeys gave no key with full permissions",
			         az->cfg->storage_account);
			rc = err->status;
		} else {
			drop_key(az);
			az->key = strdup(value);
			az->key_reads++;
			if (az->key == NULL)
				abort();
		}
	}
	aca_arm_arena_free_wiped(arena);
	return rc;
}

/* Did Azure refuse the account key we sent? */
static int key_refused(const struct aca_arm_error *err)
{
	return strcasecmp(err->code, "ManagedEnvironmentStorageInvalidCredentials") == 0 ||
	       err->http_status == 401 || err->http_status == 403;
}

/* A copy of the cached key (read first if needed), so that no lock is
 * held during the Azure call.  Free it with drop_copy. */
static int key_copy(struct aca_volume_azure *az, int refresh, char **out,
                    struct aca_arm_error *err)
{
	int rc = SL_OK;

	*out = NULL;
	pthread_mutex_lock(&az->key_lock);
	if (az->key == NULL || refresh)
		rc = read_key(az, err);
	if (rc == SL_OK && az->key != NULL) {
		*out = strdup(az->key);
		if (*out == NULL)
			abort();
	} else if (rc == SL_OK) {
		aca_arm_error_clear(err);
		err->status = SL_ERR_INTERNAL;
		snprintf(err->message, sizeof(err->message), "storage account %s: no account key",
		         az->cfg->storage_account);
		rc = err->status;
	}
	pthread_mutex_unlock(&az->key_lock);
	return rc;
}

static void drop_copy(char *key)
{
	if (key != NULL) {
		explicit_bzero(key, strlen(key));
		free(key);
	}
}

static int put_with_key(struct aca_volume_azure *az, const char *name, const char *share,
                        int read_only, struct aca_arm_error *err)
{
	int rc = SL_OK;

	for (int attempt = 0; attempt < 2; attempt++) {
		struct aca_arm_env_storage_spec spec;
		struct aca_arm_env_storage out;
		struct aca_arm_arena *arena;
		char *key;

		rc = key_copy(az, attempt > 0, &key, err);
		if (rc != SL_OK)
			return rc;
		memset(&spec, 0, sizeof(spec));
		spec.account_name = az->cfg->storage_account;
		spec.account_key = key;
		spec.share_name = share;
		spec.access_mode = read_only ? ACA_ARM_ACCESS_READ_ONLY : ACA_ARM_ACCESS_READ_WRITE;
		arena = aca_arm_arena_new();
		rc = aca_arm_env_storage_put(az->arm, arena, az->cfg->environment, name, &spec, &out,
		                             err);
		aca_arm_arena_free_wiped(arena);
		drop_copy(key);
		if (rc == SL_OK || !key_refused(err))
			return rc;
		az->host->log(az->host, SL_LOG_INFO,
		              "aca: environment storage %s: the account key was refused; reading it again",
		              name);
	}
	return rc;
}

static int put_with_identity(struct aca_volume_azure *az, const char *name, const char *share,
                             int read_only, struct aca_arm_error *err)
{
	struct aca_arm_arena *arena = aca_arm_arena_new();
	json_object *body = json_object_new_object(), *props = json_object_new_object();
	json_object *af = json_object_new_object(), *kv = json_object_new_object();
	struct aca_arm_call call;
	struct aca_arm_answer ans;
	int rc;

	aca_arm_json_add_string(kv, "keyVaultUrl", az->cfg->storage_key_vault_url);
	aca_arm_json_add_string(kv, "identity", az->cfg->storage_identity);
	aca_arm_json_add_string(af, "accountName", az->cfg->storage_account);
	json_object_object_add(af, "accountKeyVaultProperties", kv);
	aca_arm_json_add_string(af, "shareName", share);
	aca_arm_json_add_string(af, "accessMode", read_only ? "ReadOnly" : "ReadWrite");
	json_object_object_add(props, "azureFile", af);
	json_object_object_add(body, "properties", props);
	memset(&call, 0, sizeof(call));
	call.method = "PUT";
	call.path = aca_arm_resource_path(az->arm, arena,
	                                  "Microsoft.App/managedEnvironments/%s/storages/%s",
	                                  aca_arm_url_escape(arena, az->cfg->environment),
	                                  aca_arm_url_escape(arena, name));
	call.api_version = ACA_ARM_API_APP;
	call.body = aca_arm_json_finish(arena, body, 0);
	call.idempotent = 1;
	call.what = aca_arm_arena_sprintf(arena, "environment storage %s", name);
	rc = aca_arm_send(az->arm, arena, &call, &ans, err);
	aca_arm_arena_free(arena);
	return rc;
}

int aca_volume_azure_storage_put(struct aca_volume_azure *az, const char *name, const char *share,
                                 int read_only, struct aca_arm_error *err)
{
	if (az->cfg->storage_auth == ACA_STORAGE_AUTH_IDENTITY)
		return put_with_identity(az, name, share, read_only, err);
	return put_with_key(az, name, share, read_only, err);
}

int aca_volume_azure_storage_delete(struct aca_volume_azure *az, const char *name,
                                    struct aca_arm_error *err)
{
	struct aca_arm_arena *arena = aca_arm_arena_new();
	int rc = aca_arm_env_storage_delete(az->arm, arena, az->cfg->environment, name, NULL, err);

	aca_arm_arena_free(arena);
	if (rc == SL_ERR_NOT_FOUND) {
		aca_arm_error_clear(err);
		return SL_OK;
	}
	return rc;
}

int aca_volume_azure_share_delete(struct aca_volume_azure *az, const char *share,
                                  struct aca_arm_error *err)
{
	struct aca_arm_arena *arena = aca_arm_arena_new();
	int rc = aca_arm_share_delete(az->arm, arena, az->cfg->storage_account, share, NULL, err);

	aca_arm_arena_free(arena);
	/* Gone, or going: either way the share will not come back. */
	if (rc == SL_ERR_NOT_FOUND || (rc != SL_OK && strcasecmp(err->code, "ShareBeingDeleted") == 0)) {
		aca_arm_error_clear(err);
		return SL_OK;
	}
	return rc;
}

int aca_volume_azure_share_usage(struct aca_volume_azure *az, const char *share, int *known,
                                 uint64_t *bytes, struct aca_arm_error *err)
{
	struct aca_arm_arena *arena = aca_arm_arena_new();
	struct aca_arm_share out;
	int rc = aca_arm_share_get(az->arm, arena, az->cfg->storage_account, share, 1, &out, err);

	*known = 0;
	*bytes = 0;
	if (rc == SL_OK && out.has_usage) {
		*known = 1;
		*bytes = out.usage_bytes;
	}
	aca_arm_arena_free(arena);
	return rc;
}
