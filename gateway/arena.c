/* Per-request arena.  Blocks are chained; a large request gets a block of
 * its own so that the common small case never wastes more than a block. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gateway/arena.h"

#define ARENA_BLOCK_SIZE 8192u
#define ARENA_ALIGN 16u

struct arena_block {
	struct arena_block *next;
	size_t size;
	size_t used;
	_Alignas(16) unsigned char data[];
};

struct arena_cleanup {
	struct arena_cleanup *next;
	void (*fn)(void *arg);
	void *arg;
};

struct gw_arena {
	struct arena_block *head;
	struct arena_cleanup *cleanups;  /* in the arena's own blocks */
	size_t total;
};

static void *must(void *p)
{
	if (p == NULL) {
		fputs("sockerlessd: out of memory\n", stderr);
		abort();
	}
	return p;
}

struct gw_arena *gw_arena_new(void)
{
	return calloc(1, sizeof(struct gw_arena));
}

void gw_arena_free(struct gw_arena *arena)
{
	struct arena_block *b, *next;

	if (arena == NULL)
		return;
	for (struct arena_cleanup *c = arena->cleanups; c != NULL; c = c->next)
		c->fn(c->arg);
	for (b = arena->head; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	free(arena);
}

void *gw_arena_alloc(struct gw_arena *arena, size_t size)
{
	struct arena_block *b = arena->head;
	size_t need = (size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
	void *p;

	if (need == 0)
		need = ARENA_ALIGN;
	if (b == NULL || b->size - b->used < need) {
		size_t cap = need > ARENA_BLOCK_SIZE ? need : ARENA_BLOCK_SIZE;

		b = must(malloc(sizeof(*b) + cap));
		b->size = cap;
		b->used = 0;
		if (arena->head != NULL && need > ARENA_BLOCK_SIZE) {
			/* Keep the partly used head block current for small requests. */
			b->next = arena->head->next;
			arena->head->next = b;
		} else {
			b->next = arena->head;
			arena->head = b;
		}
	}
	p = b->data + b->used;
	b->used += need;
	arena->total += need;
	memset(p, 0, need);
	return p;
}

char *gw_arena_strndup(struct gw_arena *arena, const char *s, size_t n)
{
	char *p = gw_arena_alloc(arena, n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *gw_arena_strdup(struct gw_arena *arena, const char *s)
{
	if (s == NULL)
		return NULL;
	return gw_arena_strndup(arena, s, strlen(s));
}

char *gw_arena_vsprintf(struct gw_arena *arena, const char *fmt, va_list ap)
{
	va_list copy;
	int n;
	char *p;

	va_copy(copy, ap);
	n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	if (n < 0)
		return gw_arena_strdup(arena, "");
	p = gw_arena_alloc(arena, (size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *gw_arena_sprintf(struct gw_arena *arena, const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	p = gw_arena_vsprintf(arena, fmt, ap);
	va_end(ap);
	return p;
}

size_t gw_arena_used(const struct gw_arena *arena)
{
	return arena->total;
}

void gw_arena_defer(struct gw_arena *arena, void (*fn)(void *arg), void *arg)
{
	struct arena_cleanup *c = gw_arena_alloc(arena, sizeof(*c));

	c->fn = fn;
	c->arg = arg;
	c->next = arena->cleanups;
	arena->cleanups = c;
}
