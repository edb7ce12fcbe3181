/* Network hooks: create, inspect, remove, prune, with Docker's fields,
 * resolution rules and messages; concurrent creates of one name. */
#include "config.h"

#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "tests/unit/aca_fixture.h"

static struct fixture fx;

static int setup(void **state)
{
	(void)state;
	fx_setup(&fx);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	fx_teardown(&fx);
	return 0;
}

static void assert_hex64(const char *id)
{
	assert_non_null(id);
	assert_int_equal(strlen(id), 64);
	assert_int_equal(strspn(id, "0123456789abcdef"), 64);
}

static void test_predefined_networks(void **state)
{
	struct sl_network bridge;
	struct sl_network host;
	struct sl_network none;
	char ids[3][65];

	(void)state;
	assert_int_equal(fx_net_inspect(&fx, "bridge", &bridge), SL_OK);
	assert_hex64(bridge.id);
	assert_string_equal(bridge.driver, "bridge");
	assert_string_equal(bridge.scope, "local");
	assert_string_equal(fx_map_get(&bridge.options, "com.docker.network.bridge.default_bridge"),
	                    "true");
	assert_string_equal(fx_map_get(&bridge.options, "com.docker.network.bridge.name"), "docker0");
	assert_string_equal(fx_map_get(&bridge.options, "com.docker.network.driver.mtu"), "1500");
	assert_int_equal(bridge.options.count, 6);
	assert_string_equal(bridge.ipam.driver, "default");
	assert_false(bridge.ipam.options.present);
	assert_int_equal(bridge.ipam.n_config, 1);
	assert_string_equal(bridge.ipam.config[0].subnet, "172.17.0.0/16");
	assert_string_equal(bridge.ipam.config[0].gateway, "172.17.0.1");
	assert_null(bridge.ipam.config[0].ip_range);
	assert_true(bridge.labels.present);
	assert_int_equal(bridge.labels.count, 0);

	assert_int_equal(fx_net_inspect(&fx, "host", &host), SL_OK);
	assert_string_equal(host.driver, "host");
	assert_int_equal(host.ipam.n_config, 0);
	assert_int_equal(host.options.count, 0);
	assert_true(host.options.present);
	assert_int_equal(fx_net_inspect(&fx, "none", &none), SL_OK);
	assert_string_equal(none.driver, "null");
	assert_int_equal(none.ipam.n_config, 0);
	snprintf(ids[0], sizeof(ids[0]), "%s", bridge.id);
	snprintf(ids[1], sizeof(ids[1]), "%s", host.id);
	snprintf(ids[2], sizeof(ids[2]), "%s", none.id);

	/* Fixed per installation: a restart keeps them. */
	fx_restart(&fx);
	assert_int_equal(fx_net_inspect(&fx, "bridge", &bridge), SL_OK);
	assert_int_equal(fx_net_inspect(&fx, "host", &host), SL_OK);
	assert_int_equal(fx_net_inspect(&fx, "none", &none), SL_OK);
	assert_string_equal(bridge.id, ids[0]);
	assert_string_equal(host.id, ids[1]);
	assert_string_equal(none.id, ids[2]);
}

static void test_create_with_defaults(void **state)
{
	const int64_t t = 1700000000123456789LL;
	struct sl_network n;
	const char *id;

	(void)state;
	fake_clock_set(t);
	assert_int_equal(fx_net_named(&fx, "mynet", &id), SL_OK);
	assert_hex64(id);
	assert_int_equal(fx_net_inspect(&fx, "mynet", &n), SL_OK);
	assert_string_equal(n.id, id);
	assert_string_equal(n.name, "mynet");
	assert_true(n.created_ns == t);
	assert_string_equal(n.scope, "local");
	assert_string_equal(n.driver, "bridge");
	assert_false(n.enable_ipv6);
	assert_false(n.internal);
	assert_false(n.attachable);
	assert_false(n.ingress);
	assert_false(n.config_only);
	assert_string_equal(n.config_from, "");
	assert_string_equal(n.ipam.driver, "default");
	/* No IPAM in the request: Options null, the auto pool shown with its gateway. */
	assert_false(n.ipam.options.present);
	assert_int_equal(n.ipam.n_config, 1);
	assert_string_equal(n.ipam.config[0].subnet, "172.18.0.0/16");
	assert_string_equal(n.ipam.config[0].gateway, "172.18.0.1");
	assert_null(n.ipam.config[0].ip_range);
	assert_false(n.ipam.config[0].aux_addresses.present);
	assert_true(n.options.present);
	assert_int_equal(n.options.count, 0);
	assert_true(n.labels.present);
	assert_int_equal(n.labels.count, 0);
	assert_int_equal(n.n_containers, 0);
}

