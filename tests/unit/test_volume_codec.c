/* Unit tests for gateway/volume_codec.c: create bodies (names,
 * anonymous volumes, cluster volumes) and volume objects, lists and
 * prune results as dockerd shows them. */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <time.h>

#include "tests/unit/codec_test.h"
#include "gateway/filters.h"
#include "gateway/volume_codec.h"

static int decode(struct gw_arena *a, const char *text, unsigned api, struct sl_volume_create_req *r,
                  struct gw_codec_error *err)
{
	return gw_volume_create_decode(a, text != NULL ? codec_json(a, text) : NULL, api, r, err);
}

static int is_hex64(const char *s)
{
	size_t n = 0;

	for (; s[n] != '\0'; n++) {
		if (!isxdigit((unsigned char)s[n]) || isupper((unsigned char)s[n]))
			return 0;
	}
	return n == 64;
}

static void test_create_named(void **state)
{
	struct gw_arena *a = *state;
	struct gw_codec_error err = { 0, NULL };
	struct sl_volume_create_req r;

	/* What the docker CLI sends: Driver "local", empty maps omitted. */
	assert_int_equal(decode(a, "{\"Driver\":\"local\",\"Name\":\"ct-v1\"}", 47, &r, &err), 0);
	assert_string_equal(r.name, "ct-v1");
	assert_int_equal(r.anonymous, 0);
	assert_string_equal(r.driver, "local");
	assert_int_equal(r.labels.present, 0);
	assert_int_equal(r.driver_opts.present, 0);
	/* docker-py (sample 117): DriverOpts null. */
	assert_int_equal(decode(a, "{\"Name\": \"dockerpytest_1\", \"Driver\": \"local\", \"DriverOpts\": null, "
	                           "\"Labels\": {\"labelkey\": \"labelvalue\"}}", 47, &r, &err), 0);
	assert_int_equal(r.driver_opts.present, 0);
	assert_string_equal(gw_map_get(&r.labels, "labelkey"), "labelvalue");
	assert_int_equal(decode(a, "{\"Name\":\"v\\u00e9x\",\"DriverOpts\":{}}", 47, &r, &err), -1);
	assert_int_equal(decode(a, "{\"Name\":\"sample-vol-tmpfs\",\"DriverOpts\":{\"type\":\"tmpfs\",\"device\":\"tmpfs\",\"o\":\"size=1m\"}}",
	                        47, &r, &err), 0);
	assert_int_equal(r.driver_opts.count, 3);
	assert_string_equal(r.driver, "");
	/* Before API 1.42 ClusterVolumeSpec did not exist: ignored. */
	assert_int_equal(decode(a, "{\"Name\":\"cv\",\"ClusterVolumeSpec\":{}}", 41, &r, &err), 0);
}

static void test_create_anonymous(void **state)
{
	struct gw_arena *a = *state;
	struct gw_codec_error err = { 0, NULL };
	struct sl_volume_create_req r, r2;

	/* An empty body, {}, and an empty Name all make an anonymous volume. */
	assert_int_equal(decode(a, NULL, 47, &r, &err), 0);
	assert_true(is_hex64(r.name));
	assert_int_equal(r.anonymous, 1);
	assert_int_equal(r.labels.present, 1);
	assert_int_equal(r.labels.count, 1);
	assert_string_equal(gw_map_get(&r.labels, GW_ANONYMOUS_VOLUME_LABEL), "");
	assert_int_equal(decode(a, "{}", 47, &r2, &err), 0);
	assert_true(is_hex64(r2.name));
	assert_string_not_equal(r.name, r2.name);
	assert_int_equal(decode(a, "{\"Name\":\"\",\"Labels\":{\"a\":\"b\",\"com.docker.volume.anonymous\":\"x\"}}", 47, &r, &err), 0);
	assert_int_equal(r.anonymous, 1);
	assert_int_equal(r.labels.count, 2);
	assert_string_equal(gw_map_get(&r.labels, "a"), "b");
	assert_string_equal(gw_map_get(&r.labels, GW_ANONYMOUS_VOLUME_LABEL), "");
}

