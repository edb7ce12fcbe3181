/* Unit tests for gateway/container_codec.c: container create decoding
 * (names, Config/HostConfig, networking, API-version rules) and the
 * inspect and list encoders, against dockerd's shapes. */
#include "config.h"

#include <stdlib.h>
#include <time.h>

#include "tests/unit/codec_test.h"
#include "gateway/container_codec.h"
#include "gateway/container_view.h"

#define ID "d598bce338da7fa5d51724faeb6ba5c90972c55443e8d7c200965fd29c37dfd1"

static int decode(struct gw_arena *a, const char *text, const char *name, unsigned api,
                  struct gw_container_create *c, struct gw_codec_error *err)
{
	return gw_container_create_decode(a, text != NULL, text != NULL ? codec_json(a, text) : NULL, name,
	                                  api, c, err);
}

static void test_create_sample(void **state)
{
	struct gw_arena *a = *state;
	struct gw_codec_error err = { 0, NULL };
	struct gw_container_create c;
	const struct sl_container_create_req *r = &c.req;

	/* dockerd sample 108. */
	assert_int_equal(decode(a, "{\"Image\":\"alpine:3.10\",\"Cmd\":[\"top\"],\"HostConfig\":{\"NetworkMode\":\"xs-net\"},"
	                           "\"NetworkingConfig\":{\"EndpointsConfig\":{\"xs-net\":{\"Aliases\":[\"foo\",\"bar\"]}}}}",
	                        "xs-ctr", 47, &c, &err), 0);
	assert_string_equal(r->name, "xs-ctr");
	assert_string_equal(r->image, "alpine:3.10");
	assert_int_equal(r->cmd.count, 1);
	assert_string_equal(r->cmd.items[0], "top");
	assert_int_equal(r->entrypoint.present, 0);
	assert_int_equal(r->env.present, 0);
	assert_int_equal(r->labels.present, 0);
	assert_string_equal(r->network_mode, "xs-net");
	assert_int_equal(r->n_endpoints, 1);
	assert_string_equal(r->endpoints[0].network, "xs-net");
	assert_int_equal(r->endpoints[0].aliases.count, 2);
	assert_int_equal(r->n_mounts, 0);
	assert_int_equal(r->auto_remove, 0);
	assert_string_equal(r->volume_driver, "");
	assert_string_equal(r->config_json, "{\"Cmd\":[\"top\"],\"Image\":\"alpine:3.10\"}");
	assert_string_equal(r->host_config_json, "{\"NetworkMode\":\"xs-net\"}");
	assert_int_equal(c.warnings.present, 0);
}

static void test_create_fields(void **state)
{
	struct gw_arena *a = *state;
	struct gw_codec_error err = { 0, NULL };
	struct gw_container_create c;
	const struct sl_container_create_req *r = &c.req;

	assert_int_equal(decode(a, "{\"image\":\"busybox\",\"Cmd\":\"echo hi\",\"Entrypoint\":[\"/bin/sh\",\"-c\"],"
	                           "\"Env\":[\"A=1\",\"B\"],\"WorkingDir\":\"/w\",\"User\":\"1000\",\"Hostname\":\"h\","
	                           "\"Labels\":{\"l\":\"v\"},\"Volumes\":{\"/anon\":{}},\"Bogus\":1,"
	                           "\"HostConfig\":{\"Binds\":[\"data:/d\"],\"AutoRemove\":true,\"VolumeDriver\":\"local\","
	                           "\"VolumesFrom\":[\"c2:ro\"],\"privileged\":false,\"Unknown\":{}}}",
	                        "/web", 47, &c, &err), 0);
	assert_string_equal(r->name, "web");
	assert_string_equal(r->image, "busybox");
	assert_string_equal(r->cmd.items[0], "echo hi");
	assert_string_equal(r->entrypoint.items[1], "-c");
	assert_int_equal(r->env.count, 2);
	assert_string_equal(r->working_dir, "/w");
	assert_string_equal(r->user, "1000");
	assert_string_equal(r->hostname, "h");
	assert_string_equal(gw_map_get(&r->labels, "l"), "v");
	assert_string_equal(r->network_mode, "bridge");
	/* Every container gets an endpoint on its NetworkMode network. */
	assert_int_equal(r->n_endpoints, 1);
	assert_string_equal(r->endpoints[0].network, "bridge");
	assert_int_equal(r->endpoints[0].aliases.present, 0);
	assert_int_equal(r->auto_remove, 1);
	assert_string_equal(r->volume_driver, "local");
	assert_int_equal(r->n_mounts, 2);
	assert_string_equal(r->mounts[0].source, "data");
	assert_int_equal(r->mounts[1].origin, SL_MOUNT_FROM_CONFIG);
	assert_int_equal(r->n_volumes_from, 1);
	assert_int_equal(r->volumes_from[0].read_only, 1);
	/* Only Docker's fields are kept, under their canonical names, strslices as arrays. */
	assert_string_equal(r->config_json,
		"{\"Hostname\":\"h\",\"User\":\"1000\",\"Env\":[\"A=1\",\"B\"],\"Cmd\":[\"echo hi\"],\"Image\":\"busybox\","
		"\"Volumes\":{\"/anon\":{}},\"WorkingDir\":\"/w\",\"Entrypoint\":[\"/bin/sh\",\"-c\"],\"Labels\":{\"l\":\"v\"}}");
	assert_string_equal(r->host_config_json,
		"{\"Binds\":[\"data:/d\"],\"AutoRemove\":true,\"VolumeDriver\":\"local\",\"VolumesFrom\":[\"c2:ro\"],\"Privileged\":false}");
	/* API 1.24: the client removes the container itself. */
	assert_int_equal(decode(a, "{\"Image\":\"b\",\"HostConfig\":{\"AutoRemove\":true}}", NULL, 24, &c, &err), 0);
	assert_int_equal(r->auto_remove, 0);
	assert_null(r->name);
	assert_string_equal(r->host_config_json, "{}");
}

