/* Container and volume names (moby daemon/names.go, volume/local). */
#include "config.h"

#include <ctype.h>
#include <string.h>

#include "gateway/names.h"

#define RESTRICTED_CHARS "[a-zA-Z0-9][a-zA-Z0-9_.-]"

int gw_name_is_restricted(const char *s)
{
	if (!isalnum((unsigned char)s[0]) || (unsigned char)s[0] >= 0x80)
		return 0;
	if (s[1] == '\0')
		return 0;
	for (const char *p = s + 1; *p != '\0'; p++) {
		unsigned char c = (unsigned char)*p;

		if (c >= 0x80 || !(isalnum(c) || c == '_' || c == '.' || c == '-'))
			return 0;
	}
	return 1;
}

int gw_container_name_check(struct gw_arena *arena, const char *name, const char **out,
                            struct gw_codec_error *err)
{
	const char *bare = name[0] == '/' ? name + 1 : name;

	/* Docker's pattern would let a second "/" through ("//x"); a name is one
	 * path segment everywhere else, so it is refused here. */
	if (!gw_name_is_restricted(bare))
		return gw_codec_fail(arena, err, 400,
		                     "Invalid container name (%s), only " RESTRICTED_CHARS " are allowed",
		                     name);
	*out = bare;
	return 0;
}

int gw_volume_name_check(struct gw_arena *arena, const char *name, struct gw_codec_error *err)
{
	if (strlen(name) == 1)
		return gw_codec_fail(arena, err, 400,
		                     "create %s: volume name is too short, names should be at least two alphanumeric characters",
		                     name);
	if (!gw_name_is_restricted(name))
		return gw_codec_fail(arena, err, 400,
		                     "create %s: %s includes invalid characters for a local volume name, only %s are allowed. If you intended to pass a host directory, use absolute path",
		                     name, gw_go_quote(arena, name), gw_go_quote(arena, RESTRICTED_CHARS));
	return 0;
}
