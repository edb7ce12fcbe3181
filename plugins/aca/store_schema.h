/* The state database's schema, as a list of forward migrations. */
#ifndef ACA_STORE_SCHEMA_H
#define ACA_STORE_SCHEMA_H

#include <stddef.h>

/**
 * One migration: the SQL that takes the schema from version - 1 to
 * version.  It runs inside the transaction that also sets
 * PRAGMA user_version, so a crash leaves the old version intact.
 */
struct aca_migration {
	int version;
	const char *sql;
};

/** The migrations in order; versions are 1, 2, ... without gaps. */
const struct aca_migration *aca_schema_migrations(size_t *count);

#endif
