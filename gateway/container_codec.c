/* Container create decoding and the inspect/list encoders.  The checks
 * and their order follow moby v27: runconfig's decoder, the create route's
 * API-version rules, the daemon's container settings checks, the name,
 * then the mounts. */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gateway/container_codec.h"
#include "gateway/endpoint_codec.h"
#include "gateway/gotime.h"
#include "gateway/mounts.h"
#include "gateway/names.h"

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

/* ---------------------------------------------------------------- */
/* Network modes                                                      */

static int mode_is_container(const char *mode)
{
	return strncmp(mode, "container:", 10) == 0;
}

/* NetworkMode.IsUserDefined: not one of Docker's own modes. */
static int mode_is_user_defined(const char *mode)
{
	return strcmp(mode, "default") != 0 && strcmp(mode, "bridge") != 0 &&
	       strcmp(mode, "host") != 0 && strcmp(mode, "none") != 0 && !mode_is_container(mode);
}

/* What runconfig's validateNetMode checks, for the fields decoded here. */
struct net_mode_inputs {
	const char *mode;
	const char *hostname;
	const char *mac;
	const char *uts_mode;
	struct sl_strv links;
	struct sl_strv dns;
	struct sl_strv extra_hosts;
	json_object *port_bindings;
	int publish_all;
	json_object *exposed_ports;
};

static int validate_net_mode(struct gw_arena *arena, const struct net_mode_inputs *in,
                             struct gw_codec_error *err)
{
	const char *m = in->mode;
	int is_container = mode_is_container(m);
	int has_hostname = in->hostname != NULL && in->hostname[0] != '\0';

	if (strcmp(m, "container") == 0 || strcmp(m, "container:") == 0 ||
	    (strncmp(m, "container::", 11) == 0))
		return gw_codec_fail(arena, err, 400,
		                     "Invalid network mode: invalid container format container:<name|id>");
	if (is_container && has_hostname)
		return gw_codec_fail(arena, err, 400, "conflicting options: hostname and the network mode");
	if (is_container && in->links.count > 0)
		return gw_codec_fail(arena, err, 400,
		                     "conflicting options: container type network can't be used with links. This would result in undefined behavior");
	if (is_container && in->dns.count > 0)
		return gw_codec_fail(arena, err, 400, "conflicting options: dns and the network mode");
	if (is_container && in->extra_hosts.count > 0)
		return gw_codec_fail(arena, err, 400,
		                     "conflicting options: custom host-to-IP mapping and the network mode");
	if ((is_container || strcmp(m, "host") == 0) && in->mac != NULL && in->mac[0] != '\0')
		return gw_codec_fail(arena, err, 400, "conflicting options: mac-address and the network mode");
	if (is_container && ((in->port_bindings != NULL &&
	                      json_object_object_length(in->port_bindings) > 0) || in->publish_all))
		return gw_codec_fail(arena, err, 400,
		                     "conflicting options: port publishing and the container type network mode");
	if (is_container && in->exposed_ports != NULL &&
	    json_object_object_length(in->exposed_ports) > 0)
		return gw_codec_fail(arena, err, 400,
		                     "conflicting options: port exposing and the container type network mode");
	if (in->uts_mode != NULL && strcmp(in->uts_mode, "host") == 0 && has_hostname)
		return gw_codec_fail(arena, err, 400, "conflicting options: hostname and the UTS mode");
	if (strcmp(m, "host") == 0 && in->links.count > 0)
		return gw_codec_fail(arena, err, 400,
		                     "conflicting options: host type networking can't be used with links. This would result in undefined behavior");
	return 0;
}

/* ---------------------------------------------------------------- */
/* Create                                                            */

/* The endpoints being built: EndpointsConfig in document order. */
struct endpoints {
	size_t n;
	size_t cap;
	struct sl_endpoint_config *items;
	const char *null_entry;       /* first entry given as null, refused later */
};

static struct sl_endpoint_config *endpoint_named(struct endpoints *eps, const char *network)
{
	for (size_t i = 0; i < eps->n; i++) {
		if (strcmp(eps->items[i].network, network) == 0)
			return &eps->items[i];
	}
	return NULL;
}

static struct sl_endpoint_config *endpoint_add(struct endpoints *eps, const char *network)
{
	struct sl_endpoint_config *e = &eps->items[eps->n++];

	memset(e, 0, sizeof(*e));
	e->network = network;
	return e;
}

static int decode_endpoints(struct gw_json_dec *outer, json_object *networking,
                            struct endpoints *eps)
{
	struct gw_json_dec dn = { outer->arena, outer->err, "NetworkingConfig" };
	struct gw_json_dec *d = &dn;
	json_object *ec = NULL;

