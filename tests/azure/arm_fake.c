/* Scripted transport and manual clock. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "tests/azure/arm_fake.h"

void fake_init(struct fake_transport *t)
{
	memset(t, 0, sizeof(*t));
	pthread_mutex_init(&t->lock, NULL);
}

void fake_reply(struct fake_transport *t, const char *match, int times, long status,
                const char *body, const char *headers)
{
	struct fake_reply *r;
	const char *h = headers;
	size_t n = 0;

	pthread_mutex_lock(&t->lock);
	if (t->n_replies >= FAKE_MAX) {
		pthread_mutex_unlock(&t->lock);
		return;
	}
	r = &t->replies[t->n_replies++];
	memset(r, 0, sizeof(*r));
	snprintf(r->match, sizeof(r->match), "%s", match);
	r->times = times;
	r->tx = ACA_ARM_TX_OK;
	r->status = status;
	snprintf(r->body, sizeof(r->body), "%s", body != NULL ? body : "");
	while (h != NULL && *h != '\0' && n < 4) {
		const char *nl = strchr(h, '\n');
		size_t len = nl != NULL ? (size_t)(nl - h) : strlen(h);

		snprintf(r->headers[n++], sizeof(r->headers[0]), "%.*s", (int)len, h);
		h = nl != NULL ? nl + 1 : NULL;
	}
	pthread_mutex_unlock(&t->lock);
}

void fake_fail(struct fake_transport *t, const char *match, int times, enum aca_arm_tx_result tx)
{
	fake_reply(t, match, times, 0, NULL, NULL);
	pthread_mutex_lock(&t->lock);
	t->replies[t->n_replies - 1].tx = tx;
	pthread_mutex_unlock(&t->lock);
}

void fake_token(struct fake_transport *t, const char *token, int expires_in, int times)
{
	char body[512];

	snprintf(body, sizeof(body),
	         "{\"token_type\":\"Bearer\",\"expires_in\":%d,\"ext_expires_in\":%d,\"access_token\":\"%s\"}",
	         expires_in, expires_in, token);
	fake_reply(t, "POST https://login.test/tenant/oauth2/v2.0/token", times, 200, body, NULL);
}

size_t fake_count(struct fake_transport *t, const char *match)
{
	size_t n = 0;
	char line[1100];

	pthread_mutex_lock(&t->lock);
	for (size_t i = 0; i < t->n_seen; i++) {
		snprintf(line, sizeof(line), "%s %s", t->seen[i].method, t->seen[i].url);
		if (strstr(line, match) != NULL)
			n++;
	}
	pthread_mutex_unlock(&t->lock);
	return n;
}

static enum aca_arm_tx_result fake_send(void *arg, const struct aca_arm_http_request *req,
                                        struct aca_arm_http_response *resp, char *errbuf,
                                        size_t errlen)
{
	struct fake_transport *t = arg;
	struct fake_seen *s = NULL;
	char line[1100];
	enum aca_arm_tx_result tx = ACA_ARM_TX_OK;

	memset(resp, 0, sizeof(*resp));
	snprintf(line, sizeof(line), "%s %s", req->method, req->url);
	pthread_mutex_lock(&t->lock);
	if (t->n_seen < FAKE_MAX) {
		s = &t->seen[t->n_seen++];
		memset(s, 0, sizeof(*s));
		snprintf(s->method, sizeof(s->method), "%s", req->method);
		snprintf(s->url, sizeof(s->url), "%s", req->url);
		for (size_t i = 0; i < req->n_headers; i++) {
			size_t hl = strlen(s->headers);

			snprintf(s->headers + hl, sizeof(s->headers) - hl, "%s: %s\n", req->headers[i].name,
			         req->headers[i].value);
			if (strcasecmp(req->headers[i].name, "Authorization") == 0)
				snprintf(s->authorization, sizeof(s->authorization), "%s", req->headers[i].value);
			if (strcasecmp(req->headers[i].name, "If-Match") == 0)
				snprintf(s->if_match, sizeof(s->if_match), "%s", req->headers[i].value);
			if (strcasecmp(req->headers[i].name, "If-None-Match") == 0)
				snprintf(s->if_none_match, sizeof(s->if_none_match), "%s", req->headers[i].value);
		}
		if (req->body != NULL)
			snprintf(s->body, sizeof(s->body), "%.*s", (int)req->body_len, req->body);
	}
	for (size_t i = 0; i < t->n_replies; i++) {
		struct fake_reply *r = &t->replies[i];

		if (r->times == 0 || strstr(line, r->match) == NULL)
			continue;
		if (r->times > 0)
			r->times--;
		if (r->tx != ACA_ARM_TX_OK) {
			tx = r->tx;
			snprintf(errbuf, errlen, "scripted transport failure");
		} else {
			resp->status = r->status;
			aca_arm_http_response_set_body(resp, r->body, strlen(r->body));
			for (size_t k = 0; k < 4 && r->headers[k][0] != '\0'; k++) {
				const char *colon = strchr(r->headers[k], ':');
				const char *v = colon + 1;

				while (*v == ' ')
					v++;
				aca_arm_http_response_add_header(resp, r->headers[k],
				                                 (size_t)(colon - r->headers[k]), v, strlen(v));
			}
		}
		pthread_mutex_unlock(&t->lock);
		return tx;
	}
	pthread_mutex_unlock(&t->lock);
	/* Unscripted: an answer no test expects, so the failure is visible. */
	resp->status = 418;
	aca_arm_http_response_set_body(resp, "{\"error\":{\"code\":\"Unscripted\",\"message\":\"no reply scripted\"}}",
	                               strlen("{\"error\":{\"code\":\"Unscripted\",\"message\":\"no reply scripted\"}}"));
	return ACA_ARM_TX_OK;
}

