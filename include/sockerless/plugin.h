/*
 * sockerless plugin ABI: the only header a backend plugin needs.
 *
 * ABI changelog (append a line for every change; never reorder or remove):
 *
 *   1.0  First version: plugin descriptor, host service table, hook tables
 *        for networks, volumes and containers, typed requests and results,
 *        per-request arena, error codes.
 *   1.1  sl_host.log_enabled, so a plugin can skip building debug output
 *        that would not be printed.
 *   1.2  sl_backend_info.volume_drivers and network_drivers, shown by
 *        docker info as the backend's plugins.
 *
 * Rules of the road (modelled on Varnish's vrt.h, Redis' redismodule.h and
 * SQLite's sqlite3ext.h):
 *
 *  - A plugin exports exactly one symbol, sl_plugin_entry(), returning a
 *    pointer to a static struct sl_plugin.  Everything else is hidden.
 *  - The gateway accepts a plugin when magic matches, abi_major is equal to
 *    the gateway's, the plugin's abi_minor is not newer than the gateway's,
 *    and every struct_size is at least the size of that struct in ABI 1.0.
 *  - Structs handed across the boundary only ever grow at the end.  New
 *    members carry an "added in 1.N" comment.  A reader checks struct_size
 *    before touching a member added after 1.0.
 *  - A NULL hook table or a NULL hook means "not supported": the gateway
 *    answers 501 and never calls it.
 *  - Hooks are called concurrently from many gateway threads, on the same
 *    ctx; a plugin does its own locking.
 *  - Memory: everything a hook returns (strings, arrays, structs) must come
 *    from the per-request arena (sl_host.alloc and friends) or be static.
 *    The gateway frees the arena in one go after the response is written;
 *    a plugin never frees arena memory and never keeps a pointer to it
 *    beyond the hook call.  Request structs passed in are owned by the
 *    gateway and valid for the duration of the call only.
 *  - Errors: a hook returns SL_OK or an error code, and on error sets the
 *    message with sl_host.fail().  The gateway maps the code to an HTTP
 *    status and sends {"message": "..."}.  Messages must never contain
 *    secrets.
 */
#ifndef SOCKERLESS_PLUGIN_H
#define SOCKERLESS_PLUGIN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** "SLPL": first member of struct sl_plugin, checked before anything else. */
#define SL_PLUGIN_MAGIC 0x534c504cU
/** Incompatible changes bump the major; the gateway refuses other majors. */
#define SL_ABI_MAJOR 1
/** Compatible additions bump the minor. */
#define SL_ABI_MINOR 2

/** The name of the one symbol a plugin exports. */
#define SL_PLUGIN_ENTRY_SYMBOL "sl_plugin_entry"

/**
 * The per-request context: owns the arena and the error of one call.
 * Opaque to plugins; every hook receives one and hands it back to the host
 * services that allocate or report errors.
 */
struct sl_call;

/* ------------------------------------------------------------------ */
/* Status codes                                                        */
/* ------------------------------------------------------------------ */

/** Result of every hook.  The gateway maps each to an HTTP status. */
enum sl_status {
	SL_OK = 0,
	SL_ERR_INVALID = 1,         /**< 400: bad input, nothing changed */
	SL_ERR_NOT_FOUND = 2,       /**< 404 */
	SL_ERR_CONFLICT = 3,        /**< 409 */
	SL_ERR_FORBIDDEN = 4,       /**< 403 */
	SL_ERR_UNAVAILABLE = 5,     /**< 503: the cloud is unreachable or throttling */
	SL_ERR_NOT_SUPPORTED = 6,   /**< 501 */
	SL_ERR_INTERNAL = 7,        /**< 500 */
	SL_ERR_NOT_MODIFIED = 8     /**< 304 (start of a running container) */
};

/** Log levels for sl_host.log. */
enum sl_log_level {
	SL_LOG_ERROR = 0,
	SL_LOG_WARNING = 1,
	SL_LOG_INFO = 2,
	SL_LOG_DEBUG = 3
};

