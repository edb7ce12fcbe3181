/* Fuzz target: network create, connect and disconnect bodies, and the
 * network encoder over what the create decoder accepted. */
#include "config.h"

#include <string.h>

#include "tests/fuzz/fuzz.h"
#include "gateway/network_codec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gw_arena *arena = gw_arena_new();
	struct sl_network_create_req req;
	struct sl_endpoint_config cfg;
	struct gw_codec_error err;
	const char *text, *container;
	json_object *body;
	int force;

	if (arena == NULL)
		return 0;
	text = fuzz_string(arena, data, size);
	if (gw_json_parse_strict(arena, text, strlen(text), &body, &err) == 0) {
		if (gw_network_create_decode(arena, body, &req, &err) == 0) {
			struct sl_network n;

			/* Echo the request through the encoder, as a backend would. */
			memset(&n, 0, sizeof(n));
			n.name = req.name;
			n.driver = req.driver;
			n.scope = req.scope;
			n.ipam = req.ipam;
			n.options = req.options;
			n.labels = req.labels;
			n.config_from = req.config_from;
			json_object_put(gw_network_encode(arena, &n));
		}
		(void)gw_network_connect_decode(arena, body, "net", 43, &container, &cfg, &err);
		(void)gw_network_connect_decode(arena, body, "net", 47, &container, &cfg, &err);
		(void)gw_network_disconnect_decode(arena, body, &container, &force, &err);
	}
	gw_arena_free(arena);
	return 0;
}
