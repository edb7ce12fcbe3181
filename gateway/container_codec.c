/* Container create decoding.  The checks and their order follow moby
 * v27: runconfig's decoder, the create route's API-version rules, the
 * daemon's container settings checks, the name, then the mounts. */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gateway/container_codec.h"
#include "gateway/container_fields.h"
#include "gateway/endpoint_codec.h"
#include "gateway/mounts.h"
#include "gateway/names.h"

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
	    gw_config_canonical(&d, body, &config) != 0 ||
	    gw_host_config_canonical(&dh, hc, &host_config) != 0)
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
	if (!gw_config_present(body))
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
