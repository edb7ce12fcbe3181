/* The execution state machine and the timer runner. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "tests/azemu/executions.h"
#include "tests/azemu/state.h"

static json_object *props_of(json_object *execution)
{
	return azemu_obj(azemu_entry_resource(execution), "properties", 1);
}

static int running(json_object *execution)
{
	const char *status = azemu_str(props_of(execution), "status");

	return status != NULL && (strcmp(status, "Running") == 0 || strcmp(status, "Processing") == 0 ||
	                          strcmp(status, "Unknown") == 0);
}

void azemu_execution_finish(json_object *execution, const char *status, int64_t now_ms)
{
	json_object *props = props_of(execution);

	json_object_object_add(props, "status", json_object_new_string(status));
	json_object_object_add(props, "endTime", json_object_new_string(azemu_iso_time(now_ms)));
}

static int timer_start(void *arg, struct azemu *emu, json_object *job_entry, json_object *execution)
{
	(void)arg;
	(void)emu;
	(void)job_entry;
	(void)execution;
	return 0;
}

static void timer_stop(void *arg, struct azemu *emu, json_object *execution)
{
	(void)arg;
	(void)emu;
	(void)execution;
}

static void timer_refresh(void *arg, struct azemu *emu, json_object *execution, int64_t now_ms)
{
	json_object *v;
	int64_t started;

	(void)arg;
	if (emu->cfg.execution_ms < 0 || !running(execution))
		return;
	started = json_object_object_get_ex(execution, "startedMs", &v) ? json_object_get_int64(v) : 0;
	if (now_ms - started >= emu->cfg.execution_ms) {
		azemu_execution_finish(execution, "Succeeded", started + emu->cfg.execution_ms);
		emu->dirty = 1;
	}
}

const struct azemu_runner azemu_timer_runner = { timer_start, timer_stop, timer_refresh, NULL };

/* The execution template: the job's containers, with the start body's
 * containers replacing those of the same name. */
static json_object *execution_template(json_object *job_entry, json_object *override)
{
	json_object *jt = azemu_obj(azemu_obj(azemu_entry_resource(job_entry), "properties", 0),
	                            "template", 0);
	json_object *out = json_object_new_object();
	const char *lists[] = { "containers", "initContainers" };

	for (size_t l = 0; l < 2; l++) {
		json_object *src, *ov = NULL, *dst = json_object_new_array();

		if (jt == NULL || !json_object_object_get_ex(jt, lists[l], &src) ||
		    !json_object_is_type(src, json_type_array)) {
			json_object_object_add(out, lists[l], dst);
			continue;
		}
		if (override != NULL)
			json_object_object_get_ex(override, lists[l], &ov);
		for (size_t i = 0; i < json_object_array_length(src); i++) {
			json_object *c = json_object_array_get_idx(src, i), *pick = c;
			const char *name = azemu_str(c, "name");

			for (size_t k = 0; ov != NULL && json_object_is_type(ov, json_type_array) &&
			                   k < json_object_array_length(ov); k++) {
				json_object *o = json_object_array_get_idx(ov, k);

				if (name != NULL && azemu_str(o, "name") != NULL &&
				    strcmp(azemu_str(o, "name"), name) == 0)
					pick = o;
			}
			json_object *copy = azemu_copy(pick);

			/* Executions show what runs, not where volumes go. */
			json_object_object_del(copy, "volumeMounts");
			json_object_object_del(copy, "probes");
			json_object_array_add(dst, copy);
		}
		json_object_object_add(out, lists[l], dst);
	}
	return out;
}

json_object *azemu_execution_start(struct azemu *emu, json_object *job_entry, json_object *tmpl,
                                   const char *want, char *name)
{
	json_object *job = azemu_entry_resource(job_entry);
	json_object *execs = azemu_obj(job_entry, "executions", 1);
	json_object *entry = json_object_new_object(), *res = json_object_new_object();
	json_object *props = json_object_new_object();
	const struct azemu_runner *runner = emu->runner != NULL ? emu->runner : &azemu_timer_runner;
	int64_t now = azemu_now_ms();
	char suffix[8], id[2048];

	if (want != NULL) {
		snprintf(name, 64, "%s", want);
	} else {
		do {
			azemu_random_name(suffix, 7);
			snprintf(name, 64, "%.48s-%s", azemu_str(job, "name"), suffix);
		} while (azemu_entry(execs, name) != NULL);
	}
	snprintf(id, sizeof(id), "%s/executions/%s", azemu_str(job, "id"), name);
	json_object_object_add(res, "id", json_object_new_string(id));
	json_object_object_add(res, "name", json_object_new_string(name));
	json_object_object_add(res, "type", json_object_new_string("Microsoft.App/jobs/executions"));
	json_object_object_add(props, "status", json_object_new_string("Running"));
	json_object_object_add(props, "startTime", json_object_new_string(azemu_iso_time(now)));
	json_object_object_add(props, "template", execution_template(job_entry, tmpl));
	json_object_object_add(res, "properties", props);
	json_object_object_add(entry, "resource", res);
	json_object_object_add(entry, "startedMs", json_object_new_int64(now));
	azemu_entry_put(execs, name, entry);
	if (runner->start(runner->arg, emu, job_entry, entry) != 0) {
		azemu_entry_del(execs, name);
		return NULL;
	}
	emu->dirty = 1;
	return entry;
}

void azemu_execution_stop(struct azemu *emu, json_object *execution)
{
	const struct azemu_runner *runner = emu->runner != NULL ? emu->runner : &azemu_timer_runner;

	if (!running(execution))
		return;
	runner->stop(runner->arg, emu, execution);
	azemu_execution_finish(execution, "Stopped", azemu_now_ms());
	emu->dirty = 1;
}

json_object *azemu_execution_view(struct azemu *emu, json_object *execution, int64_t now_ms)
{
	const struct azemu_runner *runner = emu->runner != NULL ? emu->runner : &azemu_timer_runner;

	runner->refresh(runner->arg, emu, execution, now_ms);
	return azemu_copy(azemu_entry_resource(execution));
}
