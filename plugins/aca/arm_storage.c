/* Typed calls for Microsoft.Storage: accounts, keys, file shares. */
#include "config.h"

#include <string.h>

#include "plugins/aca/arm_json.h"
#include "plugins/aca/arm_request.h"
#include "plugins/aca/arm_url.h"

static char *account_path(struct aca_arm_client *c, struct aca_arm_arena *a, const char *account)
{
	return aca_arm_resource_path(c, a, "Microsoft.Storage/storageAccounts/%s",
	                         aca_arm_url_escape(a, account));
}

static char *share_path(struct aca_arm_client *c, struct aca_arm_arena *a, const char *account,
                        const char *share)
{
	return aca_arm_resource_path(c, a, "Microsoft.Storage/storageAccounts/%s/fileServices/default/shares/%s",
	                         aca_arm_url_escape(a, account), aca_arm_url_escape(a, share));
}

static int bad_answer(struct aca_arm_client *c, struct aca_arm_error *err, const char *what)
{
	aca_arm_error_set(err, c->rt.redactor, SL_ERR_INTERNAL, "%s: the answer is not a JSON object", what);
	return err->status;
}

int aca_arm_storage_account_get(struct aca_arm_client *c, struct aca_arm_arena *arena, const char *account,
                            struct aca_arm_storage_account *out, struct aca_arm_error *err)
{
	const char *what = aca_arm_arena_sprintf(arena, "storage account %s", account);
	struct aca_arm_call call = { "GET", account_path(c, arena, account), ACA_ARM_API_STORAGE, NULL, NULL,
		                 1, NULL, 0, what };
	struct aca_arm_answer ans;
	json_object *root, *props;
	int rc = aca_arm_send(c, arena, &call, &ans, err);

	if (rc != SL_OK)
		return rc;
	root = aca_arm_json_parse(ans.body, ans.body_len);
	if (root == NULL)
		return bad_answer(c, err, what);
	memset(out, 0, sizeof(*out));
	props = aca_arm_json_get(root, "properties");
	out->id = aca_arm_json_string(arena, root, "id");
	out->name = aca_arm_json_string(arena, root, "name");
	out->location = aca_arm_json_string(arena, root, "location");
	out->kind = aca_arm_json_string(arena, root, "kind");
	out->sku = aca_arm_json_string(arena, aca_arm_json_get(root, "sku"), "name");
	out->provisioning_state = aca_arm_json_string(arena, props, "provisioningState");
	out->file_endpoint = aca_arm_json_string(arena, aca_arm_json_get(props, "primaryEndpoints"), "file");
	json_object_put(root);
	return SL_OK;
}

int aca_arm_storage_list_keys(struct aca_arm_client *c, struct aca_arm_arena *arena, const char *account,
                          struct aca_arm_storage_keys *out, struct aca_arm_error *err)
{
	const char *what = aca_arm_arena_sprintf(arena, "storage account %s", account);
	/* listKeys is a POST that changes nothing: safe to repeat. */
	struct aca_arm_call call = { "POST", aca_arm_arena_sprintf(arena, "%s/listKeys", account_path(c, arena, account)),
		                 ACA_ARM_API_STORAGE, NULL, NULL, 1, NULL, 0, what };
	struct aca_arm_answer ans;
	json_object *root, *keys;
	struct aca_arm_storage_key *items;
	size_t n = 0, len;
	int rc = aca_arm_send(c, arena, &call, &ans, err);

	if (rc != SL_OK)
		return rc;
	root = aca_arm_json_parse(ans.body, ans.body_len);
	keys = aca_arm_json_get(root, "keys");
	if (keys == NULL || !json_object_is_type(keys, json_type_array)) {
		json_object_put(root);
		explicit_bzero((char *)ans.body, ans.body_len);
		aca_arm_error_set(err, c->rt.redactor, SL_ERR_INTERNAL, "%s: listKeys answered without keys",
		              what);
		return err->status;
	}
	len = json_object_array_length(keys);
	items = aca_arm_arena_alloc(arena, len * sizeof(*items) + 1);
	for (size_t i = 0; i < len; i++) {
		json_object *k = json_object_array_get_idx(keys, i);
		json_object *v = aca_arm_json_get(k, "value");
		const char *value = aca_arm_json_string(arena, k, "value");

		if (value == NULL)
			continue;
		aca_arm_redactor_add(c->rt.redactor, value);
		items[n].name = aca_arm_json_string(arena, k, "keyName");
		items[n].permissions = aca_arm_json_string(arena, k, "permissions");
		items[n].value = value;
		n++;
		explicit_bzero((char *)json_object_get_string(v), (size_t)json_object_get_string_len(v));
	}
	json_object_put(root);
	explicit_bzero((char *)ans.body, ans.body_len);
	out->count = n;
	out->items = items;
	return SL_OK;
}

static void parse_share(struct aca_arm_arena *arena, json_object *obj, const char *etag_header,
                        struct aca_arm_share *out)
{
	json_object *props = aca_arm_json_get(obj, "properties");
	int64_t quota = aca_arm_json_int(props, "shareQuota", 0);
	json_object *deleted = aca_arm_json_get(props, "deleted");

