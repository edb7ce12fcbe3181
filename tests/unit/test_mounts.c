/* Unit tests for gateway/mounts.c: Binds strings, Mounts objects,
 * VolumesFrom, Config.Volumes and Docker's messages (docker-api.md 4.1-4.4). */
#include "config.h"

#include "tests/unit/codec_test.h"
#include "gateway/mounts.h"

static void test_path_clean(void **state)
{
	static const char *const cases[][2] = {
		{ "", "." }, { "/", "/" }, { "a/b/../c", "a/c" }, { "/../x", "/x" },
		{ "../../a", "../../a" }, { "a/../..", ".." }, { "//a//b/", "/a/b" }, { "./", "." },
		{ "/a/./b/.", "/a/b" }, { "abc", "abc" }, { "/a/b/c/../../..", "/" }, { "a/..", "." },
		{ "..a/.b", "..a/.b" },
	};
	struct gw_arena *a = *state;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *got = gw_path_clean(a, cases[i][0]);

		if (strcmp(got, cases[i][1]) != 0)
			fail_msg("clean(%s) = %s, want %s", cases[i][0], got, cases[i][1]);
	}
}

static void test_modes(void **state)
{
	static const char *const good[] = {
		"", "ro", "rw", "z", "Z", "ro,z", "rshared", "nocopy", "cached", "rw,Z,rslave,nocopy,delegated",
	};
	static const char *const bad[] = { "bogus", "ro,rw", "z,Z", "shared,slave", "nocopy,nocopy", "ro,", "," };

	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		assert_true(gw_mount_mode_valid(good[i]));
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (gw_mount_mode_valid(bad[i]))
			fail_msg("mode %s accepted", bad[i]);
	}
}

static void test_binds_good(void **state)
{
	struct gw_arena *a = *state;
	struct gw_codec_error err;
	struct sl_mount_spec m;

	assert_int_equal(gw_bind_parse(a, "vol:/data", &m, &err), 0);
	assert_int_equal(m.type, SL_MOUNT_VOLUME);
	assert_int_equal(m.origin, SL_MOUNT_FROM_BINDS);
	assert_string_equal(m.source, "vol");
	assert_string_equal(m.target, "/data");
	assert_int_equal(m.read_only, 0);
	assert_string_equal(m.mode, "");
	assert_string_equal(m.propagation, "");
	assert_null(m.volume_driver);

	assert_int_equal(gw_bind_parse(a, "vol:/data:ro", &m, &err), 0);
	assert_int_equal(m.read_only, 1);
	assert_string_equal(m.mode, "ro");

	assert_int_equal(gw_bind_parse(a, "/srv:/srv", &m, &err), 0);
	assert_int_equal(m.type, SL_MOUNT_BIND);
	assert_string_equal(m.source, "/srv");
	assert_string_equal(m.propagation, "rprivate");
	assert_int_equal(m.read_only, 0);

	assert_int_equal(gw_bind_parse(a, "/srv:/srv:ro,z", &m, &err), 0);
	assert_int_equal(m.read_only, 1);
	assert_string_equal(m.mode, "ro,z");
	assert_string_equal(m.propagation, "rprivate");

	assert_int_equal(gw_bind_parse(a, "/srv:/srv:rshared", &m, &err), 0);
	assert_string_equal(m.propagation, "rshared");

	assert_int_equal(gw_bind_parse(a, "/data", &m, &err), 0);
	assert_int_equal(m.type, SL_MOUNT_VOLUME);
	assert_null(m.source);
	assert_string_equal(m.target, "/data");

	assert_int_equal(gw_bind_parse(a, "/src/../x//y/:/a/b/../c", &m, &err), 0);
	assert_string_equal(m.source, "/x/y");
	assert_string_equal(m.target, "/a/c");

	assert_int_equal(gw_bind_parse(a, "vol:/data:nocopy", &m, &err), 0);
	assert_int_equal(m.nocopy, 1);
	assert_int_equal(m.read_only, 0);
}

