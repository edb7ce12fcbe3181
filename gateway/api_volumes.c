/* Volume routes. */
#include "config.h"

#include "gateway/http.h"

const struct gw_route gw_volume_routes[] = {
	{ NULL, NULL, NULL },
};
