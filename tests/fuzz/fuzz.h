/* The libFuzzer entry point every fuzz target defines.  Built with clang's
 * -fsanitize=fuzzer by `make fuzz`; linked with replay.c into a plain
 * program that `make check` runs over the seed corpus, so the targets
 * build and run everywhere. */
#ifndef TESTS_FUZZ_H
#define TESTS_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include "gateway/arena.h"

/** Run one input through the target; returns 0 (libFuzzer's contract). */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/** data as a NUL-terminated string in arena (a NUL in the input ends it early). */
static inline char *fuzz_string(struct gw_arena *arena, const uint8_t *data, size_t size)
{
	return gw_arena_strndup(arena, (const char *)data, size);
}

#endif