static void test_network_modes(void **state)
{
	struct gw_arena *a = *state;
	struct gw_codec_error err = { 0, NULL };
	struct gw_container_create c;
	const struct sl_container_create_req *r = &c.req;

	/* "default" becomes "bridge", and so does its EndpointsConfig key. */
	assert_int_equal(decode(a, "{\"Image\":\"b\",\"HostConfig\":{\"NetworkMode\":\"default\"},\"NetworkingConfig\":"
	                           "{\"EndpointsConfig\":{\"default\":{\"Links\":[\"x:y\"]}}}}", NULL, 47, &c, &err), 0);
	assert_string_equal(r->network_mode, "bridge");
	assert_int_equal(r->n_endpoints, 1);
	assert_string_equal(r->endpoints[0].network, "bridge");
	assert_string_equal(r->endpoints[0].links.items[0], "x:y");
	/* Networks named in EndpointsConfig need not exist: recorded as given. */
	assert_int_equal(decode(a, "{\"Image\":\"b\",\"HostConfig\":{\"NetworkMode\":\"n1\"},\"NetworkingConfig\":"
	                           "{\"EndpointsConfig\":{\"n1\":{},\"n2\":{\"IPAMConfig\":{\"IPv4Address\":\"10.0.0.9\"}}}}}",
	                        NULL, 44, &c, &err), 0);
	assert_int_equal(r->n_endpoints, 2);
	assert_string_equal(r->endpoints[1].network, "n2");
	assert_string_equal(r->endpoints[1].ipv4_address, "10.0.0.9");
	assert_int_equal(decode(a, "{\"Image\":\"b\",\"HostConfig\":{\"NetworkMode\":\"host\"}}", NULL, 47, &c, &err), 0);
	assert_string_equal(r->endpoints[0].network, "host");
	assert_int_equal(decode(a, "{\"Image\":\"b\",\"HostConfig\":{\"NetworkMode\":\"none\"}}", NULL, 47, &c, &err), 0);
	assert_string_equal(r->endpoints[0].network, "none");
	assert_int_equal(decode(a, "{\"Image\":\"b\",\"HostConfig\":{\"NetworkMode\":\"container:web\"}}", NULL, 47, &c, &err), 0);
	assert_string_equal(r->network_mode, "container:web");
	assert_int_equal(r->n_endpoints, 0);
	assert_int_equal(decode(a, "{\"Image\":\"b\",\"NetworkDisabled\":true}", NULL, 47, &c, &err), 0);
	assert_int_equal(r->n_endpoints, 0);
}

