/* The service table the gateway hands to each plugin instance. */
#ifndef GW_HOST_H
#define GW_HOST_H

#include <pthread.h>
#include <stdint.h>

#include <sockerless/plugin.h>

#include "gateway/config_file.h"

/** Most distinct counter names one plugin instance may use. */
#define GW_HOST_MAX_METRICS 64

/** A named counter a plugin reports through sl_host.metric_add. */
struct gw_metric {
	char name[64];
	int64_t value;
};

/**
 * One sl_host per plugin generation.  The public table comes first so that
 * a service receiving `const struct sl_host *` finds its instance.
 */
struct gw_host {
	struct sl_host pub;
	char *component;                       /* log prefix, e.g. "aca[main#2]" */
	const struct gw_backend_config *config; /* borrowed: owned by the generation */
	const char *config_path;
	pthread_mutex_t metrics_lock;
	size_t n_metrics;                      /* protected by metrics_lock */
	struct gw_metric metrics[GW_HOST_MAX_METRICS];
};

/** Fill a host table; component is copied.  Returns 0, or -1 without memory. */
int gw_host_init(struct gw_host *host, const char *component,
                 const struct gw_backend_config *config, const char *config_path);

/**
 * Copy up to max counters into out (a consistent snapshot); returns how
 * many were copied.
 */
size_t gw_host_metrics(struct gw_host *host, struct gw_metric *out, size_t max);

/** Release what gw_host_init allocated. */
void gw_host_fini(struct gw_host *host);

#endif
