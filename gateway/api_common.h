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

#endif
