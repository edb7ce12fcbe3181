/* Arena for ARM results: blocks chained, each allocation zeroed. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plugins/aca/arm_arena.h"

#define ACA_ARM_ARENA_BLOCK 4096u
#define ACA_ARM_ARENA_ALIGN 16u

struct aca_arm_block {
	struct aca_arm_block *next;
	size_t size;
	size_t used;
	_Alignas(16) unsigned char data[];
};

struct aca_arm_arena {
	struct aca_arm_block *head;
};

static void *must(void *p)
{
	if (p == NULL) {
		fputs("aca: out of memory\n", stderr);
		abort();
	}
	return p;
}

struct aca_arm_arena *aca_arm_arena_new(void)
{
	return must(calloc(1, sizeof(struct aca_arm_arena)));
}

static void arena_release(struct aca_arm_arena *arena, int wipe)
{
	struct aca_arm_block *b, *next;

	if (arena == NULL)
		return;
	for (b = arena->head; b != NULL; b = next) {
		next = b->next;
		if (wipe)
			explicit_bzero(b->data, b->used);
		free(b);
	}
	free(arena);
}

void aca_arm_arena_free(struct aca_arm_arena *arena)
{
	arena_release(arena, 0);
}

void aca_arm_arena_free_wiped(struct aca_arm_arena *arena)
{
	arena_release(arena, 1);
}

void *aca_arm_arena_alloc(struct aca_arm_arena *arena, size_t size)
{
	struct aca_arm_block *b = arena->head;
	size_t need = (size + ACA_ARM_ARENA_ALIGN - 1) & ~(size_t)(ACA_ARM_ARENA_ALIGN - 1);
	void *p;

	if (need == 0)
		need = ACA_ARM_ARENA_ALIGN;
	if (b == NULL || b->size - b->used < need) {
		size_t cap = need > ACA_ARM_ARENA_BLOCK ? need : ACA_ARM_ARENA_BLOCK;

		b = must(malloc(sizeof(*b) + cap));
		b->size = cap;
		b->used = 0;
		if (arena->head != NULL && need > ACA_ARM_ARENA_BLOCK) {
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
	memset(p, 0, need);
	return p;
}

char *aca_arm_arena_strndup(struct aca_arm_arena *arena, const char *s, size_t n)
{
	char *p = aca_arm_arena_alloc(arena, n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *aca_arm_arena_strdup(struct aca_arm_arena *arena, const char *s)
{
	if (s == NULL)
		return NULL;
	return aca_arm_arena_strndup(arena, s, strlen(s));
}

char *aca_arm_arena_vsprintf(struct aca_arm_arena *arena, const char *fmt, va_list ap)
{
	va_list copy;
	int n;
	char *p;

	va_copy(copy, ap);
	n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	if (n < 0)
		return aca_arm_arena_strdup(arena, "");
	p = aca_arm_arena_alloc(arena, (size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *aca_arm_arena_sprintf(struct aca_arm_arena *arena, const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	p = aca_arm_arena_vsprintf(arena, fmt, ap);
	va_end(ap);
	return p;
}
