/* The service table the gateway hands to each plugin instance. */
#ifndef GW_HOST_H
#define GW_HOST_H

#include <sockerless/plugin.h>

#include "gateway/config_file.h"

/**
 * One sl_host per plugin generation.  The public table comes first so that
 * a service receiving `const struct sl_host *` finds its instance.
 */
struct gw_host {
	struct sl_host pub;
	char *component;                       /* log prefix, e.g. "aca[main#2]" */
	const struct gw_backend_config *config; /* borrowed: owned by the generation */
	const char *config_path;
};

/** Fill a host table; component is copied.  Returns 0, or -1 without memory. */
int gw_host_init(struct gw_host *host, const char *component,
                 const struct gw_backend_config *config, const char *config_path);

/** Release what gw_host_init allocated. */
void gw_host_fini(struct gw_host *host);

#endif