static void test_mac_address(void **state)
{
	struct gw_arena *a = *state;
	struct gw_codec_error err = { 0, NULL };
	struct gw_container_create c;
	const struct sl_container_create_req *r = &c.req;

	/* API 1.47: the container-wide address moves to the NetworkMode endpoint, with a warning. */
	assert_int_equal(decode(a, "{\"Image\":\"b\",\"MacAddress\":\"02:42:ac:11:00:05\"}", NULL, 47, &c, &err), 0);
	assert_int_equal(r->n_endpoints, 1);
	assert_string_equal(r->endpoints[0].network, "bridge");
	assert_string_equal(r->endpoints[0].mac_address, "02:42:ac:11:00:05");
	assert_int_equal(c.warnings.count, 1);
	assert_string_equal(c.warnings.items[0],
	                    "The container-wide MacAddress field is now deprecated. It should be specified in EndpointsConfig instead.");
	assert_string_equal(r->config_json, "{\"Image\":\"b\"}");
	assert_int_equal(decode(a, "{\"Image\":\"b\",\"MacAddress\":\"02:42:ac:11:00:05\",\"HostConfig\":{\"NetworkMode\":\"n\"},"
	                           "\"NetworkingConfig\":{\"EndpointsConfig\":{\"n\":{\"MacAddress\":\"02:42:ac:11:00:05\"}}}}",
	                        NULL, 47, &c, &err), 0);
	assert_int_equal(decode(a, "{\"Image\":\"b\",\"MacAddress\":\"02:42:ac:11:00:05\",\"HostConfig\":{\"NetworkMode\":\"n\"},"
	                           "\"NetworkingConfig\":{\"EndpointsConfig\":{\"m\":{}}}}", NULL, 47, &c, &err), -1);
	assert_string_equal(err.message,
	                    "if a container-wide MAC address is supplied, HostConfig.NetworkMode must match the identity of a network in NetworkSettings.Networks");
	assert_int_equal(decode(a, "{\"Image\":\"b\",\"MacAddress\":\"02:42:ac:11:00:05\",\"HostConfig\":{\"NetworkMode\":\"n\"},"
	                           "\"NetworkingConfig\":{\"EndpointsConfig\":{\"n\":{\"MacAddress\":\"02:42:ac:11:00:06\"}}}}",
	                        NULL, 47, &c, &err), -1);
	assert_string_equal(err.message,
	                    "the container-wide MAC address must match the endpoint-specific MAC address for the main network, or be left empty");
	/* API 1.43: endpoint addresses were ignored; the container-wide one applies. */
	assert_int_equal(decode(a, "{\"Image\":\"b\",\"NetworkingConfig\":{\"EndpointsConfig\":{\"bridge\":"
	                           "{\"MacAddress\":\"02:42:ac:11:00:06\"}}}}", NULL, 43, &c, &err), 0);
	assert_null(r->endpoints[0].mac_address);
	assert_int_equal(decode(a, "{\"Image\":\"b\",\"MacAddress\":\"02:42:ac:11:00:05\"}", NULL, 43, &c, &err), 0);
	assert_string_equal(r->endpoints[0].mac_address, "02:42:ac:11:00:05");
	assert_int_equal(c.warnings.present, 0);
	assert_int_equal(decode(a, "{\"Image\":\"b\",\"MacAddress\":\"02:42:ac:11:00:05\",\"HostConfig\":{\"NetworkMode\":\"none\"}}",
	                        NULL, 43, &c, &err), -1);
	assert_string_equal(err.message, "conflicting options: mac-address and the network mode");
}

