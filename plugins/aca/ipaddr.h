/* IP addresses and prefixes, parsed the way Docker (Go's net/netip) does. */
#ifndef ACA_IPADDR_H
#define ACA_IPADDR_H

#include <stddef.h>
#include <stdint.h>

/** Longest text aca_prefix_format or aca_addr_format writes, with the NUL. */
#define ACA_IPADDR_TEXT 64

/** An address or prefix of either family; IPv4 uses the first 4 bytes. */
struct aca_prefix {
	int family;                     /* 4 or 6 */
	unsigned char addr[16];         /* network byte order */
	int bits;                       /* prefix length; 32 or 128 for an address */
};

/**
 * Parse an address: a dotted quad without leading zeros, or IPv6 text.
 * Returns 0 and fills p (bits = full length) or -1.
 */
int aca_addr_parse(const char *s, struct aca_prefix *p);

/** Parse "addr/bits" with Go's rules (decimal bits, no leading zeros).  0 or -1. */
int aca_prefix_parse(const char *s, struct aca_prefix *p);

/** p with the host bits cleared. */
struct aca_prefix aca_prefix_masked(const struct aca_prefix *p);

/** Same family, bits and address? */
int aca_prefix_equal(const struct aca_prefix *a, const struct aca_prefix *b);

/** Does p contain the address a (same family)? */
int aca_prefix_contains(const struct aca_prefix *p, const struct aca_prefix *a);

/** Do two prefixes of the same family share any address? */
int aca_prefix_overlaps(const struct aca_prefix *a, const struct aca_prefix *b);

/** Canonical "addr/bits" text into buf (at least ACA_IPADDR_TEXT bytes). */
void aca_prefix_format(const struct aca_prefix *p, char *buf, size_t len);

/** Canonical address text (without the prefix length). */
void aca_addr_format(const struct aca_prefix *p, char *buf, size_t len);

/** The IPv4 address of p as a number (a.b.c.d = a << 24 | ...). */
uint32_t aca_ip4_value(const struct aca_prefix *p);

/** Dotted-quad text of an IPv4 number into buf (16 bytes are enough). */
void aca_ip4_format(uint32_t v, char *buf, size_t len);

/** First and last IPv4 numbers of an IPv4 prefix. */
void aca_ip4_bounds(const struct aca_prefix *p, uint32_t *first, uint32_t *last);

/**
 * Parse a MAC address the way Go's net.ParseMAC does (6, 8 or 20 bytes,
 * separated by ':' or '-' pairs, or '.' groups of four hex digits).
 * Returns 0 on success.
 */
int aca_mac_parse(const char *s);

/** Docker's MAC for an IPv4 address: 02:42 followed by the four bytes. */
void aca_mac_from_ip4(uint32_t v, char *buf, size_t len);

#endif
