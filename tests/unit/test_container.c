/* Container records: create (names, endpoints, validation, mounts,
 * VolumesFrom), inspect, list with filters, remove; and GET /info counts. */
#include "config.h"

#include <regex.h>
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

static int matches(const char *re, const char *s)
{
	regex_t r;
	int ok;

	assert_int_equal(regcomp(&r, re, REG_EXTENDED | REG_NOSUB), 0);
	ok = regexec(&r, s, 0, NULL, 0) == 0;
	regfree(&r);
	return ok;
}

static void test_create_and_inspect(void **state)
{
	static const struct sl_kv labels[] = { { "tier", "web" }, { "app", "shop" } };
	static const char *const cmd[] = { "sleep", "1000" };
	struct sl_container_create_req req;
	struct sl_container c;
	const struct sl_container_endpoint *ep;
	const char *id;

	(void)state;
	fake_clock_set(1700000000000000001LL);
	memset(&req, 0, sizeof(req));
	req.image = "busybox";
	req.network_mode = "bridge";
	req.cmd = (struct sl_strv){ 1, 2, cmd };
	req.labels = (struct sl_map){ 1, 2, labels };
	req.config_json = "{\"Image\":\"busybox\",\"Cmd\":[\"sleep\",\"1000\"]}";
	req.host_config_json = "{\"NetworkMode\":\"bridge\"}";
	assert_int_equal(fx_ctr_create(&fx, &req, &id), SL_OK);
	assert_int_equal(strspn(id, "0123456789abcdef"), 64);
	assert_int_equal(fx_ctr_inspect(&fx, id, &c), SL_OK);
	assert_string_equal(c.id, id);
	assert_true(matches("^[a-z]+_[a-z]+$", c.name));
	assert_string_equal(c.image, "busybox");
	assert_true(c.created_ns == 1700000000000000001LL);
	assert_string_equal(c.state.status, "created");
	assert_false(c.state.running);
	assert_int_equal(c.state.pid, 0);
	assert_true(c.state.started_at_ns == 0);
	assert_string_equal(c.network_mode, "bridge");
	assert_string_equal(c.config_json, req.config_json);
	assert_string_equal(c.host_config_json, req.host_config_json);
	assert_true(c.cmd.present);
	assert_int_equal(c.cmd.count, 2);
	assert_string_equal(c.cmd.items[1], "1000");
	assert_int_equal(c.labels.count, 2);
	assert_string_equal(c.labels.items[0].key, "app");
	assert_int_equal(c.n_endpoints, 1);
	ep = fx_endpoint(&c, "bridge");
	assert_non_null(ep);
	assert_false(ep->user_defined);
	assert_false(ep->dns_names.present);
	assert_false(ep->config.has_ipam_config);
	assert_false(ep->config.aliases.present);
	assert_false(ep->config.links.present);
	assert_false(ep->config.driver_opts.present);
	assert_null(ep->config.mac_address);
	assert_string_equal(ep->network_id, "");
	assert_string_equal(ep->endpoint_id, "");
	assert_string_equal(ep->ip_address, "");
	assert_string_equal(ep->gateway, "");
	assert_int_equal(ep->ip_prefix_len, 0);
	assert_int_equal(c.n_mounts, 0);
}

