/* azemu's state: one JSON tree, saved to the state file after changes.
 *
 *   { "subscriptions": { "<sub, lowercase>": { "id": "<as created>",
 *         "resourceGroups": { "<rg, lowercase>": { "name", "location",
 *             "storageAccounts": { "<name>": entry }, "managedEnvironments": ...,
 *             "jobs": ..., "privateDnsZones": ... } } } },
 *     "tokens": { "<token>": { "expiresOn": <s>, "kind": "..." } },
 *     "operations": { "<id>": { ... } } }
 *
 * An entry is { "resource": <the body ARM shows>, <internal members> }.
 * Names are matched case-insensitively, as ARM does: keys are lowercase.
 */
#ifndef AZEMU_STATE_H
#define AZEMU_STATE_H

#include <stddef.h>

#include <json-c/json.h>

#include "tests/azemu/azemu.h"

/** An empty state tree. */
json_object *azemu_state_new(void);

/** Load emu->cfg.state_file into emu->state (a missing file is an empty state). */
int azemu_state_load(struct azemu *emu, char *err, size_t errlen);

/** Write the state file (temp file + rename) if it changed; lock held. */
int azemu_state_save(struct azemu *emu);

/** parent[key] as an object, created (empty) when absent and create is set. */
json_object *azemu_obj(json_object *parent, const char *key, int create);

/** The subscription's node, NULL when unknown (created when create is set). */
json_object *azemu_subscription(struct azemu *emu, const char *sub, int create);

/** A resource group node of a subscription node. */
json_object *azemu_resource_group(json_object *sub, const char *rg, int create);

/** The entry called name in a collection (case-insensitive), NULL if none. */
json_object *azemu_entry(json_object *collection, const char *name);

/** Store entry (consumed) under name, replacing any entry of that name. */
void azemu_entry_put(json_object *collection, const char *name, json_object *entry);

/** Remove the entry called name (if any). */
void azemu_entry_del(json_object *collection, const char *name);

/** entry["resource"] (borrowed). */
json_object *azemu_entry_resource(json_object *entry);

/** A string member, NULL when absent. */
const char *azemu_str(json_object *obj, const char *key);

/** A deep copy (the caller owns it). */
json_object *azemu_copy(json_object *obj);

/** "/subscriptions/<sub>/resourceGroups/<rg>" with the names as created (static per thread). */
const char *azemu_rg_id(json_object *sub, json_object *rg);

#endif
