/* Network list filters: each key, OR within a key, AND across keys (and
 * within label), label!, type, dangling; and a list of 10 000 networks. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "tests/unit/aca_fixture.h"

static struct fixture fx;
static const char *alpha_id;

static void create_labelled(const char *name, const struct sl_kv *labels, size_t n,
                            const char **id)
{
	struct sl_network_create_req req;

	memset(&req, 0, sizeof(req));
	req.name = name;
	req.enable_ipv6 = SL_TRI_UNSET;
	req.labels = (struct sl_map){ 1, n, labels };
	assert_int_equal(fx_net_create(&fx, &req, id), SL_OK);
}

static int setup(void **state)
{
	static const struct sl_kv alpha[] = { { "env", "prod" }, { "team", "a" } };
	static const struct sl_kv beta[] = { { "env", "test" } };
	static const struct sl_kv alpha2[] = { { "env", "" } };

	(void)state;
	fx_setup(&fx);
	create_labelled("alpha", alpha, 2, &alpha_id);
	create_labelled("beta", beta, 1, NULL);
	create_labelled("gamma", NULL, 0, NULL);
	create_labelled("alpha-2", alpha2, 1, NULL);
	/* beta has a container attached, so it is not dangling. */
	assert_int_equal(fx_ctr_simple(&fx, "c1", "beta", NULL, 0, NULL), SL_OK);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	fx_teardown(&fx);
	return 0;
}

static struct sl_filters empty(void)
{
	struct sl_filters f;

	memset(&f, 0, sizeof(f));
	f.dangling = SL_TRI_UNSET;
	return f;
}

/* The names listed, sorted and joined with ",". */
static const char *list(const struct sl_filters *f)
{
	static char buf[4096];
	struct sl_call *call = fx_call(&fx);
	struct sl_network_list out;
	const char *names[64];
	size_t n = 0;

	assert_int_equal(fx.p->networks->list(fx.ctx, call, f, &out), SL_OK);
	assert_true(out.count < 64);
	for (size_t i = 0; i < out.count; i++)
		names[n++] = out.items[i].name;
	for (size_t i = 1; i < n; i++) {
		for (size_t k = i; k > 0 && strcmp(names[k - 1], names[k]) > 0; k--) {
			const char *t = names[k];

			names[k] = names[k - 1];
			names[k - 1] = t;
		}
	}
	buf[0] = '\0';
	for (size_t i = 0, len = 0; i < n && len < sizeof(buf); i++)
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%s", i > 0 ? "," : "",
		                        names[i]);
	return buf;
}

static void test_no_filter(void **state)
{
	struct sl_filters f = empty();

	(void)state;
	assert_string_equal(list(NULL), "alpha,alpha-2,beta,bridge,gamma,host,none");
	assert_string_equal(list(&f), "alpha,alpha-2,beta,bridge,gamma,host,none");
}

static void test_name_is_exact_or_unanchored_regex(void **state)
{
	struct sl_pattern p[2];
	struct sl_filters f = empty();

	(void)state;
	f.name = p;
	f.n_name = 1;
	p[0] = fake_pattern("alp");
	assert_string_equal(list(&f), "alpha,alpha-2");
	p[0] = fake_pattern("^alpha$");
	assert_string_equal(list(&f), "alpha");
	p[0] = fake_pattern("br");
	assert_string_equal(list(&f), "bridge");
	/* Values of one key are ORed. */
	p[0] = fake_pattern("^beta$");
	p[1] = fake_pattern("^gamma$");
	f.n_name = 2;
	assert_string_equal(list(&f), "beta,gamma");
}

static void test_id_is_a_substring_match(void **state)
{
	char part[9];
	struct sl_pattern p;
	struct sl_filters f = empty();

	(void)state;
	snprintf(part, sizeof(part), "%.8s", alpha_id + 3);
	p = fake_pattern(part);
	f.id = &p;
	f.n_id = 1;
	assert_string_equal(list(&f), "alpha");
}

static void test_driver_and_scope_are_exact(void **state)
{
	static const char *const bridg[] = { "bridg" };
	static const char *const hostnull[] = { "host", "null" };
	static const char *const local[] = { "local" };
	static const char *const swarm[] = { "swarm" };
	struct sl_filters f = empty();

	(void)state;
	f.driver = bridg;
	f.n_driver = 1;
	assert_string_equal(list(&f), "");
	f.driver = hostnull;
	f.n_driver = 2;
	assert_string_equal(list(&f), "host,none");
	f = empty();
	f.scope = local;
	f.n_scope = 1;
	assert_string_equal(list(&f), "alpha,alpha-2,beta,bridge,gamma,host,none");
	f.scope = swarm;
	assert_string_equal(list(&f), "");
}

