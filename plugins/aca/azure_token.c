/* Token cache with single-flight refresh. */
#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plugins/aca/arm_exchange.h"
#include "plugins/aca/azure_token.h"

struct aca_azure_token {
	struct aca_azure_credential *cred;
	const struct aca_arm_runtime *rt;
	int64_t margin_ms;
	pthread_mutex_t lock;           /* guards token, expires_ms, refresh_at_ms, fetches */
	pthread_mutex_t refresh;        /* held by the one thread that fetches */
	char *token;
	int64_t expires_ms;
	int64_t refresh_at_ms;
	unsigned fetches;
};

static char *must_strdup(const char *s)
{
	char *p = strdup(s);

	if (p == NULL) {
		fputs("aca: out of memory\n", stderr);
		abort();
	}
	return p;
}

static void wipe_free(char *s)
{
	if (s != NULL) {
		explicit_bzero(s, strlen(s));
		free(s);
	}
}

struct aca_azure_token *aca_azure_token_new(struct aca_azure_credential *cred, const struct aca_arm_runtime *rt,
                                    int64_t margin_ms)
{
	struct aca_azure_token *t = calloc(1, sizeof(*t));

	if (t == NULL) {
		fputs("aca: out of memory\n", stderr);
		abort();
	}
	t->cred = cred;
	t->rt = rt;
	t->margin_ms = margin_ms;
	pthread_mutex_init(&t->lock, NULL);
	pthread_mutex_init(&t->refresh, NULL);
	return t;
}

void aca_azure_token_free(struct aca_azure_token *t)
{
	if (t == NULL)
		return;
	wipe_free(t->token);
	aca_azure_credential_free(t->cred);
	pthread_mutex_destroy(&t->lock);
	pthread_mutex_destroy(&t->refresh);
	free(t);
}

/* Copy of the cached token if it is still fresh, else NULL.  Caller holds lock. */
static char *fresh_copy(struct aca_azure_token *t)
{
	int64_t now = t->rt->clock->now_ms(t->rt->clock->arg);

	if (t->token == NULL || now >= t->refresh_at_ms)
		return NULL;
	return must_strdup(t->token);
}

struct fetch_ctx {
	struct aca_azure_token *t;
};

static int prepare_token_request(void *arg, struct aca_arm_arena *scratch, struct aca_arm_http_request *req,
                                 struct aca_arm_error *err)
{
	struct fetch_ctx *f = arg;
	const char *secrets[2];
	char why[512];

	if (aca_azure_credential_request(f->t->cred, scratch, req, secrets, why, sizeof(why)) != 0) {
		aca_arm_error_set(err, f->t->rt->redactor, SL_ERR_UNAVAILABLE, "token: %s", why);
		return err->status;
	}
	for (int i = 0; i < 2; i++)
		aca_arm_redactor_add(f->t->rt->redactor, secrets[i]);
	return SL_OK;
}

/* Fetch a token over the network; on success store it.  Caller holds refresh. */
static int fetch(struct aca_azure_token *t, struct aca_arm_error *err)
{
	const struct aca_arm_runtime *rt = t->rt;
	struct fetch_ctx f = { t };
	struct aca_arm_exchange x = { rt, "token", 1, prepare_token_request, NULL, &f };
	struct aca_arm_exchange_outcome outcome;
	struct aca_arm_http_response resp;
	struct aca_arm_arena *arena;
	const char *token;
	int64_t expires_ms, now, lifetime, margin;
	char why[256];
	int rc;

	rc = aca_arm_exchange_run(&x, &resp, &outcome, err);
	if (rc != SL_OK)
		return rc;
	if (resp.status < 200 || resp.status > 299) {
		char suffix[64] = "";

		if (outcome.exhausted)
			snprintf(suffix, sizeof(suffix), " (gave up after %d attempts)", outcome.attempts);
		aca_arm_error_from_response(err, rt->redactor, "token", resp.status, resp.body, resp.body_len,
		                        NULL, suffix);
		/* AAD's 400/401 mean wrong credentials, whatever the code. */
		if (resp.status == 400 || resp.status == 401)
			err->status = SL_ERR_FORBIDDEN;
		aca_arm_log(&rt->log, SL_LOG_WARNING, "arm: cannot get a token (%s): %s",
		        aca_azure_credential_describe(t->cred), err->message);
		aca_arm_http_response_clear(&resp);
		return err->status;
	}
	arena = aca_arm_arena_new();
	now = rt->clock->now_ms(rt->clock->arg);
	if (aca_azure_credential_parse(t->cred, arena, resp.body, resp.body_len, now, &token, &expires_ms,
	                           why, sizeof(why)) != 0) {
		aca_arm_http_response_clear(&resp);
		aca_arm_arena_free_wiped(arena);
		aca_arm_error_set(err, rt->redactor, SL_ERR_UNAVAILABLE, "token: %s", why);
		return err->status;
	}
	aca_arm_http_response_clear(&resp);
	aca_arm_redactor_add(rt->redactor, token);
	lifetime = expires_ms - now;
	margin = t->margin_ms;
	if (margin > lifetime / 2)
		margin = lifetime / 2;
	pthread_mutex_lock(&t->lock);
	wipe_free(t->token);
	t->token = must_strdup(token);
	t->expires_ms = expires_ms;
	t->refresh_at_ms = expires_ms - margin;
	t->fetches++;
	pthread_mutex_unlock(&t->lock);
	aca_arm_log(&rt->log, SL_LOG_DEBUG, "arm: new token (%s), valid for %lld s",
	        aca_azure_credential_describe(t->cred), (long long)(lifetime / 1000));
	aca_arm_arena_free_wiped(arena);
	return SL_OK;
}

int aca_azure_token_get(struct aca_azure_token *t, char **token, struct aca_arm_error *err)
{
	char *copy;
	int rc;

	pthread_mutex_lock(&t->lock);
	copy = fresh_copy(t);
	pthread_mutex_unlock(&t->lock);
	if (copy != NULL) {
		*token = copy;
		return SL_OK;
	}
	/* One thread fetches; the others wait here and then find the fresh token. */
	pthread_mutex_lock(&t->refresh);
	pthread_mutex_lock(&t->lock);
	copy = fresh_copy(t);
	pthread_mutex_unlock(&t->lock);
	if (copy == NULL) {
		rc = fetch(t, err);
		if (rc == SL_OK) {
			pthread_mutex_lock(&t->lock);
			copy = must_strdup(t->token);
			pthread_mutex_unlock(&t->lock);
		}
	} else {
		rc = SL_OK;
	}
	pthread_mutex_unlock(&t->refresh);
	*token = copy;
	return rc;
}

void aca_azure_token_invalidate(struct aca_azure_token *t, const char *token)
{
	pthread_mutex_lock(&t->lock);
	if (t->token != NULL && token != NULL && strcmp(t->token, token) == 0)
		t->refresh_at_ms = 0;
	pthread_mutex_unlock(&t->lock);
}

unsigned aca_azure_token_fetches(struct aca_azure_token *t)
{
	unsigned n;

	pthread_mutex_lock(&t->lock);
	n = t->fetches;
	pthread_mutex_unlock(&t->lock);
	return n;
}
