/* A fake sl_host for unit tests of the aca plugin: an arena per call, the
 * error of a call, a settable clock, Docker's pattern rule with PCRE2, and
 * a config section holding state_db.  The plugin links no gateway symbol,
 * so tests drive its hooks directly through this host. */
#ifndef FAKE_HOST_H
#define FAKE_HOST_H

#include <stdint.h>

#include <sockerless/plugin.h>

/** The host, configured for a database at state_db (copied). */
const struct sl_host *fake_host(const char *state_db);

/** A new call (arena and error); free it with fake_call_free. */
struct sl_call *fake_call_new(void);

/** Free a call and everything allocated in its arena. */
void fake_call_free(struct sl_call *call);

/** The status the call was failed with (SL_OK if it was not). */
enum sl_status fake_call_status(const struct sl_call *call);

/** The call's error message, or "" when it did not fail. */
const char *fake_call_message(const struct sl_call *call);

/** Freeze the clock at ns (0: back to the real clock). */
void fake_clock_set(int64_t ns);

/** Compile a filter pattern (kept until fake_patterns_release). */
struct sl_pattern fake_pattern(const char *text);

/** Free every pattern fake_pattern compiled. */
void fake_patterns_release(void);

/** The aca plugin's descriptor (linked in statically). */
const struct sl_plugin *fake_plugin(void);

/**
 * Start an aca instance on state_db; returns the context or NULL with the
 * failure printed.  Stop it with fake_plugin_stop.
 */
void *fake_plugin_start(const char *state_db);

/** Stop an instance started with fake_plugin_start. */
void fake_plugin_stop(void *ctx);

/** A fresh temporary directory path (under /tmp) for a test's files. */
const char *fake_tempdir(void);

/** Remove what fake_tempdir made. */
void fake_tempdir_remove(void);

#endif
