/* Fuzz target: a request path as it reaches the router (version prefix
 * and route matching). */
#include "config.h"

#include <string.h>

#include "tests/fuzz/fuzz.h"
#include "gateway/router.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const methods[] = { "GET", "HEAD", "POST", "DELETE", "PUT" };
	struct gw_arena *arena = gw_arena_new();
	const char *params[GW_MAX_PARAMS];
	const char *url, *rest, *text;
	unsigned major, minor;

	if (arena == NULL)
		return 0;
	url = fuzz_string(arena, data, size);
	if (gw_split_version(arena, url, &rest, &major, &minor, &text) != GW_VERSION_NOT_A_ROUTE) {
		for (size_t i = 0; i < sizeof(methods) / sizeof(methods[0]); i++)
			(void)gw_route_find(arena, methods[i], rest, params);
	}
	gw_arena_free(arena);
	return 0;
}