static void test_binds_bad(void **state)
{
	static const char *const cases[][2] = {
		{ "/foo:rw", "invalid volume specification: '/foo:rw'" },
		{ "a:/b:ro:x", "invalid volume specification: 'a:/b:ro:x'" },
		{ "", "invalid volume specification: ''" },
		{ ":/x", "invalid volume specification: ':/x'" },
		{ "vol:/data:bogus", "invalid mode: bogus" },
		{ "vol:/data:ro,rw", "invalid mode: ro,rw" },
		{ "vol:/", "invalid volume specification: 'vol:/': invalid mount config for type \"volume\": invalid specification: destination can't be '/'" },
		{ "/", "invalid volume specification: '/': invalid mount config for type \"volume\": invalid specification: destination can't be '/'" },
		{ "/h:/x/..", "invalid volume specification: '/h:/x/..': invalid mount config for type \"bind\": invalid specification: destination can't be '/'" },
		{ "vol:rel", "invalid volume specification: 'vol:rel': invalid mount config for type \"volume\": invalid mount path: 'rel' mount path must be absolute" },
		{ "vol:/d:shared", "invalid volume specification: 'vol:/d:shared': invalid mount config for type \"volume\": field BindOptions must not be specified" },
		/* "" is a valid mode, so "/h:" is a destination and a mode without a source. */
		{ "/h:", "invalid volume specification: '/h:'" },
		{ "v::ro", "invalid volume specification: 'v::ro': invalid mount config for type \"volume\": field Target must not be empty" },
	};
	struct gw_arena *a = *state;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct gw_codec_error err = { 0, NULL };
		struct sl_mount_spec m;

		if (gw_bind_parse(a, cases[i][0], &m, &err) == 0)
			fail_msg("%s: accepted", cases[i][0]);
		assert_int_equal(err.status, 400);
		if (strcmp(err.message, cases[i][1]) != 0)
			fail_msg("%s: got <%s>, want <%s>", cases[i][0], err.message, cases[i][1]);
	}
}

static int decode_mount(struct gw_arena *a, const char *text, unsigned api_minor,
                        struct sl_mount_spec *m, struct gw_codec_error *err)
{
	struct gw_json_dec d = { a, err, "CreateRequest" };

	return gw_mount_decode(&d, codec_json(a, text), api_minor, m);
}

static void test_mounts_good(void **state)
{
	struct gw_arena *a = *state;
	struct gw_codec_error err = { 0, NULL };
	struct sl_mount_spec m;

	assert_int_equal(decode_mount(a, "{\"Type\":\"volume\",\"Source\":\"v\",\"Target\":\"/d/\"}", 47, &m, &err), 0);
	assert_int_equal(m.type, SL_MOUNT_VOLUME);
	assert_int_equal(m.origin, SL_MOUNT_FROM_MOUNTS);
	assert_string_equal(m.source, "v");
	assert_string_equal(m.target, "/d");
	assert_string_equal(m.mode, "");
	assert_null(m.subpath);

	assert_int_equal(decode_mount(a, "{\"Type\":\"volume\",\"Target\":\"/d\"}", 47, &m, &err), 0);
	assert_null(m.source);

	/* Bind sources are recorded, not looked for on this host. */
	assert_int_equal(decode_mount(a, "{\"Type\":\"bind\",\"Source\":\"/does/not/exist\",\"Target\":\"/x\",\"ReadOnly\":true}", 47, &m, &err), 0);
	assert_int_equal(m.type, SL_MOUNT_BIND);
	assert_string_equal(m.source, "/does/not/exist");
	assert_string_equal(m.propagation, "rprivate");
	assert_int_equal(m.read_only, 1);

	assert_int_equal(decode_mount(a, "{\"Type\":\"bind\",\"Source\":\"/s\",\"Target\":\"/x\",\"BindOptions\":{\"Propagation\":\"rslave\"}}", 47, &m, &err), 0);
	assert_string_equal(m.propagation, "rslave");

	assert_int_equal(decode_mount(a, "{\"Type\":\"tmpfs\",\"Target\":\"/t\",\"TmpfsOptions\":{\"SizeBytes\":1024}}", 47, &m, &err), 0);
	assert_int_equal(m.type, SL_MOUNT_TMPFS);
	assert_int_equal(m.tmpfs_size, 1024);
	assert_null(m.source);

	assert_int_equal(decode_mount(a, "{\"type\":\"volume\",\"source\":\"v\",\"target\":\"/d\",\"VolumeOptions\":{\"NoCopy\":true,\"Labels\":{\"a\":\"b\"},\"DriverConfig\":{\"Name\":\"azurefile\",\"Options\":{\"o\":\"x\"}},\"Subpath\":\"sub/dir\"}}", 45, &m, &err), 0);
	assert_int_equal(m.nocopy, 1);
	assert_string_equal(m.volume_driver, "azurefile");
	assert_string_equal(gw_map_get(&m.volume_driver_opts, "o"), "x");
	assert_string_equal(gw_map_get(&m.volume_labels, "a"), "b");
	assert_string_equal(m.subpath, "sub/dir");

	/* Before API 1.42, options of another mount type were dropped silently. */
	assert_int_equal(decode_mount(a, "{\"Type\":\"bind\",\"Source\":\"/s\",\"Target\":\"/x\",\"VolumeOptions\":{}}", 41, &m, &err), 0);
}