	memset(eps, 0, sizeof(*eps));
	if (gw_json_get_object(d, networking, "NetworkingConfig", "EndpointsConfig", &ec) != 0)
		return -1;
	/* One spare slot for the NetworkMode network or the container-wide MAC address. */
	eps->cap = (ec != NULL ? (size_t)json_object_object_length(ec) : 0) + 1;
	eps->items = gw_arena_alloc(d->arena, sizeof(*eps->items) * eps->cap);
	if (ec == NULL)
		return 0;
	json_object_object_foreach(ec, key, val) {
		struct sl_endpoint_config *e = endpoint_add(eps, key);

		if (val == NULL && eps->null_entry == NULL)
			eps->null_entry = key;
		if (val != NULL && !json_object_is_type(val, json_type_object))
			return gw_json_type_error(d, val, "NetworkingConfig", "EndpointsConfig",
			                          "network.EndpointSettings");
		if (gw_endpoint_decode(d, val, "NetworkingConfig.EndpointsConfig", e) != 0)
			return -1;
		e->network = key;
	}
	return 0;
}

/* handleMACAddressBC: the container-wide Config.MacAddress (deprecated in
 * API 1.44) moves to the endpoint of the NetworkMode network. */
static int mac_address_compat(struct gw_arena *arena, const char *mac, const char *mode,
                              unsigned api_minor, struct endpoints *eps, struct sl_strv *warnings,
                              int *clear_config_mac, struct gw_codec_error *err)
{
	int attachable = strcmp(mode, "bridge") == 0 || mode_is_user_defined(mode);
	const char **w;

	*clear_config_mac = 0;
	if (api_minor < 44) {
		if (mac == NULL || mac[0] == '\0') {
			/* The old API ignored endpoint MAC addresses. */
			for (size_t i = 0; i < eps->n; i++)
				eps->items[i].mac_address = NULL;
			return 0;
		}
		if (!attachable)
			return gw_codec_fail(arena, err, 400,
			                     "conflicting options: mac-address and the network mode");
		if (eps->n == 0)
			endpoint_add(eps, mode);
		for (size_t i = 0; i < eps->n; i++)
			eps->items[i].mac_address = mac;
		return 0;
	}
	if (mac == NULL || mac[0] == '\0')
		return 0;
	if (attachable) {
		if (eps->n == 0) {
			endpoint_add(eps, mode)->mac_address = mac;
		} else {
			struct sl_endpoint_config *ep = endpoint_named(eps, mode);

			if (ep == NULL)
				return gw_codec_fail(arena, err, 400,
				                     "if a container-wide MAC address is supplied, HostConfig.NetworkMode must match the identity of a network in NetworkSettings.Networks");
			if (ep->mac_address == NULL)
				ep->mac_address = mac;
			else if (strcmp(ep->mac_address, mac) != 0)
				return gw_codec_fail(arena, err, 400,
				                     "the container-wide MAC address must match the endpoint-specific MAC address for the main network, or be left empty");
		}
	}
	w = gw_arena_alloc(arena, sizeof(*w) * 2);
	w[0] = "The container-wide MacAddress field is now deprecated. It should be specified in EndpointsConfig instead.";
	warnings->items = (const char *const *)w;
	warnings->count = 1;
	warnings->present = 1;
	*clear_config_mac = 1;
	return 0;
}

/* opts.ValidateEnv, without the daemon-side lookup of bare names (that
 * would hand the gateway's own environment to a container). */
static int validate_env(struct gw_arena *arena, const struct sl_strv *env, struct gw_codec_error *err)
{
	for (size_t i = 0; i < env->count; i++) {
		if (env->items[i][0] == '=' || env->items[i][0] == '\0')
			return gw_codec_fail(arena, err, 400, "invalid environment variable: %s",
			                     env->items[i]);
	}
	return 0;
}

static int any_config_member(json_object *body)
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

/* Typed reads of the HostConfig fields that drive decoding and checks. */
struct host_inputs {
	const char *network_mode;
	const char *volume_driver;
	const char *uts_mode;
	const char *restart_policy;
	int auto_remove;
	int publish_all;
	struct sl_strv binds;
	struct sl_strv volumes_from;
	struct sl_strv links;
	struct sl_strv dns;
	struct sl_strv extra_hosts;
	struct sl_map tmpfs;
	json_object *mounts;
	json_object *port_bindings;
};

