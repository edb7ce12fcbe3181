/* Reloading the config in a running daemon (SIGHUP, `sockerlessd reload`). */
#ifndef GW_RELOAD_H
#define GW_RELOAD_H

#include "gateway/server.h"

/**
 * Re-read the config file and apply it: new plugin generations for
 * backends whose plugin file (by content) or section changed, listeners
 * opened and closed to match.  Any failure for a backend keeps its old
 * generation serving and is logged; returns the number of failures.
 */
int gw_reload(struct gw_server *server, const char *plugin_dir);

/**
 * Load and publish the first generation of every backend of the server's
 * config and open its listeners (start-up).  Returns 0, or -1 with a
 * message in err.
 */
int gw_server_start(struct gw_server *server, char *err, size_t errlen);

/** Stop listeners, drain and unload every backend. */
void gw_server_stop(struct gw_server *server);

#endif
