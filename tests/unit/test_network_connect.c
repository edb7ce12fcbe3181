/* Network connect and disconnect: dockerd's rules for containers that are
 * not running (the stored settings change) and running ones (a live
 * endpoint), and every message. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "tests/unit/aca_fixture.h"

static struct fixture fx;
static const char *net_id;
static const char *web_id;

static int setup(void **state)
{
	(void)state;
	fx_setup(&fx);
	assert_int_equal(fx_net_subnet(&fx, "ct-n1", "10.70.0.0/24", NULL, NULL, &net_id), SL_OK);
	assert_int_equal(fx_ctr_simple(&fx, "web", NULL, NULL, 0, &web_id), SL_OK);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	fx_teardown(&fx);
	return 0;
}

static long long endpoints_of(const char *ctr)
{
	char sql[256];

	snprintf(sql, sizeof(sql),
	         "SELECT count(*) FROM endpoints e JOIN containers c ON c.id = e.container_id"
	         " WHERE c.name = '%s'",
	         ctr);
	return fx_sql_int(&fx, sql);
}

static void test_connect_created_container(void **state)
{
	static const char *const aliases[] = { "api", NULL };
	struct sl_endpoint_config cfg = fx_epcfg(NULL, NULL, aliases);
	struct sl_container c;
	struct sl_network n;
	const struct sl_container_endpoint *ep;
	char short_id[13];

	(void)state;
	assert_int_equal(fx_connect(&fx, "ct-n1", "web", &cfg), SL_OK);
	/* Connecting again is a silent success that changes nothing. */
	assert_int_equal(fx_connect(&fx, net_id, "web", NULL), SL_OK);
	assert_int_equal(endpoints_of("web"), 2);
	assert_int_equal(fx_ctr_inspect(&fx, "web", &c), SL_OK);
	ep = fx_endpoint(&c, "ct-n1");
	assert_non_null(ep);
	assert_true(ep->user_defined);
	assert_string_equal(ep->ip_address, "");
	assert_string_equal(ep->endpoint_id, "");
	assert_string_equal(ep->network_id, "");
	assert_string_equal(ep->mac_address, "");
	assert_true(ep->config.aliases.present);
	assert_int_equal(ep->config.aliases.count, 1);
	assert_string_equal(ep->config.aliases.items[0], "api");
	/* dockerd records DNS names when it records a user-defined network. */
	snprintf(short_id, sizeof(short_id), "%.12s", web_id);
	assert_true(ep->dns_names.present);
	assert_int_equal(ep->dns_names.count, 3);
	assert_string_equal(ep->dns_names.items[0], "web");
	assert_string_equal(ep->dns_names.items[1], "api");
	assert_string_equal(ep->dns_names.items[2], short_id);
	ep = fx_endpoint(&c, "bridge");
	assert_non_null(ep);
	assert_false(ep->user_defined);
	assert_false(ep->dns_names.present);
	/* Only running containers are listed by the network. */
	assert_int_equal(fx_net_inspect(&fx, "ct-n1", &n), SL_OK);
	assert_int_equal(n.n_containers, 0);
	/* The aliases are kept for DNS. */
	assert_int_equal(fx_sql_int(&fx, "SELECT count(*) FROM endpoint_dns_names"
	                                 " WHERE name IN ('web', 'api')"
	                                 " AND network_id = (SELECT id FROM networks"
	                                 " WHERE name = 'ct-n1')"),
	                 2);
}

static void test_connect_unknown_names(void **state)
{
	struct sl_container c;

	(void)state;
	assert_int_equal(fx_connect(&fx, "ct-n1", "nope", NULL), SL_ERR_NOT_FOUND);
	assert_string_equal(fx_last_message, "No such container: nope");
	assert_int_equal(fx_connect(&fx, "ct-n1", "", NULL), SL_ERR_INVALID);
	assert_string_equal(fx_last_message, "invalid name or ID supplied: \"\"");
	assert_int_equal(fx_sql(&fx, "INSERT INTO containers (id, name, image, created_ns,"
	                             " network_mode, config_json, host_config_json) VALUES"
	                             " ('fedcba9876540' || printf('%051d', 0), 'x0', 'i', 1, 'none',"
	                             " '{}', '{}'), ('fedcba9876541' || printf('%051d', 0), 'x1', 'i',"
	                             " 1, 'none', '{}', '{}')"),
	                 0);
	assert_int_equal(fx_connect(&fx, "ct-n1", "fedcba987654", NULL), SL_ERR_INVALID);
	assert_string_equal(fx_last_message, "multiple IDs found with provided prefix: fedcba987654");
	/* A network that does not exist is recorded by name (moby #29754). */
	assert_int_equal(fx_connect(&fx, "nosuchnet", "web", NULL), SL_OK);
	assert_int_equal(fx_connect(&fx, "nosuchnet", "web", NULL), SL_OK);
	assert_int_equal(endpoints_of("web"), 2);
	assert_int_equal(fx_ctr_inspect(&fx, "/web", &c), SL_OK);
	assert_non_null(fx_endpoint(&c, "nosuchnet"));
	assert_true(fx_endpoint(&c, "nosuchnet")->user_defined);
}