static void test_create_errors(void **state)
{
	static const struct {
		const char *in;
		const char *name;
		unsigned api;
		const char *msg;
	} cases[] = {
		{ NULL, NULL, 47, "invalid JSON: got EOF while reading request body" },
		{ "{}", NULL, 47, "config cannot be empty in order to create a container" },
		{ "null", NULL, 47, "config cannot be empty in order to create a container" },
		{ "{\"HostConfig\":{}}", NULL, 47, "config cannot be empty in order to create a container" },
		{ "[]", NULL, 47, "invalid JSON: json: cannot unmarshal array into Go value of type container.CreateRequest" },
		{ "{\"Cmd\":[\"x\"]}", NULL, 47, "no image specified: Config.Image is required" },
		{ "{\"Image\":\"b\"}", "a", 47, "Invalid container name (a), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed" },
		{ "{\"Image\":\"b\"}", "x/y", 47, "Invalid container name (x/y), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed" },
		{ "{\"Image\":\"b\",\"Hostname\":5}", NULL, 47, "invalid JSON: json: cannot unmarshal number into Go struct field CreateRequest.Hostname of type string" },
		{ "{\"Image\":\"b\",\"HostConfig\":{\"Memory\":\"x\"}}", NULL, 47, "invalid JSON: json: cannot unmarshal string into Go struct field HostConfig.HostConfig.Memory of type int64" },
		{ "{\"Image\":\"b\",\"HostConfig\":{\"Binds\":\"x\"}}", NULL, 47, "invalid JSON: json: cannot unmarshal string into Go struct field HostConfig.HostConfig.Binds of type []string" },
		{ "{\"Image\":\"b\",\"Env\":[\"=x\"]}", NULL, 47, "invalid environment variable: =x" },
		{ "{\"Image\":\"b\",\"Env\":[\"\"]}", NULL, 47, "invalid environment variable: " },
		{ "{\"Image\":\"b\",\"WorkingDir\":\"rel\"}", NULL, 47, "the working directory 'rel' is invalid, it needs to be an absolute path" },
		{ "{\"Image\":\"b\",\"HostConfig\":{\"AutoRemove\":true,\"RestartPolicy\":{\"Name\":\"always\"}}}", NULL, 47, "can't create 'AutoRemove' container with restart policy" },
		{ "{\"Image\":\"b\",\"HostConfig\":{\"NetworkMode\":\"container:\"}}", NULL, 47, "Invalid network mode: invalid container format container:<name|id>" },
		{ "{\"Image\":\"b\",\"HostConfig\":{\"NetworkMode\":\"container\"}}", NULL, 47, "Invalid network mode: invalid container format container:<name|id>" },
		{ "{\"Image\":\"b\",\"Hostname\":\"h\",\"HostConfig\":{\"NetworkMode\":\"container:x\"}}", NULL, 47, "conflicting options: hostname and the network mode" },
		{ "{\"Image\":\"b\",\"HostConfig\":{\"NetworkMode\":\"container:x\",\"Links\":[\"a:b\"]}}", NULL, 47, "conflicting options: container type network can't be used with links. This would result in undefined behavior" },
		{ "{\"Image\":\"b\",\"HostConfig\":{\"NetworkMode\":\"container:x\",\"Dns\":[\"1.1.1.1\"]}}", NULL, 47, "conflicting options: dns and the network mode" },
		{ "{\"Image\":\"b\",\"HostConfig\":{\"NetworkMode\":\"container:x\",\"ExtraHosts\":[\"a:1.2.3.4\"]}}", NULL, 47, "conflicting options: custom host-to-IP mapping and the network mode" },
		{ "{\"Image\":\"b\",\"MacAddress\":\"02:42:ac:11:00:05\",\"HostConfig\":{\"NetworkMode\":\"host\"}}", NULL, 47, "conflicting options: mac-address and the network mode" },
		{ "{\"Image\":\"b\",\"HostConfig\":{\"NetworkMode\":\"container:x\",\"PublishAllPorts\":true}}", NULL, 47, "conflicting options: port publishing and the container type network mode" },
		{ "{\"Image\":\"b\",\"ExposedPorts\":{\"80/tcp\":{}},\"HostConfig\":{\"NetworkMode\":\"container:x\"}}", NULL, 47, "conflicting options: port exposing and the container type network mode" },
		{ "{\"Image\":\"b\",\"Hostname\":\"h\",\"HostConfig\":{\"UTSMode\":\"host\"}}", NULL, 47, "conflicting options: hostname and the UTS mode" },
		{ "{\"Image\":\"b\",\"HostConfig\":{\"NetworkMode\":\"host\",\"Links\":[\"a:b\"]}}", NULL, 47, "conflicting options: host type networking can't be used with links. This would result in undefined behavior" },
		{ "{\"Image\":\"b\",\"NetworkingConfig\":{\"EndpointsConfig\":{\"a\":{},\"b\":{}}}}", NULL, 43, "Container cannot be created with multiple network endpoints: a, b" },
		{ "{\"Image\":\"b\",\"NetworkingConfig\":{\"EndpointsConfig\":{\"n\":null}}}", NULL, 47, "invalid config for network n: EndpointsConfig is nil" },
		{ "{\"Image\":\"b\",\"NetworkingConfig\":{\"EndpointsConfig\":{\"n\":[]}}}", NULL, 47, "invalid JSON: json: cannot unmarshal array into Go struct field NetworkingConfig.NetworkingConfig.EndpointsConfig of type network.EndpointSettings" },
		{ "{\"Image\":\"b\",\"HostConfig\":{\"Binds\":[\"v5:/d\"],\"Mounts\":[{\"Type\":\"volume\",\"Source\":\"v6\",\"Target\":\"/d\"}]}}", NULL, 47, "Duplicate mount point: /d" },
		{ "{\"Image\":\"b\",\"HostConfig\":{\"Mounts\":[{\"Type\":\"volume\",\"Target\":\"/\"}]}}", NULL, 47, "invalid mount config for type \"volume\": invalid specification: destination can't be '/'" },
		{ "{\"Image\":\"b\",\"HostConfig\":{\"Mounts\":[{\"Type\":\"bogus\",\"Target\":\"/x\"}]}}", NULL, 47, "invalid mount config for type \"bogus\": mount type unknown" },
	};
	struct gw_arena *a = *state;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct gw_codec_error err = { 0, NULL };
		struct gw_container_create c;

		if (decode(a, cases[i].in, cases[i].name, cases[i].api, &c, &err) == 0)
			fail_msg("%s: accepted", cases[i].in);
		assert_int_equal(err.status, 400);
		if (strcmp(err.message, cases[i].msg) != 0)
			fail_msg("%s: got <%s>, want <%s>", cases[i].in, err.message, cases[i].msg);
	}
}

