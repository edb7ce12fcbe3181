/* Fake host services for the aca plugin's unit tests. */
#include "config.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <ftw.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "tests/unit/fake_host.h"

struct block {
	struct block *next;
	/* followed by the allocation */
};

struct sl_call {
	struct block *blocks;           /* the arena: every allocation of the call */
	enum sl_status status;
	char *message;                  /* in the arena */
};

static char state_db_path[512];
static int64_t frozen_ns;
static pthread_mutex_t clock_lock = PTHREAD_MUTEX_INITIALIZER;
static char tempdir[64];

static void fake_log(const struct sl_host *host, enum sl_log_level level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void fake_log(const struct sl_host *host, enum sl_log_level level, const char *fmt, ...)
{
	(void)host;
	(void)level;
	(void)fmt;
}

static const char *fake_config_get(const struct sl_host *host, const char *key)
{
	(void)host;
	return strcmp(key, "state_db") == 0 ? state_db_path : NULL;
}

static int fake_config_foreach(const struct sl_host *host,
                               int (*fn)(void *arg, const char *key, const char *value,
                                         unsigned line),
                               void *arg)
{
	(void)host;
	return fn(arg, "state_db", state_db_path, 1);
}

static const char *fake_config_file(const struct sl_host *host)
{
	(void)host;
	return "test.conf";
}

static void *fake_alloc(struct sl_call *call, size_t size)
{
	struct block *b = calloc(1, sizeof(struct block) + size + 16);

	if (b == NULL)
		abort();
	b->next = call->blocks;
	call->blocks = b;
	return (char *)b + sizeof(struct block) + (16 - sizeof(struct block) % 16) % 16;
}

static char *fake_strdup(struct sl_call *call, const char *s)
{
	char *p;

	if (s == NULL)
		return NULL;
	p = fake_alloc(call, strlen(s) + 1);
	memcpy(p, s, strlen(s) + 1);
	return p;
}

static char *fake_vsprintf(struct sl_call *call, const char *fmt, va_list ap)
{
	va_list copy;
	int n;
	char *p;

	va_copy(copy, ap);
	n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	p = fake_alloc(call, (size_t)(n < 0 ? 0 : n) + 1);
	vsnprintf(p, (size_t)(n < 0 ? 0 : n) + 1, fmt, ap);
	return p;
}

static char *fake_sprintf(struct sl_call *call, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static char *fake_sprintf(struct sl_call *call, const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	p = fake_vsprintf(call, fmt, ap);
	va_end(ap);
	return p;
}

static int fake_fail(struct sl_call *call, enum sl_status code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fake_fail(struct sl_call *call, enum sl_status code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	call->message = fake_vsprintf(call, fmt, ap);
	va_end(ap);
	call->status = code == SL_OK ? SL_ERR_INTERNAL : code;
	return (int)call->status;
}

static int64_t fake_now_ns(void)
{
	struct timespec ts;
	int64_t frozen;

	pthread_mutex_lock(&clock_lock);
	frozen = frozen_ns;
	pthread_mutex_unlock(&clock_lock);
	if (frozen != 0)
		return frozen;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int fake_random_bytes(void *buf, size_t n)
{
	return getrandom(buf, n, 0) == (ssize_t)n ? 0 : -1;
}

static int fake_pattern_match(const struct sl_pattern *p, const char *subject)
{
	pcre2_match_data *md;
	int rc;

	if (strcmp(p->text, subject) == 0)
		return 1;
	if (p->compiled == NULL)
		return 0;
	md = pcre2_match_data_create_from_pattern(p->compiled, NULL);
	if (md == NULL)
		return 0;
	rc = pcre2_match(p->compiled, (PCRE2_SPTR)subject, strlen(subject), 0, 0, md, NULL);
	pcre2_match_data_free(md);
	return rc >= 0;
}

static void fake_metric_add(const struct sl_host *host, const char *name, int64_t delta)
{
	(void)host;
	(void)name;
	(void)delta;
}

static int fake_log_enabled(const struct sl_host *host, enum sl_log_level level)
{
	(void)host;
	(void)level;
	return 0;
}

static struct sl_host host = {
	.struct_size = sizeof(struct sl_host),
	.abi_major = SL_ABI_MAJOR,
	.abi_minor = SL_ABI_MINOR,
	.gateway_version = "test",
	.log = fake_log,
	.config_get = fake_config_get,
	.config_foreach = fake_config_foreach,
	.config_file = fake_config_file,
	.alloc = fake_alloc,
	.strdup = fake_strdup,
	.sprintf = fake_sprintf,
	.fail = fake_fail,
	.now_ns = fake_now_ns,
	.random_bytes = fake_random_bytes,
	.pattern_match = fake_pattern_match,
	.metric_add = fake_metric_add,
	.log_enabled = fake_log_enabled,
};

const struct sl_host *fake_host(const char *state_db)
{
	snprintf(state_db_path, sizeof(state_db_path), "%s", state_db);
	return &host;
}

struct sl_call *fake_call_new(void)
{
	struct sl_call *call = calloc(1, sizeof(*call));

	if (call == NULL)
		abort();
	return call;
}

void fake_call_free(struct sl_call *call)
{
	struct block *b;

	if (call == NULL)
		return;
	while ((b = call->blocks) != NULL) {
		call->blocks = b->next;
		free(b);
	}
	free(call);
}

enum sl_status fake_call_status(const struct sl_call *call)
{
	return call->status;
}

const char *fake_call_message(const struct sl_call *call)
{
	return call->message != NULL ? call->message : "";
}

void fake_clock_set(int64_t ns)
{
	pthread_mutex_lock(&clock_lock);
	frozen_ns = ns;
	pthread_mutex_unlock(&clock_lock);
}

/* Compiled patterns, freed by fake_patterns_release. */
static void *patterns[256];
static size_t n_patterns;

struct sl_pattern fake_pattern(const char *text)
{
	struct sl_pattern p;
	int errcode;
	PCRE2_SIZE erroff;
	pcre2_code *code;

	p.text = text;
	code = pcre2_compile((PCRE2_SPTR)text, PCRE2_ZERO_TERMINATED, PCRE2_UTF, &errcode, &erroff,
	                     NULL);
	if (code != NULL) {
		if (n_patterns == sizeof(patterns) / sizeof(patterns[0]))
			abort();
		patterns[n_patterns++] = code;
	}
	p.compiled = code;
	return p;
}

void fake_patterns_release(void)
{
	while (n_patterns > 0)
		pcre2_code_free(patterns[--n_patterns]);
}

/* The plugin's entry point, linked in from plugin.c. */
const struct sl_plugin *sl_plugin_entry(void);

const struct sl_plugin *fake_plugin(void)
{
	return sl_plugin_entry();
}

void *fake_plugin_start(const char *state_db)
{
	struct sl_call *call = fake_call_new();
	void *ctx = NULL;
	int rc = fake_plugin()->init(fake_host(state_db), call, &ctx);

	if (rc != SL_OK) {
		fprintf(stderr, "# aca init failed: %s\n", fake_call_message(call));
		ctx = NULL;
	}
	fake_call_free(call);
	return ctx;
}

void fake_plugin_stop(void *ctx)
{
	if (ctx != NULL)
		fake_plugin()->fini(ctx);
}

const char *fake_tempdir(void)
{
	snprintf(tempdir, sizeof(tempdir), "/tmp/acaut.XXXXXX");
	if (mkdtemp(tempdir) == NULL)
		abort();
	return tempdir;
}

static int remove_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

void fake_tempdir_remove(void)
{
	if (tempdir[0] == '\0')
		return;
	if (nftw(tempdir, remove_entry, 8, FTW_DEPTH | FTW_PHYS) != 0)
		fprintf(stderr, "# could not remove %s\n", tempdir);
	tempdir[0] = '\0';
}
