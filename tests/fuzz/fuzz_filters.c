/* Fuzz target: the `filters` query parameter through every endpoint's
 * decoder. */
#include "config.h"

#include "tests/fuzz/fuzz.h"
#include "gateway/filters.h"
#include "gateway/pattern.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gw_arena *arena = gw_arena_new();
	const char *text;
	struct sl_filters f;
	struct gw_codec_error err;
	int status_given;

	if (arena == NULL)
		return 0;
	text = fuzz_string(arena, data, size);
	if (gw_filters_network_list(arena, text, &f, &err) == 0) {
		/* Compiled patterns must be usable. */
		for (size_t i = 0; i < f.n_name; i++)
			gw_pattern_match(&f.name[i], "bridge");
		for (size_t i = 0; i < f.n_id; i++)
			gw_pattern_match(&f.id[i], "0123456789abcdef");
	}
	(void)gw_filters_network_prune(arena, text, 1700000000000000000LL, &f, &err);
	(void)gw_filters_volume_list(arena, text, &f, &err);
	(void)gw_filters_volume_prune(arena, text, 0, &f, &err);
	(void)gw_filters_volume_prune(arena, text, 1, &f, &err);
	(void)gw_filters_container_list(arena, text, &f, &status_given, &err);
	gw_arena_free(arena);
	return 0;
}
