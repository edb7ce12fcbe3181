/* sl_host implementation: logging, config access, arena, errors, clock,
 * randomness and pattern matching for plugins. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gateway/call.h"
#include "gateway/host.h"
#include "gateway/log.h"
#include "gateway/pattern.h"
#include "gateway/random.h"

static const struct gw_host *host_of(const struct sl_host *pub)
{
	return (const struct gw_host *)(const void *)((const char *)pub -
	                                               offsetof(struct gw_host, pub));
}

static void host_log(const struct sl_host *pub, enum sl_log_level level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void host_log(const struct sl_host *pub, enum sl_log_level level, const char *fmt, ...)
{
	va_list ap;

	if ((int)level < (int)SL_LOG_ERROR || level > SL_LOG_DEBUG)
		level = SL_LOG_ERROR;
	va_start(ap, fmt);
	gw_logv(level, host_of(pub)->component, fmt, ap);
	va_end(ap);
}

static const char *host_config_get(const struct sl_host *pub, const char *key)
{
	const struct gw_backend_config *cfg = host_of(pub)->config;

	for (size_t i = 0; i < cfg->n_entries; i++) {
		if (strcmp(cfg->entries[i].key, key) == 0)
			return cfg->entries[i].value;
	}
	return NULL;
}

static int host_config_foreach(const struct sl_host *pub,
                               int (*fn)(void *arg, const char *key, const char *value,
                                         unsigned line),
                               void *arg)
{
	const struct gw_backend_config *cfg = host_of(pub)->config;

	for (size_t i = 0; i < cfg->n_entries; i++) {
		int rc = fn(arg, cfg->entries[i].key, cfg->entries[i].value, cfg->entries[i].line);

		if (rc != 0)
			return rc;
	}
	return 0;
}

static const char *host_config_file(const struct sl_host *pub)
{
	return host_of(pub)->config_path;
}

static void *host_alloc(struct sl_call *call, size_t size)
{
	return gw_arena_alloc(call->arena, size);
}

static char *host_strdup(struct sl_call *call, const char *s)
{
	return gw_arena_strdup(call->arena, s);
}

static char *host_sprintf(struct sl_call *call, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static char *host_sprintf(struct sl_call *call, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = gw_arena_vsprintf(call->arena, fmt, ap);
	va_end(ap);
	return s;
}

static int host_fail(struct sl_call *call, enum sl_status code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int host_fail(struct sl_call *call, enum sl_status code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	call->message = gw_arena_vsprintf(call->arena, fmt, ap);
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

static void host_metric_add(const struct sl_host *pub, const char *name, int64_t delta)
{
	/* The only non-const use of the table: counters live in the instance. */
	struct gw_host *host = (struct gw_host *)(uintptr_t)host_of(pub);
	size_t i;

	if (name == NULL || name[0] == '\0' || strlen(name) >= sizeof(host->metrics[0].name))
		return;
	pthread_mutex_lock(&host->metrics_lock);
	for (i = 0; i < host->n_metrics; i++) {
		if (strcmp(host->metrics[i].name, name) == 0)
			break;
	}
	if (i == host->n_metrics && host->n_metrics < GW_HOST_MAX_METRICS) {
		memcpy(host->metrics[i].name, name, strlen(name) + 1);
		host->metrics[i].value = 0;
		host->n_metrics++;
	}
	if (i < host->n_metrics)
		host->metrics[i].value += delta;
	pthread_mutex_unlock(&host->metrics_lock);
}

size_t gw_host_metrics(struct gw_host *host, struct gw_metric *out, size_t max)
{
	size_t n;

	pthread_mutex_lock(&host->metrics_lock);
	n = host->n_metrics < max ? host->n_metrics : max;
	memcpy(out, host->metrics, n * sizeof(*out));
	pthread_mutex_unlock(&host->metrics_lock);
	return n;
}

static int host_log_enabled(const struct sl_host *pub, enum sl_log_level level)
{
	(void)pub;
	return gw_log_enabled(level);
}

int gw_host_init(struct gw_host *host, const char *component,
                 const struct gw_backend_config *config, const char *config_path)
{
	memset(host, 0, sizeof(*host));
	host->component = strdup(component);
	if (host->component == NULL)
		return -1;
	host->config = config;
	host->config_path = config_path;
	pthread_mutex_init(&host->metrics_lock, NULL);
	host->pub.struct_size = sizeof(host->pub);
	host->pub.abi_major = SL_ABI_MAJOR;
	host->pub.abi_minor = SL_ABI_MINOR;
	host->pub.gateway_version = PACKAGE_VERSION;
	host->pub.log = host_log;
	host->pub.config_get = host_config_get;
	host->pub.config_foreach = host_config_foreach;
	host->pub.config_file = host_config_file;
	host->pub.alloc = host_alloc;
	host->pub.strdup = host_strdup;
	host->pub.sprintf = host_sprintf;
	host->pub.fail = host_fail;
	host->pub.now_ns = host_now_ns;
	host->pub.random_bytes = gw_random_bytes;
	host->pub.pattern_match = gw_pattern_match;
	host->pub.metric_add = host_metric_add;
	host->pub.log_enabled = host_log_enabled;
	return 0;
}

void gw_host_fini(struct gw_host *host)
{
	free(host->component);
	host->component = NULL;
	pthread_mutex_destroy(&host->metrics_lock);
}