static void test_labels_are_anded(void **state)
{
	struct sl_label_cond c[2];
	struct sl_filters f = empty();

	(void)state;
	f.label = c;
	f.n_label = 1;
	c[0] = (struct sl_label_cond){ "env", NULL };
	assert_string_equal(list(&f), "alpha,alpha-2,beta");
	c[0] = (struct sl_label_cond){ "env", "prod" };
	assert_string_equal(list(&f), "alpha");
	c[0] = (struct sl_label_cond){ "env", "" };
	assert_string_equal(list(&f), "alpha-2");
	f.n_label = 2;
	c[0] = (struct sl_label_cond){ "env", "prod" };
	c[1] = (struct sl_label_cond){ "team", "a" };
	assert_string_equal(list(&f), "alpha");
	c[1] = (struct sl_label_cond){ "team", "b" };
	assert_string_equal(list(&f), "");
}

static void test_label_not_excludes_when_all_hold(void **state)
{
	struct sl_label_cond c[2];
	struct sl_filters f = empty();

	(void)state;
	f.label_not = c;
	f.n_label_not = 1;
	c[0] = (struct sl_label_cond){ "env", "prod" };
	assert_string_equal(list(&f), "alpha-2,beta,bridge,gamma,host,none");
	f.n_label_not = 2;
	c[1] = (struct sl_label_cond){ "team", "b" };
	assert_string_equal(list(&f), "alpha,alpha-2,beta,bridge,gamma,host,none");
	c[1] = (struct sl_label_cond){ "team", NULL };
	assert_string_equal(list(&f), "alpha-2,beta,bridge,gamma,host,none");
}

static void test_type_and_dangling(void **state)
{
	struct sl_filters f = empty();

	(void)state;
	f.type_mask = SL_NETWORK_TYPE_BUILTIN;
	assert_string_equal(list(&f), "bridge,host,none");
	f.type_mask = SL_NETWORK_TYPE_CUSTOM;
	assert_string_equal(list(&f), "alpha,alpha-2,beta,gamma");
	f.type_mask = SL_NETWORK_TYPE_BUILTIN | SL_NETWORK_TYPE_CUSTOM;
	assert_string_equal(list(&f), "alpha,alpha-2,beta,bridge,gamma,host,none");
	f = empty();
	f.dangling = SL_TRI_TRUE;
	assert_string_equal(list(&f), "alpha,alpha-2,gamma");
	f.dangling = SL_TRI_FALSE;
	assert_string_equal(list(&f), "beta,bridge,host,none");
}

static void test_keys_are_anded(void **state)
{
	static const char *const bridge_drv[] = { "bridge" };
	struct sl_label_cond c = { "env", NULL };
	struct sl_pattern p = fake_pattern("a");
	struct sl_filters f = empty();

	(void)state;
	f.name = &p;
	f.n_name = 1;
	assert_string_equal(list(&f), "alpha,alpha-2,beta,gamma");
	f.label = &c;
	f.n_label = 1;
	assert_string_equal(list(&f), "alpha,alpha-2,beta");
	f.dangling = SL_TRI_TRUE;
	assert_string_equal(list(&f), "alpha,alpha-2");
	f.driver = bridge_drv;
	f.n_driver = 1;
	f.type_mask = SL_NETWORK_TYPE_BUILTIN;
	assert_string_equal(list(&f), "");
}

static double list_ms(const struct sl_filters *f, size_t *count)
{
	double best = 1e9;

	for (int round = 0; round < 5; round++) {
		struct sl_call *call = fake_call_new();
		struct sl_network_list out;
		struct timespec a;
		struct timespec b;
		double ms;

		clock_gettime(CLOCK_MONOTONIC, &a);
		assert_int_equal(fx.p->networks->list(fx.ctx, call, f, &out), SL_OK);
		clock_gettime(CLOCK_MONOTONIC, &b);
		*count = out.count;
		fake_call_free(call);
		ms = (double)(b.tv_sec - a.tv_sec) * 1e3 + (double)(b.tv_nsec - a.tv_nsec) / 1e6;
		if (ms < best)
			best = ms;
	}
	return best;
}

