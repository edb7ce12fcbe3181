/* Volume hooks without Azure (the state tests' fake host configures only
 * state_db): anonymous volumes, Docker's answers and messages, list
 * filters, prune rules, references from containers, rm -v, and the 503 of
 * named volumes on a backend without Azure Files settings. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "plugins/aca/aca.h"
#include "plugins/aca/volume.h"
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

static const struct sl_kv anon_label = { "com.docker.volume.anonymous", "" };

/* Create a volume without a share (anonymous as far as Azure goes). */
static int vcreate(const char *name, const char *driver, const struct sl_kv *labels, size_t n_labels,
                   const struct sl_kv *opts, size_t n_opts, struct sl_volume *out)
{
	struct sl_call *call = fx_call(&fx);
	struct sl_volume_create_req req;
	struct sl_volume dummy;
	int rc;

	memset(&req, 0, sizeof(req));
	req.name = name;
	req.anonymous = 1;
	req.driver = driver != NULL ? driver : "";
	req.labels = (struct sl_map){ labels != NULL, n_labels, labels };
	req.driver_opts = (struct sl_map){ opts != NULL, n_opts, opts };
	rc = fx.p->volumes->create(fx.ctx, call, &req, out != NULL ? out : &dummy);
	fx_last_message = fake_call_message(call);
	return rc;
}

static int vinspect(const char *name, struct sl_volume *out)
{
	struct sl_call *call = fx_call(&fx);
	int rc = fx.p->volumes->inspect(fx.ctx, call, name, out);

	fx_last_message = fake_call_message(call);
	return rc;
}

static int vrm(const char *name, int force)
{
	struct sl_call *call = fx_call(&fx);
	int rc = fx.p->volumes->remove(fx.ctx, call, name, force);

	fx_last_message = fake_call_message(call);
	return rc;
}

/* Names a list returns, space separated, in order. */
static const char *vlist(const struct sl_filters *f)
{
	static char buf[1024];
	struct sl_call *call = fx_call(&fx);
	struct sl_volume_list out;

	memset(&out, 0, sizeof(out));
	buf[0] = '\0';
	assert_int_equal(fx.p->volumes->list(fx.ctx, call, f, &out), SL_OK);
	assert_false(out.warnings.present);
	for (size_t i = 0, len = 0; i < out.count; i++)
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%s", i > 0 ? " " : "",
		                        out.items[i].name);
	return buf;
}

static const char *vprune(const struct sl_filters *f, int *rc_out)
{
	static char buf[1024];
	struct sl_call *call = fx_call(&fx);
	struct sl_volume_pruned out;
	int rc;

	memset(&out, 0, sizeof(out));
	buf[0] = '\0';
	rc = fx.p->volumes->prune(fx.ctx, call, f, &out);
	fx_last_message = fake_call_message(call);
	if (rc_out != NULL)
		*rc_out = rc;
	if (rc != SL_OK)
		return "";
	assert_true(out.deleted.present);
	assert_int_equal(out.space_reclaimed, 0);
	for (size_t i = 0, len = 0; i < out.deleted.count; i++)
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%s", i > 0 ? " " : "",
		                        out.deleted.items[i]);
	return buf;
}

static struct sl_filters no_filters(void)
{
	struct sl_filters f;

	memset(&f, 0, sizeof(f));
	f.dangling = SL_TRI_UNSET;
	return f;
}

/* A container mounting a named volume (that already exists) at /data. */
static const char *user_of(const char *ctr, const char *volume)
{
	struct sl_mount_spec m;
	struct sl_container_create_req req;
	const char *id = NULL;

	m = (struct sl_mount_spec){ .type = SL_MOUNT_VOLUME, .origin = SL_MOUNT_FROM_BINDS,
		                    .source = volume, .target = "/data", .mode = "", .propagation = "" };
	memset(&req, 0, sizeof(req));
	req.name = ctr;
	req.image = "alpine";
	req.network_mode = "none";
	req.mounts = &m;
	req.n_mounts = 1;
	assert_int_equal(fx_ctr_create(&fx, &req, &id), SL_OK);
	return id;
}

