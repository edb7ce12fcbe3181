/* System routes: /_ping, /version, /info. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "gateway/http.h"
#include "gateway/server.h"

static void ping(struct gw_request *req, struct gw_response *resp)
{
	(void)req;
	resp->status = 200;
	resp->body = "OK";
	resp->body_len = 2;
	resp->content_type = "text/plain; charset=utf-8";
	gw_respond_header(resp, "Cache-Control", "no-cache, no-store, must-revalidate");
	gw_respond_header(resp, "Pragma", "no-cache");
	gw_respond_header(resp, "Swarm", "inactive");
	if (strcmp(req->method, "HEAD") == 0) {
		resp->body = "";
		resp->body_len = 0;
	}
}

static const char *engine_version(void)
{
	return GW_ENGINE_COMPAT "+sockerless." PACKAGE_VERSION;
}

static const char *arch_name(const struct utsname *u)
{
	if (strcmp(u->machine, "x86_64") == 0)
		return "amd64";
	if (strcmp(u->machine, "aarch64") == 0)
		return "arm64";
	return u->machine;
}

static json_object *plugin_details(const struct gw_request *req)
{
	json_object *d = json_object_new_object();
	char num[32];

	json_object_object_add(d, "Backend", json_object_new_string(req->backend->name));
	json_object_object_add(d, "Plugin", json_object_new_string(req->gen->plugin->name));
	json_object_object_add(d, "PluginVersion", json_object_new_string(req->gen->plugin->version));
	json_object_object_add(d, "BuildId", json_object_new_string(
		req->gen->plugin->build_id != NULL ? req->gen->plugin->build_id : ""));
	snprintf(num, sizeof(num), "%lu", req->gen->number);
	json_object_object_add(d, "Generation", json_object_new_string(num));
	snprintf(num, sizeof(num), "%u.%u", req->gen->plugin->abi_major, req->gen->plugin->abi_minor);
	json_object_object_add(d, "PluginABI", json_object_new_string(num));
	return d;
}

static json_object *plugin_metrics(struct gw_request *req)
{
	struct gw_metric m[GW_HOST_MAX_METRICS];
	size_t n = gw_host_metrics(&req->gen->host, m, GW_HOST_MAX_METRICS);
	json_object *o = json_object_new_object();

	for (size_t i = 0; i < n; i++)
		json_object_object_add(o, m[i].name, json_object_new_int64(m[i].value));
	return o;
}

/* Every backend of the daemon, with the generation serving it now. */
static json_object *all_backends(struct gw_request *req)
{
	json_object *list = json_object_new_array();

	pthread_rwlock_rdlock(&req->server->lock);
	for (size_t i = 0; i < req->server->n_backends; i++) {
		struct gw_backend *b = req->server->backends[i];
		struct gw_generation *gen = gw_backend_acquire(b);
		json_object *o = json_object_new_object();

		json_object_object_add(o, "Name", json_object_new_string(b->name));
		if (gen != NULL) {
			json_object_object_add(o, "Plugin", json_object_new_string(gen->plugin->name));
			json_object_object_add(o, "PluginVersion",
			                       json_object_new_string(gen->plugin->version));
			json_object_object_add(o, "BuildId", json_object_new_string(
				gen->plugin->build_id != NULL ? gen->plugin->build_id : ""));
			json_object_object_add(o, "Generation", json_object_new_int64((int64_t)gen->number));
		}
		pthread_mutex_lock(&b->lock);
		json_object_object_add(o, "Unloaded", json_object_new_int64((int64_t)b->unloaded));
		pthread_mutex_unlock(&b->lock);
		gw_backend_release(gen);
		json_object_array_add(list, o);
	}
	pthread_rwlock_unlock(&req->server->lock);
	return list;
}

