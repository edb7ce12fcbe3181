/* Container mounts.  They are stored as the gateway parsed them, plus the
 * volume name a volume mount uses (generated for anonymous volumes), so
 * that volumes can count references (in use, dangling, prune) and the
 * start code can turn them into Azure Files or EmptyDir volumes.  An
 * anonymous volume gets its volume record here, in the container's
 * transaction; named volumes were made beforehand (aca_volumes_prepare). */
#include "config.h"

#include <string.h>

#include "plugins/aca/container_mounts.h"
#include "plugins/aca/volume_options.h"
#include "plugins/aca/store_json.h"
#include "plugins/aca/volume.h"

enum { ORIGIN_VOLUMES_FROM = 3 };

char *aca_volume_mountpoint(struct aca_req *r, const char *volume_name)
{
	return r->host->sprintf(r->call, "/mnt/azure/%s", volume_name);
}

/* One mount as it will be written. */
struct mrow {
	int type;
	int origin;
	const char *source;
	const char *volume_name;
	const char *target;
	int read_only;
	const char *mode;
	const char *propagation;
	int nocopy;
	const char *subpath;
	const char *volume_driver;
	const char *driver_opts;
	const char *labels;
	int64_t tmpfs_size;
	const char *from_container;
};

struct mset {
	struct mrow *rows;
	size_t n;
	size_t cap;
};

static struct mrow *mset_slot(struct aca_req *r, struct mset *s, const char *target, int replace)
{
	for (size_t i = 0; s->rows != NULL && i < s->n; i++) {
		if (strcmp(s->rows[i].target, target) == 0)
			return replace ? &s->rows[i] : NULL;
	}
	if (s->n == s->cap) {
		size_t cap = s->cap == 0 ? 8 : s->cap * 2;
		struct mrow *grown = r->host->alloc(r->call, cap * sizeof(*grown));

		if (s->n > 0)
			memcpy(grown, s->rows, s->n * sizeof(*grown));
		s->rows = grown;
		s->cap = cap;
	}
	return &s->rows[s->n++];
}

static const char sql_source_mounts[] =
	"SELECT type, source, volume_name, target, read_only, propagation, nocopy, subpath,"
	" volume_driver, volume_driver_opts, volume_labels, tmpfs_size"
	" FROM container_mounts WHERE container_id = ?1 ORDER BY pos";

/* Docker copies every mount point of a VolumesFrom source; ":ro" makes
 * the copy read-only, and copies show an empty Mode. */
