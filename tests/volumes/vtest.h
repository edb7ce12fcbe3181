/* Test support for the volume module against azemu: an azemu process in a
 * private directory (with its admin API and request log), and an sl_host
 * whose config section points the aca plugin at it.  The plugin links no
 * gateway symbol, so tests drive its hooks directly through this host. */
#ifndef VTEST_H
#define VTEST_H

#include <stddef.h>
#include <sys/types.h>

#include <sockerless/plugin.h>

/** Names azemu is started with and the plugin is configured for. */
#define VT_SUB "00000000-0000-0000-0000-0000000000b1"
#define VT_RG "sockerless"
#define VT_ACCOUNT "slvolumes"
#define VT_ENV "slenv"
#define VT_TENANT "tenant-v"
#define VT_CLIENT "client-v"
#define VT_SECRET "Vol~Test.Secret_77"
#define VT_KEY "a2V5LW9uZS1mb3ItdGhlLXZvbHVtZS10ZXN0cw=="
#define VT_KEY2 "c2Vjb25kLWtleS1hZnRlci1yb3RhdGlvbg=="

/** A running azemu and its files. */
struct vt_azemu {
	char dir[64];                   /* private directory, removed by vt_azemu_stop */
	char base[64];                  /* http://127.0.0.1:PORT */
	char log[128];                  /* request log (JSON lines) */
	char data[128];                 /* data directory (shares are directories under it) */
	pid_t pid;
};

/**
 * Start azemu with a subscription, resource group, storage account (key
 * VT_KEY), environment and service principal, plus extra arguments
 * (NULL-terminated, may be NULL).  0 on success.
 */
int vt_azemu_start(struct vt_azemu *az, const char *const *extra);

/** Stop azemu and remove its directory. */
void vt_azemu_stop(struct vt_azemu *az);

/** Call azemu's admin API (body may be NULL); the HTTP status, 0 on failure. */
long vt_admin(const struct vt_azemu *az, const char *method, const char *path, const char *body);

/** Add a fault rule (JSON); 0 on success. */
int vt_fault(const struct vt_azemu *az, const char *rule_json);

/** How many lines the request log has now (a mark for vt_log_calls). */
size_t vt_log_mark(const struct vt_azemu *az);

/**
 * The ARM requests logged after mark, one per line as "METHOD what STATUS"
 * where what is the last two path segments ("shares/sl-x", "listKeys" is
 * "slvolumes/listKeys").  Requests answered by a fault rule are included
 * with their status.  Returns a malloc'd string.
 */
char *vt_log_calls(const struct vt_azemu *az, size_t mark);

/** Does the request log (bodies included) contain text anywhere? */
int vt_log_contains(const struct vt_azemu *az, const char *text);

/** Does azemu hold a share of this name (its directory in the data dir)? */
int vt_share_dir_exists(const struct vt_azemu *az, const char *share);

/* ---- the host ---- */

/** Forget every config key, then set the keys pointing at az with the state database at db. */
void vt_config_azemu(const struct vt_azemu *az, const char *db);

/** Set (value != NULL) or remove one config key. */
void vt_config_set(const char *key, const char *value);

/** The host. */
const struct sl_host *vt_host(void);

/** A call that lives until vt_calls_free (thread-safe). */
struct sl_call *vt_call(void);

/** Free every call made so far. */
void vt_calls_free(void);

/** The status and message of a call. */
enum sl_status vt_status(const struct sl_call *call);
const char *vt_message(const struct sl_call *call);

/** Everything the plugin logged since the last vt_logs_clear (malloc'd copy). */
char *vt_logs(void);
void vt_logs_clear(void);

/** The aca plugin's descriptor. */
const struct sl_plugin *vt_plugin(void);

/** Start an instance with the current config; NULL (message printed) on failure. */
void *vt_plugin_start(void);

/** Stop an instance. */
void vt_plugin_stop(void *ctx);

/** A fresh temporary directory (under /tmp) and its removal. */
const char *vt_tempdir(void);
void vt_tempdir_remove(void);

/** Does file contain the bytes of text anywhere?  (Secrets in a database.) */
int vt_file_contains(const char *path, const char *text);

#endif
