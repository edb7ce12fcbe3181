/* The ARM front door: authentication, api-version, subscription and
 * resource group checks, routing to the resource providers, and the
 * helpers those providers share. */
#ifndef AZEMU_ARM_H
#define AZEMU_ARM_H

#include <stddef.h>

#include <json-c/json.h>

#include "tests/azemu/azemu.h"
#include "tests/azemu/http.h"

#define AZEMU_MAX_SEGMENTS 24

/** One ARM call being served. */
struct azemu_arm {
	struct azemu *emu;
	const struct azemu_request *req;
	struct azemu_response *resp;
	json_object *sub;               /* subscription node */
	json_object *rg;                /* resource group node, NULL for subscription-level calls */
	const char *api_version;
	const char *seg[AZEMU_MAX_SEGMENTS]; /* path segments after providers/<namespace> */
	size_t nseg;
	json_object *body;              /* parsed request body, NULL when none */
};

/** Serve an ARM request (any path under /subscriptions/). */
void azemu_arm_serve(struct azemu *emu, const struct azemu_request *req,
                     struct azemu_response *resp);

/** Require a JSON object body; on failure answer 400 and return -1. */
int azemu_arm_need_body(struct azemu_arm *a);

/** The resource group's location. */
const char *azemu_arm_location(const struct azemu_arm *a);

/** "/subscriptions/<sub>/resourceGroups/<rg>/providers/<ns>/" + the first n segments. */
const char *azemu_arm_id(const struct azemu_arm *a, const char *ns, size_t n);

/** 404 ResourceNotFound for type/name in the resource group. */
void azemu_arm_not_found(struct azemu_arm *a, const char *type, const char *name);

/** 404 ParentResourceNotFound: parent (type/name) of the requested resource is missing. */
void azemu_arm_parent_not_found(struct azemu_arm *a, const char *type, const char *name);

/** 405 for a method the route does not take. */
void azemu_arm_bad_method(struct azemu_arm *a);

/**
 * Answer 200 {"value": [...], "nextLink": ...} with one page of items
 * (consumed), following $skiptoken and cfg.page_size.
 */
void azemu_arm_list(struct azemu_arm *a, json_object *items);

/** Are two segment texts equal ignoring case? */
int azemu_seg_eq(const char *a, const char *b);

/**
 * The storage account entry called name anywhere in the subscription
 * (account names are global in Azure), NULL if none.  Lock held.
 */
json_object *azemu_storage_find_account(json_object *sub, const char *name);

/**
 * Create (or replace) a storage account entry in rg; key1 may be NULL (a
 * random key).  Lock held.
 */
json_object *azemu_storage_create_account(struct azemu *emu, json_object *sub, json_object *rg,
                                          const char *name, const char *location, const char *key1);

/** Create (or replace) a managed environment entry in rg.  Lock held. */
json_object *azemu_app_env_create(struct azemu *emu, json_object *sub, json_object *rg,
                                  const char *name, const char *location);

/** Create (or replace) a private DNS zone entry in rg.  Lock held. */
json_object *azemu_dns_zone_create(struct azemu *emu, json_object *sub, json_object *rg,
                                   const char *name);

/* Resource providers. */
void azemu_storage_serve(struct azemu_arm *a);   /* Microsoft.Storage */
void azemu_app_env_serve(struct azemu_arm *a);   /* Microsoft.App/managedEnvironments */
void azemu_app_jobs_serve(struct azemu_arm *a);  /* Microsoft.App/jobs */
void azemu_dns_serve(struct azemu_arm *a);       /* Microsoft.Network/privateDnsZones */

#endif
