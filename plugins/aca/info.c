/* GET /info: what this backend holds. */
#include "config.h"

#include <string.h>

#include "plugins/aca/request.h"
#include "plugins/aca/volume_options.h"
#include "plugins/aca/volume_store.h"

static const char sql_counts[] =
	"SELECT (SELECT count(*) FROM containers),"
	" (SELECT count(*) FROM containers WHERE status IN ('running', 'restarting')),"
	" (SELECT count(*) FROM containers WHERE status = 'paused'),"
	" (SELECT count(*) FROM networks)";

static void add_status(struct sl_kv *items, size_t *n, const char *key, const char *value)
{
	if (value == NULL || value[0] == '\0')
		return;
	items[*n].key = key;
	items[*n].value = value;
	(*n)++;
}

/* What docker info lists as this backend's plugins. */
static const char *const volume_drivers[] = { ACA_VOLUME_DRIVER };
static const char *const network_drivers[] = { "bridge", "host", "null" };

int aca_info(void *ctx, struct sl_call *call, struct sl_backend_info *out)
{
	struct aca_req r;
	sqlite3_stmt *st;
	struct sl_kv *status;
	size_t n = 0;
	int rc = aca_req_open(&r, ctx, call);

	if (rc != SL_OK)
		return rc;
	st = aca_req_stmt(&r, sql_counts);
	if (st == NULL) {
		aca_req_close(&r);
		return SL_ERR_INTERNAL;
	}
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->containers = sqlite3_column_int64(st, 0);
		out->containers_running = sqlite3_column_int64(st, 1);
		out->containers_paused = sqlite3_column_int64(st, 2);
		/* Docker counts created and exited containers as stopped. */
		out->containers_stopped =
			out->containers - out->containers_running - out->containers_paused;
		out->networks = sqlite3_column_int64(st, 3);
	}
	sqlite3_reset(st);
	rc = rc == SQLITE_ROW ? SL_OK : aca_req_sql_fail(&r, rc);
	if (rc == SL_OK)
		rc = aca_vstore_count(&r, &out->volumes);
	aca_req_close(&r);
	if (rc != SL_OK)
		return rc;
	/* Jobs run registry images directly: this backend keeps no local images. */
	out->images = 0;
	out->driver = "aca";
	out->operating_system = "Azure Container Apps";
	out->volume_drivers.present = 1;
	out->volume_drivers.count = sizeof(volume_drivers) / sizeof(volume_drivers[0]);
	out->volume_drivers.items = volume_drivers;
	out->network_drivers.present = 1;
	out->network_drivers.count = sizeof(network_drivers) / sizeof(network_drivers[0]);
	out->network_drivers.items = network_drivers;
	status = r.host->alloc(call, 4 * sizeof(*status));
	add_status(status, &n, "Environment", r.ctx->cfg.environment);
	add_status(status, &n, "Resource Group", r.ctx->cfg.resource_group);
	add_status(status, &n, "Location", r.ctx->cfg.location);
	out->status.present = 1;
	out->status.count = n;
	out->status.items = status;
	return SL_OK;
}