/* ------------------------------------------------------------------ */
/* Small value types                                                   */
/* ------------------------------------------------------------------ */

/** A key/value pair. */
struct sl_kv {
	const char *key;
	const char *value;
};

/**
 * A string map.  present == 0 means JSON null (not given); present != 0
 * with count == 0 means {}.  Docker distinguishes the two in several places.
 */
struct sl_map {
	int present;
	size_t count;
	const struct sl_kv *items;
};

/** A string list with the same null-versus-empty distinction as sl_map. */
struct sl_strv {
	int present;
	size_t count;
	const char *const *items;
};

/** Three-valued flag used by filters and optional booleans. */
enum sl_tristate {
	SL_TRI_UNSET = -1,
	SL_TRI_FALSE = 0,
	SL_TRI_TRUE = 1
};

/* ------------------------------------------------------------------ */
/* Filters (parsed once by the gateway from Docker's "filters" JSON)   */
/* ------------------------------------------------------------------ */

/**
 * A name or id pattern: Docker matches these as "equal, or an unanchored
 * regular expression that matches".  The gateway compiles the pattern;
 * a plugin tests a subject with sl_host.pattern_match().
 */
struct sl_pattern {
	const char *text;
	const void *compiled;   /* gateway-private */
};

/** One label condition: key present, and when value != NULL, equal to it. */
struct sl_label_cond {
	const char *key;
	const char *value;      /* NULL: key only; "" means key= (empty value) */
};

/** Network "type" filter bits. */
#define SL_NETWORK_TYPE_BUILTIN 0x1u
#define SL_NETWORK_TYPE_CUSTOM  0x2u

/**
 * Typed filters.  The gateway has already rejected keys the endpoint does
 * not accept and values Docker would refuse, so a plugin applies every
 * non-empty condition: conditions of different keys are ANDed; values of
 * one key are ORed, except labels, which are ANDed (Docker's rules), and
 * label_not, which excludes an object only when all of its conditions hold.
 */
struct sl_filters {
	size_t n_name;
	const struct sl_pattern *name;
	size_t n_id;
	const struct sl_pattern *id;
	size_t n_driver;
	const char *const *driver;        /* exact match */
	size_t n_scope;
	const char *const *scope;         /* exact match */
	size_t n_label;
	const struct sl_label_cond *label;
	size_t n_label_not;
	const struct sl_label_cond *label_not;
	enum sl_tristate dangling;
	unsigned type_mask;               /* SL_NETWORK_TYPE_*, 0: any */
	int has_until;
	int64_t until_ns;                 /* created at or before (Unix ns) */
	/* Container list filters. */
	size_t n_status;
	const char *const *status;        /* created, running, exited, ... */
	size_t n_network;
	const char *const *network;       /* network name or id */
	size_t n_volume;
	const char *const *volume;        /* volume name or mount destination */
};

/* ------------------------------------------------------------------ */
/* Networks                                                            */
/* ------------------------------------------------------------------ */

/** One IPAM pool.  Strings are NULL when not given. */
struct sl_ipam_pool {
	const char *subnet;
	const char *ip_range;
	const char *gateway;
	struct sl_map aux_addresses;
};

/** IPAM settings as Docker shows them. */
struct sl_ipam {
	const char *driver;               /* "default" */
	struct sl_map options;            /* present == 0: null */
	size_t n_config;
	const struct sl_ipam_pool *config;
};

/** POST /networks/create, decoded. */
struct sl_network_create_req {
	const char *name;
	const char *driver;               /* "" or NULL: the backend's default */
	const char *scope;                /* "" when not given */
	enum sl_tristate enable_ipv6;
	struct sl_ipam ipam;              /* driver NULL when IPAM was absent */
	int internal;
	int attachable;
	int ingress;
	int config_only;
	const char *config_from;          /* ConfigFrom.Network, NULL if none */
	struct sl_map options;
	struct sl_map labels;
};

