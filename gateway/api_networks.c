/* Network routes: Docker JSON in, typed requests to the plugin, Docker
 * JSON out. */
#include "config.h"

#include "gateway/http.h"

static const struct sl_network_hooks *hooks(const struct gw_request *req)
{
	return req->gen->networks;
}

static void network_list(struct gw_request *req, struct gw_response *resp)
{
	const struct sl_network_hooks *h = hooks(req);

	if (gw_respond_unsupported(req, resp, h != NULL ? (const void *)h->list : NULL,
	                           "network list"))
		return;
	gw_respond_error(req, resp, 501, "network list is not supported by this gateway build");
}

const struct gw_route gw_network_routes[] = {
	{ "GET", "/networks", network_list },
	{ NULL, NULL, NULL },
};
