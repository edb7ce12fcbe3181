/* Microsoft.App jobs and their executions. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "tests/azemu/arm.h"
#include "tests/azemu/executions.h"
#include "tests/azemu/names.h"
#include "tests/azemu/operations.h"
#include "tests/azemu/schema.h"
#include "tests/azemu/state.h"

static const struct azemu_schema_codes app_codes = { "InvalidRequestContent",
	                                             "ContainerAppInvalidPropertyValue" };

static void invalid(struct azemu_arm *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void invalid(struct azemu_arm *a, const char *fmt, ...)
{
	char message[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(message, sizeof(message), fmt, ap);
	va_end(ap);
	azemu_response_error(a->resp, 400, "ContainerAppInvalidPropertyValue", "%s", message);
}

/* The managed environment an environmentId names, NULL if none. */
static json_object *find_env(struct azemu_arm *a, const char *env_id)
{
	char buf[1024], *seg[16], *save = NULL;
	size_t n = 0;
	json_object *sub, *rg;

	snprintf(buf, sizeof(buf), "%s", env_id);
	for (char *t = strtok_r(buf, "/", &save); t != NULL && n < 16; t = strtok_r(NULL, "/", &save))
		seg[n++] = t;
	if (n != 8 || !azemu_seg_eq(seg[0], "subscriptions") || !azemu_seg_eq(seg[2], "resourceGroups") ||
	    !azemu_seg_eq(seg[4], "providers") || !azemu_seg_eq(seg[5], "Microsoft.App") ||
	    !azemu_seg_eq(seg[6], "managedEnvironments"))
		return NULL;
	sub = azemu_subscription(a->emu, seg[1], 0);
	rg = azemu_resource_group(sub, seg[3], 0);
	return azemu_entry(azemu_obj(rg, "managedEnvironments", 0), seg[7]);
}

static int check_containers(struct azemu_arm *a, json_object *tmpl, const char *list,
                            json_object *volumes)
{
	json_object *cts;

	if (!json_object_object_get_ex(tmpl, list, &cts))
		return 0;
	for (size_t i = 0; i < json_object_array_length(cts); i++) {
		json_object *c = json_object_array_get_idx(cts, i), *mounts;
		char path[128];

		snprintf(path, sizeof(path), "template.%s[%zu]", list, i);
		if (azemu_str(c, "image") == NULL || *azemu_str(c, "image") == '\0') {
			invalid(a, "Property '%s.image' is required.", path);
			return -1;
		}
		if (azemu_str(c, "name") == NULL || *azemu_str(c, "name") == '\0') {
			invalid(a, "Property '%s.name' is required.", path);
			return -1;
		}
		if (!json_object_object_get_ex(c, "volumeMounts", &mounts))
			continue;
		for (size_t k = 0; k < json_object_array_length(mounts); k++) {
			json_object *m = json_object_array_get_idx(mounts, k);
			const char *vn = azemu_str(m, "volumeName"), *mp = azemu_str(m, "mountPath");
			int found = 0;

			if (mp == NULL || *mp != '/' || strchr(mp, ':') != NULL) {
				invalid(a, "Property '%s.volumeMounts.mountPath' has an invalid value '%s': an "
				           "absolute path without ':' is required.",
				        path, mp != NULL ? mp : "");
				return -1;
			}
			for (size_t v = 0; vn != NULL && volumes != NULL && v < json_object_array_length(volumes); v++) {
				const char *name = azemu_str(json_object_array_get_idx(volumes, v), "name");

				if (name != NULL && strcmp(name, vn) == 0)
					found = 1;
			}
			if (!found) {
				invalid(a, "Property '%s.volumeMounts.volumeName' names volume '%s', which is not "
				           "in template.volumes.",
				        path, vn != NULL ? vn : "");
				return -1;
			}
		}
	}
	return 0;
}

