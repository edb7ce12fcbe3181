/* Fuzz target: the string syntaxes of container create: Binds entries,
 * VolumesFrom entries, container and volume names, mount modes. */
#include "config.h"

#include "tests/fuzz/fuzz.h"
#include "gateway/mounts.h"
#include "gateway/names.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gw_arena *arena = gw_arena_new();
	struct sl_mount_spec m;
	struct sl_volumes_from v;
	struct gw_codec_error err;
	const char *text, *name;

	if (arena == NULL)
		return 0;
	text = fuzz_string(arena, data, size);
	(void)gw_bind_parse(arena, text, &m, &err);
	(void)gw_volumes_from_parse(arena, text, &v, &err);
	(void)gw_container_name_check(arena, text, &name, &err);
	(void)gw_volume_name_check(arena, text, &err);
	(void)gw_mount_mode_valid(text);
	(void)gw_path_clean(arena, text);
	gw_arena_free(arena);
	return 0;
}