/* Ten thousand networks, written in one transaction: a label filter runs
 * on the (key, value) index.  Times are reported, not asserted. */
static void test_ten_thousand_networks(void **state)
{
	struct sl_label_cond c;
	struct sl_filters f = empty();
	struct sl_network_list out;
	struct sl_call *call;
	size_t count;
	double ms;

	(void)state;
	assert_int_equal(
		fx_sql(&fx,
		       "BEGIN;"
		       "WITH RECURSIVE seq(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM seq WHERE i < 9999)"
		       " INSERT INTO networks (id, name, created_ns, driver, scope)"
		       " SELECT printf('%064x', 1000000 + i), printf('n%05d', i), i, 'bridge', 'local'"
		       " FROM seq;"
		       "INSERT INTO network_labels SELECT id, 'grp', CAST(created_ns % 100 AS TEXT)"
		       " FROM networks WHERE name GLOB 'n[0-9]*';"
		       "INSERT INTO network_labels SELECT id, 'idx', CAST(created_ns AS TEXT)"
		       " FROM networks WHERE name GLOB 'n[0-9]*';"
		       "INSERT INTO network_labels SELECT id, 'special', 'yes'"
		       " FROM networks WHERE name GLOB 'n[0-9]*' AND created_ns % 1000 = 0;"
		       "INSERT INTO network_pools (network_id, pos, family, subnet, user_subnet,"
		       " allocating, prefix_len, first_addr, last_addr, gw_addr, alloc_lo, alloc_hi,"
		       " cursor) SELECT id, 0, 4, printf('10.%d.%d.0/24', created_ns / 256,"
		       " created_ns % 256), 1, 1, 24, 167772160 + created_ns * 256,"
		       " 167772160 + created_ns * 256 + 255, 167772160 + created_ns * 256 + 1,"
		       " 167772160 + created_ns * 256 + 1, 167772160 + created_ns * 256 + 254,"
		       " 167772160 + created_ns * 256 + 1 FROM networks WHERE name GLOB 'n[0-9]*';"
		       "COMMIT;"),
		0);
	f.label = &c;
	f.n_label = 1;
	c = (struct sl_label_cond){ "special", "yes" };
	ms = list_ms(&f, &count);
	assert_int_equal(count, 10);
	print_message("# 10000 networks, label special=yes (10 match): %.2f ms\n", ms);
	c = (struct sl_label_cond){ "grp", "7" };
	ms = list_ms(&f, &count);
	assert_int_equal(count, 100);
	print_message("# 10000 networks, label grp=7 (100 match): %.2f ms\n", ms);
	ms = list_ms(NULL, &count);
	assert_int_equal(count, 10007);
	print_message("# 10000 networks, no filter: %.2f ms\n", ms);

	/* The bulk loader attaches each child row to its own network. */
	call = fx_call(&fx);
	assert_int_equal(fx.p->networks->list(fx.ctx, call, NULL, &out), SL_OK);
	for (size_t i = 0; i < out.count; i++) {
		const struct sl_network *n = &out.items[i];

		if (strcmp(n->name, "n04242") == 0) {
			assert_string_equal(fx_map_get(&n->labels, "idx"), "4242");
			assert_string_equal(fx_map_get(&n->labels, "grp"), "42");
			assert_int_equal(n->ipam.n_config, 1);
			assert_string_equal(n->ipam.config[0].subnet, "10.16.146.0/24");
		} else if (strcmp(n->name, "alpha") == 0) {
			assert_string_equal(fx_map_get(&n->labels, "team"), "a");
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_no_filter, setup, teardown),
		cmocka_unit_test_setup_teardown(test_name_is_exact_or_unanchored_regex, setup, teardown),
		cmocka_unit_test_setup_teardown(test_id_is_a_substring_match, setup, teardown),
		cmocka_unit_test_setup_teardown(test_driver_and_scope_are_exact, setup, teardown),
		cmocka_unit_test_setup_teardown(test_labels_are_anded, setup, teardown),
		cmocka_unit_test_setup_teardown(test_label_not_excludes_when_all_hold, setup, teardown),
		cmocka_unit_test_setup_teardown(test_type_and_dangling, setup, teardown),
		cmocka_unit_test_setup_teardown(test_keys_are_anded, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ten_thousand_networks, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
