/* Containers as Docker shows them: the inspect object (API 1.47 shape,
 * with the API-version differences of the endpoints) and the list
 * summary. */
#include "config.h"

#include <string.h>

#include "gateway/container_fields.h"
#include "gateway/container_view.h"
#include "gateway/endpoint_codec.h"
#include "gateway/gotime.h"

static void release_json(void *obj)
{
	json_object_put(obj);
}

static json_object *parse_stored(const char *text)
{
	if (text == NULL || text[0] == '\0')
		return json_object_new_object();
	return json_tokener_parse(text);
}

/* Path and Args: the entrypoint, else the command, split at its first word. */
static void path_and_args(json_object *config, const struct sl_container *c, const char **path,
                          json_object **args)
{
	json_object *ep = gw_json_field(config, "Entrypoint");
	json_object *cmd = gw_json_field(config, "Cmd");
	size_t n_ep = ep != NULL ? json_object_array_length(ep) : 0;

	*path = "";
	*args = json_object_new_array();
	if (ep == NULL && cmd == NULL) {
		for (size_t i = 0; c->cmd.present && i < c->cmd.count; i++) {
			if (i == 0)
				*path = c->cmd.items[0];
			else
				json_object_array_add(*args, gw_json_str(c->cmd.items[i]));
		}
		return;
	}
	for (size_t i = 0; i < n_ep; i++) {
		const char *s = json_object_get_string(json_object_array_get_idx(ep, i));

		if (i == 0)
			*path = s;
		else
			json_object_array_add(*args, gw_json_str(s));
	}
	for (size_t i = 0; cmd != NULL && i < json_object_array_length(cmd); i++) {
		const char *s = json_object_get_string(json_object_array_get_idx(cmd, i));

		if (n_ep == 0 && i == 0)
			*path = s;
		else
			json_object_array_add(*args, gw_json_str(s));
	}
}

static const char *short_id(struct gw_arena *arena, const char *id)
{
	return gw_arena_strndup(arena, id != NULL ? id : "", 12);
}

static json_object *encode_state(struct gw_arena *arena, const struct sl_container_state *s)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "Status", json_object_new_string(
		s->status != NULL && s->status[0] != '\0' ? s->status : "created"));
	json_object_object_add(o, "Running", json_object_new_boolean(s->running));
	json_object_object_add(o, "Paused", json_object_new_boolean(s->paused));
	json_object_object_add(o, "Restarting", json_object_new_boolean(s->restarting));
	json_object_object_add(o, "OOMKilled", json_object_new_boolean(s->oom_killed));
	json_object_object_add(o, "Dead", json_object_new_boolean(s->dead));
	json_object_object_add(o, "Pid", json_object_new_int(s->pid));
	json_object_object_add(o, "ExitCode", json_object_new_int(s->exit_code));
	json_object_object_add(o, "Error", gw_json_str(s->error));
	json_object_object_add(o, "StartedAt", json_object_new_string(
		gw_time_rfc3339nano(arena, s->started_at_ns)));
	json_object_object_add(o, "FinishedAt", json_object_new_string(
		gw_time_rfc3339nano(arena, s->finished_at_ns)));
	return o;
}

static json_object *encode_mounts(const struct sl_container *c)
{
	json_object *a = json_object_new_array();

	for (size_t i = 0; i < c->n_mounts; i++) {
		const struct sl_container_mount *m = &c->mounts[i];
		json_object *o = json_object_new_object();

		/* Name and Driver are omitempty (binds and tmpfs have neither). */
		json_object_object_add(o, "Type", gw_json_str(m->type));
		if (m->name != NULL && m->name[0] != '\0')
			json_object_object_add(o, "Name", json_object_new_string(m->name));
		json_object_object_add(o, "Source", gw_json_str(m->source));
		json_object_object_add(o, "Destination", gw_json_str(m->destination));
		if (m->driver != NULL && m->driver[0] != '\0')
			json_object_object_add(o, "Driver", json_object_new_string(m->driver));
		json_object_object_add(o, "Mode", gw_json_str(m->mode));
		json_object_object_add(o, "RW", json_object_new_boolean(m->rw));
		json_object_object_add(o, "Propagation", gw_json_str(m->propagation));
		json_object_array_add(a, o);
	}
	return a;
}

static json_object *encode_networks(const struct sl_container *c, const struct gw_endpoint_view *ev)
{
	json_object *o = json_object_new_object();

	for (size_t i = 0; i < c->n_endpoints; i++)
		json_object_object_add(o, c->endpoints[i].network_name != NULL ?
		                       c->endpoints[i].network_name : "",
		                       gw_endpoint_encode(&c->endpoints[i], ev));
	return o;
}

