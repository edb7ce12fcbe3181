/* Time and randomness for the ARM client, injectable so that tests of
 * backoff, polling and token expiry never wait on the wall clock. */
#ifndef ACA_ARM_CLOCK_H
#define ACA_ARM_CLOCK_H

#include <stdint.h>

/** A clock.  All functions must be thread-safe. */
struct aca_arm_clock {
	/** Unix time in milliseconds (token expiry and HTTP dates need wall time). */
	int64_t (*now_ms)(void *arg);
	/** Sleep for ms milliseconds (ms > 0). */
	void (*sleep_ms)(void *arg, int64_t ms);
	/** A uniformly distributed random number in [0, 1) for jitter. */
	double (*random)(void *arg);
	void *arg;
};

/** The real clock: CLOCK_REALTIME, nanosleep and a thread-safe PRNG. */
const struct aca_arm_clock *aca_arm_clock_real(void);

#endif
