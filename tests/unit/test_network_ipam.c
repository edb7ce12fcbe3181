/* Virtual addresses: Docker's default pool order, user subnets, overlap,
 * IPAM validation messages, the endpoint allocator (ip-range, gateway and
 * auxiliary addresses, static addresses, exhaustion, reuse, restart). */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "plugins/aca/ipaddr.h"
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

static const char *subnet_of(const char *net)
{
	struct sl_network n;

	assert_int_equal(fx_net_inspect(&fx, net, &n), SL_OK);
	assert_true(n.ipam.n_config >= 1);
	return n.ipam.config[0].subnet;
}

/* The address reserved for container ctr on network key, as text ("" if none). */
static const char *addr_of(const char *ctr, const char *key)
{
	static char buf[ACA_IPADDR_TEXT];
	char sql[512];
	long long v;

	snprintf(sql, sizeof(sql),
	         "SELECT coalesce((SELECT r.addr FROM ip_reservations r"
	         " JOIN endpoints e ON e.id = r.endpoint_id JOIN containers c ON c.id = e.container_id"
	         " WHERE c.name = '%s' AND e.network_key = '%s'), -1)",
	         ctr, key);
	v = fx_sql_int(&fx, sql);
	if (v < 0)
		return "";
	aca_ip4_format((uint32_t)v, buf, sizeof(buf));
	return buf;
}

/* A container on network net, with a static address when ip != NULL. */
static int ctr_on(const char *name, const char *net, const char *ip)
{
	struct sl_endpoint_config ep = fx_epcfg(net, ip, NULL);

	return fx_ctr_simple(&fx, name, net, ip != NULL ? &ep : NULL, ip != NULL ? 1 : 0, NULL);
}

static int ctr_remove(const char *name)
{
	struct sl_call *call = fx_call(&fx);

	return fx.p->containers->remove(fx.ctx, call, name, 0, 0);
}

static void test_default_pool_order(void **state)
{
	char name[16];
	char want[32];
	struct sl_network n;

	(void)state;
	for (int i = 0; i < 30; i++) {
		snprintf(name, sizeof(name), "n%d", i);
		assert_int_equal(fx_net_named(&fx, name, NULL), SL_OK);
	}
	for (int i = 0; i < 14; i++) {
		snprintf(name, sizeof(name), "n%d", i);
		snprintf(want, sizeof(want), "172.%d.0.0/16", 18 + i);
		assert_string_equal(subnet_of(name), want);
	}
	for (int i = 14; i < 30; i++) {
		snprintf(name, sizeof(name), "n%d", i);
		snprintf(want, sizeof(want), "192.168.%d.0/20", (i - 14) * 16);
		assert_string_equal(subnet_of(name), want);
	}
	assert_int_equal(fx_net_inspect(&fx, "n14", &n), SL_OK);
	assert_string_equal(n.ipam.config[0].gateway, "192.168.0.1");
	assert_int_equal(fx_net_named(&fx, "one-too-many", NULL), SL_ERR_INVALID);
	assert_string_equal(fx_last_message, "all predefined address pools have been fully subnetted");
	/* The lowest free pool is taken again once released. */
	assert_int_equal(fx_net_remove(&fx, "n3"), SL_OK);
	assert_int_equal(fx_net_named(&fx, "again", NULL), SL_OK);
	assert_string_equal(subnet_of("again"), "172.21.0.0/16");
}

