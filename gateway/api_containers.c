/* Container routes. */
#include "config.h"

#include "gateway/http.h"

const struct gw_route gw_container_routes[] = {
	{ NULL, NULL, NULL },
};