/* A container as the backend returns it after create with sample 108's body. */
static void sample_container(struct sl_container *c, struct sl_container_endpoint *ep)
{
	static const char *const aliases[] = { "foo", "bar" };
	static const char *const cmd[] = { "top" };

	memset(c, 0, sizeof(*c));
	memset(ep, 0, sizeof(*ep));
	c->id = ID;
	c->name = "xs-ctr";
	c->image = "alpine:3.10";
	c->created_ns = 1795954193943184358LL;
	c->state.status = "created";
	c->network_mode = "xs-net";
	ep->network_name = "xs-net";
	ep->config.aliases = (struct sl_strv){ 1, 2, aliases };
	ep->network_id = "";
	ep->user_defined = 1;
	c->n_endpoints = 1;
	c->endpoints = ep;
	c->config_json = "{\"Cmd\":[\"top\"],\"Image\":\"alpine:3.10\"}";
	c->host_config_json = "{\"NetworkMode\":\"xs-net\"}";
	c->cmd = (struct sl_strv){ 1, 1, cmd };
}

static const struct gw_container_view view47 = { 47, "aca", 0 };

static void test_inspect(void **state)
{
	struct gw_arena *a = *state;
	struct gw_codec_error err;
	struct sl_container c;
	struct sl_container_endpoint ep;
	struct gw_container_view v41 = { 41, "aca", 0 };
	json_object *o;

	sample_container(&c, &ep);
	assert_int_equal(gw_container_inspect_encode(a, &c, &view47, &o, &err), 0);
	assert_string_equal(codec_member(a, o, "Id"), "\"" ID "\"");
	assert_string_equal(codec_member(a, o, "Created"), "\"2026-11-29T12:09:53.943184358Z\"");
	assert_string_equal(codec_member(a, o, "Path"), "\"top\"");
	assert_string_equal(codec_member(a, o, "Args"), "[]");
	assert_string_equal(codec_member(a, o, "State"),
		"{\"Status\":\"created\",\"Running\":false,\"Paused\":false,\"Restarting\":false,\"OOMKilled\":false,"
		"\"Dead\":false,\"Pid\":0,\"ExitCode\":0,\"Error\":\"\",\"StartedAt\":\"0001-01-01T00:00:00Z\","
		"\"FinishedAt\":\"0001-01-01T00:00:00Z\"}");
	assert_string_equal(codec_member(a, o, "Name"), "\"/xs-ctr\"");
	assert_string_equal(codec_member(a, o, "ExecIDs"), "null");
	assert_string_equal(codec_member(a, o, "Mounts"), "[]");
	assert_string_equal(codec_member(a, o, "GraphDriver"), "{\"Data\":null,\"Name\":\"aca\"}");
	assert_string_equal(codec_member(a, o, "Config"),
		"{\"Hostname\":\"d598bce338da\",\"Domainname\":\"\",\"User\":\"\",\"AttachStdin\":false,\"AttachStdout\":false,"
		"\"AttachStderr\":false,\"Tty\":false,\"OpenStdin\":false,\"StdinOnce\":false,\"Env\":null,\"Cmd\":[\"top\"],"
		"\"Image\":\"alpine:3.10\",\"Volumes\":null,\"WorkingDir\":\"\",\"Entrypoint\":null,\"OnBuild\":null,\"Labels\":{}}");
	assert_string_equal(codec_member(a, o, "HostConfig.NetworkMode"), "\"xs-net\"");
	assert_string_equal(codec_member(a, o, "HostConfig.Binds"), "null");
	assert_string_equal(codec_member(a, o, "HostConfig.LogConfig"), "{\"Type\":\"json-file\",\"Config\":{}}");
	assert_string_equal(codec_member(a, o, "HostConfig.RestartPolicy"), "{\"Name\":\"no\",\"MaximumRetryCount\":0}");
	assert_string_equal(codec_member(a, o, "HostConfig.ConsoleSize"), "[0,0]");
	assert_string_equal(codec_member(a, o, "HostConfig.Runtime"), "\"aca\"");
	assert_string_equal(codec_member(a, o, "HostConfig.PidsLimit"), "null");
	assert_string_equal(codec_member(a, o, "HostConfig.OomKillDisable"), "false");
	assert_string_equal(codec_member(a, o, "HostConfig.Mounts"), "<absent>");
	assert_string_equal(codec_member(a, o, "HostConfig.KernelMemory"), "<absent>");
	assert_string_equal(codec_member(a, o, "NetworkSettings.Networks.xs-net.Aliases"), "[\"foo\",\"bar\"]");
	assert_string_equal(codec_member(a, o, "NetworkSettings.Networks.xs-net.DNSNames"), "null");
	assert_string_equal(codec_member(a, o, "NetworkSettings.Ports"), "{}");
	assert_string_equal(codec_member(a, o, "NetworkSettings.IPAddress"), "\"\"");
	assert_string_equal(codec_member(a, o, "NetworkSettings.SecondaryIPAddresses"), "null");
	json_object_put(o);

	/* API 1.41: the short id joins the aliases; no DNSNames. */
	assert_int_equal(gw_container_inspect_encode(a, &c, &v41, &o, &err), 0);
	assert_string_equal(codec_member(a, o, "NetworkSettings.Networks.xs-net.Aliases"),
	                    "[\"foo\",\"bar\",\"d598bce338da\"]");
	assert_string_equal(codec_member(a, o, "NetworkSettings.Networks.xs-net.DNSNames"), "<absent>");
	json_object_put(o);

	/* A stored config that is not JSON is the backend's fault: 500. */
	c.config_json = "{nope";
	assert_int_equal(gw_container_inspect_encode(a, &c, &view47, &o, &err), -1);
	assert_int_equal(err.status, 500);
}

