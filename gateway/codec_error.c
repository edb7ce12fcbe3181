/* Decoder failures and Go-style quoting for Docker's messages. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "gateway/codec_error.h"

int gw_codec_fail(struct gw_arena *arena, struct gw_codec_error *err, unsigned status,
                  const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	err->message = gw_arena_vsprintf(arena, fmt, ap);
	va_end(ap);
	err->status = status;
	return -1;
}

/* Length of the valid UTF-8 sequence at s (1-4), or 0 when it is not one. */
static size_t utf8_len(const unsigned char *s)
{
	size_t n;
	unsigned cp;

	if (s[0] < 0x80)
		return 1;
	if ((s[0] & 0xe0) == 0xc0) {
		n = 2;
		cp = s[0] & 0x1fu;
	} else if ((s[0] & 0xf0) == 0xe0) {
		n = 3;
		cp = s[0] & 0x0fu;
	} else if ((s[0] & 0xf8) == 0xf0) {
		n = 4;
		cp = s[0] & 0x07u;
	} else {
		return 0;
	}
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3fu);
	}
	/* Overlong forms, surrogates and values past U+10FFFF are invalid. */
	if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

const char *gw_go_quote(struct gw_arena *arena, const char *s)
{
	size_t len = strlen(s);
	/* Worst case: every byte becomes \xNN. */
	char *out = gw_arena_alloc(arena, len * 4 + 3);
	char *o = out;
	const unsigned char *p = (const unsigned char *)s;

	*o++ = '"';
	while (*p != '\0') {
		size_t n;

		switch (*p) {
		case '"': *o++ = '\\'; *o++ = '"'; p++; continue;
		case '\\': *o++ = '\\'; *o++ = '\\'; p++; continue;
		case '\a': *o++ = '\\'; *o++ = 'a'; p++; continue;
		case '\b': *o++ = '\\'; *o++ = 'b'; p++; continue;
		case '\f': *o++ = '\\'; *o++ = 'f'; p++; continue;
		case '\n': *o++ = '\\'; *o++ = 'n'; p++; continue;
		case '\r': *o++ = '\\'; *o++ = 'r'; p++; continue;
		case '\t': *o++ = '\\'; *o++ = 't'; p++; continue;
		case '\v': *o++ = '\\'; *o++ = 'v'; p++; continue;
		default: break;
		}
		if (*p < 0x20 || *p == 0x7f) {
			o += sprintf(o, "\\x%02x", *p);
			p++;
			continue;
		}
		n = utf8_len(p);
		if (n == 0) {
			o += sprintf(o, "\\x%02x", *p);
			p++;
			continue;
		}
		memcpy(o, p, n);
		o += n;
		p += n;
	}
	*o++ = '"';
	*o = '\0';
	return out;
}