/** A network's view of one attached container (Docker's "Containers" map). */
struct sl_network_attachment {
	const char *container_id;
	const char *name;
	const char *endpoint_id;
	const char *mac_address;
	const char *ipv4_address;         /* with prefix length: "172.18.0.2/16" */
	const char *ipv6_address;         /* "" when none */
};

/** A network as Docker shows it. */
struct sl_network {
	const char *id;
	const char *name;
	int64_t created_ns;               /* Unix time, ns */
	const char *scope;
	const char *driver;
	int enable_ipv6;
	struct sl_ipam ipam;
	int internal;
	int attachable;
	int ingress;
	const char *config_from;          /* "" when none */
	int config_only;
	size_t n_containers;
	const struct sl_network_attachment *containers;
	struct sl_map options;
	struct sl_map labels;
};

/** Result of network create. */
struct sl_network_created {
	const char *id;
	const char *warning;              /* "" when none */
};

/** A list of networks. */
struct sl_network_list {
	size_t count;
	const struct sl_network *items;
};

/**
 * Settings for one endpoint: container create's EndpointsConfig entries and
 * the body of network connect.  Lists and maps keep Docker's null-versus-
 * empty distinction because container inspect echoes them as submitted.
 */
struct sl_endpoint_config {
	const char *network;              /* name, id or id prefix as given */
	int has_ipam_config;              /* IPAMConfig present (even if {}) */
	const char *ipv4_address;         /* IPAMConfig.IPv4Address, NULL if none */
	const char *ipv6_address;
	struct sl_strv link_local_ips;
	struct sl_strv links;
	struct sl_strv aliases;
	const char *mac_address;          /* NULL if none */
	struct sl_map driver_opts;
};

/** Hooks for networks.  Terms are ids, names or id prefixes as the client gave them. */
struct sl_network_hooks {
	size_t struct_size;
	/** POST /networks/create */
	int (*create)(void *ctx, struct sl_call *call, const struct sl_network_create_req *req,
	              struct sl_network_created *out);
	/** GET /networks/{term}; scope is NULL unless the client restricted it. */
	int (*inspect)(void *ctx, struct sl_call *call, const char *term, const char *scope,
	               struct sl_network *out);
	/** GET /networks; attachments are not filled in (Docker shows {}). */
	int (*list)(void *ctx, struct sl_call *call, const struct sl_filters *filters,
	            struct sl_network_list *out);
	/** DELETE /networks/{term} */
	int (*remove)(void *ctx, struct sl_call *call, const char *term);
	/** POST /networks/prune; out receives the removed networks' names. */
	int (*prune)(void *ctx, struct sl_call *call, const struct sl_filters *filters,
	             struct sl_strv *out);
	/** POST /networks/{term}/connect */
	int (*connect)(void *ctx, struct sl_call *call, const char *term, const char *container,
	               const struct sl_endpoint_config *config);
	/** POST /networks/{term}/disconnect */
	int (*disconnect)(void *ctx, struct sl_call *call, const char *term, const char *container,
	                  int force);
};

/* ------------------------------------------------------------------ */
/* Volumes                                                             */
/* ------------------------------------------------------------------ */

/** POST /volumes/create, decoded; name already checked against Docker's rules. */
struct sl_volume_create_req {
	const char *name;                 /* never NULL: the gateway names anonymous volumes */
	int anonymous;                    /* name was generated */
	const char *driver;               /* "" when not given */
	struct sl_map driver_opts;
	struct sl_map labels;
};

/** A volume as Docker shows it. */
struct sl_volume {
	const char *name;
	const char *driver;
	const char *mountpoint;
	int64_t created_ns;               /* 0: unknown, CreatedAt omitted */
	struct sl_map labels;
	struct sl_map options;
	const char *scope;
	struct sl_map status;             /* present == 0: omitted */
};

/** A list of volumes. */
struct sl_volume_list {
	size_t count;
	const struct sl_volume *items;
	struct sl_strv warnings;
};

/** Result of volume prune. */
struct sl_volume_pruned {
	struct sl_strv deleted;
	uint64_t space_reclaimed;
};

