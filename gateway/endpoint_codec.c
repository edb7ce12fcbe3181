/* EndpointSettings in and out. */
#include "config.h"

#include <string.h>

#include "gateway/endpoint_codec.h"

int gw_endpoint_decode(struct gw_json_dec *outer, json_object *obj, const char *prefix,
                       struct sl_endpoint_config *out)
{
	/* Go names the innermost struct in type errors. */
	struct gw_json_dec dd = { outer->arena, outer->err, "EndpointSettings" };
	struct gw_json_dec di = { outer->arena, outer->err, "EndpointIPAMConfig" };
	struct gw_json_dec *d = &dd;
	const char *ipam_prefix = gw_arena_sprintf(d->arena, "%s.IPAMConfig", prefix);
	json_object *ipam;
	const char *s;
	int64_t n;
	struct sl_strv dns;

	memset(out, 0, sizeof(*out));
	if (obj == NULL)
		return 0;
	if (gw_json_get_object(d, obj, prefix, "IPAMConfig", &ipam) != 0 ||
	    gw_json_get_strv(d, obj, prefix, "Links", &out->links) != 0 ||
	    gw_json_get_strv(d, obj, prefix, "Aliases", &out->aliases) != 0 ||
	    gw_json_get_string(d, obj, prefix, "MacAddress", &out->mac_address) != 0 ||
	    gw_json_get_map(d, obj, prefix, "DriverOpts", &out->driver_opts) != 0)
		return -1;
	/* Output-only fields: ignored, but Go still checks their types. */
	if (gw_json_get_string(d, obj, prefix, "NetworkID", &s) != 0 ||
	    gw_json_get_string(d, obj, prefix, "EndpointID", &s) != 0 ||
	    gw_json_get_string(d, obj, prefix, "Gateway", &s) != 0 ||
	    gw_json_get_string(d, obj, prefix, "IPAddress", &s) != 0 ||
	    gw_json_get_int64(d, obj, prefix, "IPPrefixLen", &n) != 0 ||
	    gw_json_get_string(d, obj, prefix, "IPv6Gateway", &s) != 0 ||
	    gw_json_get_string(d, obj, prefix, "GlobalIPv6Address", &s) != 0 ||
	    gw_json_get_int64(d, obj, prefix, "GlobalIPv6PrefixLen", &n) != 0 ||
	    gw_json_get_strv(d, obj, prefix, "DNSNames", &dns) != 0)
		return -1;
	if (out->mac_address != NULL && out->mac_address[0] == '\0')
		out->mac_address = NULL;
	if (ipam != NULL) {
		out->has_ipam_config = 1;
		if (gw_json_get_string(&di, ipam, ipam_prefix, "IPv4Address", &out->ipv4_address) != 0 ||
		    gw_json_get_string(&di, ipam, ipam_prefix, "IPv6Address", &out->ipv6_address) != 0 ||
		    gw_json_get_strv(&di, ipam, ipam_prefix, "LinkLocalIPs", &out->link_local_ips) != 0)
			return -1;
		if (out->ipv4_address != NULL && out->ipv4_address[0] == '\0')
			out->ipv4_address = NULL;
		if (out->ipv6_address != NULL && out->ipv6_address[0] == '\0')
			out->ipv6_address = NULL;
	}
	return 0;
}

/* Append s to a unless already there (sliceutil.Dedup keeps first occurrences). */
static void add_unique(json_object *a, const char *s)
{
	for (size_t i = 0; i < json_object_array_length(a); i++) {
		if (strcmp(json_object_get_string(json_object_array_get_idx(a, i)), s) == 0)
			return;
	}
	json_object_array_add(a, json_object_new_string(s));
}

static json_object *aliases(const struct sl_container_endpoint *ep,
                            const struct gw_endpoint_view *view)
{
	json_object *a;

	if (!(view->rewrite_aliases && view->api_minor < 45 && ep->user_defined))
		return gw_json_strv(&ep->config.aliases);
	a = json_object_new_array();
	for (size_t i = 0; ep->config.aliases.present && i < ep->config.aliases.count; i++)
		add_unique(a, ep->config.aliases.items[i]);
	if (view->short_id != NULL)
		add_unique(a, view->short_id);
	if (view->hostname != NULL)
		add_unique(a, view->hostname);
	return a;
}

json_object *gw_endpoint_encode(const struct sl_container_endpoint *ep,
                                const struct gw_endpoint_view *view)
{
	json_object *o = json_object_new_object();
	const struct sl_endpoint_config *c = &ep->config;
	const char *mac = ep->mac_address;

	if (c->has_ipam_config) {
		/* Every EndpointIPAMConfig field is omitempty. */
		json_object *ipam = json_object_new_object();

		if (c->ipv4_address != NULL && c->ipv4_address[0] != '\0')
			json_object_object_add(ipam, "IPv4Address", json_object_new_string(c->ipv4_address));
		if (c->ipv6_address != NULL && c->ipv6_address[0] != '\0')
			json_object_object_add(ipam, "IPv6Address", json_object_new_string(c->ipv6_address));
		if (c->link_local_ips.present && c->link_local_ips.count > 0)
			json_object_object_add(ipam, "LinkLocalIPs", gw_json_strv(&c->link_local_ips));
		json_object_object_add(o, "IPAMConfig", ipam);
	} else {
		json_object_object_add(o, "IPAMConfig", NULL);
	}
	json_object_object_add(o, "Links", gw_json_strv(&c->links));
	json_object_object_add(o, "Aliases", aliases(ep, view));
	/* Until an endpoint is live, Docker shows the MAC address asked for. */
	if (mac == NULL || mac[0] == '\0')
		mac = c->mac_address;
	json_object_object_add(o, "MacAddress", gw_json_str(mac));
	json_object_object_add(o, "DriverOpts", gw_json_map(&c->driver_opts));
	json_object_object_add(o, "NetworkID", gw_json_str(ep->network_id));
	json_object_object_add(o, "EndpointID", gw_json_str(ep->endpoint_id));
	json_object_object_add(o, "Gateway", gw_json_str(ep->gateway));
	json_object_object_add(o, "IPAddress", gw_json_str(ep->ip_address));
	json_object_object_add(o, "IPPrefixLen", json_object_new_int(ep->ip_prefix_len));
	json_object_object_add(o, "IPv6Gateway", gw_json_str(ep->ipv6_gateway));
	json_object_object_add(o, "GlobalIPv6Address", gw_json_str(ep->global_ipv6_address));
	json_object_object_add(o, "GlobalIPv6PrefixLen", json_object_new_int(ep->global_ipv6_prefix_len));
	if (view->api_minor >= 44)
		json_object_object_add(o, "DNSNames", gw_json_strv(&ep->dns_names));
	return o;
}
