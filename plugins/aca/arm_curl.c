/* libcurl transport.  Each request gets its own easy handle; the handles
 * share one connection cache, DNS cache and TLS session cache through a
 * curl share handle, which is what makes keep-alive work across threads. */
#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "plugins/aca/arm_curl.h"

struct aca_arm_curl {
	CURLSH *share;
	pthread_mutex_t locks[CURL_LOCK_DATA_LAST];
	char *ca_file;
	char *user_agent;
	long connect_timeout_ms;
	long request_timeout_ms;
};

struct body_buf {
	char *data;
	size_t len;
	size_t cap;
};

static void *must(void *p)
{
	if (p == NULL) {
		fputs("aca: out of memory\n", stderr);
		abort();
	}
	return p;
}

static void share_lock(CURL *handle, curl_lock_data data, curl_lock_access access, void *userptr)
{
	struct aca_arm_curl *c = userptr;

	(void)handle;
	(void)access;
	if ((int)data >= 0 && data < CURL_LOCK_DATA_LAST)
		pthread_mutex_lock(&c->locks[data]);
}

static void share_unlock(CURL *handle, curl_lock_data data, void *userptr)
{
	struct aca_arm_curl *c = userptr;

	(void)handle;
	if ((int)data >= 0 && data < CURL_LOCK_DATA_LAST)
		pthread_mutex_unlock(&c->locks[data]);
}

int aca_arm_curl_new(const struct aca_arm_curl_options *opts, struct aca_arm_curl **out, char *err, size_t errlen)
{
	struct aca_arm_curl *c = must(calloc(1, sizeof(*c)));

	for (int i = 0; i < CURL_LOCK_DATA_LAST; i++)
		pthread_mutex_init(&c->locks[i], NULL);
	c->share = curl_share_init();
	if (c->share == NULL) {
		snprintf(err, errlen, "cannot create a curl share handle");
		aca_arm_curl_free(c);
		return -1;
	}
	if (curl_share_setopt(c->share, CURLSHOPT_LOCKFUNC, share_lock) != CURLSHE_OK ||
	    curl_share_setopt(c->share, CURLSHOPT_UNLOCKFUNC, share_unlock) != CURLSHE_OK ||
	    curl_share_setopt(c->share, CURLSHOPT_USERDATA, c) != CURLSHE_OK ||
	    curl_share_setopt(c->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_CONNECT) != CURLSHE_OK ||
	    curl_share_setopt(c->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS) != CURLSHE_OK ||
	    curl_share_setopt(c->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION) != CURLSHE_OK) {
		snprintf(err, errlen, "libcurl cannot share connections between threads");
		aca_arm_curl_free(c);
		return -1;
	}
	c->ca_file = opts->ca_file != NULL ? must(strdup(opts->ca_file)) : NULL;
	c->user_agent = must(strdup(opts->user_agent != NULL ? opts->user_agent : "sockerless-aca"));
	c->connect_timeout_ms = opts->connect_timeout_ms > 0 ? opts->connect_timeout_ms : 10000;
	c->request_timeout_ms = opts->request_timeout_ms > 0 ? opts->request_timeout_ms : 60000;
	*out = c;
	return 0;
}

void aca_arm_curl_free(struct aca_arm_curl *c)
{
	if (c == NULL)
		return;
	if (c->share != NULL)
		curl_share_cleanup(c->share);
	for (int i = 0; i < CURL_LOCK_DATA_LAST; i++)
		pthread_mutex_destroy(&c->locks[i]);
	free(c->ca_file);
	free(c->user_agent);
	free(c);
}

static size_t on_body(char *ptr, size_t size, size_t nmemb, void *userdata)
{
	struct body_buf *b = userdata;
	size_t n = size * nmemb;

	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap != 0 ? b->cap : 1024;

		while (cap < b->len + n + 1)
			cap *= 2;
		b->data = must(realloc(b->data, cap));
		b->cap = cap;
	}
	memcpy(b->data + b->len, ptr, n);
	b->len += n;
	b->data[b->len] = '\0';
	return n;
}

static void drop_headers(struct aca_arm_http_response *resp)
{
	char *body = resp->body;
	size_t len = resp->body_len;

	resp->body = NULL;
	resp->body_len = 0;
	aca_arm_http_response_clear(resp);
	resp->body = body;
	resp->body_len = len;
}

static size_t on_header(char *ptr, size_t size, size_t nitems, void *userdata)
{
	struct aca_arm_http_response *resp = userdata;
	size_t n = size * nitems;
	size_t end = n;
	char *colon;

	/* A new status line (after a 100 Continue) starts a new header set. */
	if (n >= 5 && memcmp(ptr, "HTTP/", 5) == 0) {
		drop_headers(resp);
		return n;
	}
	while (end > 0 && (ptr[end - 1] == '\r' || ptr[end - 1] == '\n'))
		end--;
	colon = memchr(ptr, ':', end);
	if (colon != NULL) {
		size_t name_len = (size_t)(colon - ptr);
		const char *value = colon + 1;
		size_t value_len = end - name_len - 1;

		while (value_len > 0 && (*value == ' ' || *value == '\t')) {
			value++;
			value_len--;
		}
		while (value_len > 0 && (value[value_len - 1] == ' ' || value[value_len - 1] == '\t'))
			value_len--;
		aca_arm_http_response_add_header(resp, ptr, name_len, value, value_len);
	}
	return n;
}

