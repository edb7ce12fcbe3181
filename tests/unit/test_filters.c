/* Unit tests for gateway/filters.c: both wire forms, each endpoint's keys,
 * value rules and Docker's exact messages. */
#include "config.h"

#include <stdint.h>

#include "tests/unit/codec_test.h"
#include "gateway/filters.h"
#include "gateway/pattern.h"

#define S 1000000000LL

static void test_wire_forms(void **state)
{
	struct gw_arena *a = *state;
	struct gw_filter_args m, l;
	const struct gw_filter_field *f;

	assert_int_equal(gw_filter_args_parse(a, "{\"label\":{\"a=1\":true,\"b\":false},\"name\":{}}", &m), 0);
	assert_int_equal(gw_filter_args_parse(a, "{\"label\":[\"a=1\",\"b\",\"a=1\"],\"name\":[]}", &l), 0);
	assert_int_equal(m.n, 2);
	assert_int_equal(l.n, 2);
	/* The boolean of the map form is not a switch; the list form's duplicates collapse. */
	f = gw_filter_args_get(&m, "label");
	assert_non_null(f);
	assert_int_equal(f->n, 2);
	assert_string_equal(f->values[0], "a=1");
	assert_string_equal(f->values[1], "b");
	f = gw_filter_args_get(&l, "label");
	assert_int_equal(f->n, 2);
	assert_string_equal(f->values[0], "a=1");
	assert_string_equal(f->values[1], "b");
	assert_int_equal(gw_filter_args_get(&m, "name")->n, 0);
	assert_int_equal(gw_filter_args_get(&l, "name")->n, 0);
	assert_null(gw_filter_args_get(&l, "id"));
	/* Absent, empty and null mean no filtering; a null key has no values. */
	assert_int_equal(gw_filter_args_parse(a, NULL, &m), 0);
	assert_int_equal(m.n, 0);
	assert_int_equal(gw_filter_args_parse(a, "", &m), 0);
	assert_int_equal(m.n, 0);
	assert_int_equal(gw_filter_args_parse(a, "null", &m), 0);
	assert_int_equal(m.n, 0);
	assert_int_equal(gw_filter_args_parse(a, "{\"name\":null}", &m), 0);
	assert_int_equal(gw_filter_args_get(&m, "name")->n, 0);
	/* A null element of the list form is Go's "". */
	assert_int_equal(gw_filter_args_parse(a, "{\"name\":[null]}", &m), 0);
	assert_string_equal(gw_filter_args_get(&m, "name")->values[0], "");
}

static void test_wire_form_errors(void **state)
{
	static const char *const bad[] = {
		"notjson", "[1", "[]", "\"x\"", "5", "{\"a\":\"b\"}", "{\"a\":{\"b\":\"yes\"}}",
		"{\"a\":[1]}", "{\"a\":{\"x\":true},\"b\":[\"y\"]}", "{\"a\":[[\"x\"]]}", "   ",
		"{\"a\":[]} x", "{\"a\":[\"x\\u0000y\"]}",
	};
	struct gw_arena *a = *state;
	struct gw_filter_args args;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (gw_filter_args_parse(a, bad[i], &args) != -1)
			fail_msg("accepted %s", bad[i]);
	}
}

/* Run fn over text and expect Docker's 400 message. */
static void expect_network_list_error(struct gw_arena *a, const char *text, const char *msg)
{
	struct sl_filters f;
	struct gw_codec_error err = { 0, NULL };

	if (gw_filters_network_list(a, text, &f, &err) == 0)
		fail_msg("%s: accepted", text);
	assert_int_equal(err.status, 400);
	if (strcmp(err.message, msg) != 0)
		fail_msg("%s: got <%s>, want <%s>", text, err.message, msg);
}

