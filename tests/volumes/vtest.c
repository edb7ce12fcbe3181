/* Test support for the volume module: azemu and a configurable host. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <json-c/json.h>

#include "tests/volumes/vtest.h"

/* ---- azemu ---- */

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void rm_tree(const char *dir)
{
	nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

int vt_azemu_start(struct vt_azemu *az, const char *const *extra)
{
	const char *top = getenv("SL_TOP_BUILDDIR");
	char exe[512], port_file[128], out[128], state[128];
	const char *argv[64];
	size_t n = 0;
	int port = 0;
	int waited = 0;

	memset(az, 0, sizeof(*az));
	snprintf(az->dir, sizeof(az->dir), "/tmp/slvt.XXXXXX");
	if (mkdtemp(az->dir) == NULL)
		return -1;
	snprintf(az->log, sizeof(az->log), "%s/requests.log", az->dir);
	snprintf(az->data, sizeof(az->data), "%s/data", az->dir);
	snprintf(port_file, sizeof(port_file), "%s/port", az->dir);
	snprintf(out, sizeof(out), "%s/azemu.out", az->dir);
	snprintf(state, sizeof(state), "%s/state.json", az->dir);
	snprintf(exe, sizeof(exe), "%s/azemu", top != NULL ? top : ".");
	argv[n++] = "azemu";
	argv[n++] = "--listen";
	argv[n++] = "127.0.0.1:0";
	argv[n++] = "--port-file";
	argv[n++] = port_file;
	argv[n++] = "--data-dir";
	argv[n++] = az->data;
	argv[n++] = "--state-file";
	argv[n++] = state;
	argv[n++] = "--log-file";
	argv[n++] = az->log;
	argv[n++] = "--subscription";
	argv[n++] = VT_SUB;
	argv[n++] = "--resource-group";
	argv[n++] = VT_RG;
	argv[n++] = "--storage-account";
	argv[n++] = VT_ACCOUNT;
	argv[n++] = "--storage-key";
	argv[n++] = VT_KEY;
	argv[n++] = "--environment";
	argv[n++] = VT_ENV;
	argv[n++] = "--tenant-id";
	argv[n++] = VT_TENANT;
	argv[n++] = "--client-id";
	argv[n++] = VT_CLIENT;
	argv[n++] = "--client-secret";
	argv[n++] = VT_SECRET;
	for (size_t i = 0; extra != NULL && extra[i] != NULL && n < 62; i++)
		argv[n++] = extra[i];
	argv[n] = NULL;
	az->pid = fork();
	if (az->pid < 0)
		return -1;
	if (az->pid == 0) {
		int fd = open(out, O_WRONLY | O_CREAT | O_APPEND, 0600);

		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
		execv(exe, (char *const *)(uintptr_t)argv);
		_exit(127);
	}
	/* Start-up, not a timed assertion: give up only if azemu never comes up. */
	for (;;) {
		FILE *f = fopen(port_file, "r");
		struct timespec ts = { 0, 10 * 1000000L };

		if (f != NULL) {
			int ok = fscanf(f, "%d", &port) == 1;

			fclose(f);
			if (ok)
				break;
		}
		if (waitpid(az->pid, NULL, WNOHANG) == az->pid || ++waited > 3000) {
			az->pid = 0;
			return -1;
		}
		nanosleep(&ts, NULL);
	}
	snprintf(az->base, sizeof(az->base), "http://127.0.0.1:%d", port);
	return 0;
}

void vt_azemu_stop(struct vt_azemu *az)
{
	if (az->pid > 0) {
		kill(az->pid, SIGTERM);
		waitpid(az->pid, NULL, 0);
		az->pid = 0;
	}
	if (az->dir[0] != '\0')
		rm_tree(az->dir);
	az->dir[0] = '\0';
}

static size_t discard(char *p, size_t size, size_t n, void *arg)
{
	(void)p;
	(void)arg;
	return size * n;
}

long vt_admin(const struct vt_azemu *az, const char *method, const char *path, const char *body)
{
	CURL *h = curl_easy_init();
	struct curl_slist *hdrs = curl_slist_append(NULL, "Content-Type: application/json");
	char url[512];
	long status = 0;

	snprintf(url, sizeof(url), "%s%s", az->base, path);
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
	if (body != NULL)
		curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, discard);
	if (curl_easy_perform(h) == CURLE_OK)
		curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
	curl_slist_free_all(hdrs);
	curl_easy_cleanup(h);
	return status;
}

