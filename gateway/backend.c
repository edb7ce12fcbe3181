/* Backend slots and generation reference counting. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "gateway/backend.h"
#include "gateway/log.h"

struct gw_backend *gw_backend_new(const char *name)
{
	struct gw_backend *b = calloc(1, sizeof(*b));

	if (b == NULL || (b->name = strdup(name)) == NULL)
		abort();
	pthread_mutex_init(&b->lock, NULL);
	return b;
}

struct gw_generation *gw_backend_acquire(struct gw_backend *b)
{
	struct gw_generation *gen;

	/* The lock makes "read current, take a reference" atomic with respect
	 * to publish; the reaper only looks at retired generations. */
	pthread_mutex_lock(&b->lock);
	gen = b->current;
	if (gen != NULL)
		atomic_fetch_add(&gen->refs, 1);
	pthread_mutex_unlock(&b->lock);
	return gen;
}

void gw_backend_release(struct gw_generation *gen)
{
	if (gen != NULL)
		atomic_fetch_sub(&gen->refs, 1);
}

static void retire_locked(struct gw_backend *b, struct gw_generation *gen)
{
	struct gw_retired *r = calloc(1, sizeof(*r));

	if (r == NULL)
		abort();
	r->gen = gen;
	clock_gettime(CLOCK_MONOTONIC, &r->since);
	r->next = b->retired;
	b->retired = r;
}

void gw_backend_publish(struct gw_backend *b, struct gw_generation *gen)
{
	pthread_mutex_lock(&b->lock);
	if (b->current != NULL)
		retire_locked(b, b->current);
	b->current = gen;
	b->generations++;
	pthread_mutex_unlock(&b->lock);
}

void gw_backend_retire_current(struct gw_backend *b)
{
	pthread_mutex_lock(&b->lock);
	if (b->current != NULL)
		retire_locked(b, b->current);
	b->current = NULL;
	pthread_mutex_unlock(&b->lock);
}

size_t gw_backend_reap(struct gw_backend *b, unsigned drain_timeout_s)
{
	struct gw_retired *done = NULL, **pp, *r;
	struct timespec now;
	size_t left = 0;

	clock_gettime(CLOCK_MONOTONIC, &now);
	pthread_mutex_lock(&b->lock);
	pp = &b->retired;
	while ((r = *pp) != NULL) {
		if (atomic_load(&r->gen->refs) == 0) {
			*pp = r->next;
			r->next = done;
			done = r;
			continue;
		}
		if (!r->overdue_logged && now.tv_sec - r->since.tv_sec >= (time_t)drain_timeout_s) {
			r->overdue_logged = 1;
			gw_log(SL_LOG_ERROR, "backend",
			       "backend %s generation %lu still has %ld requests after the %us drain "
			       "timeout; it stays mapped until they end",
			       b->name, r->gen->number, (long)atomic_load(&r->gen->refs),
			       drain_timeout_s);
		}
		left++;
		pp = &r->next;
	}
	pthread_mutex_unlock(&b->lock);

	while ((r = done) != NULL) {
		unsigned long number = r->gen->number;
		int mapped;

		done = r->next;
		mapped = gw_generation_unload(r->gen);
		free(r);
		pthread_mutex_lock(&b->lock);
		b->unloaded++;
		pthread_mutex_unlock(&b->lock);
		gw_log(SL_LOG_INFO, "backend", "backend %s generation %lu unloaded%s", b->name, number,
		       mapped ? " (code still mapped)" : "");
	}
	return left;
}

void gw_backend_free(struct gw_backend *b)
{
	if (b == NULL)
		return;
	gw_backend_retire_current(b);
	if (gw_backend_reap(b, 0) != 0) {
		gw_log(SL_LOG_WARNING, "backend",
		       "backend %s: generations still in use at exit are left mapped", b->name);
	}
	for (struct gw_retired *r = b->retired, *n; r != NULL; r = n) {
		n = r->next;
		free(r);
	}
	pthread_mutex_destroy(&b->lock);
	free(b->name);
	free(b);
}
