/* Fuzz target: container create bodies at several API versions, then the
 * inspect and list encoders over the stored Config/HostConfig the
 * decoder produced (the round trip a backend makes). */
#include "config.h"

#include <string.h>

#include "tests/fuzz/fuzz.h"
#include "gateway/container_codec.h"
#include "gateway/container_view.h"

static void round_trip(struct gw_arena *arena, const struct sl_container_create_req *req)
{
	struct sl_container c;
	struct sl_container_endpoint *eps;
	struct gw_container_view view = { 44, "fuzz", 1700000000000000000LL };
	struct gw_codec_error err;
	json_object *out;

	memset(&c, 0, sizeof(c));
	c.id = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
	c.name = req->name;
	c.image = req->image;
	c.network_mode = req->network_mode;
	c.labels = req->labels;
	c.cmd = req->cmd;
	c.config_json = req->config_json;
	c.host_config_json = req->host_config_json;
	eps = gw_arena_alloc(arena, sizeof(*eps) * (req->n_endpoints + 1));
	for (size_t i = 0; i < req->n_endpoints; i++) {
		eps[i].network_name = req->endpoints[i].network;
		eps[i].config = req->endpoints[i];
		eps[i].user_defined = 1;
	}
	c.n_endpoints = req->n_endpoints;
	c.endpoints = eps;
	if (gw_container_inspect_encode(arena, &c, &view, &out, &err) == 0)
		json_object_put(out);
	if (gw_container_summary_encode(arena, &c, &view, &out, &err) == 0)
		json_object_put(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned versions[] = { 24, 41, 43, 44, 47 };
	struct gw_arena *arena = gw_arena_new();
	struct gw_container_create create;
	struct gw_codec_error err;
	const char *text;
	json_object *body;

	if (arena == NULL)
		return 0;
	text = fuzz_string(arena, data, size);
	if (gw_json_parse_strict(arena, text, strlen(text), &body, &err) == 0) {
		for (size_t i = 0; i < sizeof(versions) / sizeof(versions[0]); i++) {
			if (gw_container_create_decode(arena, size > 0, body, "fuzz-name", versions[i],
			                               &create, &err) == 0)
				round_trip(arena, &create.req);
		}
	}
	gw_arena_free(arena);
	return 0;
}
