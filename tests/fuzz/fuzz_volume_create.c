/* Fuzz target: volume create bodies, and the volume encoder over what the
 * decoder accepted. */
#include "config.h"

#include <string.h>

#include "tests/fuzz/fuzz.h"
#include "gateway/volume_codec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gw_arena *arena = gw_arena_new();
	struct sl_volume_create_req req;
	struct gw_codec_error err;
	const char *text;
	json_object *body;

	if (arena == NULL)
		return 0;
	text = fuzz_string(arena, data, size);
	if (gw_json_parse_strict(arena, text, strlen(text), &body, &err) == 0) {
		(void)gw_volume_create_decode(arena, body, 41, &req, &err);
		if (gw_volume_create_decode(arena, body, 47, &req, &err) == 0) {
			struct sl_volume v;

			memset(&v, 0, sizeof(v));
			v.name = req.name;
			v.driver = req.driver;
			v.labels = req.labels;
			v.options = req.driver_opts;
			v.created_ns = 1700000000000000000LL;
			json_object_put(gw_volume_encode(arena, &v));
		}
	}
	gw_arena_free(arena);
	return 0;
}
