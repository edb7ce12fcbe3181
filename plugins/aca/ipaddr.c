/* IP address and prefix helpers.  Docker validates network configs with
 * Go's net/netip, which is stricter than inet_pton about IPv4 (no leading
 * zeros, exactly four fields) and about prefix lengths; these functions
 * accept exactly what Docker accepts so that the same input fails the same
 * way. */
#include "config.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "plugins/aca/ipaddr.h"

static int parse_ip4(const char *s, size_t n, unsigned char out[4])
{
	size_t i = 0;

	for (int field = 0; field < 4; field++) {
		unsigned v = 0;
		size_t start = i;

		if (field > 0) {
			if (i >= n || s[i] != '.')
				return -1;
			start = ++i;
		}
		while (i < n && s[i] >= '0' && s[i] <= '9') {
			v = v * 10 + (unsigned)(s[i] - '0');
			if (v > 255)
				return -1;
			i++;
		}
		if (i == start || (i - start > 1 && s[start] == '0'))
			return -1;
		out[field] = (unsigned char)v;
	}
	return i == n ? 0 : -1;
}

static int parse_addr_n(const char *s, size_t n, struct aca_prefix *p)
{
	char buf[INET6_ADDRSTRLEN + 8];

	memset(p, 0, sizeof(*p));
	if (parse_ip4(s, n, p->addr) == 0) {
		p->family = 4;
		p->bits = 32;
		return 0;
	}
	/* IPv6: no zones (Go rejects them in prefixes), inet_pton otherwise. */
	if (n == 0 || n >= sizeof(buf) || memchr(s, ':', n) == NULL || memchr(s, '%', n) != NULL)
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (inet_pton(AF_INET6, buf, p->addr) != 1)
		return -1;
	p->family = 6;
	p->bits = 128;
	return 0;
}

int aca_addr_parse(const char *s, struct aca_prefix *p)
{
	if (s == NULL)
		return -1;
	return parse_addr_n(s, strlen(s), p);
}

int aca_prefix_parse(const char *s, struct aca_prefix *p)
{
	const char *slash;
	const char *b;
	int bits = 0;

	if (s == NULL || (slash = strrchr(s, '/')) == NULL)
		return -1;
	if (parse_addr_n(s, (size_t)(slash - s), p) != 0)
		return -1;
	b = slash + 1;
	if (*b == '\0' || (b[0] == '0' && b[1] != '\0'))
		return -1;
	for (; *b != '\0'; b++) {
		if (!isdigit((unsigned char)*b))
			return -1;
		bits = bits * 10 + (*b - '0');
		if (bits > p->bits)
			return -1;
	}
	p->bits = bits;
	return 0;
}

struct aca_prefix aca_prefix_masked(const struct aca_prefix *p)
{
	struct aca_prefix m = *p;
	int len = p->family == 4 ? 4 : 16;

	for (int i = 0; i < len; i++) {
		int keep = p->bits - i * 8;

		if (keep >= 8)
			continue;
		m.addr[i] = keep <= 0 ? 0 : (unsigned char)(m.addr[i] & (0xffu << (8 - keep)));
	}
	return m;
}

int aca_prefix_equal(const struct aca_prefix *a, const struct aca_prefix *b)
{
	return a->family == b->family && a->bits == b->bits &&
	       memcmp(a->addr, b->addr, a->family == 4 ? 4 : 16) == 0;
}

/* Do the first `bits` bits of x and y agree? */
static int same_leading_bits(const unsigned char *x, const unsigned char *y, int bits)
{
	int full = bits / 8;
	int rest = bits % 8;

	if (memcmp(x, y, (size_t)full) != 0)
		return 0;
	if (rest == 0)
		return 1;
	return ((x[full] ^ y[full]) & (0xffu << (8 - rest))) == 0;
}

int aca_prefix_contains(const struct aca_prefix *p, const struct aca_prefix *a)
{
	return p->family == a->family && same_leading_bits(p->addr, a->addr, p->bits);
}

int aca_prefix_overlaps(const struct aca_prefix *a, const struct aca_prefix *b)
{
	int bits = a->bits < b->bits ? a->bits : b->bits;

	return a->family == b->family && same_leading_bits(a->addr, b->addr, bits);
}

void aca_addr_format(const struct aca_prefix *p, char *buf, size_t len)
{
	if (p->family == 4) {
		snprintf(buf, len, "%u.%u.%u.%u", p->addr[0], p->addr[1], p->addr[2], p->addr[3]);
		return;
	}
	if (inet_ntop(AF_INET6, p->addr, buf, (socklen_t)len) == NULL && len > 0)
		buf[0] = '\0';
}

void aca_prefix_format(const struct aca_prefix *p, char *buf, size_t len)
{
	char addr[ACA_IPADDR_TEXT];

	aca_addr_format(p, addr, sizeof(addr));
	snprintf(buf, len, "%s/%d", addr, p->bits);
}

uint32_t aca_ip4_value(const struct aca_prefix *p)
{
	return (uint32_t)p->addr[0] << 24 | (uint32_t)p->addr[1] << 16 |
	       (uint32_t)p->addr[2] << 8 | (uint32_t)p->addr[3];
}

void aca_ip4_format(uint32_t v, char *buf, size_t len)
{
	snprintf(buf, len, "%u.%u.%u.%u", (unsigned)(v >> 24), (unsigned)(v >> 16) & 0xffu,
	         (unsigned)(v >> 8) & 0xffu, (unsigned)v & 0xffu);
}

void aca_ip4_bounds(const struct aca_prefix *p, uint32_t *first, uint32_t *last)
{
	uint32_t mask = p->bits == 0 ? 0 : 0xffffffffu << (32 - p->bits);
	uint32_t v = aca_ip4_value(p);

	*first = v & mask;
	*last = *first | ~mask;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

int aca_mac_parse(const char *s)
{
	size_t n = s != NULL ? strlen(s) : 0;

	if (n < 14)
		return -1;
	if (s[2] == ':' || s[2] == '-') {
		/* xx:xx:...: groups of two, 6, 8 or 20 of them. */
		size_t groups = (n + 1) / 3;

		if ((n + 1) % 3 != 0 || (groups != 6 && groups != 8 && groups != 20))
			return -1;
		for (size_t i = 0; i < groups; i++) {
			const char *g = s + 3 * i;

			if (hexval(g[0]) < 0 || hexval(g[1]) < 0)
				return -1;
			if (i + 1 < groups && g[2] != s[2])
				return -1;
		}
		return 0;
	}
	if (s[4] == '.') {
		/* xxxx.xxxx.xxxx: groups of four, 3, 4 or 10 of them. */
		size_t groups = (n + 1) / 5;

		if ((n + 1) % 5 != 0 || (groups != 3 && groups != 4 && groups != 10))
			return -1;
		for (size_t i = 0; i < groups; i++) {
			const char *g = s + 5 * i;

			for (int k = 0; k < 4; k++) {
				if (hexval(g[k]) < 0)
					return -1;
			}
			if (i + 1 < groups && g[4] != '.')
				return -1;
		}
		return 0;
	}
	return -1;
}

void aca_mac_from_ip4(uint32_t v, char *buf, size_t len)
{
	snprintf(buf, len, "02:42:%02x:%02x:%02x:%02x", (unsigned)(v >> 24),
	         (unsigned)(v >> 16) & 0xffu, (unsigned)(v >> 8) & 0xffu, (unsigned)v & 0xffu);
}