static int copy_from(struct aca_req *r, struct mset *s, const struct aca_ctrref *src,
                     int read_only)
{
	sqlite3_stmt *st = aca_req_stmt(r, sql_source_mounts);
	int rc;

	if (st == NULL)
		return SL_ERR_INTERNAL;
	aca_bind_text(st, 1, src->id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct mrow m;
		struct mrow *slot;

		memset(&m, 0, sizeof(m));
		m.type = sqlite3_column_int(st, 0);
		m.origin = ORIGIN_VOLUMES_FROM;
		m.source = aca_req_col(r, st, 1);
		m.volume_name = aca_req_col(r, st, 2);
		m.target = aca_req_col_str(r, st, 3);
		m.read_only = sqlite3_column_int(st, 4) || read_only;
		m.mode = "";
		m.propagation = aca_req_col_str(r, st, 5);
		m.nocopy = sqlite3_column_int(st, 6);
		m.subpath = aca_req_col(r, st, 7);
		m.volume_driver = aca_req_col(r, st, 8);
		m.driver_opts = aca_req_col(r, st, 9);
		m.labels = aca_req_col(r, st, 10);
		m.tmpfs_size = sqlite3_column_int64(st, 11);
		m.from_container = src->id;
		slot = mset_slot(r, s, m.target, 1);
		*slot = m;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? SL_OK : aca_req_sql_fail(r, rc);
}

static int from_spec(struct aca_req *r, const struct sl_container_create_req *req,
                     const struct sl_mount_spec *spec, struct mrow *m)
{
	int rc;

	memset(m, 0, sizeof(*m));
	m->type = (int)spec->type;
	m->origin = (int)spec->origin;
	m->source = spec->source;
	m->target = spec->target;
	m->read_only = spec->read_only;
	m->mode = spec->mode != NULL ? spec->mode : "";
	m->propagation = spec->propagation != NULL ? spec->propagation : "";
	m->nocopy = spec->nocopy;
	m->subpath = spec->subpath;
	m->tmpfs_size = spec->tmpfs_size;
	if (spec->type == SL_MOUNT_VOLUME) {
		if (spec->source == NULL || spec->source[0] == '\0') {
			char *name;

			/* An anonymous volume is named when the container is created. */
			rc = aca_req_new_id(r, &name);
			if (rc != SL_OK)
				return rc;
			m->source = NULL;
			m->volume_name = name;
		} else {
			m->volume_name = spec->source;
		}
		if (spec->volume_driver != NULL && spec->volume_driver[0] != '\0')
			m->volume_driver = spec->volume_driver;
		else if (req->volume_driver != NULL && req->volume_driver[0] != '\0')
			m->volume_driver = req->volume_driver;
		else
			m->volume_driver = "local";
		if ((rc = aca_json_from_map(r, &spec->volume_driver_opts, &m->driver_opts)) != SL_OK ||
		    (rc = aca_json_from_map(r, &spec->volume_labels, &m->labels)) != SL_OK)
			return rc;
	}
	return SL_OK;
}

static const char sql_insert_mount[] =
	"INSERT INTO container_mounts (container_id, pos, type, origin, source, volume_name,"
	" target, read_only, mode, propagation, nocopy, subpath, volume_driver,"
	" volume_driver_opts, volume_labels, tmpfs_size, from_container)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)";

static const char sql_insert_volumes_from[] =
	"INSERT INTO container_volumes_from (container_id, pos, source, source_id, read_only)"
	" VALUES (?1, ?2, ?3, ?4, ?5)";

static int insert_row(struct aca_req *r, const char *container_id, int pos, const struct mrow *m)
{
	sqlite3_stmt *st = aca_req_stmt(r, sql_insert_mount);
	int rc;

	if (st == NULL)
		return SL_ERR_INTERNAL;
	aca_bind_text(st, 1, container_id);
	sqlite3_bind_int(st, 2, pos);
	sqlite3_bind_int(st, 3, m->type);
	sqlite3_bind_int(st, 4, m->origin);
	aca_bind_text(st, 5, m->source);
	aca_bind_text(st, 6, m->volume_name);
	aca_bind_text(st, 7, m->target);
	sqlite3_bind_int(st, 8, m->read_only != 0);
	aca_bind_text(st, 9, m->mode);
	aca_bind_text(st, 10, m->propagation);
	sqlite3_bind_int(st, 11, m->nocopy != 0);
	aca_bind_text(st, 12, m->subpath);
	aca_bind_text(st, 13, m->volume_driver);
	aca_bind_text(st, 14, m->driver_opts);
	aca_bind_text(st, 15, m->labels);
	sqlite3_bind_int64(st, 16, m->tmpfs_size);
	aca_bind_text(st, 17, m->from_container);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? SL_OK : aca_req_sql_fail(r, rc);
}

int aca_mounts_record(struct aca_req *r, const char *container_id,
                      const struct sl_container_create_req *req,
                      const struct aca_ctrref *sources)
{
	struct mset set;
	int rc;

	memset(&set, 0, sizeof(set));
	for (size_t i = 0; i < req->n_volumes_from; i++) {
		sqlite3_stmt *st = aca_req_stmt(r, sql_insert_volumes_from);

		if (st == NULL)
			return SL_ERR_INTERNAL;
		aca_bind_text(st, 1, container_id);
		sqlite3_bind_int(st, 2, (int)i);
		aca_bind_text(st, 3, req->volumes_from[i].container);
		aca_bind_text(st, 4, sources[i].id);
		sqlite3_bind_int(st, 5, req->volumes_from[i].read_only != 0);
		rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			return aca_req_sql_fail(r, rc);
		rc = copy_from(r, &set, &sources[i], req->volumes_from[i].read_only);
		if (rc != SL_OK)
			return rc;
	}
	/* Binds and Mounts win over VolumesFrom; anonymous volumes fill the rest. */
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < req->n_mounts; i++) {
			const struct sl_mount_spec *spec = &req->mounts[i];
			int is_config = spec->origin == SL_MOUNT_FROM_CONFIG;
			struct mrow *slot;

			if (spec->target == NULL || is_config != (pass == 1))
				continue;
			slot = mset_slot(r, &set, spec->target, pass == 0);
			if (slot == NULL)
				continue;
			rc = from_spec(r, req, spec, slot);
			if (rc != SL_OK)
				return rc;
		}
	}
	for (size_t i = 0; i < set.n; i++) {
		const struct mrow *m = &set.rows[i];

		rc = insert_row(r, container_id, (int)i, m);
		if (rc != SL_OK)
			return rc;
		/* Copies from VolumesFrom use volumes their source already holds. */
		if (m->type != SL_MOUNT_VOLUME || m->origin == ORIGIN_VOLUMES_FROM)
			continue;
		if (m->source == NULL)
			rc = aca_volume_add_anonymous(r, m->volume_name, m->driver_opts, m->labels);
		else
			rc = aca_volume_require(r, m->volume_name);
		if (rc != SL_OK)
			return rc;
	}
	return SL_OK;
}