static void test_names(void **state)
{
	struct sl_container c;
	const char *id;
	char want[512];
	char prefix[8];

	(void)state;
	assert_int_equal(fx_ctr_simple(&fx, "/web", NULL, NULL, 0, &id), SL_OK);
	assert_int_equal(fx_ctr_inspect(&fx, "web", &c), SL_OK);
	assert_string_equal(c.name, "web");
	assert_int_equal(fx_ctr_inspect(&fx, "/web", &c), SL_OK);
	snprintf(prefix, sizeof(prefix), "%.7s", id);
	assert_int_equal(fx_ctr_inspect(&fx, prefix, &c), SL_OK);
	assert_string_equal(c.id, id);
	assert_int_equal(fx_ctr_simple(&fx, "web", NULL, NULL, 0, NULL), SL_ERR_CONFLICT);
	snprintf(want, sizeof(want),
	         "Conflict. The container name \"/web\" is already in use by container \"%s\". You "
	         "have to remove (or rename) that container to be able to reuse that name.",
	         id);
	assert_string_equal(fx_last_message, want);
	assert_int_equal(fx_ctr_inspect(&fx, "nope", &c), SL_ERR_NOT_FOUND);
	assert_string_equal(fx_last_message, "No such container: nope");
	assert_int_equal(fx_sql(&fx, "INSERT INTO containers (id, name, image, created_ns,"
	                             " network_mode, config_json, host_config_json) VALUES"
	                             " ('abab12340' || printf('%055d', 0), 'x0', 'i', 1, 'none', '{}',"
	                             " '{}'), ('abab12341' || printf('%055d', 0), 'x1', 'i', 1,"
	                             " 'none', '{}', '{}')"),
	                 0);
	assert_int_equal(fx_ctr_inspect(&fx, "abab1234", &c), SL_ERR_INVALID);
	assert_string_equal(fx_last_message, "multiple IDs found with provided prefix: abab1234");
	/* A name beats an id prefix. */
	assert_int_equal(fx_ctr_simple(&fx, "abab1234", NULL, NULL, 0, NULL), SL_OK);
	assert_int_equal(fx_ctr_inspect(&fx, "abab1234", &c), SL_OK);
	assert_string_equal(c.name, "abab1234");
}

static void test_endpoints_from_network_mode(void **state)
{
	struct sl_container c;
	const char *net_id;
	const char *id;

	(void)state;
	assert_int_equal(fx_net_named(&fx, "mynet", &net_id), SL_OK);
	/* The NetworkMode network, given by id, is shown under its name. */
	assert_int_equal(fx_ctr_simple(&fx, "a", net_id, NULL, 0, &id), SL_OK);
	assert_int_equal(fx_ctr_inspect(&fx, "a", &c), SL_OK);
	assert_string_equal(c.network_mode, net_id);
	assert_int_equal(c.n_endpoints, 1);
	assert_non_null(fx_endpoint(&c, "mynet"));
	assert_true(fx_endpoint(&c, "mynet")->user_defined);
	/* A network that does not exist yet is recorded by name. */
	assert_int_equal(fx_ctr_simple(&fx, "b", "ct-missing", NULL, 0, NULL), SL_OK);
	assert_int_equal(fx_ctr_inspect(&fx, "b", &c), SL_OK);
	assert_non_null(fx_endpoint(&c, "ct-missing"));
	assert_int_equal(fx_ctr_simple(&fx, "h", "host", NULL, 0, NULL), SL_OK);
	assert_int_equal(fx_ctr_inspect(&fx, "h", &c), SL_OK);
	assert_non_null(fx_endpoint(&c, "host"));
	assert_int_equal(fx_ctr_simple(&fx, "n", "none", NULL, 0, NULL), SL_OK);
	assert_int_equal(fx_ctr_inspect(&fx, "n", &c), SL_OK);
	assert_non_null(fx_endpoint(&c, "none"));
	assert_int_equal(fx_ctr_simple(&fx, "s", "container:a", NULL, 0, NULL), SL_OK);
	assert_int_equal(fx_ctr_inspect(&fx, "s", &c), SL_OK);
	assert_int_equal(c.n_endpoints, 0);
	assert_string_equal(c.network_mode, "container:a");
}

