/* Start-up, reload and shutdown of backends and listeners.  Reload builds
 * every new generation before publishing any, and never touches a backend
 * whose plugin file and config section are unchanged. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gateway/log.h"
#include "gateway/reload.h"

static void add_backend(struct gw_server *server, struct gw_backend *b)
{
	pthread_rwlock_wrlock(&server->lock);
	server->backends = realloc(server->backends,
	                           (server->n_backends + 1) * sizeof(struct gw_backend *));
	if (server->backends == NULL)
		abort();
	server->backends[server->n_backends++] = b;
	pthread_rwlock_unlock(&server->lock);
}

static void add_listener(struct gw_server *server, struct gw_listener *l)
{
	server->listeners = realloc(server->listeners,
	                            (server->n_listeners + 1) * sizeof(struct gw_listener *));
	if (server->listeners == NULL)
		abort();
	server->listeners[server->n_listeners++] = l;
}

static void log_generation(const char *what, const struct gw_generation *gen)
{
	char desc[512];

	gw_log(SL_LOG_INFO, "gateway", "backend %s %s: %s, loaded in %.1f ms", gen->backend_name,
	       what, gw_generation_describe(gen, desc, sizeof(desc)), gen->load_ms);
}

int gw_server_start(struct gw_server *server, char *err, size_t errlen)
{
	struct gw_config *cfg = server->config;

	atomic_store(&server->max_body_bytes, cfg->daemon.max_body_bytes);
	for (size_t i = 0; i < cfg->n_backends; i++) {
		struct gw_generation *gen = gw_generation_load(&cfg->backends[i], cfg->path,
		                                               server->runtime_dir, 1, err, errlen);
		struct gw_backend *b;

		if (gen == NULL)
			return -1;
		b = gw_backend_new(cfg->backends[i].name);
		gw_backend_publish(b, gen);
		add_backend(server, b);
		log_generation("started", gen);
	}
	for (size_t i = 0; i < cfg->n_listeners; i++) {
		struct gw_listener_config *lc = &cfg->listeners[i];
		struct gw_listener *l = gw_listener_open(server, lc, gw_server_backend(server, lc->backend),
		                                         err, errlen);

		if (l == NULL)
			return -1;
		add_listener(server, l);
		gw_log(SL_LOG_INFO, "gateway", "listener %s serving %s on %s", lc->name, lc->backend,
		       lc->address);
	}
	return 0;
}

static const struct gw_listener_config *find_listener_cfg(const struct gw_config *cfg,
                                                          const char *name)
{
	for (size_t i = 0; i < cfg->n_listeners; i++) {
		if (strcmp(cfg->listeners[i].name, name) == 0)
			return &cfg->listeners[i];
	}
	return NULL;
}

static int listener_matches(const struct gw_listener *l, const struct gw_listener_config *lc)
{
	return strcmp(l->address, lc->address) == 0 && strcmp(l->backend_name, lc->backend) == 0;
}

int gw_reload(struct gw_server *server, const char *plugin_dir)
{
	char err[1024];
	struct gw_config *next;
	struct timespec t0, t1;
	int failures = 0;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	next = gw_config_load(server->config->path, plugin_dir, err, sizeof(err));
	if (next == NULL) {
		gw_log(SL_LOG_ERROR, "reload", "config not reloaded, everything keeps running: %s",
		       err);
		return 1;
	}
	gw_log_set_level(next->daemon.log_level);
	atomic_store(&server->max_body_bytes, next->daemon.max_body_bytes);

	/* Backends: new or changed ones get a new generation. */
	for (size_t i = 0; i < next->n_backends; i++) {
		const struct gw_backend_config *bc = &next->backends[i];
		struct gw_backend *b = gw_server_backend(server, bc->name);
		struct gw_generation *cur = b != NULL ? gw_backend_acquire(b) : NULL;
		struct gw_generation *gen;
		unsigned char hash[32];
		unsigned long number;

		const char *why = "new backend";

		if (cur != NULL) {
			int same_config = gw_backend_config_equal(cur->config, bc);
			int hashed = gw_file_sha256(bc->plugin_path, hash, err, sizeof(err)) == 0;
			int same_file = hashed && memcmp(hash, cur->so_hash, sizeof(hash)) == 0;

			number = b->generations + 1;
			gw_backend_release(cur);
			if (same_config && same_file)
				continue;
			why = !same_config && !same_file ? "config section and plugin file changed"
			      : !same_config              ? "config section changed"
			      : hashed                    ? "plugin file changed"
			                                  : "plugin file unreadable";
		} else {
			number = b != NULL ? b->generations + 1 : 1;
		}
		gw_log(SL_LOG_INFO, "reload", "backend %s: %s; loading generation %lu", bc->name, why,
		       number);
		gen = gw_generation_load(bc, next->path, server->runtime_dir, number, err, sizeof(err));
		if (gen == NULL) {
			gw_log(SL_LOG_ERROR, "reload", "%s; the previous generation keeps serving", err);
			failures++;
			continue;
		}
		if (b == NULL) {
			b = gw_backend_new(bc->name);
			add_backend(server, b);
		}
		gw_backend_publish(b, gen);
		log_generation(number == 1 ? "started" : "swapped", gen);
	}
	/* Listeners: close removed or changed ones, open new ones. */
	for (size_t i = 0; i < server->n_listeners;) {
		struct gw_listener *l = server->listeners[i];
		const struct gw_listener_config *lc = find_listener_cfg(next, l->name);

		if (lc != NULL && listener_matches(l, lc)) {
			i++;
			continue;
		}
		gw_log(SL_LOG_INFO, "reload", "closing listener %s (%s)", l->name, l->address);
		gw_listener_close(l);
		server->listeners[i] = server->listeners[--server->n_listeners];
	}
	for (size_t i = 0; i < next->n_listeners; i++) {
		const struct gw_listener_config *lc = &next->listeners[i];
		struct gw_listener *l;
		int open = 0;

		for (size_t j = 0; j < server->n_listeners; j++)
			open |= strcmp(server->listeners[j]->name, lc->name) == 0;
		if (open)
			continue;
		l = gw_listener_open(server, lc, gw_server_backend(server, lc->backend), err,
		                     sizeof(err));
		if (l == NULL) {
			gw_log(SL_LOG_ERROR, "reload", "listener %s not opened: %s", lc->name, err);
			failures++;
			continue;
		}
		add_listener(server, l);
		gw_log(SL_LOG_INFO, "reload", "listener %s serving %s on %s", lc->name, lc->backend,
		       lc->address);
	}
	/* Backends gone from the config drain and unload. */
	for (size_t i = 0; i < server->n_backends; i++) {
		struct gw_backend *b = server->backends[i];

		if (gw_config_backend(next, b->name) == NULL && b->current != NULL) {
			gw_log(SL_LOG_INFO, "reload", "backend %s removed from the config; draining",
			       b->name);
			gw_backend_retire_current(b);
		}
	}
	gw_config_free(server->config);
	server->config = next;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	gw_log(SL_LOG_INFO, "reload", "reload done in %.1f ms with %d failure%s",
	       (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6,
	       failures, failures == 1 ? "" : "s");
	return failures;
}

void gw_server_stop(struct gw_server *server)
{
	for (size_t i = 0; i < server->n_listeners; i++)
		gw_listener_close(server->listeners[i]);
	free(server->listeners);
	server->listeners = NULL;
	server->n_listeners = 0;
	pthread_rwlock_wrlock(&server->lock);
	for (size_t i = 0; i < server->n_backends; i++)
		gw_backend_free(server->backends[i]);
	free(server->backends);
	server->backends = NULL;
	server->n_backends = 0;
	pthread_rwlock_unlock(&server->lock);
}
