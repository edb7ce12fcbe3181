/* A minimal plugin for the gateway's own tests.  One source, several
 * builds: the TP_* macros below select what this build gets wrong (a
 * different ABI major, a newer or older minor, an init that fails, a
 * missing entry symbol), so that the loader's refusals can be observed
 * from the outside.  It implements no hooks (the gateway must answer 501),
 * except in the TP_SLOW build, whose network list takes `delay_ms` (from
 * its config) to answer: a request that is in flight on purpose. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sockerless/plugin.h>

#ifndef TP_ABI_MAJOR
#define TP_ABI_MAJOR SL_ABI_MAJOR
#endif
#ifndef TP_ABI_MINOR
#define TP_ABI_MINOR SL_ABI_MINOR
#endif
#ifndef TP_VERSION
#define TP_VERSION "test-1"
#endif

struct tp_ctx {
	const struct sl_host *host;
	long delay_ms;
};

/* Only "greeting" and "delay_ms" are known; anything else is a
 * configuration error. */
static int check_key(void *arg, const char *key, const char *value, unsigned line)
{
	(void)arg;
	(void)value;
	(void)line;
	return strcmp(key, "greeting") != 0 && strcmp(key, "delay_ms") != 0;
}

static int tp_init(const struct sl_host *host, struct sl_call *call, void **ctxp)
{
	struct tp_ctx *ctx;
	int rc;

#ifdef TP_INIT_FAILS
	return host->fail(call, SL_ERR_INVALID, "test plugin refuses to start");
#endif
	rc = host->config_foreach(host, check_key, NULL);
	if (rc != 0)
		return host->fail(call, SL_ERR_INVALID, "%s: unknown key for the test plugin",
		                  host->config_file(host));
	ctx = calloc(1, sizeof(*ctx));
	if (ctx == NULL)
		return host->fail(call, SL_ERR_INTERNAL, "out of memory");
	ctx->host = host;
	if (host->config_get(host, "delay_ms") != NULL)
		ctx->delay_ms = strtol(host->config_get(host, "delay_ms"), NULL, 10);
	*ctxp = ctx;
	return SL_OK;
}

static void tp_fini(void *ctx)
{
	free(ctx);
}

#ifdef TP_SLOW
static int tp_network_list(void *opaque, struct sl_call *call, const struct sl_filters *filters,
                           struct sl_network_list *out)
{
	struct tp_ctx *ctx = opaque;
	struct timespec nap = { ctx->delay_ms / 1000, (ctx->delay_ms % 1000) * 1000000L };

	(void)call;
	(void)filters;
	nanosleep(&nap, NULL);
	out->count = 0;
	out->items = NULL;
	return SL_OK;
}

static const struct sl_network_hooks tp_network_hooks = {
	.struct_size = sizeof(struct sl_network_hooks),
	.list = tp_network_list,
};
#endif

static const struct sl_plugin tp_plugin = {
	.magic = SL_PLUGIN_MAGIC,
	.abi_major = TP_ABI_MAJOR,
	.abi_minor = TP_ABI_MINOR,
	.struct_size = sizeof(struct sl_plugin),
	.name = "test",
	.version = TP_VERSION,
	.build_id = "test",
	.init = tp_init,
	.fini = tp_fini,
#ifdef TP_SLOW
	.networks = &tp_network_hooks,
#endif
};

#ifdef TP_NO_ENTRY
/** Exported under the wrong name: the loader must not find an entry. */
SL_PLUGIN_EXPORT const struct sl_plugin *sl_plugin_entry_misspelt(void);

SL_PLUGIN_EXPORT const struct sl_plugin *sl_plugin_entry_misspelt(void)
{
	return &tp_plugin;
}
#else
/** The plugin's one exported symbol. */
SL_PLUGIN_EXPORT const struct sl_plugin *sl_plugin_entry(void);

SL_PLUGIN_EXPORT const struct sl_plugin *sl_plugin_entry(void)
{
	return &tp_plugin;
}
#endif
