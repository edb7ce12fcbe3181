/* Microsoft.App managed environments (GET) and their storages. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "tests/azemu/arm.h"
#include "tests/azemu/schema.h"
#include "tests/azemu/state.h"

static const struct azemu_schema_codes app_codes = { "InvalidRequestContent",
	                                             "ContainerAppInvalidPropertyValue" };

json_object *azemu_app_env_create(struct azemu *emu, json_object *sub, json_object *rg,
                                  const char *name, const char *location)
{
	json_object *envs = azemu_obj(rg, "managedEnvironments", 1);
	json_object *entry = json_object_new_object(), *res = json_object_new_object();
	json_object *props = json_object_new_object();
	char id[1024], domain[256], rnd[12], loc[64];
	size_t o = 0;

	for (const char *p = location; *p != '\0' && o + 1 < sizeof(loc); p++) {
		if (*p != ' ')
			loc[o++] = (char)((*p >= 'A' && *p <= 'Z') ? *p - 'A' + 'a' : *p);
	}
	loc[o] = '\0';
	azemu_random_name(rnd, 10);
	snprintf(id, sizeof(id), "%s/providers/Microsoft.App/managedEnvironments/%s",
	         azemu_rg_id(sub, rg), name);
	snprintf(domain, sizeof(domain), "%s.%s.azurecontainerapps.io", rnd, loc);
	json_object_object_add(res, "id", json_object_new_string(id));
	json_object_object_add(res, "name", json_object_new_string(name));
	json_object_object_add(res, "type", json_object_new_string("Microsoft.App/managedEnvironments"));
	json_object_object_add(res, "location", json_object_new_string(location));
	json_object_object_add(props, "provisioningState", json_object_new_string("Succeeded"));
	json_object_object_add(props, "defaultDomain", json_object_new_string(domain));
	json_object_object_add(props, "staticIp", json_object_new_string("10.0.0.4"));
	json_object_object_add(props, "zoneRedundant", json_object_new_boolean(0));
	json_object_object_add(res, "properties", props);
	json_object_object_add(entry, "resource", res);
	json_object_object_add(entry, "storages", json_object_new_object());
	azemu_entry_put(envs, name, entry);
	emu->dirty = 1;
	return entry;
}

/* Names of the jobs of this environment whose volumes use storage. */
static void users_of(struct azemu_arm *a, const char *env_id, const char *storage, char *buf,
                     size_t cap)
{
	json_object *jobs = azemu_obj(a->rg, "jobs", 0);

	buf[0] = '\0';
	if (jobs == NULL)
		return;
	json_object_object_foreach(jobs, key, job) {
		json_object *props = azemu_obj(azemu_entry_resource(job), "properties", 0);
		json_object *vols;
		const char *eid = azemu_str(props, "environmentId");

		(void)key;
		if (eid == NULL || strcasecmp(eid, env_id) != 0 ||
		    !json_object_object_get_ex(azemu_obj(props, "template", 0), "volumes", &vols) ||
		    !json_object_is_type(vols, json_type_array))
			continue;
		for (size_t i = 0; i < json_object_array_length(vols); i++) {
			const char *sn = azemu_str(json_object_array_get_idx(vols, i), "storageName");

			if (sn != NULL && strcasecmp(sn, storage) == 0) {
				size_t len = strlen(buf);

				snprintf(buf + len, cap - len, "%s'%s'", len > 0 ? ", " : "",
				         azemu_str(azemu_entry_resource(job), "name"));
				break;
			}
		}
	}
}

static int need(struct azemu_arm *a, json_object *obj, const char *path, const char *member)
{
	if (azemu_str(obj, member) != NULL)
		return 0;
	azemu_response_error(a->resp, 400, "InvalidRequestContent",
	                     "The request content was invalid and could not be deserialized: "
	                     "'Required property '%s' not found in JSON. Path '%s'.'",
	                     member, path);
	return -1;
}