	memset(out, 0, sizeof(*out));
	out->id = aca_arm_json_string(arena, obj, "id");
	out->name = aca_arm_json_string(arena, obj, "name");
	out->etag = aca_arm_json_string(arena, obj, "etag");
	if (out->etag == NULL)
		out->etag = etag_header;
	out->quota_gib = quota > 0 && quota <= UINT32_MAX ? (unsigned)quota : 0;
	out->access_tier = aca_arm_json_string(arena, props, "accessTier");
	out->enabled_protocols = aca_arm_json_string(arena, props, "enabledProtocols");
	out->last_modified = aca_arm_json_string(arena, props, "lastModifiedTime");
	out->metadata = aca_arm_json_map(arena, aca_arm_json_get(props, "metadata"));
	if (aca_arm_json_get(props, "shareUsageBytes") != NULL) {
		int64_t used = aca_arm_json_int(props, "shareUsageBytes", 0);

		out->has_usage = 1;
		out->usage_bytes = used > 0 ? (uint64_t)used : 0;
	}
	out->deleted = deleted != NULL && json_object_get_boolean(deleted);
}

int aca_arm_share_put(struct aca_arm_client *c, struct aca_arm_arena *arena, const char *account,
                  const char *share, const struct aca_arm_share_spec *spec, struct aca_arm_share *out,
                  int *created, struct aca_arm_error *err)
{
	const char *what = aca_arm_arena_sprintf(arena, "share %s", share);
	json_object *body = json_object_new_object(), *props = json_object_new_object();
	struct aca_arm_call call = { "PUT", share_path(c, arena, account, share), ACA_ARM_API_STORAGE, NULL,
		                 NULL, 1, NULL, 0, what };
	struct aca_arm_answer ans;
	json_object *root;
	int rc;

	if (spec->quota_gib > 0)
		json_object_object_add(props, "shareQuota", json_object_new_int64(spec->quota_gib));
	aca_arm_json_add_string(props, "accessTier", spec->access_tier);
	aca_arm_json_add_string(props, "enabledProtocols", spec->enabled_protocols);
	if (spec->metadata.count > 0)
		json_object_object_add(props, "metadata", aca_arm_json_from_map(&spec->metadata));
	json_object_object_add(body, "properties", props);
	call.body = aca_arm_json_finish(arena, body, 0);
	rc = aca_arm_send(c, arena, &call, &ans, err);
	if (rc != SL_OK)
		return rc;
	if (created != NULL)
		*created = ans.status == 201;
	root = aca_arm_json_parse(ans.body, ans.body_len);
	if (root == NULL)
		return bad_answer(c, err, what);
	parse_share(arena, root, ans.etag, out);
	json_object_put(root);
	return SL_OK;
}

int aca_arm_share_get(struct aca_arm_client *c, struct aca_arm_arena *arena, const char *account,
                  const char *share, int with_stats, struct aca_arm_share *out, struct aca_arm_error *err)
{
	const char *what = aca_arm_arena_sprintf(arena, "share %s", share);
	struct aca_arm_call call = { "GET", share_path(c, arena, account, share), ACA_ARM_API_STORAGE,
		                 with_stats ? "$expand=stats" : NULL, NULL, 1, NULL, 0, what };
	struct aca_arm_answer ans;
	json_object *root;
	int rc = aca_arm_send(c, arena, &call, &ans, err);

	if (rc != SL_OK)
		return rc;
	root = aca_arm_json_parse(ans.body, ans.body_len);
	if (root == NULL)
		return bad_answer(c, err, what);
	parse_share(arena, root, ans.etag, out);
	json_object_put(root);
	return SL_OK;
}

int aca_arm_share_list(struct aca_arm_client *c, struct aca_arm_arena *arena, const char *account,
                   const char *prefix, struct aca_arm_share_list *out, struct aca_arm_error *err)
{
	const char *what = aca_arm_arena_sprintf(arena, "shares of %s", account);
	struct aca_arm_call call = { "GET",
		                 aca_arm_arena_sprintf(arena, "%s/fileServices/default/shares",
		                                   account_path(c, arena, account)),
		                 ACA_ARM_API_STORAGE,
		                 prefix != NULL ? aca_arm_arena_sprintf(arena, "$filter=%s",
		                                                    aca_arm_url_escape(arena, prefix))
		                                : NULL,
		                 NULL, 1, NULL, 0, what };
	json_object *items;
	struct aca_arm_share *shares;
	size_t len;
	int rc = aca_arm_list_all(c, arena, &call, &items, err);

	if (rc != SL_OK)
		return rc;
	len = json_object_array_length(items);
	shares = aca_arm_arena_alloc(arena, len * sizeof(*shares) + 1);
	for (size_t i = 0; i < len; i++)
		parse_share(arena, json_object_array_get_idx(items, i), NULL, &shares[i]);
	json_object_put(items);
	out->count = len;
	out->items = shares;
	return SL_OK;
}

int aca_arm_share_delete(struct aca_arm_client *c, struct aca_arm_arena *arena, const char *account,
                     const char *share, int *existed, struct aca_arm_error *err)
{
	const char *what = aca_arm_arena_sprintf(arena, "share %s", share);
	struct aca_arm_call call = { "DELETE", share_path(c, arena, account, share), ACA_ARM_API_STORAGE, NULL,
		                 NULL, 1, NULL, 0, what };
	struct aca_arm_answer ans;
	int rc = aca_arm_send(c, arena, &call, &ans, err);

	if (rc != SL_OK)
		return rc;
	if (existed != NULL)
		*existed = ans.status != 204;
	return SL_OK;
}
