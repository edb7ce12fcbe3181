/* Random bytes straight from getrandom(2): ids must not collide across
 * restarts or processes, so no userspace PRNG state is kept. */
#include "config.h"

#include <errno.h>
#include <sys/random.h>

#include "gateway/random.h"

int gw_random_bytes(void *buf, size_t n)
{
	unsigned char *p = buf;

	while (n > 0) {
		ssize_t got = getrandom(p, n, 0);

		if (got < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += got;
		n -= (size_t)got;
	}
	return 0;
}

int gw_random_id(char out[65])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char raw[32];

	if (gw_random_bytes(raw, sizeof(raw)) != 0)
		return -1;
	for (size_t i = 0; i < sizeof(raw); i++) {
		out[2 * i] = hex[raw[i] >> 4];
		out[2 * i + 1] = hex[raw[i] & 0xf];
	}
	out[64] = '\0';
	return 0;
}