static void test_create_echoes_the_request(void **state)
{
	static const struct sl_kv ipam_opts[] = { { "foo", "bar" } };
	static const struct sl_kv opts[] = { { "com.docker.network.bridge.name", "br-sample2" } };
	static const struct sl_kv labels[] = { { "env", "prod" }, { "a", "1" } };
	struct sl_network_create_req req;
	struct sl_ipam_pool pool;
	struct sl_network n;

	(void)state;
	memset(&req, 0, sizeof(req));
	memset(&pool, 0, sizeof(pool));
	pool.subnet = "10.99.0.0/24";
	pool.gateway = "10.99.0.1";
	pool.ip_range = "10.99.0.128/25";
	req.name = "sample-net2";
	req.driver = "bridge";
	req.enable_ipv6 = SL_TRI_FALSE;
	req.ipam.driver = "default";
	req.ipam.options = (struct sl_map){ 1, 1, ipam_opts };
	req.ipam.n_config = 1;
	req.ipam.config = &pool;
	req.internal = 1;
	req.attachable = 1;
	req.options = (struct sl_map){ 1, 1, opts };
	req.labels = (struct sl_map){ 1, 2, labels };
	assert_int_equal(fx_net_create(&fx, &req, NULL), SL_OK);
	assert_int_equal(fx_net_inspect(&fx, "sample-net2", &n), SL_OK);
	assert_true(n.internal);
	assert_true(n.attachable);
	assert_true(n.ipam.options.present);
	assert_string_equal(fx_map_get(&n.ipam.options, "foo"), "bar");
	assert_int_equal(n.ipam.n_config, 1);
	assert_string_equal(n.ipam.config[0].subnet, "10.99.0.0/24");
	assert_string_equal(n.ipam.config[0].ip_range, "10.99.0.128/25");
	assert_string_equal(n.ipam.config[0].gateway, "10.99.0.1");
	assert_string_equal(fx_map_get(&n.options, "com.docker.network.bridge.name"), "br-sample2");
	/* Labels come back sorted by key, as Go encodes maps. */
	assert_int_equal(n.labels.count, 2);
	assert_string_equal(n.labels.items[0].key, "a");
	assert_string_equal(n.labels.items[1].key, "env");
	assert_string_equal(n.labels.items[1].value, "prod");

	/* The CLI's empty IPAM.Options comes back as {}, not null. */
	memset(&req, 0, sizeof(req));
	req.name = "cli-net";
	req.enable_ipv6 = SL_TRI_UNSET;
	req.ipam.driver = "default";
	req.ipam.options.present = 1;
	assert_int_equal(fx_net_create(&fx, &req, NULL), SL_OK);
	assert_int_equal(fx_net_inspect(&fx, "cli-net", &n), SL_OK);
	assert_true(n.ipam.options.present);
	assert_int_equal(n.ipam.options.count, 0);
}

static void test_user_subnet_hides_the_gateway(void **state)
{
	struct sl_network n;

	(void)state;
	assert_int_equal(fx_net_subnet(&fx, "ct-s1", "10.99.4.0/24", NULL, NULL, NULL), SL_OK);
	assert_int_equal(fx_net_inspect(&fx, "ct-s1", &n), SL_OK);
	assert_string_equal(n.ipam.config[0].subnet, "10.99.4.0/24");
	assert_null(n.ipam.config[0].gateway);
}