/** Hooks for volumes. */
struct sl_volume_hooks {
	size_t struct_size;
	/** POST /volumes/create; an existing name returns the existing volume. */
	int (*create)(void *ctx, struct sl_call *call, const struct sl_volume_create_req *req,
	              struct sl_volume *out);
	/** GET /volumes/{name} (exact name) */
	int (*inspect)(void *ctx, struct sl_call *call, const char *name, struct sl_volume *out);
	/** GET /volumes */
	int (*list)(void *ctx, struct sl_call *call, const struct sl_filters *filters,
	            struct sl_volume_list *out);
	/** DELETE /volumes/{name}; force makes a missing volume a success. */
	int (*remove)(void *ctx, struct sl_call *call, const char *name, int force);
	/**
	 * POST /volumes/prune.  The gateway has already applied Docker's
	 * API-version rule (an implicit anonymous-label condition).
	 */
	int (*prune)(void *ctx, struct sl_call *call, const struct sl_filters *filters,
	             struct sl_volume_pruned *out);
};

/* ------------------------------------------------------------------ */
/* Containers                                                          */
/* ------------------------------------------------------------------ */

/** Mount kinds. */
enum sl_mount_type {
	SL_MOUNT_VOLUME = 0,
	SL_MOUNT_BIND = 1,
	SL_MOUNT_TMPFS = 2
};

/** Where a mount came from in the create request. */
enum sl_mount_origin {
	SL_MOUNT_FROM_BINDS = 0,          /* HostConfig.Binds */
	SL_MOUNT_FROM_MOUNTS = 1,         /* HostConfig.Mounts */
	SL_MOUNT_FROM_CONFIG = 2          /* Config.Volumes (anonymous) */
};

/** One mount, parsed and validated by the gateway. */
struct sl_mount_spec {
	enum sl_mount_type type;
	enum sl_mount_origin origin;
	const char *source;               /* volume name or host path; NULL: anonymous volume */
	const char *target;
	int read_only;
	const char *mode;                 /* Binds mode string, "" when none */
	const char *propagation;          /* "" when none */
	int nocopy;
	const char *subpath;              /* NULL when none */
	const char *volume_driver;        /* NULL: HostConfig.VolumeDriver or the default */
	struct sl_map volume_driver_opts;
	struct sl_map volume_labels;
	int64_t tmpfs_size;
};

/** One HostConfig.VolumesFrom entry. */
struct sl_volumes_from {
	const char *container;
	int read_only;                    /* ":ro" */
};

/** POST /containers/create, decoded. */
struct sl_container_create_req {
	const char *name;                 /* NULL: the plugin picks one */
	const char *image;
	struct sl_strv cmd;
	struct sl_strv entrypoint;
	struct sl_strv env;
	const char *working_dir;
	const char *user;
	const char *hostname;
	struct sl_map labels;
	const char *network_mode;         /* normalised: "default" became "bridge" */
	size_t n_endpoints;
	const struct sl_endpoint_config *endpoints;
	size_t n_mounts;
	const struct sl_mount_spec *mounts;
	size_t n_volumes_from;
	const struct sl_volumes_from *volumes_from;
	const char *volume_driver;        /* HostConfig.VolumeDriver, "" when none */
	int auto_remove;
	/*
	 * Config and HostConfig as the client sent them, re-encoded as JSON.
	 * Opaque to the plugin: stored and handed back in inspect.
	 */
	const char *config_json;
	const char *host_config_json;
};

/** Result of container create. */
struct sl_container_created {
	const char *id;
	struct sl_strv warnings;
};

/** A container's endpoint on one network (NetworkSettings.Networks entry). */
struct sl_container_endpoint {
	const char *network_name;
	struct sl_endpoint_config config; /* as submitted */
	const char *network_id;           /* "" until the first start */
	const char *endpoint_id;          /* "" unless running */
	const char *gateway;
	const char *ip_address;
	int ip_prefix_len;
	const char *ipv6_gateway;
	const char *global_ipv6_address;
	int global_ipv6_prefix_len;
	const char *mac_address;          /* live MAC, "" unless running */
	struct sl_strv dns_names;         /* present == 0: null */
	int user_defined;                 /* not bridge/host/none */
};

