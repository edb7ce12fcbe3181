/* Shared handler helpers. */
#include "config.h"

#include <time.h>

#include "gateway/api_common.h"

void gw_respond_codec_error(struct gw_request *req, struct gw_response *resp,
                            const struct gw_codec_error *err)
{
	gw_respond_error(req, resp, err->status, "%s", err->message);
}

int64_t gw_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}