static void test_create_errors(void **state)
{
	static const char *const predefined[] = { "bridge", "host", "none", "default" };
	struct sl_network_create_req req;
	char want[128];

	(void)state;
	assert_int_equal(fx_net_named(&fx, "ct-n1", NULL), SL_OK);
	assert_int_equal(fx_net_named(&fx, "ct-n1", NULL), SL_ERR_CONFLICT);
	assert_string_equal(fx_last_message, "network with name ct-n1 already exists");
	for (size_t i = 0; i < sizeof(predefined) / sizeof(predefined[0]); i++) {
		assert_int_equal(fx_net_named(&fx, predefined[i], NULL), SL_ERR_FORBIDDEN);
		snprintf(want, sizeof(want), "operation is not permitted on predefined %s network ",
		         predefined[i]);
		assert_string_equal(fx_last_message, want);
	}
	assert_int_equal(fx_net_named(&fx, "", NULL), SL_ERR_INVALID);
	assert_string_equal(fx_last_message, "invalid name: ");

	memset(&req, 0, sizeof(req));
	req.name = "ct-drv";
	req.enable_ipv6 = SL_TRI_UNSET;
	req.driver = "no-such-driver";
	assert_int_equal(fx_net_create(&fx, &req, NULL), SL_ERR_NOT_FOUND);
	assert_string_equal(fx_last_message, "plugin \"no-such-driver\" not found");
	req.driver = "host";
	assert_int_equal(fx_net_create(&fx, &req, NULL), SL_ERR_FORBIDDEN);
	assert_string_equal(fx_last_message, "only one instance of \"host\" network is allowed");
	req.driver = "null";
	assert_int_equal(fx_net_create(&fx, &req, NULL), SL_ERR_FORBIDDEN);
	assert_string_equal(fx_last_message, "only one instance of \"null\" network is allowed");
	req.driver = "overlay";
	assert_int_equal(fx_net_create(&fx, &req, NULL), SL_ERR_FORBIDDEN);
	assert_non_null(strstr(fx_last_message, "This node is not a swarm manager."));
	req.driver = NULL;
	req.ipam.driver = "weird-ipam";
	assert_int_equal(fx_net_create(&fx, &req, NULL), SL_ERR_NOT_FOUND);
	assert_string_equal(fx_last_message, "plugin \"weird-ipam\" not found");
	/* Nothing was left behind by the failures. */
	assert_int_equal(fx_net_inspect(&fx, "ct-drv", &(struct sl_network){ 0 }), SL_ERR_NOT_FOUND);
}

static void test_enable_ipv6_option(void **state)
{
	static const struct sl_kv bad[] = { { "com.docker.network.enable_ipv6", "maybe" } };
	static const struct sl_kv yes[] = { { "com.docker.network.enable_ipv6", "True" } };
	struct sl_network_create_req req;
	struct sl_network n;

	(void)state;
	memset(&req, 0, sizeof(req));
	req.name = "v6";
	req.enable_ipv6 = SL_TRI_UNSET;
	req.options = (struct sl_map){ 1, 1, bad };
	assert_int_equal(fx_net_create(&fx, &req, NULL), SL_ERR_INVALID);
	assert_string_equal(fx_last_message,
	                    "driver-opt \"com.docker.network.enable_ipv6\" is not a valid bool");
	req.options = (struct sl_map){ 1, 1, yes };
	assert_int_equal(fx_net_create(&fx, &req, NULL), SL_OK);
	assert_int_equal(fx_net_inspect(&fx, "v6", &n), SL_OK);
	assert_true(n.enable_ipv6);
}

/* Two networks whose ids share a prefix, written directly. */
static void add_prefixed_pair(void)
{
	assert_int_equal(fx_sql(&fx, "INSERT INTO networks (id, name, created_ns, driver, scope)"
	                             " VALUES ('abcdef0123450' || printf('%051d', 0), 'pa', 1, 'bridge',"
	                             " 'local'), ('abcdef0123451' || printf('%051d', 0), 'pb', 1,"
	                             " 'bridge', 'local')"),
	                 0);
}