static void test_mounts_bad(void **state)
{
	static const struct {
		const char *in;
		unsigned api;
		const char *msg;
	} cases[] = {
		{ "{\"Type\":\"volume\",\"Target\":\"\"}", 47, "invalid mount config for type \"volume\": field Target must not be empty" },
		{ "{\"Type\":\"volume\",\"Target\":\"/\"}", 47, "invalid mount config for type \"volume\": invalid specification: destination can't be '/'" },
		{ "{\"Type\":\"volume\",\"Target\":\"rel\"}", 47, "invalid mount config for type \"volume\": invalid mount path: 'rel' mount path must be absolute" },
		{ "{\"Type\":\"bogus\",\"Target\":\"/x\"}", 47, "invalid mount config for type \"bogus\": mount type unknown" },
		{ "{\"Type\":\"npipe\",\"Source\":\"x\",\"Target\":\"/x\"}", 47, "invalid mount config for type \"npipe\": mount type unknown" },
		{ "{\"Type\":\"bind\",\"Target\":\"/x\"}", 47, "invalid mount config for type \"bind\": field Source must not be empty" },
		{ "{\"Type\":\"bind\",\"Source\":\"rel\",\"Target\":\"/x\"}", 47, "invalid mount config for type \"bind\": invalid mount path: 'rel' mount path must be absolute" },
		{ "{\"Type\":\"bind\",\"Source\":\"/s\",\"Target\":\"/x\",\"VolumeOptions\":{}}", 42, "VolumeOptions must not be specified on mount type \"bind\"" },
		{ "{\"Type\":\"bind\",\"Source\":\"/s\",\"Target\":\"/x\",\"BindOptions\":{\"Propagation\":\"x\"}}", 47, "invalid mount config for type \"bind\": invalid propagation mode: x" },
		{ "{\"Type\":\"volume\",\"Target\":\"/x\",\"BindOptions\":{}}", 41, "invalid mount config for type \"volume\": field BindOptions must not be specified" },
		{ "{\"Type\":\"volume\",\"Target\":\"/x\",\"BindOptions\":{}}", 47, "BindOptions must not be specified on mount type \"volume\"" },
		{ "{\"Type\":\"volume\",\"Target\":\"/x\",\"TmpfsOptions\":{}}", 47, "TmpfsOptions must not be specified on mount type \"volume\"" },
		{ "{\"Type\":\"volume\",\"Target\":\"/x\",\"ReadOnly\":true}", 47, "invalid mount config for type \"volume\": must not set ReadOnly mode when using anonymous volumes" },
		{ "{\"Type\":\"volume\",\"Target\":\"/x\",\"VolumeOptions\":{\"Subpath\":\"s\"}}", 47, "invalid mount config for type \"volume\": must not set Subpath when using anonymous volumes" },
		{ "{\"Type\":\"volume\",\"Source\":\"v\",\"Target\":\"/x\",\"VolumeOptions\":{\"Subpath\":\"../s\"}}", 47, "invalid mount config for type \"volume\": subpath must be a relative path within the volume" },
		{ "{\"Type\":\"volume\",\"Source\":\"v\",\"Target\":\"/x\",\"VolumeOptions\":{\"Subpath\":\"/abs\"}}", 47, "invalid mount config for type \"volume\": subpath must be a relative path within the volume" },
		{ "{\"Type\":\"volume\",\"Source\":\"v\",\"Target\":\"/x\",\"VolumeOptions\":{\"Subpath\":\"s\"}}", 44, "VolumeOptions.Subpath needs API v1.45 or newer" },
		{ "{\"Type\":\"tmpfs\",\"Source\":\"x\",\"Target\":\"/t\"}", 47, "invalid mount config for type \"tmpfs\": field Source must not be specified" },
		{ "{\"Type\":\"tmpfs\",\"Target\":\"/t\",\"BindOptions\":{}}", 41, "invalid mount config for type \"tmpfs\": field BindOptions must not be specified" },
		{ "null", 47, "invalid mount config for type \"\": field Target must not be empty" },
		{ "{\"Type\":5}", 47, "invalid JSON: json: cannot unmarshal number into Go struct field Mount.HostConfig.Mounts.Type of type string" },
		{ "{\"Type\":\"volume\",\"Target\":\"/x\",\"VolumeOptions\":{\"NoCopy\":\"y\"}}", 47, "invalid JSON: json: cannot unmarshal string into Go struct field VolumeOptions.HostConfig.Mounts.VolumeOptions.NoCopy of type bool" },
		{ "[]", 47, "invalid JSON: json: cannot unmarshal array into Go struct field HostConfig.HostConfig.Mounts of type mount.Mount" },
	};
	struct gw_arena *a = *state;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct gw_codec_error err = { 0, NULL };
		struct sl_mount_spec m;

		if (decode_mount(a, cases[i].in, cases[i].api, &m, &err) == 0)
			fail_msg("%s: accepted", cases[i].in);
		assert_int_equal(err.status, 400);
		if (strcmp(err.message, cases[i].msg) != 0)
			fail_msg("%s: got <%s>, want <%s>", cases[i].in, err.message, cases[i].msg);
	}
}

