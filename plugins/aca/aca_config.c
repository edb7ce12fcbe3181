/* Config of the aca plugin.  Every key is listed in one table, so that an
 * unknown key (a typo) is an error at start-up rather than a silently
 * ignored setting. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "plugins/aca/aca_config.h"

enum key_kind { KEY_STRING, KEY_UINT, KEY_AUTH, KEY_FORCE, KEY_CREDENTIAL };

struct key_spec {
	const char *key;
	enum key_kind kind;
	int secret;                     /* wiped when freed */
	size_t offset;
	const char *env;                /* environment default, or NULL */
};

#define STR_KEY(name, env) { #name, KEY_STRING, 0, offsetof(struct aca_config, name), env }
#define SECRET_KEY(name, env) { #name, KEY_STRING, 1, offsetof(struct aca_config, name), env }
#define UINT_KEY(name) { #name, KEY_UINT, 0, offsetof(struct aca_config, name), NULL }

static const struct key_spec keys[] = {
	STR_KEY(state_db, NULL),
	STR_KEY(subscription_id, "AZURE_SUBSCRIPTION_ID"),
	STR_KEY(resource_group, NULL),
	STR_KEY(environment, NULL),
	STR_KEY(location, NULL),
	STR_KEY(storage_account, NULL),
	STR_KEY(arm_endpoint, NULL),
	STR_KEY(authority_host, "AZURE_AUTHORITY_HOST"),
	STR_KEY(identity_endpoint, "IDENTITY_ENDPOINT"),
	SECRET_KEY(identity_header, "IDENTITY_HEADER"),
	STR_KEY(arm_audience, NULL),
	STR_KEY(tenant_id, "AZURE_TENANT_ID"),
	STR_KEY(client_id, "AZURE_CLIENT_ID"),
	SECRET_KEY(client_secret, "AZURE_CLIENT_SECRET"),
	STR_KEY(federated_token_file, "AZURE_FEDERATED_TOKEN_FILE"),
	STR_KEY(ca_file, NULL),
	STR_KEY(share_tier, NULL),
	STR_KEY(storage_key_vault_url, NULL),
	STR_KEY(storage_identity, NULL),
	{ "storage_auth", KEY_AUTH, 0, offsetof(struct aca_config, storage_auth), NULL },
	{ "volume_force_remove", KEY_FORCE, 0, offsetof(struct aca_config, volume_force_in_use), NULL },
	{ "credential", KEY_CREDENTIAL, 0, offsetof(struct aca_config, credential), NULL },
	UINT_KEY(share_quota_gib),
	UINT_KEY(share_recreate_wait_s),
	UINT_KEY(reconcile_grace_s),
	UINT_KEY(reconcile_interval_s),
	UINT_KEY(job_timeout_s),
	UINT_KEY(connect_timeout_ms),
	UINT_KEY(request_timeout_ms),
	UINT_KEY(retry_max),
	UINT_KEY(retry_base_ms),
	UINT_KEY(retry_budget_s),
	UINT_KEY(lro_poll_ms),
	UINT_KEY(lro_timeout_s),
};

struct load_state {
	const struct sl_host *host;
	struct sl_call *call;
	struct aca_config *cfg;
	int rc;
};

static const struct key_spec *find_key(const char *key)
{
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		if (strcmp(keys[i].key, key) == 0)
			return &keys[i];
	}
	return NULL;
}

