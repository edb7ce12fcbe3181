/* The real clock behind struct aca_arm_clock. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <time.h>

#include <openssl/rand.h>

#include "plugins/aca/arm_clock.h"

static int64_t real_now_ms(void *arg)
{
	struct timespec ts;

	(void)arg;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void real_sleep_ms(void *arg, int64_t ms)
{
	struct timespec ts = { (time_t)(ms / 1000), (long)(ms % 1000) * 1000000L };

	(void)arg;
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

static double real_random(void *arg)
{
	uint32_t v = 0;

	(void)arg;
	/* Jitter only needs to differ between processes and threads; the
	 * CSPRNG is thread-safe, which rand() is not. */
	if (RAND_bytes((unsigned char *)&v, sizeof(v)) != 1)
		return 0.5;
	return (double)v / 4294967296.0;
}

static const struct aca_arm_clock real_clock = { real_now_ms, real_sleep_ms, real_random, NULL };

const struct aca_arm_clock *aca_arm_clock_real(void)
{
	return &real_clock;
}