static void test_endpoints_config(void **state)
{
	static const char *const aliases[] = { "frontend", "www", NULL };
	static const char *const links[] = { "db:database" };
	static const struct sl_kv opts[] = { { "com.example.opt", "1" } };
	struct sl_endpoint_config eps[4];
	struct sl_container c;
	const struct sl_container_endpoint *ep;
	const char *net_id;

	(void)state;
	assert_int_equal(fx_net_named(&fx, "front", &net_id), SL_OK);
	assert_int_equal(fx_net_named(&fx, "back", NULL), SL_OK);
	eps[0] = fx_epcfg("front", NULL, aliases);
	eps[0].links = (struct sl_strv){ 1, 1, links };
	eps[0].driver_opts = (struct sl_map){ 1, 1, opts };
	eps[0].mac_address = "02:42:0a:00:00:09";
	eps[1] = fx_epcfg("back", NULL, NULL);
	eps[1].has_ipam_config = 1;
	eps[1].aliases.present = 1;
	eps[2] = fx_epcfg("later", NULL, NULL);
	/* A default-mode container's "default" entry is the bridge's. */
	eps[3] = fx_epcfg("default", NULL, NULL);
	assert_int_equal(fx_ctr_simple(&fx, "multi", "bridge", eps, 4, NULL), SL_OK);
	assert_int_equal(fx_ctr_inspect(&fx, "multi", &c), SL_OK);
	assert_int_equal(c.n_endpoints, 4);
	/* Shown in key order, as Go encodes the map. */
	assert_string_equal(c.endpoints[0].network_name, "back");
	assert_string_equal(c.endpoints[1].network_name, "bridge");
	assert_string_equal(c.endpoints[2].network_name, "front");
	assert_string_equal(c.endpoints[3].network_name, "later");
	ep = fx_endpoint(&c, "front");
	assert_int_equal(ep->config.aliases.count, 2);
	assert_string_equal(ep->config.aliases.items[1], "www");
	assert_int_equal(ep->config.links.count, 1);
	assert_string_equal(ep->config.links.items[0], "db:database");
	assert_string_equal(fx_map_get(&ep->config.driver_opts, "com.example.opt"), "1");
	assert_string_equal(ep->config.mac_address, "02:42:0a:00:00:09");
	/* DNS names are computed at start, not at create. */
	assert_false(ep->dns_names.present);
	ep = fx_endpoint(&c, "back");
	assert_true(ep->config.has_ipam_config);
	assert_null(ep->config.ipv4_address);
	assert_true(ep->config.aliases.present);
	assert_int_equal(ep->config.aliases.count, 0);
	/* Every existing network got an address; the MAC asked for is kept. */
	assert_int_equal(fx_sql_int(&fx, "SELECT count(*) FROM ip_reservations"
	                                 " WHERE endpoint_id IS NOT NULL"),
	                 3);
	assert_int_equal(fx_sql_int(&fx, "SELECT count(*) FROM endpoints"
	                                 " WHERE mac_address = '02:42:0a:00:00:09'"),
	                 1);

	/* Settings given under the NetworkMode network's id move to its name. */
	eps[0] = fx_epcfg(net_id, NULL, aliases);
	assert_int_equal(fx_ctr_simple(&fx, "byid", net_id, eps, 1, NULL), SL_OK);
	assert_int_equal(fx_ctr_inspect(&fx, "byid", &c), SL_OK);
	assert_int_equal(c.n_endpoints, 1);
	assert_non_null(fx_endpoint(&c, "front"));
}

static void test_endpoint_validation_at_create(void **state)
{
	static const char *const aliases[] = { "x", NULL };
	struct sl_endpoint_config eps[2];
	struct sl_container c;

	(void)state;
	eps[0] = fx_epcfg("bridge", NULL, aliases);
	assert_int_equal(fx_ctr_simple(&fx, "c", "bridge", eps, 1, NULL), SL_ERR_INVALID);
	assert_string_equal(fx_last_message,
	                    "invalid config for network bridge: invalid endpoint settings:\n"
	                    "network-scoped alias is supported only for containers in user defined "
	                    "networks");
	eps[1] = fx_epcfg("none", "10.1.1.1", NULL);
	assert_int_equal(fx_ctr_simple(&fx, "c", "bridge", eps, 2, NULL), SL_ERR_INVALID);
	assert_string_equal(fx_last_message,
	                    "* invalid config for network bridge: invalid endpoint settings:\n"
	                    "\tnetwork-scoped alias is supported only for containers in user defined "
	                    "networks\n"
	                    "* invalid config for network none: invalid endpoint settings:\n"
	                    "\t* user specified IP address is supported on user defined networks "
	                    "only\n"
	                    "\t* user specified IP address is supported only when connecting to "
	                    "networks with user configured subnets");
	eps[0] = fx_epcfg("n1", NULL, NULL);
	eps[0].mac_address = "zz";
	assert_int_equal(fx_ctr_simple(&fx, "c", "n1", eps, 1, NULL), SL_ERR_INVALID);
	assert_string_equal(fx_last_message, "invalid config for network n1: invalid MAC address zz");
	/* Endpoint settings are checked before the name. */
	assert_int_equal(fx_ctr_simple(&fx, "c", NULL, NULL, 0, NULL), SL_OK);
	assert_int_equal(fx_ctr_simple(&fx, "c", "n1", eps, 1, NULL), SL_ERR_INVALID);
	assert_int_equal(fx_ctr_inspect(&fx, "c", &c), SL_OK);
}