static void test_volumes_from(void **state)
{
	struct gw_arena *a = *state;
	struct gw_codec_error err;
	struct sl_volumes_from v;

	assert_int_equal(gw_volumes_from_parse(a, "c1", &v, &err), 0);
	assert_string_equal(v.container, "c1");
	assert_int_equal(v.read_only, 0);
	assert_int_equal(gw_volumes_from_parse(a, "c1:ro", &v, &err), 0);
	assert_string_equal(v.container, "c1");
	assert_int_equal(v.read_only, 1);
	assert_int_equal(gw_volumes_from_parse(a, "c1:rw", &v, &err), 0);
	assert_int_equal(v.read_only, 0);
	assert_int_equal(gw_volumes_from_parse(a, "c1:z", &v, &err), 0);
	assert_int_equal(v.read_only, 0);
	assert_int_equal(gw_volumes_from_parse(a, "c1:", &v, &err), 0);
	assert_string_equal(v.container, "c1");
	assert_int_equal(gw_volumes_from_parse(a, "", &v, &err), -1);
	assert_string_equal(err.message, "volumes-from specification cannot be an empty string");
	assert_int_equal(gw_volumes_from_parse(a, "c1:shared", &v, &err), -1);
	assert_string_equal(err.message, "invalid mode: shared");
	assert_int_equal(gw_volumes_from_parse(a, "c1:nocopy", &v, &err), -1);
	assert_string_equal(err.message, "invalid mode: nocopy");
	assert_int_equal(gw_volumes_from_parse(a, "c1:bogus", &v, &err), -1);
	assert_int_equal(err.status, 400);
	assert_string_equal(err.message, "invalid mode: bogus");
}

/* Build gw_mount_input from a small JSON description of the request. */
static int decode_all(struct gw_arena *a, const char *hc_text, const char *volumes_text,
                      struct gw_mount_output *out, struct gw_codec_error *err)
{
	struct gw_json_dec d = { a, err, "CreateRequest" };
	json_object *hc = codec_json(a, hc_text);
	struct gw_mount_input in;
	const char *driver = NULL;

	memset(&in, 0, sizeof(in));
	assert_int_equal(gw_json_get_strv(&d, hc, NULL, "Binds", &in.binds), 0);
	assert_int_equal(gw_json_get_array(&d, hc, NULL, "Mounts", &in.mounts), 0);
	assert_int_equal(gw_json_get_strv(&d, hc, NULL, "VolumesFrom", &in.volumes_from), 0);
	assert_int_equal(gw_json_get_map(&d, hc, NULL, "Tmpfs", &in.tmpfs), 0);
	assert_int_equal(gw_json_get_string(&d, hc, NULL, "VolumeDriver", &driver), 0);
	in.volume_driver = driver != NULL ? driver : "";
	in.config_volumes = volumes_text != NULL ? codec_json(a, volumes_text) : NULL;
	in.api_minor = 47;
	return gw_mounts_decode(&d, &in, out);
}

static void test_decode_all(void **state)
{
	struct gw_arena *a = *state;
	struct gw_codec_error err = { 0, NULL };
	struct gw_mount_output o;

	assert_int_equal(decode_all(a, "{\"Binds\":[\"vol:/d\",\"/h:/h:ro\"],"
	                               "\"Mounts\":[{\"Type\":\"tmpfs\",\"Target\":\"/t\"}],"
	                               "\"VolumesFrom\":[\"c1:ro\",\"c2\"]}",
	                            "{\"/anon\":{},\"/d\":{},\"/t/\":{}}", &o, &err), 0);
	assert_int_equal(o.n_mounts, 4);
	assert_string_equal(o.mounts[0].target, "/d");
	assert_int_equal(o.mounts[1].type, SL_MOUNT_BIND);
	assert_int_equal(o.mounts[2].type, SL_MOUNT_TMPFS);
	/* Config.Volumes adds only destinations nothing else mounts. */
	assert_int_equal(o.mounts[3].origin, SL_MOUNT_FROM_CONFIG);
	assert_string_equal(o.mounts[3].target, "/anon");
	assert_null(o.mounts[3].source);
	assert_int_equal(o.n_volumes_from, 2);
	assert_int_equal(o.volumes_from[0].read_only, 1);
	assert_string_equal(o.volumes_from[1].container, "c2");

	assert_int_equal(decode_all(a, "{}", NULL, &o, &err), 0);
	assert_int_equal(o.n_mounts, 0);
	/* A named volume of another driver is not held to the local driver's name rules. */
	assert_int_equal(decode_all(a, "{\"Binds\":[\"a:/d\"],\"VolumeDriver\":\"azurefile\"}", NULL, &o, &err), 0);
	assert_int_equal(decode_all(a, "{\"Mounts\":[{\"Type\":\"volume\",\"Source\":\"a\",\"Target\":\"/d\",\"VolumeOptions\":{\"DriverConfig\":{\"Name\":\"azurefile\"}}}]}", NULL, &o, &err), 0);
}

