/* The running daemon: its config, backends and listeners. */
#ifndef GW_SERVER_H
#define GW_SERVER_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>

#include "gateway/backend.h"
#include "gateway/config_file.h"

struct MHD_Daemon;
struct gw_server;

/** One open listener (a [listener] section). */
struct gw_listener {
	char *name;
	char *address;
	char *backend_name;
	char *unix_path;              /* socket file to remove on close; NULL for TCP */
	int fd;
	struct MHD_Daemon *mhd;
	struct gw_server *server;
	struct gw_backend *backend;   /* borrowed from the server */
};

/** The daemon. */
struct gw_server {
	/* The config and the listener list belong to the main thread (start-up,
	 * reload, shutdown); request threads never read them. */
	struct gw_config *config;     /* owned */
	char *runtime_dir;
	size_t n_listeners;
	struct gw_listener **listeners;
	/* Request threads read the backend list (GET /info), the main thread
	 * grows it on reload: under lock.  Backends are never freed before
	 * shutdown. */
	pthread_rwlock_t lock;
	size_t n_backends;
	struct gw_backend **backends;
	atomic_size_t max_body_bytes; /* from [daemon], updated on reload */
	atomic_long inflight;         /* requests being served */
	atomic_ulong served;          /* requests completed */
	int64_t started_ns;
	atomic_int quiescing;         /* no new requests: shutting down */
};

/**
 * Open a listener for cfg, bound to backend.  Returns NULL and a message
 * in err when the address cannot be served (including a non-loopback TCP
 * address without TLS).
 */
struct gw_listener *gw_listener_open(struct gw_server *server, const struct gw_listener_config *cfg,
                                     struct gw_backend *backend, char *err, size_t errlen);

/** Stop accepting on a listener (in-flight requests go on). */
void gw_listener_quiesce(struct gw_listener *l);

/** Stop a listener, wait for its connection threads and free it. */
void gw_listener_close(struct gw_listener *l);

/** Is host (a name or address) loopback only?  1 yes, 0 no, -1 unresolvable. */
int gw_host_is_loopback(const char *host);

/** The backend called name, or NULL. */
struct gw_backend *gw_server_backend(struct gw_server *server, const char *name);

#endif