static int set_key(void *arg, const char *key, const char *value, unsigned line)
{
	struct load_state *st = arg;
	const struct key_spec *spec = find_key(key);
	const char *file = st->host->config_file(st->host);
	char *base = (char *)st->cfg;

	if (spec == NULL) {
		st->rc = st->host->fail(st->call, SL_ERR_INVALID, "%s:%u: unknown key \"%s\" for the aca plugin",
		                        file, line, key);
		return 1;
	}
	switch (spec->kind) {
	case KEY_STRING: {
		char **slot = (char **)(void *)(base + spec->offset);

		if (*slot != NULL && spec->secret)
			explicit_bzero(*slot, strlen(*slot));
		free(*slot);
		*slot = strdup(value);
		if (*slot == NULL)
			abort();
		break;
	}
	case KEY_UINT: {
		char *end;
		unsigned long v;

		errno = 0;
		v = strtoul(value, &end, 10);
		if (*value == '\0' || *value == '-' || *end != '\0' || errno != 0 || v > UINT_MAX) {
			st->rc = st->host->fail(st->call, SL_ERR_INVALID,
			                        "%s:%u: %s must be a non-negative integer, not \"%s\"", file,
			                        line, key, value);
			return 1;
		}
		*(unsigned *)(void *)(base + spec->offset) = (unsigned)v;
		break;
	}
	case KEY_AUTH:
		if (strcmp(value, "key") == 0) {
			st->cfg->storage_auth = ACA_STORAGE_AUTH_KEY;
		} else if (strcmp(value, "identity") == 0) {
			st->cfg->storage_auth = ACA_STORAGE_AUTH_IDENTITY;
		} else {
			st->rc = st->host->fail(st->call, SL_ERR_INVALID,
			                        "%s:%u: storage_auth must be key or identity, not \"%s\"",
			                        file, line, value);
			return 1;
		}
		break;
	case KEY_CREDENTIAL: {
		static const char *const names[] = { "auto", "client-secret", "workload-identity",
		                                     "managed-identity" };
		size_t i;

		for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
			if (strcmp(value, names[i]) == 0)
				break;
		}
		if (i == sizeof(names) / sizeof(names[0])) {
			st->rc = st->host->fail(st->call, SL_ERR_INVALID,
			                        "%s:%u: credential must be auto, client-secret, "
			                        "workload-identity or managed-identity, not \"%s\"",
			                        file, line, value);
			return 1;
		}
		st->cfg->credential = (enum aca_credential)i;
		break;
	}
	case KEY_FORCE:
		if (strcmp(value, "never") == 0) {
			st->cfg->volume_force_in_use = 0;
		} else if (strcmp(value, "in-use") == 0) {
			st->cfg->volume_force_in_use = 1;
		} else {
			st->rc = st->host->fail(st->call, SL_ERR_INVALID,
			                        "%s:%u: volume_force_remove must be never or in-use, not \"%s\"",
			                        file, line, value);
			return 1;
		}
		break;
	}
	return 0;
}

static void set_default(char **slot, const char *value)
{
	if (*slot == NULL && value != NULL && *value != '\0') {
		*slot = strdup(value);
		if (*slot == NULL)
			abort();
	}
}

int aca_config_load(const struct sl_host *host, struct sl_call *call, struct aca_config *out)
{
	struct load_state st = { host, call, out, SL_OK };

	memset(out, 0, sizeof(*out));
	out->share_quota_gib = 100;
	out->share_recreate_wait_s = 120;
	out->reconcile_grace_s = 600;
	out->reconcile_interval_s = 300;
	out->job_timeout_s = 3600;
	out->connect_timeout_ms = 10000;
	out->request_timeout_ms = 60000;
	out->retry_max = 3;
	out->retry_base_ms = 800;
	out->retry_budget_s = 120;
	out->lro_poll_ms = 2000;
	out->lro_timeout_s = 1200;
	if (host->config_foreach(host, set_key, &st) != 0) {
		aca_config_free(out);
		return st.rc;
	}
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		if (keys[i].kind == KEY_STRING && keys[i].env != NULL)
			set_default((char **)(void *)((char *)out + keys[i].offset), getenv(keys[i].env));
	}
	set_default(&out->arm_endpoint, "https://management.azure.com");
	set_default(&out->authority_host, "https://login.microsoftonline.com");
	set_default(&out->arm_audience, "https://management.azure.com/");
	set_default(&out->share_tier, "TransactionOptimized");
	set_default(&out->storage_identity, "system");
	if (out->state_db == NULL) {
		aca_config_free(out);
		return host->fail(call, SL_ERR_INVALID,
		                  "%s: the aca plugin needs state_db (a path for its SQLite database)",
		                  host->config_file(host));
	}
	return SL_OK;
}

void aca_config_free(struct aca_config *cfg)
{
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		if (keys[i].kind == KEY_STRING) {
			char **slot = (char **)(void *)((char *)cfg + keys[i].offset);

			if (*slot != NULL && keys[i].secret)
				explicit_bzero(*slot, strlen(*slot));
			free(*slot);
			*slot = NULL;
		}
	}
}
