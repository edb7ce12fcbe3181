/* The volume driver names this backend answers to and the driver options
 * it accepts (docker volume create -d/-o), checked the way Docker's local
 * driver checks its own. */
#ifndef ACA_VOLUME_OPTIONS_H
#define ACA_VOLUME_OPTIONS_H

#include <stddef.h>

#include <sockerless/plugin.h>

/** The driver name volumes of this backend show. */
#define ACA_VOLUME_DRIVER "azure-files"

/** Largest share quota Azure Files accepts (GiB, large file shares). */
#define ACA_VOLUME_QUOTA_MAX 102400u

/** Settings of one volume's share and environment storage. */
struct aca_volume_opts {
	unsigned quota_gib;             /* shareQuota */
	const char *tier;               /* accessTier: static string, Azure's spelling */
	int read_only;                  /* environment storage accessMode ReadOnly */
};

/**
 * Does driver name this backend's one driver?  "" (not given), "local"
 * (what clients send by default) and "azure-files" do; any other name is
 * a plugin Docker would fail to find.
 */
int aca_volume_driver_known(const char *driver);

/**
 * Read driver options over the defaults in *out (the backend's
 * share_quota_gib and share_tier).  Keys: quota (whole GiB, 1 to 102400),
 * tier (TransactionOptimized, Hot, Cool or Premium, any case) and
 * access_mode (rw or ro).  On a bad key or value returns -1 and writes
 * Docker's wording without the "create NAME: " prefix into msg:
 * `invalid option: "bogus"`, or `invalid value for option "quota": ...`.
 */
int aca_volume_opts_parse(const struct sl_map *opts, struct aca_volume_opts *out, char *msg,
                          size_t msglen);

/** Azure's spelling of an access tier given in any case, or NULL if it is none. */
const char *aca_volume_tier_canonical(const char *tier);

#endif