static void test_inspect_running_bridge(void **state)
{
	struct gw_arena *a = *state;
	struct gw_codec_error err;
	struct sl_container c;
	struct sl_container_endpoint ep;
	static const struct sl_container_mount mounts[] = {
		{ "volume", "myvol", "/mnt/azure/myvol", "/data", "local", "z", 1, "" },
		{ "bind", "", "/srv", "/srv", "", "ro", 0, "rprivate" },
	};
	json_object *o;

	sample_container(&c, &ep);
	c.network_mode = "bridge";
	c.config_json = "{\"Entrypoint\":[\"/bin/sh\",\"-c\"],\"Cmd\":[\"echo hi\"],\"Hostname\":\"box\","
	                "\"Labels\":{\"a\":\"b\"},\"MacAddress\":\"x\"}";
	c.host_config_json = "{\"RestartPolicy\":{\"Name\":\"on-failure\",\"MaximumRetryCount\":3},"
	                     "\"LogConfig\":{\"Type\":\"syslog\"},\"Mounts\":[{\"Type\":\"bind\"}],\"Init\":false}";
	c.state.status = "running";
	c.state.running = 1;
	c.state.started_at_ns = 1795954194528948476LL;
	ep.network_name = "bridge";
	ep.user_defined = 0;
	ep.endpoint_id = "e40b";
	ep.gateway = "172.17.0.1";
	ep.ip_address = "172.17.0.2";
	ep.ip_prefix_len = 16;
	ep.mac_address = "02:42:ac:11:00:02";
	c.n_mounts = 2;
	c.mounts = mounts;
	assert_int_equal(gw_container_inspect_encode(a, &c, &view47, &o, &err), 0);
	assert_string_equal(codec_member(a, o, "Path"), "\"/bin/sh\"");
	assert_string_equal(codec_member(a, o, "Args"), "[\"-c\",\"echo hi\"]");
	assert_string_equal(codec_member(a, o, "State.StartedAt"), "\"2026-11-29T12:09:54.528948476Z\"");
	assert_string_equal(codec_member(a, o, "Config.Hostname"), "\"box\"");
	assert_string_equal(codec_member(a, o, "Config.MacAddress"), "\"x\"");
	assert_string_equal(codec_member(a, o, "Config.Labels"), "{\"a\":\"b\"}");
	assert_string_equal(codec_member(a, o, "HostConfig.NetworkMode"), "\"bridge\"");
	assert_string_equal(codec_member(a, o, "HostConfig.RestartPolicy"), "{\"Name\":\"on-failure\",\"MaximumRetryCount\":3}");
	assert_string_equal(codec_member(a, o, "HostConfig.LogConfig"), "{\"Type\":\"syslog\",\"Config\":{}}");
	assert_string_equal(codec_member(a, o, "HostConfig.Mounts"), "[{\"Type\":\"bind\"}]");
	assert_string_equal(codec_member(a, o, "HostConfig.Init"), "false");
	/* The legacy top-level fields mirror the bridge endpoint. */
	assert_string_equal(codec_member(a, o, "NetworkSettings.IPAddress"), "\"172.17.0.2\"");
	assert_string_equal(codec_member(a, o, "NetworkSettings.IPPrefixLen"), "16");
	assert_string_equal(codec_member(a, o, "NetworkSettings.Gateway"), "\"172.17.0.1\"");
	assert_string_equal(codec_member(a, o, "NetworkSettings.MacAddress"), "\"02:42:ac:11:00:02\"");
	assert_string_equal(codec_member(a, o, "NetworkSettings.EndpointID"), "\"e40b\"");
	/* No rewriting on bridge even for old API versions. */
	assert_string_equal(codec_member(a, o, "NetworkSettings.Networks.bridge.Aliases"), "[\"foo\",\"bar\"]");
	/* Name and Driver are omitted for binds. */
	assert_string_equal(codec_member(a, o, "Mounts"),
		"[{\"Type\":\"volume\",\"Name\":\"myvol\",\"Source\":\"/mnt/azure/myvol\",\"Destination\":\"/data\","
		"\"Driver\":\"local\",\"Mode\":\"z\",\"RW\":true,\"Propagation\":\"\"},{\"Type\":\"bind\",\"Source\":\"/srv\","
		"\"Destination\":\"/srv\",\"Mode\":\"ro\",\"RW\":false,\"Propagation\":\"rprivate\"}]");
	json_object_put(o);
}

