/* Unit tests for gateway/network_codec.c: network create/connect/
 * disconnect bodies and the network object, compared with dockerd's. */
#include "config.h"

#include <stdlib.h>
#include <time.h>

#include "tests/unit/codec_test.h"
#include "gateway/network_codec.h"

static int decode_create(struct gw_arena *a, const char *text, struct sl_network_create_req *r,
                         struct gw_codec_error *err)
{
	return gw_network_create_decode(a, text != NULL ? codec_json(a, text) : NULL, r, err);
}

static void test_create_full(void **state)
{
	struct gw_arena *a = *state;
	struct gw_codec_error err = { 0, NULL };
	struct sl_network_create_req r;

	/* dockerd sample 17. */
	assert_int_equal(decode_create(a, "{\"Name\":\"sample-net2\",\"Driver\":\"bridge\",\"IPAM\":{\"Driver\":\"default\","
	                 "\"Config\":[{\"Subnet\":\"10.99.0.0/24\",\"Gateway\":\"10.99.0.1\",\"IPRange\":\"10.99.0.128/25\"}],"
	                 "\"Options\":{\"foo\":\"bar\"}},\"Internal\":true,\"Attachable\":true,\"EnableIPv6\":false,"
	                 "\"Options\":{\"com.docker.network.bridge.name\":\"br-sample2\"},\"Labels\":{\"env\":\"prod\"},"
	                 "\"Ingress\":true,\"ConfigOnly\":true,\"ConfigFrom\":{\"Network\":\"cfg\"},\"Scope\":\"local\","
	                 "\"CheckDuplicate\":true}", &r, &err), 0);
	assert_string_equal(r.name, "sample-net2");
	assert_string_equal(r.driver, "bridge");
	assert_string_equal(r.scope, "local");
	assert_int_equal(r.enable_ipv6, SL_TRI_FALSE);
	assert_string_equal(r.ipam.driver, "default");
	assert_int_equal(r.ipam.options.present, 1);
	assert_string_equal(gw_map_get(&r.ipam.options, "foo"), "bar");
	assert_int_equal(r.ipam.n_config, 1);
	assert_string_equal(r.ipam.config[0].subnet, "10.99.0.0/24");
	assert_string_equal(r.ipam.config[0].gateway, "10.99.0.1");
	assert_string_equal(r.ipam.config[0].ip_range, "10.99.0.128/25");
	assert_int_equal(r.ipam.config[0].aux_addresses.present, 0);
	assert_int_equal(r.internal, 1);
	assert_int_equal(r.attachable, 1);
	assert_int_equal(r.ingress, 1);
	assert_int_equal(r.config_only, 1);
	assert_string_equal(r.config_from, "cfg");
	assert_string_equal(gw_map_get(&r.options, "com.docker.network.bridge.name"), "br-sample2");
	assert_string_equal(gw_map_get(&r.labels, "env"), "prod");
}

