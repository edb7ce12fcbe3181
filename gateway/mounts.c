/* Binds, Mounts, VolumesFrom and Config.Volumes, the way dockerd reads them. */
#include "config.h"

#include <string.h>

#include "gateway/mounts.h"
#include "gateway/names.h"

const char *gw_path_clean(struct gw_arena *arena, const char *p)
{
	size_t len = strlen(p), w = 0, r = 0, dotdot;
	int rooted = p[0] == '/';
	char *out;

	if (len == 0)
		return ".";
	out = gw_arena_alloc(arena, len + 2);
	if (rooted) {
		out[w++] = '/';
		r = 1;
	}
	dotdot = w;
	while (r < len) {
		if (p[r] == '/' || (p[r] == '.' && (r + 1 == len || p[r + 1] == '/'))) {
			/* An empty or "." element. */
			r++;
		} else if (p[r] == '.' && p[r + 1] == '.' && (r + 2 == len || p[r + 2] == '/')) {
			r += 2;
			if (w > dotdot) {
				/* Drop the last element. */
				w--;
				while (w > dotdot && out[w] != '/')
					w--;
			} else if (!rooted) {
				if (w > 0)
					out[w++] = '/';
				out[w++] = '.';
				out[w++] = '.';
				dotdot = w;
			}
		} else {
			if ((rooted && w != 1) || (!rooted && w != 0))
				out[w++] = '/';
			while (r < len && p[r] != '/')
				out[w++] = p[r++];
		}
	}
	if (w == 0)
		out[w++] = '.';
	out[w] = '\0';
	return out;
}

static int is_one_of(const char *s, size_t n, const char *const *set)
{
	for (; *set != NULL; set++) {
		if (strlen(*set) == n && strncmp(*set, s, n) == 0)
			return 1;
	}
	return 0;
}

static const char *const rw_modes[] = { "rw", "ro", NULL };
static const char *const label_modes[] = { "z", "Z", NULL };
static const char *const propagation_modes[] = {
	"private", "rprivate", "shared", "rshared", "slave", "rslave", NULL
};
static const char *const copy_modes[] = { "nocopy", NULL };
static const char *const consistency_modes[] = { "consistent", "cached", "delegated", NULL };

/* Call fn for each comma-separated item of mode; stops when fn returns non-zero. */
static int each_mode(const char *mode, int (*fn)(const char *item, size_t n, void *arg), void *arg)
{
	const char *p = mode;

	for (;;) {
		size_t n = strcspn(p, ",");
		int rc = fn(p, n, arg);

		if (rc != 0)
			return rc;
		if (p[n] == '\0')
			return 0;
		p += n + 1;
	}
}

struct mode_counts {
	int rw, label, propagation, copy, consistency, bad;
};

static int count_mode(const char *item, size_t n, void *arg)
{
	struct mode_counts *c = arg;

	if (is_one_of(item, n, rw_modes))
		c->rw++;
	else if (is_one_of(item, n, label_modes))
		c->label++;
	else if (is_one_of(item, n, propagation_modes))
		c->propagation++;
	else if (is_one_of(item, n, copy_modes))
		c->copy++;
	else if (is_one_of(item, n, consistency_modes))
		c->consistency++;
	else
		c->bad = 1;
	return 0;
}

static int mode_counts(const char *mode, struct mode_counts *c)
{
	memset(c, 0, sizeof(*c));
	if (*mode == '\0')
		return 0;
	each_mode(mode, count_mode, c);
	return c->bad || c->rw > 1 || c->label > 1 || c->propagation > 1 || c->copy > 1 ||
	       c->consistency > 1 ? -1 : 0;
}

int gw_mount_mode_valid(const char *mode)
{
	struct mode_counts c;

	return mode_counts(mode, &c) == 0;
}

static int find_ro(const char *item, size_t n, void *arg)
{
	(void)arg;
	return n == 2 && strncmp(item, "ro", 2) == 0;
}