/*
 * A named volume that already exists.  The fixture has no Azure settings,
 * so container create cannot make one on demand (it would answer 503).
 */
static void existing_volume(const char *name)
{
	char sql[512];

	snprintf(sql, sizeof(sql),
	         "INSERT INTO volumes (name, state, state_ns, driver, created_ns, anonymous,"
	         " labels_present) VALUES ('%s', 'ready', 1, 'azure-files', 1, 0, 0)",
	         name);
	assert_int_equal(fx_sql(&fx, sql), 0);
}

static void test_mounts(void **state)
{
	struct sl_mount_spec m[6];
	struct sl_container_create_req req;
	struct sl_container c;

	(void)state;
	memset(m, 0, sizeof(m));
	m[0] = (struct sl_mount_spec){ .type = SL_MOUNT_VOLUME, .origin = SL_MOUNT_FROM_BINDS,
		                       .source = "v1", .target = "/data", .mode = "", .propagation = "" };
	m[1] = (struct sl_mount_spec){ .type = SL_MOUNT_BIND, .origin = SL_MOUNT_FROM_BINDS,
		                       .source = "/tmp", .target = "/host-tmp", .read_only = 1,
		                       .mode = "ro", .propagation = "" };
	m[2] = (struct sl_mount_spec){ .type = SL_MOUNT_VOLUME, .origin = SL_MOUNT_FROM_CONFIG,
		                       .target = "/anon", .mode = "", .propagation = "" };
	m[3] = (struct sl_mount_spec){ .type = SL_MOUNT_TMPFS, .origin = SL_MOUNT_FROM_MOUNTS,
		                       .target = "/t", .mode = "", .propagation = "",
		                       .tmpfs_size = 65536 };
	m[4] = (struct sl_mount_spec){ .type = SL_MOUNT_VOLUME, .origin = SL_MOUNT_FROM_MOUNTS,
		                       .source = "v2", .target = "/other", .mode = "",
		                       .propagation = "", .volume_driver = "azure-files" };
	/* Config.Volumes at a destination a Bind already covers adds nothing. */
	m[5] = (struct sl_mount_spec){ .type = SL_MOUNT_VOLUME, .origin = SL_MOUNT_FROM_CONFIG,
		                       .target = "/data", .mode = "", .propagation = "" };
	memset(&req, 0, sizeof(req));
	req.name = "m";
	req.image = "alpine";
	req.network_mode = "none";
	req.mounts = m;
	req.n_mounts = 6;
	existing_volume("v1");
	existing_volume("v2");
	assert_int_equal(fx_ctr_create(&fx, &req, NULL), SL_OK);
	assert_int_equal(fx_ctr_inspect(&fx, "m", &c), SL_OK);
	assert_int_equal(c.n_mounts, 5);
	for (size_t i = 0; i < c.n_mounts; i++) {
		const struct sl_container_mount *x = &c.mounts[i];

		if (strcmp(x->destination, "/data") == 0) {
			assert_string_equal(x->type, "volume");
			assert_string_equal(x->name, "v1");
			assert_string_equal(x->source, "/mnt/azure/v1");
			assert_string_equal(x->driver, "azure-files");
			assert_string_equal(x->mode, "");
			assert_true(x->rw);
			assert_string_equal(x->propagation, "");
		} else if (strcmp(x->destination, "/host-tmp") == 0) {
			assert_string_equal(x->type, "bind");
			assert_string_equal(x->name, "");
			assert_string_equal(x->source, "/tmp");
			assert_string_equal(x->driver, "");
			assert_string_equal(x->mode, "ro");
			assert_false(x->rw);
			assert_string_equal(x->propagation, "rprivate");
		} else if (strcmp(x->destination, "/anon") == 0) {
			assert_string_equal(x->type, "volume");
			assert_int_equal(strspn(x->name, "0123456789abcdef"), 64);
			assert_string_equal(x->mode, "");
			assert_string_equal(x->driver, "azure-files");
		} else if (strcmp(x->destination, "/t") == 0) {
			assert_string_equal(x->type, "tmpfs");
			assert_string_equal(x->source, "");
			assert_string_equal(x->mode, "");
		} else {
			assert_string_equal(x->destination, "/other");
			assert_string_equal(x->driver, "azure-files");
			assert_string_equal(x->mode, "");
		}
	}
}

