/* The state tree and its file. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "tests/azemu/state.h"

json_object *azemu_state_new(void)
{
	json_object *root = json_object_new_object();

	json_object_object_add(root, "subscriptions", json_object_new_object());
	json_object_object_add(root, "tokens", json_object_new_object());
	json_object_object_add(root, "operations", json_object_new_object());
	return root;
}

int azemu_state_load(struct azemu *emu, char *err, size_t errlen)
{
	json_object *root;

	if (emu->cfg.state_file == NULL || access(emu->cfg.state_file, F_OK) != 0)
		return 0;
	root = json_object_from_file(emu->cfg.state_file);
	if (root == NULL || !json_object_is_type(root, json_type_object)) {
		snprintf(err, errlen, "%s: not a JSON state file: %s", emu->cfg.state_file,
		         json_util_get_last_err() != NULL ? json_util_get_last_err() : "not an object");
		json_object_put(root);
		return -1;
	}
	json_object_put(emu->state);
	emu->state = root;
	/* Files written by older runs may lack a section. */
	azemu_obj(root, "subscriptions", 1);
	azemu_obj(root, "tokens", 1);
	azemu_obj(root, "operations", 1);
	return 0;
}

int azemu_state_save(struct azemu *emu)
{
	char tmp[4096];

	if (!emu->dirty || emu->cfg.state_file == NULL)
		return 0;
	snprintf(tmp, sizeof(tmp), "%s.tmp", emu->cfg.state_file);
	if (json_object_to_file_ext(tmp, emu->state, JSON_C_TO_STRING_PRETTY) != 0 ||
	    rename(tmp, emu->cfg.state_file) != 0) {
		fprintf(stderr, "azemu: cannot save %s: %s\n", emu->cfg.state_file, strerror(errno));
		return -1;
	}
	emu->dirty = 0;
	return 0;
}

json_object *azemu_obj(json_object *parent, const char *key, int create)
{
	json_object *v;

	if (parent == NULL)
		return NULL;
	if (json_object_object_get_ex(parent, key, &v) && json_object_is_type(v, json_type_object))
		return v;
	if (!create)
		return NULL;
	v = json_object_new_object();
	json_object_object_add(parent, key, v);
	return v;
}

json_object *azemu_entry(json_object *collection, const char *name)
{
	char key[512];

	azemu_lower(key, sizeof(key), name);
	return azemu_obj(collection, key, 0);
}

void azemu_entry_put(json_object *collection, const char *name, json_object *entry)
{
	char key[512];

	azemu_lower(key, sizeof(key), name);
	json_object_object_add(collection, key, entry);
}

void azemu_entry_del(json_object *collection, const char *name)
{
	char key[512];

	azemu_lower(key, sizeof(key), name);
	json_object_object_del(collection, key);
}

json_object *azemu_subscription(struct azemu *emu, const char *sub, int create)
{
	json_object *subs = azemu_obj(emu->state, "subscriptions", 1);
	json_object *node = azemu_entry(subs, sub);

	if (node == NULL && create) {
		node = json_object_new_object();
		json_object_object_add(node, "id", json_object_new_string(sub));
		json_object_object_add(node, "resourceGroups", json_object_new_object());
		azemu_entry_put(subs, sub, node);
		emu->dirty = 1;
	}
	return node;
}

json_object *azemu_resource_group(json_object *sub, const char *rg, int create)
{
	json_object *rgs = azemu_obj(sub, "resourceGroups", 1);
	json_object *node = azemu_entry(rgs, rg);

	if (node == NULL && create) {
		node = json_object_new_object();
		json_object_object_add(node, "name", json_object_new_string(rg));
		azemu_entry_put(rgs, rg, node);
	}
	return node;
}

json_object *azemu_entry_resource(json_object *entry)
{
	return azemu_obj(entry, "resource", 0);
}

const char *azemu_str(json_object *obj, const char *key)
{
	json_object *v;

	if (obj == NULL || !json_object_object_get_ex(obj, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

json_object *azemu_copy(json_object *obj)
{
	json_object *copy = NULL;

	if (obj == NULL)
		return NULL;
	if (json_object_deep_copy(obj, &copy, NULL) != 0)
		return NULL;
	return copy;
}

const char *azemu_rg_id(json_object *sub, json_object *rg)
{
	static _Thread_local char buf[1024];

	snprintf(buf, sizeof(buf), "/subscriptions/%s/resourceGroups/%s", azemu_str(sub, "id"),
	         azemu_str(rg, "name"));
	return buf;
}
