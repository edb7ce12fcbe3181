/* Azure names for Docker volumes. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "plugins/aca/volume_names.h"

struct name_case {
	const char *volume;
	const char *share_prefix;    /* the readable part we expect */
};

static void test_tricky_names(void **state)
{
	static const struct name_case cases[] = {
		{ "cache", "sl-cache-" },
		{ "My_Cache.v2", "sl-my-cache-v2-" },
		{ "a-", "sl-a-" },
		{ "a__b", "sl-a-b-" },
		{ "A..B--C", "sl-a-b-c-" },
		{ "0x", "sl-0x-" },
		{ "gitlab-runner-cache-0123456789abcdef", "sl-gitlab-runner-cache-0123456789abcdef-" },
		{ "9_", "sl-9-" },
		{ "UPPER", "sl-upper-" },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct aca_volume_names n;

		assert_int_equal(aca_volume_names_derive(cases[i].volume, 0, &n), 0);
		if (strncmp(n.share, cases[i].share_prefix, strlen(cases[i].share_prefix)) != 0)
			fail_msg("%s -> %s, want prefix %s", cases[i].volume, n.share,
			         cases[i].share_prefix);
		assert_true(aca_share_name_valid(n.share));
		assert_true(aca_storage_name_valid(n.storage));
		/* The hash is 10 hex digits after the last '-'. */
		assert_int_equal(strlen(strrchr(n.share, '-') + 1), 10);
	}
}

static void test_lengths(void **state)
{
	char longname[301];
	struct aca_volume_names n;

	(void)state;
	memset(longname, 'a', 300);
	longname[300] = '\0';
	assert_int_equal(aca_volume_names_derive(longname, 0, &n), 0);
	assert_true(strlen(n.share) <= 63);
	assert_true(strlen(n.storage) <= 32);
	assert_true(aca_share_name_valid(n.share));
	assert_true(aca_storage_name_valid(n.storage));
	/* A cut that lands on a '-' must not leave it trailing before the hash. */
	memset(longname, 'a', 300);
	longname[47] = '_';
	longname[16] = '.';
	assert_int_equal(aca_volume_names_derive(longname, 0, &n), 0);
	assert_true(aca_share_name_valid(n.share));
	assert_true(aca_storage_name_valid(n.storage));
	assert_null(strstr(n.share, "--"));
	assert_null(strstr(n.storage, "--"));
}

static void test_alike_names_stay_apart(void **state)
{
	static const char *const alike[] = { "my-cache", "My-Cache", "my_cache", "my.cache",
	                                     "my__cache", "MY.CACHE" };
	struct aca_volume_names n[6];

	(void)state;
	for (size_t i = 0; i < 6; i++)
		assert_int_equal(aca_volume_names_derive(alike[i], 0, &n[i]), 0);
	for (size_t i = 0; i < 6; i++) {
		for (size_t j = i + 1; j < 6; j++) {
			assert_string_not_equal(n[i].share, n[j].share);
			assert_string_not_equal(n[i].storage, n[j].storage);
		}
	}
}

static void test_deterministic_and_salted(void **state)
{
	struct aca_volume_names a, b, c;

	(void)state;
	assert_int_equal(aca_volume_names_derive("builds", 0, &a), 0);
	assert_int_equal(aca_volume_names_derive("builds", 0, &b), 0);
	assert_string_equal(a.share, b.share);
	assert_int_equal(aca_volume_names_derive("builds", 1, &c), 0);
	assert_string_not_equal(a.share, c.share);
	assert_int_equal(aca_volume_names_derive("", 0, &a), -1);
	assert_int_equal(aca_volume_names_derive(NULL, 0, &a), -1);
}

static void test_validators(void **state)
{
	(void)state;
	assert_true(aca_share_name_valid("abc"));
	assert_false(aca_share_name_valid("ab"));
	assert_false(aca_share_name_valid("-abc"));
	assert_false(aca_share_name_valid("abc-"));
	assert_false(aca_share_name_valid("a--bc"));
	assert_false(aca_share_name_valid("Abc"));
	assert_false(aca_storage_name_valid("1abc"));
	assert_true(aca_storage_name_valid("sl-abc"));
}

/* Random Docker-valid names ([a-zA-Z0-9][a-zA-Z0-9_.-]+): every one maps to
 * valid Azure names, and no two map to one share.  The generator is seeded,
 * so the run is the same every time. */
static void test_many_docker_names(void **state)
{
	static const char first[] =
		"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
	static const char rest[] =
		"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-";
	enum { COUNT = 20000 };
	char (*shares)[ACA_SHARE_NAME_MAX] = calloc(COUNT, ACA_SHARE_NAME_MAX);
	unsigned long seed = 12345;

	(void)state;
	assert_non_null(shares);
	for (int i = 0; i < COUNT; i++) {
		char name[80];
		size_t len;
		struct aca_volume_names n;

		seed = seed * 6364136223846793005UL + 1442695040888963407UL;
		len = 2 + (seed >> 33) % 70;
		for (size_t k = 0; k < len; k++) {
			seed = seed * 6364136223846793005UL + 1442695040888963407UL;
			name[k] = k == 0 ? first[(seed >> 33) % (sizeof(first) - 1)]
			                 : rest[(seed >> 33) % (sizeof(rest) - 1)];
		}
		name[len] = '\0';
		snprintf(name + len, sizeof(name) - len, "%d", i);  /* distinct names */
		if (aca_volume_names_derive(name, 0, &n) != 0)
			fail_msg("no Azure name for %s", name);
		memcpy(shares[i], n.share, sizeof(n.share));
	}
	qsort(shares, COUNT, ACA_SHARE_NAME_MAX, (int (*)(const void *, const void *))strcmp);
	for (int i = 1; i < COUNT; i++)
		assert_string_not_equal(shares[i - 1], shares[i]);
	free(shares);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tricky_names),
		cmocka_unit_test(test_lengths),
		cmocka_unit_test(test_alike_names_stay_apart),
		cmocka_unit_test(test_deterministic_and_salted),
		cmocka_unit_test(test_validators),
		cmocka_unit_test(test_many_docker_names),
	};

	return cmocka_run_group_tests_name("volume_names", tests, NULL, NULL);
}
