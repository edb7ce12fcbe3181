/* Address and prefix parsing with Go's net/netip rules, MAC parsing. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "plugins/aca/ipaddr.h"

static void test_ipv4_addresses(void **state)
{
	static const char *const good[] = { "0.0.0.0", "10.1.2.3", "255.255.255.255",
	                                    "172.18.0.1" };
	static const char *const bad[] = { "", "1.2.3", "1.2.3.4.5", "01.2.3.4", "1.2.3.256",
	                                   "1..2.3", "1.2.3.4 ", "a.b.c.d", "1.2.3.-4",
	                                   "1.2.3.4/24" };
	struct aca_prefix p;

	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		char buf[ACA_IPADDR_TEXT];

		assert_int_equal(aca_addr_parse(good[i], &p), 0);
		assert_int_equal(p.family, 4);
		assert_int_equal(p.bits, 32);
		aca_addr_format(&p, buf, sizeof(buf));
		assert_string_equal(buf, good[i]);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(aca_addr_parse(bad[i], &p), -1);
	assert_int_equal(aca_addr_parse("10.0.0.1", &p), 0);
	assert_int_equal(aca_ip4_value(&p), 0x0a000001u);
}

static void test_ipv6_addresses(void **state)
{
	struct aca_prefix p;
	char buf[ACA_IPADDR_TEXT];

	(void)state;
	assert_int_equal(aca_addr_parse("fd00:0:0::1", &p), 0);
	assert_int_equal(p.family, 6);
	aca_addr_format(&p, buf, sizeof(buf));
	assert_string_equal(buf, "fd00::1");
	assert_int_equal(aca_addr_parse("fe80::1%eth0", &p), -1);
	assert_int_equal(aca_addr_parse("fd00::g", &p), -1);
}

static void test_prefixes(void **state)
{
	struct aca_prefix p;
	struct aca_prefix m;
	char buf[ACA_IPADDR_TEXT];
	uint32_t first;
	uint32_t last;

	(void)state;
	assert_int_equal(aca_prefix_parse("10.1.2.3/24", &p), 0);
	m = aca_prefix_masked(&p);
	assert_false(aca_prefix_equal(&p, &m));
	aca_prefix_format(&m, buf, sizeof(buf));
	assert_string_equal(buf, "10.1.2.0/24");
	aca_ip4_bounds(&p, &first, &last);
	assert_int_equal(first, 0x0a010200u);
	assert_int_equal(last, 0x0a0102ffu);
	/* Go rejects these prefix lengths. */
	assert_int_equal(aca_prefix_parse("10.0.0.0/33", &p), -1);
	assert_int_equal(aca_prefix_parse("10.0.0.0/08", &p), -1);
	assert_int_equal(aca_prefix_parse("10.0.0.0/", &p), -1);
	assert_int_equal(aca_prefix_parse("10.0.0.0/+8", &p), -1);
	assert_int_equal(aca_prefix_parse("10.0.0.0", &p), -1);
	assert_int_equal(aca_prefix_parse("foo", &p), -1);
	assert_int_equal(aca_prefix_parse("10.0.0.0/0", &p), 0);
	assert_int_equal(p.bits, 0);
	assert_int_equal(aca_prefix_parse("fd00::1/64", &p), 0);
	m = aca_prefix_masked(&p);
	aca_prefix_format(&m, buf, sizeof(buf));
	assert_string_equal(buf, "fd00::/64");
	assert_int_equal(aca_prefix_parse("fd00::/129", &p), -1);
}

static void test_containment_and_overlap(void **state)
{
	struct aca_prefix a;
	struct aca_prefix b;
	struct aca_prefix ip;

	(void)state;
	assert_int_equal(aca_prefix_parse("10.0.0.0/16", &a), 0);
	assert_int_equal(aca_prefix_parse("10.0.128.0/17", &b), 0);
	assert_true(aca_prefix_overlaps(&a, &b));
	assert_true(aca_prefix_overlaps(&b, &a));
	assert_int_equal(aca_prefix_parse("10.1.0.0/16", &b), 0);
	assert_false(aca_prefix_overlaps(&a, &b));
	assert_int_equal(aca_addr_parse("10.0.255.255", &ip), 0);
	assert_true(aca_prefix_contains(&a, &ip));
	assert_int_equal(aca_addr_parse("10.1.0.0", &ip), 0);
	assert_false(aca_prefix_contains(&a, &ip));
	assert_int_equal(aca_addr_parse("::1", &ip), 0);
	assert_false(aca_prefix_contains(&a, &ip));
}

static void test_mac_addresses(void **state)
{
	char buf[32];

	(void)state;
	assert_int_equal(aca_mac_parse("02:42:ac:11:00:02"), 0);
	assert_int_equal(aca_mac_parse("02-42-AC-11-00-02"), 0);
	assert_int_equal(aca_mac_parse("0242.ac11.0002"), 0);
	assert_int_equal(aca_mac_parse("02:42:ac:11:00:02:00:01"), 0);
	assert_int_equal(aca_mac_parse("zz"), -1);
	assert_int_equal(aca_mac_parse("02:42:ac:11:00"), -1);
	assert_int_equal(aca_mac_parse("02:42-ac:11:00:02"), -1);
	assert_int_equal(aca_mac_parse("02:42:ac:11:00:0g"), -1);
	aca_mac_from_ip4(0xac120002u, buf, sizeof(buf));
	assert_string_equal(buf, "02:42:ac:12:00:02");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ipv4_addresses),
		cmocka_unit_test(test_ipv6_addresses),
		cmocka_unit_test(test_prefixes),
		cmocka_unit_test(test_containment_and_overlap),
		cmocka_unit_test(test_mac_addresses),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