static void test_connect_validation(void **state)
{
	static const char *const aliases[] = { "x", NULL };
	struct sl_endpoint_config cfg = fx_epcfg(NULL, NULL, aliases);

	(void)state;
	assert_int_equal(fx_connect(&fx, "bridge", "web", &cfg), SL_ERR_INVALID);
	assert_string_equal(fx_last_message,
	                    "invalid endpoint settings:\nnetwork-scoped alias is supported only for "
	                    "containers in user defined networks");
	cfg = fx_epcfg(NULL, NULL, NULL);
	cfg.mac_address = "zz";
	assert_int_equal(fx_connect(&fx, "ct-n1", "web", &cfg), SL_ERR_INVALID);
	assert_string_equal(fx_last_message, "invalid MAC address zz");
	cfg = fx_epcfg(NULL, "10.70.0.300", NULL);
	cfg.link_local_ips = (struct sl_strv){ 1, 1, (const char *const[]){ "fe80::zz" } };
	assert_int_equal(fx_connect(&fx, "ct-n1", "web", &cfg), SL_ERR_INVALID);
	assert_string_equal(fx_last_message,
	                    "invalid endpoint settings:\n"
	                    "* invalid IPv4 address: 10.70.0.300\n"
	                    "* invalid link-local IP address: fe80::zz\n"
	                    "* no configured subnet or ip-range contain the IP address 10.70.0.300");
	/* Nothing was recorded by the failures. */
	assert_int_equal(endpoints_of("web"), 1);
}

static void test_connect_static_address(void **state)
{
	struct sl_endpoint_config cfg = fx_epcfg(NULL, "10.70.0.9", NULL);

	(void)state;
	assert_int_equal(fx_ctr_simple(&fx, "other", NULL, NULL, 0, NULL), SL_OK);
	assert_int_equal(fx_connect(&fx, "ct-n1", "web", &cfg), SL_OK);
	assert_int_equal(fx_connect(&fx, "ct-n1", "other", &cfg), SL_ERR_FORBIDDEN);
	assert_string_equal(fx_last_message, "Address already in use");
	cfg = fx_epcfg(NULL, "10.70.0.10", NULL);
	assert_int_equal(fx_connect(&fx, "ct-n1", "other", &cfg), SL_OK);
}

static void test_network_mode_conflicts(void **state)
{
	(void)state;
	assert_int_equal(fx_connect(&fx, "host", "web", NULL), SL_ERR_INVALID);
	assert_string_equal(fx_last_message,
	                    "container cannot be disconnected from host network or connected to "
	                    "host network");
	assert_int_equal(fx_ctr_simple(&fx, "hosted", "host", NULL, 0, NULL), SL_OK);
	assert_int_equal(fx_connect(&fx, "ct-n1", "hosted", NULL), SL_ERR_INVALID);
	assert_string_equal(fx_last_message,
	                    "container sharing network namespace with another container or host "
	                    "cannot be connected to any other network");
	/* Connecting a host-mode container to host again changes nothing. */
	assert_int_equal(fx_connect(&fx, "host", "hosted", NULL), SL_OK);
	assert_int_equal(fx_ctr_simple(&fx, "isolated", "none", NULL, 0, NULL), SL_OK);
	assert_int_equal(fx_connect(&fx, "ct-n1", "isolated", NULL), SL_ERR_INVALID);
	assert_string_equal(fx_last_message,
	                    "container cannot be connected to multiple networks with one of the "
	                    "networks in private (none) mode");
	assert_int_equal(fx_connect(&fx, "none", "web", NULL), SL_ERR_INVALID);
	assert_string_equal(fx_last_message,
	                    "container cannot be connected to multiple networks with one of the "
	                    "networks in private (none) mode");
}

