/* Typed calls for Container Apps jobs and their executions. */
#include "config.h"

#include <string.h>
#include <strings.h>

#include "plugins/aca/arm_json.h"
#include "plugins/aca/arm_lro.h"
#include "plugins/aca/arm_request.h"
#include "plugins/aca/arm_url.h"

static char *job_path(struct aca_arm_client *c, struct aca_arm_arena *a, const char *job)
{
	return aca_arm_resource_path(c, a, "Microsoft.App/jobs/%s", aca_arm_url_escape(a, job));
}

static char *execution_path(struct aca_arm_client *c, struct aca_arm_arena *a, const char *job,
                            const char *execution)
{
	return aca_arm_arena_sprintf(a, "%s/executions/%s", job_path(c, a, job),
	                         aca_arm_url_escape(a, execution));
}

static int bad_answer(struct aca_arm_client *c, struct aca_arm_error *err, const char *what)
{
	aca_arm_error_set(err, c->rt.redactor, SL_ERR_INTERNAL, "%s: the answer is not a JSON object", what);
	return err->status;
}

/* ---- request bodies ---- */

static json_object *container_json(const struct aca_arm_container *ct)
{
	json_object *o = json_object_new_object();

	aca_arm_json_add_string(o, "name", ct->name);
	aca_arm_json_add_string(o, "image", ct->image);
	if (ct->command.count > 0)
		json_object_object_add(o, "command", aca_arm_json_from_strv(&ct->command));
	if (ct->args.count > 0)
		json_object_object_add(o, "args", aca_arm_json_from_strv(&ct->args));
	if (ct->n_env > 0) {
		json_object *env = json_object_new_array();

		for (size_t i = 0; i < ct->n_env; i++) {
			json_object *e = json_object_new_object();

			aca_arm_json_add_string(e, "name", ct->env[i].name);
			if (ct->env[i].secret_ref != NULL)
				aca_arm_json_add_string(e, "secretRef", ct->env[i].secret_ref);
			else
				json_object_object_add(e, "value", json_object_new_string(
					ct->env[i].value != NULL ? ct->env[i].value : ""));
			json_object_array_add(env, e);
		}
		json_object_object_add(o, "env", env);
	}
	if (ct->cpu > 0 || ct->memory != NULL) {
		json_object *r = json_object_new_object();

		if (ct->cpu > 0)
			json_object_object_add(r, "cpu", json_object_new_double(ct->cpu));
		aca_arm_json_add_string(r, "memory", ct->memory);
		json_object_object_add(o, "resources", r);
	}
	if (ct->n_mounts > 0) {
		json_object *mounts = json_object_new_array();

		for (size_t i = 0; i < ct->n_mounts; i++) {
			json_object *m = json_object_new_object();

			aca_arm_json_add_string(m, "volumeName", ct->mounts[i].volume_name);
			aca_arm_json_add_string(m, "mountPath", ct->mounts[i].mount_path);
			aca_arm_json_add_string(m, "subPath", ct->mounts[i].sub_path);
			json_object_array_add(mounts, m);
		}
		json_object_object_add(o, "volumeMounts", mounts);
	}
	return o;
}