static void test_inspect_resolution(void **state)
{
	struct sl_network n;
	struct sl_call *call;
	const char *id;
	char prefix[13];

	(void)state;
	assert_int_equal(fx_net_named(&fx, "ct-n1", &id), SL_OK);
	assert_int_equal(fx_net_inspect(&fx, id, &n), SL_OK);
	assert_string_equal(n.name, "ct-n1");
	snprintf(prefix, sizeof(prefix), "%.12s", id);
	assert_int_equal(fx_net_inspect(&fx, prefix, &n), SL_OK);
	assert_string_equal(n.id, id);
	assert_int_equal(fx_net_inspect(&fx, "ct-nope", &n), SL_ERR_NOT_FOUND);
	assert_string_equal(fx_last_message, "network ct-nope not found");

	add_prefixed_pair();
	assert_int_equal(fx_net_inspect(&fx, "abcdef012345", &n), SL_ERR_INVALID);
	assert_string_equal(fx_last_message,
	                    "2 matches found based on ID prefix: network abcdef012345 is ambiguous");
	assert_int_equal(fx_net_remove(&fx, "abcdef012345"), SL_ERR_INVALID);
	assert_string_equal(fx_last_message,
	                    "network abcdef012345 is ambiguous (2 matches found based on ID prefix)");
	assert_int_equal(fx_net_inspect(&fx, "abcdef0123451", &n), SL_OK);
	assert_string_equal(n.name, "pb");
	/* A name beats an id prefix. */
	assert_int_equal(fx_net_named(&fx, "abcdef0123450", NULL), SL_OK);
	assert_int_equal(fx_net_inspect(&fx, "abcdef0123450", &n), SL_OK);
	assert_string_equal(n.name, "abcdef0123450");
	/* The scope parameter restricts the candidates. */
	call = fx_call(&fx);
	assert_int_equal(fx.p->networks->inspect(fx.ctx, call, "ct-n1", "swarm", &n), SL_ERR_NOT_FOUND);
	call = fx_call(&fx);
	assert_int_equal(fx.p->networks->inspect(fx.ctx, call, "ct-n1", "local", &n), SL_OK);
}

static void test_remove(void **state)
{
	struct sl_network n;

	(void)state;
	assert_int_equal(fx_net_remove(&fx, "bridge"), SL_ERR_FORBIDDEN);
	assert_string_equal(fx_last_message, "bridge is a pre-defined network and cannot be removed");
	assert_int_equal(fx_net_remove(&fx, "none"), SL_ERR_FORBIDDEN);
	assert_string_equal(fx_last_message, "none is a pre-defined network and cannot be removed");
	assert_int_equal(fx_net_remove(&fx, "ct-nope"), SL_ERR_NOT_FOUND);
	assert_string_equal(fx_last_message, "network ct-nope not found");
	assert_int_equal(fx_net_named(&fx, "gone", NULL), SL_OK);
	assert_int_equal(fx_net_remove(&fx, "gone"), SL_OK);
	assert_int_equal(fx_net_inspect(&fx, "gone", &n), SL_ERR_NOT_FOUND);
	/* Its pool is free again: the next network gets 172.18.0.0/16 too. */
	assert_int_equal(fx_net_named(&fx, "next", NULL), SL_OK);
	assert_int_equal(fx_net_inspect(&fx, "next", &n), SL_OK);
	assert_string_equal(n.ipam.config[0].subnet, "172.18.0.0/16");
}

static void test_remove_with_created_container(void **state)
{
	struct sl_container c;
	const struct sl_container_endpoint *ep;

	(void)state;
	assert_int_equal(fx_net_named(&fx, "sample-net-c", NULL), SL_OK);
	assert_int_equal(fx_ctr_simple(&fx, "c1", "sample-net-c", NULL, 0, NULL), SL_OK);
	/* Docker deletes a network used only by containers that are not running. */
	assert_int_equal(fx_net_remove(&fx, "sample-net-c"), SL_OK);
	assert_int_equal(fx_ctr_inspect(&fx, "c1", &c), SL_OK);
	ep = fx_endpoint(&c, "sample-net-c");
	assert_non_null(ep);
	assert_string_equal(ep->network_id, "");
	/* The endpoint is kept by name; its address went with the network. */
	assert_int_equal(fx_sql_int(&fx, "SELECT count(*) FROM endpoints WHERE network_id IS NULL"), 1);
	assert_int_equal(fx_sql_int(&fx, "SELECT count(*) FROM ip_reservations"
	                                 " WHERE endpoint_id IS NOT NULL"),
	                 0);
}

