/* The libcurl transport over TLS: peers are verified (a private CA only
 * through ca_file), host names are checked, and connections are kept
 * alive and reused across calls. */
#include "config.h"

#include <ftw.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <curl/curl.h>

#include "plugins/aca/arm_client.h"

static struct {
	char dir[64];
	char cert[128], key[128], port_file[128];
	pid_t pid;
	int port;
} g;

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int group_setup(void **state)
{
	const char *src = getenv("SL_TOP_SRCDIR");
	char cmd[1024], script[512];
	int waited = 0;

	(void)state;
	snprintf(g.dir, sizeof(g.dir), "/tmp/sl-armtls-XXXXXX");
	if (mkdtemp(g.dir) == NULL)
		return -1;
	snprintf(g.cert, sizeof(g.cert), "%s/cert.pem", g.dir);
	snprintf(g.key, sizeof(g.key), "%s/key.pem", g.dir);
	snprintf(g.port_file, sizeof(g.port_file), "%s/port", g.dir);
	/* A self-signed certificate for "localhost" only: it is its own CA. */
	snprintf(cmd, sizeof(cmd),
	         "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes "
	         "-keyout %s -out %s -days 2 -subj /CN=localhost -addext subjectAltName=DNS:localhost "
	         ">/dev/null 2>&1",
	         g.key, g.cert);
	if (system(cmd) != 0)
		return -1;
	snprintf(script, sizeof(script), "%s/tests/azure/tls_server.py", src != NULL ? src : ".");
	g.pid = fork();
	if (g.pid == 0) {
		execl("/usr/bin/python3", "python3", script, g.port_file, g.cert, g.key, (char *)NULL);
		_exit(127);
	}
	for (;;) {
		FILE *f = fopen(g.port_file, "r");
		struct timespec ts = { 0, 20 * 1000000L };

		if (f != NULL) {
			int ok = fscanf(f, "%d", &g.port) == 1;

			fclose(f);
			if (ok)
				break;
		}
		if (waitpid(g.pid, NULL, WNOHANG) == g.pid || ++waited > 1500)
			return -1;
		nanosleep(&ts, NULL);
	}
	curl_global_init(CURL_GLOBAL_DEFAULT);
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	if (g.pid > 0) {
		kill(g.pid, SIGTERM);
		waitpid(g.pid, NULL, 0);
	}
	nftw(g.dir, rm_one, 8, FTW_DEPTH | FTW_PHYS);
	curl_global_cleanup();
	return 0;
}

static void options(struct aca_arm_client_options *o, const char *host, const char *ca, char *url,
                    size_t cap)
{
	snprintf(url, cap, "https://%s:%d", host, g.port);
	memset(o, 0, sizeof(*o));
	o->subscription_id = "sub";
	o->resource_group = "rg";
	o->arm_endpoint = url;
	o->credential.kind = ACA_AZURE_CRED_CLIENT_SECRET;
	o->credential.authority_host = url;
	o->credential.tenant_id = "t";
	o->credential.client_id = "c";
	o->credential.client_secret = "tls-test-secret";
	o->ca_file = ca;
	aca_arm_retry_policy_default(&o->retry);
	o->retry.max_retries = 0;
	o->connect_timeout_ms = 5000;
	o->request_timeout_ms = 10000;
}

static int env_get(const struct aca_arm_client_options *o, int times, struct aca_arm_error *err)
{
	struct aca_arm_client *c = NULL;
	struct aca_arm_arena *a = aca_arm_arena_new();
	struct aca_arm_environment env;
	int rc = aca_arm_client_new(o, &c, err);

	for (int i = 0; rc == SL_OK && i < times; i++)
		rc = aca_arm_environment_get(c, a, "env", &env, err);
	aca_arm_client_free(c);
	aca_arm_arena_free(a);
	return rc;
}

static size_t collect(char *p, size_t size, size_t n, void *arg)
{
	char *buf = arg;
	size_t len = strlen(buf);

	snprintf(buf + len, 256 - len, "%.*s", (int)(size * n), p);
	return size * n;
}

/* How many TCP connections the server has accepted so far. */
static int connections(void)
{
	CURL *h = curl_easy_init();
	char url[128], body[256] = "";
	const char *p;

	snprintf(url, sizeof(url), "https://localhost:%d/_connections", g.port);
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_CAINFO, g.cert);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, collect);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, body);
	curl_easy_setopt(h, CURLOPT_FORBID_REUSE, 1L);
	if (curl_easy_perform(h) != CURLE_OK)
		body[0] = '\0';
	curl_easy_cleanup(h);
	p = strstr(body, "\"connections\": ");
	return p != NULL ? atoi(p + 15) : -1;
}

static void test_private_ca_through_ca_file(void **state)
{
	struct aca_arm_client_options o;
	struct aca_arm_error err;
	char url[64];
	int before, after;

	(void)state;
	options(&o, "localhost", g.cert, url, sizeof(url));
	before = connections();
	assert_true(before >= 1);
	assert_int_equal(env_get(&o, 6, &err), SL_OK);
	after = connections();
	/* One token and six ARM calls over one kept-alive connection (the
	 * counting request itself is the +1). */
	assert_int_equal(after - before, 2);
}

static void test_unknown_ca_refused(void **state)
{
	struct aca_arm_client_options o;
	struct aca_arm_error err;
	char url[64];

	(void)state;
	options(&o, "localhost", NULL, url, sizeof(url));
	assert_int_equal(env_get(&o, 1, &err), SL_ERR_UNAVAILABLE);
	assert_non_null(strstr(err.message, "token: cannot reach localhost"));
	assert_non_null(strstr(err.message, "certificate"));
}

static void test_host_name_checked(void **state)
{
	struct aca_arm_client_options o;
	struct aca_arm_error err;
	char url[64];

	(void)state;
	/* The right CA, but the certificate names localhost, not 127.0.0.1. */
	options(&o, "127.0.0.1", g.cert, url, sizeof(url));
	assert_int_equal(env_get(&o, 1, &err), SL_ERR_UNAVAILABLE);
	assert_non_null(strstr(err.message, "cannot reach 127.0.0.1"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_private_ca_through_ca_file),
		cmocka_unit_test(test_unknown_ca_refused),
		cmocka_unit_test(test_host_name_checked),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
