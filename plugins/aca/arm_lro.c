/* Polling of long-running operations. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <json-c/json.h>

#include "plugins/aca/arm_lro.h"

enum lro_mode { LRO_ASYNC_OPERATION, LRO_LOCATION };

/* The "status" of an Azure-AsyncOperation answer, "" if none. */
static const char *op_status(struct aca_arm_arena *arena, const struct aca_arm_answer *ans,
                             const char **code, const char **message)
{
	json_tokener *tok = json_tokener_new();
	json_object *root = json_tokener_parse_ex(tok, ans->body, (int)ans->body_len);
	json_object *v, *e;
	const char *status = "";

	json_tokener_free(tok);
	*code = NULL;
	*message = NULL;
	if (root == NULL)
		return status;
	if (json_object_object_get_ex(root, "status", &v) && json_object_is_type(v, json_type_string))
		status = aca_arm_arena_strdup(arena, json_object_get_string(v));
	if (json_object_object_get_ex(root, "error", &e) && json_object_is_type(e, json_type_object)) {
		if (json_object_object_get_ex(e, "code", &v) && json_object_is_type(v, json_type_string))
			*code = aca_arm_arena_strdup(arena, json_object_get_string(v));
		if (json_object_object_get_ex(e, "message", &v) && json_object_is_type(v, json_type_string))
			*message = aca_arm_arena_strdup(arena, json_object_get_string(v));
	}
	json_object_put(root);
	return status;
}

int aca_arm_lro_wait(struct aca_arm_client *c, struct aca_arm_arena *arena, const char *what,
                 const struct aca_arm_answer *initial, struct aca_arm_answer *final,
                 struct aca_arm_error *err)
{
	const struct aca_arm_clock *clk = c->rt.clock;
	enum lro_mode mode;
	const char *url;
	int64_t start = clk->now_ms(clk->arg), retry_after = initial->retry_after_ms;
	int polls = 0;

	*final = *initial;
	if (initial->async_operation != NULL && *initial->async_operation != '\0') {
		mode = LRO_ASYNC_OPERATION;
		url = initial->async_operation;
	} else if ((initial->status == 201 || initial->status == 202) && initial->location != NULL &&
	           *initial->location != '\0') {
		mode = LRO_LOCATION;
		url = initial->location;
	} else {
		return SL_OK;
	}
	for (;;) {
		int64_t wait = retry_after >= 0 ? retry_after : c->lro_poll_ms;
		struct aca_arm_call poll = { "GET", url, NULL, NULL, NULL, 1, NULL, 0, what };
		struct aca_arm_answer ans;
		int rc;

		if (clk->now_ms(clk->arg) + wait - start > c->lro_timeout_ms) {
			aca_arm_error_set(err, c->rt.redactor, SL_ERR_UNAVAILABLE,
			              "%s: the operation was still running after %lld s (%d polls)", what,
			              (long long)((clk->now_ms(clk->arg) - start) / 1000), polls);
			return err->status;
		}
		if (wait > 0)
			clk->sleep_ms(clk->arg, wait);
		rc = aca_arm_send(c, arena, &poll, &ans, err);
		polls++;
		if (rc != SL_OK)
			return rc;
		retry_after = ans.retry_after_ms;
		if (mode == LRO_LOCATION) {
			if (ans.status == 202)
				continue;
			*final = ans;
			return SL_OK;
		}
		{
			const char *code, *message;
			const char *status = op_status(arena, &ans, &code, &message);

			if (strcasecmp(status, "Succeeded") == 0) {
				*final = ans;
				return SL_OK;
			}
			if (strcasecmp(status, "Failed") == 0 || strcasecmp(status, "Canceled") == 0) {
				enum sl_status st = strcasecmp(status, "Canceled") == 0 ? SL_ERR_CONFLICT
				                                                       : SL_ERR_INTERNAL;

				if (code != NULL && aca_arm_error_map(0, code) != SL_ERR_INTERNAL)
					st = aca_arm_error_map(0, code);
				aca_arm_error_set(err, c->rt.redactor, st, "%s: operation %s: %s: %s", what, status,
				              code != NULL ? code : "error",
				              message != NULL ? message : "no reason given");
				snprintf(err->code, sizeof(err->code), "%s", code != NULL ? code : "");
				err->http_status = ans.status;
				return err->status;
			}
			/* InProgress, Running, Accepted, ...: keep polling. */
		}
	}
}
