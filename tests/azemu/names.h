/* Azure's naming rules, with the errors the services answer. */
#ifndef AZEMU_NAMES_H
#define AZEMU_NAMES_H

#include <json-c/json.h>

#include "tests/azemu/http.h"

/**
 * File share names: 3-63 characters, lowercase letters, digits and '-',
 * every '-' between a letter or digit.  On violation answer 400
 * (OutOfRangeInput or InvalidResourceName) and return -1.
 */
int azemu_check_share_name(const char *name, struct azemu_response *resp);

/**
 * Container Apps job names: lowercase letters, digits and '-', starting
 * with a letter, ending with a letter or digit, no "--", 2-32 characters.
 * On violation answer 400 ContainerAppInvalidName and return -1.
 */
int azemu_check_job_name(const char *name, struct azemu_response *resp);

/**
 * Share metadata names must be C# identifiers (the File service's rule).
 * metadata may be NULL.  On violation answer 400 InvalidMetadata.
 */
int azemu_check_metadata(json_object *metadata, struct azemu_response *resp);

#endif