static void version(struct gw_request *req, struct gw_response *resp)
{
	struct utsname u;
	json_object *v = json_object_new_object();
	json_object *platform = json_object_new_object();
	json_object *components = json_object_new_array();
	json_object *engine = json_object_new_object();
	json_object *details = json_object_new_object();
	json_object *plugin = json_object_new_object();

	uname(&u);
	json_object_object_add(platform, "Name", json_object_new_string("sockerless"));
	json_object_object_add(v, "Platform", platform);

	json_object_object_add(details, "ApiVersion", json_object_new_string(GW_API_MAX_STRING));
	json_object_object_add(details, "Arch", json_object_new_string(arch_name(&u)));
	json_object_object_add(details, "Experimental", json_object_new_string("false"));
	json_object_object_add(details, "GitCommit", json_object_new_string(""));
	json_object_object_add(details, "KernelVersion", json_object_new_string(u.release));
	json_object_object_add(details, "MinAPIVersion", json_object_new_string(GW_API_MIN_STRING));
	json_object_object_add(details, "Os", json_object_new_string("linux"));
	json_object_object_add(engine, "Name", json_object_new_string("Engine"));
	json_object_object_add(engine, "Version", json_object_new_string(engine_version()));
	json_object_object_add(engine, "Details", details);
	json_object_array_add(components, engine);

	json_object_object_add(plugin, "Name", json_object_new_string("sockerless-plugin"));
	json_object_object_add(plugin, "Version", json_object_new_string(req->gen->plugin->version));
	json_object_object_add(plugin, "Details", plugin_details(req));
	json_object_array_add(components, plugin);
	json_object_object_add(v, "Components", components);

	json_object_object_add(v, "Version", json_object_new_string(engine_version()));
	json_object_object_add(v, "ApiVersion", json_object_new_string(GW_API_MAX_STRING));
	json_object_object_add(v, "MinAPIVersion", json_object_new_string(GW_API_MIN_STRING));
	json_object_object_add(v, "GitCommit", json_object_new_string(""));
	json_object_object_add(v, "GoVersion", json_object_new_string("none (C11)"));
	json_object_object_add(v, "Os", json_object_new_string("linux"));
	json_object_object_add(v, "Arch", json_object_new_string(arch_name(&u)));
	json_object_object_add(v, "KernelVersion", json_object_new_string(u.release));
	gw_respond_json(req, resp, 200, v);
}

static json_object *count_or_zero(int64_t n)
{
	return json_object_new_int64(n < 0 ? 0 : n);
}

static json_object *string_array(const char *const *items, size_t n)
{
	json_object *a = json_object_new_array();

	for (size_t i = 0; i < n; i++)
		json_object_array_add(a, json_object_new_string(items[i]));
	return a;
}

