/* Typed calls for Microsoft.App managed environments and their storages. */
#include "config.h"

#include <string.h>

#include "plugins/aca/arm_json.h"
#include "plugins/aca/arm_request.h"
#include "plugins/aca/arm_url.h"

static char *env_path(struct aca_arm_client *c, struct aca_arm_arena *a, const char *env)
{
	return aca_arm_resource_path(c, a, "Microsoft.App/managedEnvironments/%s", aca_arm_url_escape(a, env));
}

static char *storage_path(struct aca_arm_client *c, struct aca_arm_arena *a, const char *env,
                          const char *name)
{
	return aca_arm_arena_sprintf(a, "%s/storages/%s", env_path(c, a, env), aca_arm_url_escape(a, name));
}

static int bad_answer(struct aca_arm_client *c, struct aca_arm_error *err, const char *what)
{
	aca_arm_error_set(err, c->rt.redactor, SL_ERR_INTERNAL, "%s: the answer is not a JSON object", what);
	return err->status;
}

int aca_arm_environment_get(struct aca_arm_client *c, struct aca_arm_arena *arena, const char *environment,
                        struct aca_arm_environment *out, struct aca_arm_error *err)
{
	const char *what = aca_arm_arena_sprintf(arena, "environment %s", environment);
	struct aca_arm_call call = { "GET", env_path(c, arena, environment), ACA_ARM_API_APP, NULL, NULL, 1,
		                 NULL, 0, what };
	struct aca_arm_answer ans;
	json_object *root, *props;
	int rc = aca_arm_send(c, arena, &call, &ans, err);

	if (rc != SL_OK)
		return rc;
	root = aca_arm_json_parse(ans.body, ans.body_len);
	if (root == NULL)
		return bad_answer(c, err, what);
	props = aca_arm_json_get(root, "properties");
	memset(out, 0, sizeof(*out));
	out->id = aca_arm_json_string(arena, root, "id");
	out->name = aca_arm_json_string(arena, root, "name");
	out->location = aca_arm_json_string(arena, root, "location");
	out->provisioning_state = aca_arm_json_string(arena, props, "provisioningState");
	out->default_domain = aca_arm_json_string(arena, props, "defaultDomain");
	out->static_ip = aca_arm_json_string(arena, props, "staticIp");
	json_object_put(root);
	return SL_OK;
}

static void parse_storage(struct aca_arm_arena *arena, json_object *obj, struct aca_arm_env_storage *out)
{
	json_object *props = aca_arm_json_get(obj, "properties");
	json_object *af = aca_arm_json_get(props, "azureFile");
	json_object *nfs = aca_arm_json_get(props, "nfsAzureFile");
	json_object *src = af != NULL ? af : nfs;

	memset(out, 0, sizeof(*out));
	out->id = aca_arm_json_string(arena, obj, "id");
	out->name = aca_arm_json_string(arena, obj, "name");
	out->kind = af != NULL ? "azureFile" : nfs != NULL ? "nfsAzureFile" : NULL;
	out->account_name = aca_arm_json_string(arena, af, "accountName");
	out->server = aca_arm_json_string(arena, nfs, "server");
	out->share_name = aca_arm_json_string(arena, src, "shareName");
	out->access_mode = aca_arm_json_string(arena, src, "accessMode");
}

int aca_arm_env_storage_put(struct aca_arm_client *c, struct aca_arm_arena *arena, const char *environment,
                        const char *name, const struct aca_arm_env_storage_spec *spec,
                        struct aca_arm_env_storage *out, struct aca_arm_error *err)
{
	const char *what = aca_arm_arena_sprintf(arena, "environment storage %s", name);
	struct aca_arm_call call = { "PUT", storage_path(c, arena, environment, name), ACA_ARM_API_APP, NULL,
		                 NULL, 1, NULL, 0, what };
	json_object *body = json_object_new_object(), *props = json_object_new_object();
	json_object *af = json_object_new_object();
	struct aca_arm_answer ans;
	json_object *root;
	char *text;
	int rc;