static json_object *job_json(const struct aca_arm_job_spec *spec)
{
	json_object *body = json_object_new_object(), *props = json_object_new_object();
	json_object *conf = json_object_new_object(), *manual = json_object_new_object();
	json_object *tmpl = json_object_new_object(), *containers = json_object_new_array();

	aca_arm_json_add_string(body, "location", spec->location);
	if (spec->tags.count > 0)
		json_object_object_add(body, "tags", aca_arm_json_from_map(&spec->tags));
	aca_arm_json_add_string(props, "environmentId", spec->environment_id);
	aca_arm_json_add_string(props, "workloadProfileName", spec->workload_profile);
	/* One replica per execution, never retried: a Docker container runs once. */
	json_object_object_add(conf, "triggerType", json_object_new_string("Manual"));
	json_object_object_add(conf, "replicaTimeout", json_object_new_int(spec->replica_timeout_s));
	json_object_object_add(conf, "replicaRetryLimit", json_object_new_int(0));
	json_object_object_add(manual, "parallelism", json_object_new_int(1));
	json_object_object_add(manual, "replicaCompletionCount", json_object_new_int(1));
	json_object_object_add(conf, "manualTriggerConfig", manual);
	json_object_object_add(props, "configuration", conf);
	for (size_t i = 0; i < spec->n_containers; i++)
		json_object_array_add(containers, container_json(&spec->containers[i]));
	json_object_object_add(tmpl, "containers", containers);
	if (spec->n_volumes > 0) {
		json_object *volumes = json_object_new_array();

		for (size_t i = 0; i < spec->n_volumes; i++) {
			const struct aca_arm_volume *v = &spec->volumes[i];
			json_object *o = json_object_new_object();

			aca_arm_json_add_string(o, "name", v->name);
			if (v->type == ACA_ARM_STORAGE_AZURE_FILE) {
				json_object_object_add(o, "storageType", json_object_new_string("AzureFile"));
				aca_arm_json_add_string(o, "storageName", v->storage_name);
			} else {
				json_object_object_add(o, "storageType", json_object_new_string("EmptyDir"));
			}
			aca_arm_json_add_string(o, "mountOptions", v->mount_options);
			json_object_array_add(volumes, o);
		}
		json_object_object_add(tmpl, "volumes", volumes);
	}
	json_object_object_add(props, "template", tmpl);
	json_object_object_add(body, "properties", props);
	return body;
}

/* ---- answers ---- */

static void parse_container(struct aca_arm_arena *arena, json_object *o, struct aca_arm_container *ct)
{
	json_object *env = aca_arm_json_get(o, "env"), *mounts = aca_arm_json_get(o, "volumeMounts");
	json_object *res = aca_arm_json_get(o, "resources");

	memset(ct, 0, sizeof(*ct));
	ct->name = aca_arm_json_string(arena, o, "name");
	ct->image = aca_arm_json_string(arena, o, "image");
	ct->command = aca_arm_json_strv(arena, aca_arm_json_get(o, "command"));
	ct->args = aca_arm_json_strv(arena, aca_arm_json_get(o, "args"));
	ct->cpu = aca_arm_json_double(res, "cpu", 0);
	ct->memory = aca_arm_json_string(arena, res, "memory");
	if (env != NULL && json_object_is_type(env, json_type_array)) {
		size_t n = json_object_array_length(env);
		struct aca_arm_env_var *vars = aca_arm_arena_alloc(arena, n * sizeof(*vars) + 1);

		for (size_t i = 0; i < n; i++) {
			json_object *e = json_object_array_get_idx(env, i);

			vars[i].name = aca_arm_json_string(arena, e, "name");
			vars[i].value = aca_arm_json_string(arena, e, "value");
			vars[i].secret_ref = aca_arm_json_string(arena, e, "secretRef");
		}
		ct->n_env = n;
		ct->env = vars;
	}
	if (mounts != NULL && json_object_is_type(mounts, json_type_array)) {
		size_t n = json_object_array_length(mounts);
		struct aca_arm_volume_mount *m = aca_arm_arena_alloc(arena, n * sizeof(*m) + 1);

		for (size_t i = 0; i < n; i++) {
			json_object *e = json_object_array_get_idx(mounts, i);

			m[i].volume_name = aca_arm_json_string(arena, e, "volumeName");
			m[i].mount_path = aca_arm_json_string(arena, e, "mountPath");
			m[i].sub_path = aca_arm_json_string(arena, e, "subPath");
		}
		ct->n_mounts = n;
		ct->mounts = m;
	}
}

