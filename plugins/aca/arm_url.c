/* Endpoint policy and escaping. */
#include "config.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "plugins/aca/arm_url.h"

struct url_parts {
	char *scheme;
	char *host;
	char *port;
};

static void parts_free(struct url_parts *p)
{
	curl_free(p->scheme);
	curl_free(p->host);
	curl_free(p->port);
	memset(p, 0, sizeof(*p));
}

static int parse(const char *url, struct url_parts *p)
{
	CURLU *u = curl_url();
	int rc = -1;

	memset(p, 0, sizeof(*p));
	if (u == NULL)
		return -1;
	if (curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_SCHEME, &p->scheme, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_HOST, &p->host, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_PORT, &p->port, CURLU_DEFAULT_PORT) == CURLUE_OK)
		rc = 0;
	curl_url_cleanup(u);
	if (rc != 0)
		parts_free(p);
	return rc;
}

static int is_loopback(const char *host)
{
	struct in_addr v4;
	struct in6_addr v6;
	char buf[64];
	size_t n = strlen(host);

	if (strcasecmp(host, "localhost") == 0)
		return 1;
	if (inet_pton(AF_INET, host, &v4) == 1)
		return (ntohl(v4.s_addr) >> 24) == 127;
	/* curl reports IPv6 hosts in brackets. */
	if (n >= 2 && host[0] == '[' && host[n - 1] == ']' && n - 2 < sizeof(buf)) {
		memcpy(buf, host + 1, n - 2);
		buf[n - 2] = '\0';
		if (inet_pton(AF_INET6, buf, &v6) == 1)
			return IN6_IS_ADDR_LOOPBACK(&v6);
	}
	return 0;
}

int aca_arm_url_check_endpoint(const char *url, int allow_imds, char *err, size_t errlen)
{
	struct url_parts p;
	int rc = 0;

	if (url == NULL || *url == '\0') {
		snprintf(err, errlen, "empty URL");
		return -1;
	}
	if (parse(url, &p) != 0) {
		snprintf(err, errlen, "\"%s\" is not a valid URL", url);
		return -1;
	}
	if (strcasecmp(p.scheme, "https") == 0) {
		rc = 0;
	} else if (strcasecmp(p.scheme, "http") == 0) {
		if (!is_loopback(p.host) && !(allow_imds && strcmp(p.host, "169.254.169.254") == 0)) {
			snprintf(err, errlen,
			         "\"%s\": plain http is only accepted for loopback hosts; use https", url);
			rc = -1;
		}
	} else {
		snprintf(err, errlen, "\"%s\": scheme must be https", url);
		rc = -1;
	}
	parts_free(&p);
	return rc;
}

int aca_arm_url_same_origin(const char *a, const char *b)
{
	struct url_parts pa, pb;
	int same;

	if (parse(a, &pa) != 0)
		return 0;
	if (parse(b, &pb) != 0) {
		parts_free(&pa);
		return 0;
	}
	same = strcasecmp(pa.scheme, pb.scheme) == 0 && strcasecmp(pa.host, pb.host) == 0 &&
	       strcmp(pa.port, pb.port) == 0;
	parts_free(&pa);
	parts_free(&pb);
	return same;
}

char *aca_arm_url_host(struct aca_arm_arena *arena, const char *url)
{
	struct url_parts p;
	char *host;

	if (parse(url, &p) != 0)
		return aca_arm_arena_strdup(arena, "?");
	host = aca_arm_arena_strdup(arena, p.host);
	parts_free(&p);
	return host;
}

char *aca_arm_url_escape(struct aca_arm_arena *arena, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = strlen(s);
	char *out = aca_arm_arena_alloc(arena, n * 3 + 1);
	char *o = out;

	for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    *p == '-' || *p == '.' || *p == '_' || *p == '~' || *p == '@') {
			*o++ = (char)*p;
		} else {
			*o++ = '%';
			*o++ = hex[*p >> 4];
			*o++ = hex[*p & 15];
		}
	}
	*o = '\0';
	return out;
}

char *aca_arm_url_trim(struct aca_arm_arena *arena, const char *url)
{
	size_t n = strlen(url);

	while (n > 0 && url[n - 1] == '/')
		n--;
	return aca_arm_arena_strndup(arena, url, n);
}