static int check_template(struct azemu_arm *a, json_object *props, json_object *env)
{
	json_object *tmpl = azemu_obj(props, "template", 0), *cts = NULL, *vols = NULL;

	if (tmpl == NULL || !json_object_object_get_ex(tmpl, "containers", &cts) ||
	    json_object_array_length(cts) == 0) {
		invalid(a, "Property 'template.containers' must contain at least one container.");
		return -1;
	}
	json_object_object_get_ex(tmpl, "volumes", &vols);
	for (size_t i = 0; vols != NULL && i < json_object_array_length(vols); i++) {
		json_object *v = json_object_array_get_idx(vols, i);
		const char *name = azemu_str(v, "name"), *type = azemu_str(v, "storageType");
		const char *storage = azemu_str(v, "storageName");

		if (name == NULL || *name == '\0') {
			invalid(a, "Property 'template.volumes.name' is required.");
			return -1;
		}
		for (size_t k = 0; k < i; k++) {
			if (strcmp(azemu_str(json_object_array_get_idx(vols, k), "name"), name) == 0) {
				invalid(a, "Volume name '%s' is used twice in template.volumes.", name);
				return -1;
			}
		}
		if (type != NULL && (strcmp(type, "AzureFile") == 0 || strcmp(type, "NfsAzureFile") == 0)) {
			if (storage == NULL) {
				invalid(a, "Volume '%s' of type %s needs 'storageName'.", name, type);
				return -1;
			}
			if (azemu_entry(azemu_obj(env, "storages", 1), storage) == NULL) {
				invalid(a, "Volume '%s' uses storage '%s', which the managed environment does "
				           "not have.",
				        name, storage);
				return -1;
			}
		}
	}
	return check_containers(a, tmpl, "containers", vols) != 0 ||
	               check_containers(a, tmpl, "initContainers", vols) != 0
	               ? -1
	               : 0;
}

static void put_job(struct azemu_arm *a, const char *name)
{
	json_object *jobs = azemu_obj(a->rg, "jobs", 1), *existing = azemu_entry(jobs, name);
	json_object *props, *env, *entry, *res, *execs = NULL, *ips;
	const char *env_id, *location;
	char id[1024], endpoint[512];

	if (azemu_check_job_name(name, a->resp) != 0 || azemu_arm_need_body(a) != 0 ||
	    azemu_schema_check(azemu_spec_job, a->body, &app_codes, a->resp) != 0)
		return;
	location = azemu_str(a->body, "location");
	if (location == NULL || *location == '\0') {
		azemu_response_error(a->resp, 400, "LocationRequired",
		                     "The location property is required for this definition.");
		return;
	}
	props = azemu_obj(a->body, "properties", 0);
	env_id = azemu_str(props, "environmentId");
	if (env_id == NULL) {
		azemu_response_error(a->resp, 400, "InvalidRequestContent",
		                     "The request content was invalid and could not be deserialized: "
		                     "'Required property 'environmentId' not found in JSON. Path "
		                     "'properties'.'");
		return;
	}
	if (existing != NULL) {
		const char *old = azemu_str(azemu_obj(azemu_entry_resource(existing), "properties", 0),
		                            "environmentId");

		if (old != NULL && strcasecmp(old, env_id) != 0) {
			invalid(a, "Property 'environmentId' cannot be changed (it is '%s').", old);
			return;
		}
	}
	env = find_env(a, env_id);
	if (env == NULL) {
		azemu_response_error(a->resp, 404, "ManagedEnvironmentNotFound",
		                     "The managed environment '%s' was not found.", env_id);
		return;
	}
	if (check_template(a, props, env) != 0)
		return;

	res = azemu_copy(a->body);
	snprintf(id, sizeof(id), "%s/providers/Microsoft.App/jobs/%s", azemu_rg_id(a->sub, a->rg), name);
	json_object_object_add(res, "id", json_object_new_string(id));
	json_object_object_add(res, "name", json_object_new_string(name));
	json_object_object_add(res, "type", json_object_new_string("Microsoft.App/jobs"));
	props = azemu_obj(res, "properties", 1);
	json_object_object_add(props, "provisioningState", json_object_new_string("InProgress"));
	ips = json_object_new_array();
	json_object_array_add(ips, json_object_new_string("20.50.0.10"));
	json_object_object_add(props, "outboundIpAddresses", ips);
	snprintf(endpoint, sizeof(endpoint), "https://%s.azurecontainerapps.dev/jobs/%s/eventstream",
	         azemu_arm_location(a), name);
	json_object_object_add(props, "eventStreamEndpoint", json_object_new_string(endpoint));
	entry = json_object_new_object();
	json_object_object_add(entry, "resource", res);
	if (existing != NULL && json_object_object_get_ex(existing, "executions", &execs))
		json_object_object_add(entry, "executions", json_object_get(execs));
	else
		json_object_object_add(entry, "executions", json_object_new_object());
	azemu_entry_put(jobs, name, entry);
	a->emu->dirty = 1;
	azemu_response_json(a->resp, existing == NULL ? 201 : 200, azemu_copy(res));
	azemu_op_start(a->emu, a->req, a->resp, AZEMU_OP_JOB_PUT, a->sub, a->rg, location, name, NULL, 1);
}

