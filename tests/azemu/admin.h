/* The admin API under /_azemu/: create resources, inject faults, change
 * knobs, expire tokens, drive executions and operations (see --help). */
#ifndef AZEMU_ADMIN_H
#define AZEMU_ADMIN_H

#include "tests/azemu/azemu.h"
#include "tests/azemu/http.h"

/** Serve a request whose path starts with /_azemu. */
void azemu_admin_serve(struct azemu *emu, const struct azemu_request *req,
                       struct azemu_response *resp);

/**
 * Make sure a subscription, resource group, storage account, environment
 * and DNS zone exist (each NULL name is skipped); existing ones are kept as
 * they are.  Used by the start-up flags.  Lock held.
 */
void azemu_admin_bootstrap(struct azemu *emu, const char *sub, const char *rg, const char *location,
                          const char *account, const char *key, const char *env, const char *zone);

#endif