static int ctr_rm(const char *name, int volumes)
{
	struct sl_call *call = fx_call(&fx);
	int rc = fx.p->containers->remove(fx.ctx, call, name, 0, volumes);

	fx_last_message = fake_call_message(call);
	return rc;
}

static void test_anonymous_volume(void **state)
{
	const char *name = "3fe4b85cb9a35e731b4bc88bfed8f17affed189100c1de55e47f5d1b1ae0a967";
	struct sl_volume v, again;
	struct sl_kv other = { "x", "y" };

	(void)state;
	assert_int_equal(vcreate(name, "local", &anon_label, 1, NULL, 0, &v), SL_OK);
	assert_string_equal(v.name, name);
	assert_string_equal(v.driver, "azure-files");
	assert_string_equal(v.scope, "local");
	assert_string_equal(v.mountpoint,
	                    "/mnt/azure/3fe4b85cb9a35e731b4bc88bfed8f17affed189100c1de55e47f5d1b1ae0a967");
	assert_true(v.labels.present);
	assert_int_equal(v.labels.count, 1);
	assert_string_equal(v.labels.items[0].key, "com.docker.volume.anonymous");
	assert_string_equal(v.labels.items[0].value, "");
	assert_false(v.options.present);
	assert_false(v.status.present);
	/* Inspect adds Status: where the data lives. */
	assert_int_equal(vinspect(name, &again), SL_OK);
	assert_true(again.status.present);
	assert_string_equal(fx_map_get(&again.status, "Backing"),
	                    "EmptyDir (the job's ephemeral storage)");
	assert_int_equal(again.created_ns, v.created_ns);
	/* Creating it again returns it as it is. */
	assert_int_equal(vcreate(name, "azure-files", &other, 1, NULL, 0, &again), SL_OK);
	assert_int_equal(again.labels.count, 1);
	assert_string_equal(again.labels.items[0].key, "com.docker.volume.anonymous");
	/* {} options are kept as {}, not null. */
	assert_int_equal(vcreate("with-empty-opts", NULL, NULL, 0, &other, 0, &v), SL_OK);
	assert_true(v.options.present);
	assert_int_equal(v.options.count, 0);
	assert_false(v.labels.present);
}

static void test_docker_errors(void **state)
{
	struct sl_kv bogus = { "bogus", "1" };
	struct sl_kv quota = { "quota", "0" };
	struct sl_call *call;
	struct sl_volume_create_req req;
	struct sl_volume v;

	(void)state;
	assert_int_equal(vcreate("vv", "nope", NULL, 0, NULL, 0, NULL), SL_ERR_NOT_FOUND);
	assert_string_equal(fx_last_message,
	                    "create vv: error looking up volume plugin nope: plugin \"nope\" not found");
	assert_int_equal(vcreate("vv", NULL, NULL, 0, &bogus, 1, NULL), SL_ERR_INVALID);
	assert_string_equal(fx_last_message, "create vv: invalid option: \"bogus\"");
	assert_int_equal(vcreate("vv", NULL, NULL, 0, &quota, 1, NULL), SL_ERR_INVALID);
	assert_string_equal(fx_last_message, "create vv: invalid value for option \"quota\": \"0\" "
	                                     "(whole GiB from 1 to 102400)");
	assert_int_equal(vinspect("vv", &v), SL_ERR_NOT_FOUND);
	assert_string_equal(fx_last_message, "get vv: no such volume");
	assert_int_equal(vrm("vv", 0), SL_ERR_NOT_FOUND);
	assert_string_equal(fx_last_message, "get vv: no such volume");
	assert_int_equal(vrm("vv", 1), SL_OK);
	/* A named volume needs Azure: this backend has no settings for it. */
	call = fx_call(&fx);
	memset(&req, 0, sizeof(req));
	req.name = "named";
	req.driver = "local";
	assert_int_equal(fx.p->volumes->create(fx.ctx, call, &req, &v), SL_ERR_UNAVAILABLE);
	assert_string_equal(fake_call_message(call),
	                    "aca: volume create: this backend has no Azure Files settings (missing: "
	                    "subscription_id, resource_group, storage_account, environment in its "
	                    "[backend] section)");
	assert_int_equal(fx_sql_int(&fx, "SELECT count(*) FROM volumes"), 0);
}

