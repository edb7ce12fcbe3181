/* Unit tests for gateway/endpoint_codec.c: EndpointSettings in, and
 * NetworkSettings.Networks values out with the API-version rules. */
#include "config.h"

#include "tests/unit/codec_test.h"
#include "gateway/endpoint_codec.h"

static void test_decode(void **state)
{
	struct gw_arena *a = *state;
	struct gw_codec_error err = { 0, NULL };
	struct gw_json_dec d = { a, &err, "CreateRequest" };
	struct sl_endpoint_config c;

	assert_int_equal(gw_endpoint_decode(&d, codec_json(a, "{\"Aliases\":[\"foo\",\"bar\"]}"),
	                                    "NetworkingConfig.EndpointsConfig", &c), 0);
	assert_int_equal(c.has_ipam_config, 0);
	assert_int_equal(c.aliases.count, 2);
	assert_int_equal(c.links.present, 0);
	assert_null(c.mac_address);
	assert_null(c.network);

	assert_int_equal(gw_endpoint_decode(&d, codec_json(a, "{\"IPAMConfig\":{\"IPv4Address\":\"\",\"IPv6Address\":\"fd00::5\","
	                                    "\"LinkLocalIPs\":[\"169.254.1.1\"]},\"Links\":[\"c:al\"],\"MacAddress\":\"\","
	                                    "\"DriverOpts\":{\"k\":\"v\"}}"), "EndpointConfig", &c), 0);
	assert_int_equal(c.has_ipam_config, 1);
	assert_null(c.ipv4_address);
	assert_string_equal(c.ipv6_address, "fd00::5");
	assert_string_equal(c.link_local_ips.items[0], "169.254.1.1");
	assert_string_equal(c.links.items[0], "c:al");
	assert_null(c.mac_address);
	assert_string_equal(gw_map_get(&c.driver_opts, "k"), "v");

	/* {} is an IPAMConfig given (inspect shows {}); null is none. */
	assert_int_equal(gw_endpoint_decode(&d, codec_json(a, "{\"IPAMConfig\":{}}"), "EndpointConfig", &c), 0);
	assert_int_equal(c.has_ipam_config, 1);
	assert_int_equal(gw_endpoint_decode(&d, codec_json(a, "{\"IPAMConfig\":null}"), "EndpointConfig", &c), 0);
	assert_int_equal(c.has_ipam_config, 0);
	assert_int_equal(gw_endpoint_decode(&d, NULL, "EndpointConfig", &c), 0);

	assert_int_equal(gw_endpoint_decode(&d, codec_json(a, "{\"IPAMConfig\":{\"IPv4Address\":1}}"),
	                                    "EndpointConfig", &c), -1);
	assert_string_equal(err.message,
	                    "invalid JSON: json: cannot unmarshal number into Go struct field EndpointIPAMConfig.EndpointConfig.IPAMConfig.IPv4Address of type string");
	assert_int_equal(gw_endpoint_decode(&d, codec_json(a, "{\"IPPrefixLen\":\"x\"}"), "EndpointConfig", &c), -1);
	assert_int_equal(err.status, 400);
}

