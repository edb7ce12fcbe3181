/* Selecting networks by Docker's list and prune filters. */
#ifndef ACA_NETWORK_FILTER_H
#define ACA_NETWORK_FILTER_H

#include "plugins/aca/request.h"

/** What a selection is for. */
enum aca_net_select {
	ACA_SELECT_LIST = 0,            /* GET /networks */
	ACA_SELECT_PRUNE = 1            /* POST /networks/prune: only removable, unused networks */
};

/**
 * Networks matching filters (NULL: all), their scalar fields filled, in
 * name order.  Label, driver, scope, type, dangling and until conditions
 * run in SQL (labels on the (key, value) index); name and id patterns are
 * then applied with host->pattern_match.  For prune, predefined and
 * config-only networks and networks with live endpoints are left out.
 * *out is in the arena.
 */
int aca_network_select(struct aca_req *r, const struct sl_filters *filters,
                       enum aca_net_select purpose, struct sl_network **out, size_t *count);

#endif