static void test_network_list(void **state)
{
	struct gw_arena *a = *state;
	struct sl_filters f;
	struct gw_codec_error err;

	assert_int_equal(gw_filters_network_list(a, "{\"name\":[\"ct-n\"],\"id\":[\"bd90\"],"
	                 "\"driver\":[\"bridge\",\"null\"],\"scope\":[\"local\"],"
	                 "\"label\":[\"a\",\"b=2\",\"c=\"],\"type\":[\"custom\",\"builtin\"],"
	                 "\"dangling\":[\"1\"]}", &f, &err), 0);
	assert_int_equal(f.n_name, 1);
	assert_true(gw_pattern_match(&f.name[0], "ct-n1"));
	assert_true(gw_pattern_match(&f.name[0], "xct-n"));
	assert_false(gw_pattern_match(&f.name[0], "bridge"));
	assert_int_equal(f.n_id, 1);
	assert_true(gw_pattern_match(&f.id[0], "00bd9011"));
	assert_int_equal(f.n_driver, 2);
	assert_string_equal(f.driver[1], "null");
	assert_int_equal(f.n_scope, 1);
	assert_int_equal(f.n_label, 3);
	assert_string_equal(f.label[0].key, "a");
	assert_null(f.label[0].value);
	assert_string_equal(f.label[1].key, "b");
	assert_string_equal(f.label[1].value, "2");
	assert_string_equal(f.label[2].key, "c");
	assert_string_equal(f.label[2].value, "");
	assert_int_equal(f.type_mask, SL_NETWORK_TYPE_CUSTOM | SL_NETWORK_TYPE_BUILTIN);
	assert_int_equal(f.dangling, SL_TRI_TRUE);
	assert_int_equal(f.n_label_not, 0);
	assert_int_equal(f.has_until, 0);

	assert_int_equal(gw_filters_network_list(a, "{\"name\":[\"^ct-n1$\"]}", &f, &err), 0);
	assert_true(gw_pattern_match(&f.name[0], "ct-n1"));
	assert_false(gw_pattern_match(&f.name[0], "ct-n12"));
	/* An invalid regex still matches itself exactly. */
	assert_int_equal(gw_filters_network_list(a, "{\"name\":[\"a(b\"]}", &f, &err), 0);
	assert_true(gw_pattern_match(&f.name[0], "a(b"));
	assert_false(gw_pattern_match(&f.name[0], "xa(bx"));

	assert_int_equal(gw_filters_network_list(a, "{\"dangling\":[\"false\"]}", &f, &err), 0);
	assert_int_equal(f.dangling, SL_TRI_FALSE);
	assert_int_equal(gw_filters_network_list(a, "{\"dangling\":[\"0\"]}", &f, &err), 0);
	assert_int_equal(f.dangling, SL_TRI_FALSE);
	assert_int_equal(gw_filters_network_list(a, "{\"dangling\":[]}", &f, &err), 0);
	assert_int_equal(f.dangling, SL_TRI_UNSET);
	assert_int_equal(gw_filters_network_list(a, "{\"type\":[\"builtin\"]}", &f, &err), 0);
	assert_int_equal(f.type_mask, SL_NETWORK_TYPE_BUILTIN);
	assert_int_equal(gw_filters_network_list(a, NULL, &f, &err), 0);
	assert_int_equal(f.dangling, SL_TRI_UNSET);
	assert_int_equal(f.type_mask, 0);

	expect_network_list_error(a, "notjson", "invalid filter");
	/* The two wire forms cannot be mixed in one document (Go decodes it as one type). */
	expect_network_list_error(a, "{\"name\":[\"x\"],\"id\":{\"y\":true}}", "invalid filter");
	expect_network_list_error(a, "{\"bogus\":[\"x\"]}", "invalid filter 'bogus'");
	expect_network_list_error(a, "{\"label!\":[\"a\"]}", "invalid filter 'label!'");
	expect_network_list_error(a, "{\"until\":[\"1h\"]}", "invalid filter 'until'");
	expect_network_list_error(a, "{\"dangling\":[\"maybe\"]}",
	                          "invalid value for filter 'dangling', must be \"true\" (or \"1\"), or \"false\" (or \"0\")");
	expect_network_list_error(a, "{\"dangling\":[\"true\",\"false\"]}",
	                          "got more than one value for filter key \"dangling\"");
	expect_network_list_error(a, "{\"type\":[\"weird\"]}", "invalid filter: 'type'='weird'");
}

