/* Network request decoders and the network object encoder. */
#include "config.h"

#include <ctype.h>
#include <string.h>

#include "gateway/endpoint_codec.h"
#include "gateway/gotime.h"
#include "gateway/network_codec.h"

/* "" reads as "not given" for the optional strings of the ABI. */
static const char *nonempty(const char *s)
{
	return s != NULL && s[0] != '\0' ? s : NULL;
}

static int is_blank(const char *s)
{
	for (; *s != '\0'; s++) {
		if (!isspace((unsigned char)*s))
			return 0;
	}
	return 1;
}

static int decode_ipam(struct gw_json_dec *outer, json_object *ipam, struct sl_ipam *out)
{
	/* Go names the innermost struct in type errors: "IPAM.IPAM.Driver". */
	struct gw_json_dec dd = { outer->arena, outer->err, "IPAM" };
	struct gw_json_dec dc = { outer->arena, outer->err, "IPAMConfig" };
	struct gw_json_dec *d = &dd;
	json_object *config;
	const char *driver;
	struct sl_ipam_pool *pools;
	size_t n;

	if (gw_json_get_string(d, ipam, "IPAM", "Driver", &driver) != 0 ||
	    gw_json_get_map(d, ipam, "IPAM", "Options", &out->options) != 0 ||
	    gw_json_get_array(d, ipam, "IPAM", "Config", &config) != 0)
		return -1;
	/* dockerd fills in the default IPAM driver when the request names none. */
	out->driver = nonempty(driver) != NULL ? driver : "default";
	if (config == NULL)
		return 0;
	n = json_object_array_length(config);
	pools = gw_arena_alloc(d->arena, sizeof(*pools) * (n + 1));
	for (size_t i = 0; i < n; i++) {
		json_object *c = json_object_array_get_idx(config, i);
		const char *s;

		if (c != NULL && !json_object_is_type(c, json_type_object))
			return gw_json_type_error(d, c, "IPAM", "Config", "network.IPAMConfig");
		if (gw_json_get_string(&dc, c, "IPAM.Config", "Subnet", &s) != 0)
			return -1;
		pools[i].subnet = nonempty(s);
		if (gw_json_get_string(&dc, c, "IPAM.Config", "IPRange", &s) != 0)
			return -1;
		pools[i].ip_range = nonempty(s);
		if (gw_json_get_string(&dc, c, "IPAM.Config", "Gateway", &s) != 0)
			return -1;
		pools[i].gateway = nonempty(s);
		if (gw_json_get_map(&dc, c, "IPAM.Config", "AuxiliaryAddresses",
		                    &pools[i].aux_addresses) != 0)
			return -1;
	}
	out->n_config = n;
	out->config = pools;
	return 0;
}

int gw_network_create_decode(struct gw_arena *arena, json_object *body,
                             struct sl_network_create_req *out, struct gw_codec_error *err)
{
	struct gw_json_dec d = { arena, err, "NetworkCreateRequest" };
	json_object *ipam, *config_from;
	const char *name, *driver, *scope;
	int check_duplicate;