static void test_volumes_from(void **state)
{
	struct sl_mount_spec src_m[2];
	struct sl_mount_spec own;
	struct sl_volumes_from vf;
	struct sl_container_create_req req;
	struct sl_container c;
	int seen = 0;

	(void)state;
	memset(src_m, 0, sizeof(src_m));
	src_m[0] = (struct sl_mount_spec){ .type = SL_MOUNT_VOLUME, .origin = SL_MOUNT_FROM_BINDS,
		                           .source = "cache", .target = "/cache", .mode = "",
		                           .propagation = "" };
	src_m[1] = (struct sl_mount_spec){ .type = SL_MOUNT_BIND, .origin = SL_MOUNT_FROM_BINDS,
		                           .source = "/srv", .target = "/srv", .mode = "",
		                           .propagation = "" };
	memset(&req, 0, sizeof(req));
	req.name = "helper";
	req.image = "alpine";
	req.network_mode = "none";
	req.mounts = src_m;
	req.n_mounts = 2;
	existing_volume("cache");
	assert_int_equal(fx_ctr_create(&fx, &req, NULL), SL_OK);

	vf.container = "nope";
	vf.read_only = 1;
	memset(&req, 0, sizeof(req));
	req.name = "build";
	req.image = "alpine";
	req.network_mode = "none";
	req.volumes_from = &vf;
	req.n_volumes_from = 1;
	assert_int_equal(fx_ctr_create(&fx, &req, NULL), SL_ERR_INVALID);
	assert_string_equal(fx_last_message, "No such container: nope");
	vf.container = "helper";
	/* The container's own mount at /srv replaces the copied one. */
	own = (struct sl_mount_spec){ .type = SL_MOUNT_BIND, .origin = SL_MOUNT_FROM_BINDS,
		                      .source = "/opt", .target = "/srv", .mode = "",
		                      .propagation = "" };
	req.mounts = &own;
	req.n_mounts = 1;
	assert_int_equal(fx_ctr_create(&fx, &req, NULL), SL_OK);
	assert_int_equal(fx_ctr_inspect(&fx, "build", &c), SL_OK);
	assert_int_equal(c.n_mounts, 2);
	for (size_t i = 0; i < c.n_mounts; i++) {
		if (strcmp(c.mounts[i].destination, "/cache") == 0) {
			assert_string_equal(c.mounts[i].name, "cache");
			assert_string_equal(c.mounts[i].mode, "");
			assert_false(c.mounts[i].rw);
			seen++;
		} else {
			assert_string_equal(c.mounts[i].source, "/opt");
			seen++;
		}
	}
	assert_int_equal(seen, 2);
}

