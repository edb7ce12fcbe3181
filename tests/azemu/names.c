/* Naming rules. */
#include "config.h"

#include <ctype.h>
#include <string.h>

#include "tests/azemu/names.h"

static int lower_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

int azemu_check_share_name(const char *name, struct azemu_response *resp)
{
	size_t n = strlen(name);

	if (n < 3 || n > 63) {
		azemu_response_error(resp, 400, "OutOfRangeInput",
		                     "The specified resource name length is not within the permissible "
		                     "limits.");
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		char c = name[i];

		if (lower_alnum(c))
			continue;
		if (c == '-' && i > 0 && i + 1 < n && lower_alnum(name[i - 1]) && lower_alnum(name[i + 1]))
			continue;
		/* The service's own spelling. */
		azemu_response_error(resp, 400, "InvalidResourceName",
		                     "The specifed resource name contains invalid characters.");
		return -1;
	}
	return 0;
}

int azemu_check_job_name(const char *name, struct azemu_response *resp)
{
	size_t n = strlen(name);
	int ok = n >= 2 && n <= 32 && name[0] >= 'a' && name[0] <= 'z' && lower_alnum(name[n - 1]);

	for (size_t i = 0; ok && i < n; i++) {
		if (!lower_alnum(name[i]) && name[i] != '-')
			ok = 0;
		if (name[i] == '-' && i + 1 < n && name[i + 1] == '-')
			ok = 0;
	}
	if (ok)
		return 0;
	azemu_response_error(resp, 400, "ContainerAppInvalidName",
	                     "Invalid ContainerAppsJob name '%s'. A name must consist of lower case "
	                     "alphanumeric characters or '-', start with an alphabetic character, and "
	                     "end with an alphanumeric character and cannot have '--'. The length must "
	                     "be between 2 and 32 characters inclusive.",
	                     name);
	return -1;
}

int azemu_check_metadata(json_object *metadata, struct azemu_response *resp)
{
	if (metadata == NULL || !json_object_is_type(metadata, json_type_object))
		return 0;
	json_object_object_foreach(metadata, key, val) {
		int ok = key[0] != '\0' && (isalpha((unsigned char)key[0]) || key[0] == '_');

		(void)val;
		for (const char *p = key; ok && *p != '\0'; p++) {
			if (!isalnum((unsigned char)*p) && *p != '_')
				ok = 0;
		}
		if (!ok) {
			azemu_response_error(resp, 400, "InvalidMetadata",
			                     "The metadata specified is invalid. It has characters that are not "
			                     "permitted. (name '%s': metadata names must be C# identifiers)",
			                     key);
			return -1;
		}
	}
	return 0;
}