	memset(out, 0, sizeof(*out));
	out->enable_ipv6 = SL_TRI_UNSET;
	if (gw_json_expect_object(&d, body, "types.NetworkCreateRequest") != 0 ||
	    gw_json_get_string(&d, body, NULL, "Name", &name) != 0 ||
	    gw_json_get_bool(&d, body, NULL, "CheckDuplicate", &check_duplicate) != 0 ||
	    gw_json_get_string(&d, body, NULL, "Driver", &driver) != 0 ||
	    gw_json_get_string(&d, body, NULL, "Scope", &scope) != 0 ||
	    gw_json_get_tristate(&d, body, NULL, "EnableIPv6", &out->enable_ipv6) != 0 ||
	    gw_json_get_object(&d, body, NULL, "IPAM", &ipam) != 0 ||
	    gw_json_get_bool(&d, body, NULL, "Internal", &out->internal) != 0 ||
	    gw_json_get_bool(&d, body, NULL, "Attachable", &out->attachable) != 0 ||
	    gw_json_get_bool(&d, body, NULL, "Ingress", &out->ingress) != 0 ||
	    gw_json_get_bool(&d, body, NULL, "ConfigOnly", &out->config_only) != 0 ||
	    gw_json_get_object(&d, body, NULL, "ConfigFrom", &config_from) != 0 ||
	    gw_json_get_map(&d, body, NULL, "Options", &out->options) != 0 ||
	    gw_json_get_map(&d, body, NULL, "Labels", &out->labels) != 0)
		return -1;
	/* CheckDuplicate is read for its type only: duplicates always fail (API 1.44 rule,
	 * applied to every version by Docker 25 and later). */
	(void)check_duplicate;
	if (ipam != NULL && decode_ipam(&d, ipam, &out->ipam) != 0)
		return -1;
	if (config_from != NULL) {
		struct gw_json_dec dc = { arena, err, "ConfigReference" };
		const char *net;

		if (gw_json_get_string(&dc, config_from, "ConfigFrom", "Network", &net) != 0)
			return -1;
		out->config_from = nonempty(net);
	}
	if (name == NULL)
		name = "";
	if (is_blank(name))
		return gw_codec_fail(arena, err, 400, "invalid name: %s", name);
	out->name = name;
	out->driver = driver != NULL ? driver : "";
	out->scope = scope != NULL ? scope : "";
	return 0;
}

static const char *body_container(struct gw_json_dec *d, json_object *body, int *rc)
{
	const char *c;

	*rc = gw_json_get_string(d, body, NULL, "Container", &c);
	return c != NULL ? c : "";
}

int gw_network_connect_decode(struct gw_arena *arena, json_object *body, const char *network,
                              unsigned api_minor, const char **container,
                              struct sl_endpoint_config *cfg, struct gw_codec_error *err)
{
	struct gw_json_dec d = { arena, err, "NetworkConnect" };
	json_object *ep;
	int rc;

	if (gw_json_expect_object(&d, body, "types.NetworkConnect") != 0)
		return -1;
	*container = body_container(&d, body, &rc);
	if (rc != 0 || gw_json_get_object(&d, body, NULL, "EndpointConfig", &ep) != 0 ||
	    gw_endpoint_decode(&d, ep, "EndpointConfig", cfg) != 0)
		return -1;
	cfg->network = network;
	if (api_minor < 44)
		cfg->mac_address = NULL;
	if ((*container)[0] == '\0')
		return gw_codec_fail(arena, err, 400, "invalid name or ID supplied: \"\"");
	return 0;
}

int gw_network_disconnect_decode(struct gw_arena *arena, json_object *body,
                                 const char **container, int *force,
                                 struct gw_codec_error *err)
{
	struct gw_json_dec d = { arena, err, "NetworkDisconnect" };
	int rc;

	if (gw_json_expect_object(&d, body, "types.NetworkDisconnect") != 0)
		return -1;
	*container = body_container(&d, body, &rc);
	if (rc != 0 || gw_json_get_bool(&d, body, NULL, "Force", force) != 0)
		return -1;
	if ((*container)[0] == '\0')
		return gw_codec_fail(arena, err, 400, "invalid name or ID supplied: \"\"");
	return 0;
}

int gw_query_strict_bool(struct gw_arena *arena, const char *name, const char *value, int *out,
                         struct gw_codec_error *err)
{
	static const char *const yes[] = { "1", "t", "T", "TRUE", "true", "True", NULL };
	static const char *const no[] = { "0", "f", "F", "FALSE", "false", "False", NULL };

	*out = 0;
	if (value == NULL || value[0] == '\0')
		return 0;
	for (size_t i = 0; yes[i] != NULL; i++) {
		if (strcmp(value, yes[i]) == 0) {
			*out = 1;
			return 0;
		}
		if (strcmp(value, no[i]) == 0)
			return 0;
	}
	return gw_codec_fail(arena, err, 400,
	                     "invalid value for %s: %s: strconv.ParseBool: parsing %s: invalid syntax",
	                     name, value, gw_go_quote(arena, value));
}