static void test_list_filters(void **state)
{
	struct sl_kv l_a[2] = { { "team", "ci" }, { "tier", "" } };
	struct sl_kv l_b[1] = { { "team", "web" } };
	struct sl_filters f;
	struct sl_pattern p;
	struct sl_label_cond c[2];
	const char *drivers[1];

	(void)state;
	assert_int_equal(vcreate("aa-one", NULL, l_a, 2, NULL, 0, NULL), SL_OK);
	assert_int_equal(vcreate("bb-two", NULL, l_b, 1, NULL, 0, NULL), SL_OK);
	assert_int_equal(vcreate("cc-three", NULL, NULL, 0, NULL, 0, NULL), SL_OK);
	f = no_filters();
	assert_string_equal(vlist(NULL), "aa-one bb-two cc-three");
	assert_string_equal(vlist(&f), "aa-one bb-two cc-three");
	/* name: equal or an unanchored regular expression. */
	p = fake_pattern("t");
	f.name = &p;
	f.n_name = 1;
	assert_string_equal(vlist(&f), "bb-two cc-three");
	p = fake_pattern("^aa-");
	assert_string_equal(vlist(&f), "aa-one");
	p = fake_pattern("two$");
	assert_string_equal(vlist(&f), "bb-two");
	p = fake_pattern("^cc-three$");
	assert_string_equal(vlist(&f), "cc-three");
	p = fake_pattern("^cc-thre$");
	assert_string_equal(vlist(&f), "");
	/* Real regular expressions, and several patterns (ORed). */
	p = fake_pattern("o.e");
	assert_string_equal(vlist(&f), "aa-one");
	p = fake_pattern("^(aa|cc)");
	assert_string_equal(vlist(&f), "aa-one cc-three");
	{
		struct sl_pattern two[2] = { fake_pattern("^bb-two$"), fake_pattern("three") };

		f.name = two;
		f.n_name = 2;
		assert_string_equal(vlist(&f), "bb-two cc-three");
		two[1] = fake_pattern("thr.e");
		assert_string_equal(vlist(&f), "bb-two cc-three");
	}
	f = no_filters();
	/* label: key, key=value, key= (empty value); several are ANDed. */
	c[0] = (struct sl_label_cond){ "team", NULL };
	f.label = c;
	f.n_label = 1;
	assert_string_equal(vlist(&f), "aa-one bb-two");
	c[0].value = "web";
	assert_string_equal(vlist(&f), "bb-two");
	c[0] = (struct sl_label_cond){ "team", "ci" };
	c[1] = (struct sl_label_cond){ "tier", "" };
	f.n_label = 2;
	assert_string_equal(vlist(&f), "aa-one");
	c[1].value = "gold";
	assert_string_equal(vlist(&f), "");
	f = no_filters();
	/* driver: exact. */
	drivers[0] = "azure-files";
	f.driver = drivers;
	f.n_driver = 1;
	assert_string_equal(vlist(&f), "aa-one bb-two cc-three");
	drivers[0] = "local";
	assert_string_equal(vlist(&f), "");
	drivers[0] = "azure";
	assert_string_equal(vlist(&f), "");
	f = no_filters();
	/* dangling: referenced by any container, running or not. */
	user_of("user", "bb-two");
	f.dangling = SL_TRI_TRUE;
	assert_string_equal(vlist(&f), "aa-one cc-three");
	f.dangling = SL_TRI_FALSE;
	assert_string_equal(vlist(&f), "bb-two");
}

