/* Asynchronous operations. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "tests/azemu/executions.h"
#include "tests/azemu/operations.h"
#include "tests/azemu/state.h"

static const char *const kind_names[] = { "job-put", "job-delete", "job-start", "execution-stop" };

static int kind_of(const char *name)
{
	for (size_t i = 0; i < sizeof(kind_names) / sizeof(kind_names[0]); i++) {
		if (name != NULL && strcmp(name, kind_names[i]) == 0)
			return (int)i;
	}
	return -1;
}

static void op_url(char *buf, size_t cap, const struct azemu_request *req, const char *sub,
                   const char *location, const char *id, int result_style)
{
	char loc[128];
	size_t o = 0;

	/* Location names in URLs are lowercase without spaces ("East US" -> eastus). */
	for (const char *p = location; *p != '\0' && o + 1 < sizeof(loc); p++) {
		if (*p != ' ')
			loc[o++] = (char)((*p >= 'A' && *p <= 'Z') ? *p - 'A' + 'a' : *p);
	}
	loc[o] = '\0';
	snprintf(buf, cap,
	         "%s/subscriptions/%s/providers/Microsoft.App/locations/%s/%s/%s?api-version=2025-07-01",
	         req->base_url, sub, loc,
	         result_style ? "containerappsjobOperationResults" : "containerappsjobOperationStatuses",
	         id);
}

void azemu_op_start(struct azemu *emu, const struct azemu_request *req,
                    struct azemu_response *resp, enum azemu_op_kind kind, json_object *sub,
                    json_object *rg, const char *location, const char *job,
                    const char *execution, int async_header)
{
	json_object *ops = azemu_obj(emu->state, "operations", 1), *op = json_object_new_object();
	char id[37], url[4096];

	azemu_uuid(id);
	json_object_object_add(op, "kind", json_object_new_string(kind_names[kind]));
	json_object_object_add(op, "subscription", json_object_new_string(azemu_str(sub, "id")));
	json_object_object_add(op, "resourceGroup", json_object_new_string(azemu_str(rg, "name")));
	json_object_object_add(op, "job", json_object_new_string(job));
	if (execution != NULL)
		json_object_object_add(op, "execution", json_object_new_string(execution));
	json_object_object_add(op, "pending", json_object_new_int(emu->cfg.lro_polls));
	json_object_object_add(op, "status", json_object_new_string("InProgress"));
	json_object_object_add(op, "startMs", json_object_new_int64(azemu_now_ms()));
	json_object_object_add(ops, id, op);
	emu->dirty = 1;
	op_url(url, sizeof(url), req, azemu_str(sub, "id"), location, id, !async_header);
	azemu_response_header(resp, async_header ? "Azure-AsyncOperation" : "Location", "%s", url);
	if (emu->cfg.poll_retry_after_s > 0)
		azemu_response_header(resp, "Retry-After", "%d", emu->cfg.poll_retry_after_s);
}

static json_object *job_entry_of(struct azemu *emu, json_object *op, json_object **jobs)
{
	json_object *sub = azemu_subscription(emu, azemu_str(op, "subscription"), 0);
	json_object *rg = azemu_resource_group(sub, azemu_str(op, "resourceGroup"), 0);

	*jobs = azemu_obj(rg, "jobs", 0);
	return azemu_entry(*jobs, azemu_str(op, "job"));
}

/* Carry out what the operation was for. */
static void complete(struct azemu *emu, json_object *op)
{
	json_object *jobs, *job = job_entry_of(emu, op, &jobs);

	json_object_object_add(op, "status", json_object_new_string("Succeeded"));
	json_object_object_add(op, "endMs", json_object_new_int64(azemu_now_ms()));
	emu->dirty = 1;
	switch (kind_of(azemu_str(op, "kind"))) {
	case AZEMU_OP_JOB_PUT:
		if (job != NULL)
			json_object_object_add(azemu_obj(azemu_entry_resource(job), "properties", 1),
			                       "provisioningState", json_object_new_string("Succeeded"));
		break;
	case AZEMU_OP_JOB_DELETE:
		if (job != NULL) {
			json_object *execs = azemu_obj(job, "executions", 1);

			json_object_object_foreach(execs, name, ex) {
				(void)name;
				azemu_execution_stop(emu, ex);
			}
			azemu_entry_del(jobs, azemu_str(op, "job"));
		}
		break;
	default:
		break;
	}
}

