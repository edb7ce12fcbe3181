/* Docker's container Config and HostConfig (API 1.47), field by field:
 * what create keeps of a request (Docker's fields only, type-checked,
 * under their canonical names) and what inspect shows (every field, the
 * stored values over Go's zero values, with Docker's omitempty rules). */
#include "config.h"

#include <string.h>
#include <strings.h>

#include "gateway/container_fields.h"

/* ---------------------------------------------------------------- */
/* Docker's Config and HostConfig fields (API 1.47)                  */

enum json_kind { JK_STR, JK_BOOL, JK_INT, JK_ARR, JK_OBJ, JK_STRSLICE };
enum omit_rule { OM_NEVER, OM_NULL, OM_EMPTY };

struct field_spec {
	const char *key;
	enum json_kind kind;
	enum omit_rule omit;
	int nullable;                 /* a pointer field: null, not zero, when unset */
	const char *go_type;          /* for type errors */
};

#define F_STR(k) { k, JK_STR, OM_NEVER, 0, "string" }
#define F_BOOL(k) { k, JK_BOOL, OM_NEVER, 0, "bool" }
#define F_INT(k) { k, JK_INT, OM_NEVER, 0, "int64" }
#define F_ARR(k) { k, JK_ARR, OM_NEVER, 0, "[]string" }
#define F_OBJ(k) { k, JK_OBJ, OM_NEVER, 0, "map[string]string" }

static const struct field_spec config_fields[] = {
	F_STR("Hostname"),
	F_STR("Domainname"),
	F_STR("User"),
	F_BOOL("AttachStdin"),
	F_BOOL("AttachStdout"),
	F_BOOL("AttachStderr"),
	{ "ExposedPorts", JK_OBJ, OM_EMPTY, 0, "nat.PortSet" },
	F_BOOL("Tty"),
	F_BOOL("OpenStdin"),
	F_BOOL("StdinOnce"),
	F_ARR("Env"),
	{ "Cmd", JK_STRSLICE, OM_NEVER, 0, "strslice.StrSlice" },
	{ "Healthcheck", JK_OBJ, OM_NULL, 0, "container.HealthConfig" },
	{ "ArgsEscaped", JK_BOOL, OM_EMPTY, 0, "bool" },
	F_STR("Image"),
	{ "Volumes", JK_OBJ, OM_NEVER, 0, "map[string]struct {}" },
	F_STR("WorkingDir"),
	{ "Entrypoint", JK_STRSLICE, OM_NEVER, 0, "strslice.StrSlice" },
	{ "NetworkDisabled", JK_BOOL, OM_EMPTY, 0, "bool" },
	{ "MacAddress", JK_STR, OM_EMPTY, 0, "string" },
	F_ARR("OnBuild"),
	F_OBJ("Labels"),
	{ "StopSignal", JK_STR, OM_EMPTY, 0, "string" },
	{ "StopTimeout", JK_INT, OM_NULL, 1, "int" },
	{ "Shell", JK_STRSLICE, OM_EMPTY, 0, "strslice.StrSlice" },
};

