/* Docker's `filters` query parameter: both wire forms, each endpoint's
 * accepted keys and value rules, and the exact messages dockerd gives,
 * turned into struct sl_filters for the plugin. */
#ifndef GW_FILTERS_H
#define GW_FILTERS_H

#include <stddef.h>
#include <stdint.h>

#include <sockerless/plugin.h>

#include "gateway/arena.h"
#include "gateway/codec_error.h"

/** One filter key and its values as sent (a set: duplicates removed, first-seen order). */
struct gw_filter_field {
	const char *key;
	size_t n;
	const char **values;
};

/** All keys of one `filters` parameter. */
struct gw_filter_args {
	size_t n;
	struct gw_filter_field *fields;
};

/**
 * Parse text as {"k":{"v":true}} (the Go client's form) or {"k":["v"]}
 * (docker-py's).  NULL or "" gives no keys.  Returns 0, or -1 when text is
 * neither form (the caller words Docker's "invalid filter").  Memory comes
 * from arena.
 */
int gw_filter_args_parse(struct gw_arena *arena, const char *text, struct gw_filter_args *out);

/** The field for key, or NULL when the key was not sent. */
const struct gw_filter_field *gw_filter_args_get(const struct gw_filter_args *args,
                                                 const char *key);

/*
 * Per-endpoint decoders.  Each fills out (zeroed first; memory from
 * arena, patterns compiled and released with it) or returns -1 with
 * Docker's status and message in err.
 */

/** GET /networks: dangling driver id label name scope type. */
int gw_filters_network_list(struct gw_arena *arena, const char *text, struct sl_filters *out,
                            struct gw_codec_error *err);

/**
 * POST /networks/prune: until label label!; now_ns anchors durations.
 * Returns 1 (not 0) when the filters exclude every network: Docker reads
 * a `label!` key with no values that way, so nothing is to be pruned.
 */
int gw_filters_network_prune(struct gw_arena *arena, const char *text, int64_t now_ns,
                             struct sl_filters *out, struct gw_codec_error *err);

/** GET /volumes: dangling name driver label. */
int gw_filters_volume_list(struct gw_arena *arena, const char *text, struct sl_filters *out,
                           struct gw_codec_error *err);

/**
 * POST /volumes/prune: label label! all.  Unless `all` is true, adds the
 * condition label=com.docker.volume.anonymous (API >= 1.42 rule); before
 * API 1.42 (legacy_all set) Docker behaves as if all=true were sent.
 * Returns 1 like gw_filters_network_prune when nothing can match.
 */
int gw_filters_volume_prune(struct gw_arena *arena, const char *text, int legacy_all,
                            struct sl_filters *out, struct gw_codec_error *err);

/**
 * GET /containers/json: id name label status network volume.  Sets
 * *status_given when a status filter is present (Docker then lists
 * stopped containers too).  Keys Docker accepts but this gateway does not
 * evaluate (ancestor, before, since, exited, health, publish, expose,
 * isolation, is-task) are refused with a 400 naming the key.
 */
int gw_filters_container_list(struct gw_arena *arena, const char *text, struct sl_filters *out,
                              int *status_given, struct gw_codec_error *err);

/** The label Docker puts on anonymous volumes. */
#define GW_ANONYMOUS_VOLUME_LABEL "com.docker.volume.anonymous"

#endif
