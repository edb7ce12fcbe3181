/* Fuzz target: Azure names for Docker volume names.  The input is one
 * name, or two separated by a newline.  Properties checked (abort on a
 * violation, so the fuzzer reports it):
 *  - every Docker-valid name ([a-zA-Z0-9][a-zA-Z0-9_.-]+) maps to a valid
 *    share and storage name, the same ones each time;
 *  - whatever the input, a name that is produced is valid;
 *  - two different names, or one name with two salts, never give the same
 *    share or storage name. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tests/fuzz/fuzz.h"
#include "plugins/aca/volume_names.h"

static int docker_valid(const char *s)
{
	size_t n = strlen(s);

	if (n < 2)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		int alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');

		if (!alnum && (i == 0 || (c != '_' && c != '.' && c != '-')))
			return 0;
	}
	return 1;
}

static void check_one(const char *name, struct aca_volume_names *out)
{
	struct aca_volume_names again, salted;
	int rc = aca_volume_names_derive(name, 0, out);

	if (docker_valid(name) && rc != 0)
		abort();
	if (rc != 0)
		return;
	if (!aca_share_name_valid(out->share) || !aca_storage_name_valid(out->storage))
		abort();
	if (aca_volume_names_derive(name, 0, &again) != 0 || strcmp(again.share, out->share) != 0 ||
	    strcmp(again.storage, out->storage) != 0)
		abort();
	if (aca_volume_names_derive(name, 7, &salted) != 0 || strcmp(salted.share, out->share) == 0 ||
	    strcmp(salted.storage, out->storage) == 0)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	char *second;
	struct aca_volume_names a, b;

	if (text == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	second = strchr(text, '\n');
	if (second != NULL)
		*second++ = '\0';
	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	check_one(text, &a);
	if (second != NULL) {
		check_one(second, &b);
		if (docker_valid(text) && docker_valid(second) && strcmp(text, second) != 0 &&
		    (strcmp(a.share, b.share) == 0 || strcmp(a.storage, b.storage) == 0))
			abort();
	}
	free(text);
	return 0;
}