static void test_create_clients(void **state)
{
	struct gw_arena *a = *state;
	struct gw_codec_error err = { 0, NULL };
	struct sl_network_create_req r;

	/* docker-py (sample 120): nulls read as "not given". */
	assert_int_equal(decode_create(a, "{\"Name\": \"xs-ipam\", \"Driver\": null, \"Options\": null, \"IPAM\": "
	                 "{\"Driver\": \"default\", \"Config\": [{\"Subnet\": \"172.28.0.0/16\", \"IPRange\": \"172.28.5.0/24\", "
	                 "\"Gateway\": \"172.28.5.254\", \"AuxiliaryAddresses\": {\"a\": \"172.28.1.5\"}}], \"Options\": null}, "
	                 "\"CheckDuplicate\": null}", &r, &err), 0);
	assert_string_equal(r.driver, "");
	assert_int_equal(r.options.present, 0);
	assert_int_equal(r.ipam.options.present, 0);
	assert_int_equal(r.enable_ipv6, SL_TRI_UNSET);
	assert_string_equal(gw_map_get(&r.ipam.config[0].aux_addresses, "a"), "172.28.1.5");
	assert_null(r.config_from);

	/* The docker CLI: empty maps stay empty maps. */
	assert_int_equal(decode_create(a, "{\"Driver\":\"bridge\",\"Scope\":\"\",\"IPAM\":{\"Driver\":\"default\","
	                 "\"Options\":{},\"Config\":[{\"Subnet\":\"10.9.0.0/16\",\"Gateway\":\"\"}]},\"Internal\":false,"
	                 "\"Attachable\":false,\"Ingress\":false,\"ConfigOnly\":false,\"ConfigFrom\":null,\"Options\":{},"
	                 "\"Labels\":{},\"Name\":\"n1\",\"EnableIPv6\":true}", &r, &err), 0);
	assert_int_equal(r.ipam.options.present, 1);
	assert_int_equal(r.ipam.options.count, 0);
	assert_int_equal(r.options.present, 1);
	assert_int_equal(r.labels.present, 1);
	assert_null(r.ipam.config[0].gateway);
	assert_null(r.ipam.config[0].ip_range);
	assert_int_equal(r.enable_ipv6, SL_TRI_TRUE);

	/* No IPAM at all: driver NULL; IPAM without a driver: "default". */
	assert_int_equal(decode_create(a, "{\"Name\":\"n\"}", &r, &err), 0);
	assert_null(r.ipam.driver);
	assert_int_equal(r.ipam.n_config, 0);
	assert_int_equal(r.options.present, 0);
	assert_int_equal(decode_create(a, "{\"Name\":\"n\",\"IPAM\":{}}", &r, &err), 0);
	assert_string_equal(r.ipam.driver, "default");
	assert_int_equal(decode_create(a, "{\"Name\":\"n\",\"IPAM\":{\"Config\":[null]}}", &r, &err), 0);
	assert_int_equal(r.ipam.n_config, 1);
	assert_null(r.ipam.config[0].subnet);
	/* Go matches member names case-insensitively. */
	assert_int_equal(decode_create(a, "{\"name\":\"lower\",\"labels\":{\"a\":\"b\"}}", &r, &err), 0);
	assert_string_equal(r.name, "lower");
	assert_string_equal(gw_map_get(&r.labels, "a"), "b");
	assert_int_equal(decode_create(a, "{\"Name\":\"test 01\"}", &r, &err), 0);
	assert_string_equal(r.name, "test 01");
}

static void test_create_errors(void **state)
{
	static const struct {
		const char *in;
		const char *msg;
	} cases[] = {
		{ NULL, "invalid name: " },
		{ "{}", "invalid name: " },
		{ "null", "invalid name: " },
		{ "{\"Name\":\"\"}", "invalid name: " },
		{ "{\"Name\":\"  \"}", "invalid name:   " },
		{ "[]", "invalid JSON: json: cannot unmarshal array into Go value of type types.NetworkCreateRequest" },
		{ "{\"Name\":5}", "invalid JSON: json: cannot unmarshal number into Go struct field NetworkCreateRequest.Name of type string" },
		{ "{\"Name\":\"x\",\"IPAM\":{\"Driver\":5}}", "invalid JSON: json: cannot unmarshal number into Go struct field IPAM.IPAM.Driver of type string" },
		{ "{\"Name\":\"x\",\"IPAM\":{\"Config\":[{\"Subnet\":1}]}}", "invalid JSON: json: cannot unmarshal number into Go struct field IPAMConfig.IPAM.Config.Subnet of type string" },
		{ "{\"Name\":\"x\",\"Labels\":{\"a\":1}}", "invalid JSON: json: cannot unmarshal number into Go struct field NetworkCreateRequest.Labels of type string" },
		{ "{\"Name\":\"x\",\"EnableIPv6\":\"yes\"}", "invalid JSON: json: cannot unmarshal string into Go struct field NetworkCreateRequest.EnableIPv6 of type bool" },
		{ "{\"Name\":\"x\",\"CheckDuplicate\":1}", "invalid JSON: json: cannot unmarshal number into Go struct field NetworkCreateRequest.CheckDuplicate of type bool" },
		{ "{\"Name\":\"x\",\"IPAM\":[]}", "invalid JSON: json: cannot unmarshal array into Go struct field NetworkCreateRequest.IPAM of type object" },
	};
	struct gw_arena *a = *state;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct gw_codec_error err = { 0, NULL };
		struct sl_network_create_req r;

		if (decode_create(a, cases[i].in, &r, &err) == 0)
			fail_msg("%s: accepted", cases[i].in);
		assert_int_equal(err.status, 400);
		if (strcmp(err.message, cases[i].msg) != 0)
			fail_msg("%s: got <%s>, want <%s>", cases[i].in, err.message, cases[i].msg);
	}
}

