/* Volume driver names and driver options. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "plugins/aca/volume_options.h"

int aca_volume_driver_known(const char *driver)
{
	return driver == NULL || driver[0] == '\0' || strcmp(driver, "local") == 0 ||
	       strcmp(driver, ACA_VOLUME_DRIVER) == 0;
}

const char *aca_volume_tier_canonical(const char *tier)
{
	static const char *const tiers[] = { "TransactionOptimized", "Hot", "Cool", "Premium" };

	for (size_t i = 0; tier != NULL && i < sizeof(tiers) / sizeof(tiers[0]); i++) {
		if (strcasecmp(tier, tiers[i]) == 0)
			return tiers[i];
	}
	return NULL;
}

static int parse_quota(const char *value, unsigned *out)
{
	char *end;
	unsigned long v;

	if (value == NULL || value[0] < '0' || value[0] > '9')
		return -1;
	errno = 0;
	v = strtoul(value, &end, 10);
	if (errno != 0 || *end != '\0' || v < 1 || v > ACA_VOLUME_QUOTA_MAX)
		return -1;
	*out = (unsigned)v;
	return 0;
}

int aca_volume_opts_parse(const struct sl_map *opts, struct aca_volume_opts *out, char *msg,
                          size_t msglen)
{
	for (size_t i = 0; opts != NULL && opts->present && i < opts->count; i++) {
		const char *key = opts->items[i].key != NULL ? opts->items[i].key : "";
		const char *value = opts->items[i].value != NULL ? opts->items[i].value : "";

		if (strcmp(key, "quota") == 0) {
			if (parse_quota(value, &out->quota_gib) != 0) {
				snprintf(msg, msglen,
				         "invalid value for option \"quota\": \"%s\" (whole GiB from 1 to %u)",
				         value, ACA_VOLUME_QUOTA_MAX);
				return -1;
			}
		} else if (strcmp(key, "tier") == 0) {
			const char *tier = aca_volume_tier_canonical(value);

			if (tier == NULL) {
				snprintf(msg, msglen,
				         "invalid value for option \"tier\": \"%s\" (TransactionOptimized, "
				         "Hot, Cool or Premium)",
				         value);
				return -1;
			}
			out->tier = tier;
		} else if (strcmp(key, "access_mode") == 0) {
			if (strcmp(value, "rw") == 0) {
				out->read_only = 0;
			} else if (strcmp(value, "ro") == 0) {
				out->read_only = 1;
			} else {
				snprintf(msg, msglen,
				         "invalid value for option \"access_mode\": \"%s\" (rw or ro)", value);
				return -1;
			}
		} else {
			/* Docker's local driver: the same words for any key it does not know. */
			snprintf(msg, msglen, "invalid option: \"%s\"", key);
			return -1;
		}
	}
	return 0;
}