static void parse_job(struct aca_arm_arena *arena, json_object *obj, struct aca_arm_job *out)
{
	json_object *props = aca_arm_json_get(obj, "properties");
	json_object *conf = aca_arm_json_get(props, "configuration");
	json_object *tmpl = aca_arm_json_get(props, "template");
	json_object *containers = aca_arm_json_get(tmpl, "containers");
	json_object *volumes = aca_arm_json_get(tmpl, "volumes");

	memset(out, 0, sizeof(*out));
	out->id = aca_arm_json_string(arena, obj, "id");
	out->name = aca_arm_json_string(arena, obj, "name");
	out->location = aca_arm_json_string(arena, obj, "location");
	out->tags = aca_arm_json_map(arena, aca_arm_json_get(obj, "tags"));
	out->provisioning_state = aca_arm_json_string(arena, props, "provisioningState");
	out->environment_id = aca_arm_json_string(arena, props, "environmentId");
	out->trigger_type = aca_arm_json_string(arena, conf, "triggerType");
	out->replica_timeout_s = (int)aca_arm_json_int(conf, "replicaTimeout", 0);
	out->parallelism = (int)aca_arm_json_int(aca_arm_json_get(conf, "manualTriggerConfig"), "parallelism", 1);
	if (containers != NULL && json_object_is_type(containers, json_type_array)) {
		size_t n = json_object_array_length(containers);
		struct aca_arm_container *cts = aca_arm_arena_alloc(arena, n * sizeof(*cts) + 1);

		for (size_t i = 0; i < n; i++)
			parse_container(arena, json_object_array_get_idx(containers, i), &cts[i]);
		out->n_containers = n;
		out->containers = cts;
	}
	if (volumes != NULL && json_object_is_type(volumes, json_type_array)) {
		size_t n = json_object_array_length(volumes);
		struct aca_arm_volume *vs = aca_arm_arena_alloc(arena, n * sizeof(*vs) + 1);

		for (size_t i = 0; i < n; i++) {
			json_object *v = json_object_array_get_idx(volumes, i);
			const char *type = aca_arm_json_string(arena, v, "storageType");

			vs[i].name = aca_arm_json_string(arena, v, "name");
			vs[i].type = type != NULL && strcmp(type, "AzureFile") == 0 ? ACA_ARM_STORAGE_AZURE_FILE
			                                                            : ACA_ARM_STORAGE_EMPTY_DIR;
			vs[i].storage_name = aca_arm_json_string(arena, v, "storageName");
			vs[i].mount_options = aca_arm_json_string(arena, v, "mountOptions");
		}
		out->n_volumes = n;
		out->volumes = vs;
	}
}

static int get_job(struct aca_arm_client *c, struct aca_arm_arena *arena, const char *job, const char *what,
                   struct aca_arm_job *out, struct aca_arm_error *err)
{
	struct aca_arm_call call = { "GET", job_path(c, arena, job), ACA_ARM_API_APP, NULL, NULL, 1, NULL, 0,
		                 what };
	struct aca_arm_answer ans;
	json_object *root;
	int rc = aca_arm_send(c, arena, &call, &ans, err);

	if (rc != SL_OK)
		return rc;
	root = aca_arm_json_parse(ans.body, ans.body_len);
	if (root == NULL)
		return bad_answer(c, err, what);
	parse_job(arena, root, out);
	json_object_put(root);
	return SL_OK;
}

static int provisioning_done(const char *state)
{
	return state == NULL || strcasecmp(state, "Succeeded") == 0 || strcasecmp(state, "Failed") == 0 ||
	       strcasecmp(state, "Canceled") == 0;
}