static const char *names_of(const struct sl_container_list *l)
{
	static char buf[1024];

	buf[0] = '\0';
	for (size_t i = 0, len = 0; i < l->count && len < sizeof(buf); i++)
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%s", i > 0 ? "," : "",
		                        l->items[i].name);
	return buf;
}

static const char *list(int all, int limit, const struct sl_filters *f)
{
	struct sl_container_list_opts opts = { all, limit, f };
	struct sl_container_list out;
	struct sl_call *call = fx_call(&fx);

	assert_int_equal(fx.p->containers->list(fx.ctx, call, &opts, &out), SL_OK);
	return names_of(&out);
}

static void test_list(void **state)
{
	static const struct sl_kv lab[] = { { "role", "db" } };
	static const char *const created[] = { "created" };
	static const char *const running[] = { "running" };
	static const char *const mynet[] = { "mynet" };
	static const char *const vol[] = { "v1" };
	static const char *const dest[] = { "/data" };
	struct sl_container_create_req req;
	struct sl_mount_spec m;
	struct sl_label_cond cond = { "role", "db" };
	struct sl_pattern p;
	struct sl_filters f;

	(void)state;
	assert_int_equal(fx_net_named(&fx, "mynet", NULL), SL_OK);
	fake_clock_set(1000);
	assert_int_equal(fx_ctr_simple(&fx, "first", "mynet", NULL, 0, NULL), SL_OK);
	fake_clock_set(2000);
	memset(&req, 0, sizeof(req));
	memset(&m, 0, sizeof(m));
	m = (struct sl_mount_spec){ .type = SL_MOUNT_VOLUME, .origin = SL_MOUNT_FROM_BINDS,
		                    .source = "v1", .target = "/data", .mode = "", .propagation = "" };
	req.name = "second";
	req.image = "postgres";
	req.network_mode = "bridge";
	req.labels = (struct sl_map){ 1, 1, lab };
	req.mounts = &m;
	req.n_mounts = 1;
	existing_volume("v1");
	assert_int_equal(fx_ctr_create(&fx, &req, NULL), SL_OK);
	fake_clock_set(3000);
	assert_int_equal(fx_ctr_simple(&fx, "third", NULL, NULL, 0, NULL), SL_OK);

	/* Nothing runs: the default list is empty; all shows newest first. */
	assert_string_equal(list(0, 0, NULL), "");
	assert_string_equal(list(1, 0, NULL), "third,second,first");
	/* A limit or a status filter implies all. */
	assert_string_equal(list(0, 2, NULL), "third,second");
	memset(&f, 0, sizeof(f));
	f.dangling = SL_TRI_UNSET;
	f.status = created;
	f.n_status = 1;
	assert_string_equal(list(0, 0, &f), "third,second,first");
	f.status = running;
	assert_string_equal(list(0, 0, &f), "");
	memset(&f, 0, sizeof(f));
	f.dangling = SL_TRI_UNSET;
	f.label = &cond;
	f.n_label = 1;
	assert_string_equal(list(1, 0, &f), "second");
	memset(&f, 0, sizeof(f));
	f.dangling = SL_TRI_UNSET;
	p = fake_pattern("^/first$");
	f.name = &p;
	f.n_name = 1;
	assert_string_equal(list(1, 0, &f), "first");
	p = fake_pattern("^thi");
	assert_string_equal(list(1, 0, &f), "third");
	memset(&f, 0, sizeof(f));
	f.dangling = SL_TRI_UNSET;
	f.network = mynet;
	f.n_network = 1;
	assert_string_equal(list(1, 0, &f), "first");
	memset(&f, 0, sizeof(f));
	f.dangling = SL_TRI_UNSET;
	f.volume = vol;
	f.n_volume = 1;
	assert_string_equal(list(1, 0, &f), "second");
	f.volume = dest;
	assert_string_equal(list(1, 0, &f), "second");
	/* Running containers are listed by default. */
	assert_int_equal(fx_sql(&fx, "UPDATE containers SET status = 'running' WHERE name = 'first'"),
	                 0);
	assert_string_equal(list(0, 0, NULL), "first");
}