static json_object *encode_ipam(const struct sl_ipam *ipam)
{
	json_object *o = json_object_new_object();
	json_object *config = json_object_new_array();

	json_object_object_add(o, "Driver", gw_json_str(ipam->driver));
	json_object_object_add(o, "Options", gw_json_map(&ipam->options));
	for (size_t i = 0; i < ipam->n_config; i++) {
		const struct sl_ipam_pool *p = &ipam->config[i];
		json_object *c = json_object_new_object();

		/* Every IPAMConfig field is omitempty. */
		if (nonempty(p->subnet) != NULL)
			json_object_object_add(c, "Subnet", json_object_new_string(p->subnet));
		if (nonempty(p->ip_range) != NULL)
			json_object_object_add(c, "IPRange", json_object_new_string(p->ip_range));
		if (nonempty(p->gateway) != NULL)
			json_object_object_add(c, "Gateway", json_object_new_string(p->gateway));
		if (p->aux_addresses.present && p->aux_addresses.count > 0)
			json_object_object_add(c, "AuxiliaryAddresses", gw_json_map(&p->aux_addresses));
		json_object_array_add(config, c);
	}
	json_object_object_add(o, "Config", config);
	return o;
}

json_object *gw_network_encode(struct gw_arena *arena, const struct sl_network *n)
{
	json_object *o = json_object_new_object();
	json_object *from = json_object_new_object();
	json_object *containers = json_object_new_object();

	json_object_object_add(o, "Name", gw_json_str(n->name));
	json_object_object_add(o, "Id", gw_json_str(n->id));
	json_object_object_add(o, "Created", json_object_new_string(
		gw_time_rfc3339nano(arena, n->created_ns)));
	json_object_object_add(o, "Scope", gw_json_str(n->scope));
	json_object_object_add(o, "Driver", gw_json_str(n->driver));
	json_object_object_add(o, "EnableIPv6", json_object_new_boolean(n->enable_ipv6));
	json_object_object_add(o, "IPAM", encode_ipam(&n->ipam));
	json_object_object_add(o, "Internal", json_object_new_boolean(n->internal));
	json_object_object_add(o, "Attachable", json_object_new_boolean(n->attachable));
	json_object_object_add(o, "Ingress", json_object_new_boolean(n->ingress));
	json_object_object_add(from, "Network", gw_json_str(n->config_from));
	json_object_object_add(o, "ConfigFrom", from);
	json_object_object_add(o, "ConfigOnly", json_object_new_boolean(n->config_only));
	for (size_t i = 0; i < n->n_containers; i++) {
		const struct sl_network_attachment *a = &n->containers[i];
		json_object *c = json_object_new_object();

		json_object_object_add(c, "Name", gw_json_str(a->name));
		json_object_object_add(c, "EndpointID", gw_json_str(a->endpoint_id));
		json_object_object_add(c, "MacAddress", gw_json_str(a->mac_address));
		json_object_object_add(c, "IPv4Address", gw_json_str(a->ipv4_address));
		json_object_object_add(c, "IPv6Address", gw_json_str(a->ipv6_address));
		json_object_object_add(containers, a->container_id != NULL ? a->container_id : "", c);
	}
	json_object_object_add(o, "Containers", containers);
	/* Never null, even for a network created without them. */
	json_object_object_add(o, "Options", gw_json_map_or_empty(&n->options));
	json_object_object_add(o, "Labels", gw_json_map_or_empty(&n->labels));
	return o;
}

json_object *gw_network_created_encode(const struct sl_network_created *c)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "Id", gw_json_str(c->id));
	json_object_object_add(o, "Warning", gw_json_str(c->warning));
	return o;
}

json_object *gw_network_pruned_encode(const struct sl_strv *names)
{
	json_object *o = json_object_new_object();

	/* Docker answers null, not [], when nothing was removed. */
	json_object_object_add(o, "NetworksDeleted",
	                       names->present && names->count > 0 ? gw_json_strv(names) : NULL);
	return o;
}