static void test_running_container_blocks_remove_and_shows(void **state)
{
	struct sl_network n;
	const char *net_id;
	const char *ctr_id;
	char want[256];

	(void)state;
	assert_int_equal(fx_net_named(&fx, "busy", &net_id), SL_OK);
	assert_int_equal(fx_ctr_simple(&fx, "web", "busy", NULL, 0, &ctr_id), SL_OK);
	assert_int_equal(fx_net_inspect(&fx, "busy", &n), SL_OK);
	/* A created container is not listed. */
	assert_int_equal(n.n_containers, 0);
	/* The start code marks containers running; do it by hand. */
	assert_int_equal(fx_sql(&fx, "UPDATE containers SET status = 'running', pid = 1,"
	                             " started_at_ns = 1 WHERE name = 'web'"),
	                 0);
	assert_int_equal(fx_net_inspect(&fx, "busy", &n), SL_OK);
	assert_int_equal(n.n_containers, 1);
	assert_string_equal(n.containers[0].container_id, ctr_id);
	assert_string_equal(n.containers[0].name, "web");
	assert_hex64(n.containers[0].endpoint_id);
	assert_string_equal(n.containers[0].ipv4_address, "172.18.0.2/16");
	assert_string_equal(n.containers[0].mac_address, "02:42:ac:12:00:02");
	assert_string_equal(n.containers[0].ipv6_address, "");
	assert_int_equal(fx_net_remove(&fx, "busy"), SL_ERR_FORBIDDEN);
	snprintf(want, sizeof(want),
	         "error while removing network: network busy id %s has active endpoints", net_id);
	assert_string_equal(fx_last_message, want);
}

static void test_config_only_and_config_from(void **state)
{
	static const struct sl_kv lab[] = { { "tier", "cfg" } };
	static const struct sl_kv opt[] = { { "com.docker.network.driver.mtu", "1400" } };
	struct sl_network_create_req req;
	struct sl_ipam_pool pool;
	struct sl_network n;

	(void)state;
	memset(&req, 0, sizeof(req));
	memset(&pool, 0, sizeof(pool));
	pool.subnet = "10.80.0.0/24";
	req.name = "cfgnet";
	req.enable_ipv6 = SL_TRI_UNSET;
	req.config_only = 1;
	req.ipam.driver = "default";
	req.ipam.n_config = 1;
	req.ipam.config = &pool;
	req.labels = (struct sl_map){ 1, 1, lab };
	req.options = (struct sl_map){ 1, 1, opt };
	req.internal = 1;
	assert_int_equal(fx_net_create(&fx, &req, NULL), SL_ERR_FORBIDDEN);
	assert_string_equal(fx_last_message,
	                    "configuration network can only contain network specific fields. Network "
	                    "operator fields like [ ingress | internal | attachable | scope ] are not "
	                    "supported.");
	req.internal = 0;
	assert_int_equal(fx_net_create(&fx, &req, NULL), SL_OK);
	assert_int_equal(fx_net_inspect(&fx, "cfgnet", &n), SL_OK);
	assert_true(n.config_only);
	assert_string_equal(n.driver, "null");
	assert_string_equal(n.ipam.config[0].subnet, "10.80.0.0/24");

	memset(&req, 0, sizeof(req));
	req.name = "child";
	req.enable_ipv6 = SL_TRI_UNSET;
	req.config_from = "nope";
	assert_int_equal(fx_net_create(&fx, &req, NULL), SL_ERR_NOT_FOUND);
	assert_string_equal(fx_last_message, "configuration network \"nope\" does not exist");
	assert_int_equal(fx_net_named(&fx, "plain", NULL), SL_OK);
	req.config_from = "plain";
	assert_int_equal(fx_net_create(&fx, &req, NULL), SL_ERR_FORBIDDEN);
	assert_string_equal(fx_last_message, "network \"plain\" is not a configuration network");
	req.config_from = "cfgnet";
	req.labels = (struct sl_map){ 1, 1, lab };
	assert_int_equal(fx_net_create(&fx, &req, NULL), SL_ERR_FORBIDDEN);
	assert_string_equal(fx_last_message, "user specified configurations are not supported if the "
	                                     "network depends on a configuration network");
	req.labels = (struct sl_map){ 1, 0, NULL };
	req.options = (struct sl_map){ 1, 1, opt };
	assert_int_equal(fx_net_create(&fx, &req, NULL), SL_ERR_FORBIDDEN);
	assert_string_equal(fx_last_message, "network driver options are not supported if the "
	                                     "network depends on a configuration network");
	req.options = (struct sl_map){ 1, 0, NULL };
	/* The child takes the configuration network's settings and allocates its pool. */
	assert_int_equal(fx_net_create(&fx, &req, NULL), SL_OK);
	assert_int_equal(fx_net_inspect(&fx, "child", &n), SL_OK);
	assert_string_equal(n.driver, "bridge");
	assert_string_equal(n.config_from, "cfgnet");
	assert_string_equal(n.ipam.config[0].subnet, "10.80.0.0/24");
	assert_string_equal(fx_map_get(&n.labels, "tier"), "cfg");
	assert_string_equal(fx_map_get(&n.options, "com.docker.network.driver.mtu"), "1400");
	assert_int_equal(fx_ctr_simple(&fx, "on-child", "child", NULL, 0, NULL), SL_OK);
	assert_int_equal(fx_sql_int(&fx, "SELECT count(*) FROM ip_reservations r JOIN networks n"
	                                 " ON n.id = r.network_id WHERE n.name = 'child'"),
	                 2);
	assert_int_equal(fx_net_remove(&fx, "cfgnet"), SL_ERR_FORBIDDEN);
	assert_string_equal(fx_last_message, "configuration network \"cfgnet\" is in use");
	assert_int_equal(fx_net_remove(&fx, "child"), SL_OK);
	assert_int_equal(fx_net_remove(&fx, "cfgnet"), SL_OK);
}