static void expect_prune_error(struct gw_arena *a, const char *text, const char *msg)
{
	struct sl_filters f;
	struct gw_codec_error err = { 0, NULL };

	if (gw_filters_network_prune(a, text, 1700000000LL * S, &f, &err) != -1)
		fail_msg("%s: accepted", text);
	assert_int_equal(err.status, 400);
	if (strcmp(err.message, msg) != 0)
		fail_msg("%s: got <%s>, want <%s>", text, err.message, msg);
}

static void test_network_prune(void **state)
{
	struct gw_arena *a = *state;
	const int64_t now = 1700000000LL * S;
	struct sl_filters f;
	struct gw_codec_error err;

	assert_int_equal(gw_filters_network_prune(a, "{\"until\":[\"1h\"],\"label\":[\"x=1\"],"
	                                          "\"label!\":[\"keep\",\"k=v\"]}", now, &f, &err), 0);
	assert_int_equal(f.has_until, 1);
	assert_int_equal(f.until_ns, now - 3600 * S);
	assert_int_equal(f.n_label, 1);
	assert_string_equal(f.label[0].key, "x");
	assert_string_equal(f.label[0].value, "1");
	assert_int_equal(f.n_label_not, 2);
	assert_string_equal(f.label_not[0].key, "keep");
	assert_null(f.label_not[0].value);
	assert_string_equal(f.label_not[1].value, "v");

	assert_int_equal(gw_filters_network_prune(a, "{\"until\":{\"2023-11-14T22:13:20Z\":true}}", now,
	                                          &f, &err), 0);
	assert_int_equal(f.until_ns, now);
	assert_int_equal(gw_filters_network_prune(a, NULL, now, &f, &err), 0);
	assert_int_equal(f.has_until, 0);
	/* label! with no values excludes everything (moby's MatchKVList). */
	assert_int_equal(gw_filters_network_prune(a, "{\"label!\":[]}", now, &f, &err), 1);

	expect_prune_error(a, "{\"until\":[\"a\",\"b\"]}", "more than one until filter specified");
	expect_prune_error(a, "{\"until\":[\"garbage\"]}",
	                   "failed to parse value as time or duration: \"garbage\"");
	expect_prune_error(a, "{\"until\":[\"2024-13-01\"]}",
	                   "parsing time \"2024-13-01\": month out of range");
	expect_prune_error(a, "{\"dangling\":[\"true\"]}", "invalid filter 'dangling'");
	expect_prune_error(a, "{\"name\":[\"x\"]}", "invalid filter 'name'");
	expect_prune_error(a, "[1", "invalid filter");
}

static void expect_volume_list_error(struct gw_arena *a, const char *text, const char *msg)
{
	struct sl_filters f;
	struct gw_codec_error err = { 0, NULL };

	if (gw_filters_volume_list(a, text, &f, &err) == 0)
		fail_msg("%s: accepted", text);
	assert_int_equal(err.status, 400);
	if (strcmp(err.message, msg) != 0)
		fail_msg("%s: got <%s>, want <%s>", text, err.message, msg);
}

