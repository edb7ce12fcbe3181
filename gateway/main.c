/* sockerlessd: the Docker Engine API gateway. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "gateway/http.h"
#include "gateway/log.h"
#include "gateway/reload.h"
#include "gateway/server.h"

#ifndef SL_SYSCONFDIR
#define SL_SYSCONFDIR "/etc"
#endif
#ifndef SL_PLUGINDIR
#define SL_PLUGINDIR "/usr/lib/sockerless/plugins"
#endif

#define DEFAULT_CONFIG SL_SYSCONFDIR "/sockerless/sockerlessd.conf"

static void usage(FILE *out)
{
	fprintf(out,
	        "Usage: sockerlessd [OPTIONS]\n"
	        "       sockerlessd reload [--config FILE]\n"
	        "\n"
	        "A Docker Engine API (%s) gateway that runs containers, networks and volumes\n"
	        "on a cloud backend loaded as a plugin.\n"
	        "\n"
	        "Options:\n"
	        "  -c, --config FILE    config file (default %s)\n"
	        "      --plugin-dir DIR where bare plugin names are found (default %s)\n"
	        "      --check-config   load the config and every plugin, run their init, exit\n"
	        "  -v, --version        print the version and exit\n"
	        "  -h, --help           print this help and exit\n"
	        "\n"
	        "Commands:\n"
	        "  reload               ask the running daemon (by its pid_file) to reload\n"
	        "\n"
	        "Signals: SIGHUP reloads the config and swaps changed plugins; SIGTERM and\n"
	        "SIGINT finish in-flight requests and exit.\n",
	        GW_API_MAX_STRING, DEFAULT_CONFIG, SL_PLUGINDIR);
}

static char *make_runtime_dir(const struct gw_config *cfg, char *err, size_t errlen)
{
	char *dir;

	if (cfg->daemon.runtime_dir != NULL) {
		dir = strdup(cfg->daemon.runtime_dir);
	} else if (geteuid() == 0) {
		dir = strdup("/run/sockerless");
	} else {
		const char *xdg = getenv("XDG_RUNTIME_DIR");

		if (xdg != NULL && *xdg == '/') {
			if (asprintf(&dir, "%s/sockerless", xdg) < 0)
				dir = NULL;
		} else if (asprintf(&dir, "/tmp/sockerless-%ld", (long)geteuid()) < 0) {
			dir = NULL;
		}
	}
	if (dir == NULL)
		abort();
	if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
		snprintf(err, errlen, "cannot create runtime_dir %s: %s", dir, strerror(errno));
		free(dir);
		return NULL;
	}
	return dir;
}

static int write_pid_file(const char *path, char *err, size_t errlen)
{
	char buf[32];
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	int n;

	if (fd < 0) {
		snprintf(err, errlen, "cannot write pid_file %s: %s", path, strerror(errno));
		return -1;
	}
	n = snprintf(buf, sizeof(buf), "%ld\n", (long)getpid());
	if (write(fd, buf, (size_t)n) != n) {
		snprintf(err, errlen, "cannot write pid_file %s: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

static int signal_daemon(const char *config_path, const char *plugin_dir)
{
	char err[1024];
	struct gw_config *cfg = gw_config_load(config_path, plugin_dir, err, sizeof(err));
	FILE *f;
	long pid = 0;

	if (cfg == NULL) {
		fprintf(stderr, "sockerlessd: %s\n", err);
		return 1;
	}
	if (cfg->daemon.pid_file == NULL) {
		fprintf(stderr, "sockerlessd: %s has no pid_file in [daemon]; send SIGHUP instead\n",
		        config_path);
		gw_config_free(cfg);
		return 1;
	}
	f = fopen(cfg->daemon.pid_file, "r");
	if (f == NULL || fscanf(f, "%ld", &pid) != 1 || pid <= 1) {
		fprintf(stderr, "sockerlessd: cannot read a pid from %s\n", cfg->daemon.pid_file);
		if (f != NULL)
			fclose(f);
		gw_config_free(cfg);
		return 1;
	}
	fclose(f);
	gw_config_free(cfg);
	if (kill((pid_t)pid, SIGHUP) != 0) {
		fprintf(stderr, "sockerlessd: cannot signal pid %ld: %s\n", pid, strerror(errno));
		return 1;
	}
	printf("reload requested (pid %ld)\n", pid);
	return 0;
}

/* Wait until no request is in flight; 0 when drained, -1 after timeout_s. */
static int wait_for_inflight(struct gw_server *server, unsigned timeout_s)
{
	struct timespec start, now;

	clock_gettime(CLOCK_MONOTONIC, &start);
	while (atomic_load(&server->inflight) > 0) {
		struct timespec nap = { 0, 20 * 1000 * 1000 };

		clock_gettime(CLOCK_MONOTONIC, &now);
		if (now.tv_sec - start.tv_sec >= (time_t)timeout_s)
			return -1;
		nanosleep(&nap, NULL);
	}
	return 0;
}

