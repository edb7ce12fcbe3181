/* The sockerlessd config file: INI sections [daemon], [listener NAME] and
 * [backend NAME].  Parsing checks everything the gateway itself reads;
 * a backend's other keys are handed to its plugin, which checks them. */
#ifndef GW_CONFIG_FILE_H
#define GW_CONFIG_FILE_H

#include <stddef.h>
#include <sys/types.h>

#include <sockerless/plugin.h>

/** One key of a section, with the line it came from. */
struct gw_config_entry {
	char *key;
	char *value;
	unsigned line;
};

/** Daemon-wide settings ([daemon]). */
struct gw_daemon_config {
	enum sl_log_level log_level;
	char *pid_file;               /* NULL: none */
	size_t max_body_bytes;        /* request body limit */
	unsigned drain_timeout_s;     /* how long an old plugin generation may drain */
	unsigned shutdown_timeout_s;  /* how long in-flight requests get on SIGTERM */
	char *plugin_dir;             /* where bare plugin names resolve */
	char *runtime_dir;            /* per-generation plugin copies */
};

/** A [listener NAME] section. */
struct gw_listener_config {
	char *name;
	char *address;                /* unix:///path or tcp://host:port */
	char *backend;                /* name of a [backend] section */
	mode_t mode;                  /* unix socket mode, default 0660 */
	char *group;                  /* unix socket group, NULL: unchanged */
	char *tls_cert;               /* PEM file, tcp only */
	char *tls_key;
	unsigned line;
};

/** A [backend NAME] section. */
struct gw_backend_config {
	char *name;
	char *plugin;                 /* bare name or path */
	char *plugin_path;            /* resolved path of the .so */
	size_t n_entries;             /* the plugin's own keys, in file order */
	struct gw_config_entry *entries;
	unsigned line;
};

/** A parsed config file.  Owns every string in it. */
struct gw_config {
	char *path;
	struct gw_daemon_config daemon;
	size_t n_listeners;
	struct gw_listener_config *listeners;
	size_t n_backends;
	struct gw_backend_config *backends;
};

/**
 * Parse the file at path.  On failure returns NULL and writes a message
 * naming the file and line into err.  plugin_dir is the default folder for
 * bare plugin names.
 */
struct gw_config *gw_config_load(const char *path, const char *plugin_dir, char *err,
                                 size_t errlen);

/** Parse config text (path is used in messages and for relative names). */
struct gw_config *gw_config_parse(const char *text, const char *path, const char *plugin_dir,
                                  char *err, size_t errlen);

/** Free a config (NULL is a no-op). */
void gw_config_free(struct gw_config *cfg);

/** The backend section called name, or NULL. */
const struct gw_backend_config *gw_config_backend(const struct gw_config *cfg, const char *name);

/** Are two backend sections the same (plugin path and every key, in order)? */
int gw_backend_config_equal(const struct gw_backend_config *a, const struct gw_backend_config *b);

#endif