static void test_in_use(void **state)
{
	const char *a, *b;
	char want[256];

	(void)state;
	assert_int_equal(vcreate("shared", NULL, NULL, 0, NULL, 0, NULL), SL_OK);
	a = user_of("first", "shared");
	b = user_of("second", "shared");
	/* Every user's full id, in id order; force does not override it. */
	snprintf(want, sizeof(want), "remove shared: volume is in use - [%s, %s]",
	         strcmp(a, b) < 0 ? a : b, strcmp(a, b) < 0 ? b : a);
	assert_int_equal(vrm("shared", 0), SL_ERR_CONFLICT);
	assert_string_equal(fx_last_message, want);
	assert_int_equal(vrm("shared", 1), SL_ERR_CONFLICT);
	assert_string_equal(fx_last_message, want);
	assert_int_equal(ctr_rm("first", 1), SL_OK);
	assert_int_equal(ctr_rm("second", 0), SL_OK);
	/* rm -v never removes a named volume. */
	assert_int_equal(vrm("shared", 0), SL_OK);
}

static void test_prune(void **state)
{
	struct sl_kv opt = { "quota", "5" };
	struct sl_kv keep = { "keep", "yes" };
	struct sl_kv anon_keep[2] = { { "com.docker.volume.anonymous", "" }, { "keep", "yes" } };
	struct sl_label_cond anon = { "com.docker.volume.anonymous", NULL };
	struct sl_label_cond keep_cond = { "keep", NULL };
	struct sl_filters f;
	int rc;

	(void)state;
	assert_int_equal(vcreate("anon-free", NULL, &anon_label, 1, NULL, 0, NULL), SL_OK);
	assert_int_equal(vcreate("anon-used", NULL, &anon_label, 1, NULL, 0, NULL), SL_OK);
	assert_int_equal(vcreate("anon-opts", NULL, &anon_label, 1, &opt, 1, NULL), SL_OK);
	assert_int_equal(vcreate("anon-kept", NULL, anon_keep, 2, NULL, 0, NULL), SL_OK);
	assert_int_equal(vcreate("plain", NULL, NULL, 0, NULL, 0, NULL), SL_OK);
	assert_int_equal(vcreate("plain-kept", NULL, &keep, 1, NULL, 0, NULL), SL_OK);
	user_of("user", "anon-used");
	/* API >= 1.42 without all: the gateway adds the anonymous condition;
	 * label! keeps what it names. */
	f = no_filters();
	f.label = &anon;
	f.n_label = 1;
	f.label_not = &keep_cond;
	f.n_label_not = 1;
	assert_string_equal(vprune(&f, NULL), "anon-free");
	/* all=true: named volumes too; never one in use or created with options. */
	f = no_filters();
	assert_string_equal(vprune(&f, NULL), "anon-kept plain plain-kept");
	assert_string_equal(vlist(NULL), "anon-opts anon-used");
	assert_string_equal(vprune(&f, NULL), "");
	/* One prune at a time. */
	atomic_store(&((struct aca_ctx *)fx.ctx)->volumes->pruning, 1);
	vprune(&f, &rc);
	assert_int_equal(rc, SL_ERR_CONFLICT);
	assert_string_equal(fx_last_message, "a prune operation is already running");
	atomic_store(&((struct aca_ctx *)fx.ctx)->volumes->pruning, 0);
}

