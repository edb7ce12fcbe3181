/* Unit tests for gateway/json_util.c and gateway/codec_error.c: Go's
 * JSON reading rules and Docker's null-versus-empty writing. */
#include "config.h"

#include "tests/unit/codec_test.h"
#include "gateway/codec_error.h"

static void test_parse_strict(void **state)
{
	static const struct {
		const char *in;
		const char *msg;            /* NULL: accepted */
	} cases[] = {
		{ "{\"a\":1}", NULL },
		{ "  {\"a\":1}\n ", NULL },
		{ "null", NULL },
		{ "5", NULL },
		{ "true", NULL },
		{ "\"s\"", NULL },
		{ "   ", "invalid JSON: got EOF while reading request body" },
		{ "{\"Name\":", "invalid JSON: unexpected EOF" },
		{ "{\"a\":1} x", "unexpected content after JSON" },
		{ "{\"a\":1}{}", "unexpected content after JSON" },
		/* The reason after the prefix is json-c's wording, not Go's. */
		{ "{bad json", "invalid JSON: " },
		{ "{\"a\":tru}", "invalid JSON: " },
		{ "{\"a\":1,}", "invalid JSON: " },
	};
	struct gw_arena *a = *state;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct gw_codec_error err = { 0, NULL };
		json_object *o = NULL;
		int rc = gw_json_parse_strict(a, cases[i].in, strlen(cases[i].in), &o, &err);

		if (cases[i].msg == NULL) {
			if (rc != 0)
				fail_msg("%s: %s", cases[i].in, err.message);
			continue;
		}
		if (rc == 0)
			fail_msg("%s: accepted", cases[i].in);
		assert_int_equal(err.status, 400);
		if (strncmp(err.message, cases[i].msg, strlen(cases[i].msg)) != 0)
			fail_msg("%s: got <%s>, want <%s...>", cases[i].in, err.message, cases[i].msg);
	}
}

static void test_field_lookup(void **state)
{
	struct gw_arena *a = *state;
	json_object *o = codec_json(a, "{\"name\":\"lower\",\"Other\":null,\"DRIVER\":\"x\",\"Driver\":\"y\"}");

	/* Go matches case-insensitively when there is no exact match. */
	assert_string_equal(json_object_get_string(gw_json_field(o, "Name")), "lower");
	/* An exact match wins. */
	assert_string_equal(json_object_get_string(gw_json_field(o, "Driver")), "y");
	/* null reads as absent. */
	assert_null(gw_json_field(o, "Other"));
	assert_null(gw_json_field(o, "Missing"));
	assert_null(gw_json_field(NULL, "Name"));
}

static void test_typed_readers(void **state)
{
	struct gw_arena *a = *state;
	struct gw_codec_error err = { 0, NULL };
	struct gw_json_dec d = { a, &err, "NetworkCreateRequest" };
	json_object *o = codec_json(a, "{\"S\":\"v\",\"B\":true,\"I\":42,\"M\":{\"k\":\"v\",\"n\":null},"
	                               "\"L\":[\"a\",null],\"E\":{},\"EL\":[],\"Sl\":\"one\","
	                               "\"N\":null,\"Big\":18446744073709551615,\"F\":1.5}");
	const char *s;
	int b;
	enum sl_tristate t;
	int64_t i;
	struct sl_map m;
	struct sl_strv v;
	json_object *sub;

	assert_int_equal(gw_json_get_string(&d, o, NULL, "S", &s), 0);
	assert_string_equal(s, "v");
	assert_int_equal(gw_json_get_string(&d, o, NULL, "N", &s), 0);
	assert_null(s);
	assert_int_equal(gw_json_get_bool(&d, o, NULL, "B", &b), 0);
	assert_int_equal(b, 1);
	assert_int_equal(gw_json_get_tristate(&d, o, NULL, "B", &t), 0);
	assert_int_equal(t, SL_TRI_TRUE);
	assert_int_equal(gw_json_get_tristate(&d, o, NULL, "N", &t), 0);
	assert_int_equal(t, SL_TRI_UNSET);
	assert_int_equal(gw_json_get_int64(&d, o, NULL, "I", &i), 0);
	assert_int_equal(i, 42);
	assert_int_equal(gw_json_get_map(&d, o, NULL, "M", &m), 0);
	assert_int_equal(m.present, 1);
	assert_int_equal(m.count, 2);
	assert_string_equal(m.items[0].key, "k");
	assert_string_equal(m.items[1].value, "");
	assert_string_equal(gw_map_get(&m, "k"), "v");
	assert_null(gw_map_get(&m, "zz"));
	/* null versus {} versus absent. */
	assert_int_equal(gw_json_get_map(&d, o, NULL, "N", &m), 0);
	assert_int_equal(m.present, 0);
	assert_int_equal(gw_json_get_map(&d, o, NULL, "E", &m), 0);
	assert_int_equal(m.present, 1);
	assert_int_equal(m.count, 0);
	assert_int_equal(gw_json_get_strv(&d, o, NULL, "L", &v), 0);
	assert_int_equal(v.count, 2);
	assert_string_equal(v.items[1], "");
	assert_int_equal(gw_json_get_strv(&d, o, NULL, "EL", &v), 0);
	assert_int_equal(v.present, 1);
	assert_int_equal(v.count, 0);
	assert_int_equal(gw_json_get_strv(&d, o, NULL, "Nope", &v), 0);
	assert_int_equal(v.present, 0);
	assert_int_equal(gw_json_get_strslice(&d, o, NULL, "Sl", &v), 0);
	assert_int_equal(v.count, 1);
	assert_string_equal(v.items[0], "one");
	assert_int_equal(gw_json_get_strslice(&d, o, NULL, "L", &v), 0);
	assert_int_equal(v.count, 2);
	assert_int_equal(gw_json_get_object(&d, o, NULL, "E", &sub), 0);
	assert_non_null(sub);
	assert_int_equal(gw_json_get_array(&d, o, NULL, "EL", &sub), 0);
	assert_non_null(sub);

	/* Wrong types: Go's message, 400. */
	assert_int_equal(gw_json_get_string(&d, o, NULL, "I", &s), -1);
	assert_int_equal(err.status, 400);
	assert_string_equal(err.message,
	                    "invalid JSON: json: cannot unmarshal number into Go struct field NetworkCreateRequest.I of type string");
	assert_int_equal(gw_json_get_bool(&d, o, "IPAM", "S", &b), -1);
	assert_string_equal(err.message,
	                    "invalid JSON: json: cannot unmarshal string into Go struct field NetworkCreateRequest.IPAM.S of type bool");
	assert_int_equal(gw_json_get_int64(&d, o, NULL, "F", &i), -1);
	assert_int_equal(gw_json_get_int64(&d, o, NULL, "Big", &i), -1);
	assert_int_equal(gw_json_get_map(&d, o, NULL, "L", &m), -1);
	assert_string_equal(err.message,
	                    "invalid JSON: json: cannot unmarshal array into Go struct field NetworkCreateRequest.L of type map[string]string");
	assert_int_equal(gw_json_get_map(&d, codec_json(a, "{\"M\":{\"a\":1}}"), NULL, "M", &m), -1);
	assert_string_equal(err.message,
	                    "invalid JSON: json: cannot unmarshal number into Go struct field NetworkCreateRequest.M of type string");
	assert_int_equal(gw_json_get_strv(&d, codec_json(a, "{\"L\":[\"a\",true]}"), NULL, "L", &v), -1);
	assert_int_equal(gw_json_get_strv(&d, o, NULL, "S", &v), -1);
	assert_int_equal(gw_json_get_strslice(&d, o, NULL, "M", &v), -1);
	assert_int_equal(gw_json_get_object(&d, o, NULL, "L", &sub), -1);
	assert_int_equal(gw_json_get_array(&d, o, NULL, "M", &sub), -1);
	/* A NUL inside a string would silently shorten it: refused. */
	assert_int_equal(gw_json_get_string(&d, codec_json(a, "{\"S\":\"a\\u0000b\"}"), NULL, "S", &s), -1);
	assert_int_equal(err.status, 400);
	assert_int_equal(gw_json_expect_object(&d, codec_json(a, "[1]"), "types.NetworkCreateRequest"), -1);
	assert_string_equal(err.message,
	                    "invalid JSON: json: cannot unmarshal array into Go value of type types.NetworkCreateRequest");
	assert_int_equal(gw_json_expect_object(&d, NULL, "x"), 0);
}

