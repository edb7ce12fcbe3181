/* Generated container names, Docker style ("adjective_surname"). */
#ifndef ACA_CONTAINER_NAMES_H
#define ACA_CONTAINER_NAMES_H

#include "plugins/aca/request.h"

/**
 * A random name in the arena.  retry > 0 appends a random digit, as
 * Docker does when a first pick is taken.
 */
int aca_random_name(struct aca_req *r, int retry, char **out);

#endif