/* moby's ReadWrite: an invalid mode or one holding "ro" is read-only. */
static int mode_read_write(const char *mode)
{
	if (!gw_mount_mode_valid(mode))
		return 0;
	return each_mode(mode, find_ro, NULL) == 0;
}

struct mode_pick {
	const char *const *set;
	const char *found;
	size_t n;
};

static int pick_mode(const char *item, size_t n, void *arg)
{
	struct mode_pick *p = arg;

	if (is_one_of(item, n, p->set)) {
		p->found = item;
		p->n = n;
		return 1;
	}
	return 0;
}

/* The item of mode that belongs to set, or NULL. */
static const char *mode_item(struct gw_arena *arena, const char *mode, const char *const *set)
{
	struct mode_pick p = { set, NULL, 0 };

	if (*mode == '\0')
		return NULL;
	each_mode(mode, pick_mode, &p);
	return p.found != NULL ? gw_arena_strndup(arena, p.found, p.n) : NULL;
}

/* ---------------------------------------------------------------- */

/* A mount being checked, in the shape of moby's mount.Mount. */
struct mount_cfg {
	const char *type;
	const char *source;             /* "" when none */
	const char *target;
	int read_only;
	int has_bind_options;
	const char *propagation;        /* "" when none */
	int has_volume_options;
	const char *subpath;            /* "" when none */
};

static int mount_config_error(struct gw_arena *arena, struct gw_codec_error *err,
                              const struct mount_cfg *m, const char *reason)
{
	return gw_codec_fail(arena, err, 400, "invalid mount config for type %s: %s",
	                     gw_go_quote(arena, m->type), reason);
}