static void test_disconnect_created_container(void **state)
{
	char want[256];

	(void)state;
	assert_int_equal(fx_connect(&fx, "ct-n1", "web", NULL), SL_OK);
	/* The stored entry is found through the network's id as well. */
	assert_int_equal(fx_disconnect(&fx, net_id, "web", 0), SL_OK);
	assert_int_equal(endpoints_of("web"), 1);
	assert_int_equal(fx_disconnect(&fx, "ct-n1", "web", 0), SL_ERR_INTERNAL);
	snprintf(want, sizeof(want), "container %s is not connected to the network ct-n1", web_id);
	assert_string_equal(fx_last_message, want);
	assert_int_equal(fx_disconnect(&fx, "nope", "web", 0), SL_ERR_INTERNAL);
	snprintf(want, sizeof(want), "container %s is not connected to the network nope", web_id);
	assert_string_equal(fx_last_message, want);
	assert_int_equal(fx_disconnect(&fx, "bridge", "web", 0), SL_OK);
	assert_int_equal(endpoints_of("web"), 0);
}

static void test_disconnect_missing_container(void **state)
{
	(void)state;
	assert_int_equal(fx_disconnect(&fx, "ct-n1", "ghost", 0), SL_ERR_NOT_FOUND);
	assert_string_equal(fx_last_message, "No such container: ghost");
	assert_int_equal(fx_disconnect(&fx, "nope", "ghost", 1), SL_ERR_NOT_FOUND);
	assert_string_equal(fx_last_message, "network nope not found");
	assert_int_equal(fx_disconnect(&fx, "ct-n1", "ghost", 1), SL_ERR_NOT_FOUND);
	assert_string_equal(fx_last_message, "endpoint ghost not found");
}

static void test_running_container_rules(void **state)
{
	char want[256];

	(void)state;
	assert_int_equal(fx_connect(&fx, "ct-n1", "web", NULL), SL_OK);
	assert_int_equal(fx_sql(&fx, "UPDATE containers SET status = 'running' WHERE name = 'web'"),
	                 0);
	assert_int_equal(fx_connect(&fx, "ct-n1", "web", NULL), SL_ERR_FORBIDDEN);
	assert_string_equal(fx_last_message, "endpoint with name web already exists in network ct-n1");
	assert_int_equal(fx_connect(&fx, "ct-missing", "web", NULL), SL_ERR_NOT_FOUND);
	assert_string_equal(fx_last_message, "network ct-missing not found");
	assert_int_equal(fx_disconnect(&fx, "ct-n1", "web", 0), SL_OK);
	assert_int_equal(fx_disconnect(&fx, "ct-n1", "web", 0), SL_ERR_INTERNAL);
	snprintf(want, sizeof(want), "container %s is not connected to network ct-n1", web_id);
	assert_string_equal(fx_last_message, want);
	assert_int_equal(fx_disconnect(&fx, "ct-missing", "web", 0), SL_ERR_NOT_FOUND);
	assert_string_equal(fx_last_message, "network ct-missing not found");
	/* With force, a missing network falls back to the stored settings. */
	assert_int_equal(fx_disconnect(&fx, "ct-missing", "web", 1), SL_ERR_INTERNAL);
	snprintf(want, sizeof(want), "container %s is not connected to the network ct-missing",
	         web_id);
	assert_string_equal(fx_last_message, want);
	/* Running containers in container: mode cannot join networks. */
	assert_int_equal(fx_ctr_simple(&fx, "side", "container:web", NULL, 0, NULL), SL_OK);
	assert_int_equal(fx_sql(&fx, "UPDATE containers SET status = 'running' WHERE name = 'side'"),
	                 0);
	assert_int_equal(fx_connect(&fx, "ct-n1", "side", NULL), SL_ERR_INVALID);
	assert_string_equal(fx_last_message,
	                    "container sharing network namespace with another container or host "
	                    "cannot be connected to any other network");
}

static void test_container_being_removed(void **state)
{
	char want[256];

	(void)state;
	assert_int_equal(fx_sql(&fx, "UPDATE containers SET status = 'removing' WHERE name = 'web'"),
	                 0);
	snprintf(want, sizeof(want),
	         "Container %s is marked for removal and cannot be connected or disconnected to the "
	         "network",
	         web_id);
	assert_int_equal(fx_connect(&fx, "ct-n1", "web", NULL), SL_ERR_INTERNAL);
	assert_string_equal(fx_last_message, want);
	assert_int_equal(fx_disconnect(&fx, "bridge", "web", 0), SL_ERR_INTERNAL);
	assert_string_equal(fx_last_message, want);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_connect_created_container, setup, teardown),
		cmocka_unit_test_setup_teardown(test_connect_unknown_names, setup, teardown),
		cmocka_unit_test_setup_teardown(test_connect_validation, setup, teardown),
		cmocka_unit_test_setup_teardown(test_connect_static_address, setup, teardown),
		cmocka_unit_test_setup_teardown(test_network_mode_conflicts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_disconnect_created_container, setup, teardown),
		cmocka_unit_test_setup_teardown(test_disconnect_missing_container, setup, teardown),
		cmocka_unit_test_setup_teardown(test_running_container_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_container_being_removed, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