static void test_summary(void **state)
{
	struct gw_arena *a = *state;
	struct gw_codec_error err;
	struct sl_container c;
	struct sl_container_endpoint ep;
	struct gw_container_view v = { 47, "aca", 1795954193943184358LL + 300LL * 1000000000LL };
	json_object *o;

	sample_container(&c, &ep);
	assert_int_equal(gw_container_summary_encode(a, &c, &v, &o, &err), 0);
	assert_string_equal(codec_text(a, o),
		"{\"Id\":\"" ID "\",\"Names\":[\"/xs-ctr\"],\"Image\":\"alpine:3.10\",\"ImageID\":\"\",\"Command\":\"top\","
		"\"Created\":1795954193,\"Ports\":[],\"Labels\":{},\"State\":\"created\",\"Status\":\"Created\","
		"\"HostConfig\":{\"NetworkMode\":\"xs-net\"},\"NetworkSettings\":{\"Networks\":{\"xs-net\":{"
		"\"IPAMConfig\":null,\"Links\":null,\"Aliases\":[\"foo\",\"bar\"],\"MacAddress\":\"\",\"DriverOpts\":null,"
		"\"NetworkID\":\"\",\"EndpointID\":\"\",\"Gateway\":\"\",\"IPAddress\":\"\",\"IPPrefixLen\":0,"
		"\"IPv6Gateway\":\"\",\"GlobalIPv6Address\":\"\",\"GlobalIPv6PrefixLen\":0,\"DNSNames\":null}}},\"Mounts\":[]}");
	c.config_json = "{\"Entrypoint\":[\"sh\",\"-c\"],\"Cmd\":[\"sleep 5\"]}";
	c.state.status = "running";
	c.state.running = 1;
	c.state.started_at_ns = v.now_ns - 125LL * 1000000000LL;
	assert_int_equal(gw_container_summary_encode(a, &c, &v, &o, &err), 0);
	assert_string_equal(codec_member(a, o, "Command"), "\"sh -c sleep 5\"");
	assert_string_equal(codec_member(a, o, "Status"), "\"Up 2 minutes\"");
	json_object_put(o);
	c.state.running = 0;
	c.state.status = "exited";
	c.state.exit_code = 3;
	c.state.finished_at_ns = v.now_ns - 3LL * 3600 * 1000000000LL;
	assert_int_equal(gw_container_summary_encode(a, &c, &v, &o, &err), 0);
	assert_string_equal(codec_member(a, o, "Status"), "\"Exited (3) 3 hours ago\"");
	json_object_put(o);
}