static void test_remove(void **state)
{
	static const char *const aliases[] = { "db", NULL };
	struct sl_endpoint_config ep = fx_epcfg("mynet", NULL, aliases);
	struct sl_container c;
	struct sl_call *call;

	(void)state;
	assert_int_equal(fx_net_named(&fx, "mynet", NULL), SL_OK);
	assert_int_equal(fx_ctr_simple(&fx, "gone", "mynet", &ep, 1, NULL), SL_OK);
	call = fx_call(&fx);
	assert_int_equal(fx.p->containers->remove(fx.ctx, call, "gone", 0, 1), SL_OK);
	assert_int_equal(fx_ctr_inspect(&fx, "gone", &c), SL_ERR_NOT_FOUND);
	/* Its endpoints, aliases and address went with it. */
	assert_int_equal(fx_sql_int(&fx, "SELECT (SELECT count(*) FROM endpoints)"
	                                 " + (SELECT count(*) FROM endpoint_aliases)"
	                                 " + (SELECT count(*) FROM ip_reservations"
	                                 "    WHERE endpoint_id IS NOT NULL)"),
	                 0);
	call = fx_call(&fx);
	assert_int_equal(fx.p->containers->remove(fx.ctx, call, "gone", 0, 0), SL_ERR_NOT_FOUND);
	assert_string_equal(fake_call_message(call), "No such container: gone");
	/* The name is free again. */
	assert_int_equal(fx_ctr_simple(&fx, "gone", NULL, NULL, 0, NULL), SL_OK);
	assert_int_equal(fx_sql(&fx, "UPDATE containers SET status = 'running' WHERE name = 'gone'"),
	                 0);
	call = fx_call(&fx);
	assert_int_equal(fx.p->containers->remove(fx.ctx, call, "gone", 0, 0), SL_ERR_CONFLICT);
	assert_string_equal(fake_call_message(call),
	                    "cannot remove container \"/gone\": container is running: stop the "
	                    "container before removing or force remove");
}

static void test_info(void **state)
{
	struct sl_backend_info info;
	struct sl_call *call;

	(void)state;
	assert_int_equal(fx_ctr_simple(&fx, "a", NULL, NULL, 0, NULL), SL_OK);
	assert_int_equal(fx_ctr_simple(&fx, "b", NULL, NULL, 0, NULL), SL_OK);
	assert_int_equal(fx_ctr_simple(&fx, "c", NULL, NULL, 0, NULL), SL_OK);
	assert_int_equal(fx_net_named(&fx, "n", NULL), SL_OK);
	assert_int_equal(fx_sql(&fx, "UPDATE containers SET status = 'running' WHERE name = 'a'"), 0);
	memset(&info, 0, sizeof(info));
	call = fx_call(&fx);
	assert_int_equal(fx.p->info(fx.ctx, call, &info), SL_OK);
	assert_int_equal(info.containers, 3);
	assert_int_equal(info.containers_running, 1);
	assert_int_equal(info.containers_paused, 0);
	assert_int_equal(info.containers_stopped, 2);
	assert_int_equal(info.networks, 4);
	assert_int_equal(info.volumes, 0);
	assert_int_equal(info.images, 0);
	assert_string_equal(info.operating_system, "Azure Container Apps");
	assert_string_equal(info.driver, "aca");
	assert_true(info.status.present);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_create_and_inspect, setup, teardown),
		cmocka_unit_test_setup_teardown(test_names, setup, teardown),
		cmocka_unit_test_setup_teardown(test_endpoints_from_network_mode, setup, teardown),
		cmocka_unit_test_setup_teardown(test_endpoints_config, setup, teardown),
		cmocka_unit_test_setup_teardown(test_endpoint_validation_at_create, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mounts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_volumes_from, setup, teardown),
		cmocka_unit_test_setup_teardown(test_list, setup, teardown),
		cmocka_unit_test_setup_teardown(test_remove, setup, teardown),
		cmocka_unit_test_setup_teardown(test_info, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