static int prune(const struct sl_filters *f, struct sl_strv *out)
{
	struct sl_call *call = fx_call(&fx);
	int rc;

	memset(out, 0, sizeof(*out));
	rc = fx.p->networks->prune(fx.ctx, call, f, out);
	fx_last_message = fake_call_message(call);
	return rc;
}

static int strv_has(const struct sl_strv *v, const char *s)
{
	for (size_t i = 0; i < v->count; i++) {
		if (strcmp(v->items[i], s) == 0)
			return 1;
	}
	return 0;
}

static void test_prune(void **state)
{
	static const struct sl_kv lab[] = { { "ct-prune", "1" } };
	static const struct sl_label_cond cond = { "ct-prune", "1" };
	struct sl_network_create_req req;
	struct sl_filters f;
	struct sl_strv out;
	struct sl_network n;

	(void)state;
	fake_clock_set(1000000000000LL);
	memset(&req, 0, sizeof(req));
	req.enable_ipv6 = SL_TRI_UNSET;
	req.labels = (struct sl_map){ 1, 1, lab };
	req.name = "p1";
	assert_int_equal(fx_net_create(&fx, &req, NULL), SL_OK);
	req.name = "p2";
	assert_int_equal(fx_net_create(&fx, &req, NULL), SL_OK);
	assert_int_equal(fx_net_named(&fx, "keep", NULL), SL_OK);
	assert_int_equal(fx_net_named(&fx, "used", NULL), SL_OK);
	assert_int_equal(fx_ctr_simple(&fx, "runner", "used", NULL, 0, NULL), SL_OK);
	assert_int_equal(fx_sql(&fx, "UPDATE containers SET status = 'running' WHERE name = 'runner'"),
	                 0);
	assert_int_equal(fx_net_named(&fx, "stopped-only", NULL), SL_OK);
	assert_int_equal(fx_ctr_simple(&fx, "idle", "stopped-only", NULL, 0, NULL), SL_OK);

	memset(&f, 0, sizeof(f));
	f.dangling = SL_TRI_UNSET;
	f.n_label = 1;
	f.label = &cond;
	assert_int_equal(prune(&f, &out), SL_OK);
	assert_true(out.present);
	assert_int_equal(out.count, 2);
	assert_true(strv_has(&out, "p1") && strv_has(&out, "p2"));
	/* Nothing more to prune: NetworksDeleted is null. */
	assert_int_equal(prune(&f, &out), SL_OK);
	assert_false(out.present);

	/* until: created at or before. */
	f.n_label = 0;
	f.has_until = 1;
	f.until_ns = 999999999999LL;
	assert_int_equal(prune(&f, &out), SL_OK);
	assert_false(out.present);
	f.until_ns = 1000000000000LL;
	assert_int_equal(prune(&f, &out), SL_OK);
	/* Networks of containers that are not running go; predefined and busy stay. */
	assert_int_equal(out.count, 2);
	assert_true(strv_has(&out, "keep") && strv_has(&out, "stopped-only"));
	assert_int_equal(fx_net_inspect(&fx, "used", &n), SL_OK);
	assert_int_equal(fx_net_inspect(&fx, "bridge", &n), SL_OK);
	assert_int_equal(prune(NULL, &out), SL_OK);
	assert_false(out.present);
}

