/* Fuzz target: the sockerlessd config file parser. */
#include "config.h"

#include "tests/fuzz/fuzz.h"
#include "gateway/config_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gw_arena *arena = gw_arena_new();
	struct gw_config *cfg;
	char err[512];

	if (arena == NULL)
		return 0;
	cfg = gw_config_parse(fuzz_string(arena, data, size), "fuzz.conf", "/plugins", err,
	                      sizeof(err));
	gw_config_free(cfg);
	gw_arena_free(arena);
	return 0;
}