static void test_decode_all_errors(void **state)
{
	static const struct {
		const char *hc;
		const char *volumes;
		const char *msg;
	} cases[] = {
		{ "{\"Binds\":[\"v5:/d\"],\"Mounts\":[{\"Type\":\"volume\",\"Source\":\"v6\",\"Target\":\"/d\"}]}", NULL, "Duplicate mount point: /d" },
		{ "{\"Binds\":[\"a1:/d\",\"/x:/d/\"]}", NULL, "Duplicate mount point: /d" },
		{ "{\"Mounts\":[{\"Type\":\"volume\",\"Source\":\"v1\",\"Target\":\"/d\"},{\"Type\":\"tmpfs\",\"Target\":\"/d/\"}]}", NULL, "Duplicate mount point: /d/" },
		{ "{\"Binds\":[\"vv:/t\"],\"Tmpfs\":{\"/t\":\"\"}}", NULL, "Duplicate mount point: /t" },
		{ "{}", "{\"rel\":{}}", "invalid volume specification: 'rel': invalid mount config for type \"volume\": invalid mount path: 'rel' mount path must be absolute" },
		{ "{}", "{\"/x\":true}", "invalid JSON: json: cannot unmarshal bool into Go struct field CreateRequest.Volumes of type struct {}" },
		{ "{\"Binds\":[\"a:/d\"]}", NULL, "create a: volume name is too short, names should be at least two alphanumeric characters" },
		{ "{\"Binds\":[\"./rel:/d\"]}", NULL, "create ./rel: \"./rel\" includes invalid characters for a local volume name, only \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass a host directory, use absolute path" },
		{ "{\"Mounts\":[{\"Type\":\"volume\",\"Source\":\"a\",\"Target\":\"/d\"}],\"VolumeDriver\":\"azurefile\"}", NULL, "create a: volume name is too short, names should be at least two alphanumeric characters" },
		/* Mounts are validated first, then VolumesFrom, then Binds. */
		{ "{\"Binds\":[\"/x:rw\"],\"Mounts\":[{\"Type\":\"bogus\",\"Target\":\"/y\"}]}", NULL, "invalid mount config for type \"bogus\": mount type unknown" },
		{ "{\"Binds\":[\"/x:rw\"],\"VolumesFrom\":[\"c:shared\"]}", NULL, "invalid mode: shared" },
	};
	struct gw_arena *a = *state;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct gw_codec_error err = { 0, NULL };
		struct gw_mount_output o;

		if (decode_all(a, cases[i].hc, cases[i].volumes, &o, &err) == 0)
			fail_msg("%s: accepted", cases[i].hc);
		assert_int_equal(err.status, 400);
		if (strcmp(err.message, cases[i].msg) != 0)
			fail_msg("%s: got <%s>, want <%s>", cases[i].hc, err.message, cases[i].msg);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_path_clean, codec_setup, codec_teardown),
		cmocka_unit_test_setup_teardown(test_modes, codec_setup, codec_teardown),
		cmocka_unit_test_setup_teardown(test_binds_good, codec_setup, codec_teardown),
		cmocka_unit_test_setup_teardown(test_binds_bad, codec_setup, codec_teardown),
		cmocka_unit_test_setup_teardown(test_mounts_good, codec_setup, codec_teardown),
		cmocka_unit_test_setup_teardown(test_mounts_bad, codec_setup, codec_teardown),
		cmocka_unit_test_setup_teardown(test_volumes_from, codec_setup, codec_teardown),
		cmocka_unit_test_setup_teardown(test_decode_all, codec_setup, codec_teardown),
		cmocka_unit_test_setup_teardown(test_decode_all_errors, codec_setup, codec_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