static void test_encode(void **state)
{
	struct gw_arena *a = *state;
	static const struct sl_kv ipam_opts[] = { { "foo", "bar" } };
	static const struct sl_kv opts[] = { { "com.docker.network.bridge.name", "br-sample2" } };
	static const struct sl_kv labels[] = { { "env", "prod" } };
	static const struct sl_kv aux[] = { { "a", "172.28.1.5" } };
	struct sl_ipam_pool pools[2];
	struct sl_network_attachment att;
	struct sl_network n;

	memset(pools, 0, sizeof(pools));
	memset(&n, 0, sizeof(n));
	pools[0].subnet = "10.99.0.0/24";
	pools[0].ip_range = "10.99.0.128/25";
	pools[0].gateway = "10.99.0.1";
	n.name = "sample-net2";
	n.id = "d3707f525604151474b89605cf2a35d536f47e477fbb839b874b597836e8339b";
	n.created_ns = 1795953731915890968LL;
	n.scope = "local";
	n.driver = "bridge";
	n.ipam.driver = "default";
	n.ipam.options = (struct sl_map){ 1, 1, ipam_opts };
	n.ipam.n_config = 1;
	n.ipam.config = pools;
	n.internal = 1;
	n.attachable = 1;
	n.config_from = "";
	n.options = (struct sl_map){ 1, 1, opts };
	n.labels = (struct sl_map){ 1, 1, labels };
	/* dockerd sample 18, byte for byte (after its trailing newline). */
	assert_string_equal(codec_text(a, gw_network_encode(a, &n)),
		"{\"Name\":\"sample-net2\",\"Id\":\"d3707f525604151474b89605cf2a35d536f47e477fbb839b874b597836e8339b\","
		"\"Created\":\"2026-11-29T12:02:11.915890968Z\",\"Scope\":\"local\",\"Driver\":\"bridge\",\"EnableIPv6\":false,"
		"\"IPAM\":{\"Driver\":\"default\",\"Options\":{\"foo\":\"bar\"},\"Config\":[{\"Subnet\":\"10.99.0.0/24\","
		"\"IPRange\":\"10.99.0.128/25\",\"Gateway\":\"10.99.0.1\"}]},\"Internal\":true,\"Attachable\":true,"
		"\"Ingress\":false,\"ConfigFrom\":{\"Network\":\"\"},\"ConfigOnly\":false,\"Containers\":{},"
		"\"Options\":{\"com.docker.network.bridge.name\":\"br-sample2\"},\"Labels\":{\"env\":\"prod\"}}");

	/* Absent maps: IPAM.Options null, Options and Labels {}; empty pool fields omitted. */
	memset(&n.ipam.options, 0, sizeof(n.ipam.options));
	memset(&n.options, 0, sizeof(n.options));
	memset(&n.labels, 0, sizeof(n.labels));
	n.config_from = NULL;
	pools[0].ip_range = NULL;
	pools[0].gateway = "";
	pools[1].subnet = "172.28.0.0/16";
	pools[1].aux_addresses = (struct sl_map){ 1, 1, aux };
	n.ipam.n_config = 2;
	memset(&att, 0, sizeof(att));
	att.container_id = "6e372d37b6271da3fa5db3f21325b8995e7bf9b11895f0e91a4e16e6649f4140";
	att.name = "sample-ctr";
	att.endpoint_id = "e40b";
	att.mac_address = "02:42:ac:19:00:02";
	att.ipv4_address = "172.25.0.2/16";
	n.n_containers = 1;
	n.containers = &att;
	{
		json_object *o = gw_network_encode(a, &n);

		assert_string_equal(codec_member(a, o, "IPAM.Options"), "null");
		assert_string_equal(codec_member(a, o, "IPAM.Config"),
		                    "[{\"Subnet\":\"10.99.0.0/24\"},{\"Subnet\":\"172.28.0.0/16\",\"AuxiliaryAddresses\":{\"a\":\"172.28.1.5\"}}]");
		assert_string_equal(codec_member(a, o, "Options"), "{}");
		assert_string_equal(codec_member(a, o, "Labels"), "{}");
		assert_string_equal(codec_member(a, o, "ConfigFrom"), "{\"Network\":\"\"}");
		assert_string_equal(codec_member(a, o, "Containers"),
		                    "{\"6e372d37b6271da3fa5db3f21325b8995e7bf9b11895f0e91a4e16e6649f4140\":{\"Name\":\"sample-ctr\","
		                    "\"EndpointID\":\"e40b\",\"MacAddress\":\"02:42:ac:19:00:02\",\"IPv4Address\":\"172.25.0.2/16\",\"IPv6Address\":\"\"}}");
		json_object_put(o);
	}
	/* host and none: an empty Config list, never null. */
	n.ipam.n_config = 0;
	{
		json_object *o = gw_network_encode(a, &n);

		assert_string_equal(codec_member(a, o, "IPAM.Config"), "[]");
		json_object_put(o);
	}
}