static void test_human_duration(void **state)
{
	static const struct {
		int64_t s;
		const char *want;
	} cases[] = {
		{ 0, "Less than a second" }, { 1, "1 second" }, { 59, "59 seconds" }, { 60, "About a minute" },
		{ 119, "About a minute" }, { 120, "2 minutes" }, { 3599, "59 minutes" }, { 3600, "About an hour" },
		{ 5399, "About an hour" }, { 5400, "2 hours" }, { 47 * 3600, "47 hours" }, { 48 * 3600, "2 days" },
		{ 14 * 86400, "2 weeks" }, { 60 * 86400, "2 months" }, { 730 * 86400, "2 years" },
	};
	struct gw_arena *a = *state;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_string_equal(gw_human_duration(a, cases[i].s * 1000000000LL), cases[i].want);
}

static void test_small_decoders(void **state)
{
	struct gw_arena *a = *state;
	struct gw_codec_error err = { 0, NULL };
	static const char *const backend_warn[] = { "w1" };
	static const char *const extra[] = { "w2" };
	struct sl_container_created created = { "abc", { 0, 0, NULL } };
	struct sl_strv ex = { 1, 1, extra };
	const char *cond;
	int n;

	assert_int_equal(gw_wait_condition_decode(a, NULL, 47, &cond, &err), 0);
	assert_string_equal(cond, "not-running");
	assert_int_equal(gw_wait_condition_decode(a, "next-exit", 47, &cond, &err), 0);
	assert_string_equal(cond, "next-exit");
	assert_int_equal(gw_wait_condition_decode(a, "removed", 47, &cond, &err), 0);
	assert_int_equal(gw_wait_condition_decode(a, "bogus", 29, &cond, &err), 0);
	assert_string_equal(cond, "not-running");
	assert_int_equal(gw_wait_condition_decode(a, "bogus", 47, &cond, &err), -1);
	assert_int_equal(err.status, 400);
	assert_string_equal(err.message, "invalid condition: \"bogus\"");

	assert_int_equal(gw_query_int(a, NULL, -1, &n, &err), 0);
	assert_int_equal(n, -1);
	assert_int_equal(gw_query_int(a, "10", -1, &n, &err), 0);
	assert_int_equal(n, 10);
	assert_int_equal(gw_query_int(a, "-3", 0, &n, &err), 0);
	assert_int_equal(n, -3);
	assert_int_equal(gw_query_int(a, "x", 0, &n, &err), -1);
	assert_string_equal(err.message, "strconv.Atoi: parsing \"x\": invalid syntax");
	assert_int_equal(gw_query_int(a, "99999999999", 0, &n, &err), -1);
	assert_string_equal(err.message, "strconv.Atoi: parsing \"99999999999\": value out of range");
	assert_int_equal(gw_query_int(a, "-", 0, &n, &err), -1);

	assert_string_equal(codec_text(a, gw_container_created_encode(&created, NULL)),
	                    "{\"Id\":\"abc\",\"Warnings\":[]}");
	created.warnings = (struct sl_strv){ 1, 1, backend_warn };
	assert_string_equal(codec_text(a, gw_container_created_encode(&created, &ex)),
	                    "{\"Id\":\"abc\",\"Warnings\":[\"w1\",\"w2\"]}");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_create_sample, codec_setup, codec_teardown),
		cmocka_unit_test_setup_teardown(test_create_fields, codec_setup, codec_teardown),
		cmocka_unit_test_setup_teardown(test_network_modes, codec_setup, codec_teardown),
		cmocka_unit_test_setup_teardown(test_mac_address, codec_setup, codec_teardown),
		cmocka_unit_test_setup_teardown(test_create_errors, codec_setup, codec_teardown),
		cmocka_unit_test_setup_teardown(test_inspect, codec_setup, codec_teardown),
		cmocka_unit_test_setup_teardown(test_inspect_running_bridge, codec_setup, codec_teardown),
		cmocka_unit_test_setup_teardown(test_summary, codec_setup, codec_teardown),
		cmocka_unit_test_setup_teardown(test_human_duration, codec_setup, codec_teardown),
		cmocka_unit_test_setup_teardown(test_small_decoders, codec_setup, codec_teardown),
	};

	setenv("TZ", "UTC", 1);
	tzset();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
