/* The aca plugin's descriptor and life cycle.  This is the only file that
 * knows the whole plugin; each area (state, networks, volumes, containers,
 * Azure) lives in its own module. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <sockerless/plugin.h>

#include "plugins/aca/aca.h"

#ifndef ACA_BUILD_ID
#define ACA_BUILD_ID "dev"
#endif
#ifndef ACA_VERSION
#define ACA_VERSION PACKAGE_VERSION
#endif

static int aca_init(const struct sl_host *host, struct sl_call *call, void **ctxp)
{
	struct aca_ctx *ctx;
	int rc;

	if (host->struct_size < sizeof(struct sl_host))
		return SL_ERR_INTERNAL;
	ctx = calloc(1, sizeof(*ctx));
	if (ctx == NULL)
		return host->fail(call, SL_ERR_INTERNAL, "aca: out of memory");
	ctx->host = host;
	rc = aca_config_load(host, call, &ctx->cfg);
	if (rc != SL_OK) {
		free(ctx);
		return rc;
	}
	host->log(host, SL_LOG_INFO, "aca %s ready: state %s", ACA_VERSION, ctx->cfg.state_db);
	*ctxp = ctx;
	return SL_OK;
}

static void aca_fini(void *opaque)
{
	struct aca_ctx *ctx = opaque;

	if (ctx == NULL)
		return;
	aca_config_free(&ctx->cfg);
	free(ctx);
}

static const struct sl_plugin aca_plugin = {
	.magic = SL_PLUGIN_MAGIC,
	.abi_major = SL_ABI_MAJOR,
	.abi_minor = SL_ABI_MINOR,
	.struct_size = sizeof(struct sl_plugin),
	.name = "aca",
	.version = ACA_VERSION,
	.build_id = ACA_BUILD_ID,
	.init = aca_init,
	.fini = aca_fini,
	.info = NULL,
	.networks = NULL,
	.volumes = NULL,
	.containers = NULL,
};

/** The plugin's one exported symbol. */
SL_PLUGIN_EXPORT const struct sl_plugin *sl_plugin_entry(void);

SL_PLUGIN_EXPORT const struct sl_plugin *sl_plugin_entry(void)
{
	return &aca_plugin;
}