static void test_volume_list(void **state)
{
	struct gw_arena *a = *state;
	struct sl_filters f;
	struct gw_codec_error err;

	assert_int_equal(gw_filters_volume_list(a, "{\"name\":[\"t-v\"],\"driver\":[\"local\"],"
	                                        "\"label\":[\"com.docker.volume.anonymous\"]}",
	                                        &f, &err), 0);
	assert_int_equal(f.n_name, 1);
	assert_true(gw_pattern_match(&f.name[0], "ct-v1"));
	assert_int_equal(f.n_driver, 1);
	assert_string_equal(f.driver[0], "local");
	assert_int_equal(f.n_label, 1);
	assert_null(f.label[0].value);
	assert_int_equal(f.dangling, SL_TRI_UNSET);

	assert_int_equal(gw_filters_volume_list(a, "{\"dangling\":[\"true\"]}", &f, &err), 0);
	assert_int_equal(f.dangling, SL_TRI_TRUE);
	assert_int_equal(gw_filters_volume_list(a, "{\"dangling\":[\"1\"]}", &f, &err), 0);
	assert_int_equal(f.dangling, SL_TRI_TRUE);
	assert_int_equal(gw_filters_volume_list(a, "{\"dangling\":[\"false\"]}", &f, &err), 0);
	assert_int_equal(f.dangling, SL_TRI_FALSE);
	assert_int_equal(gw_filters_volume_list(a, "{\"dangling\":{\"0\":true}}", &f, &err), 0);
	assert_int_equal(f.dangling, SL_TRI_FALSE);
	/* moby reads true first: a set holding true and false is true, an empty set too. */
	assert_int_equal(gw_filters_volume_list(a, "{\"dangling\":[\"false\",\"true\"]}", &f, &err), 0);
	assert_int_equal(f.dangling, SL_TRI_TRUE);
	assert_int_equal(gw_filters_volume_list(a, "{\"dangling\":[]}", &f, &err), 0);
	assert_int_equal(f.dangling, SL_TRI_TRUE);

	expect_volume_list_error(a, "[1", "error reading volume filters: invalid filter");
	expect_volume_list_error(a, "{\"name\":\"x\"}", "error reading volume filters: invalid filter");
	expect_volume_list_error(a, "{\"dangling\":[\"maybe\"]}", "invalid filter 'dangling=[maybe]'");
	expect_volume_list_error(a, "{\"dangling\":[\"maybe\",\"no\"]}",
	                         "invalid filter 'dangling=[maybe no]'");
	expect_volume_list_error(a, "{\"label!\":[\"x\"]}", "invalid filter 'label!'");
	expect_volume_list_error(a, "{\"bogus\":[\"x\"]}", "invalid filter 'bogus'");
}

static void expect_volume_prune_error(struct gw_arena *a, const char *text, int legacy,
                                      const char *msg)
{
	struct sl_filters f;
	struct gw_codec_error err = { 0, NULL };

	if (gw_filters_volume_prune(a, text, legacy, &f, &err) != -1)
		fail_msg("%s: accepted", text);
	assert_int_equal(err.status, 400);
	if (strcmp(err.message, msg) != 0)
		fail_msg("%s: got <%s>, want <%s>", text, err.message, msg);
}

static void test_volume_prune(void **state)
{
	struct gw_arena *a = *state;
	struct sl_filters f;
	struct gw_codec_error err;

	/* API >= 1.42 without all: only anonymous volumes. */
	assert_int_equal(gw_filters_volume_prune(a, NULL, 0, &f, &err), 0);
	assert_int_equal(f.n_label, 1);
	assert_string_equal(f.label[0].key, GW_ANONYMOUS_VOLUME_LABEL);
	assert_null(f.label[0].value);
	assert_int_equal(gw_filters_volume_prune(a, "{\"label\":[\"a=b\"],\"label!\":[\"k\"]}", 0, &f,
	                                         &err), 0);
	assert_int_equal(f.n_label, 2);
	assert_string_equal(f.label[0].key, "a");
	assert_string_equal(f.label[1].key, GW_ANONYMOUS_VOLUME_LABEL);
	assert_int_equal(f.n_label_not, 1);
	assert_int_equal(gw_filters_volume_prune(a, "{\"all\":[\"true\"]}", 0, &f, &err), 0);
	assert_int_equal(f.n_label, 0);
	assert_int_equal(gw_filters_volume_prune(a, "{\"all\":[\"T\"],\"label\":[\"a\"]}", 0, &f, &err), 0);
	assert_int_equal(f.n_label, 1);
	assert_string_equal(f.label[0].key, "a");
	assert_int_equal(gw_filters_volume_prune(a, "{\"all\":[\"0\"]}", 0, &f, &err), 0);
	assert_int_equal(f.n_label, 1);
	assert_string_equal(f.label[0].key, GW_ANONYMOUS_VOLUME_LABEL);
	/* Before API 1.42 every unreferenced local volume is a candidate. */
	assert_int_equal(gw_filters_volume_prune(a, NULL, 1, &f, &err), 0);
	assert_int_equal(f.n_label, 0);
	assert_int_equal(gw_filters_volume_prune(a, "{\"all\":[\"true\"]}", 1, &f, &err), 0);
	assert_int_equal(f.n_label, 0);
	assert_int_equal(gw_filters_volume_prune(a, "{\"label!\":[]}", 1, &f, &err), 1);

	expect_volume_prune_error(a, "{\"all\":[\"1\",\"0\"]}", 0,
	                          "invalid filter 'all=[1 0]': only one value is expected");
	expect_volume_prune_error(a, "{\"all\":[\"maybe\"]}", 0,
	                          "invalid filter 'all': strconv.ParseBool: parsing \"maybe\": invalid syntax");
	expect_volume_prune_error(a, "{\"all\":[\"false\"]}", 1,
	                          "invalid filter 'all=[false true]': only one value is expected");
	expect_volume_prune_error(a, "{\"until\":[\"1h\"]}", 0, "invalid filter 'until'");
	expect_volume_prune_error(a, "{\"dangling\":[\"true\"]}", 0, "invalid filter 'dangling'");
	/* withPrune runs first, so a bad all wins over a bad key. */
	expect_volume_prune_error(a, "{\"until\":[\"1h\"],\"all\":[\"x\"]}", 0,
	                          "invalid filter 'all': strconv.ParseBool: parsing \"x\": invalid syntax");
	expect_volume_prune_error(a, "{", 0, "invalid filter");
}