int aca_arm_job_put(struct aca_arm_client *c, struct aca_arm_arena *arena, const char *job,
                const struct aca_arm_job_spec *spec, struct aca_arm_job *out, struct aca_arm_error *err)
{
	const char *what = aca_arm_arena_sprintf(arena, "job %s", job);
	struct aca_arm_call call = { "PUT", job_path(c, arena, job), ACA_ARM_API_APP, NULL,
		                 aca_arm_json_finish(arena, job_json(spec), 0), 1, NULL, 0, what };
	const struct aca_arm_clock *clk = c->rt.clock;
	struct aca_arm_answer ans, final;
	int64_t start;
	int rc;

	rc = aca_arm_send(c, arena, &call, &ans, err);
	if (rc != SL_OK)
		return rc;
	rc = aca_arm_lro_wait(c, arena, what, &ans, &final, err);
	if (rc != SL_OK)
		return rc;
	/* final-state-via azure-async-operation: the job itself comes from a GET.
	 * Without any operation header, the GET is polled until provisioning ends. */
	start = clk->now_ms(clk->arg);
	for (;;) {
		rc = get_job(c, arena, job, what, out, err);
		if (rc != SL_OK)
			return rc;
		if (provisioning_done(out->provisioning_state))
			break;
		if (clk->now_ms(clk->arg) + c->lro_poll_ms - start > c->lro_timeout_ms) {
			aca_arm_error_set(err, c->rt.redactor, SL_ERR_UNAVAILABLE,
			              "%s: provisioning still %s after %lld s", what, out->provisioning_state,
			              (long long)((clk->now_ms(clk->arg) - start) / 1000));
			return err->status;
		}
		clk->sleep_ms(clk->arg, c->lro_poll_ms);
	}
	if (out->provisioning_state != NULL && strcasecmp(out->provisioning_state, "Succeeded") != 0) {
		aca_arm_error_set(err, c->rt.redactor, SL_ERR_INTERNAL, "%s: provisioning %s", what,
		              out->provisioning_state);
		return err->status;
	}
	return SL_OK;
}

int aca_arm_job_get(struct aca_arm_client *c, struct aca_arm_arena *arena, const char *job,
                struct aca_arm_job *out, struct aca_arm_error *err)
{
	return get_job(c, arena, job, aca_arm_arena_sprintf(arena, "job %s", job), out, err);
}

int aca_arm_job_list(struct aca_arm_client *c, struct aca_arm_arena *arena, struct aca_arm_job_list *out,
                 struct aca_arm_error *err)
{
	struct aca_arm_call call = { "GET", aca_arm_resource_path(c, arena, "Microsoft.App/jobs"), ACA_ARM_API_APP,
		                 NULL, NULL, 1, NULL, 0, "jobs" };
	json_object *items;
	struct aca_arm_job *jobs;
	size_t len;
	int rc = aca_arm_list_all(c, arena, &call, &items, err);

	if (rc != SL_OK)
		return rc;
	len = json_object_array_length(items);
	jobs = aca_arm_arena_alloc(arena, len * sizeof(*jobs) + 1);
	for (size_t i = 0; i < len; i++)
		parse_job(arena, json_object_array_get_idx(items, i), &jobs[i]);
	json_object_put(items);
	out->count = len;
	out->items = jobs;
	return SL_OK;
}

int aca_arm_job_delete(struct aca_arm_client *c, struct aca_arm_arena *arena, const char *job, int *existed,
                   struct aca_arm_error *err)
{
	const char *what = aca_arm_arena_sprintf(arena, "job %s", job);
	struct aca_arm_call call = { "DELETE", job_path(c, arena, job), ACA_ARM_API_APP, NULL, NULL, 1, NULL, 0,
		                 what };
	struct aca_arm_answer ans, final;
	int rc = aca_arm_send(c, arena, &call, &ans, err);

	if (rc != SL_OK)
		return rc;
	if (existed != NULL)
		*existed = ans.status != 204;
	return aca_arm_lro_wait(c, arena, what, &ans, &final, err);
}

int aca_arm_job_start(struct aca_arm_client *c, struct aca_arm_arena *arena, const char *job,
                  const char **execution, struct aca_arm_error *err)
{
	const char *what = aca_arm_arena_sprintf(arena, "job %s", job);
	/* Not idempotent: a repeated start is a second execution. */
	struct aca_arm_call call = { "POST", aca_arm_arena_sprintf(arena, "%s/start", job_path(c, arena, job)),
		                 ACA_ARM_API_APP, NULL, NULL, 0, NULL, 0, what };
	struct aca_arm_answer ans, final;
	json_object *root;
	const char *name;
	int rc = aca_arm_send(c, arena, &call, &ans, err);

	if (rc != SL_OK)
		return rc;
	rc = aca_arm_lro_wait(c, arena, what, &ans, &final, err);
	if (rc != SL_OK)
		return rc;
	root = aca_arm_json_parse(final.body, final.body_len);
	name = aca_arm_json_string(arena, root, "name");
	json_object_put(root);
	if (name == NULL || *name == '\0') {
		aca_arm_error_set(err, c->rt.redactor, SL_ERR_INTERNAL,
		              "%s: start answered HTTP %ld without an execution name", what, final.status);
		return err->status;
	}
	*execution = name;
	return SL_OK;
}