int vt_fault(const struct vt_azemu *az, const char *rule_json)
{
	long status = vt_admin(az, "POST", "/_azemu/faults", rule_json);

	return status >= 200 && status < 300 ? 0 : -1;
}

size_t vt_log_mark(const struct vt_azemu *az)
{
	FILE *f = fopen(az->log, "r");
	size_t n = 0;
	int c;

	if (f == NULL)
		return 0;
	while ((c = getc(f)) != EOF) {
		if (c == '\n')
			n++;
	}
	fclose(f);
	return n;
}

/* The last two segments of a path. */
static const char *tail2(const char *path)
{
	const char *p = path + strlen(path);
	int slashes = 0;

	while (p > path) {
		p--;
		if (*p == '/' && ++slashes == 2)
			return p + 1;
	}
	return path;
}

char *vt_log_calls(const struct vt_azemu *az, size_t mark)
{
	FILE *f = fopen(az->log, "r");
	char *line = NULL;
	size_t cap = 0, n = 0, len = 0;
	char *out = calloc(1, 1);

	if (f == NULL || out == NULL)
		abort();
	while (getline(&line, &cap, f) > 0) {
		json_object *o, *kind, *method, *path, *status;
		char entry[512];
		char *grown;

		if (n++ < mark)
			continue;
		o = json_tokener_parse(line);
		if (o == NULL)
			continue;
		if (json_object_object_get_ex(o, "kind", &kind) &&
		    (strcmp(json_object_get_string(kind), "arm") == 0 ||
		     strcmp(json_object_get_string(kind), "fault") == 0) &&
		    json_object_object_get_ex(o, "method", &method) &&
		    json_object_object_get_ex(o, "path", &path) &&
		    json_object_object_get_ex(o, "status", &status)) {
			snprintf(entry, sizeof(entry), "%s %s %d\n", json_object_get_string(method),
			         tail2(json_object_get_string(path)), json_object_get_int(status));
			grown = realloc(out, len + strlen(entry) + 1);
			if (grown == NULL)
				abort();
			out = grown;
			memcpy(out + len, entry, strlen(entry) + 1);
			len += strlen(entry);
		}
		json_object_put(o);
	}
	free(line);
	fclose(f);
	return out;
}

int vt_file_contains(const char *path, const char *text)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long size;
	int found = 0;
	size_t tl = strlen(text);

	if (f == NULL)
		return 0;
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)size + 1);
	if (buf == NULL)
		abort();
	if (fread(buf, 1, (size_t)size, f) == (size_t)size) {
		for (long i = 0; i + (long)tl <= size && !found; i++)
			found = memcmp(buf + i, text, tl) == 0;
	}
	free(buf);
	fclose(f);
	return found;
}

int vt_log_contains(const struct vt_azemu *az, const char *text)
{
	return vt_file_contains(az->log, text);
}