static void test_user_subnets_and_overlap(void **state)
{
	(void)state;
	assert_int_equal(fx_net_subnet(&fx, "u1", "172.18.5.0/24", NULL, NULL, NULL), SL_OK);
	/* An auto pool never overlaps a user subnet. */
	assert_int_equal(fx_net_named(&fx, "auto", NULL), SL_OK);
	assert_string_equal(subnet_of("auto"), "172.19.0.0/16");
	assert_int_equal(fx_net_subnet(&fx, "ct-s1", "10.99.4.0/24", NULL, NULL, NULL), SL_OK);
	assert_int_equal(fx_net_subnet(&fx, "ct-s2", "10.99.4.0/24", NULL, NULL, NULL),
	                 SL_ERR_FORBIDDEN);
	assert_string_equal(fx_last_message, "Pool overlaps with other one on this address space");
	assert_int_equal(fx_net_subnet(&fx, "wide", "10.99.0.0/16", NULL, NULL, NULL),
	                 SL_ERR_FORBIDDEN);
	assert_int_equal(fx_net_subnet(&fx, "in-bridge", "172.17.1.0/24", NULL, NULL, NULL),
	                 SL_ERR_FORBIDDEN);
	assert_int_equal(fx_net_subnet(&fx, "next-door", "10.99.5.0/24", NULL, NULL, NULL), SL_OK);
	/* A removed network's subnet can be used again. */
	assert_int_equal(fx_net_remove(&fx, "ct-s1"), SL_OK);
	assert_int_equal(fx_net_subnet(&fx, "ct-s2", "10.99.4.0/24", NULL, NULL, NULL), SL_OK);
}

static int create_with_pool(const struct sl_ipam_pool *pools, size_t n, enum sl_tristate v6)
{
	struct sl_network_create_req req;

	memset(&req, 0, sizeof(req));
	req.name = "bad";
	req.enable_ipv6 = v6;
	req.ipam.driver = "default";
	req.ipam.n_config = n;
	req.ipam.config = pools;
	return fx_net_create(&fx, &req, NULL);
}

static void expect_invalid(const struct sl_ipam_pool *pool, const char *reason)
{
	char want[512];

	snprintf(want, sizeof(want), "invalid network config:\n%s", reason);
	assert_int_equal(create_with_pool(pool, 1, SL_TRI_UNSET), SL_ERR_INVALID);
	assert_string_equal(fx_last_message, want);
}

static void test_validation_messages(void **state)
{
	static const struct sl_kv aux[] = { { "h", "10.1.0.5" } };
	struct sl_ipam_pool p;
	struct sl_ipam_pool two[2];
	struct sl_network n;

	(void)state;
	memset(&p, 0, sizeof(p));
	p.subnet = "foo";
	expect_invalid(&p, "invalid subnet foo: invalid CIDR block notation");
	p.subnet = "10.1.2.3/24";
	expect_invalid(&p, "invalid subnet 10.1.2.3/24: it should be 10.1.2.0/24");
	p.subnet = "192.168.0.0/24";
	p.gateway = "10.0.0.1";
	expect_invalid(&p, "invalid gateway 10.0.0.1: parent subnet 192.168.0.0/24 doesn't contain "
	                   "this address");
	p.gateway = "fd00::1";
	expect_invalid(&p, "invalid gateway fd00::1: parent subnet is an IPv4 block");
	memset(&p, 0, sizeof(p));
	p.subnet = "10.5.0.0/24";
	p.ip_range = "10.6.0.0/25";
	expect_invalid(&p, "invalid ip-range 10.6.0.0/25: parent subnet 10.5.0.0/24 doesn't contain "
	                   "ip-range");
	p.ip_range = "10.5.0.0/16";
	expect_invalid(&p, "invalid ip-range 10.5.0.0/16: CIDR block is bigger than its parent "
	                   "subnet 10.5.0.0/24");
	p.ip_range = "10.5.0.1/25";
	expect_invalid(&p, "invalid ip-range 10.5.0.1/25: it should be 10.5.0.0/25");
	memset(&p, 0, sizeof(p));
	p.subnet = "10.0.0.0/24";
	p.aux_addresses = (struct sl_map){ 1, 1, aux };
	expect_invalid(&p, "invalid auxiliary address h: parent subnet 10.0.0.0/24 doesn't contain "
	                   "this address");
	/* Several problems are listed together. */
	memset(&p, 0, sizeof(p));
	p.subnet = "10.1.2.3/24";
	p.gateway = "x";
	expect_invalid(&p, "* invalid subnet 10.1.2.3/24: it should be 10.1.2.0/24\n"
	                   "* invalid gateway x: invalid address");

	/* IPv6 entries are only checked when IPv6 is enabled, and come after IPv4. */
	memset(two, 0, sizeof(two));
	two[0].subnet = "fd00::1/64";
	assert_int_equal(create_with_pool(two, 1, SL_TRI_TRUE), SL_ERR_INVALID);
	assert_string_equal(fx_last_message,
	                    "invalid network config:\ninvalid subnet fd00::1/64: it should be fd00::/64");
	assert_int_equal(create_with_pool(two, 1, SL_TRI_UNSET), SL_OK);
	assert_int_equal(fx_net_inspect(&fx, "bad", &n), SL_OK);
	assert_int_equal(n.ipam.n_config, 2);
	assert_string_equal(n.ipam.config[0].subnet, "fd00::1/64");
	assert_string_equal(n.ipam.config[1].subnet, "172.18.0.0/16");
	assert_int_equal(fx_net_remove(&fx, "bad"), SL_OK);
	two[0].subnet = "fd00:1::/64";
	two[1].subnet = "10.8.0.0/16";
	assert_int_equal(create_with_pool(two, 2, SL_TRI_TRUE), SL_OK);
	assert_int_equal(fx_net_inspect(&fx, "bad", &n), SL_OK);
	assert_int_equal(n.ipam.n_config, 2);
	assert_string_equal(n.ipam.config[0].subnet, "10.8.0.0/16");
	assert_string_equal(n.ipam.config[1].subnet, "fd00:1::/64");
}

