/* The ARM client's life cycle and configuration. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plugins/aca/arm_internal.h"
#include "plugins/aca/arm_url.h"

static char *must_strdup(const char *s)
{
	char *p = strdup(s);

	if (p == NULL) {
		fputs("aca: out of memory\n", stderr);
		abort();
	}
	return p;
}

void aca_arm_client_options_from_config(const struct aca_config *cfg, struct aca_arm_client_options *o)
{
	memset(o, 0, sizeof(*o));
	o->subscription_id = cfg->subscription_id;
	o->resource_group = cfg->resource_group;
	o->arm_endpoint = cfg->arm_endpoint;
	switch (cfg->credential) {
	case ACA_CREDENTIAL_CLIENT_SECRET:
		o->credential.kind = ACA_AZURE_CRED_CLIENT_SECRET;
		break;
	case ACA_CREDENTIAL_WORKLOAD_IDENTITY:
		o->credential.kind = ACA_AZURE_CRED_WORKLOAD_IDENTITY;
		break;
	case ACA_CREDENTIAL_MANAGED_IDENTITY:
		o->credential.kind = ACA_AZURE_CRED_MANAGED_IDENTITY;
		break;
	case ACA_CREDENTIAL_AUTO:
	default:
		o->credential.kind = ACA_AZURE_CRED_AUTO;
		break;
	}
	o->credential.authority_host = cfg->authority_host;
	o->credential.tenant_id = cfg->tenant_id;
	o->credential.client_id = cfg->client_id;
	o->credential.client_secret = cfg->client_secret;
	o->credential.federated_token_file = cfg->federated_token_file;
	o->credential.identity_endpoint = cfg->identity_endpoint;
	o->credential.identity_header = cfg->identity_header;
	o->credential.audience = cfg->arm_audience;
	o->ca_file = cfg->ca_file;
	o->connect_timeout_ms = (long)cfg->connect_timeout_ms;
	o->request_timeout_ms = (long)cfg->request_timeout_ms;
	aca_arm_retry_policy_default(&o->retry);
	o->retry.max_retries = (int)cfg->retry_max;
	o->retry.base_delay_ms = cfg->retry_base_ms;
	o->retry.max_total_ms = (int64_t)cfg->retry_budget_s * 1000;
	o->lro_poll_ms = cfg->lro_poll_ms;
	o->lro_timeout_ms = (int64_t)cfg->lro_timeout_s * 1000;
	o->log_level = SL_LOG_INFO;
}

int aca_arm_client_new(const struct aca_arm_client_options *o, struct aca_arm_client **out,
                   struct aca_arm_error *err)
{
	struct aca_arm_client *c;
	struct aca_azure_credential *cred;
	struct aca_arm_arena *arena;
	const char *endpoint = o->arm_endpoint != NULL ? o->arm_endpoint : "https://management.azure.com";
	char why[512];

	aca_arm_error_clear(err);
	if (o->subscription_id == NULL || *o->subscription_id == '\0' || o->resource_group == NULL ||
	    *o->resource_group == '\0') {
		aca_arm_error_set(err, NULL, SL_ERR_INVALID,
		              "the ARM client needs subscription_id and resource_group");
		return err->status;
	}
	if (aca_arm_url_check_endpoint(endpoint, 0, why, sizeof(why)) != 0) {
		aca_arm_error_set(err, NULL, SL_ERR_INVALID, "arm_endpoint: %s", why);
		return err->status;
	}
	if (aca_azure_credential_new(&o->credential, &cred, why, sizeof(why)) != 0) {
		aca_arm_error_set(err, NULL, SL_ERR_INVALID, "credential: %s", why);
		return err->status;
	}
	c = calloc(1, sizeof(*c));
	if (c == NULL) {
		fputs("aca: out of memory\n", stderr);
		abort();
	}
	c->rt.redactor = aca_arm_redactor_new();
	aca_arm_redactor_add(c->rt.redactor, o->credential.client_secret);
	aca_arm_redactor_add(c->rt.redactor, o->credential.identity_header);
	c->rt.clock = o->clock != NULL ? o->clock : aca_arm_clock_real();
	c->rt.log.fn = o->log;
	c->rt.log.arg = o->log_arg;
	c->rt.log.max_level = o->log_level;
	c->rt.log.redactor = c->rt.redactor;
	c->rt.retry = o->retry;
	if (c->rt.retry.max_retries < 0 || c->rt.retry.base_delay_ms <= 0 ||
	    c->rt.retry.max_delay_ms <= 0 || c->rt.retry.max_total_ms <= 0) {
		struct aca_arm_retry_policy def;

		aca_arm_retry_policy_default(&def);
		if (c->rt.retry.max_retries < 0)
			c->rt.retry.max_retries = def.max_retries;
		if (c->rt.retry.base_delay_ms <= 0)
			c->rt.retry.base_delay_ms = def.base_delay_ms;
		if (c->rt.retry.max_delay_ms <= 0)
			c->rt.retry.max_delay_ms = def.max_delay_ms;
		if (c->rt.retry.max_total_ms <= 0)
			c->rt.retry.max_total_ms = def.max_total_ms;
	}
	if (o->transport != NULL) {
		c->rt.transport = *o->transport;
	} else {
		struct aca_arm_curl_options co = { o->ca_file, o->connect_timeout_ms, o->request_timeout_ms,
		                               "sockerless-aca/" PACKAGE_VERSION };

		if (aca_arm_curl_new(&co, &c->curl, why, sizeof(why)) != 0) {
			aca_azure_credential_free(cred);
			aca_arm_client_free(c);
			aca_arm_error_set(err, NULL, SL_ERR_INTERNAL, "ARM client: %s", why);
			return err->status;
		}
		c->rt.transport = aca_arm_curl_transport(c->curl);
	}
	c->token = aca_azure_token_new(cred, &c->rt, o->token_margin_ms > 0 ? o->token_margin_ms : 300000);
	arena = aca_arm_arena_new();
	c->endpoint = must_strdup(aca_arm_url_trim(arena, endpoint));
	aca_arm_arena_free(arena);
	c->subscription_id = must_strdup(o->subscription_id);
	c->resource_group = must_strdup(o->resource_group);
	c->lro_poll_ms = o->lro_poll_ms > 0 ? o->lro_poll_ms : 2000;
	c->lro_timeout_ms = o->lro_timeout_ms > 0 ? o->lro_timeout_ms : 1200000;
	aca_arm_log(&c->rt.log, SL_LOG_INFO, "arm: %s, subscription %s, resource group %s, %s",
	        c->endpoint, c->subscription_id, c->resource_group,
	        aca_azure_credential_describe(cred));
	*out = c;
	return SL_OK;
}

void aca_arm_client_free(struct aca_arm_client *c)
{
	if (c == NULL)
		return;
	aca_azure_token_free(c->token);
	aca_arm_curl_free(c->curl);
	aca_arm_redactor_free(c->rt.redactor);
	free(c->endpoint);
	free(c->subscription_id);
	free(c->resource_group);
	free(c);
}

void aca_arm_client_add_secret(struct aca_arm_client *c, const char *secret)
{
	aca_arm_redactor_add(c->rt.redactor, secret);
}

void aca_arm_client_redact(const struct aca_arm_client *c, const char *text, char *dst, size_t dstlen)
{
	aca_arm_redact(c->rt.redactor, text, dst, dstlen);
}

const char *aca_arm_client_environment_id(struct aca_arm_client *c, struct aca_arm_arena *arena,
                                      const char *environment)
{
	return aca_arm_arena_sprintf(arena,
	                         "/subscriptions/%s/resourceGroups/%s/providers/Microsoft.App/"
	                         "managedEnvironments/%s",
	                         c->subscription_id, c->resource_group, environment);
}

unsigned aca_arm_client_token_fetches(struct aca_arm_client *c)
{
	return aca_azure_token_fetches(c->token);
}

int aca_arm_fail(const struct sl_host *host, struct sl_call *call, const struct aca_arm_error *err,
                 const char *operation)
{
	enum sl_status status = err->status != SL_OK ? err->status : SL_ERR_INTERNAL;

	return host->fail(call, status, "aca: %s: %s", operation, err->message);
}