static json_object *encode_network_settings(const struct sl_container *c,
                                            const struct gw_endpoint_view *ev)
{
	json_object *o = json_object_new_object();
	const struct sl_container_endpoint *bridge = NULL;
	static const struct sl_container_endpoint none;

	for (size_t i = 0; i < c->n_endpoints; i++) {
		if (c->endpoints[i].network_name != NULL &&
		    strcmp(c->endpoints[i].network_name, "bridge") == 0)
			bridge = &c->endpoints[i];
	}
	/* The legacy top-level fields mirror the default bridge endpoint only. */
	if (bridge == NULL)
		bridge = &none;
	json_object_object_add(o, "Bridge", json_object_new_string(""));
	json_object_object_add(o, "SandboxID", json_object_new_string(""));
	json_object_object_add(o, "SandboxKey", json_object_new_string(""));
	json_object_object_add(o, "Ports", json_object_new_object());
	json_object_object_add(o, "HairpinMode", json_object_new_boolean(0));
	json_object_object_add(o, "LinkLocalIPv6Address", json_object_new_string(""));
	json_object_object_add(o, "LinkLocalIPv6PrefixLen", json_object_new_int(0));
	json_object_object_add(o, "SecondaryIPAddresses", NULL);
	json_object_object_add(o, "SecondaryIPv6Addresses", NULL);
	json_object_object_add(o, "EndpointID", gw_json_str(bridge->endpoint_id));
	json_object_object_add(o, "Gateway", gw_json_str(bridge->gateway));
	json_object_object_add(o, "GlobalIPv6Address", gw_json_str(bridge->global_ipv6_address));
	json_object_object_add(o, "GlobalIPv6PrefixLen", json_object_new_int(bridge->global_ipv6_prefix_len));
	json_object_object_add(o, "IPAddress", gw_json_str(bridge->ip_address));
	json_object_object_add(o, "IPPrefixLen", json_object_new_int(bridge->ip_prefix_len));
	json_object_object_add(o, "IPv6Gateway", gw_json_str(bridge->ipv6_gateway));
	json_object_object_add(o, "MacAddress", gw_json_str(bridge->mac_address));
	json_object_object_add(o, "Networks", encode_networks(c, ev));
	return o;
}

/* Config: Docker's fields with the stored values; Hostname defaults to the short id. */
static json_object *encode_config(struct gw_arena *arena, json_object *stored,
                                  const struct sl_container *c)
{
	json_object *o = gw_config_full(stored);
	const char *hostname = json_object_get_string(json_object_object_get(o, "Hostname"));
	const char *image = json_object_get_string(json_object_object_get(o, "Image"));

	if (hostname == NULL || hostname[0] == '\0')
		json_object_object_add(o, "Hostname", json_object_new_string(short_id(arena, c->id)));
	if ((image == NULL || image[0] == '\0') && c->image != NULL)
		json_object_object_add(o, "Image", json_object_new_string(c->image));
	if (json_object_object_get(o, "Labels") == NULL)
		json_object_object_add(o, "Labels", gw_json_map_or_empty(&c->labels));
	return o;
}

/* HostConfig: Docker's fields with the stored values and the daemon's defaults. */
static json_object *encode_host_config(json_object *stored, const struct sl_container *c,
                                       const struct gw_container_view *view)
{
	json_object *o = gw_host_config_full(stored);
	json_object *log = gw_json_field(stored, "LogConfig");
	json_object *restart = gw_json_field(stored, "RestartPolicy");
	json_object *lc = json_object_new_object(), *rp = json_object_new_object();
	json_object *v;
	const char *s;

	s = json_object_get_string(gw_json_field(log, "Type"));
	json_object_object_add(lc, "Type", json_object_new_string(s != NULL && s[0] != '\0' ? s : "json-file"));
	v = gw_json_field(log, "Config");
	json_object_object_add(lc, "Config", v != NULL ? json_object_get(v) : json_object_new_object());
	json_object_object_add(o, "LogConfig", lc);
	s = json_object_get_string(gw_json_field(restart, "Name"));
	json_object_object_add(rp, "Name", json_object_new_string(s != NULL && s[0] != '\0' ? s : "no"));
	v = gw_json_field(restart, "MaximumRetryCount");
	json_object_object_add(rp, "MaximumRetryCount", v != NULL ? json_object_get(v) : json_object_new_int(0));
	json_object_object_add(o, "RestartPolicy", rp);
	json_object_object_add(o, "NetworkMode", gw_json_str(c->network_mode));
	if (json_object_object_get(o, "ConsoleSize") == NULL) {
		json_object *cs = json_object_new_array();

		json_object_array_add(cs, json_object_new_int(0));
		json_object_array_add(cs, json_object_new_int(0));
		json_object_object_add(o, "ConsoleSize", cs);
	}
	/* The backend is the runtime, as GET /info's DefaultRuntime says. */
	if (json_object_object_get(o, "Runtime") == NULL)
		json_object_object_add(o, "Runtime", gw_json_str(view->backend));
	return o;
}

