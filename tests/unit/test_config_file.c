/* The sockerlessd config file parser. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "gateway/config_file.h"

static const char good_text[] =
	"# a comment\n"
	"[daemon]\n"
	"log_level = debug\n"
	"max_body_bytes = 2M\n"
	"drain_timeout = 5\n"
	"\n"
	"[listener main]\n"
	"address = unix:///run/sockerless.sock\n"
	"mode = 0600\n"
	"backend = aca\n"
	"[listener local-tcp]\n"
	"address = tcp://127.0.0.1:2375\n"
	"backend = aca\n"
	"[backend aca]\n"
	"plugin = aca\n"
	"state_db = /var/lib/sockerless/aca.db\n"
	"client_secret = \"s3cr=t\"\n";

static void test_good_config(void **state)
{
	char err[512];
	struct gw_config *cfg = gw_config_parse(good_text, "t.conf", "/plugins", err, sizeof(err));
	const struct gw_backend_config *b;

	(void)state;
	if (cfg == NULL) {
		fail_msg("%s", err);
		return;
	}
	assert_int_equal(cfg->daemon.log_level, SL_LOG_DEBUG);
	assert_int_equal(cfg->daemon.max_body_bytes, 2u * 1024u * 1024u);
	assert_int_equal(cfg->daemon.drain_timeout_s, 5);
	assert_int_equal(cfg->n_listeners, 2);
	assert_string_equal(cfg->listeners[0].address, "unix:///run/sockerless.sock");
	assert_int_equal(cfg->listeners[0].mode, 0600);
	assert_int_equal(cfg->listeners[1].mode, 0660);
	b = gw_config_backend(cfg, "aca");
	assert_non_null(b);
	assert_string_equal(b->plugin_path, "/plugins/aca.so");
	assert_int_equal(b->n_entries, 2);
	assert_string_equal(b->entries[0].key, "state_db");
	assert_int_equal(b->entries[0].line, 16);
	assert_string_equal(b->entries[1].value, "s3cr=t");
	assert_true(gw_backend_config_equal(b, b));
	gw_config_free(cfg);
}

struct bad_case {
	const char *text;
	const char *message;     /* expected, after "t.conf:" */
};

static void test_errors_name_file_and_line(void **state)
{
	static const struct bad_case cases[] = {
		{ "[daemon]\nbogus = 1\n", "t.conf:2: unknown key \"bogus\" in [daemon]" },
		{ "[nope]\n", "t.conf:1: unknown section [nope]" },
		{ "[listener]\n", "t.conf:1: [listener] needs a name" },
		{ "key = v\n", "t.conf:1: key \"key\" outside of any section" },
		{ "[daemon]\njust words\n", "t.conf:2: expected \"key = value\"" },
		{ "[daemon]\nlog_level = loud\n", "t.conf:2: log_level must be" },
		{ "[daemon]\nmax_body_bytes = -1\n", "t.conf:2: max_body_bytes must be" },
		{ "[listener a]\naddress = http://x\n", "t.conf:2: address must start with" },
		{ "[listener a]\naddress = unix://rel\n", "t.conf:2: a unix address needs" },
		{ "[listener a]\nmode = 999\n", "t.conf:2: mode must be octal" },
		{ "[listener a]\naddress = unix:///s\nbackend = b\n",
		  "t.conf:1: [listener a] names backend b, which is not defined" },
		{ "[backend b]\nstate_db = x\n[listener a]\naddress = unix:///s\nbackend = b\n",
		  "t.conf:1: [backend b] has no plugin key" },
		{ "[backend b]\nplugin = p\nk = 1\nk = 2\n", "t.conf:4: key \"k\" is set twice" },
		{ "[backend b]\nplugin = p\n[backend b]\n", "t.conf:3: backend b is defined twice" },
		{ "[backend b]\nplugin = p\n", "t.conf: no [listener] section" },
		{ "[backend b]\nplugin = p\n[listener a]\naddress = tcp://127.0.0.1:1\nbackend = b\n"
		  "tls_cert = /c\n",
		  "t.conf:3: [listener a] needs both tls_cert and tls_key" },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char err[512] = "";
		struct gw_config *cfg = gw_config_parse(cases[i].text, "t.conf", "/p", err, sizeof(err));

		if (cfg != NULL)
			fail_msg("case %zu parsed but should fail", i);
		if (strncmp(err, cases[i].message, strlen(cases[i].message)) != 0)
			fail_msg("case %zu: got \"%s\", want \"%s...\"", i, err, cases[i].message);
	}
}

static void test_backend_equality(void **state)
{
	char err[512];
	struct gw_config *a = gw_config_parse(
		"[backend b]\nplugin = p\nx = 1\n[listener l]\naddress = unix:///s\nbackend = b\n",
		"a", "/p", err, sizeof(err));
	struct gw_config *b = gw_config_parse(
		"[backend b]\nplugin = p\nx = 2\n[listener l]\naddress = unix:///s\nbackend = b\n",
		"b", "/p", err, sizeof(err));

	(void)state;
	assert_non_null(a);
	assert_non_null(b);
	assert_false(gw_backend_config_equal(&a->backends[0], &b->backends[0]));
	assert_true(gw_backend_config_equal(&a->backends[0], &a->backends[0]));
	gw_config_free(a);
	gw_config_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_config),
		cmocka_unit_test(test_errors_name_file_and_line),
		cmocka_unit_test(test_backend_equality),
	};

	return cmocka_run_group_tests_name("config_file", tests, NULL, NULL);
}
