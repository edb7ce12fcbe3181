/* Tokens: caching until shortly before expiry, the four credentials'
 * requests, rotated federated token files, AAD errors. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "plugins/aca/arm_client.h"
#include "plugins/aca/azure_token.h"
#include "tests/azure/arm_fake.h"

#define ENV_URL "GET https://arm.test/subscriptions/sub/resourceGroups/rg/providers/Microsoft.App/managedEnvironments/env"
#define ENV_BODY "{\"name\":\"env\",\"properties\":{\"provisioningState\":\"Succeeded\",\"defaultDomain\":\"x.io\"}}"

struct env {
	struct fake_transport t;
	struct fake_clock clk;
	struct aca_arm_transport tr;
	struct aca_arm_clock c;
	struct aca_arm_client_options o;
	struct aca_arm_client *client;
	struct aca_arm_arena *arena;
	char tokfile[64];
};

static int setup(void **state)
{
	static struct env e;

	memset(&e, 0, sizeof(e));
	fake_init(&e.t);
	fake_clock_init(&e.clk, 1700000000000LL);
	e.tr = fake_transport_of(&e.t);
	e.c = fake_clock_of(&e.clk);
	fake_options(&e.o, &e.tr, &e.c);
	e.o.token_margin_ms = 300000;
	e.arena = aca_arm_arena_new();
	*state = &e;
	return 0;
}

static int teardown(void **state)
{
	struct env *e = *state;

	aca_arm_client_free(e->client);
	aca_arm_arena_free(e->arena);
	if (e->tokfile[0] != '\0')
		unlink(e->tokfile);
	return 0;
}

static int get_env(struct env *e, struct aca_arm_error *err)
{
	struct aca_arm_environment out;

	if (e->client == NULL && aca_arm_client_new(&e->o, &e->client, err) != SL_OK)
		return err->status;
	return aca_arm_environment_get(e->client, e->arena, "env", &out, err);
}

static void test_cached_until_margin(void **state)
{
	struct env *e = *state;
	struct aca_arm_error err;

	fake_token(&e->t, "tok-1", 3600, 1);
	fake_token(&e->t, "tok-2", 3600, 1);
	fake_reply(&e->t, ENV_URL, -1, 200, ENV_BODY, NULL);
	assert_int_equal(get_env(e, &err), SL_OK);
	assert_int_equal(get_env(e, &err), SL_OK);
	assert_int_equal(aca_arm_client_token_fetches(e->client), 1);
	/* 3600 s lifetime, 300 s margin: still good just before 3300 s... */
	e->clk.now_ms += 3299 * 1000;
	assert_int_equal(get_env(e, &err), SL_OK);
	assert_int_equal(aca_arm_client_token_fetches(e->client), 1);
	/* ...and refreshed from then on. */
	e->clk.now_ms += 2 * 1000;
	assert_int_equal(get_env(e, &err), SL_OK);
	assert_int_equal(aca_arm_client_token_fetches(e->client), 2);
	assert_string_equal(e->t.seen[e->t.n_seen - 1].authorization, "Bearer tok-2");
}

static void test_short_lived_token(void **state)
{
	struct env *e = *state;
	struct aca_arm_error err;

	fake_token(&e->t, "short", 60, -1);
	fake_reply(&e->t, ENV_URL, -1, 200, ENV_BODY, NULL);
	assert_int_equal(get_env(e, &err), SL_OK);
	/* The margin shrinks to half the lifetime: refreshed after 30 s, not at once. */
	e->clk.now_ms += 29 * 1000;
	assert_int_equal(get_env(e, &err), SL_OK);
	assert_int_equal(aca_arm_client_token_fetches(e->client), 1);
	e->clk.now_ms += 2 * 1000;
	assert_int_equal(get_env(e, &err), SL_OK);
	assert_int_equal(aca_arm_client_token_fetches(e->client), 2);
}