static int read_host_config(struct gw_json_dec *outer, json_object *hc, struct host_inputs *h)
{
	struct gw_json_dec dh = { outer->arena, outer->err, "HostConfig" };
	struct gw_json_dec dr = { outer->arena, outer->err, "RestartPolicy" };
	struct gw_json_dec *d = &dh;
	const char *P = "HostConfig";
	json_object *restart;

	memset(h, 0, sizeof(*h));
	if (gw_json_get_string(d, hc, P, "NetworkMode", &h->network_mode) != 0 ||
	    gw_json_get_string(d, hc, P, "VolumeDriver", &h->volume_driver) != 0 ||
	    gw_json_get_string(d, hc, P, "UTSMode", &h->uts_mode) != 0 ||
	    gw_json_get_bool(d, hc, P, "AutoRemove", &h->auto_remove) != 0 ||
	    gw_json_get_bool(d, hc, P, "PublishAllPorts", &h->publish_all) != 0 ||
	    gw_json_get_strv(d, hc, P, "Binds", &h->binds) != 0 ||
	    gw_json_get_strv(d, hc, P, "VolumesFrom", &h->volumes_from) != 0 ||
	    gw_json_get_strv(d, hc, P, "Links", &h->links) != 0 ||
	    gw_json_get_strv(d, hc, P, "Dns", &h->dns) != 0 ||
	    gw_json_get_strv(d, hc, P, "ExtraHosts", &h->extra_hosts) != 0 ||
	    gw_json_get_map(d, hc, P, "Tmpfs", &h->tmpfs) != 0 ||
	    gw_json_get_array(d, hc, P, "Mounts", &h->mounts) != 0 ||
	    gw_json_get_object(d, hc, P, "PortBindings", &h->port_bindings) != 0 ||
	    gw_json_get_object(d, hc, P, "RestartPolicy", &restart) != 0 ||
	    gw_json_get_string(&dr, restart, "HostConfig.RestartPolicy", "Name",
	                       &h->restart_policy) != 0)
		return -1;
	if (h->network_mode == NULL)
		h->network_mode = "";
	if (h->volume_driver == NULL)
		h->volume_driver = "";
	return 0;
}