static void test_small_encoders(void **state)
{
	struct gw_arena *a = *state;
	static const char *const names[] = { "a", "b" };
	struct sl_network_created c = { "abc", NULL };
	struct sl_strv none = { 0, 0, NULL }, empty = { 1, 0, NULL }, two = { 1, 2, names };

	assert_string_equal(codec_text(a, gw_network_created_encode(&c)), "{\"Id\":\"abc\",\"Warning\":\"\"}");
	assert_string_equal(codec_text(a, gw_network_pruned_encode(&none)), "{\"NetworksDeleted\":null}");
	assert_string_equal(codec_text(a, gw_network_pruned_encode(&empty)), "{\"NetworksDeleted\":null}");
	assert_string_equal(codec_text(a, gw_network_pruned_encode(&two)), "{\"NetworksDeleted\":[\"a\",\"b\"]}");
}

static void test_connect(void **state)
{
	struct gw_arena *a = *state;
	struct gw_codec_error err = { 0, NULL };
	struct sl_endpoint_config cfg;
	const char *container;
	int force;

	/* What the docker CLI sends. */
	assert_int_equal(gw_network_connect_decode(a, codec_json(a,
		"{\"Container\":\"c1\",\"EndpointConfig\":{\"IPAMConfig\":{\"IPv4Address\":\"10.99.4.50\"},"
		"\"Links\":[],\"Aliases\":[\"x\"],\"MacAddress\":\"02:42:ac:11:00:09\",\"DriverOpts\":{},"
		"\"NetworkID\":\"\",\"EndpointID\":\"\",\"Gateway\":\"\",\"IPAddress\":\"\",\"IPPrefixLen\":0,"
		"\"IPv6Gateway\":\"\",\"GlobalIPv6Address\":\"\",\"GlobalIPv6PrefixLen\":0,\"DNSNames\":null}}"),
		"ct-s1", 47, &container, &cfg, &err), 0);
	assert_string_equal(container, "c1");
	assert_string_equal(cfg.network, "ct-s1");
	assert_int_equal(cfg.has_ipam_config, 1);
	assert_string_equal(cfg.ipv4_address, "10.99.4.50");
	assert_int_equal(cfg.links.present, 1);
	assert_int_equal(cfg.links.count, 0);
	assert_string_equal(cfg.aliases.items[0], "x");
	assert_string_equal(cfg.mac_address, "02:42:ac:11:00:09");
	assert_int_equal(cfg.driver_opts.present, 1);
	/* Before API 1.44 an endpoint's MacAddress was ignored. */
	assert_int_equal(gw_network_connect_decode(a, codec_json(a,
		"{\"Container\":\"c1\",\"EndpointConfig\":{\"MacAddress\":\"02:42:ac:11:00:09\"}}"),
		"n", 43, &container, &cfg, &err), 0);
	assert_null(cfg.mac_address);
	/* No EndpointConfig: everything null. */
	assert_int_equal(gw_network_connect_decode(a, codec_json(a, "{\"Container\":\"c2\"}"), "n", 47,
	                                           &container, &cfg, &err), 0);
	assert_int_equal(cfg.has_ipam_config, 0);
	assert_int_equal(cfg.aliases.present, 0);
	assert_int_equal(cfg.links.present, 0);
	assert_int_equal(cfg.driver_opts.present, 0);
	assert_string_equal(cfg.network, "n");

	assert_int_equal(gw_network_connect_decode(a, NULL, "n", 47, &container, &cfg, &err), -1);
	assert_int_equal(err.status, 400);
	assert_string_equal(err.message, "invalid name or ID supplied: \"\"");
	assert_int_equal(gw_network_connect_decode(a, codec_json(a, "{\"Container\":\"c\",\"EndpointConfig\":{\"Aliases\":\"x\"}}"),
	                                           "n", 47, &container, &cfg, &err), -1);
	assert_string_equal(err.message,
	                    "invalid JSON: json: cannot unmarshal string into Go struct field EndpointSettings.EndpointConfig.Aliases of type []string");

	assert_int_equal(gw_network_disconnect_decode(a, codec_json(a, "{\"Container\":\"c1\",\"Force\":true}"),
	                                              &container, &force, &err), 0);
	assert_string_equal(container, "c1");
	assert_int_equal(force, 1);
	assert_int_equal(gw_network_disconnect_decode(a, codec_json(a, "{\"Container\":\"c1\"}"),
	                                              &container, &force, &err), 0);
	assert_int_equal(force, 0);
	assert_int_equal(gw_network_disconnect_decode(a, codec_json(a, "{}"), &container, &force, &err), -1);
	assert_string_equal(err.message, "invalid name or ID supplied: \"\"");
	assert_int_equal(gw_network_disconnect_decode(a, codec_json(a, "{\"Container\":\"c\",\"Force\":\"yes\"}"),
	                                              &container, &force, &err), -1);
	assert_int_equal(err.status, 400);
}

