/* The aca plugin instance shared by its modules. */
#ifndef ACA_H
#define ACA_H

#include <sockerless/plugin.h>

#include "plugins/aca/aca_config.h"

/** One instance per backend generation. */
struct aca_ctx {
	const struct sl_host *host;     /* borrowed: valid until fini */
	struct aca_config cfg;
};

#endif
