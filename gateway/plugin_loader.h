/* Loading one plugin generation: copy, dlopen, ABI check, init; and the
 * reverse: fini, dlclose, and a check that the code really left. */
#ifndef GW_PLUGIN_LOADER_H
#define GW_PLUGIN_LOADER_H

#include <stdatomic.h>
#include <stddef.h>

#include <sockerless/plugin.h>

#include "gateway/config_file.h"
#include "gateway/host.h"

/** One loaded instance of a plugin for one backend. */
struct gw_generation {
	unsigned long number;                   /* 1, 2, ... per backend */
	char *backend_name;
	char *so_path;                          /* the configured plugin file */
	char *so_copy;                          /* per-generation copy that was dlopen()ed */
	unsigned char so_hash[32];              /* SHA-256 of the plugin file */
	void *dl;                               /* dlopen handle */
	const struct sl_plugin *plugin;
	void *ctx;                              /* the plugin instance */
	struct gw_backend_config *config;       /* owned copy of the section */
	struct gw_host host;
	/* Hooks resolved against the struct sizes the plugin declared. */
	const struct sl_network_hooks *networks;
	const struct sl_volume_hooks *volumes;
	const struct sl_container_hooks *containers;
	atomic_long refs;                       /* requests using this generation */
	double load_ms;                         /* time taken to load and init */
};

/**
 * Check a descriptor against the gateway's ABI.  Returns 0 when accepted;
 * otherwise writes a message naming the field that did not match.
 */
int gw_plugin_check_abi(const struct sl_plugin *plugin, char *err, size_t errlen);

/**
 * Load a new generation of cfg's plugin: hash and copy the file into
 * runtime_dir, dlopen the copy (RTLD_NOW | RTLD_LOCAL), check the ABI and
 * run init.  Returns NULL with a message in err on any failure, having
 * undone whatever it did.  config_path names the config file in messages.
 */
struct gw_generation *gw_generation_load(const struct gw_backend_config *cfg,
                                         const char *config_path, const char *runtime_dir,
                                         unsigned long number, char *err, size_t errlen);

/**
 * Unload a generation nobody uses any more: fini, dlclose, and verify with
 * RTLD_NOLOAD that the object left the process.  Returns 0 when it did,
 * 1 when it is still mapped (logged), and frees the generation either way.
 */
int gw_generation_unload(struct gw_generation *gen);

/** Hash a file with SHA-256; 0 on success. */
int gw_file_sha256(const char *path, unsigned char out[32], char *err, size_t errlen);

/** The plugin's build id, name and version as one line for logs and /info. */
const char *gw_generation_describe(const struct gw_generation *gen, char *buf, size_t len);

#endif