static void test_strict_bool(void **state)
{
	struct gw_arena *a = *state;
	struct gw_codec_error err = { 0, NULL };
	int v = -1;

	assert_int_equal(gw_query_strict_bool(a, "verbose", NULL, &v, &err), 0);
	assert_int_equal(v, 0);
	assert_int_equal(gw_query_strict_bool(a, "verbose", "True", &v, &err), 0);
	assert_int_equal(v, 1);
	assert_int_equal(gw_query_strict_bool(a, "verbose", "0", &v, &err), 0);
	assert_int_equal(v, 0);
	assert_int_equal(gw_query_strict_bool(a, "verbose", "maybe", &v, &err), -1);
	assert_int_equal(err.status, 400);
	assert_string_equal(err.message,
	                    "invalid value for verbose: maybe: strconv.ParseBool: parsing \"maybe\": invalid syntax");
	assert_int_equal(gw_query_strict_bool(a, "verbose", "yes", &v, &err), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_create_full, codec_setup, codec_teardown),
		cmocka_unit_test_setup_teardown(test_create_clients, codec_setup, codec_teardown),
		cmocka_unit_test_setup_teardown(test_create_errors, codec_setup, codec_teardown),
		cmocka_unit_test_setup_teardown(test_encode, codec_setup, codec_teardown),
		cmocka_unit_test_setup_teardown(test_small_encoders, codec_setup, codec_teardown),
		cmocka_unit_test_setup_teardown(test_connect, codec_setup, codec_teardown),
		cmocka_unit_test_setup_teardown(test_strict_bool, codec_setup, codec_teardown),
	};

	setenv("TZ", "UTC", 1);
	tzset();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
