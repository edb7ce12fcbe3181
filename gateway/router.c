/* Version prefixes and route matching.  Docker registers every route both
 * with and without "/v{version}"; an unversioned request is served as the
 * newest version. */
#include "config.h"

#include <ctype.h>
#include <string.h>

#include "gateway/router.h"

static int parse_version(const char *s, size_t len, unsigned *major, unsigned *minor)
{
	unsigned long a = 0, b = 0;
	size_t i = 0;
	int digits = 0;

	while (i < len && isdigit((unsigned char)s[i])) {
		a = a * 10 + (unsigned long)(s[i++] - '0');
		if (a > 100000)
			return -1;
		digits++;
	}
	if (digits == 0)
		return -1;
	if (i < len) {
		if (s[i++] != '.')
			return -1;
		digits = 0;
		while (i < len && isdigit((unsigned char)s[i])) {
			b = b * 10 + (unsigned long)(s[i++] - '0');
			if (b > 100000)
				return -1;
			digits++;
		}
		if (digits == 0 || i != len)
			return -1;
	}
	*major = (unsigned)a;
	*minor = (unsigned)b;
	return 0;
}

static int version_cmp(unsigned a_major, unsigned a_minor, unsigned b_major, unsigned b_minor)
{
	if (a_major != b_major)
		return a_major < b_major ? -1 : 1;
	if (a_minor != b_minor)
		return a_minor < b_minor ? -1 : 1;
	return 0;
}

enum gw_version_result gw_split_version(struct gw_arena *arena, const char *url,
                                        const char **rest, unsigned *major, unsigned *minor,
                                        const char **version_text)
{
	const char *end;
	size_t len;

	*major = GW_API_MAX_MAJOR;
	*minor = GW_API_MAX_MINOR;
	*version_text = GW_API_MAX_STRING;
	*rest = url;
	if (strncmp(url, "/v", 2) != 0 || !isdigit((unsigned char)url[2]))
		return GW_VERSION_OK;
	end = strchr(url + 2, '/');
	len = end != NULL ? (size_t)(end - (url + 2)) : strlen(url + 2);
	/* Docker's route pattern is /v{version:[0-9.]+}: anything else in that
	 * segment is simply not a route. */
	for (size_t i = 0; i < len; i++) {
		if (!isdigit((unsigned char)url[2 + i]) && url[2 + i] != '.')
			return GW_VERSION_NOT_A_ROUTE;
	}
	if (end == NULL)
		return GW_VERSION_NOT_A_ROUTE;
	*version_text = gw_arena_strndup(arena, url + 2, len);
	*rest = end;
	if (parse_version(url + 2, len, major, minor) != 0)
		return GW_VERSION_TOO_OLD;
	if (version_cmp(*major, *minor, GW_API_MAX_MAJOR, GW_API_MAX_MINOR) > 0)
		return GW_VERSION_TOO_NEW;
	if (version_cmp(*major, *minor, GW_API_MIN_MAJOR, GW_API_MIN_MINOR) < 0)
		return GW_VERSION_TOO_OLD;
	return GW_VERSION_OK;
}

/* Match one pattern; "{}" takes one non-empty segment, "{*}" the non-empty
 * rest of the path, slashes included (Docker's {id:.+}). */
static int match(struct gw_arena *arena, const char *pattern, const char *path,
                 const char *params[GW_MAX_PARAMS])
{
	size_t n = 0;

	while (*pattern != '\0') {
		if (strncmp(pattern, "{*}", 3) == 0) {
			const char *tail = pattern + 3;
			size_t plen = strlen(path), tlen = strlen(tail);

			/* The rest, minus a literal tail the pattern may still have. */
			if (plen <= tlen || strcmp(path + plen - tlen, tail) != 0 || n >= GW_MAX_PARAMS)
				return 0;
			params[n++] = gw_arena_strndup(arena, path, plen - tlen);
			return 1;
		}
		if (strncmp(pattern, "{}", 2) == 0) {
			size_t seg = strcspn(path, "/");

			if (seg == 0 || n >= GW_MAX_PARAMS)
				return 0;
			params[n++] = gw_arena_strndup(arena, path, seg);
			path += seg;
			pattern += 2;
			continue;
		}
		if (*pattern != *path)
			return 0;
		pattern++;
		path++;
	}
	return *path == '\0';
}

static const struct gw_route *const route_tables[] = {
	gw_system_routes,
	gw_network_routes,
	gw_volume_routes,
	gw_container_routes,
};

const struct gw_route *gw_route_find(struct gw_arena *arena, const char *method,
                                     const char *path, const char *params[GW_MAX_PARAMS])
{
	const char *m = strcmp(method, "HEAD") == 0 ? "GET" : method;

	for (size_t t = 0; t < sizeof(route_tables) / sizeof(route_tables[0]); t++) {
		for (const struct gw_route *r = route_tables[t]; r->method != NULL; r++) {
			if (strcmp(r->method, m) != 0 && strcmp(r->method, method) != 0)
				continue;
			memset(params, 0, sizeof(const char *) * GW_MAX_PARAMS);
			if (match(arena, r->pattern, path, params))
				return r;
		}
	}
	return NULL;
}