	aca_arm_json_add_string(af, "accountName", spec->account_name);
	if (spec->key_vault_url != NULL) {
		json_object *kv = json_object_new_object();

		aca_arm_json_add_string(kv, "keyVaultUrl", spec->key_vault_url);
		aca_arm_json_add_string(kv, "identity", spec->key_vault_identity);
		json_object_object_add(af, "accountKeyVaultProperties", kv);
	} else {
		aca_arm_redactor_add(c->rt.redactor, spec->account_key);
		aca_arm_json_add_string(af, "accountKey", spec->account_key);
	}
	aca_arm_json_add_string(af, "shareName", spec->share_name);
	aca_arm_json_add_string(af, "accessMode",
	                    spec->access_mode == ACA_ARM_ACCESS_READ_ONLY ? "ReadOnly" : "ReadWrite");
	json_object_object_add(props, "azureFile", af);
	json_object_object_add(body, "properties", props);
	text = aca_arm_json_finish(arena, body, 1);
	call.body = text;
	rc = aca_arm_send(c, arena, &call, &ans, err);
	explicit_bzero(text, strlen(text));
	if (rc != SL_OK)
		return rc;
	root = aca_arm_json_parse(ans.body, ans.body_len);
	if (root == NULL)
		return bad_answer(c, err, what);
	parse_storage(arena, root, out);
	json_object_put(root);
	return SL_OK;
}

int aca_arm_env_storage_get(struct aca_arm_client *c, struct aca_arm_arena *arena, const char *environment,
                        const char *name, struct aca_arm_env_storage *out, struct aca_arm_error *err)
{
	const char *what = aca_arm_arena_sprintf(arena, "environment storage %s", name);
	struct aca_arm_call call = { "GET", storage_path(c, arena, environment, name), ACA_ARM_API_APP, NULL,
		                 NULL, 1, NULL, 0, what };
	struct aca_arm_answer ans;
	json_object *root;
	int rc = aca_arm_send(c, arena, &call, &ans, err);

	if (rc != SL_OK)
		return rc;
	root = aca_arm_json_parse(ans.body, ans.body_len);
	if (root == NULL)
		return bad_answer(c, err, what);
	parse_storage(arena, root, out);
	json_object_put(root);
	return SL_OK;
}

int aca_arm_env_storage_list(struct aca_arm_client *c, struct aca_arm_arena *arena, const char *environment,
                         struct aca_arm_env_storage_list *out, struct aca_arm_error *err)
{
	const char *what = aca_arm_arena_sprintf(arena, "storages of environment %s", environment);
	struct aca_arm_call call = { "GET",
		                 aca_arm_arena_sprintf(arena, "%s/storages", env_path(c, arena, environment)),
		                 ACA_ARM_API_APP, NULL, NULL, 1, NULL, 0, what };
	json_object *items;
	struct aca_arm_env_storage *list;
	size_t len;
	int rc = aca_arm_list_all(c, arena, &call, &items, err);

	if (rc != SL_OK)
		return rc;
	len = json_object_array_length(items);
	list = aca_arm_arena_alloc(arena, len * sizeof(*list) + 1);
	for (size_t i = 0; i < len; i++)
		parse_storage(arena, json_object_array_get_idx(items, i), &list[i]);
	json_object_put(items);
	out->count = len;
	out->items = list;
	return SL_OK;
}

int aca_arm_env_storage_delete(struct aca_arm_client *c, struct aca_arm_arena *arena, const char *environment,
                           const char *name, int *existed, struct aca_arm_error *err)
{
	const char *what = aca_arm_arena_sprintf(arena, "environment storage %s", name);
	struct aca_arm_call call = { "DELETE", storage_path(c, arena, environment, name), ACA_ARM_API_APP, NULL,
		                 NULL, 1, NULL, 0, what };
	struct aca_arm_answer ans;
	int rc = aca_arm_send(c, arena, &call, &ans, err);

	if (rc != SL_OK)
		return rc;
	if (existed != NULL)
		*existed = ans.status != 204;
	return SL_OK;
}