/** A mount as container inspect shows it. */
struct sl_container_mount {
	const char *type;                 /* "volume", "bind", "tmpfs" */
	const char *name;                 /* "" for binds */
	const char *source;
	const char *destination;
	const char *driver;               /* "" for binds */
	const char *mode;
	int rw;
	const char *propagation;
};

/** Container state as inspect shows it. */
struct sl_container_state {
	const char *status;               /* created, running, exited, ... */
	int running;
	int paused;
	int restarting;
	int oom_killed;
	int dead;
	int pid;
	int exit_code;
	const char *error;
	int64_t started_at_ns;            /* 0: never */
	int64_t finished_at_ns;           /* 0: never */
};

/** A container as inspect and list show it. */
struct sl_container {
	const char *id;
	const char *name;                 /* without the leading "/" */
	const char *image;
	int64_t created_ns;
	struct sl_container_state state;
	struct sl_map labels;
	const char *network_mode;
	size_t n_endpoints;
	const struct sl_container_endpoint *endpoints;
	size_t n_mounts;
	const struct sl_container_mount *mounts;
	const char *config_json;          /* as stored at create */
	const char *host_config_json;
	struct sl_strv cmd;
};

/** A list of containers. */
struct sl_container_list {
	size_t count;
	const struct sl_container *items;
};

/** Options of GET /containers/json. */
struct sl_container_list_opts {
	int all;
	int limit;                        /* <= 0: no limit */
	const struct sl_filters *filters;
};

/** Hooks for containers. */
struct sl_container_hooks {
	size_t struct_size;
	/** POST /containers/create */
	int (*create)(void *ctx, struct sl_call *call, const struct sl_container_create_req *req,
	              struct sl_container_created *out);
	/** GET /containers/{term}/json */
	int (*inspect)(void *ctx, struct sl_call *call, const char *term, struct sl_container *out);
	/** GET /containers/json */
	int (*list)(void *ctx, struct sl_call *call, const struct sl_container_list_opts *opts,
	            struct sl_container_list *out);
	/** POST /containers/{term}/start; SL_ERR_NOT_MODIFIED if already running. */
	int (*start)(void *ctx, struct sl_call *call, const char *term);
	/** POST /containers/{term}/stop; timeout_s < 0: the backend's default. */
	int (*stop)(void *ctx, struct sl_call *call, const char *term, int timeout_s);
	/**
	 * POST /containers/{term}/wait; condition is "not-running", "next-exit"
	 * or "removed".  Blocks until the condition holds.
	 */
	int (*wait)(void *ctx, struct sl_call *call, const char *term, const char *condition,
	            int *exit_code);
	/** DELETE /containers/{term} */
	int (*remove)(void *ctx, struct sl_call *call, const char *term, int force,
	              int remove_volumes);
};

/* ------------------------------------------------------------------ */
/* Backend information (GET /info)                                     */
/* ------------------------------------------------------------------ */

/** Counts and facts a plugin reports for GET /info; -1 where unknown. */
struct sl_backend_info {
	int64_t containers;
	int64_t containers_running;
	int64_t containers_paused;
	int64_t containers_stopped;
	int64_t images;
	int64_t networks;
	int64_t volumes;
	const char *driver;               /* storage driver name shown by docker info */
	const char *operating_system;     /* e.g. "Azure Container Apps" */
	struct sl_map status;             /* extra lines for DriverStatus */
	/*
	 * Driver names the backend accepts (added in 1.2).  The gateway
	 * zeroes the struct before the call, so a plugin built for 1.0 or 1.1
	 * leaves them absent and docker info shows Docker's defaults.
	 */
	struct sl_strv volume_drivers;
	struct sl_strv network_drivers;
};

/* ------------------------------------------------------------------ */
/* Host services (what the gateway gives a plugin)                     */
/* ------------------------------------------------------------------ */

/**
 * Services the gateway provides.  Append-only: new members go at the end
 * with an "added in 1.N" comment.  Every function that takes a `call`
 * takes the per-request context the hook received.
 */