static void test_container_anonymous_volumes(void **state)
{
	struct sl_kv vlabel = { "purpose", "scratch" };
	struct sl_kv bad = { "bogus", "1" };
	struct sl_mount_spec m[2];
	struct sl_volumes_from vf = { "producer", 0 };
	struct sl_container_create_req req;
	struct sl_label_cond anon = { "com.docker.volume.anonymous", NULL };
	struct sl_label_cond purpose = { "purpose", "scratch" };
	struct sl_filters f;

	(void)state;
	memset(m, 0, sizeof(m));
	m[0] = (struct sl_mount_spec){ .type = SL_MOUNT_VOLUME, .origin = SL_MOUNT_FROM_CONFIG,
		                       .target = "/cache", .mode = "", .propagation = "" };
	m[1] = (struct sl_mount_spec){ .type = SL_MOUNT_VOLUME, .origin = SL_MOUNT_FROM_MOUNTS,
		                       .target = "/tmpdata", .mode = "", .propagation = "",
		                       .volume_labels = { 1, 1, &vlabel } };
	memset(&req, 0, sizeof(req));
	req.name = "producer";
	req.image = "alpine";
	req.network_mode = "none";
	req.mounts = m;
	req.n_mounts = 2;
	/* An anonymous volume's driver and options are checked, as Docker does. */
	m[1].volume_driver = "nope";
	assert_int_equal(fx_ctr_create(&fx, &req, NULL), SL_ERR_NOT_FOUND);
	assert_string_equal(fx_last_message, "error looking up volume plugin nope: plugin \"nope\" "
	                                     "not found");
	m[1].volume_driver = NULL;
	m[1].volume_driver_opts = (struct sl_map){ 1, 1, &bad };
	assert_int_equal(fx_ctr_create(&fx, &req, NULL), SL_ERR_INVALID);
	assert_string_equal(fx_last_message, "invalid option: \"bogus\"");
	m[1].volume_driver_opts = (struct sl_map){ 0, 0, NULL };
	assert_int_equal(fx_ctr_create(&fx, &req, NULL), SL_OK);
	f = no_filters();
	f.label = &anon;
	f.n_label = 1;
	assert_int_equal(strlen(vlist(&f)), 64 * 2 + 1);
	/* VolumeOptions.Labels join the anonymous label. */
	f.label = &purpose;
	assert_int_equal(strlen(vlist(&f)), 64);
	/* A second container shares them through VolumesFrom. */
	memset(&req, 0, sizeof(req));
	req.name = "consumer";
	req.image = "alpine";
	req.network_mode = "none";
	req.volumes_from = &vf;
	req.n_volumes_from = 1;
	assert_int_equal(fx_ctr_create(&fx, &req, NULL), SL_OK);
	/* rm -v of the producer keeps them: the consumer still uses them. */
	assert_int_equal(ctr_rm("producer", 1), SL_OK);
	assert_int_equal(fx_sql_int(&fx, "SELECT count(*) FROM volumes"), 2);
	f = no_filters();
	f.dangling = SL_TRI_FALSE;
	assert_int_equal(strlen(vlist(&f)), 64 * 2 + 1);
	/* rm -v of the last user removes them. */
	assert_int_equal(ctr_rm("consumer", 1), SL_OK);
	assert_int_equal(fx_sql_int(&fx, "SELECT count(*) FROM volumes"), 0);
}

static void test_info_counts_volumes(void **state)
{
	struct sl_backend_info info;

	(void)state;
	assert_int_equal(vcreate("one-vol", NULL, NULL, 0, NULL, 0, NULL), SL_OK);
	assert_int_equal(vcreate("two-vol", NULL, NULL, 0, NULL, 0, NULL), SL_OK);
	/* A row still being created is not a volume yet. */
	assert_int_equal(fx_sql(&fx, "INSERT INTO volumes (name, state, state_ns, driver,"
	                             " created_ns, anonymous, labels_present)"
	                             " VALUES ('half', 'creating', 1, 'azure-files', 1, 0, 0)"),
	                 0);
	memset(&info, 0, sizeof(info));
	assert_int_equal(fx.p->info(fx.ctx, fx_call(&fx), &info), SL_OK);
	assert_int_equal(info.volumes, 2);
	assert_string_equal(vlist(NULL), "one-vol two-vol");
	assert_int_equal(vinspect("half", &(struct sl_volume){ 0 }), SL_ERR_NOT_FOUND);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_anonymous_volume, setup, teardown),
		cmocka_unit_test_setup_teardown(test_docker_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_list_filters, setup, teardown),
		cmocka_unit_test_setup_teardown(test_in_use, setup, teardown),
		cmocka_unit_test_setup_teardown(test_prune, setup, teardown),
		cmocka_unit_test_setup_teardown(test_container_anonymous_volumes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_info_counts_volumes, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
