/* The aca plugin instance shared by its modules. */
#ifndef ACA_H
#define ACA_H

#include <stdatomic.h>

#include <sockerless/plugin.h>

#include "plugins/aca/aca_config.h"
#include "plugins/aca/store.h"

struct aca_arm_client;
struct aca_volumes;

/** One instance per backend generation. */
struct aca_ctx {
	const struct sl_host *host;     /* borrowed: valid until fini */
	struct aca_config cfg;
	struct aca_store *store;        /* owned: closed by fini */
	atomic_int pruning;             /* a prune is running (Docker allows one at a time) */
	struct aca_arm_client *arm;     /* owned; NULL when the section names no subscription */
	struct aca_volumes *volumes;    /* owned: the volume module (volume.h) */
};

/** The network hook table (network.c). */
extern const struct sl_network_hooks aca_network_hooks;

/** The container hook table (container.c). */
extern const struct sl_container_hooks aca_container_hooks;

/** GET /info counts (info.c). */
int aca_info(void *ctx, struct sl_call *call, struct sl_backend_info *out);

#endif
