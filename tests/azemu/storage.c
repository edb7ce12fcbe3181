/* Microsoft.Storage: storage accounts (GET, listKeys) and file shares. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/azemu/arm.h"
#include "tests/azemu/files.h"
#include "tests/azemu/names.h"
#include "tests/azemu/schema.h"
#include "tests/azemu/state.h"

static const struct azemu_schema_codes storage_codes = { "InvalidRequestContent",
	                                                 "InvalidRequestPropertyValue" };

json_object *azemu_storage_find_account(json_object *sub, const char *name)
{
	json_object *rgs = azemu_obj(sub, "resourceGroups", 0);

	if (rgs == NULL)
		return NULL;
	json_object_object_foreach(rgs, key, rg) {
		json_object *acct = azemu_entry(azemu_obj(rg, "storageAccounts", 0), name);

		(void)key;
		if (acct != NULL)
			return acct;
	}
	return NULL;
}

json_object *azemu_storage_create_account(struct azemu *emu, json_object *sub, json_object *rg,
                                          const char *name, const char *location, const char *key1)
{
	json_object *accounts = azemu_obj(rg, "storageAccounts", 1);
	json_object *entry = json_object_new_object(), *res = json_object_new_object();
	json_object *props = json_object_new_object(), *ep = json_object_new_object();
	json_object *sku = json_object_new_object(), *keys = json_object_new_array();
	char id[1024], url[512];

	snprintf(id, sizeof(id), "%s/providers/Microsoft.Storage/storageAccounts/%s",
	         azemu_rg_id(sub, rg), name);
	snprintf(url, sizeof(url), "https://%s.file.core.windows.net/", name);
	json_object_object_add(res, "id", json_object_new_string(id));
	json_object_object_add(res, "name", json_object_new_string(name));
	json_object_object_add(res, "type", json_object_new_string("Microsoft.Storage/storageAccounts"));
	json_object_object_add(res, "location", json_object_new_string(location));
	json_object_object_add(res, "kind", json_object_new_string("StorageV2"));
	json_object_object_add(sku, "name", json_object_new_string("Standard_LRS"));
	json_object_object_add(sku, "tier", json_object_new_string("Standard"));
	json_object_object_add(res, "sku", sku);
	json_object_object_add(props, "provisioningState", json_object_new_string("Succeeded"));
	json_object_object_add(props, "largeFileSharesState", json_object_new_string("Enabled"));
	json_object_object_add(ep, "file", json_object_new_string(url));
	json_object_object_add(props, "primaryEndpoints", ep);
	json_object_object_add(res, "properties", props);
	for (int i = 1; i <= 2; i++) {
		json_object *k = json_object_new_object();
		char kname[8];
		char *value = (i == 1 && key1 != NULL) ? azemu_strdup(key1) : azemu_random_base64(64);

		snprintf(kname, sizeof(kname), "key%d", i);
		json_object_object_add(k, "keyName", json_object_new_string(kname));
		json_object_object_add(k, "permissions", json_object_new_string("Full"));
		json_object_object_add(k, "value", json_object_new_string(value));
		json_object_array_add(keys, k);
		free(value);
	}
	json_object_object_add(entry, "resource", res);
	json_object_object_add(entry, "keys", keys);
	json_object_object_add(entry, "shares", json_object_new_object());
	json_object_object_add(entry, "deletedShares", json_object_new_object());
	azemu_entry_put(accounts, name, entry);
	emu->dirty = 1;
	return entry;
}

static void list_keys(struct azemu_arm *a, json_object *acct)
{
	json_object *body, *keys;

	if (strcmp(a->req->method, "POST") != 0) {
		azemu_arm_bad_method(a);
		return;
	}
	body = json_object_new_object();
	if (!json_object_object_get_ex(acct, "keys", &keys))
		keys = NULL;
	json_object_object_add(body, "keys", keys != NULL ? azemu_copy(keys) : json_object_new_array());
	azemu_response_json(a->resp, 200, body);
}

/* The share's ARM view; with stats, the bytes its directory holds. */
static json_object *share_view(struct azemu_arm *a, const char *account, json_object *share,
                               int stats)
{
	json_object *res = azemu_copy(azemu_entry_resource(share));

	if (stats) {
		char dir[4096];

		azemu_share_dir(a->emu, account, azemu_str(res, "name"), dir, sizeof(dir));
		json_object_object_add(azemu_obj(res, "properties", 1), "shareUsageBytes",
		                       json_object_new_int64((int64_t)azemu_du(dir)));
	}
	return res;
}

static void new_etag(char *buf, size_t cap)
{
	/* Storage etags are quoted hex timestamps. */
	snprintf(buf, cap, "\"0x8D%012llX\"", (unsigned long long)(azemu_now_ms() * 10000 % 0xFFFFFFFFFFFFULL));
}

