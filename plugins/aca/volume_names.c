/* Azure names for Docker volumes, with PCRE2 doing the rewriting and the
 * final validation against Azure's documented rules. */
#include "config.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <ctype.h>
#include <openssl/evp.h>
#include <pcre2.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "plugins/aca/volume_names.h"

#define HASH_HEX 10
#define SHARE_READABLE_MAX (ACA_SHARE_NAME_MAX - 1 - 3 - 1 - HASH_HEX)   /* 48 */
#define STORAGE_READABLE_MAX (ACA_STORAGE_NAME_MAX - 1 - 3 - 1 - HASH_HEX) /* 17 */

/* Compiled once per process; the code is read-only afterwards, so threads
 * share it (each match gets its own match data). */
static pthread_once_t compile_once = PTHREAD_ONCE_INIT;
static pcre2_code *not_allowed;   /* runs of characters Azure does not allow */
static pcre2_code *share_rule;    /* Azure's share name rule */
static pcre2_code *storage_rule;  /* our storage name rule */

static pcre2_code *compile(const char *pattern)
{
	int err;
	PCRE2_SIZE off;

	return pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, 0, &err, &off, NULL);
}

static void compile_patterns(void)
{
	not_allowed = compile("[^a-z0-9]+");
	share_rule = compile("^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,62}$");
	storage_rule = compile("^[a-z](?:[a-z0-9]|-(?=[a-z0-9])){2,31}$");
}

static int matches(pcre2_code *code, const char *s)
{
	pcre2_match_data *md;
	int rc;

	if (code == NULL)
		return 0;
	md = pcre2_match_data_create_from_pattern(code, NULL);
	if (md == NULL)
		return 0;
	rc = pcre2_match(code, (PCRE2_SPTR)s, strlen(s), 0, 0, md, NULL);
	pcre2_match_data_free(md);
	return rc >= 0;
}

int aca_share_name_valid(const char *name)
{
	pthread_once(&compile_once, compile_patterns);
	return matches(share_rule, name);
}

int aca_storage_name_valid(const char *name)
{
	pthread_once(&compile_once, compile_patterns);
	return matches(storage_rule, name);
}

/* Lower-case, collapse disallowed runs to '-', trim '-' at both ends. */
static int readable_part(const char *volume, char *out, size_t outlen)
{
	char lower[512];
	PCRE2_SIZE len = outlen;
	size_t n = strlen(volume), start = 0, end;
	int rc;

	if (n >= sizeof(lower))
		n = sizeof(lower) - 1;   /* only a prefix can fit anyway */
	for (size_t i = 0; i < n; i++)
		lower[i] = (char)tolower((unsigned char)volume[i]);
	lower[n] = '\0';
	rc = pcre2_substitute(not_allowed, (PCRE2_SPTR)lower, n, 0, PCRE2_SUBSTITUTE_GLOBAL, NULL,
	                      NULL, (PCRE2_SPTR) "-", 1, (PCRE2_UCHAR *)out, &len);
	if (rc < 0)
		return -1;
	end = len;
	while (start < end && out[start] == '-')
		start++;
	while (end > start && out[end - 1] == '-')
		end--;
	memmove(out, out + start, end - start);
	out[end - start] = '\0';
	return 0;
}

/* Copy at most max characters of src into dst (max + 1 bytes), never
 * leaving a trailing '-'. */
static void copy_cut(char *dst, const char *src, size_t max)
{
	size_t n = strlen(src);

	if (n > max)
		n = max;
	while (n > 0 && src[n - 1] == '-')
		n--;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

static int hash_hex(const char *volume, unsigned salt, char out[HASH_HEX + 1])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char digest[EVP_MAX_MD_SIZE];
	unsigned int dlen = 0;
	char saltbuf[16];
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	int ok;

	if (md == NULL)
		return -1;
	ok = EVP_DigestInit_ex(md, EVP_sha256(), NULL) == 1 &&
	     EVP_DigestUpdate(md, volume, strlen(volume)) == 1;
	if (ok && salt != 0) {
		/* A NUL separates name and salt: no name can contain one, so
		 * (name, salt) pairs never hash like another plain name. */
		int n = snprintf(saltbuf + 1, sizeof(saltbuf) - 1, "%u", salt);

		saltbuf[0] = '\0';
		ok = EVP_DigestUpdate(md, saltbuf, (size_t)n + 1) == 1;
	}
	ok = ok && EVP_DigestFinal_ex(md, digest, &dlen) == 1;
	EVP_MD_CTX_free(md);
	if (!ok || dlen * 2 < HASH_HEX)
		return -1;
	for (size_t i = 0; i < HASH_HEX / 2; i++) {
		out[2 * i] = hex[digest[i] >> 4];
		out[2 * i + 1] = hex[digest[i] & 0xf];
	}
	out[HASH_HEX] = '\0';
	return 0;
}

int aca_volume_names_derive(const char *volume, unsigned salt, struct aca_volume_names *out)
{
	char readable[1024];
	char share_part[SHARE_READABLE_MAX + 1];
	char storage_part[STORAGE_READABLE_MAX + 1];
	char hash[HASH_HEX + 1];

	memset(out, 0, sizeof(*out));
	if (volume == NULL || volume[0] == '\0')
		return -1;
	pthread_once(&compile_once, compile_patterns);
	if (not_allowed == NULL || readable_part(volume, readable, sizeof(readable)) != 0 ||
	    hash_hex(volume, salt, hash) != 0)
		return -1;
	copy_cut(share_part, readable, SHARE_READABLE_MAX);
	copy_cut(storage_part, readable, STORAGE_READABLE_MAX);
	if (share_part[0] != '\0')
		snprintf(out->share, sizeof(out->share), "sl-%s-%s", share_part, hash);
	else
		snprintf(out->share, sizeof(out->share), "sl-%s", hash);
	if (storage_part[0] != '\0')
		snprintf(out->storage, sizeof(out->storage), "sl-%s-%s", storage_part, hash);
	else
		snprintf(out->storage, sizeof(out->storage), "sl-%s", hash);
	if (!aca_share_name_valid(out->share) || !aca_storage_name_valid(out->storage))
		return -1;
	return 0;
}