int aca_arm_execution_status_terminal(const char *status)
{
	static const char *const terminal[] = { "Succeeded", "Failed", "Stopped", "Degraded" };

	for (size_t i = 0; status != NULL && i < sizeof(terminal) / sizeof(terminal[0]); i++) {
		if (strcasecmp(status, terminal[i]) == 0)
			return 1;
	}
	return 0;
}

static void parse_execution(struct aca_arm_arena *arena, json_object *obj, struct aca_arm_execution *out)
{
	json_object *props = aca_arm_json_get(obj, "properties");

	memset(out, 0, sizeof(*out));
	out->id = aca_arm_json_string(arena, obj, "id");
	out->name = aca_arm_json_string(arena, obj, "name");
	out->status = aca_arm_json_string(arena, props, "status");
	out->start_time = aca_arm_json_string(arena, props, "startTime");
	out->end_time = aca_arm_json_string(arena, props, "endTime");
}

int aca_arm_execution_get(struct aca_arm_client *c, struct aca_arm_arena *arena, const char *job,
                      const char *execution, struct aca_arm_execution *out, struct aca_arm_error *err)
{
	const char *what = aca_arm_arena_sprintf(arena, "execution %s of job %s", execution, job);
	struct aca_arm_call call = { "GET", execution_path(c, arena, job, execution), ACA_ARM_API_APP, NULL,
		                 NULL, 1, NULL, 0, what };
	struct aca_arm_answer ans;
	json_object *root;
	int rc = aca_arm_send(c, arena, &call, &ans, err);

	if (rc != SL_OK)
		return rc;
	root = aca_arm_json_parse(ans.body, ans.body_len);
	if (root == NULL)
		return bad_answer(c, err, what);
	parse_execution(arena, root, out);
	json_object_put(root);
	return SL_OK;
}

int aca_arm_execution_list(struct aca_arm_client *c, struct aca_arm_arena *arena, const char *job,
                       struct aca_arm_execution_list *out, struct aca_arm_error *err)
{
	const char *what = aca_arm_arena_sprintf(arena, "executions of job %s", job);
	struct aca_arm_call call = { "GET", aca_arm_arena_sprintf(arena, "%s/executions", job_path(c, arena, job)),
		                 ACA_ARM_API_APP, NULL, NULL, 1, NULL, 0, what };
	json_object *items;
	struct aca_arm_execution *list;
	size_t len;
	int rc = aca_arm_list_all(c, arena, &call, &items, err);

	if (rc != SL_OK)
		return rc;
	len = json_object_array_length(items);
	list = aca_arm_arena_alloc(arena, len * sizeof(*list) + 1);
	for (size_t i = 0; i < len; i++)
		parse_execution(arena, json_object_array_get_idx(items, i), &list[i]);
	json_object_put(items);
	out->count = len;
	out->items = list;
	return SL_OK;
}

int aca_arm_execution_stop(struct aca_arm_client *c, struct aca_arm_arena *arena, const char *job,
                       const char *execution, struct aca_arm_error *err)
{
	const char *what = aca_arm_arena_sprintf(arena, "execution %s of job %s", execution, job);
	/* Stopping twice stops once: safe to repeat. */
	struct aca_arm_call call = { "POST",
		                 aca_arm_arena_sprintf(arena, "%s/stop", execution_path(c, arena, job, execution)),
		                 ACA_ARM_API_APP, NULL, NULL, 1, NULL, 0, what };
	struct aca_arm_answer ans, final;
	int rc = aca_arm_send(c, arena, &call, &ans, err);

	if (rc != SL_OK)
		return rc;
	return aca_arm_lro_wait(c, arena, what, &ans, &final, err);
}