static int stored_objects(struct gw_arena *arena, const struct sl_container *c, json_object **config,
                          json_object **host_config, struct gw_codec_error *err)
{
	*config = parse_stored(c->config_json);
	*host_config = parse_stored(c->host_config_json);
	if (*config == NULL || *host_config == NULL ||
	    !json_object_is_type(*config, json_type_object) ||
	    !json_object_is_type(*host_config, json_type_object)) {
		json_object_put(*config);
		json_object_put(*host_config);
		return gw_codec_fail(arena, err, 500, "container %s: the stored configuration is not valid JSON",
		                     c->id != NULL ? c->id : "");
	}
	gw_arena_defer(arena, release_json, *config);
	gw_arena_defer(arena, release_json, *host_config);
	return 0;
}

int gw_container_inspect_encode(struct gw_arena *arena, const struct sl_container *c,
                                const struct gw_container_view *view, json_object **out,
                                struct gw_codec_error *err)
{
	json_object *o, *config, *host_config, *cfg, *args, *graph;
	struct gw_endpoint_view ev;
	const char *path;

	if (stored_objects(arena, c, &config, &host_config, err) != 0)
		return -1;
	cfg = encode_config(arena, config, c);
	path_and_args(config, c, &path, &args);
	memset(&ev, 0, sizeof(ev));
	ev.api_minor = view->api_minor;
	ev.short_id = short_id(arena, c->id);
	ev.hostname = json_object_get_string(json_object_object_get(cfg, "Hostname"));
	ev.rewrite_aliases = 1;
	o = json_object_new_object();
	json_object_object_add(o, "Id", gw_json_str(c->id));
	json_object_object_add(o, "Created", json_object_new_string(gw_time_rfc3339nano(arena, c->created_ns)));
	json_object_object_add(o, "Path", json_object_new_string(path));
	json_object_object_add(o, "Args", args);
	json_object_object_add(o, "State", encode_state(arena, &c->state));
	json_object_object_add(o, "Image", gw_json_str(c->image));
	json_object_object_add(o, "ResolvConfPath", json_object_new_string(""));
	json_object_object_add(o, "HostnamePath", json_object_new_string(""));
	json_object_object_add(o, "HostsPath", json_object_new_string(""));
	json_object_object_add(o, "LogPath", json_object_new_string(""));
	json_object_object_add(o, "Name", json_object_new_string(
		gw_arena_sprintf(arena, "/%s", c->name != NULL ? c->name : "")));
	json_object_object_add(o, "RestartCount", json_object_new_int(0));
	json_object_object_add(o, "Driver", gw_json_str(view->backend));
	json_object_object_add(o, "Platform", json_object_new_string("linux"));
	json_object_object_add(o, "MountLabel", json_object_new_string(""));
	json_object_object_add(o, "ProcessLabel", json_object_new_string(""));
	json_object_object_add(o, "AppArmorProfile", json_object_new_string(""));
	json_object_object_add(o, "ExecIDs", NULL);
	json_object_object_add(o, "HostConfig", encode_host_config(host_config, c, view));
	graph = json_object_new_object();
	json_object_object_add(graph, "Data", NULL);
	json_object_object_add(graph, "Name", gw_json_str(view->backend));
	json_object_object_add(o, "GraphDriver", graph);
	json_object_object_add(o, "Mounts", encode_mounts(c));
	json_object_object_add(o, "Config", cfg);
	json_object_object_add(o, "NetworkSettings", encode_network_settings(c, &ev));
	*out = o;
	return 0;
}

