/* Many threads driving every network and container hook of one instance
 * at once, then checks that the state is consistent: every call that
 * should succeed did, and nothing was leaked or handed out twice. */
#include "config.h"

#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "tests/unit/aca_fixture.h"

#define THREADS 8
#define ROUNDS 20

static struct fixture fx;

struct worker {
	int index;
	int failures;
	char first_failure[256];
};

static void note(struct worker *w, const char *what, int rc, struct sl_call *call)
{
	if (rc == SL_OK)
		return;
	if (w->failures++ == 0)
		snprintf(w->first_failure, sizeof(w->first_failure), "%s: %d %s", what, rc,
		         fake_call_message(call));
}

/* One round: a private network with a subnet, a container on it with an
 * alias, a connect to the shared network and back, reads, removals. */
static void round_trip(struct worker *w, int round)
{
	const struct sl_plugin *p = fx.p;
	char net[32];
	char ctr[32];
	char subnet[32];
	struct sl_network_create_req nreq;
	struct sl_network_created ncreated;
	struct sl_ipam_pool pool;
	struct sl_container_create_req creq;
	struct sl_container_created ccreated;
	struct sl_endpoint_config ep;
	static const char *const aliases[] = { "svc", NULL };
	struct sl_network n;
	struct sl_container c;
	struct sl_network_list list;
	struct sl_label_cond cond = { "owner", NULL };
	struct sl_kv label;
	struct sl_filters f;
	struct sl_call *call = fake_call_new();

	snprintf(net, sizeof(net), "net-%d-%d", w->index, round);
	snprintf(ctr, sizeof(ctr), "ctr-%d-%d", w->index, round);
	snprintf(subnet, sizeof(subnet), "10.%d.%d.0/24", 100 + w->index, round);
	label.key = "owner";
	label.value = net;
	memset(&nreq, 0, sizeof(nreq));
	memset(&pool, 0, sizeof(pool));
	pool.subnet = subnet;
	nreq.name = net;
	nreq.enable_ipv6 = SL_TRI_UNSET;
	nreq.ipam.driver = "default";
	nreq.ipam.n_config = 1;
	nreq.ipam.config = &pool;
	nreq.labels = (struct sl_map){ 1, 1, &label };
	note(w, "network create", p->networks->create(fx.ctx, call, &nreq, &ncreated), call);

	ep = fx_epcfg(net, NULL, aliases);
	memset(&creq, 0, sizeof(creq));
	creq.name = ctr;
	creq.image = "alpine";
	creq.network_mode = net;
	creq.endpoints = &ep;
	creq.n_endpoints = 1;
	note(w, "container create", p->containers->create(fx.ctx, call, &creq, &ccreated), call);
	note(w, "connect", p->networks->connect(fx.ctx, call, "shared", ctr, NULL), call);
	note(w, "network inspect", p->networks->inspect(fx.ctx, call, net, NULL, &n), call);
	note(w, "container inspect", p->containers->inspect(fx.ctx, call, ctr, &c), call);
	if (c.n_endpoints != 2)
		note(w, "endpoint count", SL_ERR_INTERNAL, call);
	memset(&f, 0, sizeof(f));
	f.dangling = SL_TRI_UNSET;
	f.label = &cond;
	f.n_label = 1;
	note(w, "network list", p->networks->list(fx.ctx, call, &f, &list), call);
	note(w, "disconnect", p->networks->disconnect(fx.ctx, call, "shared", ctr, 0), call);
	note(w, "container remove", p->containers->remove(fx.ctx, call, ctr, 0, 0), call);
	note(w, "network remove", p->networks->remove(fx.ctx, call, net), call);
	fake_call_free(call);
}

static void *work(void *arg)
{
	struct worker *w = arg;

	for (int round = 0; round < ROUNDS; round++)
		round_trip(w, round);
	return NULL;
}

static void test_concurrent_hooks_keep_state_consistent(void **state)
{
	pthread_t threads[THREADS];
	struct worker workers[THREADS];
	struct timespec a;
	struct timespec b;
	double s;

	(void)state;
	fx_setup(&fx);
	assert_int_equal(fx_net_subnet(&fx, "shared", "10.200.0.0/16", NULL, NULL, NULL), SL_OK);
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (int i = 0; i < THREADS; i++) {
		memset(&workers[i], 0, sizeof(workers[i]));
		workers[i].index = i;
		assert_int_equal(pthread_create(&threads[i], NULL, work, &workers[i]), 0);
	}
	for (int i = 0; i < THREADS; i++)
		pthread_join(threads[i], NULL);
	clock_gettime(CLOCK_MONOTONIC, &b);
	s = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
	print_message("# %d threads x %d rounds x 10 hooks: %.2f s\n", THREADS, ROUNDS, s);
	for (int i = 0; i < THREADS; i++) {
		if (workers[i].failures != 0)
			fail_msg("thread %d: %d failures, first %s", i, workers[i].failures,
			         workers[i].first_failure);
	}
	/* Everything made was removed; only the gateways of the shared network
	 * and the default bridge stay reserved. */
	assert_int_equal(fx_sql_int(&fx, "SELECT count(*) FROM containers"), 0);
	assert_int_equal(fx_sql_int(&fx, "SELECT count(*) FROM endpoints"), 0);
	assert_int_equal(fx_sql_int(&fx, "SELECT count(*) FROM networks WHERE predefined = 0"), 1);
	assert_int_equal(fx_sql_int(&fx, "SELECT count(*) FROM ip_reservations"), 2);
	assert_int_equal(fx_sql_int(&fx, "SELECT count(*) FROM network_labels"), 0);
	assert_int_equal(fx_sql_int(&fx, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
	fx_teardown(&fx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_concurrent_hooks_keep_state_consistent),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