static void put_share(struct azemu_arm *a, json_object *acct, const char *account, const char *name)
{
	json_object *shares = azemu_obj(acct, "shares", 1), *deleted = azemu_obj(acct, "deletedShares", 1);
	json_object *existing = azemu_entry(shares, name), *props, *given, *res, *v;
	char etag[64], dir[4096], id[1024];
	int created = existing == NULL;

	if (azemu_arm_need_body(a) != 0 ||
	    azemu_schema_check(azemu_spec_file_share, a->body, &storage_codes, a->resp) != 0)
		return;
	given = azemu_obj(a->body, "properties", 0);
	if (azemu_check_metadata(azemu_obj(given, "metadata", 0), a->resp) != 0)
		return;
	if (created) {
		char key[128];

		azemu_lower(key, sizeof(key), name);
		if (json_object_object_get_ex(deleted, key, &v) &&
		    a->req->now_ms - json_object_get_int64(v) < a->emu->cfg.share_delete_window_ms) {
			azemu_response_error(a->resp, 409, "ShareBeingDeleted",
			                     "The specified share is being deleted. Try operation later.");
			return;
		}
		json_object_object_del(deleted, key);
		azemu_share_dir(a->emu, account, name, dir, sizeof(dir));
		if (azemu_mkdirs(dir) != 0) {
			azemu_response_error(a->resp, 500, "InternalError", "azemu cannot create %s: %s", dir,
			                     strerror(errno));
			return;
		}
		existing = json_object_new_object();
		res = json_object_new_object();
		snprintf(id, sizeof(id), "%s/fileServices/default/shares/%s", azemu_arm_id(a, "Microsoft.Storage", 2),
		         name);
		json_object_object_add(res, "id", json_object_new_string(id));
		json_object_object_add(res, "name", json_object_new_string(name));
		json_object_object_add(res, "type",
		                       json_object_new_string("Microsoft.Storage/storageAccounts/fileServices/shares"));
		props = json_object_new_object();
		json_object_object_add(props, "shareQuota", json_object_new_int(5120));
		json_object_object_add(props, "accessTier", json_object_new_string("TransactionOptimized"));
		json_object_object_add(props, "enabledProtocols", json_object_new_string("SMB"));
		json_object_object_add(res, "properties", props);
		json_object_object_add(existing, "resource", res);
		azemu_entry_put(shares, name, existing);
	} else {
		res = azemu_entry_resource(existing);
		props = azemu_obj(res, "properties", 1);
		if (given != NULL && json_object_object_get_ex(given, "enabledProtocols", &v) &&
		    strcmp(json_object_get_string(v), azemu_str(props, "enabledProtocols")) != 0) {
			azemu_response_error(a->resp, 400, "InvalidRequestPropertyValue",
			                     "enabledProtocols cannot be changed on an existing share.");
			return;
		}
	}
	if (given != NULL) {
		const char *settable[] = { "shareQuota", "accessTier", "enabledProtocols", "rootSquash",
			                   "metadata", "signedIdentifiers" };

		for (size_t i = 0; i < sizeof(settable) / sizeof(settable[0]); i++) {
			if (json_object_object_get_ex(given, settable[i], &v))
				json_object_object_add(props, settable[i], azemu_copy(v));
		}
	}
	json_object_object_add(props, "lastModifiedTime",
	                       json_object_new_string(azemu_iso_time(a->req->now_ms)));
	new_etag(etag, sizeof(etag));
	json_object_object_add(res, "etag", json_object_new_string(etag));
	a->emu->dirty = 1;
	azemu_response_json(a->resp, created ? 201 : 200, share_view(a, account, existing, 0));
	azemu_response_header(a->resp, "ETag", "%s", etag);
}

static void delete_share(struct azemu_arm *a, json_object *acct, const char *account, const char *name)
{
	json_object *shares = azemu_obj(acct, "shares", 1), *deleted = azemu_obj(acct, "deletedShares", 1);
	json_object *share = azemu_entry(shares, name);
	char dir[4096], key[128];

	if (share == NULL) {
		azemu_response_json(a->resp, 204, NULL);
		return;
	}
	azemu_share_dir(a->emu, account, azemu_str(azemu_entry_resource(share), "name"), dir, sizeof(dir));
	if (azemu_rmtree(dir) != 0) {
		azemu_response_error(a->resp, 500, "InternalError", "azemu cannot remove %s: %s", dir,
		                     strerror(errno));
		return;
	}
	azemu_lower(key, sizeof(key), name);
	json_object_object_add(deleted, key, json_object_new_int64(a->req->now_ms));
	azemu_entry_del(shares, name);
	a->emu->dirty = 1;
	azemu_response_json(a->resp, 200, NULL);
}