struct racer {
	int rc;
	const char *msg;
};

static void *race_create(void *arg)
{
	struct racer *r = arg;
	struct sl_network_create_req req;
	struct sl_network_created out;
	struct sl_call *call = fake_call_new();

	memset(&req, 0, sizeof(req));
	req.name = "contended";
	req.enable_ipv6 = SL_TRI_UNSET;
	r->rc = fx.p->networks->create(fx.ctx, call, &req, &out);
	r->msg = r->rc == SL_OK ? "" : "conflict";
	if (r->rc == SL_ERR_CONFLICT &&
	    strcmp(fake_call_message(call), "network with name contended already exists") != 0)
		r->msg = "wrong message";
	fake_call_free(call);
	return NULL;
}

static void test_sixteen_threads_one_name(void **state)
{
	pthread_t threads[16];
	struct racer results[16];
	int ok = 0;
	int conflicts = 0;
	struct sl_network_list list;
	struct sl_call *call;
	struct sl_filters f;
	struct sl_pattern p = fake_pattern("^contended$");

	(void)state;
	for (int i = 0; i < 16; i++)
		assert_int_equal(pthread_create(&threads[i], NULL, race_create, &results[i]), 0);
	for (int i = 0; i < 16; i++) {
		pthread_join(threads[i], NULL);
		if (results[i].rc == SL_OK)
			ok++;
		else if (results[i].rc == SL_ERR_CONFLICT)
			conflicts++;
		assert_string_not_equal(results[i].msg, "wrong message");
	}
	assert_int_equal(ok, 1);
	assert_int_equal(conflicts, 15);
	memset(&f, 0, sizeof(f));
	f.dangling = SL_TRI_UNSET;
	f.n_name = 1;
	f.name = &p;
	call = fx_call(&fx);
	assert_int_equal(fx.p->networks->list(fx.ctx, call, &f, &list), SL_OK);
	assert_int_equal(list.count, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_predefined_networks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_create_with_defaults, setup, teardown),
		cmocka_unit_test_setup_teardown(test_create_echoes_the_request, setup, teardown),
		cmocka_unit_test_setup_teardown(test_user_subnet_hides_the_gateway, setup, teardown),
		cmocka_unit_test_setup_teardown(test_create_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_enable_ipv6_option, setup, teardown),
		cmocka_unit_test_setup_teardown(test_inspect_resolution, setup, teardown),
		cmocka_unit_test_setup_teardown(test_remove, setup, teardown),
		cmocka_unit_test_setup_teardown(test_remove_with_created_container, setup, teardown),
		cmocka_unit_test_setup_teardown(test_running_container_blocks_remove_and_shows, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_config_only_and_config_from, setup, teardown),
		cmocka_unit_test_setup_teardown(test_prune, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sixteen_threads_one_name, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