static void info(struct gw_request *req, struct gw_response *resp)
{
	struct sl_backend_info bi;
	struct utsname u;
	char hostname[256] = "";
	char buf[512];
	char sysnow[64];
	struct timespec ts;
	struct tm tm;
	json_object *o = json_object_new_object();
	json_object *plugins = json_object_new_object();
	json_object *labels = json_object_new_array();
	json_object *driver_status = json_object_new_array();
	json_object *swarm = json_object_new_object();
	json_object *registry = json_object_new_object();
	const char *const network_drivers[] = { "bridge", "host", "null" };
	const char *const log_drivers[] = { "json-file" };
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	long pages = sysconf(_SC_PHYS_PAGES), page_size = sysconf(_SC_PAGE_SIZE);

	memset(&bi, 0, sizeof(bi));
	bi.containers = bi.containers_running = bi.containers_paused = bi.containers_stopped = -1;
	bi.images = bi.networks = bi.volumes = -1;
	if (req->gen->plugin->info != NULL &&
	    req->gen->plugin->info(req->gen->ctx, &req->call, &bi) != SL_OK) {
		gw_respond_call_error(req, resp);
		json_object_put(o);
		json_object_put(plugins);
		json_object_put(labels);
		json_object_put(driver_status);
		json_object_put(swarm);
		json_object_put(registry);
		return;
	}
	uname(&u);
	gethostname(hostname, sizeof(hostname) - 1);
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(sysnow, sizeof(sysnow), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(sysnow + strlen(sysnow), sizeof(sysnow) - strlen(sysnow), ".%09ldZ", ts.tv_nsec);

	json_object_object_add(o, "ID", json_object_new_string(req->backend->name));
	json_object_object_add(o, "Containers", count_or_zero(bi.containers));
	json_object_object_add(o, "ContainersRunning", count_or_zero(bi.containers_running));
	json_object_object_add(o, "ContainersPaused", count_or_zero(bi.containers_paused));
	json_object_object_add(o, "ContainersStopped", count_or_zero(bi.containers_stopped));
	json_object_object_add(o, "Images", count_or_zero(bi.images));
	json_object_object_add(o, "Driver", json_object_new_string(
		bi.driver != NULL ? bi.driver : req->gen->plugin->name));
	for (size_t i = 0; bi.status.present && i < bi.status.count; i++) {
		json_object *pair = json_object_new_array();

		json_object_array_add(pair, json_object_new_string(bi.status.items[i].key));
		json_object_array_add(pair, json_object_new_string(bi.status.items[i].value));
		json_object_array_add(driver_status, pair);
	}
	json_object_object_add(o, "DriverStatus", driver_status);
	json_object_object_add(plugins, "Volume",
	                       bi.volume_drivers.present
	                       ? string_array(bi.volume_drivers.items, bi.volume_drivers.count)
	                       : string_array((const char *const[]){ "local" }, 1));
	json_object_object_add(plugins, "Network",
	                       bi.network_drivers.present
	                       ? string_array(bi.network_drivers.items, bi.network_drivers.count)
	                       : string_array(network_drivers, 3));
	json_object_object_add(plugins, "Authorization", NULL);
	json_object_object_add(plugins, "Log", string_array(log_drivers, 1));
	json_object_object_add(o, "Plugins", plugins);
	json_object_object_add(o, "MemoryLimit", json_object_new_boolean(0));
	json_object_object_add(o, "SwapLimit", json_object_new_boolean(0));
	json_object_object_add(o, "CpuCfsPeriod", json_object_new_boolean(0));
	json_object_object_add(o, "CpuCfsQuota", json_object_new_boolean(0));
	json_object_object_add(o, "CPUShares", json_object_new_boolean(0));
	json_object_object_add(o, "CPUSet", json_object_new_boolean(0));
	json_object_object_add(o, "PidsLimit", json_object_new_boolean(0));
	json_object_object_add(o, "IPv4Forwarding", json_object_new_boolean(1));
	json_object_object_add(o, "Debug", json_object_new_boolean(0));
	json_object_object_add(o, "NFd", json_object_new_int(0));
	json_object_object_add(o, "NGoroutines", json_object_new_int(0));
	json_object_object_add(o, "SystemTime", json_object_new_string(sysnow));
	json_object_object_add(o, "LoggingDriver", json_object_new_string("json-file"));
	json_object_object_add(o, "CgroupDriver", json_object_new_string("none"));
	json_object_object_add(o, "CgroupVersion", json_object_new_string("2"));
	json_object_object_add(o, "NEventsListener", json_object_new_int(0));
	json_object_object_add(o, "KernelVersion", json_object_new_string(u.release));
	json_object_object_add(o, "OperatingSystem", json_object_new_string(
		bi.operating_system != NULL ? bi.operating_system : req->gen->plugin->name));
	json_object_object_add(o, "OSVersion", json_object_new_string(""));
	json_object_object_add(o, "OSType", json_object_new_string("linux"));
	json_object_object_add(o, "Architecture", json_object_new_string(u.machine));
	json_object_object_add(o, "IndexServerAddress",
	                       json_object_new_string("https://index.docker.io/v1/"));
	json_object_object_add(registry, "IndexConfigs", json_object_new_object());
	json_object_object_add(registry, "InsecureRegistryCIDRs", json_object_new_array());
	json_object_object_add(registry, "Mirrors", json_object_new_array());
	json_object_object_add(o, "RegistryConfig", registry);
	json_object_object_add(o, "NCPU", json_object_new_int64(ncpu > 0 ? ncpu : 0));
	json_object_object_add(o, "MemTotal", json_object_new_int64(
		pages > 0 && page_size > 0 ? (int64_t)pages * page_size : 0));
	json_object_object_add(o, "DockerRootDir", json_object_new_string(""));
	json_object_object_add(o, "Name", json_object_new_string(hostname));
	snprintf(buf, sizeof(buf), "sockerless.backend=%s", req->backend->name);
	json_object_array_add(labels, json_object_new_string(buf));
	snprintf(buf, sizeof(buf), "sockerless.plugin=%s", req->gen->plugin->name);
	json_object_array_add(labels, json_object_new_string(buf));
	snprintf(buf, sizeof(buf), "sockerless.plugin.version=%s", req->gen->plugin->version);
	json_object_array_add(labels, json_object_new_string(buf));
	snprintf(buf, sizeof(buf), "sockerless.plugin.build=%s",
	         req->gen->plugin->build_id != NULL ? req->gen->plugin->build_id : "");
	json_object_array_add(labels, json_object_new_string(buf));
	snprintf(buf, sizeof(buf), "sockerless.plugin.generation=%lu", req->gen->number);
	json_object_array_add(labels, json_object_new_string(buf));
	if (bi.networks >= 0) {
		snprintf(buf, sizeof(buf), "sockerless.networks=%lld", (long long)bi.networks);
		json_object_array_add(labels, json_object_new_string(buf));
	}
	if (bi.volumes >= 0) {
		snprintf(buf, sizeof(buf), "sockerless.volumes=%lld", (long long)bi.volumes);
		json_object_array_add(labels, json_object_new_string(buf));
	}
	json_object_object_add(o, "Labels", labels);
	json_object_object_add(o, "ExperimentalBuild", json_object_new_boolean(0));
	json_object_object_add(o, "ServerVersion", json_object_new_string(engine_version()));
	json_object_object_add(o, "Runtimes", json_object_new_object());
	json_object_object_add(o, "DefaultRuntime", json_object_new_string(req->gen->plugin->name));
	json_object_object_add(swarm, "NodeID", json_object_new_string(""));
	json_object_object_add(swarm, "NodeAddr", json_object_new_string(""));
	json_object_object_add(swarm, "LocalNodeState", json_object_new_string("inactive"));
	json_object_object_add(swarm, "ControlAvailable", json_object_new_boolean(0));
	json_object_object_add(swarm, "Error", json_object_new_string(""));
	json_object_object_add(swarm, "RemoteManagers", NULL);
	json_object_object_add(o, "Swarm", swarm);
	json_object_object_add(o, "LiveRestoreEnabled", json_object_new_boolean(0));
	json_object_object_add(o, "Isolation", json_object_new_string(""));
	json_object_object_add(o, "InitBinary", json_object_new_string(""));
	json_object_object_add(o, "SecurityOptions", json_object_new_array());
	json_object_object_add(o, "Warnings", NULL);
	json_object_object_add(o, "Sockerless", plugin_details(req));
	json_object_object_add(json_object_object_get(o, "Sockerless"), "Metrics",
	                       plugin_metrics(req));
	json_object_object_add(json_object_object_get(o, "Sockerless"), "Backends",
	                       all_backends(req));
	gw_respond_json(req, resp, 200, o);
}

const struct gw_route gw_system_routes[] = {
	{ "GET", "/_ping", ping },
	{ "HEAD", "/_ping", ping },
	{ "GET", "/version", version },
	{ "GET", "/info", info },
	{ NULL, NULL, NULL },
};