const struct fake_seen *fake_seen_at(struct fake_transport *t, size_t i)
{
	const struct fake_seen *s;

	pthread_mutex_lock(&t->lock);
	s = i < t->n_seen ? &t->seen[i] : NULL;
	pthread_mutex_unlock(&t->lock);
	return s;
}

struct aca_arm_transport fake_transport_of(struct fake_transport *t)
{
	struct aca_arm_transport tr = { fake_send, t };

	return tr;
}

static int64_t fake_now(void *arg)
{
	return ((struct fake_clock *)arg)->now_ms;
}

static void fake_sleep(void *arg, int64_t ms)
{
	struct fake_clock *c = arg;

	if (c->n_sleeps < FAKE_MAX)
		c->sleeps[c->n_sleeps++] = ms;
	c->now_ms += ms;
}

static double fake_random(void *arg)
{
	return ((struct fake_clock *)arg)->random;
}

void fake_clock_init(struct fake_clock *c, int64_t t0)
{
	memset(c, 0, sizeof(*c));
	c->now_ms = t0;
	c->random = 0.5;
}

struct aca_arm_clock fake_clock_of(struct fake_clock *c)
{
	struct aca_arm_clock clk = { fake_now, fake_sleep, fake_random, c };

	return clk;
}

void fake_options(struct aca_arm_client_options *o, const struct aca_arm_transport *tr,
                  const struct aca_arm_clock *clk)
{
	memset(o, 0, sizeof(*o));
	o->subscription_id = "sub";
	o->resource_group = "rg";
	o->arm_endpoint = "https://arm.test";
	o->credential.kind = ACA_AZURE_CRED_CLIENT_SECRET;
	o->credential.authority_host = "https://login.test";
	o->credential.tenant_id = "tenant";
	o->credential.client_id = "client";
	o->credential.client_secret = "client-secret-value";
	aca_arm_retry_policy_default(&o->retry);
	o->lro_poll_ms = 2000;
	o->lro_timeout_ms = 600000;
	o->transport = tr;
	o->clock = clk;
	o->log_level = SL_LOG_DEBUG;
}
