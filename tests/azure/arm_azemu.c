/* The ARM client against azemu over HTTP: every call the plugin makes,
 * with injected faults, all credentials, a restart, and finally a search
 * of everything logged for the secrets used. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <curl/curl.h>
#include <json-c/json.h>

#include "plugins/aca/arm_client.h"

#define SUB "00000000-0000-0000-0000-0000000000a1"
#define RG "sockerless"
#define ACCOUNT "slstore"
#define ENVIRONMENT "slenv"
#define ZONE "sl.internal"
#define TENANT "tenant-1"
#define CLIENT_ID "client-1"
#define CLIENT_SECRET "Cl1ent~Secret.Value_42"
#define FEDTOK "federated.assertion.one"
#define FEDTOK2 "federated.assertion.two"
#define IDHDR "identity-header-value-7"

static struct {
	char dir[64];
	char port_file[128], data[128], state[128], log[128], out[128], client_log[128], tokfile[128];
	pid_t pid;
	int port;
	char base[64];
	FILE *client_log_f;
	struct aca_arm_client *client;
} g;

/* ---- azemu process ---- */

static int start_azemu(void)
{
	const char *top = getenv("SL_TOP_BUILDDIR");
	char exe[512], port_arg[16];
	int waited = 0;

	snprintf(exe, sizeof(exe), "%s/azemu", top != NULL ? top : ".");
	unlink(g.port_file);
	g.pid = fork();
	if (g.pid < 0)
		return -1;
	if (g.pid == 0) {
		int fd = open(g.out, O_WRONLY | O_CREAT | O_APPEND, 0600);

		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
		execl(exe, "azemu", "--listen", "127.0.0.1:0", "--port-file", g.port_file, "--data-dir",
		      g.data, "--state-file", g.state, "--log-file", g.log, "--subscription", SUB,
		      "--resource-group", RG, "--location", "westeurope", "--storage-account", ACCOUNT,
		      "--environment", ENVIRONMENT, "--dns-zone", ZONE, "--tenant-id", TENANT,
		      "--client-id", CLIENT_ID, "--client-secret", CLIENT_SECRET, "--federated-token",
		      FEDTOK, "--managed-identity", "--identity-header", IDHDR, "--lro-polls", "2",
		      "--execution-ms", "-1", "--share-delete-window-ms", "600000", "--page-size", "2",
		      (char *)NULL);
		_exit(127);
	}
	/* Start-up, not a timed assertion: give up only if azemu never comes up. */
	for (;;) {
		FILE *f = fopen(g.port_file, "r");
		struct timespec ts = { 0, 20 * 1000000L };

		if (f != NULL) {
			int ok = fscanf(f, "%d", &g.port) == 1;

			fclose(f);
			if (ok)
				break;
		}
		if (waitpid(g.pid, NULL, WNOHANG) == g.pid || ++waited > 1500)
			return -1;
		nanosleep(&ts, NULL);
	}
	snprintf(port_arg, sizeof(port_arg), "%d", g.port);
	snprintf(g.base, sizeof(g.base), "http://127.0.0.1:%s", port_arg);
	return 0;
}

static void stop_azemu(void)
{
	if (g.pid > 0) {
		kill(g.pid, SIGTERM);
		waitpid(g.pid, NULL, 0);
		g.pid = 0;
	}
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* ---- admin calls (plain libcurl) ---- */

struct buf {
	char data[65536];
	size_t len;
};

static size_t collect(char *p, size_t size, size_t n, void *arg)
{
	struct buf *b = arg;
	size_t len = size * n;

	if (b->len + len >= sizeof(b->data))
		len = sizeof(b->data) - 1 - b->len;
	memcpy(b->data + b->len, p, len);
	b->len += len;
	b->data[b->len] = '\0';
	return size * n;
}

static long admin(const char *method, const char *path, const char *body, struct buf *out)
{
	static struct buf sink;
	CURL *h = curl_easy_init();
	struct curl_slist *hdrs = curl_slist_append(NULL, "Content-Type: application/json");
	char url[512];
	long status = 0;

	if (out == NULL)
		out = &sink;
	out->len = 0;
	out->data[0] = '\0';
	snprintf(url, sizeof(url), "%s%s", g.base, path);
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
	if (body != NULL)
		curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, collect);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, out);
	if (curl_easy_perform(h) == CURLE_OK)
		curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
	curl_slist_free_all(hdrs);
	curl_easy_cleanup(h);
	return status;
}

/* Lines of azemu's request log (admin calls aside) containing both words. */
static int log_count(const char *w1, const char *w2)
{
	FILE *f = fopen(g.log, "r");
	char line[16384];
	int n = 0;

	if (f == NULL)
		return 0;
	while (fgets(line, sizeof(line), f) != NULL) {
		if (strstr(line, "\"kind\":\"admin\"") != NULL)
			continue;
		if (strstr(line, w1) != NULL && (w2 == NULL || strstr(line, w2) != NULL))
			n++;
	}
	fclose(f);
	return n;
}

/* ---- clients ---- */

static void log_line(void *arg, enum sl_log_level level, const char *line)
{
	(void)arg;
	fprintf(g.client_log_f, "%d %s\n", (int)level, line);
	fflush(g.client_log_f);
}