void azemu_op_complete_all(struct azemu *emu)
{
	json_object *ops = azemu_obj(emu->state, "operations", 1);

	json_object_object_foreach(ops, id, op) {
		(void)id;
		if (strcmp(azemu_str(op, "status"), "InProgress") == 0)
			complete(emu, op);
	}
}

void azemu_op_poll(struct azemu *emu, const struct azemu_request *req, const char *sub,
                   const char *id, int result_style, struct azemu_response *resp)
{
	json_object *ops = azemu_obj(emu->state, "operations", 1), *op, *v;
	int pending;

	if (!json_object_object_get_ex(ops, id, &op) ||
	    strcmp(azemu_str(op, "subscription"), sub) != 0) {
		azemu_response_error(resp, 404, "OperationNotFound", "The operation '%s' was not found.", id);
		return;
	}
	pending = json_object_object_get_ex(op, "pending", &v) ? json_object_get_int(v) : 0;
	if (strcmp(azemu_str(op, "status"), "InProgress") == 0) {
		if (pending > 0) {
			json_object_object_add(op, "pending", json_object_new_int(pending - 1));
			emu->dirty = 1;
		} else {
			complete(emu, op);
		}
	}
	if (result_style) {
		/* Location polling: 202 while running, then the result. */
		if (strcmp(azemu_str(op, "status"), "InProgress") == 0) {
			char url[4096];

			snprintf(url, sizeof(url), "%s%s?%s", req->base_url, req->path, req->query);
			azemu_response_json(resp, 202, NULL);
			azemu_response_header(resp, "Location", "%s", url);
			if (emu->cfg.poll_retry_after_s > 0)
				azemu_response_header(resp, "Retry-After", "%d", emu->cfg.poll_retry_after_s);
			return;
		}
		if (kind_of(azemu_str(op, "kind")) == AZEMU_OP_JOB_START) {
			json_object *body = json_object_new_object();
			json_object *jobs, *job = job_entry_of(emu, op, &jobs);
			char eid[2048];

			snprintf(eid, sizeof(eid), "%s/executions/%s",
			         job != NULL ? azemu_str(azemu_entry_resource(job), "id") : "",
			         azemu_str(op, "execution"));
			json_object_object_add(body, "id", json_object_new_string(eid));
			json_object_object_add(body, "name", json_object_new_string(azemu_str(op, "execution")));
			azemu_response_json(resp, 200, body);
			return;
		}
		azemu_response_json(resp, 200, NULL);
		return;
	}
	{
		json_object *body = json_object_new_object();
		char full[1024];

		snprintf(full, sizeof(full), "%s", req->path);
		json_object_object_add(body, "id", json_object_new_string(full));
		json_object_object_add(body, "name", json_object_new_string(id));
		json_object_object_add(body, "status", json_object_new_string(azemu_str(op, "status")));
		if (json_object_object_get_ex(op, "startMs", &v))
			json_object_object_add(body, "startTime",
			                       json_object_new_string(azemu_iso_time(json_object_get_int64(v))));
		if (json_object_object_get_ex(op, "endMs", &v))
			json_object_object_add(body, "endTime",
			                       json_object_new_string(azemu_iso_time(json_object_get_int64(v))));
		if (strcmp(azemu_str(op, "status"), "InProgress") == 0 && emu->cfg.poll_retry_after_s > 0)
			azemu_response_header(resp, "Retry-After", "%d", emu->cfg.poll_retry_after_s);
		azemu_response_json(resp, 200, body);
	}
}
