/* Docker's name rules for containers and local volumes. */
#ifndef GW_NAMES_H
#define GW_NAMES_H

#include "gateway/arena.h"
#include "gateway/codec_error.h"

/** Does s match [a-zA-Z0-9][a-zA-Z0-9_.-]+ (Docker's restricted name pattern)? */
int gw_name_is_restricted(const char *s);

/**
 * Check a container name from ?name=.  One leading "/" is dropped (Docker
 * stores names as "/x"); *out receives the bare name.  An invalid name is
 * Docker's 400 `Invalid container name (x), only [a-zA-Z0-9][a-zA-Z0-9_.-]
 * are allowed`.
 */
int gw_container_name_check(struct gw_arena *arena, const char *name, const char **out,
                            struct gw_codec_error *err);

/**
 * Check a volume name against the local driver's rules: at least two
 * characters of the restricted pattern.  Messages are Docker's, prefixed
 * "create NAME: " as the volume store words them.
 */
int gw_volume_name_check(struct gw_arena *arena, const char *name, struct gw_codec_error *err);

#endif