static void options(struct aca_arm_client_options *o)
{
	memset(o, 0, sizeof(*o));
	o->subscription_id = SUB;
	o->resource_group = RG;
	o->arm_endpoint = g.base;
	o->credential.kind = ACA_AZURE_CRED_CLIENT_SECRET;
	o->credential.authority_host = g.base;
	o->credential.tenant_id = TENANT;
	o->credential.client_id = CLIENT_ID;
	o->credential.client_secret = CLIENT_SECRET;
	aca_arm_retry_policy_default(&o->retry);
	o->retry.base_delay_ms = 1;
	o->lro_poll_ms = 1;
	o->lro_timeout_ms = 60000;
	o->connect_timeout_ms = 5000;
	o->request_timeout_ms = 30000;
	o->log = log_line;
	o->log_level = SL_LOG_DEBUG;
}

static struct aca_arm_client *new_client(const struct aca_arm_client_options *o)
{
	struct aca_arm_client *c = NULL;
	struct aca_arm_error err;

	if (aca_arm_client_new(o, &c, &err) != SL_OK)
		fail_msg("client: %s", err.message);
	return c;
}

static int group_setup(void **state)
{
	(void)state;
	memset(&g, 0, sizeof(g));
	snprintf(g.dir, sizeof(g.dir), "/tmp/sl-armazemu-XXXXXX");
	if (mkdtemp(g.dir) == NULL)
		return -1;
	snprintf(g.port_file, sizeof(g.port_file), "%s/port", g.dir);
	snprintf(g.data, sizeof(g.data), "%s/data", g.dir);
	snprintf(g.state, sizeof(g.state), "%s/state.json", g.dir);
	snprintf(g.log, sizeof(g.log), "%s/requests.log", g.dir);
	snprintf(g.out, sizeof(g.out), "%s/azemu.out", g.dir);
	snprintf(g.client_log, sizeof(g.client_log), "%s/client.log", g.dir);
	snprintf(g.tokfile, sizeof(g.tokfile), "%s/federated-token", g.dir);
	curl_global_init(CURL_GLOBAL_DEFAULT);
	g.client_log_f = fopen(g.client_log, "w");
	if (g.client_log_f == NULL || start_azemu() != 0)
		return -1;
	{
		struct aca_arm_client_options o;

		options(&o);
		g.client = new_client(&o);
	}
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	aca_arm_client_free(g.client);
	stop_azemu();
	if (g.client_log_f != NULL)
		fclose(g.client_log_f);
	nftw(g.dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	curl_global_cleanup();
	return 0;
}

static const char *key1(struct aca_arm_arena *a)
{
	struct aca_arm_storage_keys keys;
	struct aca_arm_error err;

	assert_int_equal(aca_arm_storage_list_keys(g.client, a, ACCOUNT, &keys, &err), SL_OK);
	assert_int_equal(keys.count, 2);
	assert_string_equal(keys.items[0].name, "key1");
	return keys.items[0].value;
}

/* ---- shares ---- */

static void test_account_and_keys(void **state)
{
	struct aca_arm_arena *a = aca_arm_arena_new();
	struct aca_arm_storage_account acct;
	struct aca_arm_error err;
	const char *k;

	(void)state;
	assert_int_equal(aca_arm_storage_account_get(g.client, a, ACCOUNT, &acct, &err), SL_OK);
	assert_string_equal(acct.name, ACCOUNT);
	assert_string_equal(acct.provisioning_state, "Succeeded");
	assert_string_equal(acct.file_endpoint, "https://slstore.file.core.windows.net/");
	k = key1(a);
	assert_true(strlen(k) > 40);
	assert_int_equal(aca_arm_storage_account_get(g.client, a, "nosuchacct", &acct, &err),
	                 SL_ERR_NOT_FOUND);
	assert_string_equal(err.code, "ResourceNotFound");
	aca_arm_arena_free_wiped(a);
}

static void test_share_lifecycle(void **state)
{
	static const struct aca_arm_kv meta[] = { { "sockerless_installation", "inst-1" },
		                                  { "docker_volume", "cache" } };
	struct aca_arm_share_spec spec = { 5, "Hot", "SMB", { 2, meta } };
	struct aca_arm_arena *a = aca_arm_arena_new();
	struct aca_arm_share share;
	struct aca_arm_share_list list;
	struct aca_arm_error err;
	char path[256];
	FILE *f;
	int created = -1, existed = -1, found = 0;

	(void)state;
	assert_int_equal(aca_arm_share_put(g.client, a, ACCOUNT, "sockerless-cache-1a2b", &spec, &share,
	                                   &created, &err), SL_OK);
	assert_true(created);
	assert_int_equal(share.quota_gib, 5);
	assert_string_equal(share.access_tier, "Hot");
	assert_non_null(share.etag);
	assert_int_equal(aca_arm_share_put(g.client, a, ACCOUNT, "sockerless-cache-1a2b", &spec, &share,
	                                   &created, &err), SL_OK);
	assert_false(created);
	/* The share is a directory: what a job writes there counts as usage. */
	snprintf(path, sizeof(path), "%s/shares/%s/sockerless-cache-1a2b/hello", g.data, ACCOUNT);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("0123456789", f);
	fclose(f);
	assert_int_equal(aca_arm_share_get(g.client, a, ACCOUNT, "sockerless-cache-1a2b", 1, &share, &err),
	                 SL_OK);
	assert_true(share.has_usage);
	assert_int_equal(share.usage_bytes, 10);
	assert_int_equal(share.metadata.count, 2);
	/* More shares than a page (2): the client follows nextLink. */
	spec.metadata.count = 1;
	assert_int_equal(aca_arm_share_put(g.client, a, ACCOUNT, "sockerless-b", &spec, &share, NULL, &err), SL_OK);
	assert_int_equal(aca_arm_share_put(g.client, a, ACCOUNT, "sockerless-c", &spec, &share, NULL, &err), SL_OK);
	assert_int_equal(aca_arm_share_put(g.client, a, ACCOUNT, "other-d", &spec, &share, NULL, &err), SL_OK);
	assert_int_equal(aca_arm_share_list(g.client, a, ACCOUNT, NULL, &list, &err), SL_OK);
	assert_int_equal(list.count, 4);
	assert_int_equal(aca_arm_share_list(g.client, a, ACCOUNT, "sockerless-", &list, &err), SL_OK);
	assert_int_equal(list.count, 3);
	for (size_t i = 0; i < list.count; i++) {
		for (size_t k = 0; k < list.items[i].metadata.count; k++) {
			if (strcmp(list.items[i].metadata.items[k].key, "sockerless_installation") == 0 &&
			    strcmp(list.items[i].metadata.items[k].value, "inst-1") == 0)
				found++;
		}
	}
	assert_int_equal(found, 3);
	assert_true(log_count("\"$skiptoken=2", NULL) + log_count("skiptoken=2", NULL) >= 1);

	assert_int_equal(aca_arm_share_delete(g.client, a, ACCOUNT, "sockerless-cache-1a2b", &existed, &err),
	                 SL_OK);
	assert_true(existed);
	assert_int_equal(access(path, F_OK), -1);
	assert_int_equal(aca_arm_share_delete(g.client, a, ACCOUNT, "sockerless-cache-1a2b", &existed, &err),
	                 SL_OK);
	assert_false(existed);
	assert_int_equal(aca_arm_share_get(g.client, a, ACCOUNT, "sockerless-cache-1a2b", 0, &share, &err),
	                 SL_ERR_NOT_FOUND);
	assert_string_equal(err.code, "ShareNotFound");
	/* Recreated at once: Azure is still deleting it. */
	assert_int_equal(aca_arm_share_put(g.client, a, ACCOUNT, "sockerless-cache-1a2b", &spec, &share,
	                                   &created, &err), SL_ERR_CONFLICT);
	assert_string_equal(err.code, "ShareBeingDeleted");
	assert_string_equal(err.message, "share sockerless-cache-1a2b: ShareBeingDeleted: The specified "
	                                 "share is being deleted. Try operation later.");
	assert_int_equal(admin("POST", "/_azemu/shares/purge", NULL, NULL), 204);
	assert_int_equal(aca_arm_share_put(g.client, a, ACCOUNT, "sockerless-cache-1a2b", &spec, &share,
	                                   &created, &err), SL_OK);
	aca_arm_arena_free(a);
}

static void test_share_rules(void **state)
{
	static const struct aca_arm_kv bad_meta[] = { { "com.docker.label", "x" } };
	struct aca_arm_share_spec spec = { 0, NULL, NULL, { 0, NULL } };
	struct aca_arm_arena *a = aca_arm_arena_new();
	struct aca_arm_share share;
	struct aca_arm_error err;

	(void)state;
	assert_int_equal(aca_arm_share_put(g.client, a, ACCOUNT, "Bad_Name", &spec, &share, NULL, &err),
	                 SL_ERR_INVALID);
	assert_string_equal(err.code, "InvalidResourceName");
	assert_int_equal(aca_arm_share_put(g.client, a, ACCOUNT, "ab", &spec, &share, NULL, &err),
	                 SL_ERR_INVALID);
	assert_string_equal(err.code, "OutOfRangeInput");
	assert_int_equal(aca_arm_share_put(g.client, a, ACCOUNT, "a--b", &spec, &share, NULL, &err),
	                 SL_ERR_INVALID);
	spec.metadata.count = 1;
	spec.metadata.items = bad_meta;
	assert_int_equal(aca_arm_share_put(g.client, a, ACCOUNT, "good-name", &spec, &share, NULL, &err),
	                 SL_ERR_INVALID);
	assert_string_equal(err.code, "InvalidMetadata");
	spec.metadata.count = 0;
	spec.access_tier = "Lukewarm";
	assert_int_equal(aca_arm_share_put(g.client, a, ACCOUNT, "good-name", &spec, &share, NULL, &err),
	                 SL_ERR_INVALID);
	assert_string_equal(err.code, "InvalidRequestPropertyValue");
	/* A share of an account that does not exist: a broken configuration. */
	spec.access_tier = NULL;
	assert_int_equal(aca_arm_share_put(g.client, a, "nosuchacct", "good-name", &spec, &share, NULL, &err),
	                 SL_ERR_UNAVAILABLE);
	assert_string_equal(err.code, "ParentResourceNotFound");
	aca_arm_arena_free(a);
}

/* ---- environment storages ---- */

static void test_env_storage(void **state)
{
	struct aca_arm_arena *a = aca_arm_arena_new();
	struct aca_arm_environment env;
	struct aca_arm_env_storage st;
	struct aca_arm_env_storage_list list;
	struct aca_arm_env_storage_spec spec = { ACCOUNT, NULL, "sockerless-cache-1a2b", ACA_ARM_ACCESS_READ_WRITE };
	struct aca_arm_error err;
	int existed = -1;

	(void)state;
	assert_int_equal(aca_arm_environment_get(g.client, a, ENVIRONMENT, &env, &err), SL_OK);
	assert_string_equal(env.name, ENVIRONMENT);
	assert_string_equal(env.provisioning_state, "Succeeded");
	assert_non_null(strstr(env.default_domain, ".westeurope.azurecontainerapps.io"));
	spec.account_key = key1(a);
	assert_int_equal(aca_arm_env_storage_put(g.client, a, ENVIRONMENT, "cache", &spec, &st, &err), SL_OK);
	assert_string_equal(st.kind, "azureFile");
	assert_string_equal(st.account_name, ACCOUNT);
	assert_string_equal(st.access_mode, "ReadWrite");
	assert_int_equal(aca_arm_env_storage_get(g.client, a, ENVIRONMENT, "cache", &st, &err), SL_OK);
	assert_string_equal(st.share_name, "sockerless-cache-1a2b");
	assert_int_equal(aca_arm_env_storage_list(g.client, a, ENVIRONMENT, &list, &err), SL_OK);
	assert_int_equal(list.count, 1);
	/* The key kept in Key Vault instead. */
	spec.key_vault_url = "https://slvault.vault.azure.net/secrets/slstore-key";
	spec.key_vault_identity = "system";
	assert_int_equal(aca_arm_env_storage_put(g.client, a, ENVIRONMENT, "vaulted", &spec, &st, &err), SL_OK);
	assert_int_equal(log_count("\"accountKeyVaultProperties\":{\"keyVaultUrl\":\"https://slvault", NULL), 1);
	assert_int_equal(aca_arm_env_storage_delete(g.client, a, ENVIRONMENT, "vaulted", &existed, &err), SL_OK);
	spec.key_vault_url = NULL;
	spec.account_key = "bm90IHRoZSBrZXkgb2YgdGhpcyBhY2NvdW50";
	assert_int_equal(aca_arm_env_storage_put(g.client, a, ENVIRONMENT, "wrong", &spec, &st, &err),
	                 SL_ERR_INVALID);
	assert_string_equal(err.code, "ManagedEnvironmentStorageInvalidCredentials");
	assert_null(strstr(err.message, "bm90IHRoZSBrZXk"));
	assert_int_equal(aca_arm_env_storage_delete(g.client, a, ENVIRONMENT, "cache", &existed, &err), SL_OK);
	assert_true(existed);
	assert_int_equal(aca_arm_env_storage_delete(g.client, a, ENVIRONMENT, "cache", &existed, &err), SL_OK);
	assert_false(existed);
	assert_int_equal(aca_arm_env_storage_get(g.client, a, ENVIRONMENT, "cache", &st, &err), SL_ERR_NOT_FOUND);
	assert_string_equal(err.code, "ManagedEnvironmentStorageNotFound");
	assert_int_equal(aca_arm_environment_get(g.client, a, "nosuchenv", &env, &err), SL_ERR_NOT_FOUND);
	aca_arm_arena_free_wiped(a);
}

/* ---- jobs and executions ---- */

static void job_spec(struct aca_arm_arena *a, struct aca_arm_job_spec *spec)
{
	static const char *const cmd[] = { "/bin/sh", "-c" };
	static const char *const args[] = { "echo hi > /data/x" };
	static const struct aca_arm_env_var env[] = { { "FOO", "bar", NULL } };
	static const struct aca_arm_volume_mount mounts[] = { { "cache", "/data", "vol-1" },
		                                              { "scratch", "/tmp/scratch", NULL } };
	static const struct aca_arm_container ct[] = { { "main", "docker.io/library/alpine:3.20",
		                                         { 2, cmd }, { 1, args }, 1, env, 0.25, "0.5Gi",
		                                         2, mounts } };
	static const struct aca_arm_volume vols[] = { { "cache", ACA_ARM_STORAGE_AZURE_FILE, "cache", NULL },
		                                      { "scratch", ACA_ARM_STORAGE_EMPTY_DIR, NULL, NULL } };
	static const struct aca_arm_kv tags[] = { { "sockerless", "inst-1" } };

	memset(spec, 0, sizeof(*spec));
	spec->location = "westeurope";
	spec->environment_id = aca_arm_client_environment_id(g.client, a, ENVIRONMENT);
	spec->tags.count = 1;
	spec->tags.items = tags;
	spec->replica_timeout_s = 3600;
	spec->n_containers = 1;
	spec->containers = ct;
	spec->n_volumes = 2;
	spec->volumes = vols;
}

static void test_job_lifecycle(void **state)
{
	struct aca_arm_arena *a = aca_arm_arena_new();
	struct aca_arm_env_storage_spec sspec = { ACCOUNT, NULL, "sockerless-cache-1a2b", ACA_ARM_ACCESS_READ_WRITE };
	struct aca_arm_env_storage st;
	struct aca_arm_job_spec spec;
	struct aca_arm_job job;
	struct aca_arm_job_list jobs;
	struct aca_arm_execution ex;
	struct aca_arm_execution_list exs;
	struct aca_arm_error err;
	const char *name = NULL, *name2 = NULL;
	char path[512];
	int existed = -1;

	(void)state;
	sspec.account_key = key1(a);
	assert_int_equal(aca_arm_env_storage_put(g.client, a, ENVIRONMENT, "cache", &sspec, &st, &err), SL_OK);
	job_spec(a, &spec);
	assert_int_equal(aca_arm_job_put(g.client, a, "web-1", &spec, &job, &err), SL_OK);
	assert_string_equal(job.provisioning_state, "Succeeded");
	assert_string_equal(job.trigger_type, "Manual");
	assert_int_equal(job.parallelism, 1);
	assert_int_equal(job.replica_timeout_s, 3600);
	assert_int_equal(job.n_volumes, 2);
	assert_int_equal(job.containers[0].n_mounts, 2);
	assert_string_equal(job.containers[0].mounts[0].sub_path, "vol-1");
	assert_string_equal(job.tags.items[0].value, "inst-1");
	/* Azure-AsyncOperation was polled until Succeeded (two InProgress answers). */
	assert_int_equal(log_count("containerappsjobOperationStatuses", NULL), 3);
	assert_int_equal(aca_arm_job_get(g.client, a, "web-1", &job, &err), SL_OK);
	assert_int_equal(aca_arm_job_list(g.client, a, &jobs, &err), SL_OK);
	assert_int_equal(jobs.count, 1);

	assert_int_equal(aca_arm_job_start(g.client, a, "web-1", &name, &err), SL_OK);
	assert_int_equal(strncmp(name, "web-1-", 6), 0);
	assert_int_equal(strlen(name), 13);
	assert_int_equal(aca_arm_execution_get(g.client, a, "web-1", name, &ex, &err), SL_OK);
	assert_string_equal(ex.status, "Running");
	assert_false(aca_arm_execution_status_terminal(ex.status));
	snprintf(path, sizeof(path),
	         "/_azemu/subscriptions/%s/resourceGroups/%s/jobs/web-1/executions/%s/finish", SUB, RG, name);
	assert_int_equal(admin("POST", path, "{\"status\":\"Succeeded\"}", NULL), 200);
	assert_int_equal(aca_arm_execution_get(g.client, a, "web-1", name, &ex, &err), SL_OK);
	assert_string_equal(ex.status, "Succeeded");
	assert_true(aca_arm_execution_status_terminal(ex.status));
	assert_non_null(ex.end_time);

	/* The same through 202 + Location. */
	assert_int_equal(admin("PATCH", "/_azemu/config", "{\"startAsync\":1}", NULL), 200);
	assert_int_equal(aca_arm_job_start(g.client, a, "web-1", &name2, &err), SL_OK);
	assert_int_equal(admin("PATCH", "/_azemu/config", "{\"startAsync\":0}", NULL), 200);
	assert_string_not_equal(name, name2);
	assert_int_equal(aca_arm_execution_list(g.client, a, "web-1", &exs, &err), SL_OK);
	assert_int_equal(exs.count, 2);
	assert_int_equal(aca_arm_execution_stop(g.client, a, "web-1", name2, &err), SL_OK);
	assert_int_equal(aca_arm_execution_get(g.client, a, "web-1", name2, &ex, &err), SL_OK);
	assert_string_equal(ex.status, "Stopped");
	assert_int_equal(aca_arm_execution_get(g.client, a, "web-1", "web-1-nosuch0", &ex, &err),
	                 SL_ERR_NOT_FOUND);

	/* A storage a job uses cannot go; the job first. */
	assert_int_equal(aca_arm_env_storage_delete(g.client, a, ENVIRONMENT, "cache", &existed, &err),
	                 SL_ERR_CONFLICT);
	assert_string_equal(err.code, "ManagedEnvironmentStorageInUse");
	assert_int_equal(aca_arm_job_delete(g.client, a, "web-1", &existed, &err), SL_OK);
	assert_true(existed);
	assert_int_equal(aca_arm_job_get(g.client, a, "web-1", &job, &err), SL_ERR_NOT_FOUND);
	assert_int_equal(aca_arm_job_delete(g.client, a, "web-1", &existed, &err), SL_OK);
	assert_false(existed);
	assert_int_equal(aca_arm_env_storage_delete(g.client, a, ENVIRONMENT, "cache", &existed, &err), SL_OK);
	aca_arm_arena_free_wiped(a);
}

static void test_job_rules(void **state)
{
	struct aca_arm_arena *a = aca_arm_arena_new();
	struct aca_arm_job_spec spec;
	struct aca_arm_job job;
	struct aca_arm_error err;

	(void)state;
	job_spec(a, &spec);
	assert_int_equal(aca_arm_job_put(g.client, a, "Web_1", &spec, &job, &err), SL_ERR_INVALID);
	assert_string_equal(err.code, "ContainerAppInvalidName");
	/* Storage "cache" is gone now: the volume refers to nothing. */
	assert_int_equal(aca_arm_job_put(g.client, a, "web-2", &spec, &job, &err), SL_ERR_INVALID);
	assert_string_equal(err.code, "ContainerAppInvalidPropertyValue");
	assert_non_null(strstr(err.message, "cache"));
	spec.environment_id = aca_arm_client_environment_id(g.client, a, "nosuchenv");
	assert_int_equal(aca_arm_job_put(g.client, a, "web-2", &spec, &job, &err), SL_ERR_UNAVAILABLE);
	assert_string_equal(err.code, "ManagedEnvironmentNotFound");
	aca_arm_arena_free(a);
}

/* ---- DNS ---- */

static void test_dns_records(void **state)
{
	static const char *const ip1[] = { "10.0.4.17" };
	static const char *const ip2[] = { "10.0.4.18", "10.0.4.19" };
	struct aca_arm_dns_a_spec spec = { 10, { 1, ip1 }, { 0, NULL } };
	struct aca_arm_precondition create_only = { NULL, 1 }, cond = { NULL, 0 };
	struct aca_arm_arena *a = aca_arm_arena_new();
	struct aca_arm_dns_a rec, rec2;
	struct aca_arm_dns_a_list list;
	struct aca_arm_error err;
	int existed = -1;

	(void)state;
	assert_int_equal(aca_arm_dns_a_put(g.client, a, ZONE, "Web-1", &spec, &create_only, &rec, &err), SL_OK);
	assert_string_equal(rec.name, "web-1");
	assert_string_equal(rec.fqdn, "web-1.sl.internal.");
	assert_int_equal(rec.ttl, 10);
	assert_string_equal(rec.ipv4.items[0], "10.0.4.17");
	assert_int_equal(aca_arm_dns_a_put(g.client, a, ZONE, "web-1", &spec, &create_only, &rec2, &err),
	                 SL_ERR_CONFLICT);
	assert_string_equal(err.code, "PreconditionFailed");
	spec.ipv4.count = 2;
	spec.ipv4.items = ip2;
	cond.if_match = rec.etag;
	assert_int_equal(aca_arm_dns_a_put(g.client, a, ZONE, "web-1", &spec, &cond, &rec2, &err), SL_OK);
	assert_int_equal(rec2.ipv4.count, 2);
	assert_string_not_equal(rec.etag, rec2.etag);
	/* The first etag is stale now. */
	assert_int_equal(aca_arm_dns_a_put(g.client, a, ZONE, "web-1", &spec, &cond, &rec, &err), SL_ERR_CONFLICT);
	assert_int_equal(aca_arm_dns_a_get(g.client, a, ZONE, "web-1", &rec, &err), SL_OK);
	assert_string_equal(rec.etag, rec2.etag);
	assert_int_equal(aca_arm_dns_a_list(g.client, a, ZONE, &list, &err), SL_OK);
	assert_int_equal(list.count, 1);
	assert_int_equal(aca_arm_dns_a_delete(g.client, a, ZONE, "web-1", &cond, &existed, &err), SL_ERR_CONFLICT);
	cond.if_match = rec2.etag;
	assert_int_equal(aca_arm_dns_a_delete(g.client, a, ZONE, "web-1", &cond, &existed, &err), SL_OK);
	assert_true(existed);
	assert_int_equal(aca_arm_dns_a_delete(g.client, a, ZONE, "web-1", NULL, &existed, &err), SL_OK);
	assert_false(existed);
	assert_int_equal(aca_arm_dns_a_get(g.client, a, ZONE, "web-1", &rec, &err), SL_ERR_NOT_FOUND);
	aca_arm_arena_free(a);
}

/* ---- faults ---- */

static void test_fault_429_with_retry_after(void **state)
{
	struct aca_arm_share_spec spec = { 1, NULL, NULL, { 0, NULL } };
	struct aca_arm_arena *a = aca_arm_arena_new();
	struct aca_arm_share share;
	struct aca_arm_error err;
	int created;

	(void)state;
	assert_int_equal(admin("POST", "/_azemu/faults",
	                       "{\"method\":\"PUT\",\"path\":\"/shares/throttled-share$\",\"status\":429,"
	                       "\"count\":1,\"retryAfter\":\"1\"}", NULL), 201);
	assert_int_equal(aca_arm_share_put(g.client, a, ACCOUNT, "throttled-share", &spec, &share, &created,
	                                   &err), SL_OK);
	assert_true(created);
	assert_int_equal(log_count("\"kind\":\"fault\"", "throttled-share"), 1);
	assert_int_equal(log_count("\"status\":201", "throttled-share"), 1);
	assert_int_equal(admin("DELETE", "/_azemu/faults", NULL, NULL), 204);
	aca_arm_arena_free(a);
}

static void test_fault_500_until_exhausted(void **state)
{
	struct aca_arm_client_options o;
	struct aca_arm_client *c;
	struct aca_arm_arena *a = aca_arm_arena_new();
	struct aca_arm_share share;
	struct aca_arm_error err;
	struct buf out;

	(void)state;
	options(&o);
	o.retry.max_retries = 2;
	c = new_client(&o);
	assert_int_equal(admin("POST", "/_azemu/faults",
	                       "{\"method\":\"GET\",\"path\":\"/shares/throttled-share$\",\"status\":500,"
	                       "\"retryAfterMs\":1,\"message\":\"backend busy\"}", NULL), 201);
	assert_int_equal(aca_arm_share_get(c, a, ACCOUNT, "throttled-share", 0, &share, &err), SL_ERR_UNAVAILABLE);
	assert_string_equal(err.message, "share throttled-share: InternalServerError: backend busy "
	                                 "(gave up after 3 attempts)");
	assert_int_equal(admin("GET", "/_azemu/faults", NULL, &out), 200);
	assert_non_null(strstr(out.data, "\"hits\":3"));
	assert_int_equal(admin("DELETE", "/_azemu/faults", NULL, NULL), 204);
	aca_arm_client_free(c);
	aca_arm_arena_free(a);
}

static void test_fault_drop_and_delay(void **state)
{
	struct aca_arm_arena *a = aca_arm_arena_new();
	struct aca_arm_environment env;
	struct aca_arm_error err;

	(void)state;
	assert_int_equal(admin("POST", "/_azemu/faults",
	                       "{\"method\":\"GET\",\"path\":\"/managedEnvironments/slenv$\",\"drop\":true,"
	                       "\"count\":1}", NULL), 201);
	assert_int_equal(admin("POST", "/_azemu/faults",
	                       "{\"method\":\"GET\",\"path\":\"/managedEnvironments/slenv$\",\"delayMs\":30,"
	                       "\"status\":503,\"count\":1}", NULL), 201);
	assert_int_equal(aca_arm_environment_get(g.client, a, ENVIRONMENT, &env, &err), SL_OK);
	assert_int_equal(log_count("\"kind\":\"dropped\"", "slenv"), 1);
	assert_int_equal(log_count("\"status\":503", "slenv"), 1);
	assert_int_equal(admin("DELETE", "/_azemu/faults", NULL, NULL), 204);
	aca_arm_arena_free(a);
}

static void test_start_not_repeated(void **state)
{
	struct aca_arm_arena *a = aca_arm_arena_new();
	struct aca_arm_env_storage_spec sspec = { ACCOUNT, NULL, "sockerless-cache-1a2b", ACA_ARM_ACCESS_READ_WRITE };
	struct aca_arm_env_storage st;
	struct aca_arm_job_spec spec;
	struct aca_arm_job job;
	struct aca_arm_execution_list exs;
	struct aca_arm_error err;
	const char *name = NULL;
	int existed;

	(void)state;
	sspec.account_key = key1(a);
	assert_int_equal(aca_arm_env_storage_put(g.client, a, ENVIRONMENT, "cache", &sspec, &st, &err), SL_OK);
	job_spec(a, &spec);
	assert_int_equal(aca_arm_job_put(g.client, a, "web-3", &spec, &job, &err), SL_OK);
	/* The start is carried out, but the answer is a 500. */
	assert_int_equal(admin("POST", "/_azemu/faults",
	                       "{\"method\":\"POST\",\"path\":\"/jobs/web-3/start$\",\"status\":500,"
	                       "\"after\":true,\"count\":1}", NULL), 201);
	assert_int_equal(aca_arm_job_start(g.client, a, "web-3", &name, &err), SL_ERR_UNAVAILABLE);
	assert_non_null(strstr(err.message, "not retried"));
	assert_int_equal(log_count("/jobs/web-3/start", NULL), 1);
	/* Listing the executions is how a caller finds out what happened. */
	assert_int_equal(aca_arm_execution_list(g.client, a, "web-3", &exs, &err), SL_OK);
	assert_int_equal(exs.count, 1);
	assert_int_equal(admin("DELETE", "/_azemu/faults", NULL, NULL), 204);
	assert_int_equal(aca_arm_job_delete(g.client, a, "web-3", &existed, &err), SL_OK);
	assert_int_equal(aca_arm_env_storage_delete(g.client, a, ENVIRONMENT, "cache", &existed, &err), SL_OK);
	aca_arm_arena_free_wiped(a);
}

/* ---- identity ---- */

static void test_token_expiry_refresh(void **state)
{
	struct aca_arm_arena *a = aca_arm_arena_new();
	struct aca_arm_environment env;
	struct aca_arm_error err;
	unsigned before;

	(void)state;
	assert_int_equal(aca_arm_environment_get(g.client, a, ENVIRONMENT, &env, &err), SL_OK);
	before = aca_arm_client_token_fetches(g.client);
	assert_int_equal(admin("POST", "/_azemu/tokens/expire", NULL, NULL), 204);
	assert_int_equal(aca_arm_environment_get(g.client, a, ENVIRONMENT, &env, &err), SL_OK);
	assert_int_equal(aca_arm_client_token_fetches(g.client), before + 1);
	assert_true(log_count("ExpiredAuthenticationToken", NULL) == 0);
	assert_true(log_count("\"status\":401", "managedEnvironments") >= 1);
	aca_arm_arena_free(a);
}

#define THREADS 8
#define CALLS 5

static void *hammer(void *arg)
{
	struct aca_arm_arena *a = aca_arm_arena_new();
	struct aca_arm_environment env;
	struct aca_arm_error err;
	int *failures = arg;

	for (int i = 0; i < CALLS; i++) {
		if (aca_arm_environment_get(g.client, a, ENVIRONMENT, &env, &err) != SL_OK)
			__atomic_add_fetch(failures, 1, __ATOMIC_SEQ_CST);
	}
	aca_arm_arena_free(a);
	return NULL;
}

static void test_concurrent_calls(void **state)
{
	pthread_t threads[THREADS];
	int failures = 0;
	unsigned before = aca_arm_client_token_fetches(g.client);

	(void)state;
	/* Every thread meets the expired token; one of them fetches a new one. */
	assert_int_equal(admin("POST", "/_azemu/tokens/expire", NULL, NULL), 204);
	for (int i = 0; i < THREADS; i++)
		assert_int_equal(pthread_create(&threads[i], NULL, hammer, &failures), 0);
	for (int i = 0; i < THREADS; i++)
		pthread_join(threads[i], NULL);
	assert_int_equal(failures, 0);
	assert_int_equal(aca_arm_client_token_fetches(g.client), before + 1);
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static int env_get_with(const struct aca_arm_client_options *o, struct aca_arm_error *err)
{
	struct aca_arm_client *c = new_client(o);
	struct aca_arm_arena *a = aca_arm_arena_new();
	struct aca_arm_environment env;
	int rc = aca_arm_environment_get(c, a, ENVIRONMENT, &env, err);

	aca_arm_arena_free(a);
	aca_arm_client_free(c);
	return rc;
}

static void test_credentials(void **state)
{
	struct aca_arm_client_options o;
	struct aca_arm_client *c;
	struct aca_arm_arena *a = aca_arm_arena_new();
	struct aca_arm_environment env;
	struct aca_arm_error err;
	char url[256];

	(void)state;
	/* Workload identity, with the token file rotated under a live client. */
	write_file(g.tokfile, FEDTOK "\n");
	options(&o);
	o.credential.kind = ACA_AZURE_CRED_AUTO;
	o.credential.client_secret = NULL;
	o.credential.federated_token_file = g.tokfile;
	c = new_client(&o);
	assert_int_equal(aca_arm_environment_get(c, a, ENVIRONMENT, &env, &err), SL_OK);
	write_file(g.tokfile, FEDTOK2);
	assert_int_equal(admin("PATCH", "/_azemu/config", "{\"federatedToken\":\"" FEDTOK2 "\"}", NULL), 200);
	assert_int_equal(admin("POST", "/_azemu/tokens/expire", NULL, NULL), 204);
	assert_int_equal(aca_arm_environment_get(c, a, ENVIRONMENT, &env, &err), SL_OK);
	assert_int_equal(aca_arm_client_token_fetches(c), 2);
	aca_arm_client_free(c);

	/* Managed identity through IMDS. */
	options(&o);
	o.credential.kind = ACA_AZURE_CRED_MANAGED_IDENTITY;
	snprintf(url, sizeof(url), "%s/metadata/identity/oauth2/token", g.base);
	o.credential.identity_endpoint = url;
	assert_int_equal(env_get_with(&o, &err), SL_OK);
	/* ... and through the Container Apps identity endpoint. */
	snprintf(url, sizeof(url), "%s/msi/token", g.base);
	o.credential.identity_header = IDHDR;
	assert_int_equal(env_get_with(&o, &err), SL_OK);
	o.credential.identity_header = "not-the-header";
	assert_int_equal(env_get_with(&o, &err), SL_ERR_FORBIDDEN);

	/* A wrong secret: AAD's error, without the secret. */
	options(&o);
	o.credential.client_secret = "wrong-secret-value";
	assert_int_equal(env_get_with(&o, &err), SL_ERR_FORBIDDEN);
	assert_string_equal(err.code, "invalid_client");
	assert_non_null(strstr(err.message, "AADSTS7000215"));
	assert_null(strstr(err.message, "wrong-secret-value"));
	aca_arm_arena_free(a);
}

static void test_state_survives_restart(void **state)
{
	struct aca_arm_client_options o;
	struct aca_arm_arena *a = aca_arm_arena_new();
	struct aca_arm_share share;
	struct aca_arm_error err;
	char key_before[256];

	(void)state;
	snprintf(key_before, sizeof(key_before), "%s", key1(a));
	stop_azemu();
	assert_int_equal(start_azemu(), 0);
	aca_arm_client_free(g.client);
	options(&o);
	g.client = new_client(&o);
	assert_int_equal(aca_arm_share_get(g.client, a, ACCOUNT, "throttled-share", 0, &share, &err), SL_OK);
	assert_string_equal(key1(a), key_before);
	aca_arm_arena_free_wiped(a);
}

/* ---- and nothing secret was logged ---- */

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *text;
	long n;

	if (f == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	text = calloc(1, (size_t)n + 1);
	if (text != NULL && fread(text, 1, (size_t)n, f) != (size_t)n)
		text[0] = '\0';
	fclose(f);
	return text;
}

static void test_no_secret_in_any_log(void **state)
{
	const char *files[] = { g.client_log, g.log, g.out };
	struct buf st;
	json_object *root, *tokens, *subs;
	const char *secrets[64];
	size_t n = 0;

	(void)state;
	secrets[n++] = CLIENT_SECRET;
	secrets[n++] = FEDTOK;
	secrets[n++] = FEDTOK2;
	secrets[n++] = IDHDR;
	secrets[n++] = "wrong-secret-value";
	assert_int_equal(admin("GET", "/_azemu/state", NULL, &st), 200);
	root = json_tokener_parse(st.data);
	assert_non_null(root);
	/* Every token azemu issued during the run. */
	assert_true(json_object_object_get_ex(root, "tokens", &tokens));
	json_object_object_foreach(tokens, tok, v) {
		(void)v;
		if (n < sizeof(secrets) / sizeof(secrets[0]) - 2)
			secrets[n++] = tok;
	}
	assert_true(n > 8);
	/* Both storage keys. */
	json_object_object_get_ex(root, "subscriptions", &subs);
	json_object_object_foreach(subs, sk, sub) {
		json_object *rg, *accts, *acct, *keys;

		(void)sk;
		rg = json_object_object_get(json_object_object_get(sub, "resourceGroups"), RG);
		accts = json_object_object_get(rg, "storageAccounts");
		acct = json_object_object_get(accts, ACCOUNT);
		assert_true(json_object_object_get_ex(acct, "keys", &keys));
		for (size_t i = 0; i < json_object_array_length(keys); i++)
			secrets[n++] = json_object_get_string(
				json_object_object_get(json_object_array_get_idx(keys, i), "value"));
	}
	for (size_t f = 0; f < sizeof(files) / sizeof(files[0]); f++) {
		char *text = slurp(files[f]);

		assert_non_null(text);
		for (size_t i = 0; i < n; i++) {
			if (strstr(text, secrets[i]) != NULL)
				fail_msg("%s contains secret number %zu", files[f], i);
		}
		free(text);
	}
	/* The logs are not empty: bodies with keys were logged, redacted. */
	assert_true(log_count("\"accountKey\":\"[redacted]\"", NULL) >= 3);
	assert_true(log_count("client_secret=[redacted]", NULL) >= 3);
	assert_true(log_count("client_assertion=[redacted]", NULL) >= 2);
	json_object_put(root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_account_and_keys),
		cmocka_unit_test(test_share_lifecycle),
		cmocka_unit_test(test_share_rules),
		cmocka_unit_test(test_env_storage),
		cmocka_unit_test(test_job_lifecycle),
		cmocka_unit_test(test_job_rules),
		cmocka_unit_test(test_dns_records),
		cmocka_unit_test(test_fault_429_with_retry_after),
		cmocka_unit_test(test_fault_500_until_exhausted),
		cmocka_unit_test(test_fault_drop_and_delay),
		cmocka_unit_test(test_start_not_repeated),
		cmocka_unit_test(test_token_expiry_refresh),
		cmocka_unit_test(test_concurrent_calls),
		cmocka_unit_test(test_credentials),
		cmocka_unit_test(test_state_survives_restart),
		cmocka_unit_test(test_no_secret_in_any_log),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
