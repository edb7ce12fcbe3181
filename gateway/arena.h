/* Per-request arena: many small allocations, freed in one go. */
#ifndef GW_ARENA_H
#define GW_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct gw_arena;

/** Create an empty arena; NULL only when memory is exhausted. */
struct gw_arena *gw_arena_new(void);

/** Free the arena and everything allocated from it (NULL is a no-op). */
void gw_arena_free(struct gw_arena *arena);

/** Zeroed memory that lives as long as the arena; aborts when out of memory. */
void *gw_arena_alloc(struct gw_arena *arena, size_t size);

/** Copy a string into the arena; NULL gives NULL. */
char *gw_arena_strdup(struct gw_arena *arena, const char *s);

/** Copy n bytes of s into the arena as a NUL-terminated string. */
char *gw_arena_strndup(struct gw_arena *arena, const char *s, size_t n);

/** printf into the arena. */
char *gw_arena_sprintf(struct gw_arena *arena, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/** vprintf into the arena. */
char *gw_arena_vsprintf(struct gw_arena *arena, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

/**
 * Run fn(arg) when the arena is freed, newest first: for resources that
 * live as long as a request but are not arena memory (compiled regexes).
 */
void gw_arena_defer(struct gw_arena *arena, void (*fn)(void *arg), void *arg);

/** Bytes handed out so far (for tests and metrics). */
size_t gw_arena_used(const struct gw_arena *arena);

#endif