static void put_storage(struct azemu_arm *a, json_object *env, const char *name)
{
	json_object *storages = azemu_obj(env, "storages", 1);
	json_object *props, *af, *nfs, *entry, *res, *view_props;
	const char *key;
	char id[1024];

	if (azemu_arm_need_body(a) != 0 ||
	    azemu_schema_check(azemu_spec_env_storage, a->body, &app_codes, a->resp) != 0)
		return;
	props = azemu_obj(a->body, "properties", 0);
	af = azemu_obj(props, "azureFile", 0);
	nfs = azemu_obj(props, "nfsAzureFile", 0);
	if ((af == NULL) == (nfs == NULL)) {
		azemu_response_error(a->resp, 400, "ContainerAppInvalidPropertyValue",
		                     "Property 'properties' must have exactly one of 'azureFile' or "
		                     "'nfsAzureFile'.");
		return;
	}
	if (af != NULL) {
		json_object *acct;
		json_object *keys;

		if (need(a, af, "properties.azureFile", "accountName") != 0 ||
		    need(a, af, "properties.azureFile", "shareName") != 0 ||
		    need(a, af, "properties.azureFile", "accessMode") != 0)
			return;
		key = azemu_str(af, "accountKey");
		if (key == NULL && azemu_obj(af, "accountKeyVaultProperties", 0) == NULL) {
			azemu_response_error(a->resp, 400, "ContainerAppInvalidPropertyValue",
			                     "Property 'properties.azureFile' needs 'accountKey' or "
			                     "'accountKeyVaultProperties'.");
			return;
		}
		acct = azemu_storage_find_account(a->sub, azemu_str(af, "accountName"));
		if (acct == NULL) {
			azemu_response_error(a->resp, 400, "ManagedEnvironmentStorageAccountNotFound",
			                     "The storage account '%s' was not found.",
			                     azemu_str(af, "accountName"));
			return;
		}
		if (key != NULL) {
			int match = 0;

			if (json_object_object_get_ex(acct, "keys", &keys)) {
				for (size_t i = 0; i < json_object_array_length(keys); i++) {
					const char *v = azemu_str(json_object_array_get_idx(keys, i), "value");

					if (v != NULL && strcmp(v, key) == 0)
						match = 1;
				}
			}
			if (!match) {
				/* Never echo the key. */
				azemu_response_error(a->resp, 400, "ManagedEnvironmentStorageInvalidCredentials",
				                     "The account key given for storage account '%s' is not a "
				                     "key of that account.",
				                     azemu_str(af, "accountName"));
				return;
			}
		}
	} else if (need(a, nfs, "properties.nfsAzureFile", "server") != 0 ||
	           need(a, nfs, "properties.nfsAzureFile", "shareName") != 0 ||
	           need(a, nfs, "properties.nfsAzureFile", "accessMode") != 0) {
		return;
	}
	entry = json_object_new_object();
	res = json_object_new_object();
	snprintf(id, sizeof(id), "%s/storages/%s", azemu_arm_id(a, "Microsoft.App", 2), name);
	json_object_object_add(res, "id", json_object_new_string(id));
	json_object_object_add(res, "name", json_object_new_string(name));
	json_object_object_add(res, "type",
	                       json_object_new_string("Microsoft.App/managedEnvironments/storages"));
	view_props = azemu_copy(props);
	/* The key is write-only: kept beside the resource, never shown. */
	if (af != NULL && azemu_str(af, "accountKey") != NULL) {
		json_object_object_add(entry, "accountKey",
		                       json_object_new_string(azemu_str(af, "accountKey")));
		json_object_object_del(azemu_obj(view_props, "azureFile", 0), "accountKey");
	}
	json_object_object_add(res, "properties", view_props);
	json_object_object_add(entry, "resource", res);
	azemu_entry_put(storages, name, entry);
	a->emu->dirty = 1;
	azemu_response_json(a->resp, 200, azemu_copy(res));
}

void azemu_app_env_serve(struct azemu_arm *a)
{
	const char *m = a->req->method;
	const char *name = a->nseg >= 2 ? a->seg[1] : NULL;
	json_object *env;

	if (name == NULL) {
		azemu_arm_bad_method(a);
		return;
	}
	env = azemu_entry(azemu_obj(a->rg, "managedEnvironments", 0), name);
	if (a->nseg == 2) {
		if (strcmp(m, "GET") != 0) {
			/* Environments are made with the admin API or --environment. */
			azemu_arm_bad_method(a);
		} else if (env == NULL) {
			azemu_arm_not_found(a, "Microsoft.App/managedEnvironments", name);
		} else {
			azemu_response_json(a->resp, 200, azemu_copy(azemu_entry_resource(env)));
		}
		return;
	}
	if (!azemu_seg_eq(a->seg[2], "storages") || a->nseg > 4) {
		azemu_arm_not_found(a, "Microsoft.App/managedEnvironments", a->req->path);
		return;
	}
	if (env == NULL) {
		azemu_arm_parent_not_found(a, "Microsoft.App/managedEnvironments", name);
		return;
	}
	if (a->nseg == 3) {
		json_object *items = json_object_new_array();

		if (strcmp(m, "GET") != 0) {
			json_object_put(items);
			azemu_arm_bad_method(a);
			return;
		}
		json_object_object_foreach(azemu_obj(env, "storages", 1), key, st) {
			(void)key;
			json_object_array_add(items, azemu_copy(azemu_entry_resource(st)));
		}
		azemu_arm_list(a, items);
		return;
	}
	if (strcmp(m, "PUT") == 0) {
		put_storage(a, env, a->seg[3]);
	} else if (strcmp(m, "GET") == 0) {
		json_object *st = azemu_entry(azemu_obj(env, "storages", 1), a->seg[3]);

		if (st == NULL)
			azemu_response_error(a->resp, 404, "ManagedEnvironmentStorageNotFound",
			                     "The storage '%s' of managed environment '%s' was not found.",
			                     a->seg[3], name);
		else
			azemu_response_json(a->resp, 200, azemu_copy(azemu_entry_resource(st)));
	} else if (strcmp(m, "DELETE") == 0) {
		json_object *storages = azemu_obj(env, "storages", 1);
		char users[512];

		if (azemu_entry(storages, a->seg[3]) == NULL) {
			azemu_response_json(a->resp, 204, NULL);
			return;
		}
		users_of(a, azemu_str(azemu_entry_resource(env), "id"), a->seg[3], users, sizeof(users));
		if (users[0] != '\0') {
			azemu_response_error(a->resp, 409, "ManagedEnvironmentStorageInUse",
			                     "The storage '%s' is used by job(s) %s; remove them first.",
			                     a->seg[3], users);
			return;
		}
		azemu_entry_del(storages, a->seg[3]);
		a->emu->dirty = 1;
		azemu_response_json(a->resp, 200, NULL);
	} else {
		azemu_arm_bad_method(a);
	}
}
