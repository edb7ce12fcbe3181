/* Per-request arena. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "gateway/arena.h"

static void test_alloc_zeroed_and_aligned(void **state)
{
	struct gw_arena *a = gw_arena_new();

	(void)state;
	for (size_t n = 1; n < 3000; n += 97) {
		unsigned char *p = gw_arena_alloc(a, n);

		assert_int_equal((uintptr_t)p % 16, 0);
		for (size_t i = 0; i < n; i++)
			assert_int_equal(p[i], 0);
		memset(p, 0xab, n);
	}
	gw_arena_free(a);
}

static void test_large_blocks_keep_small_ones_current(void **state)
{
	struct gw_arena *a = gw_arena_new();
	char *small1, *big, *small2;

	(void)state;
	small1 = gw_arena_strdup(a, "first");
	big = gw_arena_alloc(a, 100000);
	memset(big, 1, 100000);
	small2 = gw_arena_strdup(a, "second");
	assert_string_equal(small1, "first");
	assert_string_equal(small2, "second");
	/* Both small strings came from the same block, back to back. */
	assert_true(small2 > small1 && small2 - small1 < 64);
	gw_arena_free(a);
}

static void test_strings(void **state)
{
	struct gw_arena *a = gw_arena_new();

	(void)state;
	assert_null(gw_arena_strdup(a, NULL));
	assert_string_equal(gw_arena_strndup(a, "abcdef", 3), "abc");
	assert_string_equal(gw_arena_sprintf(a, "%s-%d", "net", 42), "net-42");
	assert_true(gw_arena_used(a) > 0);
	gw_arena_free(a);
}

static int cleanups_run;

static void count_cleanup(void *arg)
{
	cleanups_run += *(int *)arg;
}

static void test_defer_runs_on_free(void **state)
{
	struct gw_arena *a = gw_arena_new();
	static int one = 1, ten = 10;

	(void)state;
	cleanups_run = 0;
	gw_arena_defer(a, count_cleanup, &one);
	gw_arena_defer(a, count_cleanup, &ten);
	assert_int_equal(cleanups_run, 0);
	gw_arena_free(a);
	assert_int_equal(cleanups_run, 11);
	gw_arena_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_alloc_zeroed_and_aligned),
		cmocka_unit_test(test_large_blocks_keep_small_ones_current),
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_defer_runs_on_free),
	};

	return cmocka_run_group_tests_name("arena", tests, NULL, NULL);
}