const char *gw_human_duration(struct gw_arena *arena, int64_t ns)
{
	int64_t seconds = ns / 1000000000LL, minutes = seconds / 60, hours;

	if (seconds < 1)
		return "Less than a second";
	if (seconds == 1)
		return "1 second";
	if (seconds < 60)
		return gw_arena_sprintf(arena, "%lld seconds", (long long)seconds);
	if (minutes == 1)
		return "About a minute";
	if (minutes < 60)
		return gw_arena_sprintf(arena, "%lld minutes", (long long)minutes);
	/* Hours round to the nearest, as go-units does with +0.5. */
	hours = (int64_t)((double)ns / 3.6e12 + 0.5);
	if (hours == 1)
		return "About an hour";
	if (hours < 48)
		return gw_arena_sprintf(arena, "%lld hours", (long long)hours);
	if (hours < 24 * 7 * 2)
		return gw_arena_sprintf(arena, "%lld days", (long long)(hours / 24));
	if (hours < 24 * 30 * 2)
		return gw_arena_sprintf(arena, "%lld weeks", (long long)(hours / 24 / 7));
	if (hours < 24 * 365 * 2)
		return gw_arena_sprintf(arena, "%lld months", (long long)(hours / 24 / 30));
	return gw_arena_sprintf(arena, "%lld years", (long long)(ns / 3600000000000LL / 24 / 365));
}

/* State.String(): the list's Status column. */
static const char *status_text(struct gw_arena *arena, const struct sl_container_state *s,
                               int64_t now_ns)
{
	const char *st = s->status != NULL ? s->status : "created";

	if (s->running) {
		if (s->paused)
			return gw_arena_sprintf(arena, "Up %s (Paused)",
			                        gw_human_duration(arena, now_ns - s->started_at_ns));
		if (s->restarting)
			return gw_arena_sprintf(arena, "Restarting (%d) %s ago", s->exit_code,
			                        gw_human_duration(arena, now_ns - s->finished_at_ns));
		return gw_arena_sprintf(arena, "Up %s", gw_human_duration(arena, now_ns - s->started_at_ns));
	}
	if (strcmp(st, "removing") == 0)
		return "Removal In Progress";
	if (s->dead)
		return "Dead";
	if (s->started_at_ns == 0)
		return "Created";
	if (s->finished_at_ns == 0)
		return "";
	return gw_arena_sprintf(arena, "Exited (%d) %s ago", s->exit_code,
	                        gw_human_duration(arena, now_ns - s->finished_at_ns));
}

int gw_container_summary_encode(struct gw_arena *arena, const struct sl_container *c,
                                const struct gw_container_view *view, json_object **out,
                                struct gw_codec_error *err)
{
	json_object *o, *config, *host_config, *args, *names, *hc, *ns;
	struct gw_endpoint_view ev;
	const char *path, *command;

	if (stored_objects(arena, c, &config, &host_config, err) != 0)
		return -1;
	path_and_args(config, c, &path, &args);
	command = path;
	for (size_t i = 0; i < json_object_array_length(args); i++)
		command = gw_arena_sprintf(arena, "%s %s", command,
		                           json_object_get_string(json_object_array_get_idx(args, i)));
	json_object_put(args);
	memset(&ev, 0, sizeof(ev));
	ev.api_minor = view->api_minor;
	o = json_object_new_object();
	json_object_object_add(o, "Id", gw_json_str(c->id));
	names = json_object_new_array();
	json_object_array_add(names, json_object_new_string(
		gw_arena_sprintf(arena, "/%s", c->name != NULL ? c->name : "")));
	json_object_object_add(o, "Names", names);
	json_object_object_add(o, "Image", gw_json_str(c->image));
	json_object_object_add(o, "ImageID", json_object_new_string(""));
	json_object_object_add(o, "Command", json_object_new_string(command));
	json_object_object_add(o, "Created", json_object_new_int64(c->created_ns / 1000000000LL));
	json_object_object_add(o, "Ports", json_object_new_array());
	json_object_object_add(o, "Labels", gw_json_map_or_empty(&c->labels));
	json_object_object_add(o, "State", json_object_new_string(
		c->state.status != NULL && c->state.status[0] != '\0' ? c->state.status : "created"));
	json_object_object_add(o, "Status", json_object_new_string(status_text(arena, &c->state, view->now_ns)));
	hc = json_object_new_object();
	json_object_object_add(hc, "NetworkMode", gw_json_str(c->network_mode));
	json_object_object_add(o, "HostConfig", hc);
	ns = json_object_new_object();
	json_object_object_add(ns, "Networks", encode_networks(c, &ev));
	json_object_object_add(o, "NetworkSettings", ns);
	json_object_object_add(o, "Mounts", encode_mounts(c));
	*out = o;
	return 0;
}
