/* The aca plugin's descriptor and life cycle.  This is the only file that
 * knows the whole plugin; each area (state, networks, volumes, containers,
 * Azure) lives in its own module. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sockerless/plugin.h>

#include "plugins/aca/aca.h"
#include "plugins/aca/arm_client.h"
#include "plugins/aca/network.h"
#include "plugins/aca/request.h"
#include "plugins/aca/volume.h"

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

/* The ARM client logs through the gateway's log. */
static void arm_log(void *arg, enum sl_log_level level, const char *line)
{
	const struct sl_host *host = arg;

	host->log(host, level, "aca: %s", line);
}

/*
 * The ARM client, when the section names a subscription and a resource
 * group.  Without them the instance serves networks, containers and
 * anonymous volumes, and whatever needs Azure says which keys are missing.
 * Settings that are there but wrong (an endpoint, a credential) fail init.
 */
static int open_azure(struct aca_ctx *ctx, struct sl_call *call)
{
	const struct sl_host *host = ctx->host;
	struct aca_arm_client_options opts;
	struct aca_arm_error err;

	if (ctx->cfg.subscription_id == NULL || ctx->cfg.resource_group == NULL)
		return SL_OK;
	aca_arm_client_options_from_config(&ctx->cfg, &opts);
	opts.log = arm_log;
	opts.log_arg = (void *)(uintptr_t)host;
	opts.log_level = host->log_enabled(host, SL_LOG_DEBUG) ? SL_LOG_DEBUG : SL_LOG_INFO;
	if (aca_arm_client_new(&opts, &ctx->arm, &err) != SL_OK)
		return host->fail(call, err.status, "%s: aca: %s", host->config_file(host),
		                  err.message);
	return SL_OK;
}

static void close_instance(struct aca_ctx *ctx)
{
	aca_volumes_stop(ctx);
	aca_arm_client_free(ctx->arm);
	aca_store_close(ctx->store);
	aca_config_free(&ctx->cfg);
	free(ctx);
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
	if (rc == SL_OK)
		rc = open_azure(ctx, call);
	if (rc == SL_OK)
		rc = aca_volumes_start(ctx, call);
	if (rc != SL_OK) {
		close_instance(ctx);
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
	close_instance(ctx);
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
	.volumes = &aca_volume_hooks,
	.containers = &aca_container_hooks,
};

/** The plugin's one exported symbol. */
SL_PLUGIN_EXPORT const struct sl_plugin *sl_plugin_entry(void);

SL_PLUGIN_EXPORT const struct sl_plugin *sl_plugin_entry(void)
{
	return &aca_plugin;
}