static void test_create_errors(void **state)
{
	static const struct {
		const char *in;
		unsigned api;
		unsigned status;
		const char *msg;
	} cases[] = {
		{ "{\"Name\":\"a\"}", 47, 400, "create a: volume name is too short, names should be at least two alphanumeric characters" },
		{ "{\"Name\":\"bad/name\"}", 47, 400, "create bad/name: \"bad/name\" includes invalid characters for a local volume name, only \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass a host directory, use absolute path" },
		{ "{\"Name\":\"ct-v\",\"ClusterVolumeSpec\":{}}", 42, 503, "This node is not a swarm manager. Use \"docker swarm init\" or \"docker swarm join\" to connect this node to swarm and try again." },
		{ "{\"Name\":1}", 47, 400, "invalid JSON: json: cannot unmarshal number into Go struct field CreateOptions.Name of type string" },
		{ "{\"Name\":\"ab\",\"DriverOpts\":[]}", 47, 400, "invalid JSON: json: cannot unmarshal array into Go struct field CreateOptions.DriverOpts of type map[string]string" },
		{ "[]", 47, 400, "invalid JSON: json: cannot unmarshal array into Go value of type volume.CreateOptions" },
	};
	struct gw_arena *a = *state;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct gw_codec_error err = { 0, NULL };
		struct sl_volume_create_req r;

		if (decode(a, cases[i].in, cases[i].api, &r, &err) == 0)
			fail_msg("%s: accepted", cases[i].in);
		assert_int_equal(err.status, cases[i].status);
		if (strcmp(err.message, cases[i].msg) != 0)
			fail_msg("%s: got <%s>, want <%s>", cases[i].in, err.message, cases[i].msg);
	}
}

static void test_encode(void **state)
{
	struct gw_arena *a = *state;
	static const struct sl_kv labels[] = { { "env", "test" }, { "team", "a" } };
	static const struct sl_kv status[] = { { "k", "v" } };
	struct sl_volume v;

	memset(&v, 0, sizeof(v));
	v.name = "sample-vol";
	v.driver = "local";
	v.mountpoint = "/mnt/azure/sample-vol";
	v.created_ns = 1795953749123456789LL;
	v.labels = (struct sl_map){ 1, 2, labels };
	v.options = (struct sl_map){ 1, 0, NULL };
	v.scope = "local";
	/* dockerd sample 62's shape: second precision, Options {} as given. */
	assert_string_equal(codec_text(a, gw_volume_encode(a, &v)),
		"{\"CreatedAt\":\"2026-11-29T12:02:29Z\",\"Driver\":\"local\",\"Labels\":{\"env\":\"test\",\"team\":\"a\"},"
		"\"Mountpoint\":\"/mnt/azure/sample-vol\",\"Name\":\"sample-vol\",\"Options\":{},\"Scope\":\"local\"}");
	/* Labels and Options null when absent; CreatedAt omitted when unknown; Status only when present. */
	memset(&v.labels, 0, sizeof(v.labels));
	memset(&v.options, 0, sizeof(v.options));
	v.created_ns = 0;
	v.status = (struct sl_map){ 1, 1, status };
	assert_string_equal(codec_text(a, gw_volume_encode(a, &v)),
		"{\"Driver\":\"local\",\"Labels\":null,\"Mountpoint\":\"/mnt/azure/sample-vol\",\"Name\":\"sample-vol\","
		"\"Options\":null,\"Scope\":\"local\",\"Status\":{\"k\":\"v\"}}");
}

static void test_list_and_prune(void **state)
{
	struct gw_arena *a = *state;
	static const char *const warn[] = { "driver x failed" };
	static const char *const deleted[] = { "v1", "v2" };
	struct sl_volume v;
	struct sl_volume_list l;
	struct sl_volume_pruned p;

	memset(&l, 0, sizeof(l));
	assert_string_equal(codec_text(a, gw_volume_list_encode(a, &l)), "{\"Volumes\":[],\"Warnings\":null}");
	memset(&v, 0, sizeof(v));
	v.name = "v";
	l.count = 1;
	l.items = &v;
	l.warnings = (struct sl_strv){ 1, 1, warn };
	assert_string_equal(codec_take_member(a, gw_volume_list_encode(a, &l), "Warnings"), "[\"driver x failed\"]");
	memset(&p, 0, sizeof(p));
	assert_string_equal(codec_text(a, gw_volume_pruned_encode(&p)), "{\"VolumesDeleted\":[],\"SpaceReclaimed\":0}");
	p.deleted = (struct sl_strv){ 1, 2, deleted };
	p.space_reclaimed = 18446744073709551615ULL;
	assert_string_equal(codec_text(a, gw_volume_pruned_encode(&p)),
	                    "{\"VolumesDeleted\":[\"v1\",\"v2\"],\"SpaceReclaimed\":18446744073709551615}");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_create_named, codec_setup, codec_teardown),
		cmocka_unit_test_setup_teardown(test_create_anonymous, codec_setup, codec_teardown),
		cmocka_unit_test_setup_teardown(test_create_errors, codec_setup, codec_teardown),
		cmocka_unit_test_setup_teardown(test_encode, codec_setup, codec_teardown),
		cmocka_unit_test_setup_teardown(test_list_and_prune, codec_setup, codec_teardown),
	};

	setenv("TZ", "UTC", 1);
	tzset();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
