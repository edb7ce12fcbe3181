/* A small arena for the results of ARM calls.  Typed calls return structs
 * whose strings and arrays all live in one arena owned by the caller, so a
 * caller frees a whole answer in one go (and copies what it keeps). */
#ifndef ACA_ARM_ARENA_H
#define ACA_ARM_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct aca_arm_arena;

/** Create an empty arena; aborts when memory is exhausted.  Free with aca_arm_arena_free. */
struct aca_arm_arena *aca_arm_arena_new(void);

/** Free the arena and everything allocated from it (NULL is a no-op). */
void aca_arm_arena_free(struct aca_arm_arena *arena);

/** Zeroed memory that lives as long as the arena; aborts when out of memory. */
void *aca_arm_arena_alloc(struct aca_arm_arena *arena, size_t size);

/** Copy a string into the arena; NULL gives NULL. */
char *aca_arm_arena_strdup(struct aca_arm_arena *arena, const char *s);

/** Copy n bytes of s into the arena as a NUL-terminated string. */
char *aca_arm_arena_strndup(struct aca_arm_arena *arena, const char *s, size_t n);

/** printf into the arena. */
char *aca_arm_arena_sprintf(struct aca_arm_arena *arena, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/** vprintf into the arena. */
char *aca_arm_arena_vsprintf(struct aca_arm_arena *arena, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

/**
 * Overwrite every block with zeros before freeing: for arenas that held
 * secrets (storage keys, tokens).
 */
void aca_arm_arena_free_wiped(struct aca_arm_arena *arena);

#endif
