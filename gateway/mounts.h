/* Container create's mounts: HostConfig.Binds strings, HostConfig.Mounts
 * objects, HostConfig.VolumesFrom and Config.Volumes, parsed and checked
 * with Docker's rules and messages (moby volume/mounts/linux_parser.go and
 * daemon/volumes.go) into struct sl_mount_spec and struct sl_volumes_from.
 *
 * Bind sources are recorded, not checked for existence: sockerless has no
 * host filesystem of its own (the containers run in the cloud), so
 * Docker's "bind source path does not exist" cannot apply here; the
 * backend decides what a bind source means. */
#ifndef GW_MOUNTS_H
#define GW_MOUNTS_H

#include <json-c/json.h>

#include <sockerless/plugin.h>

#include "gateway/json_util.h"

/** Go's path.Clean of p, in arena. */
const char *gw_path_clean(struct gw_arena *arena, const char *p);

/** Is mode a valid Binds mode list (rw|ro, z|Z, propagation, nocopy, consistency; each once)? */
int gw_mount_mode_valid(const char *mode);

/**
 * Parse one Binds entry ("[source:]destination[:mode]").  volume_driver
 * stays NULL: the backend applies HostConfig.VolumeDriver.  Errors are 400
 * with `invalid volume specification: '<raw>'[: <reason>]` or
 * `invalid mode: <mode>`.
 */
int gw_bind_parse(struct gw_arena *arena, const char *raw, struct sl_mount_spec *out,
                  struct gw_codec_error *err);

/**
 * Decode and validate one HostConfig.Mounts element (NULL: a null element).
 * api_minor applies the API-version rules: options of another
 * mount type are refused from 1.42 (dropped before), Subpath needs 1.45.
 * Errors are 400 `invalid mount config for type "<t>": <reason>`.
 */
int gw_mount_decode(struct gw_json_dec *d, json_object *m, unsigned api_minor,
                    struct sl_mount_spec *out);

/** Parse one VolumesFrom entry ("container[:mode]"). */
int gw_volumes_from_parse(struct gw_arena *arena, const char *spec, struct sl_volumes_from *out,
                          struct gw_codec_error *err);

/** Everything of a create request that makes mounts. */
struct gw_mount_input {
	struct sl_strv binds;              /* HostConfig.Binds */
	json_object *mounts;               /* HostConfig.Mounts (array) or NULL */
	struct sl_strv volumes_from;       /* HostConfig.VolumesFrom */
	json_object *config_volumes;       /* Config.Volumes (object) or NULL */
	struct sl_map tmpfs;               /* HostConfig.Tmpfs (only clashes with Binds) */
	const char *volume_driver;         /* HostConfig.VolumeDriver, "" when none */
	unsigned api_minor;                /* request's API minor version (major is 1) */
};

/** The mounts of a create request, in arena memory. */
struct gw_mount_output {
	size_t n_mounts;
	struct sl_mount_spec *mounts;      /* Binds, then Mounts, then Config.Volumes */
	size_t n_volumes_from;
	struct sl_volumes_from *volumes_from;
};

/**
 * Decode all mounts of a create request in Docker's order of checks:
 * Mounts validation, VolumesFrom, Binds (with duplicate destinations and
 * volume names), Mounts (duplicates), then one anonymous volume for each
 * Config.Volumes destination not already mounted.  Destinations that
 * VolumesFrom will provide are not known here; the backend skips those.
 */
int gw_mounts_decode(struct gw_json_dec *d, const struct gw_mount_input *in,
                     struct gw_mount_output *out);

#endif