static const char *to_json(struct gw_arena *arena, json_object *o)
{
	return gw_arena_strdup(arena, json_object_to_json_string_ext(
		o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
}

int gw_container_create_decode(struct gw_arena *arena, int have_body, json_object *body,
                               const char *name, unsigned api_minor,
                               struct gw_container_create *out, struct gw_codec_error *err)
{
	struct gw_json_dec d = { arena, err, "CreateRequest" };
	struct gw_json_dec dh = { arena, err, "HostConfig" };
	struct sl_container_create_req *req = &out->req;
	json_object *hc, *networking, *config, *host_config, *volumes, *exposed;
	struct host_inputs h;
	struct net_mode_inputs nm;
	struct endpoints eps;
	struct gw_mount_input mi;
	struct gw_mount_output mo;
	const char *mac, *image;
	int network_disabled, clear_mac;
	int mode_was_default;

	memset(out, 0, sizeof(*out));
	if (!have_body)
		return gw_codec_fail(arena, err, 400, "invalid JSON: got EOF while reading request body");
	if (gw_json_expect_object(&d, body, "container.CreateRequest") != 0)
		return -1;
	if (gw_json_get_object(&d, body, NULL, "HostConfig", &hc) != 0 ||
	    gw_json_get_object(&d, body, NULL, "NetworkingConfig", &networking) != 0 ||
	    canonical_fields(&d, body, NULL, config_fields, N_CONFIG_FIELDS, &config) != 0 ||
	    canonical_fields(&dh, hc, "HostConfig", host_config_fields, N_HOST_CONFIG_FIELDS,
	                     &host_config) != 0)
		return -1;
	/* Typed reads (types were checked above; these pick the values). */
	if (gw_json_get_string(&d, body, NULL, "Image", &image) != 0 ||
	    gw_json_get_strslice(&d, body, NULL, "Cmd", &req->cmd) != 0 ||
	    gw_json_get_strslice(&d, body, NULL, "Entrypoint", &req->entrypoint) != 0 ||
	    gw_json_get_strv(&d, body, NULL, "Env", &req->env) != 0 ||
	    gw_json_get_string(&d, body, NULL, "WorkingDir", &req->working_dir) != 0 ||
	    gw_json_get_string(&d, body, NULL, "User", &req->user) != 0 ||
	    gw_json_get_string(&d, body, NULL, "Hostname", &req->hostname) != 0 ||
	    gw_json_get_map(&d, body, NULL, "Labels", &req->labels) != 0 ||
	    gw_json_get_string(&d, body, NULL, "MacAddress", &mac) != 0 ||
	    gw_json_get_bool(&d, body, NULL, "NetworkDisabled", &network_disabled) != 0 ||
	    gw_json_get_object(&d, body, NULL, "Volumes", &volumes) != 0 ||
	    gw_json_get_object(&d, body, NULL, "ExposedPorts", &exposed) != 0 ||
	    read_host_config(&d, hc, &h) != 0 ||
	    decode_endpoints(&d, networking, &eps) != 0)
		return -1;

	/* runconfig: network mode conflicts, only when a HostConfig was sent. */
	if (hc != NULL) {
		memset(&nm, 0, sizeof(nm));
		nm.mode = h.network_mode;
		nm.hostname = req->hostname;
		nm.mac = mac;
		nm.uts_mode = h.uts_mode;
		nm.links = h.links;
		nm.dns = h.dns;
		nm.extra_hosts = h.extra_hosts;
		nm.port_bindings = h.port_bindings;
		nm.publish_all = h.publish_all;
		nm.exposed_ports = exposed;
		if (validate_net_mode(arena, &nm, err) != 0)
			return -1;
	}
	/* The route: a missing Config, then the API-version rules. */
	if (!any_config_member(body))
		return gw_codec_fail(arena, err, 400, "config cannot be empty in order to create a container");
	mode_was_default = h.network_mode[0] == '\0' || strcmp(h.network_mode, "default") == 0;
	req->network_mode = mode_was_default ? "bridge" : h.network_mode;
	if (mode_was_default) {
		struct sl_endpoint_config *ep = endpoint_named(&eps, "default");

		if (ep != NULL && endpoint_named(&eps, "bridge") == NULL)
			ep->network = "bridge";
	}
	if (api_minor < 25)
		h.auto_remove = 0;
	if (api_minor < 44 && eps.n > 1) {
		size_t len = 1;
		char *list, *p;

		for (size_t i = 0; i < eps.n; i++)
			len += strlen(eps.items[i].network) + 2;
		list = p = gw_arena_alloc(arena, len);
		for (size_t i = 0; i < eps.n; i++)
			p += sprintf(p, "%s%s", i > 0 ? ", " : "", eps.items[i].network);
		return gw_codec_fail(arena, err, 400,
		                     "Container cannot be created with multiple network endpoints: %s", list);
	}
	if (mac_address_compat(arena, mac, req->network_mode, api_minor, &eps, &out->warnings,
	                       &clear_mac, err) != 0)
		return -1;
	if (clear_mac)
		json_object_object_del(config, "MacAddress");

	/* The daemon's container settings. */
	if (req->working_dir != NULL && req->working_dir[0] != '\0' && req->working_dir[0] != '/')
		return gw_codec_fail(arena, err, 400,
		                     "the working directory '%s' is invalid, it needs to be an absolute path",
		                     req->working_dir);
	if (validate_env(arena, &req->env, err) != 0)
		return -1;
	if (h.auto_remove && h.restart_policy != NULL && h.restart_policy[0] != '\0' &&
	    strcmp(h.restart_policy, "no") != 0)
		return gw_codec_fail(arena, err, 400, "can't create 'AutoRemove' container with restart policy");
	/* sockerless runs images from a registry: nothing can run without one. */
	if (image == NULL || image[0] == '\0')
		return gw_codec_fail(arena, err, 400, "no image specified: Config.Image is required");
	if (eps.null_entry != NULL)
		return gw_codec_fail(arena, err, 400, "invalid config for network %s: EndpointsConfig is nil",
		                     eps.null_entry);
	if (name != NULL && name[0] != '\0' &&
	    gw_container_name_check(arena, name, &req->name, err) != 0)
		return -1;

	/* Mounts. */
	memset(&mi, 0, sizeof(mi));
	mi.binds = h.binds;
	mi.mounts = h.mounts;
	mi.volumes_from = h.volumes_from;
	mi.config_volumes = volumes;
	mi.tmpfs = h.tmpfs;
	mi.volume_driver = h.volume_driver;
	mi.api_minor = api_minor;
	if (gw_mounts_decode(&d, &mi, &mo) != 0)
		return -1;

	/* Every container but a container:-mode or networkless one has an endpoint on its
	 * NetworkMode network, with empty settings unless the client gave some. */
	if (eps.n == 0 && !network_disabled && !mode_is_container(req->network_mode))
		endpoint_add(&eps, req->network_mode);

	req->image = image;
	req->n_endpoints = eps.n;
	req->endpoints = eps.items;
	req->n_mounts = mo.n_mounts;
	req->mounts = mo.mounts;
	req->n_volumes_from = mo.n_volumes_from;
	req->volumes_from = mo.volumes_from;
	req->volume_driver = h.volume_driver;
	req->auto_remove = h.auto_remove;
	if (api_minor < 25)
		json_object_object_del(host_config, "AutoRemove");
	req->config_json = to_json(arena, config);
	req->host_config_json = hc != NULL ? to_json(arena, host_config) : "{}";
	return 0;
}

json_object *gw_container_created_encode(const struct sl_container_created *r,
                                         const struct sl_strv *extra)
{
	json_object *o = json_object_new_object();
	json_object *w = gw_json_strv_or_empty(&r->warnings);

	for (size_t i = 0; extra != NULL && extra->present && i < extra->count; i++)
		json_object_array_add(w, gw_json_str(extra->items[i]));
	json_object_object_add(o, "Id", gw_json_str(r->id));
	json_object_object_add(o, "Warnings", w);
	return o;
}

/* ---------------------------------------------------------------- */
/* Encoders                                                          */

static json_object *parse_stored(const char *text)
{
	if (text == NULL || text[0] == '\0')
		return json_object_new_object();
	return json_tokener_parse(text);
}

/* Path and Args: the entrypoint, else the command, split at its first word. */
static void path_and_args(json_object *config, const struct sl_container *c, const char **path,
                          json_object **args)
{
	json_object *ep = gw_json_field(config, "Entrypoint");
	json_object *cmd = gw_json_field(config, "Cmd");
	size_t n_ep = ep != NULL ? json_object_array_length(ep) : 0;

	*path = "";
	*args = json_object_new_array();
	if (ep == NULL && cmd == NULL) {
		for (size_t i = 0; c->cmd.present && i < c->cmd.count; i++) {
			if (i == 0)
				*path = c->cmd.items[0];
			else
				json_object_array_add(*args, gw_json_str(c->cmd.items[i]));
		}
		return;
	}
	for (size_t i = 0; i < n_ep; i++) {
		const char *s = json_object_get_string(json_object_array_get_idx(ep, i));

		if (i == 0)
			*path = s;
		else
			json_object_array_add(*args, gw_json_str(s));
	}
	for (size_t i = 0; cmd != NULL && i < json_object_array_length(cmd); i++) {
		const char *s = json_object_get_string(json_object_array_get_idx(cmd, i));

		if (n_ep == 0 && i == 0)
			*path = s;
		else
			json_object_array_add(*args, gw_json_str(s));
	}
}

static const char *short_id(struct gw_arena *arena, const char *id)
{
	return gw_arena_strndup(arena, id != NULL ? id : "", 12);
}

static json_object *encode_state(struct gw_arena *arena, const struct sl_container_state *s)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "Status", json_object_new_string(
		s->status != NULL && s->status[0] != '\0' ? s->status : "created"));
	json_object_object_add(o, "Running", json_object_new_boolean(s->running));
	json_object_object_add(o, "Paused", json_object_new_boolean(s->paused));
	json_object_object_add(o, "Restarting", json_object_new_boolean(s->restarting));
	json_object_object_add(o, "OOMKilled", json_object_new_boolean(s->oom_killed));
	json_object_object_add(o, "Dead", json_object_new_boolean(s->dead));
	json_object_object_add(o, "Pid", json_object_new_int(s->pid));
	json_object_object_add(o, "ExitCode", json_object_new_int(s->exit_code));
	json_object_object_add(o, "Error", gw_json_str(s->error));
	json_object_object_add(o, "StartedAt", json_object_new_string(
		gw_time_rfc3339nano(arena, s->started_at_ns)));
	json_object_object_add(o, "FinishedAt", json_object_new_string(
		gw_time_rfc3339nano(arena, s->finished_at_ns)));
	return o;
}

