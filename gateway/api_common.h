/* Helpers the Docker API route handlers share. */
#ifndef GW_API_COMMON_H
#define GW_API_COMMON_H

#include <stdint.h>

#include "gateway/codec_error.h"
#include "gateway/http.h"

/** Answer a decoder's failure: {"message": ...} with its status. */
void gw_respond_codec_error(struct gw_request *req, struct gw_response *resp,
                            const struct gw_codec_error *err);

/** Wall-clock time now, Unix ns (anchors `until` durations and list ages). */
int64_t gw_now_ns(void);

/**
 * A JSON array answer written element by element: each element is
 * serialised and released as soon as it is added, so a list of 10 000
 * networks never exists as one tree of json objects (which would raise
 * the daemon's memory for good: freed small objects stay in the heap).
 * The text is malloc'd and freed with the request's arena.
 */
struct gw_array_writer {
	struct gw_arena *arena;
	struct gw_text_buffer *text;
	size_t count;
};

/** Start an empty array. */
void gw_array_writer_init(struct gw_array_writer *w, struct gw_arena *arena);

/** Append elem (serialised like gw_respond_json does) and release it. */
void gw_array_writer_add(struct gw_array_writer *w, json_object *elem);

/** Close the array and answer it with status. */
void gw_array_writer_respond(struct gw_array_writer *w, struct gw_response *resp, unsigned status);

#endif