static enum aca_arm_tx_result classify(CURLcode rc)
{
	switch (rc) {
	case CURLE_OK:
		return ACA_ARM_TX_OK;
	case CURLE_COULDNT_RESOLVE_PROXY:
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_CONNECT:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_UNSUPPORTED_PROTOCOL:
	case CURLE_URL_MALFORMAT:
		/* No request bytes left this machine. */
		return ACA_ARM_TX_NOT_SENT;
	default:
		return ACA_ARM_TX_FAILED;
	}
}

static void wipe_slist(struct curl_slist *list)
{
	/* Header lines carry the bearer token. */
	for (struct curl_slist *l = list; l != NULL; l = l->next)
		explicit_bzero(l->data, strlen(l->data));
	curl_slist_free_all(list);
}

static enum aca_arm_tx_result curl_send(void *arg, const struct aca_arm_http_request *req,
                                    struct aca_arm_http_response *resp, char *errbuf, size_t errlen)
{
	struct aca_arm_curl *c = arg;
	CURL *h = curl_easy_init();
	struct curl_slist *headers = NULL;
	struct body_buf body = { NULL, 0, 0 };
	char curl_err[CURL_ERROR_SIZE] = "";
	enum aca_arm_tx_result result;
	CURLcode rc;
	int failed = 0;

	memset(resp, 0, sizeof(*resp));
	if (h == NULL) {
		snprintf(errbuf, errlen, "cannot create a curl handle");
		return ACA_ARM_TX_NOT_SENT;
	}
	for (size_t i = 0; i < req->n_headers; i++) {
		size_t n = strlen(req->headers[i].name) + strlen(req->headers[i].value) + 3;
		char *line = must(malloc(n));
		struct curl_slist *next;

		snprintf(line, n, "%s: %s", req->headers[i].name, req->headers[i].value);
		next = curl_slist_append(headers, line);
		explicit_bzero(line, n);
		free(line);
		if (next == NULL) {
			failed = 1;
			break;
		}
		headers = next;
	}
	if (!failed) {
		struct curl_slist *next = curl_slist_append(headers, "Expect:");

		if (next == NULL)
			failed = 1;
		else
			headers = next;
	}
	if (failed) {
		wipe_slist(headers);
		curl_easy_cleanup(h);
		snprintf(errbuf, errlen, "out of memory building headers");
		return ACA_ARM_TX_NOT_SENT;
	}

	curl_easy_setopt(h, CURLOPT_SHARE, c->share);
	curl_easy_setopt(h, CURLOPT_URL, req->url);
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
#else
	curl_easy_setopt(h, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
	if (c->ca_file != NULL)
		curl_easy_setopt(h, CURLOPT_CAINFO, c->ca_file);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, c->connect_timeout_ms);
	curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, c->request_timeout_ms);
	curl_easy_setopt(h, CURLOPT_TCP_KEEPALIVE, 1L);
	curl_easy_setopt(h, CURLOPT_USERAGENT, c->user_agent);
	/* Loopback (azemu, IDENTITY_ENDPOINT) and IMDS must never go through a proxy. */
	curl_easy_setopt(h, CURLOPT_NOPROXY, "localhost,127.0.0.1,::1,169.254.169.254");
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, curl_err);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, &body);
	curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(h, CURLOPT_HEADERDATA, resp);
	if (req->body != NULL) {
		curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)req->body_len);
		curl_easy_setopt(h, CURLOPT_POSTFIELDS, req->body);
	}
	if (strcmp(req->method, "GET") == 0)
		curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
	else if (strcmp(req->method, "POST") == 0 && req->body == NULL) {
		/* An empty POST (listKeys, start) still needs Content-Length: 0. */
		curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)0);
		curl_easy_setopt(h, CURLOPT_POSTFIELDS, "");
	} else if (strcmp(req->method, "POST") != 0)
		curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, req->method);

	rc = curl_easy_perform(h);
	result = classify(rc);
	if (result == ACA_ARM_TX_OK) {
		curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &resp->status);
		resp->body = body.data != NULL ? body.data : must(calloc(1, 1));
		resp->body_len = body.len;
	} else {
		snprintf(errbuf, errlen, "%s%s%s", curl_easy_strerror(rc), curl_err[0] != '\0' ? ": " : "",
		         curl_err);
		if (body.data != NULL) {
			explicit_bzero(body.data, body.len);
			free(body.data);
		}
		aca_arm_http_response_clear(resp);
	}
	wipe_slist(headers);
	curl_easy_cleanup(h);
	return result;
}

struct aca_arm_transport aca_arm_curl_transport(struct aca_arm_curl *c)
{
	struct aca_arm_transport t = { curl_send, c };

	return t;
}