static int serve(struct gw_server *server, const char *plugin_dir)
{
	sigset_t set;
	int sig;

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	for (;;) {
		struct timespec tick = { 0, 200 * 1000 * 1000 };

		sig = sigtimedwait(&set, NULL, &tick);
		if (sig == SIGHUP) {
			gw_log(SL_LOG_INFO, "gateway", "SIGHUP: reloading %s", server->config->path);
			gw_reload(server, plugin_dir);
		} else if (sig == SIGTERM || sig == SIGINT) {
			gw_log(SL_LOG_INFO, "gateway", "%s: finishing in-flight requests",
			       sig == SIGTERM ? "SIGTERM" : "SIGINT");
			break;
		}
		for (size_t i = 0; i < server->n_backends; i++)
			gw_backend_reap(server->backends[i], server->config->daemon.drain_timeout_s);
	}
	atomic_store(&server->quiescing, 1);
	for (size_t i = 0; i < server->n_listeners; i++)
		gw_listener_quiesce(server->listeners[i]);
	if (wait_for_inflight(server, server->config->daemon.shutdown_timeout_s) != 0) {
		/* A hook that never returns would hold the exit forever (its
		 * connection thread cannot be joined).  Every acknowledged write
		 * is already durable, so leave without unloading anything. */
		gw_log(SL_LOG_ERROR, "gateway",
		       "%ld requests still running after shutdown_timeout (%us); exiting without "
		       "waiting for them",
		       (long)atomic_load(&server->inflight), server->config->daemon.shutdown_timeout_s);
		if (server->config->daemon.pid_file != NULL)
			unlink(server->config->daemon.pid_file);
		_exit(1);
	}
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "plugin-dir", required_argument, NULL, 'p' },
		{ "check-config", no_argument, NULL, 'C' },
		{ "version", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *config_path = DEFAULT_CONFIG;
	const char *plugin_dir = SL_PLUGINDIR;
	int check_only = 0, opt, rc = 0;
	char err[2048];
	struct gw_server server;
	sigset_t set;

	while ((opt = getopt_long(argc, argv, "c:vh", opts, NULL)) != -1) {
		switch (opt) {
		case 'c': config_path = optarg; break;
		case 'p': plugin_dir = optarg; break;
		case 'C': check_only = 1; break;
		case 'v':
			printf("sockerlessd %s (Docker Engine API %s, plugin ABI %d.%d)\n", PACKAGE_VERSION,
			       GW_API_MAX_STRING, SL_ABI_MAJOR, SL_ABI_MINOR);
			return 0;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind < argc) {
		if (strcmp(argv[optind], "reload") == 0 && optind + 1 == argc)
			return signal_daemon(config_path, plugin_dir);
		fprintf(stderr, "sockerlessd: unexpected argument \"%s\"\n", argv[optind]);
		usage(stderr);
		return 2;
	}

	/* One thread per connection would otherwise give glibc a malloc arena
	 * per busy thread, each keeping freed memory: under load from a few
	 * dozen clients that tripled RSS for no speed gained. */
	mallopt(M_ARENA_MAX, 2);

	/* Signals are taken synchronously by the main thread; block them
	 * before any thread (libmicrohttpd's, a plugin's) is created. */
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	/* The gateway owns library-wide initialisation, so plugins loaded and
	 * unloaded later never run it themselves. */
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0) {
		fprintf(stderr, "sockerlessd: libcurl failed to initialise\n");
		return 1;
	}

	memset(&server, 0, sizeof(server));
	pthread_rwlock_init(&server.lock, NULL);
	server.config = gw_config_load(config_path, plugin_dir, err, sizeof(err));
	if (server.config == NULL) {
		fprintf(stderr, "sockerlessd: %s\n", err);
		curl_global_cleanup();
		return 1;
	}
	gw_log_set_level(server.config->daemon.log_level);
	server.runtime_dir = make_runtime_dir(server.config, err, sizeof(err));
	if (server.runtime_dir == NULL) {
		fprintf(stderr, "sockerlessd: %s\n", err);
		rc = 1;
		goto out;
	}
	if (check_only) {
		for (size_t i = 0; i < server.config->n_backends; i++) {
			struct gw_generation *gen = gw_generation_load(&server.config->backends[i],
			                                               server.config->path,
			                                               server.runtime_dir, 1, err,
			                                               sizeof(err));

			if (gen == NULL) {
				fprintf(stderr, "sockerlessd: %s\n", err);
				rc = 1;
				goto out;
			}
			gw_generation_unload(gen);
		}
		printf("%s: OK\n", server.config->path);
		goto out;
	}
	if (gw_server_start(&server, err, sizeof(err)) != 0) {
		fprintf(stderr, "sockerlessd: %s\n", err);
		rc = 1;
		goto stop;
	}
	if (server.config->daemon.pid_file != NULL &&
	    write_pid_file(server.config->daemon.pid_file, err, sizeof(err)) != 0) {
		fprintf(stderr, "sockerlessd: %s\n", err);
		rc = 1;
		goto stop;
	}
	gw_log(SL_LOG_INFO, "gateway", "sockerlessd %s ready (pid %ld)", PACKAGE_VERSION,
	       (long)getpid());
	rc = serve(&server, plugin_dir);
	if (server.config->daemon.pid_file != NULL)
		unlink(server.config->daemon.pid_file);
stop:
	gw_server_stop(&server);
	gw_log(SL_LOG_INFO, "gateway", "stopped");
out:
	free(server.runtime_dir);
	gw_config_free(server.config);
	pthread_rwlock_destroy(&server.lock);
	curl_global_cleanup();
	return rc;
}
