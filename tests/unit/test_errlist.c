/* Docker's way of joining several error messages. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "plugins/aca/errlist.h"
#include "tests/unit/fake_host.h"

static void test_join(void **state)
{
	struct sl_call *call = fake_call_new();
	struct aca_errlist l;

	(void)state;
	aca_errlist_init(&l, fake_host("/nonexistent"), call);
	assert_null(aca_errlist_join(&l));
	aca_errlist_add(&l, "  only %s\n", "one");
	assert_string_equal(aca_errlist_join(&l), "only one");
	aca_errlist_init(&l, fake_host("/nonexistent"), call);
	aca_errlist_add(&l, "first");
	aca_errlist_add(&l, "second:\n%s", "detail");
	aca_errlist_add(&l, "third");
	assert_string_equal(aca_errlist_join(&l), "* first\n* second:\n\tdetail\n* third");
	fake_call_free(call);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_join),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
