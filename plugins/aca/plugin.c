/* The aca plugin's descriptor and life cycle.  This is the only file that
 * knows the whole plugin; each area (state, networks, volumes, containers,
 * Azure) lives in its own module. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <sockerless/plugin.h>

#include "plugins/aca/aca.h"
#include "plugins/aca/network.h"
#include "plugins/aca/request.h"

#ifndef ACA_BUILD_ID
#define ACA_BUILD_ID "dev"
#endif
#ifndef ACA_VERSION
#define ACA_VERSION PACKAGE_VERSION
#endif

/* Connections per instance: enough for the gateway's worker threads to
 * read in parallel; writers queue on the store's write lock anyway. */
#define ACA_STORE_CONNECTIONS 8

/* Open the state database and make sure the predefined networks exist. */
static int open_state(struct aca_ctx *ctx, struct sl_call *call)
{
	const struct sl_host *host = ctx->host;
	struct aca_req r;
	char err[512];
	int rc;

	/* aca_config_load guarantees state_db. */
	if (aca_store_open(ctx->cfg.state_db, ACA_STORE_CONNECTIONS, &ctx->store, err,
	                   sizeof(err)) != 0)
		return host->fail(call, SL_ERR_INTERNAL, "aca: state database: %s", err);
	rc = aca_req_open(&r, ctx, call);
	if (rc != SL_OK)
		return rc;
	rc = aca_network_seed(&r);
	aca_req_close(&r);
	return rc;
}

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
	atomic_init(&ctx->pruning, 0);
	rc = aca_config_load(host, call, &ctx->cfg);
	if (rc != SL_OK) {
		free(ctx);
		return rc;
	}
	rc = open_state(ctx, call);
	if (rc != SL_OK) {
		aca_store_close(ctx->store);
		aca_config_free(&ctx->cfg);
		free(ctx);
		return rc;
	}
	host->log(host, SL_LOG_INFO, "aca %s ready: state %s (schema %d)", ACA_VERSION,
	          ctx->cfg.state_db, aca_store_schema_latest());
	*ctxp = ctx;
	return SL_OK;
}

static void aca_fini(void *opaque)
{
	struct aca_ctx *ctx = opaque;

	if (ctx == NULL)
		return;
	aca_store_close(ctx->store);
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
	.info = aca_info,
	.networks = &aca_network_hooks,
	.volumes = NULL,
	.containers = &aca_container_hooks,
};

/** The plugin's one exported symbol. */
SL_PLUGIN_EXPORT const struct sl_plugin *sl_plugin_entry(void);

SL_PLUGIN_EXPORT const struct sl_plugin *sl_plugin_entry(void)
{
	return &aca_plugin;
}