static void test_client_secret_request(void **state)
{
	struct env *e = *state;
	struct aca_arm_error err;
	const struct fake_seen *s;

	fake_token(&e->t, "tok", 3600, -1);
	fake_reply(&e->t, ENV_URL, -1, 200, ENV_BODY, NULL);
	assert_int_equal(get_env(e, &err), SL_OK);
	s = fake_seen_at(&e->t, 0);
	assert_string_equal(s->method, "POST");
	assert_string_equal(s->url, "https://login.test/tenant/oauth2/v2.0/token");
	assert_string_equal(s->body, "grant_type=client_credentials&client_id=client&client_secret="
	                             "client-secret-value&scope=https%3A%2F%2Fmanagement.azure.com%2F.default");
	assert_non_null(strstr(s->headers, "Content-Type: application/x-www-form-urlencoded"));
	assert_null(strstr(s->headers, "Authorization"));
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void test_federated_file_reread(void **state)
{
	struct env *e = *state;
	struct aca_arm_error err;
	int fd;

	snprintf(e->tokfile, sizeof(e->tokfile), "/tmp/sl-fedtok-XXXXXX");
	fd = mkstemp(e->tokfile);
	assert_true(fd >= 0);
	close(fd);
	write_file(e->tokfile, "assertion-one\n");
	e->o.credential.kind = ACA_AZURE_CRED_AUTO;
	e->o.credential.client_secret = NULL;
	e->o.credential.federated_token_file = e->tokfile;
	fake_token(&e->t, "tok", 3600, -1);
	fake_reply(&e->t, ENV_URL, -1, 200, ENV_BODY, NULL);
	assert_int_equal(get_env(e, &err), SL_OK);
	assert_non_null(strstr(e->t.seen[0].body, "&client_assertion=assertion-one"));
	assert_non_null(strstr(e->t.seen[0].body,
	                       "client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer"));
	/* The file is rotated; the next token request reads it again. */
	write_file(e->tokfile, "assertion-two");
	e->clk.now_ms += 3600 * 1000;
	assert_int_equal(get_env(e, &err), SL_OK);
	assert_non_null(strstr(e->t.seen[2].body, "&client_assertion=assertion-two"));
	/* A missing file is a clear error. */
	unlink(e->tokfile);
	e->clk.now_ms += 3600 * 1000;
	assert_int_equal(get_env(e, &err), SL_ERR_UNAVAILABLE);
	assert_non_null(strstr(err.message, "cannot read the federated token file"));
}

static void test_imds_request(void **state)
{
	struct env *e = *state;
	struct aca_arm_error err;
	char body[256];

	e->o.credential.kind = ACA_AZURE_CRED_MANAGED_IDENTITY;
	e->o.credential.client_id = "uami-client";
	snprintf(body, sizeof(body),
	         "{\"access_token\":\"mi-tok\",\"expires_in\":\"3599\",\"expires_on\":\"%lld\","
	         "\"resource\":\"https://management.azure.com/\",\"token_type\":\"Bearer\"}",
	         (long long)e->clk.now_ms / 1000 + 3599);
	fake_reply(&e->t, "GET http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01"
	                  "&resource=https%3A%2F%2Fmanagement.azure.com%2F&client_id=uami-client",
	           1, 200, body, NULL);
	fake_reply(&e->t, ENV_URL, -1, 200, ENV_BODY, NULL);
	assert_int_equal(get_env(e, &err), SL_OK);
	assert_non_null(strstr(e->t.seen[0].headers, "Metadata: true"));
	assert_string_equal(e->t.seen[1].authorization, "Bearer mi-tok");
}

static void test_identity_endpoint_request(void **state)
{
	struct env *e = *state;
	struct aca_arm_error err;
	char body[256];

	e->o.credential.kind = ACA_AZURE_CRED_AUTO;
	e->o.credential.client_secret = NULL;
	e->o.credential.client_id = NULL;
	e->o.credential.identity_endpoint = "http://localhost:42356/msi/token";
	e->o.credential.identity_header = "identity-header-secret";
	/* expires_on only, as the Container Apps endpoint answers. */
	snprintf(body, sizeof(body), "{\"access_token\":\"aca-tok\",\"expires_on\":\"%lld\",\"token_type\":\"Bearer\"}",
	         (long long)e->clk.now_ms / 1000 + 7200);
	fake_reply(&e->t, "GET http://localhost:42356/msi/token?api-version=2019-08-01&resource=https%3A%2F%2Fmanagement.azure.com%2F",
	           1, 200, body, NULL);
	fake_reply(&e->t, ENV_URL, -1, 200, ENV_BODY, NULL);
	assert_int_equal(get_env(e, &err), SL_OK);
	assert_non_null(strstr(e->t.seen[0].headers, "X-IDENTITY-HEADER: identity-header-secret"));
	/* Valid 7200 s: no refresh an hour later. */
	e->clk.now_ms += 3600 * 1000;
	assert_int_equal(get_env(e, &err), SL_OK);
	assert_int_equal(aca_arm_client_token_fetches(e->client), 1);
}

static void test_aad_errors(void **state)
{
	struct env *e = *state;
	struct aca_arm_error err;

	fake_reply(&e->t, "oauth2/v2.0/token", 1, 401,
	           "{\"error\":\"invalid_client\",\"error_description\":\"AADSTS7000215: Invalid client "
	           "secret provided (client-secret-value).\"}",
	           NULL);
	assert_int_equal(get_env(e, &err), SL_ERR_FORBIDDEN);
	assert_non_null(strstr(err.message, "token: invalid_client: AADSTS7000215"));
	assert_null(strstr(err.message, "client-secret-value"));
	/* A throttled or failing authority is retried like ARM. */
	fake_reply(&e->t, "oauth2/v2.0/token", 1, 503, "", NULL);
	fake_token(&e->t, "tok", 3600, 1);
	fake_reply(&e->t, ENV_URL, -1, 200, ENV_BODY, NULL);
	assert_int_equal(get_env(e, &err), SL_OK);
	/* No token field at all. */
	aca_arm_client_free(e->client);
	e->client = NULL;
	fake_reply(&e->t, "oauth2/v2.0/token", 1, 200, "{\"token_type\":\"Bearer\"}", NULL);
	assert_int_equal(get_env(e, &err), SL_ERR_UNAVAILABLE);
	assert_non_null(strstr(err.message, "no access_token"));
}

static void test_credential_checks(void **state)
{
	struct aca_azure_credential_options o;
	struct aca_azure_credential *c;
	char err[256];

	(void)state;
	memset(&o, 0, sizeof(o));
	o.client_id = "c";
	o.client_secret = "s3cret-s3cret";
	assert_int_equal(aca_azure_credential_new(&o, &c, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "tenant_id"));
	o.tenant_id = "t";
	o.authority_host = "http://login.example";
	assert_int_equal(aca_azure_credential_new(&o, &c, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "authority_host"));
	o.authority_host = NULL;
	assert_int_equal(aca_azure_credential_new(&o, &c, err, sizeof(err)), 0);
	assert_int_equal(aca_azure_credential_kind(c), ACA_AZURE_CRED_CLIENT_SECRET);
	assert_null(strstr(aca_azure_credential_describe(c), "s3cret"));
	aca_azure_credential_free(c);
	/* Nothing configured: managed identity through IMDS. */
	memset(&o, 0, sizeof(o));
	assert_int_equal(aca_azure_credential_new(&o, &c, err, sizeof(err)), 0);
	assert_int_equal(aca_azure_credential_kind(c), ACA_AZURE_CRED_MANAGED_IDENTITY);
	assert_non_null(strstr(aca_azure_credential_describe(c), "IMDS"));
	aca_azure_credential_free(c);
	/* The IMDS exception is for IMDS only. */
	o.identity_endpoint = "http://169.254.169.254/msi/token";
	o.identity_header = "h";
	assert_int_equal(aca_azure_credential_new(&o, &c, err, sizeof(err)), -1);
	o.kind = ACA_AZURE_CRED_WORKLOAD_IDENTITY;
	o.identity_endpoint = NULL;
	assert_int_equal(aca_azure_credential_new(&o, &c, err, sizeof(err)), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_cached_until_margin, setup, teardown),
		cmocka_unit_test_setup_teardown(test_short_lived_token, setup, teardown),
		cmocka_unit_test_setup_teardown(test_client_secret_request, setup, teardown),
		cmocka_unit_test_setup_teardown(test_federated_file_reread, setup, teardown),
		cmocka_unit_test_setup_teardown(test_imds_request, setup, teardown),
		cmocka_unit_test_setup_teardown(test_identity_endpoint_request, setup, teardown),
		cmocka_unit_test_setup_teardown(test_aad_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_credential_checks, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