static void test_writers(void **state)
{
	struct gw_arena *a = *state;
	static const struct sl_kv kv[] = { { "a", "1" }, { "b", NULL } };
	static const char *const items[] = { "x", "y" };
	struct sl_map absent = { 0, 0, NULL }, empty = { 1, 0, NULL }, full = { 1, 2, kv };
	struct sl_strv vabsent = { 0, 0, NULL }, vempty = { 1, 0, NULL }, vfull = { 1, 2, items };

	assert_null(gw_json_map(&absent));
	assert_string_equal(codec_text(a, gw_json_map(&empty)), "{}");
	assert_string_equal(codec_text(a, gw_json_map(&full)), "{\"a\":\"1\",\"b\":\"\"}");
	assert_string_equal(codec_text(a, gw_json_map_or_empty(&absent)), "{}");
	assert_null(gw_json_strv(&vabsent));
	assert_string_equal(codec_text(a, gw_json_strv(&vempty)), "[]");
	assert_string_equal(codec_text(a, gw_json_strv(&vfull)), "[\"x\",\"y\"]");
	assert_string_equal(codec_text(a, gw_json_strv_or_empty(&vabsent)), "[]");
	assert_string_equal(codec_text(a, gw_json_str(NULL)), "\"\"");
}

static void test_go_quote(void **state)
{
	struct gw_arena *a = *state;
	struct gw_codec_error err;

	assert_string_equal(gw_go_quote(a, "plain"), "\"plain\"");
	assert_string_equal(gw_go_quote(a, "a\"b\\c"), "\"a\\\"b\\\\c\"");
	assert_string_equal(gw_go_quote(a, "t\tn\nr\r\x01\x7f"), "\"t\\tn\\nr\\r\\x01\\x7f\"");
	assert_string_equal(gw_go_quote(a, "caf\xc3\xa9"), "\"caf\xc3\xa9\"");
	assert_string_equal(gw_go_quote(a, "bad\xff"), "\"bad\\xff\"");
	assert_string_equal(gw_go_quote(a, ""), "\"\"");
	assert_int_equal(gw_codec_fail(a, &err, 409, "x %d", 5), -1);
	assert_int_equal(err.status, 409);
	assert_string_equal(err.message, "x 5");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_parse_strict, codec_setup, codec_teardown),
		cmocka_unit_test_setup_teardown(test_field_lookup, codec_setup, codec_teardown),
		cmocka_unit_test_setup_teardown(test_typed_readers, codec_setup, codec_teardown),
		cmocka_unit_test_setup_teardown(test_writers, codec_setup, codec_teardown),
		cmocka_unit_test_setup_teardown(test_go_quote, codec_setup, codec_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