static void start_job(struct azemu_arm *a, json_object *job)
{
	json_object *res = azemu_entry_resource(job), *ex;
	const char *state = azemu_str(azemu_obj(res, "properties", 0), "provisioningState");
	char name[64];

	if (a->body != NULL &&
	    azemu_schema_check(azemu_spec_job_execution_template, a->body, &app_codes, a->resp) != 0)
		return;
	if (a->req->body_len > 0 && a->body == NULL) {
		azemu_arm_need_body(a);
		return;
	}
	if (state == NULL || strcmp(state, "Succeeded") != 0) {
		azemu_response_error(a->resp, 409, "ContainerAppJobNotReady",
		                     "The job '%s' cannot start while its provisioning state is '%s'.",
		                     azemu_str(res, "name"), state != NULL ? state : "unknown");
		return;
	}
	ex = azemu_execution_start(a->emu, job, a->body, NULL, name);
	if (ex == NULL) {
		azemu_response_error(a->resp, 500, "InternalServerError",
		                     "The execution of job '%s' could not be started.", azemu_str(res, "name"));
		return;
	}
	if (a->emu->cfg.start_async) {
		azemu_response_json(a->resp, 202, NULL);
		azemu_op_start(a->emu, a->req, a->resp, AZEMU_OP_JOB_START, a->sub, a->rg,
		               azemu_str(res, "location"), azemu_str(res, "name"), name, 0);
	} else {
		json_object *body = json_object_new_object();

		json_object_object_add(body, "id", json_object_new_string(azemu_str(azemu_entry_resource(ex), "id")));
		json_object_object_add(body, "name", json_object_new_string(name));
		azemu_response_json(a->resp, 200, body);
	}
}

static void serve_executions(struct azemu_arm *a, json_object *job)
{
	json_object *execs = azemu_obj(job, "executions", 1), *ex;
	const char *m = a->req->method;

	if (a->nseg == 3) {
		json_object *items = json_object_new_array();

		if (strcmp(m, "GET") != 0) {
			json_object_put(items);
			azemu_arm_bad_method(a);
			return;
		}
		json_object_object_foreach(execs, key, e) {
			(void)key;
			json_object_array_add(items, azemu_execution_view(a->emu, e, a->req->now_ms));
		}
		azemu_arm_list(a, items);
		return;
	}
	ex = azemu_entry(execs, a->seg[3]);
	if (ex == NULL) {
		azemu_response_error(a->resp, 404, "ResourceNotFound",
		                     "The Resource 'Microsoft.App/jobs/%s/executions/%s' under resource "
		                     "group '%s' was not found.",
		                     a->seg[1], a->seg[3], azemu_str(a->rg, "name"));
		return;
	}
	if (a->nseg == 4 && strcmp(m, "GET") == 0) {
		azemu_response_json(a->resp, 200, azemu_execution_view(a->emu, ex, a->req->now_ms));
	} else if (a->nseg == 5 && azemu_seg_eq(a->seg[4], "stop") && strcmp(m, "POST") == 0) {
		json_object *res = azemu_entry_resource(job);

		json_object_put(azemu_execution_view(a->emu, ex, a->req->now_ms));
		azemu_execution_stop(a->emu, ex);
		azemu_response_json(a->resp, 202, NULL);
		azemu_op_start(a->emu, a->req, a->resp, AZEMU_OP_EXECUTION_STOP, a->sub, a->rg,
		               azemu_str(res, "location"), azemu_str(res, "name"), a->seg[3], 0);
	} else {
		azemu_arm_bad_method(a);
	}
}

