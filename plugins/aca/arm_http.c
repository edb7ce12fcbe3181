/* Helpers for struct aca_arm_http_response, shared by every transport. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "plugins/aca/arm_http.h"

static void *must(void *p)
{
	if (p == NULL) {
		fputs("aca: out of memory\n", stderr);
		abort();
	}
	return p;
}

static char *dup_n(const char *s, size_t n)
{
	char *p = must(malloc(n + 1));

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

const char *aca_arm_http_header_get(const struct aca_arm_http_response *resp, const char *name)
{
	for (size_t i = 0; i < resp->n_headers; i++) {
		if (strcasecmp(resp->headers[i].name, name) == 0)
			return resp->headers[i].value;
	}
	return NULL;
}

void aca_arm_http_response_add_header(struct aca_arm_http_response *resp, const char *name, size_t name_len,
                                  const char *value, size_t value_len)
{
	struct aca_arm_http_header *h;

	resp->headers = must(realloc(resp->headers, (resp->n_headers + 1) * sizeof(*resp->headers)));
	h = &resp->headers[resp->n_headers++];
	h->name = dup_n(name, name_len);
	h->value = dup_n(value, value_len);
}

void aca_arm_http_response_set_body(struct aca_arm_http_response *resp, const char *body, size_t len)
{
	free(resp->body);
	resp->body = dup_n(body != NULL ? body : "", body != NULL ? len : 0);
	resp->body_len = body != NULL ? len : 0;
}

void aca_arm_http_response_clear(struct aca_arm_http_response *resp)
{
	for (size_t i = 0; i < resp->n_headers; i++) {
		free((char *)resp->headers[i].name);
		free((char *)resp->headers[i].value);
	}
	free(resp->headers);
	if (resp->body != NULL) {
		/* Token and listKeys answers carry secrets. */
		explicit_bzero(resp->body, resp->body_len);
		free(resp->body);
	}
	memset(resp, 0, sizeof(*resp));
}