static const char sql_list_mounts[] =
	"SELECT type, origin, source, volume_name, target, read_only, mode, propagation,"
	" volume_driver FROM container_mounts WHERE container_id = ?1 ORDER BY pos";

static const char *const type_names[] = { "volume", "bind", "tmpfs" };

int aca_mounts_list(struct aca_req *r, const char *container_id, struct sl_container_mount **out,
                    size_t *count)
{
	sqlite3_stmt *st = aca_req_stmt(r, sql_list_mounts);
	struct sl_container_mount *items = NULL;
	size_t n = 0;
	size_t cap = 0;
	int rc;

	if (st == NULL)
		return SL_ERR_INTERNAL;
	aca_bind_text(st, 1, container_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct sl_container_mount *m;
		int type = sqlite3_column_int(st, 0);
		int origin = sqlite3_column_int(st, 1);
		const char *mode = aca_req_col_str(r, st, 6);
		const char *prop = aca_req_col_str(r, st, 7);
		const char *driver = aca_req_col_str(r, st, 8);

		if (type < 0 || type > 2)
			type = 0;
		if (n == cap) {
			size_t ncap = cap == 0 ? 4 : cap * 2;
			struct sl_container_mount *grown = r->host->alloc(r->call, ncap * sizeof(*grown));

			if (n > 0)
				memcpy(grown, items, n * sizeof(*grown));
			items = grown;
			cap = ncap;
		}
		m = &items[n++];
		memset(m, 0, sizeof(*m));
		m->type = type_names[type];
		m->destination = aca_req_col_str(r, st, 4);
		m->rw = sqlite3_column_int(st, 5) == 0;
		m->name = "";
		m->driver = "";
		m->source = "";
		m->propagation = prop;
		m->mode = mode;
		if (type == SL_MOUNT_VOLUME) {
			const char *vol = aca_req_col_str(r, st, 3);

			m->name = vol;
			m->source = aca_volume_mountpoint(r, vol);
			/* The mount shows the volume's driver, as volume inspect does:
			 * every volume of this plugin is an azure-files one, whatever
			 * name ("", "local") the client asked for it by.  Docker's
			 * default mode "z" is the local driver's, so it does not apply. */
			m->driver = aca_volume_driver_known(driver) ? ACA_VOLUME_DRIVER : driver;
		} else if (type == SL_MOUNT_BIND) {
			m->source = aca_req_col_str(r, st, 2);
			if (prop[0] == '\0')
				m->propagation = "rprivate";
		}
		if (origin == ORIGIN_VOLUMES_FROM || origin == SL_MOUNT_FROM_CONFIG)
			m->mode = "";
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return aca_req_sql_fail(r, rc);
	*out = items;
	*count = n;
	return SL_OK;
}
