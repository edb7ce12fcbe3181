/* Azure names for Docker volumes.  Docker allows volume names Azure does
 * not ("My_Cache.v2", 200 characters long); every Docker-valid name must
 * map to a valid file share name and environment storage name, and two
 * different volume names must never map to the same share. */
#ifndef ACA_VOLUME_NAMES_H
#define ACA_VOLUME_NAMES_H

#include <stddef.h>

/** Longest share name Azure Files accepts, plus NUL. */
#define ACA_SHARE_NAME_MAX 64
/** Longest environment storage name we make, plus NUL. */
#define ACA_STORAGE_NAME_MAX 33

/** Azure names derived from one Docker volume name. */
struct aca_volume_names {
	char share[ACA_SHARE_NAME_MAX];     /* file share: sl-<readable>-<hash> */
	char storage[ACA_STORAGE_NAME_MAX]; /* managedEnvironments/storages name */
};

/**
 * Derive the Azure names for volume.  The readable part is the volume name
 * lower-cased with every run of other characters turned into one '-' and
 * trimmed to fit; the hash part is the first 40 bits of SHA-256 of the
 * original name and salt, so names that read alike stay apart.  salt is 0
 * normally; a caller that finds the share taken by another volume (a hash
 * collision) asks again with salt 1, 2, ...  Returns 0, or -1 if volume is
 * empty or the result would not be a valid Azure name (never for a
 * Docker-valid name).
 */
int aca_volume_names_derive(const char *volume, unsigned salt, struct aca_volume_names *out);

/** Is name a valid Azure Files share name (3-63, [a-z0-9-], no leading, trailing or doubled '-')? */
int aca_share_name_valid(const char *name);

/** Is name a valid environment storage name as we make them (3-32, starts with a letter)? */
int aca_storage_name_valid(const char *name);

#endif