struct sl_host {
	size_t struct_size;
	unsigned abi_major;
	unsigned abi_minor;
	const char *gateway_version;

	/** Log a line on behalf of this plugin instance; never log secrets. */
	void (*log)(const struct sl_host *host, enum sl_log_level level, const char *fmt, ...)
		__attribute__((format(printf, 3, 4)));

	/** Value of a key in the backend's config section, or NULL. */
	const char *(*config_get)(const struct sl_host *host, const char *key);
	/**
	 * Call fn for each key of the backend's config section, in file order,
	 * with the line it was on; stops early and returns fn's result when
	 * that is non-zero.
	 */
	int (*config_foreach)(const struct sl_host *host,
	                      int (*fn)(void *arg, const char *key, const char *value,
	                                unsigned line),
	                      void *arg);
	/** Path of the config file (for messages). */
	const char *(*config_file)(const struct sl_host *host);

	/** Arena allocation, zeroed, freed with the request.  Never NULL. */
	void *(*alloc)(struct sl_call *call, size_t size);
	/** Copy a string (NULL gives NULL) into the arena. */
	char *(*strdup)(struct sl_call *call, const char *s);
	/** printf into the arena. */
	char *(*sprintf)(struct sl_call *call, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

	/**
	 * Set the error of this call and return code, so that a hook can write
	 * `return host->fail(call, SL_ERR_NOT_FOUND, "network %s not found", t);`
	 */
	int (*fail)(struct sl_call *call, enum sl_status code, const char *fmt, ...)
		__attribute__((format(printf, 3, 4)));

	/** Wall-clock time, Unix ns. */
	int64_t (*now_ns)(void);
	/** Fill buf with n cryptographically random bytes; 0 on success. */
	int (*random_bytes)(void *buf, size_t n);
	/** Does pattern match subject (Docker's exact-or-regex rule)? */
	int (*pattern_match)(const struct sl_pattern *pattern, const char *subject);

	/** Add delta to the counter `name` (metrics shown by the gateway). */
	void (*metric_add)(const struct sl_host *host, const char *name, int64_t delta);

	/** Would a line at this level be printed?  (added in 1.1) */
	int (*log_enabled)(const struct sl_host *host, enum sl_log_level level);
};

/* ------------------------------------------------------------------ */
/* The plugin descriptor                                               */
/* ------------------------------------------------------------------ */

/** What sl_plugin_entry() returns.  Static, never freed. */
struct sl_plugin {
	uint32_t magic;                   /* SL_PLUGIN_MAGIC */
	unsigned abi_major;               /* SL_ABI_MAJOR at build time */
	unsigned abi_minor;               /* SL_ABI_MINOR at build time */
	size_t struct_size;               /* sizeof(struct sl_plugin) */
	const char *name;
	const char *version;
	const char *build_id;

	/**
	 * Start an instance for one backend.  Reads and checks the config
	 * section (unknown keys are errors, named with file and line), opens
	 * state, and stores the instance pointer in *ctx.  On failure, sets the
	 * message with host->fail(call, ...) and returns an error code; *ctx is
	 * then ignored.  host stays valid until fini returns.
	 */
	int (*init)(const struct sl_host *host, struct sl_call *call, void **ctx);
	/** Stop an instance: no hook of it runs during or after this call. */
	void (*fini)(void *ctx);
	/** GET /info counts; may be NULL. */
	int (*info)(void *ctx, struct sl_call *call, struct sl_backend_info *out);

	const struct sl_network_hooks *networks;
	const struct sl_volume_hooks *volumes;
	const struct sl_container_hooks *containers;
};

/** Signature of the one exported symbol. */
typedef const struct sl_plugin *(*sl_plugin_entry_fn)(void);

/** Mark the entry point exported when a plugin builds with -fvisibility=hidden. */
#define SL_PLUGIN_EXPORT __attribute__((visibility("default")))

#ifdef __cplusplus
}
#endif

#endif /* SOCKERLESS_PLUGIN_H */
