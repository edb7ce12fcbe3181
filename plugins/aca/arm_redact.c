/* Secret registry and redaction. */
#include "config.h"

#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "plugins/aca/arm_redact.h"

#define REDACT_SLOTS 32
#define REDACT_MIN 6

struct aca_arm_redactor {
	pthread_mutex_t lock;
	char *secrets[REDACT_SLOTS];
	size_t next;            /* ring position of the next insertion */
};

/* Field names whose values are credentials wherever they appear (JSON or
 * form encoding). */
static const char *const secret_fields[] = {
	"access_token", "refresh_token", "client_secret", "client_assertion", "accountKey",
	"assertion", "password", "sig",
};

struct aca_arm_redactor *aca_arm_redactor_new(void)
{
	struct aca_arm_redactor *r = calloc(1, sizeof(*r));

	if (r == NULL) {
		fputs("aca: out of memory\n", stderr);
		abort();
	}
	pthread_mutex_init(&r->lock, NULL);
	return r;
}

void aca_arm_redactor_free(struct aca_arm_redactor *r)
{
	if (r == NULL)
		return;
	for (size_t i = 0; i < REDACT_SLOTS; i++) {
		if (r->secrets[i] != NULL) {
			explicit_bzero(r->secrets[i], strlen(r->secrets[i]));
			free(r->secrets[i]);
		}
	}
	pthread_mutex_destroy(&r->lock);
	free(r);
}

void aca_arm_redactor_add(struct aca_arm_redactor *r, const char *secret)
{
	char *copy;

	if (r == NULL || secret == NULL || strlen(secret) < REDACT_MIN)
		return;
	pthread_mutex_lock(&r->lock);
	for (size_t i = 0; i < REDACT_SLOTS; i++) {
		if (r->secrets[i] != NULL && strcmp(r->secrets[i], secret) == 0) {
			pthread_mutex_unlock(&r->lock);
			return;
		}
	}
	copy = strdup(secret);
	if (copy == NULL) {
		fputs("aca: out of memory\n", stderr);
		abort();
	}
	if (r->secrets[r->next] != NULL) {
		explicit_bzero(r->secrets[r->next], strlen(r->secrets[r->next]));
		free(r->secrets[r->next]);
	}
	r->secrets[r->next] = copy;
	r->next = (r->next + 1) % REDACT_SLOTS;
	pthread_mutex_unlock(&r->lock);
}

struct out {
	char *dst;
	size_t cap;
	size_t len;
};

static void put(struct out *o, const char *s, size_t n)
{
	if (o->len + 1 >= o->cap)
		return;
	if (n > o->cap - 1 - o->len)
		n = o->cap - 1 - o->len;
	memcpy(o->dst + o->len, s, n);
	o->len += n;
	o->dst[o->len] = '\0';
}

/* Characters a token, key or assertion is made of. */
static int credential_char(char c)
{
	return isalnum((unsigned char)c) || c == '-' || c == '_' || c == '.' || c == '~' || c == '+' ||
	       c == '/' || c == '=' || c == '%';
}

/* Length of the longest registered secret at s, 0 if none. */
static size_t match_secret(const struct aca_arm_redactor *r, const char *s)
{
	size_t best = 0;

	for (size_t i = 0; i < REDACT_SLOTS; i++) {
		const char *sec = r->secrets[i];
		size_t n;

		if (sec == NULL)
			continue;
		n = strlen(sec);
		if (n > best && strncmp(s, sec, n) == 0)
			best = n;
	}
	return best;
}

/*
 * At s, a credential field followed by its separator ("name": "value",
 * name=value, Bearer value): length of the prefix to keep, and in *vlen
 * the length of the value to drop.  0 when s starts no such pattern.
 */
static size_t match_field(const char *s, size_t *vlen)
{
	const char *p = NULL;

	if (strncasecmp(s, "Bearer ", 7) == 0) {
		p = s + 7;
	} else {
		for (size_t i = 0; i < sizeof(secret_fields) / sizeof(secret_fields[0]); i++) {
			size_t n = strlen(secret_fields[i]);
			const char *q = s + n;

			if (strncasecmp(s, secret_fields[i], n) != 0)
				continue;
			if (*q == '"')
				q++;
			while (*q == ' ')
				q++;
			if (*q != ':' && *q != '=')
				continue;
			q++;
			while (*q == ' ')
				q++;
			if (*q == '"')
				q++;
			p = q;
			break;
		}
	}
	if (p == NULL)
		return 0;
	*vlen = 0;
	while (credential_char(p[*vlen]))
		(*vlen)++;
	if (*vlen == 0)
		return 0;
	return (size_t)(p - s);
}

void aca_arm_redact(const struct aca_arm_redactor *r, const char *src, char *dst, size_t dstlen)
{
	struct out o = { dst, dstlen, 0 };
	struct aca_arm_redactor *rw = (struct aca_arm_redactor *)r;
	const char *s = src;

	if (dstlen == 0)
		return;
	dst[0] = '\0';
	if (src == NULL)
		return;
	if (rw != NULL)
		pthread_mutex_lock(&rw->lock);
	while (*s != '\0') {
		size_t keep, vlen, n;

		if (rw != NULL && (n = match_secret(rw, s)) > 0) {
			put(&o, ACA_ARM_REDACTED, strlen(ACA_ARM_REDACTED));
			s += n;
			continue;
		}
		/* Field patterns only start at a word boundary. */
		if ((s == src || !isalnum((unsigned char)s[-1])) && (keep = match_field(s, &vlen)) > 0) {
			put(&o, s, keep);
			put(&o, ACA_ARM_REDACTED, strlen(ACA_ARM_REDACTED));
			s += keep + vlen;
			continue;
		}
		put(&o, s, 1);
		s++;
	}
	if (rw != NULL)
		pthread_mutex_unlock(&rw->lock);
}