static void list_jobs(struct azemu_arm *a)
{
	json_object *items = json_object_new_array();
	json_object *rgs = a->rg != NULL ? NULL : azemu_obj(a->sub, "resourceGroups", 1);

	if (strcmp(a->req->method, "GET") != 0) {
		json_object_put(items);
		azemu_arm_bad_method(a);
		return;
	}
	if (a->rg != NULL) {
		json_object_object_foreach(azemu_obj(a->rg, "jobs", 1), key, job) {
			(void)key;
			json_object_array_add(items, azemu_copy(azemu_entry_resource(job)));
		}
	} else {
		json_object_object_foreach(rgs, rkey, rg) {
			(void)rkey;
			json_object_object_foreach(azemu_obj(rg, "jobs", 1), key, job) {
				(void)key;
				json_object_array_add(items, azemu_copy(azemu_entry_resource(job)));
			}
		}
	}
	azemu_arm_list(a, items);
}

void azemu_app_jobs_serve(struct azemu_arm *a)
{
	const char *m = a->req->method;
	json_object *jobs, *job;

	if (a->nseg == 1) {
		list_jobs(a);
		return;
	}
	jobs = azemu_obj(a->rg, "jobs", 1);
	job = azemu_entry(jobs, a->seg[1]);
	if (a->nseg == 2) {
		if (strcmp(m, "PUT") == 0) {
			put_job(a, a->seg[1]);
		} else if (strcmp(m, "GET") == 0) {
			if (job == NULL)
				azemu_arm_not_found(a, "Microsoft.App/jobs", a->seg[1]);
			else
				azemu_response_json(a->resp, 200, azemu_copy(azemu_entry_resource(job)));
		} else if (strcmp(m, "DELETE") == 0) {
			json_object *res;

			if (job == NULL) {
				azemu_response_json(a->resp, 204, NULL);
				return;
			}
			res = azemu_entry_resource(job);
			json_object_object_add(azemu_obj(res, "properties", 1), "provisioningState",
			                       json_object_new_string("Deleting"));
			a->emu->dirty = 1;
			azemu_response_json(a->resp, 202, NULL);
			azemu_op_start(a->emu, a->req, a->resp, AZEMU_OP_JOB_DELETE, a->sub, a->rg,
			               azemu_str(res, "location"), azemu_str(res, "name"), NULL, 0);
		} else {
			azemu_arm_bad_method(a);
		}
		return;
	}
	if (job == NULL) {
		azemu_arm_not_found(a, "Microsoft.App/jobs", a->seg[1]);
		return;
	}
	if (a->nseg == 3 && azemu_seg_eq(a->seg[2], "start")) {
		if (strcmp(m, "POST") != 0)
			azemu_arm_bad_method(a);
		else
			start_job(a, job);
		return;
	}
	if (a->nseg == 3 && azemu_seg_eq(a->seg[2], "stop")) {
		json_object *body = json_object_new_object(), *value = json_object_new_array();

		if (strcmp(m, "POST") != 0) {
			json_object_put(body);
			json_object_put(value);
			azemu_arm_bad_method(a);
			return;
		}
		json_object_object_foreach(azemu_obj(job, "executions", 1), key, ex) {
			json_object *v = azemu_execution_view(a->emu, ex, a->req->now_ms), *item;
			const char *status = azemu_str(azemu_obj(v, "properties", 0), "status");

			(void)key;
			if (status != NULL && strcmp(status, "Running") == 0) {
				azemu_execution_stop(a->emu, ex);
				item = json_object_new_object();
				json_object_object_add(item, "name", json_object_new_string(azemu_str(v, "name")));
				json_object_object_add(item, "id", json_object_new_string(azemu_str(v, "id")));
				json_object_array_add(value, item);
			}
			json_object_put(v);
		}
		json_object_object_add(body, "value", value);
		azemu_response_json(a->resp, 200, body);
		return;
	}
	if (a->nseg >= 3 && a->nseg <= 5 && azemu_seg_eq(a->seg[2], "executions")) {
		serve_executions(a, job);
		return;
	}
	azemu_arm_not_found(a, "Microsoft.App/jobs", a->req->path);
}
