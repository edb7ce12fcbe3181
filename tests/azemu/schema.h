/* Request-body checks against the swagger definitions in azure-specs/:
 * types, required members, enums and ranges, answered with the 400 the
 * resource provider sends. */
#ifndef AZEMU_SCHEMA_H
#define AZEMU_SCHEMA_H

#include <stdint.h>

#include <json-c/json.h>

#include "tests/azemu/http.h"

/** JSON types of the definitions. */
enum azemu_type {
	AZ_STRING,
	AZ_INT,
	AZ_NUMBER,
	AZ_BOOL,
	AZ_OBJECT,                      /* props lists the members */
	AZ_ARRAY,                       /* of item; item AZ_OBJECT uses props */
	AZ_MAP,                         /* object of strings (tags, metadata) */
	AZ_ANY                          /* not checked (free-form, or read-only) */
};

#define AZ_REQUIRED 0x1u
#define AZ_RANGE 0x2u

/** One member of an object definition; arrays of these end with name == NULL. */
struct azemu_prop {
	const char *name;
	enum azemu_type type;
	unsigned flags;
	const char *const *enums;       /* NULL-terminated allowed strings, or NULL */
	const struct azemu_prop *props; /* members of an object (or of array items) */
	enum azemu_type item;           /* AZ_ARRAY: type of the items */
	int64_t min, max;               /* AZ_RANGE on AZ_INT */
};

/** Error codes a provider answers with. */
struct azemu_schema_codes {
	const char *content;            /* unparsable, wrong type, missing required member */
	const char *value;              /* bad enum value or out of range */
};

/**
 * Check body (an object) against the members props.  On the first
 * violation fill resp with a 400 and return -1; else 0.
 */
int azemu_schema_check(const struct azemu_prop *props, json_object *body,
                       const struct azemu_schema_codes *codes, struct azemu_response *resp);

/* Definitions from the specs (specs.c). */
extern const struct azemu_prop azemu_spec_job[];               /* Jobs.json: Job */
extern const struct azemu_prop azemu_spec_job_execution_template[]; /* JobExecutionTemplate */
extern const struct azemu_prop azemu_spec_env_storage[];       /* ManagedEnvironmentStorage */
extern const struct azemu_prop azemu_spec_file_share[];        /* file.json: FileShare */
extern const struct azemu_prop azemu_spec_record_set[];        /* privatedns.json: RecordSet */

#endif
