/* Small helpers: time, random names, strings. */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/evp.h>
#include <openssl/rand.h>

#include "tests/azemu/azemu.h"

int64_t azemu_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

const char *azemu_iso_time(int64_t ms)
{
	static _Thread_local char buf[64];
	time_t s = (time_t)(ms / 1000);
	struct tm tm;

	gmtime_r(&s, &tm);
	snprintf(buf, sizeof(buf), "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
	         tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, (int)(ms % 1000));
	return buf;
}

static void random_bytes(unsigned char *buf, size_t n)
{
	if (RAND_bytes(buf, (int)n) != 1) {
		fputs("azemu: no randomness\n", stderr);
		abort();
	}
}

void azemu_random_name(char *buf, size_t n)
{
	static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
	unsigned char r[64];

	if (n > sizeof(r))
		n = sizeof(r);
	random_bytes(r, n);
	for (size_t i = 0; i < n; i++)
		buf[i] = alphabet[r[i] % (sizeof(alphabet) - 1)];
	buf[n] = '\0';
}

void azemu_uuid(char *buf)
{
	unsigned char b[16];

	random_bytes(b, sizeof(b));
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
	snprintf(buf, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0],
	         b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13],
	         b[14], b[15]);
}

char *azemu_random_base64(size_t n)
{
	unsigned char raw[96];
	char *out;

	if (n > sizeof(raw))
		n = sizeof(raw);
	random_bytes(raw, n);
	out = malloc(4 * ((n + 2) / 3) + 1);
	if (out == NULL)
		abort();
	EVP_EncodeBlock((unsigned char *)out, raw, (int)n);
	return out;
}

char *azemu_strdup(const char *s)
{
	char *p;

	if (s == NULL)
		return NULL;
	p = strdup(s);
	if (p == NULL) {
		fputs("azemu: out of memory\n", stderr);
		abort();
	}
	return p;
}

void azemu_lower(char *buf, size_t cap, const char *s)
{
	size_t i = 0;

	for (; s[i] != '\0' && i + 1 < cap; i++)
		buf[i] = (char)tolower((unsigned char)s[i]);
	buf[i] = '\0';
}