static json_object *encode_mounts(const struct sl_container *c)
{
	json_object *a = json_object_new_array();

	for (size_t i = 0; i < c->n_mounts; i++) {
		const struct sl_container_mount *m = &c->mounts[i];
		json_object *o = json_object_new_object();

		/* Name and Driver are omitempty (binds and tmpfs have neither). */
		json_object_object_add(o, "Type", gw_json_str(m->type));
		if (m->name != NULL && m->name[0] != '\0')
			json_object_object_add(o, "Name", json_object_new_string(m->name));
		json_object_object_add(o, "Source", gw_json_str(m->source));
		json_object_object_add(o, "Destination", gw_json_str(m->destination));
		if (m->driver != NULL && m->driver[0] != '\0')
			json_object_object_add(o, "Driver", json_object_new_string(m->driver));
		json_object_object_add(o, "Mode", gw_json_str(m->mode));
		json_object_object_add(o, "RW", json_object_new_boolean(m->rw));
		json_object_object_add(o, "Propagation", gw_json_str(m->propagation));
		json_object_array_add(a, o);
	}
	return a;
}

static json_object *encode_networks(const struct sl_container *c, const struct gw_endpoint_view *ev)
{
	json_object *o = json_object_new_object();

	for (size_t i = 0; i < c->n_endpoints; i++)
		json_object_object_add(o, c->endpoints[i].network_name != NULL ?
		                       c->endpoints[i].network_name : "",
		                       gw_endpoint_encode(&c->endpoints[i], ev));
	return o;
}