static void test_allocation_order_and_ip_range(void **state)
{
	(void)state;
	assert_int_equal(fx_net_subnet(&fx, "plain", "10.20.0.0/24", NULL, NULL, NULL), SL_OK);
	assert_int_equal(ctr_on("a", "plain", NULL), SL_OK);
	assert_int_equal(ctr_on("b", "plain", NULL), SL_OK);
	assert_string_equal(addr_of("a", "plain"), "10.20.0.2");
	assert_string_equal(addr_of("b", "plain"), "10.20.0.3");
	assert_int_equal(fx_net_subnet(&fx, "ranged", "10.21.0.0/24", "10.21.0.128/25", NULL, NULL),
	                 SL_OK);
	assert_int_equal(ctr_on("c", "ranged", NULL), SL_OK);
	assert_string_equal(addr_of("c", "ranged"), "10.21.0.128");
	/* The default bridge hands out 172.17.0.2 first. */
	assert_int_equal(fx_ctr_simple(&fx, "d", NULL, NULL, 0, NULL), SL_OK);
	assert_string_equal(addr_of("d", "bridge"), "172.17.0.2");
	/* host and none give no address. */
	assert_int_equal(fx_ctr_simple(&fx, "e", "host", NULL, 0, NULL), SL_OK);
	assert_string_equal(addr_of("e", "host"), "");
}

static void test_gateway_and_aux_are_reserved(void **state)
{
	static const struct sl_kv aux[] = { { "a", "10.30.0.2" }, { "b", "10.30.0.3" } };
	struct sl_network_create_req req;
	struct sl_ipam_pool pool;
	struct sl_network n;
	const char *id;
	char want[256];

	(void)state;
	memset(&req, 0, sizeof(req));
	memset(&pool, 0, sizeof(pool));
	pool.subnet = "10.30.0.0/29";
	pool.aux_addresses = (struct sl_map){ 1, 2, aux };
	req.name = "small";
	req.enable_ipv6 = SL_TRI_UNSET;
	req.ipam.driver = "default";
	req.ipam.n_config = 1;
	req.ipam.config = &pool;
	assert_int_equal(fx_net_create(&fx, &req, &id), SL_OK);
	assert_int_equal(fx_net_inspect(&fx, "small", &n), SL_OK);
	assert_true(n.ipam.config[0].aux_addresses.present);
	assert_string_equal(fx_map_get(&n.ipam.config[0].aux_addresses, "b"), "10.30.0.3");
	assert_int_equal(ctr_on("a", "small", NULL), SL_OK);
	assert_int_equal(ctr_on("b", "small", NULL), SL_OK);
	assert_int_equal(ctr_on("c", "small", NULL), SL_OK);
	assert_string_equal(addr_of("a", "small"), "10.30.0.4");
	assert_string_equal(addr_of("b", "small"), "10.30.0.5");
	assert_string_equal(addr_of("c", "small"), "10.30.0.6");
	assert_int_equal(ctr_on("late", "small", NULL), SL_ERR_INTERNAL);
	snprintf(want, sizeof(want),
	         "no available IPv4 addresses on this network's address pools: small (%s)", id);
	assert_string_equal(fx_last_message, want);
	/* The failed create left nothing behind. */
	assert_int_equal(fx_ctr_inspect(&fx, "late", &(struct sl_container){ 0 }), SL_ERR_NOT_FOUND);
}