static const struct field_spec host_config_fields[] = {
	F_ARR("Binds"),
	F_STR("ContainerIDFile"),
	{ "LogConfig", JK_OBJ, OM_NEVER, 0, "container.LogConfig" },
	F_STR("NetworkMode"),
	{ "PortBindings", JK_OBJ, OM_NEVER, 0, "nat.PortMap" },
	{ "RestartPolicy", JK_OBJ, OM_NEVER, 0, "container.RestartPolicy" },
	F_BOOL("AutoRemove"),
	F_STR("VolumeDriver"),
	F_ARR("VolumesFrom"),
	{ "ConsoleSize", JK_ARR, OM_NEVER, 0, "[2]uint" },
	{ "Annotations", JK_OBJ, OM_EMPTY, 0, "map[string]string" },
	F_ARR("CapAdd"),
	F_ARR("CapDrop"),
	F_STR("CgroupnsMode"),
	F_ARR("Dns"),
	F_ARR("DnsOptions"),
	F_ARR("DnsSearch"),
	F_ARR("ExtraHosts"),
	F_ARR("GroupAdd"),
	F_STR("IpcMode"),
	F_STR("Cgroup"),
	F_ARR("Links"),
	F_INT("OomScoreAdj"),
	F_STR("PidMode"),
	F_BOOL("Privileged"),
	F_BOOL("PublishAllPorts"),
	F_BOOL("ReadonlyRootfs"),
	F_ARR("SecurityOpt"),
	{ "StorageOpt", JK_OBJ, OM_EMPTY, 0, "map[string]string" },
	{ "Tmpfs", JK_OBJ, OM_EMPTY, 0, "map[string]string" },
	F_STR("UTSMode"),
	F_STR("UsernsMode"),
	F_INT("ShmSize"),
	{ "Sysctls", JK_OBJ, OM_EMPTY, 0, "map[string]string" },
	{ "Runtime", JK_STR, OM_EMPTY, 0, "string" },
	F_STR("Isolation"),
	F_INT("CpuShares"),
	F_INT("Memory"),
	F_INT("NanoCpus"),
	F_STR("CgroupParent"),
	F_INT("BlkioWeight"),
	{ "BlkioWeightDevice", JK_ARR, OM_NEVER, 0, "[]*blkiodev.WeightDevice" },
	{ "BlkioDeviceReadBps", JK_ARR, OM_NEVER, 0, "[]*blkiodev.ThrottleDevice" },
	{ "BlkioDeviceWriteBps", JK_ARR, OM_NEVER, 0, "[]*blkiodev.ThrottleDevice" },
	{ "BlkioDeviceReadIOps", JK_ARR, OM_NEVER, 0, "[]*blkiodev.ThrottleDevice" },
	{ "BlkioDeviceWriteIOps", JK_ARR, OM_NEVER, 0, "[]*blkiodev.ThrottleDevice" },
	F_INT("CpuPeriod"),
	F_INT("CpuQuota"),
	F_INT("CpuRealtimePeriod"),
	F_INT("CpuRealtimeRuntime"),
	F_STR("CpusetCpus"),
	F_STR("CpusetMems"),
	{ "Devices", JK_ARR, OM_NEVER, 0, "[]container.DeviceMapping" },
	F_ARR("DeviceCgroupRules"),
	{ "DeviceRequests", JK_ARR, OM_NEVER, 0, "[]container.DeviceRequest" },
	{ "KernelMemory", JK_INT, OM_EMPTY, 0, "int64" },
	{ "KernelMemoryTCP", JK_INT, OM_EMPTY, 0, "int64" },
	F_INT("MemoryReservation"),
	F_INT("MemorySwap"),
	{ "MemorySwappiness", JK_INT, OM_NEVER, 1, "int64" },
	F_BOOL("OomKillDisable"),
	{ "PidsLimit", JK_INT, OM_NEVER, 1, "int64" },
	{ "Ulimits", JK_ARR, OM_NEVER, 0, "[]*units.Ulimit" },
	F_INT("CpuCount"),
	F_INT("CpuPercent"),
	F_INT("IOMaximumIOps"),
	F_INT("IOMaximumBandwidth"),
	{ "Mounts", JK_ARR, OM_EMPTY, 0, "[]mount.Mount" },
	F_ARR("MaskedPaths"),
	F_ARR("ReadonlyPaths"),
	{ "Init", JK_BOOL, OM_NULL, 1, "bool" },
};

#define N_CONFIG_FIELDS (sizeof(config_fields) / sizeof(config_fields[0]))
#define N_HOST_CONFIG_FIELDS (sizeof(host_config_fields) / sizeof(host_config_fields[0]))

static int kind_matches(enum json_kind k, json_object *v)
{
	switch (k) {
	case JK_STR: return json_object_is_type(v, json_type_string);
	case JK_BOOL: return json_object_is_type(v, json_type_boolean);
	case JK_INT: return json_object_is_type(v, json_type_int);
	case JK_ARR: return json_object_is_type(v, json_type_array);
	case JK_OBJ: return json_object_is_type(v, json_type_object);
	case JK_STRSLICE:
		return json_object_is_type(v, json_type_string) ||
		       json_object_is_type(v, json_type_array);
	}
	return 0;
}