static json_object *encode_network_settings(const struct sl_container *c,
                                            const struct gw_endpoint_view *ev)
{
	json_object *o = json_object_new_object();
	const struct sl_container_endpoint *bridge = NULL;
	static const struct sl_container_endpoint none;

	for (size_t i = 0; i < c->n_endpoints; i++) {
		if (c->endpoints[i].network_name != NULL &&
		    strcmp(c->endpoints[i].network_name, "bridge") == 0)
			bridge = &c->endpoints[i];
	}
	/* The legacy top-level fields mirror the default bridge endpoint only. */
	if (bridge == NULL)
		bridge = &none;
	json_object_object_add(o, "Bridge", json_object_new_string(""));
	json_object_object_add(o, "SandboxID", json_object_new_string(""));
	json_object_object_add(o, "SandboxKey", json_object_new_string(""));
	json_object_object_add(o, "Ports", json_object_new_object());
	json_object_object_add(o, "HairpinMode", json_object_new_boolean(0));
	json_object_object_add(o, "LinkLocalIPv6Address", json_object_new_string(""));
	json_object_object_add(o, "LinkLocalIPv6PrefixLen", json_object_new_int(0));
	json_object_object_add(o, "SecondaryIPAddresses", NULL);
	json_object_object_add(o, "SecondaryIPv6Addresses", NULL);
	json_object_object_add(o, "EndpointID", gw_json_str(bridge->endpoint_id));
	json_object_object_add(o, "Gateway", gw_json_str(bridge->gateway));
	json_object_object_add(o, "GlobalIPv6Address", gw_json_str(bridge->global_ipv6_address));
	json_object_object_add(o, "GlobalIPv6PrefixLen", json_object_new_int(bridge->global_ipv6_prefix_len));
	json_object_object_add(o, "IPAddress", gw_json_str(bridge->ip_address));
	json_object_object_add(o, "IPPrefixLen", json_object_new_int(bridge->ip_prefix_len));
	json_object_object_add(o, "IPv6Gateway", gw_json_str(bridge->ipv6_gateway));
	json_object_object_add(o, "MacAddress", gw_json_str(bridge->mac_address));
	json_object_object_add(o, "Networks", encode_networks(c, ev));
	return o;
}

/* Config: Docker's fields with the stored values; Hostname defaults to the short id. */
static json_object *encode_config(struct gw_arena *arena, json_object *stored,
                                  const struct sl_container *c)
{
	json_object *o = full_fields(stored, config_fields, N_CONFIG_FIELDS);
	const char *hostname = json_object_get_string(json_object_object_get(o, "Hostname"));
	const char *image = json_object_get_string(json_object_object_get(o, "Image"));

	if (hostname == NULL || hostname[0] == '\0')
		json_object_object_add(o, "Hostname", json_object_new_string(short_id(arena, c->id)));
	if ((image == NULL || image[0] == '\0') && c->image != NULL)
		json_object_object_add(o, "Image", json_object_new_string(c->image));
	if (json_object_object_get(o, "Labels") == NULL)
		json_object_object_add(o, "Labels", gw_json_map_or_empty(&c->labels));
	return o;
}

/* HostConfig: Docker's fields with the stored values and the daemon's defaults. */
static json_object *encode_host_config(json_object *stored, const struct sl_container *c,
                                       const struct gw_container_view *view)
{
	json_object *o = full_fields(stored, host_config_fields, N_HOST_CONFIG_FIELDS);
	json_object *log = gw_json_field(stored, "LogConfig");
	json_object *restart = gw_json_field(stored, "RestartPolicy");
	json_object *lc = json_object_new_object(), *rp = json_object_new_object();
	json_object *v;
	const char *s;

	s = json_object_get_string(gw_json_field(log, "Type"));
	json_object_object_add(lc, "Type", json_object_new_string(s != NULL && s[0] != '\0' ? s : "json-file"));
	v = gw_json_field(log, "Config");
	json_object_object_add(lc, "Config", v != NULL ? json_object_get(v) : json_object_new_object());
	json_object_object_add(o, "LogConfig", lc);
	s = json_object_get_string(gw_json_field(restart, "Name"));
	json_object_object_add(rp, "Name", json_object_new_string(s != NULL && s[0] != '\0' ? s : "no"));
	v = gw_json_field(restart, "MaximumRetryCount");
	json_object_object_add(rp, "MaximumRetryCount", v != NULL ? json_object_get(v) : json_object_new_int(0));
	json_object_object_add(o, "RestartPolicy", rp);
	json_object_object_add(o, "NetworkMode", gw_json_str(c->network_mode));
	if (json_object_object_get(o, "ConsoleSize") == NULL) {
		json_object *cs = json_object_new_array();

		json_object_array_add(cs, json_object_new_int(0));
		json_object_array_add(cs, json_object_new_int(0));
		json_object_object_add(o, "ConsoleSize", cs);
	}
	/* The backend is the runtime, as GET /info's DefaultRuntime says. */
	if (json_object_object_get(o, "Runtime") == NULL)
		json_object_object_add(o, "Runtime", gw_json_str(view->backend));
	return o;
}

static int stored_objects(struct gw_arena *arena, const struct sl_container *c, json_object **config,
                          json_object **host_config, struct gw_codec_error *err)
{
	*config = parse_stored(c->config_json);
	*host_config = parse_stored(c->host_config_json);
	if (*config == NULL || *host_config == NULL ||
	    !json_object_is_type(*config, json_type_object) ||
	    !json_object_is_type(*host_config, json_type_object)) {
		json_object_put(*config);
		json_object_put(*host_config);
		return gw_codec_fail(arena, err, 500, "container %s: the stored configuration is not valid JSON",
		                     c->id != NULL ? c->id : "");
	}
	gw_arena_defer(arena, release_json, *config);
	gw_arena_defer(arena, release_json, *host_config);
	return 0;
}

