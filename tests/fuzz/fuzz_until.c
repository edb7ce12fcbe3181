/* Fuzz target: the `until` prune filter value (timestamps, dates, Go
 * durations). */
#include "config.h"

#include "tests/fuzz/fuzz.h"
#include "gateway/gotime.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gw_arena *arena = gw_arena_new();
	struct gw_codec_error err;
	const char *text;
	int64_t ns;

	if (arena == NULL)
		return 0;
	text = fuzz_string(arena, data, size);
	(void)gw_parse_go_duration(text, &ns);
	if (gw_parse_until(arena, text, 1700000000000000000LL, &ns, &err) == 0)
		(void)gw_time_rfc3339nano(arena, ns);
	gw_arena_free(arena);
	return 0;
}