static void release_json(void *obj)
{
	json_object_put(obj);
}

/*
 * The members of src that are Docker fields, type-checked, under their
 * canonical names (Go matches names case-insensitively), strslices as
 * arrays.  The result is released with the arena.
 */
static int canonical_fields(struct gw_json_dec *d, json_object *src, const char *prefix,
                            const struct field_spec *fields, size_t n, json_object **out)
{
	json_object *o = json_object_new_object();

	gw_arena_defer(d->arena, release_json, o);
	*out = o;
	for (size_t i = 0; i < n; i++) {
		json_object *v = gw_json_field(src, fields[i].key);

		if (v == NULL)
			continue;
		if (!kind_matches(fields[i].kind, v))
			return gw_json_type_error(d, v, prefix, fields[i].key, fields[i].go_type);
		if (fields[i].kind == JK_STRSLICE && json_object_is_type(v, json_type_string)) {
			json_object *a = json_object_new_array();

			json_object_array_add(a, json_object_get(v));
			json_object_object_add(o, fields[i].key, a);
			continue;
		}
		json_object_object_add(o, fields[i].key, json_object_get(v));
	}
	return 0;
}

static int is_empty_value(json_object *v)
{
	if (v == NULL)
		return 1;
	switch (json_object_get_type(v)) {
	case json_type_string: return json_object_get_string_len(v) == 0;
	case json_type_boolean: return !json_object_get_boolean(v);
	case json_type_int: return json_object_get_int64(v) == 0;
	case json_type_double: return json_object_get_double(v) == 0;
	case json_type_array: return json_object_array_length(v) == 0;
	case json_type_object: return json_object_object_length(v) == 0;
	case json_type_null: return 1;
	}
	return 0;
}

/* Every field of the struct, stored values over Go's zero values, with omitempty applied. */
static json_object *full_fields(json_object *stored, const struct field_spec *fields, size_t n)
{
	json_object *o = json_object_new_object();

	for (size_t i = 0; i < n; i++) {
		const struct field_spec *f = &fields[i];
		json_object *v = gw_json_field(stored, f->key);

		if (v != NULL) {
			v = json_object_get(v);
		} else if (!f->nullable) {
			switch (f->kind) {
			case JK_STR: v = json_object_new_string(""); break;
			case JK_BOOL: v = json_object_new_boolean(0); break;
			case JK_INT: v = json_object_new_int(0); break;
			case JK_ARR:
			case JK_OBJ:
			case JK_STRSLICE: break;
			}
		}
		if ((f->omit == OM_NULL && v == NULL) || (f->omit == OM_EMPTY && is_empty_value(v))) {
			json_object_put(v);
			continue;
		}
		json_object_object_add(o, f->key, v);
	}
	return o;
}

static int is_config_member(const char *key)
{
	for (size_t i = 0; i < N_CONFIG_FIELDS; i++) {
		if (strcasecmp(key, config_fields[i].key) == 0)
			return 1;
	}
	return 0;
}


int gw_config_canonical(struct gw_json_dec *d, json_object *body, json_object **out)
{
	return canonical_fields(d, body, NULL, config_fields, N_CONFIG_FIELDS, out);
}

int gw_host_config_canonical(struct gw_json_dec *d, json_object *host_config, json_object **out)
{
	return canonical_fields(d, host_config, "HostConfig", host_config_fields,
	                        N_HOST_CONFIG_FIELDS, out);
}

json_object *gw_config_full(json_object *stored)
{
	return full_fields(stored, config_fields, N_CONFIG_FIELDS);
}

json_object *gw_host_config_full(json_object *stored)
{
	return full_fields(stored, host_config_fields, N_HOST_CONFIG_FIELDS);
}

int gw_config_present(json_object *body)
{
	if (body == NULL)
		return 0;
	json_object_object_foreach(body, key, val) {
		(void)val;
		if (is_config_member(key))
			return 1;
	}
	return 0;
}
