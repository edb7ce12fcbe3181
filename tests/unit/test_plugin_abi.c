/* The loader's accept rule for plugin descriptors. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "gateway/plugin_loader.h"

static int dummy_init(const struct sl_host *host, struct sl_call *call, void **ctx)
{
	(void)host;
	(void)call;
	*ctx = NULL;
	return SL_OK;
}

static void dummy_fini(void *ctx)
{
	(void)ctx;
}

static struct sl_plugin good(void)
{
	struct sl_plugin p;

	memset(&p, 0, sizeof(p));
	p.magic = SL_PLUGIN_MAGIC;
	p.abi_major = SL_ABI_MAJOR;
	p.abi_minor = SL_ABI_MINOR;
	p.struct_size = sizeof(p);
	p.name = "t";
	p.version = "1";
	p.init = dummy_init;
	p.fini = dummy_fini;
	return p;
}

static void expect_refused(const struct sl_plugin *p, const char *field)
{
	char err[256];

	assert_int_not_equal(gw_plugin_check_abi(p, err, sizeof(err)), 0);
	if (strstr(err, field) == NULL)
		fail_msg("refusal \"%s\" does not name \"%s\"", err, field);
}

static void test_accepts_current_and_older_minor(void **state)
{
	struct sl_plugin p = good();
	char err[256];

	(void)state;
	assert_int_equal(gw_plugin_check_abi(&p, err, sizeof(err)), 0);
	p.abi_minor = 0;
	assert_int_equal(gw_plugin_check_abi(&p, err, sizeof(err)), 0);
}

static void test_refusals_name_the_field(void **state)
{
	struct sl_plugin p;
	struct sl_network_hooks small_net;

	(void)state;
	p = good();
	p.magic = 0x12345678;
	expect_refused(&p, "magic");
	p = good();
	p.abi_major = SL_ABI_MAJOR + 1;
	expect_refused(&p, "abi_major");
	p = good();
	p.abi_minor = SL_ABI_MINOR + 1;
	expect_refused(&p, "abi_minor");
	p = good();
	p.struct_size = sizeof(p) - 8;
	expect_refused(&p, "struct_size");
	p = good();
	p.name = "";
	expect_refused(&p, "name");
	p = good();
	p.init = NULL;
	expect_refused(&p, "init");
	p = good();
	memset(&small_net, 0, sizeof(small_net));
	small_net.struct_size = sizeof(small_net) / 2;
	p.networks = &small_net;
	expect_refused(&p, "networks->struct_size");
	expect_refused(NULL, "NULL");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_accepts_current_and_older_minor),
		cmocka_unit_test(test_refusals_name_the_field),
	};

	return cmocka_run_group_tests_name("plugin_abi", tests, NULL, NULL);
}