static void test_slash30_exhaustion_and_reuse(void **state)
{
	(void)state;
	assert_int_equal(fx_net_subnet(&fx, "tiny", "10.40.0.0/30", NULL, NULL, NULL), SL_OK);
	assert_int_equal(ctr_on("c1", "tiny", NULL), SL_OK);
	assert_string_equal(addr_of("c1", "tiny"), "10.40.0.2");
	assert_int_equal(ctr_on("c2", "tiny", NULL), SL_ERR_INTERNAL);
	assert_non_null(strstr(fx_last_message, "no available IPv4 addresses"));
	assert_int_equal(ctr_remove("c1"), SL_OK);
	assert_int_equal(ctr_on("c2", "tiny", NULL), SL_OK);
	assert_string_equal(addr_of("c2", "tiny"), "10.40.0.2");
	/* Disconnect frees too. */
	assert_int_equal(fx_disconnect(&fx, "tiny", "c2", 0), SL_OK);
	assert_int_equal(fx_connect(&fx, "tiny", "c2", NULL), SL_OK);
	assert_string_equal(addr_of("c2", "tiny"), "10.40.0.2");
}

static void test_serial_cursor_and_restart(void **state)
{
	(void)state;
	assert_int_equal(fx_net_subnet(&fx, "ring", "10.41.0.0/29", NULL, NULL, NULL), SL_OK);
	assert_int_equal(ctr_on("c1", "ring", NULL), SL_OK);
	assert_int_equal(ctr_on("c2", "ring", NULL), SL_OK);
	assert_int_equal(ctr_remove("c1"), SL_OK);
	/* A released address is not reused before the cursor wraps... */
	assert_int_equal(ctr_on("c3", "ring", NULL), SL_OK);
	assert_string_equal(addr_of("c3", "ring"), "10.41.0.4");
	/* ...and the cursor survives a restart. */
	fx_restart(&fx);
	assert_int_equal(ctr_on("c4", "ring", NULL), SL_OK);
	assert_string_equal(addr_of("c4", "ring"), "10.41.0.5");
	assert_int_equal(ctr_on("c5", "ring", NULL), SL_OK);
	assert_string_equal(addr_of("c5", "ring"), "10.41.0.6");
	/* Then it wraps to the free .2. */
	assert_int_equal(ctr_on("c6", "ring", NULL), SL_OK);
	assert_string_equal(addr_of("c6", "ring"), "10.41.0.2");
	assert_string_equal(addr_of("c2", "ring"), "10.41.0.3");
}

