/* Docker's container Config and HostConfig fields (API 1.47). */
#ifndef GW_CONTAINER_FIELDS_H
#define GW_CONTAINER_FIELDS_H

#include <json-c/json.h>

#include "gateway/json_util.h"

/**
 * The members of a create body that are Config fields (Config's fields sit
 * at the top level of the body), type-checked (Go's 400 otherwise), under
 * their canonical names, strslices as arrays.  *out is released with the
 * arena.
 */
int gw_config_canonical(struct gw_json_dec *d, json_object *body, json_object **out);

/** The same for HostConfig (NULL: an empty object). */
int gw_host_config_canonical(struct gw_json_dec *d, json_object *host_config, json_object **out);

/**
 * Every Config field as inspect shows it: the stored value, else Go's zero
 * value, omitempty fields left out when empty.  The caller owns the result.
 */
json_object *gw_config_full(json_object *stored);

/** The same for HostConfig. */
json_object *gw_host_config_full(json_object *stored);

/** Does a create body hold any Config field (Go allocates Config only then)? */
int gw_config_present(json_object *body);

#endif
