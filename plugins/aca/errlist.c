/* Docker's multierror.Join, for messages built in the arena. */
#include "config.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plugins/aca/errlist.h"

void aca_errlist_init(struct aca_errlist *l, const struct sl_host *host, struct sl_call *call)
{
	memset(l, 0, sizeof(*l));
	l->host = host;
	l->call = call;
}

void aca_errlist_add(struct aca_errlist *l, const char *fmt, ...)
{
	char *msg;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	msg = l->host->alloc(l->call, (size_t)(n < 0 ? 0 : n) + 1);
	va_start(ap, fmt);
	vsnprintf(msg, (size_t)(n < 0 ? 0 : n) + 1, fmt, ap);
	va_end(ap);
	if (l->count == l->cap) {
		size_t cap = l->cap == 0 ? 4 : l->cap * 2;
		const char **grown = l->host->alloc(l->call, cap * sizeof(*grown));

		if (l->count > 0)
			memcpy(grown, l->items, l->count * sizeof(*grown));
		l->items = grown;
		l->cap = cap;
	}
	l->items[l->count++] = msg;
}

static const char *trim(const struct aca_errlist *l, const char *s)
{
	size_t n;
	char *out;

	while (isspace((unsigned char)*s))
		s++;
	n = strlen(s);
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	out = l->host->alloc(l->call, n + 1);
	memcpy(out, s, n);
	out[n] = '\0';
	return out;
}

const char *aca_errlist_join(const struct aca_errlist *l)
{
	size_t len = 0;
	char *out;
	char *p;

	if (l->count == 0)
		return NULL;
	if (l->count == 1)
		return trim(l, l->items[0]);
	for (size_t i = 0; i < l->count; i++) {
		len += 3; /* "* " or "\n* " */
		for (const char *s = l->items[i]; *s != '\0'; s++)
			len += *s == '\n' ? 2 : 1;
	}
	out = l->host->alloc(l->call, len + 1);
	p = out;
	for (size_t i = 0; i < l->count; i++) {
		if (i > 0)
			*p++ = '\n';
		*p++ = '*';
		*p++ = ' ';
		for (const char *s = l->items[i]; *s != '\0'; s++) {
			*p++ = *s;
			if (*s == '\n')
				*p++ = '\t';
		}
	}
	*p = '\0';
	return out;
}