static void test_static_addresses(void **state)
{
	struct sl_container c;
	const struct sl_container_endpoint *ep;

	(void)state;
	assert_int_equal(fx_net_subnet(&fx, "net", "10.50.0.0/24", NULL, NULL, NULL), SL_OK);
	assert_int_equal(ctr_on("c1", "net", "10.50.0.50"), SL_OK);
	assert_string_equal(addr_of("c1", "net"), "10.50.0.50");
	assert_int_equal(ctr_on("c2", "net", "10.50.0.50"), SL_ERR_FORBIDDEN);
	assert_string_equal(fx_last_message, "Address already in use");
	assert_int_equal(ctr_on("c2", "net", "10.50.0.1"), SL_ERR_FORBIDDEN);
	assert_string_equal(fx_last_message, "Address already in use");
	assert_int_equal(ctr_on("c2", "net", "10.50.0.0"), SL_ERR_FORBIDDEN);
	assert_int_equal(ctr_on("c2", "net", "10.50.0.255"), SL_ERR_FORBIDDEN);
	assert_int_equal(ctr_on("c2", "net", "10.9.9.9"), SL_ERR_INVALID);
	assert_string_equal(fx_last_message,
	                    "invalid config for network net: invalid endpoint settings:\n"
	                    "no configured subnet or ip-range contain the IP address 10.9.9.9");
	assert_int_equal(ctr_on("c2", "net", "10.50.0.x"), SL_ERR_INVALID);
	assert_string_equal(fx_last_message,
	                    "invalid config for network net: invalid endpoint settings:\n"
	                    "* invalid IPv4 address: 10.50.0.x\n"
	                    "* no configured subnet or ip-range contain the IP address 10.50.0.x");
	/* Dynamic allocation steps over static addresses. */
	assert_int_equal(fx_net_subnet(&fx, "mixed", "10.51.0.0/29", NULL, NULL, NULL), SL_OK);
	assert_int_equal(ctr_on("s1", "mixed", "10.51.0.2"), SL_OK);
	assert_int_equal(ctr_on("s2", "mixed", NULL), SL_OK);
	assert_string_equal(addr_of("s2", "mixed"), "10.51.0.3");
	/* An ip-range bounds static addresses too. */
	assert_int_equal(fx_net_subnet(&fx, "ranged", "10.60.0.0/24", "10.60.0.128/25", NULL, NULL),
	                 SL_OK);
	assert_int_equal(ctr_on("r1", "ranged", "10.60.0.10"), SL_ERR_INVALID);
	assert_string_equal(fx_last_message,
	                    "invalid config for network ranged: invalid endpoint settings:\n"
	                    "no configured subnet or ip-range contain the IP address 10.60.0.10");
	assert_int_equal(ctr_on("r1", "ranged", "10.60.0.200"), SL_OK);
	/* No user subnet, or a predefined network: refused as Docker does. */
	assert_int_equal(fx_net_named(&fx, "autonet", NULL), SL_OK);
	assert_int_equal(ctr_on("c3", "autonet", "172.18.0.9"), SL_ERR_INVALID);
	assert_string_equal(fx_last_message,
	                    "invalid config for network autonet: invalid endpoint settings:\n"
	                    "user specified IP address is supported only when connecting to networks "
	                    "with user configured subnets");
	assert_int_equal(ctr_on("c3", "bridge", "172.17.0.9"), SL_ERR_INVALID);
	assert_string_equal(fx_last_message,
	                    "invalid config for network bridge: invalid endpoint settings:\n"
	                    "* user specified IP address is supported on user defined networks only\n"
	                    "* user specified IP address is supported only when connecting to "
	                    "networks with user configured subnets");

	/* A running container shows its address, gateway, prefix and MAC. */
	assert_int_equal(fx_sql(&fx, "UPDATE containers SET status = 'running', started_at_ns = 5"
	                             " WHERE name = 'c1'"),
	                 0);
	assert_int_equal(fx_ctr_inspect(&fx, "c1", &c), SL_OK);
	ep = fx_endpoint(&c, "net");
	assert_non_null(ep);
	assert_string_equal(ep->ip_address, "10.50.0.50");
	assert_int_equal(ep->ip_prefix_len, 24);
	assert_string_equal(ep->gateway, "10.50.0.1");
	assert_string_equal(ep->mac_address, "02:42:0a:32:00:32");
	assert_string_equal(ep->config.ipv4_address, "10.50.0.50");
	assert_int_equal(strlen(ep->network_id), 64);
	assert_int_equal(strlen(ep->endpoint_id), 64);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_default_pool_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_user_subnets_and_overlap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_validation_messages, setup, teardown),
		cmocka_unit_test_setup_teardown(test_allocation_order_and_ip_range, setup, teardown),
		cmocka_unit_test_setup_teardown(test_gateway_and_aux_are_reserved, setup, teardown),
		cmocka_unit_test_setup_teardown(test_slash30_exhaustion_and_reuse, setup, teardown),
		cmocka_unit_test_setup_teardown(test_serial_cursor_and_restart, setup, teardown),
		cmocka_unit_test_setup_teardown(test_static_addresses, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