static void test_encode(void **state)
{
	struct gw_arena *a = *state;
	static const char *const aliases[] = { "frontend", "3f2a1b4c5d6e" };
	static const char *const dns[] = { "web", "frontend", "3f2a1b4c5d6e" };
	struct sl_container_endpoint ep;
	struct gw_endpoint_view v = { 47, "3f2a1b4c5d6e", "3f2a1b4c5d6e", 1 };

	memset(&ep, 0, sizeof(ep));
	ep.network_name = "mynet";
	ep.config.aliases = (struct sl_strv){ 1, 1, aliases };
	ep.network_id = "9c1e";
	ep.endpoint_id = "5ab0";
	ep.gateway = "172.18.0.1";
	ep.ip_address = "172.18.0.2";
	ep.ip_prefix_len = 16;
	ep.mac_address = "02:42:ac:12:00:02";
	ep.dns_names = (struct sl_strv){ 1, 3, dns };
	ep.user_defined = 1;
	/* docker-api.md 4.7's example, API 1.47. */
	assert_string_equal(codec_text(a, gw_endpoint_encode(&ep, &v)),
		"{\"IPAMConfig\":null,\"Links\":null,\"Aliases\":[\"frontend\"],\"MacAddress\":\"02:42:ac:12:00:02\","
		"\"DriverOpts\":null,\"NetworkID\":\"9c1e\",\"EndpointID\":\"5ab0\",\"Gateway\":\"172.18.0.1\","
		"\"IPAddress\":\"172.18.0.2\",\"IPPrefixLen\":16,\"IPv6Gateway\":\"\",\"GlobalIPv6Address\":\"\","
		"\"GlobalIPv6PrefixLen\":0,\"DNSNames\":[\"web\",\"frontend\",\"3f2a1b4c5d6e\"]}");
	/* API 1.44: the short id (and hostname) join the aliases on user-defined networks. */
	v.api_minor = 44;
	assert_string_equal(codec_take_member(a, gw_endpoint_encode(&ep, &v), "Aliases"),
	                    "[\"frontend\",\"3f2a1b4c5d6e\"]");
	v.hostname = "myhost";
	assert_string_equal(codec_take_member(a, gw_endpoint_encode(&ep, &v), "Aliases"),
	                    "[\"frontend\",\"3f2a1b4c5d6e\",\"myhost\"]");
	/* ... before 1.44 DNSNames is not there at all. */
	v.api_minor = 43;
	assert_string_equal(codec_take_member(a, gw_endpoint_encode(&ep, &v), "DNSNames"), "<absent>");
	/* Not on bridge, and not in the list (no rewriting there). */
	ep.user_defined = 0;
	assert_string_equal(codec_take_member(a, gw_endpoint_encode(&ep, &v), "Aliases"), "[\"frontend\"]");
	ep.user_defined = 1;
	v.rewrite_aliases = 0;
	assert_string_equal(codec_take_member(a, gw_endpoint_encode(&ep, &v), "Aliases"), "[\"frontend\"]");
	/* Null aliases become the rewritten list too. */
	v.rewrite_aliases = 1;
	v.hostname = "3f2a1b4c5d6e";
	memset(&ep.config.aliases, 0, sizeof(ep.config.aliases));
	assert_string_equal(codec_take_member(a, gw_endpoint_encode(&ep, &v), "Aliases"), "[\"3f2a1b4c5d6e\"]");

	/* A created container: nothing live; the asked-for MAC shows; IPAMConfig {} echoed. */
	memset(&ep, 0, sizeof(ep));
	ep.config.has_ipam_config = 1;
	ep.config.mac_address = "02:42:ac:11:00:02";
	ep.config.links = (struct sl_strv){ 1, 0, NULL };
	v.api_minor = 47;
	assert_string_equal(codec_text(a, gw_endpoint_encode(&ep, &v)),
		"{\"IPAMConfig\":{},\"Links\":[],\"Aliases\":null,\"MacAddress\":\"02:42:ac:11:00:02\","
		"\"DriverOpts\":null,\"NetworkID\":\"\",\"EndpointID\":\"\",\"Gateway\":\"\",\"IPAddress\":\"\","
		"\"IPPrefixLen\":0,\"IPv6Gateway\":\"\",\"GlobalIPv6Address\":\"\",\"GlobalIPv6PrefixLen\":0,\"DNSNames\":null}");
	ep.config.ipv4_address = "10.0.0.5";
	ep.config.link_local_ips = (struct sl_strv){ 1, 0, NULL };
	assert_string_equal(codec_take_member(a, gw_endpoint_encode(&ep, &v), "IPAMConfig"),
	                    "{\"IPv4Address\":\"10.0.0.5\"}");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_decode, codec_setup, codec_teardown),
		cmocka_unit_test_setup_teardown(test_encode, codec_setup, codec_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