int vt_share_dir_exists(const struct vt_azemu *az, const char *share)
{
	char path[512];
	struct stat st;

	snprintf(path, sizeof(path), "%s/shares/%s/%s", az->data, VT_ACCOUNT, share);
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* ---- the host ---- */

struct block {
	struct block *next;
};

struct sl_call {
	struct block *blocks;
	enum sl_status status;
	const char *message;
	struct sl_call *next_call;
};

#define MAX_KEYS 64

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static char *keys[MAX_KEYS];
static char *values[MAX_KEYS];
static size_t n_keys;
static struct sl_call *calls;
static char *log_text;
static size_t log_len;
static char tempdir[64];

void vt_config_set(const char *key, const char *value)
{
	size_t i;

	pthread_mutex_lock(&lock);
	for (i = 0; i < n_keys && strcmp(keys[i], key) != 0; i++)
		;
	if (i < n_keys) {
		free(values[i]);
		values[i] = value != NULL ? strdup(value) : NULL;
		if (value == NULL) {
			free(keys[i]);
			keys[i] = keys[n_keys - 1];
			values[i] = values[n_keys - 1];
			n_keys--;
		}
	} else if (value != NULL && n_keys < MAX_KEYS) {
		keys[n_keys] = strdup(key);
		values[n_keys] = strdup(value);
		n_keys++;
	}
	pthread_mutex_unlock(&lock);
}

void vt_config_azemu(const struct vt_azemu *az, const char *db)
{
	pthread_mutex_lock(&lock);
	for (size_t i = 0; i < n_keys; i++) {
		free(keys[i]);
		free(values[i]);
	}
	n_keys = 0;
	pthread_mutex_unlock(&lock);
	vt_config_set("state_db", db);
	vt_config_set("subscription_id", VT_SUB);
	vt_config_set("resource_group", VT_RG);
	vt_config_set("environment", VT_ENV);
	vt_config_set("storage_account", VT_ACCOUNT);
	vt_config_set("location", "westeurope");
	vt_config_set("arm_endpoint", az->base);
	vt_config_set("authority_host", az->base);
	vt_config_set("tenant_id", VT_TENANT);
	vt_config_set("client_id", VT_CLIENT);
	vt_config_set("client_secret", VT_SECRET);
	vt_config_set("credential", "client-secret");
	/* Retries quickly: the tests inject the faults they retry. */
	vt_config_set("retry_base_ms", "5");
	vt_config_set("reconcile_interval_s", "0");
}

static void host_log(const struct sl_host *host, enum sl_log_level level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void host_log(const struct sl_host *host, enum sl_log_level level, const char *fmt, ...)
{
	char line[4096];
	va_list ap;
	size_t n;
	char *grown;

	(void)host;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	n = strlen(line);
	pthread_mutex_lock(&lock);
	grown = realloc(log_text, log_len + n + 2);
	if (grown == NULL)
		abort();
	log_text = grown;
	memcpy(log_text + log_len, line, n);
	log_text[log_len + n] = '\n';
	log_text[log_len + n + 1] = '\0';
	log_len += n + 1;
	pthread_mutex_unlock(&lock);
	if (getenv("VT_VERBOSE") != NULL)
		fprintf(stderr, "# log %d: %s\n", (int)level, line);
}

char *vt_logs(void)
{
	char *copy;

	pthread_mutex_lock(&lock);
	copy = strdup(log_text != NULL ? log_text : "");
	pthread_mutex_unlock(&lock);
	if (copy == NULL)
		abort();
	return copy;
}

void vt_logs_clear(void)
{
	pthread_mutex_lock(&lock);
	free(log_text);
	log_text = NULL;
	log_len = 0;
	pthread_mutex_unlock(&lock);
}

static const char *host_config_get(const struct sl_host *host, const char *key)
{
	const char *v = NULL;

	(void)host;
	pthread_mutex_lock(&lock);
	for (size_t i = 0; i < n_keys; i++) {
		if (strcmp(keys[i], key) == 0)
			v = values[i];
	}
	pthread_mutex_unlock(&lock);
	return v;
}

static int host_config_foreach(const struct sl_host *host,
                               int (*fn)(void *arg, const char *key, const char *value,
                                         unsigned line),
                               void *arg)
{
	(void)host;
	for (size_t i = 0; i < n_keys; i++) {
		int rc = fn(arg, keys[i], values[i], (unsigned)i + 1);

		if (rc != 0)
			return rc;
	}
	return 0;
}

static const char *host_config_file(const struct sl_host *host)
{
	(void)host;
	return "volumes-test.conf";
}

static void *host_alloc(struct sl_call *call, size_t size)
{
	struct block *b = calloc(1, sizeof(struct block) + size + 16);

	if (b == NULL)
		abort();
	b->next = call->blocks;
	call->blocks = b;
	return (char *)b + sizeof(struct block) + (16 - sizeof(struct block) % 16) % 16;
}

static char *host_strdup(struct sl_call *call, const char *s)
{
	char *p;

	if (s == NULL)
		return NULL;
	p = host_alloc(call, strlen(s) + 1);
	memcpy(p, s, strlen(s) + 1);
	return p;
}

static char *host_vsprintf(struct sl_call *call, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

static char *host_vsprintf(struct sl_call *call, const char *fmt, va_list ap)
{
	va_list copy;
	int n;
	char *p;

	va_copy(copy, ap);
	n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	p = host_alloc(call, (size_t)(n < 0 ? 0 : n) + 1);
	vsnprintf(p, (size_t)(n < 0 ? 0 : n) + 1, fmt, ap);
	return p;
}

static char *host_sprintf(struct sl_call *call, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static char *host_sprintf(struct sl_call *call, const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	p = host_vsprintf(call, fmt, ap);
	va_end(ap);
	return p;
}

static int host_fail(struct sl_call *call, enum sl_status code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int host_fail(struct sl_call *call, enum sl_status code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	call->message = host_vsprintf(call, fmt, ap);
	va_end(ap);
	call->status = code == SL_OK ? SL_ERR_INTERNAL : code;
	return (int)call->status;
}

static int64_t host_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int host_random_bytes(void *buf, size_t n)
{
	return getrandom(buf, n, 0) == (ssize_t)n ? 0 : -1;
}

/* The azemu tests filter by label and dangling only: names match exactly. */
static int host_pattern_match(const struct sl_pattern *p, const char *subject)
{
	return strcmp(p->text, subject) == 0;
}

static void host_metric_add(const struct sl_host *host, const char *name, int64_t delta)
{
	(void)host;
	(void)name;
	(void)delta;
}

static int host_log_enabled(const struct sl_host *host, enum sl_log_level level)
{
	(void)host;
	return level <= SL_LOG_INFO;
}

static const struct sl_host host = {
	.struct_size = sizeof(struct sl_host),
	.abi_major = SL_ABI_MAJOR,
	.abi_minor = SL_ABI_MINOR,
	.gateway_version = "test",
	.log = host_log,
	.config_get = host_config_get,
	.config_foreach = host_config_foreach,
	.config_file = host_config_file,
	.alloc = host_alloc,
	.strdup = host_strdup,
	.sprintf = host_sprintf,
	.fail = host_fail,
	.now_ns = host_now_ns,
	.random_bytes = host_random_bytes,
	.pattern_match = host_pattern_match,
	.metric_add = host_metric_add,
	.log_enabled = host_log_enabled,
};

const struct sl_host *vt_host(void)
{
	return &host;
}

struct sl_call *vt_call(void)
{
	struct sl_call *c = calloc(1, sizeof(*c));

	if (c == NULL)
		abort();
	pthread_mutex_lock(&lock);
	c->next_call = calls;
	calls = c;
	pthread_mutex_unlock(&lock);
	return c;
}

void vt_calls_free(void)
{
	pthread_mutex_lock(&lock);
	while (calls != NULL) {
		struct sl_call *c = calls;

		calls = c->next_call;
		while (c->blocks != NULL) {
			struct block *b = c->blocks;

			c->blocks = b->next;
			free(b);
		}
		free(c);
	}
	pthread_mutex_unlock(&lock);
}

enum sl_status vt_status(const struct sl_call *call)
{
	return call->status;
}

const char *vt_message(const struct sl_call *call)
{
	return call->message != NULL ? call->message : "";
}

/** The aca plugin's one exported symbol, linked in statically. */
const struct sl_plugin *sl_plugin_entry(void);

const struct sl_plugin *vt_plugin(void)
{
	return sl_plugin_entry();
}

void *vt_plugin_start(void)
{
	struct sl_call *call = vt_call();
	void *ctx = NULL;
	int rc = vt_plugin()->init(&host, call, &ctx);

	if (rc != SL_OK) {
		fprintf(stderr, "# init failed (%d): %s\n", rc, vt_message(call));
		return NULL;
	}
	return ctx;
}

void vt_plugin_stop(void *ctx)
{
	vt_plugin()->fini(ctx);
}

const char *vt_tempdir(void)
{
	snprintf(tempdir, sizeof(tempdir), "/tmp/slvd.XXXXXX");
	if (mkdtemp(tempdir) == NULL)
		abort();
	return tempdir;
}

void vt_tempdir_remove(void)
{
	if (tempdir[0] != '\0')
		rm_tree(tempdir);
	tempdir[0] = '\0';
}