static void expect_container_list_error(struct gw_arena *a, const char *text, const char *msg)
{
	struct sl_filters f;
	struct gw_codec_error err = { 0, NULL };
	int status_given;

	if (gw_filters_container_list(a, text, &f, &status_given, &err) == 0)
		fail_msg("%s: accepted", text);
	assert_int_equal(err.status, 400);
	if (strcmp(err.message, msg) != 0)
		fail_msg("%s: got <%s>, want <%s>", text, err.message, msg);
}

static void test_container_list(void **state)
{
	struct gw_arena *a = *state;
	struct sl_filters f;
	struct gw_codec_error err;
	int status_given = -1;

	assert_int_equal(gw_filters_container_list(a, "{\"id\":[\"abc\"],\"name\":[\"web\"],"
	                                           "\"label\":[\"x=y\"],\"network\":[\"n1\"],"
	                                           "\"volume\":[\"v1\",\"/data\"]}",
	                                           &f, &status_given, &err), 0);
	assert_int_equal(status_given, 0);
	assert_int_equal(f.n_id, 1);
	assert_int_equal(f.n_name, 1);
	assert_true(gw_pattern_match(&f.name[0], "/web1"));
	assert_int_equal(f.n_label, 1);
	assert_int_equal(f.n_network, 1);
	assert_string_equal(f.network[0], "n1");
	assert_int_equal(f.n_volume, 2);
	assert_string_equal(f.volume[1], "/data");
	assert_int_equal(f.n_status, 0);

	assert_int_equal(gw_filters_container_list(a, "{\"status\":[\"created\",\"exited\"]}", &f,
	                                           &status_given, &err), 0);
	assert_int_equal(status_given, 1);
	assert_int_equal(f.n_status, 2);
	assert_string_equal(f.status[0], "created");
	assert_int_equal(gw_filters_container_list(a, "{\"status\":[]}", &f, &status_given, &err), 0);
	assert_int_equal(status_given, 0);

	expect_container_list_error(a, "{\"status\":[\"bogus\"]}", "invalid filter 'status=bogus'");
	expect_container_list_error(a, "{\"bogus\":[\"x\"]}", "invalid filter 'bogus'");
	expect_container_list_error(a, "{\"label!\":[\"x\"]}", "invalid filter 'label!'");
	expect_container_list_error(a, "{\"ancestor\":[\"busybox\"]}",
	                            "filter 'ancestor' is not supported by sockerless");
	expect_container_list_error(a, "{\"health\":[\"healthy\"]}",
	                            "filter 'health' is not supported by sockerless");
	expect_container_list_error(a, "nope", "invalid filter");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_wire_forms, codec_setup, codec_teardown),
		cmocka_unit_test_setup_teardown(test_wire_form_errors, codec_setup, codec_teardown),
		cmocka_unit_test_setup_teardown(test_network_list, codec_setup, codec_teardown),
		cmocka_unit_test_setup_teardown(test_network_prune, codec_setup, codec_teardown),
		cmocka_unit_test_setup_teardown(test_volume_list, codec_setup, codec_teardown),
		cmocka_unit_test_setup_teardown(test_volume_prune, codec_setup, codec_teardown),
		cmocka_unit_test_setup_teardown(test_container_list, codec_setup, codec_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
