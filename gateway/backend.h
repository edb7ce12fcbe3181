/* A backend: a named slot holding the current plugin generation.  Requests
 * take a reference on the generation they start with; a newer generation
 * can be published at any time, and retired ones are unloaded once their
 * last request ends (or left mapped, loudly, after the drain timeout). */
#ifndef GW_BACKEND_H
#define GW_BACKEND_H

#include <pthread.h>
#include <time.h>

#include "gateway/plugin_loader.h"

struct gw_retired {
	struct gw_retired *next;
	struct gw_generation *gen;
	struct timespec since;      /* CLOCK_MONOTONIC */
	int overdue_logged;
};

struct gw_backend {
	char *name;
	pthread_mutex_t lock;
	struct gw_generation *current;   /* protected by lock */
	struct gw_retired *retired;      /* protected by lock */
	unsigned long generations;       /* how many were ever published */
	unsigned long unloaded;          /* how many were unloaded */
};

/** A new backend with no generation yet; name is copied. */
struct gw_backend *gw_backend_new(const char *name);

/**
 * Retire every generation and free the backend.  Generations still in use
 * are left mapped (callers stop serving first).
 */
void gw_backend_free(struct gw_backend *b);

/** The current generation with one more reference; NULL if none. */
struct gw_generation *gw_backend_acquire(struct gw_backend *b);

/** Drop a reference taken with gw_backend_acquire. */
void gw_backend_release(struct gw_generation *gen);

/** Make gen current; the previous generation (if any) is retired. */
void gw_backend_publish(struct gw_backend *b, struct gw_generation *gen);

/** Retire the current generation without a successor (backend removed). */
void gw_backend_retire_current(struct gw_backend *b);

/**
 * Unload retired generations whose last request has ended.  Those still
 * busy after drain_timeout_s are logged once and kept.  Returns how many
 * retired generations remain.
 */
size_t gw_backend_reap(struct gw_backend *b, unsigned drain_timeout_s);

#endif