int gw_container_inspect_encode(struct gw_arena *arena, const struct sl_container *c,
                                const struct gw_container_view *view, json_object **out,
                                struct gw_codec_error *err)
{
	json_object *o, *config, *host_config, *cfg, *args, *graph;
	struct gw_endpoint_view ev;
	const char *path;

	if (stored_objects(arena, c, &config, &host_config, err) != 0)
		return -1;
	cfg = encode_config(arena, config, c);
	path_and_args(config, c, &path, &args);
	memset(&ev, 0, sizeof(ev));
	ev.api_minor = view->api_minor;
	ev.short_id = short_id(arena, c->id);
	ev.hostname = json_object_get_string(json_object_object_get(cfg, "Hostname"));
	ev.rewrite_aliases = 1;
	o = json_object_new_object();
	json_object_object_add(o, "Id", gw_json_str(c->id));
	json_object_object_add(o, "Created", json_object_new_string(gw_time_rfc3339nano(arena, c->created_ns)));
	json_object_object_add(o, "Path", json_object_new_string(path));
	json_object_object_add(o, "Args", args);
	json_object_object_add(o, "State", encode_state(arena, &c->state));
	json_object_object_add(o, "Image", gw_json_str(c->image));
	json_object_object_add(o, "ResolvConfPath", json_object_new_string(""));
	json_object_object_add(o, "HostnamePath", json_object_new_string(""));
	json_object_object_add(o, "HostsPath", json_object_new_string(""));
	json_object_object_add(o, "LogPath", json_object_new_string(""));
	json_object_object_add(o, "Name", json_object_new_string(
		gw_arena_sprintf(arena, "/%s", c->name != NULL ? c->name : "")));
	json_object_object_add(o, "RestartCount", json_object_new_int(0));
	json_object_object_add(o, "Driver", gw_json_str(view->backend));
	json_object_object_add(o, "Platform", json_object_new_string("linux"));
	json_object_object_add(o, "MountLabel", json_object_new_string(""));
	json_object_object_add(o, "ProcessLabel", json_object_new_string(""));
	json_object_object_add(o, "AppArmorProfile", json_object_new_string(""));
	json_object_object_add(o, "ExecIDs", NULL);
	json_object_object_add(o, "HostConfig", encode_host_config(host_config, c, view));
	graph = json_object_new_object();
	json_object_object_add(graph, "Data", NULL);
	json_object_object_add(graph, "Name", gw_json_str(view->backend));
	json_object_object_add(o, "GraphDriver", graph);
	json_object_object_add(o, "Mounts", encode_mounts(c));
	json_object_object_add(o, "Config", cfg);
	json_object_object_add(o, "NetworkSettings", encode_network_settings(c, &ev));
	*out = o;
	return 0;
}

const char *gw_human_duration(struct gw_arena *arena, int64_t ns)
{
	int64_t seconds = ns / 1000000000LL, minutes = seconds / 60, hours;

	if (seconds < 1)
		return "Less than a second";
	if (seconds == 1)
		return "1 second";
	if (seconds < 60)
		return gw_arena_sprintf(arena, "%lld seconds", (long long)seconds);
	if (minutes == 1)
		return "About a minute";
	if (minutes < 60)
		return gw_arena_sprintf(arena, "%lld minutes", (long long)minutes);
	/* Hours round to the nearest, as go-units does with +0.5. */
	hours = (int64_t)((double)ns / 3.6e12 + 0.5);
	if (hours == 1)
		return "About an hour";
	if (hours < 48)
		return gw_arena_sprintf(arena, "%lld hours", (long long)hours);
	if (hours < 24 * 7 * 2)
		return gw_arena_sprintf(arena, "%lld days", (long long)(hours / 24));
	if (hours < 24 * 30 * 2)
		return gw_arena_sprintf(arena, "%lld weeks", (long long)(hours / 24 / 7));
	if (hours < 24 * 365 * 2)
		return gw_arena_sprintf(arena, "%lld months", (long long)(hours / 24 / 30));
	return gw_arena_sprintf(arena, "%lld years", (long long)(ns / 3600000000000LL / 24 / 365));
}