/* filepath.IsLocal. */
static int path_is_local(struct gw_arena *arena, const char *p)
{
	const char *c;
	int dots = 0;

	if (p[0] == '\0' || p[0] == '/')
		return 0;
	for (const char *s = p; *s != '\0';) {
		size_t n = strcspn(s, "/");

		if ((n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.'))
			dots = 1;
		s += n;
		if (*s == '/')
			s++;
	}
	c = dots ? gw_path_clean(arena, p) : p;
	return !(strcmp(c, "..") == 0 || strncmp(c, "../", 3) == 0);
}

static const char *slashes(struct gw_arena *arena, const char *p)
{
	char *s = gw_arena_strdup(arena, p);

	for (char *q = s; *q != '\0'; q++) {
		if (*q == '\\')
			*q = '/';
	}
	return s;
}

/* linuxParser.validateMountConfigImpl without the bind-source existence check. */
static int validate_mount(struct gw_arena *arena, const struct mount_cfg *m,
                          struct gw_codec_error *err)
{
	const char *target = slashes(arena, m->target);

	if (m->target[0] == '\0')
		return mount_config_error(arena, err, m, "field Target must not be empty");
	if (strcmp(gw_path_clean(arena, target), "/") == 0)
		return mount_config_error(arena, err, m, "invalid specification: destination can't be '/'");
	if (target[0] != '/')
		return mount_config_error(arena, err, m, gw_arena_sprintf(arena,
		                          "invalid mount path: '%s' mount path must be absolute", m->target));
	if (strcmp(m->type, "bind") == 0) {
		if (m->source[0] == '\0')
			return mount_config_error(arena, err, m, "field Source must not be empty");
		if (m->propagation[0] != '\0' &&
		    !is_one_of(m->propagation, strlen(m->propagation), propagation_modes))
			return mount_config_error(arena, err, m, gw_arena_sprintf(arena,
			                          "invalid propagation mode: %s", m->propagation));
		if (m->has_volume_options)
			return mount_config_error(arena, err, m, "field VolumeOptions must not be specified");
		if (slashes(arena, m->source)[0] != '/')
			return mount_config_error(arena, err, m, gw_arena_sprintf(arena,
			                          "invalid mount path: '%s' mount path must be absolute", m->source));
	} else if (strcmp(m->type, "volume") == 0) {
		int anonymous = m->source[0] == '\0';

		if (m->has_bind_options)
			return mount_config_error(arena, err, m, "field BindOptions must not be specified");
		if (m->subpath[0] != '\0') {
			if (anonymous)
				return mount_config_error(arena, err, m,
				                          "must not set Subpath when using anonymous volumes");
			if (!path_is_local(arena, m->subpath))
				return mount_config_error(arena, err, m,
				                          "subpath must be a relative path within the volume");
		}
		if (m->read_only && anonymous)
			return mount_config_error(arena, err, m,
			                          "must not set ReadOnly mode when using anonymous volumes");
	} else if (strcmp(m->type, "tmpfs") == 0) {
		if (m->has_bind_options)
			return mount_config_error(arena, err, m, "field BindOptions must not be specified");
		if (m->source[0] != '\0')
			return mount_config_error(arena, err, m, "field Source must not be specified");
	} else {
		return mount_config_error(arena, err, m, "mount type unknown");
	}
	return 0;
}

/* Local-driver name rules for a named volume, when the local driver applies. */
static int check_volume_name(struct gw_arena *arena, const struct sl_mount_spec *s,
                             const char *default_driver, struct gw_codec_error *err)
{
	const char *driver = s->volume_driver != NULL ? s->volume_driver : default_driver;

	if (s->type != SL_MOUNT_VOLUME || s->source == NULL)
		return 0;
	if (driver != NULL && driver[0] != '\0' && strcmp(driver, "local") != 0)
		return 0;
	return gw_volume_name_check(arena, s->source, err);
}

int gw_bind_parse(struct gw_arena *arena, const char *raw, struct sl_mount_spec *out,
                  struct gw_codec_error *err)
{
	const char *parts[4] = { NULL, NULL, NULL, NULL };
	const char *p = raw, *mode = "";
	size_t n = 0;
	struct mount_cfg m;
	struct gw_codec_error inner;

	memset(out, 0, sizeof(*out));
	while (n < 3) {
		const char *c = strchr(p, ':');

		if (c == NULL)
			break;
		parts[n++] = gw_arena_strndup(arena, p, (size_t)(c - p));
		p = c + 1;
	}
	parts[n++] = p;
	if (parts[0][0] == '\0')
		return gw_codec_fail(arena, err, 400, "invalid volume specification: '%s'", raw);
	memset(&m, 0, sizeof(m));
	m.source = "";
	switch (n) {
	case 1:
		m.target = parts[0];
		break;
	case 2:
		/* "/foo:rw" is a destination and a mode, which needs a source. */
		if (gw_mount_mode_valid(parts[1]))
			return gw_codec_fail(arena, err, 400, "invalid volume specification: '%s'", raw);
		m.source = parts[0];
		m.target = parts[1];
		break;
	case 3:
		m.source = parts[0];
		m.target = parts[1];
		mode = parts[2];
		break;
	default:
		return gw_codec_fail(arena, err, 400, "invalid volume specification: '%s'", raw);
	}
	if (!gw_mount_mode_valid(mode))
		return gw_codec_fail(arena, err, 400, "invalid mode: %s", mode);
	m.type = m.source[0] == '/' ? "bind" : "volume";
	m.read_only = !mode_read_write(mode);
	m.propagation = mode_item(arena, mode, propagation_modes);
	m.has_bind_options = m.propagation != NULL;
	if (m.propagation == NULL)
		m.propagation = "";
	m.subpath = "";
	if (validate_mount(arena, &m, &inner) != 0)
		return gw_codec_fail(arena, err, 400, "invalid volume specification: '%s': %s", raw,
		                     inner.message);
	out->origin = SL_MOUNT_FROM_BINDS;
	out->target = gw_path_clean(arena, m.target);
	out->read_only = m.read_only;
	out->mode = mode;
	out->nocopy = mode_item(arena, mode, copy_modes) != NULL;
	if (strcmp(m.type, "bind") == 0) {
		out->type = SL_MOUNT_BIND;
		out->source = gw_path_clean(arena, m.source);
		out->propagation = m.propagation[0] != '\0' ? m.propagation : "rprivate";
	} else {
		out->type = SL_MOUNT_VOLUME;
		out->source = m.source[0] != '\0' ? m.source : NULL;
		out->propagation = "";
	}
	return 0;
}

int gw_mount_decode(struct gw_json_dec *outer, json_object *obj, unsigned api_minor,
                    struct sl_mount_spec *out)
{
	/* Go names the innermost struct in type errors ("Mount.HostConfig.Mounts.Type"). */
	struct gw_json_dec dm = { outer->arena, outer->err, "Mount" };
	struct gw_json_dec db = { outer->arena, outer->err, "BindOptions" };
	struct gw_json_dec dv = { outer->arena, outer->err, "VolumeOptions" };
	struct gw_json_dec dr = { outer->arena, outer->err, "Driver" };
	struct gw_json_dec dt = { outer->arena, outer->err, "TmpfsOptions" };
	struct gw_json_dec *d = &dm;
	const char *P = "HostConfig.Mounts";
	json_object *bind_opts, *vol_opts, *tmpfs_opts, *driver_cfg = NULL;
	struct mount_cfg m;
	const char *s;

	memset(out, 0, sizeof(*out));
	memset(&m, 0, sizeof(m));
	/* A null element decodes as an empty mount (and fails for its Target). */
	if (obj != NULL && !json_object_is_type(obj, json_type_object)) {
		struct gw_json_dec dh = { outer->arena, outer->err, "HostConfig" };

		return gw_json_type_error(&dh, obj, "HostConfig", "Mounts", "mount.Mount");
	}
	if (gw_json_get_string(d, obj, P, "Type", &s) != 0)
		return -1;
	m.type = s != NULL ? s : "";
	if (gw_json_get_string(d, obj, P, "Source", &s) != 0)
		return -1;
	m.source = s != NULL ? s : "";
	if (gw_json_get_string(d, obj, P, "Target", &s) != 0)
		return -1;
	m.target = s != NULL ? s : "";
	if (gw_json_get_bool(d, obj, P, "ReadOnly", &m.read_only) != 0 ||
	    gw_json_get_string(d, obj, P, "Consistency", &s) != 0 ||
	    gw_json_get_object(d, obj, P, "BindOptions", &bind_opts) != 0 ||
	    gw_json_get_object(d, obj, P, "VolumeOptions", &vol_opts) != 0 ||
	    gw_json_get_object(d, obj, P, "TmpfsOptions", &tmpfs_opts) != 0)
		return -1;
	if (api_minor >= 42) {
		if (vol_opts != NULL && strcmp(m.type, "volume") != 0)
			return gw_codec_fail(d->arena, d->err, 400,
			                     "VolumeOptions must not be specified on mount type %s",
			                     gw_go_quote(d->arena, m.type));
		if (bind_opts != NULL && strcmp(m.type, "bind") != 0)
			return gw_codec_fail(d->arena, d->err, 400,
			                     "BindOptions must not be specified on mount type %s",
			                     gw_go_quote(d->arena, m.type));
		if (tmpfs_opts != NULL && strcmp(m.type, "tmpfs") != 0)
			return gw_codec_fail(d->arena, d->err, 400,
			                     "TmpfsOptions must not be specified on mount type %s",
			                     gw_go_quote(d->arena, m.type));
	} else {
		/* Older API versions did not validate these combinations: the
		 * route drops the options that do not belong to the type. */
		if (vol_opts != NULL && strcmp(m.type, "volume") != 0)
			vol_opts = NULL;
		if (tmpfs_opts != NULL && strcmp(m.type, "tmpfs") != 0)
			tmpfs_opts = NULL;
	}
	m.has_bind_options = bind_opts != NULL;
	m.has_volume_options = vol_opts != NULL;
	m.propagation = "";
	m.subpath = "";
	if (bind_opts != NULL) {
		if (gw_json_get_string(&db, bind_opts, "HostConfig.Mounts.BindOptions", "Propagation", &s) != 0)
			return -1;
		m.propagation = s != NULL ? s : "";
	}
	if (vol_opts != NULL) {
		const char *VP = "HostConfig.Mounts.VolumeOptions";

		if (gw_json_get_string(&dv, vol_opts, VP, "Subpath", &s) != 0)
			return -1;
		m.subpath = s != NULL ? s : "";
		if (gw_json_get_bool(&dv, vol_opts, VP, "NoCopy", &out->nocopy) != 0 ||
		    gw_json_get_map(&dv, vol_opts, VP, "Labels", &out->volume_labels) != 0 ||
		    gw_json_get_object(&dv, vol_opts, VP, "DriverConfig", &driver_cfg) != 0)
			return -1;
		if (driver_cfg != NULL) {
			const char *DP = "HostConfig.Mounts.VolumeOptions.DriverConfig";

			if (gw_json_get_string(&dr, driver_cfg, DP, "Name", &s) != 0 ||
			    gw_json_get_map(&dr, driver_cfg, DP, "Options", &out->volume_driver_opts) != 0)
				return -1;
			out->volume_driver = s != NULL && s[0] != '\0' ? s : NULL;
		}
	}
	if (tmpfs_opts != NULL &&
	    gw_json_get_int64(&dt, tmpfs_opts, "HostConfig.Mounts.TmpfsOptions", "SizeBytes",
	                      &out->tmpfs_size) != 0)
		return -1;
	if (m.subpath[0] != '\0' && api_minor < 45)
		return gw_codec_fail(d->arena, d->err, 400, "VolumeOptions.Subpath needs API v1.45 or newer");
	if (validate_mount(d->arena, &m, d->err) != 0)
		return -1;
	out->origin = SL_MOUNT_FROM_MOUNTS;
	out->target = gw_path_clean(d->arena, m.target);
	out->read_only = m.read_only;
	out->mode = "";
	out->propagation = "";
	if (strcmp(m.type, "bind") == 0) {
		out->type = SL_MOUNT_BIND;
		out->source = gw_path_clean(d->arena, m.source);
		out->propagation = m.propagation[0] != '\0' ? m.propagation : "rprivate";
	} else if (strcmp(m.type, "volume") == 0) {
		out->type = SL_MOUNT_VOLUME;
		out->source = m.source[0] != '\0' ? m.source : NULL;
		out->subpath = m.subpath[0] != '\0' ? m.subpath : NULL;
	} else {
		out->type = SL_MOUNT_TMPFS;
	}
	return 0;
}

int gw_volumes_from_parse(struct gw_arena *arena, const char *spec, struct sl_volumes_from *out,
                          struct gw_codec_error *err)
{
	const char *colon = strchr(spec, ':');
	const char *mode;

	memset(out, 0, sizeof(*out));
	if (spec[0] == '\0')
		return gw_codec_fail(arena, err, 400,
		                     "volumes-from specification cannot be an empty string");
	if (colon == NULL || colon[1] == '\0') {
		out->container = colon == NULL ? spec : gw_arena_strndup(arena, spec, (size_t)(colon - spec));
		return 0;
	}
	mode = colon + 1;
	/* Propagation and copy modes belong to the source container's mounts. */
	if (!gw_mount_mode_valid(mode) || mode_item(arena, mode, propagation_modes) != NULL ||
	    mode_item(arena, mode, copy_modes) != NULL)
		return gw_codec_fail(arena, err, 400, "invalid mode: %s", mode);
	out->container = gw_arena_strndup(arena, spec, (size_t)(colon - spec));
	out->read_only = !mode_read_write(mode);
	return 0;
}

static int has_destination(const struct gw_mount_output *out, const char *dest)
{
	for (size_t i = 0; i < out->n_mounts; i++) {
		if (strcmp(out->mounts[i].target, dest) == 0)
			return 1;
	}
	return 0;
}

int gw_mounts_decode(struct gw_json_dec *d, const struct gw_mount_input *in,
                     struct gw_mount_output *out)
{
	size_t n_mounts = in->mounts != NULL ? json_object_array_length(in->mounts) : 0;
	size_t n_config = in->config_volumes != NULL ?
	                  (size_t)json_object_object_length(in->config_volumes) : 0;
	size_t cap = in->binds.count + n_mounts + n_config + 1;
	struct sl_mount_spec *parsed_mounts = gw_arena_alloc(d->arena, sizeof(*parsed_mounts) * (n_mounts + 1));

	memset(out, 0, sizeof(*out));
	out->mounts = gw_arena_alloc(d->arena, sizeof(*out->mounts) * cap);
	out->volumes_from = gw_arena_alloc(d->arena, sizeof(*out->volumes_from) *
	                                                 (in->volumes_from.count + 1));
	/* verifyContainerSettings validates Mounts before anything is registered. */
	for (size_t i = 0; i < n_mounts; i++) {
		if (gw_mount_decode(d, json_object_array_get_idx(in->mounts, i), in->api_minor,
		                    &parsed_mounts[i]) != 0)
			return -1;
	}
	for (size_t i = 0; i < in->volumes_from.count; i++) {
		if (gw_volumes_from_parse(d->arena, in->volumes_from.items[i],
		                          &out->volumes_from[out->n_volumes_from++], d->err) != 0)
			return -1;
	}
	for (size_t i = 0; i < in->binds.count; i++) {
		struct sl_mount_spec *s = &out->mounts[out->n_mounts];

		if (gw_bind_parse(d->arena, in->binds.items[i], s, d->err) != 0)
			return -1;
		if (has_destination(out, s->target) || gw_map_get(&in->tmpfs, s->target) != NULL)
			return gw_codec_fail(d->arena, d->err, 400, "Duplicate mount point: %s", s->target);
		if (check_volume_name(d->arena, s, in->volume_driver, d->err) != 0)
			return -1;
		out->n_mounts++;
	}
	for (size_t i = 0; i < n_mounts; i++) {
		struct sl_mount_spec *s = &parsed_mounts[i];

		if (has_destination(out, s->target)) {
			const char *raw = NULL;

			/* Docker names the target as the client wrote it here. */
			gw_json_get_string(d, json_object_array_get_idx(in->mounts, i), "HostConfig.Mounts",
			                   "Target", &raw);
			return gw_codec_fail(d->arena, d->err, 400, "Duplicate mount point: %s",
			                     raw != NULL ? raw : s->target);
		}
		/* Mounts without a DriverConfig use the default driver, not VolumeDriver. */
		if (check_volume_name(d->arena, s, "", d->err) != 0)
			return -1;
		out->mounts[out->n_mounts++] = *s;
	}
	if (in->config_volumes != NULL) {
		json_object_object_foreach(in->config_volumes, dest, val) {
			struct sl_mount_spec *s = &out->mounts[out->n_mounts];
			struct gw_codec_error inner;
			struct mount_cfg m;

			if (val != NULL && !json_object_is_type(val, json_type_object))
				return gw_json_type_error(d, val, NULL, "Volumes", "struct {}");
			memset(&m, 0, sizeof(m));
			m.type = "volume";
			m.source = "";
			m.target = dest;
			m.propagation = "";
			m.subpath = "";
			if (validate_mount(d->arena, &m, &inner) != 0)
				return gw_codec_fail(d->arena, d->err, 400,
				                     "invalid volume specification: '%s': %s", dest,
				                     inner.message);
			memset(s, 0, sizeof(*s));
			s->type = SL_MOUNT_VOLUME;
			s->origin = SL_MOUNT_FROM_CONFIG;
			s->target = gw_path_clean(d->arena, dest);
			s->mode = "";
			s->propagation = "";
			/* Binds and Mounts win over the image or Config volumes. */
			if (has_destination(out, s->target))
				continue;
			out->n_mounts++;
		}
	}
	return 0;
}