static void list_shares(struct azemu_arm *a, json_object *acct, const char *account)
{
	json_object *shares = azemu_obj(acct, "shares", 1), *items = json_object_new_array();
	const char *filter = azemu_query(a->req, "$filter");
	const char *expand = azemu_query(a->req, "$expand");

	json_object_object_foreach(shares, key, share) {
		(void)key;
		if (filter != NULL &&
		    strncmp(azemu_str(azemu_entry_resource(share), "name"), filter, strlen(filter)) != 0)
			continue;
		json_object_array_add(items, share_view(a, account, share, 0));
	}
	if (expand != NULL && strstr(expand, "deleted") != NULL) {
		json_object *deleted = azemu_obj(acct, "deletedShares", 1);

		json_object_object_foreach(deleted, name, when) {
			json_object *res = json_object_new_object(), *props = json_object_new_object();

			if (filter != NULL && strncmp(name, filter, strlen(filter)) != 0)
				continue;
			json_object_object_add(res, "name", json_object_new_string(name));
			json_object_object_add(res, "type",
			                       json_object_new_string("Microsoft.Storage/storageAccounts/fileServices/shares"));
			json_object_object_add(props, "deleted", json_object_new_boolean(1));
			json_object_object_add(props, "deletedTime",
			                       json_object_new_string(azemu_iso_time(json_object_get_int64(when))));
			json_object_object_add(props, "remainingRetentionDays", json_object_new_int(7));
			json_object_object_add(res, "properties", props);
			json_object_array_add(items, res);
		}
	}
	azemu_arm_list(a, items);
}

void azemu_storage_serve(struct azemu_arm *a)
{
	const char *m = a->req->method;
	const char *account = a->nseg >= 2 ? a->seg[1] : NULL;
	json_object *acct;

	if (account == NULL) {
		azemu_arm_bad_method(a);
		return;
	}
	acct = azemu_entry(azemu_obj(a->rg, "storageAccounts", 0), account);
	if (a->nseg == 2) {
		if (strcmp(m, "GET") != 0) {
			azemu_arm_bad_method(a);
			return;
		}
		if (acct == NULL) {
			azemu_arm_not_found(a, "Microsoft.Storage/storageAccounts", account);
			return;
		}
		azemu_response_json(a->resp, 200, azemu_copy(azemu_entry_resource(acct)));
		return;
	}
	if (acct == NULL) {
		azemu_arm_parent_not_found(a, "Microsoft.Storage/storageAccounts", account);
		return;
	}
	if (a->nseg == 3 && azemu_seg_eq(a->seg[2], "listKeys")) {
		list_keys(a, acct);
		return;
	}
	if (a->nseg < 5 || !azemu_seg_eq(a->seg[2], "fileServices") || !azemu_seg_eq(a->seg[4], "shares")) {
		azemu_arm_not_found(a, "Microsoft.Storage/storageAccounts", a->req->path);
		return;
	}
	if (strcmp(a->seg[3], "default") != 0) {
		azemu_response_error(a->resp, 400, "InvalidRequestPropertyValue",
		                     "The file service name must be 'default', not '%s'.", a->seg[3]);
		return;
	}
	account = azemu_str(azemu_entry_resource(acct), "name");
	if (a->nseg == 5) {
		if (strcmp(m, "GET") != 0)
			azemu_arm_bad_method(a);
		else
			list_shares(a, acct, account);
		return;
	}
	if (a->nseg != 6) {
		azemu_arm_not_found(a, "Microsoft.Storage/storageAccounts/fileServices/shares", a->req->path);
		return;
	}
	if (azemu_check_share_name(a->seg[5], a->resp) != 0)
		return;
	if (strcmp(m, "PUT") == 0) {
		put_share(a, acct, account, a->seg[5]);
	} else if (strcmp(m, "PATCH") == 0) {
		if (azemu_entry(azemu_obj(acct, "shares", 1), a->seg[5]) == NULL)
			azemu_response_error(a->resp, 404, "ShareNotFound", "The specified share does not exist.");
		else
			put_share(a, acct, account, a->seg[5]);
	} else if (strcmp(m, "GET") == 0) {
		json_object *share = azemu_entry(azemu_obj(acct, "shares", 1), a->seg[5]);
		const char *expand = azemu_query(a->req, "$expand");

		if (share == NULL)
			azemu_response_error(a->resp, 404, "ShareNotFound", "The specified share does not exist.");
		else
			azemu_response_json(a->resp, 200,
			                    share_view(a, account, share, expand != NULL && strstr(expand, "stats") != NULL));
	} else if (strcmp(m, "DELETE") == 0) {
		delete_share(a, acct, account, a->seg[5]);
	} else {
		azemu_arm_bad_method(a);
	}
}