/* State.String(): the list's Status column. */
static const char *status_text(struct gw_arena *arena, const struct sl_container_state *s,
                               int64_t now_ns)
{
	const char *st = s->status != NULL ? s->status : "created";

	if (s->running) {
		if (s->paused)
			return gw_arena_sprintf(arena, "Up %s (Paused)",
			                        gw_human_duration(arena, now_ns - s->started_at_ns));
		if (s->restarting)
			return gw_arena_sprintf(arena, "Restarting (%d) %s ago", s->exit_code,
			                        gw_human_duration(arena, now_ns - s->finished_at_ns));
		return gw_arena_sprintf(arena, "Up %s", gw_human_duration(arena, now_ns - s->started_at_ns));
	}
	if (strcmp(st, "removing") == 0)
		return "Removal In Progress";
	if (s->dead)
		return "Dead";
	if (s->started_at_ns == 0)
		return "Created";
	if (s->finished_at_ns == 0)
		return "";
	return gw_arena_sprintf(arena, "Exited (%d) %s ago", s->exit_code,
	                        gw_human_duration(arena, now_ns - s->finished_at_ns));
}

int gw_container_summary_encode(struct gw_arena *arena, const struct sl_container *c,
                                const struct gw_container_view *view, json_object **out,
                                struct gw_codec_error *err)
{
	json_object *o, *config, *host_config, *args, *names, *hc, *ns;
	struct gw_endpoint_view ev;
	const char *path, *command;

	if (stored_objects(arena, c, &config, &host_config, err) != 0)
		return -1;
	path_and_args(config, c, &path, &args);
	command = path;
	for (size_t i = 0; i < json_object_array_length(args); i++)
		command = gw_arena_sprintf(arena, "%s %s", command,
		                           json_object_get_string(json_object_array_get_idx(args, i)));
	json_object_put(args);
	memset(&ev, 0, sizeof(ev));
	ev.api_minor = view->api_minor;
	o = json_object_new_object();
	json_object_object_add(o, "Id", gw_json_str(c->id));
	names = json_object_new_array();
	json_object_array_add(names, json_object_new_string(
		gw_arena_sprintf(arena, "/%s", c->name != NULL ? c->name : "")));
	json_object_object_add(o, "Names", names);
	json_object_object_add(o, "Image", gw_json_str(c->image));
	json_object_object_add(o, "ImageID", json_object_new_string(""));
	json_object_object_add(o, "Command", json_object_new_string(command));
	json_object_object_add(o, "Created", json_object_new_int64(c->created_ns / 1000000000LL));
	json_object_object_add(o, "Ports", json_object_new_array());
	json_object_object_add(o, "Labels", gw_json_map_or_empty(&c->labels));
	json_object_object_add(o, "State", json_object_new_string(
		c->state.status != NULL && c->state.status[0] != '\0' ? c->state.status : "created"));
	json_object_object_add(o, "Status", json_object_new_string(status_text(arena, &c->state, view->now_ns)));
	hc = json_object_new_object();
	json_object_object_add(hc, "NetworkMode", gw_json_str(c->network_mode));
	json_object_object_add(o, "HostConfig", hc);
	ns = json_object_new_object();
	json_object_object_add(ns, "Networks", encode_networks(c, &ev));
	json_object_object_add(o, "NetworkSettings", ns);
	json_object_object_add(o, "Mounts", encode_mounts(c));
	*out = o;
	return 0;
}

int gw_wait_condition_decode(struct gw_arena *arena, const char *value, unsigned api_minor,
                             const char **out, struct gw_codec_error *err)
{
	*out = "not-running";
	if (api_minor < 30 || value == NULL || value[0] == '\0')
		return 0;
	if (strcmp(value, "not-running") == 0 || strcmp(value, "next-exit") == 0 ||
	    strcmp(value, "removed") == 0) {
		*out = value;
		return 0;
	}
	return gw_codec_fail(arena, err, 400, "invalid condition: %s", gw_go_quote(arena, value));
}

int gw_query_int(struct gw_arena *arena, const char *value, int dflt, int *out,
                 struct gw_codec_error *err)
{
	const char *p = value;
	long long v = 0;
	int neg = 0;

	*out = dflt;
	if (value == NULL || value[0] == '\0')
		return 0;
	if (*p == '+' || *p == '-') {
		neg = *p == '-';
		p++;
	}
	if (*p == '\0')
		return gw_codec_fail(arena, err, 400, "strconv.Atoi: parsing %s: invalid syntax",
		                     gw_go_quote(arena, value));
	for (; *p != '\0'; p++) {
		if (*p < '0' || *p > '9')
			return gw_codec_fail(arena, err, 400, "strconv.Atoi: parsing %s: invalid syntax",
			                     gw_go_quote(arena, value));
		v = v * 10 + (*p - '0');
		if (v > (long long)INT_MAX + 1)
			return gw_codec_fail(arena, err, 400, "strconv.Atoi: parsing %s: value out of range",
			                     gw_go_quote(arena, value));
	}
	if (neg)
		v = -v;
	if (v > INT_MAX || v < INT_MIN)
		return gw_codec_fail(arena, err, 400, "strconv.Atoi: parsing %s: value out of range",
		                     gw_go_quote(arena, value));
	*out = (int)v;
	return 0;
}
