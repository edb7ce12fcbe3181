/* Plugin generations.  dlopen() returns the already-loaded object for a
 * path it has open, so every generation is loaded from its own copy of the
 * .so; that is also what lets an operator overwrite the installed file
 * while the old code is still running. */
#include "config.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "gateway/arena.h"
#include "gateway/call.h"
#include "gateway/log.h"
#include "gateway/plugin_loader.h"

/* Sizes of the ABI 1.0 structs: the least a plugin may declare. */
#define MIN_PLUGIN_SIZE sizeof(struct sl_plugin)
#define MIN_NETWORK_HOOKS_SIZE sizeof(struct sl_network_hooks)
#define MIN_VOLUME_HOOKS_SIZE sizeof(struct sl_volume_hooks)
#define MIN_CONTAINER_HOOKS_SIZE sizeof(struct sl_container_hooks)

int gw_plugin_check_abi(const struct sl_plugin *plugin, char *err, size_t errlen)
{
	if (plugin == NULL) {
		snprintf(err, errlen, "sl_plugin_entry returned NULL");
		return -1;
	}
	if (plugin->magic != SL_PLUGIN_MAGIC) {
		snprintf(err, errlen, "magic is 0x%08x, expected 0x%08x: not a sockerless plugin",
		         (unsigned)plugin->magic, (unsigned)SL_PLUGIN_MAGIC);
		return -1;
	}
	if (plugin->abi_major != SL_ABI_MAJOR) {
		snprintf(err, errlen, "abi_major is %u, this gateway speaks ABI major %u",
		         plugin->abi_major, (unsigned)SL_ABI_MAJOR);
		return -1;
	}
	if (plugin->abi_minor > SL_ABI_MINOR) {
		snprintf(err, errlen,
		         "abi_minor is %u, newer than this gateway's ABI %u.%u; upgrade sockerlessd",
		         plugin->abi_minor, (unsigned)SL_ABI_MAJOR, (unsigned)SL_ABI_MINOR);
		return -1;
	}
	if (plugin->struct_size < MIN_PLUGIN_SIZE) {
		snprintf(err, errlen, "struct_size is %zu, smaller than struct sl_plugin (%zu)",
		         plugin->struct_size, MIN_PLUGIN_SIZE);
		return -1;
	}
	if (plugin->name == NULL || plugin->name[0] == '\0') {
		snprintf(err, errlen, "name is empty");
		return -1;
	}
	if (plugin->version == NULL) {
		snprintf(err, errlen, "version is NULL");
		return -1;
	}
	if (plugin->init == NULL || plugin->fini == NULL) {
		snprintf(err, errlen, "%s is NULL", plugin->init == NULL ? "init" : "fini");
		return -1;
	}
	if (plugin->networks != NULL && plugin->networks->struct_size < MIN_NETWORK_HOOKS_SIZE) {
		snprintf(err, errlen, "networks->struct_size is %zu, smaller than %zu",
		         plugin->networks->struct_size, MIN_NETWORK_HOOKS_SIZE);
		return -1;
	}
	if (plugin->volumes != NULL && plugin->volumes->struct_size < MIN_VOLUME_HOOKS_SIZE) {
		snprintf(err, errlen, "volumes->struct_size is %zu, smaller than %zu",
		         plugin->volumes->struct_size, MIN_VOLUME_HOOKS_SIZE);
		return -1;
	}
	if (plugin->containers != NULL &&
	    plugin->containers->struct_size < MIN_CONTAINER_HOOKS_SIZE) {
		snprintf(err, errlen, "containers->struct_size is %zu, smaller than %zu",
		         plugin->containers->struct_size, MIN_CONTAINER_HOOKS_SIZE);
		return -1;
	}
	return 0;
}

int gw_file_sha256(const char *path, unsigned char out[32], char *err, size_t errlen)
{
	unsigned char buf[65536];
	EVP_MD_CTX *md;
	ssize_t n;
	unsigned int len = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		snprintf(err, errlen, "cannot open plugin file %s: %s", path, strerror(errno));
		return -1;
	}
	md = EVP_MD_CTX_new();
	if (md == NULL || EVP_DigestInit_ex(md, EVP_sha256(), NULL) != 1) {
		snprintf(err, errlen, "cannot hash %s: no SHA-256", path);
		EVP_MD_CTX_free(md);
		close(fd);
		return -1;
	}
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		EVP_DigestUpdate(md, buf, (size_t)n);
	if (n < 0) {
		snprintf(err, errlen, "cannot read plugin file %s: %s", path, strerror(errno));
		EVP_MD_CTX_free(md);
		close(fd);
		return -1;
	}
	EVP_DigestFinal_ex(md, out, &len);
	EVP_MD_CTX_free(md);
	close(fd);
	return 0;
}

static int copy_file(const char *from, const char *to, char *err, size_t errlen)
{
	char buf[65536];
	ssize_t n;
	int in = open(from, O_RDONLY | O_CLOEXEC);
	int out;

	if (in < 0) {
		snprintf(err, errlen, "cannot open plugin file %s: %s", from, strerror(errno));
		return -1;
	}
	out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0500);
	if (out < 0) {
		snprintf(err, errlen, "cannot create %s: %s", to, strerror(errno));
		close(in);
		return -1;
	}
	while ((n = read(in, buf, sizeof(buf))) > 0) {
		char *p = buf;

		while (n > 0) {
			ssize_t w = write(out, p, (size_t)n);

			if (w < 0) {
				if (errno == EINTR)
					continue;
				snprintf(err, errlen, "cannot write %s: %s", to, strerror(errno));
				close(in);
				close(out);
				unlink(to);
				return -1;
			}
			p += w;
			n -= w;
		}
	}
	close(in);
	if (n < 0 || close(out) != 0) {
		snprintf(err, errlen, "cannot copy %s to %s: %s", from, to, strerror(errno));
		unlink(to);
		return -1;
	}
	return 0;
}

static struct gw_backend_config *copy_section(const struct gw_backend_config *cfg)
{
	struct gw_backend_config *c = calloc(1, sizeof(*c));

	if (c == NULL)
		abort();
	c->name = strdup(cfg->name);
	c->plugin = strdup(cfg->plugin);
	c->plugin_path = strdup(cfg->plugin_path);
	c->line = cfg->line;
	c->n_entries = cfg->n_entries;
	c->entries = calloc(cfg->n_entries + 1, sizeof(*c->entries));
	if (c->name == NULL || c->plugin == NULL || c->plugin_path == NULL || c->entries == NULL)
		abort();
	for (size_t i = 0; i < cfg->n_entries; i++) {
		c->entries[i].key = strdup(cfg->entries[i].key);
		c->entries[i].value = strdup(cfg->entries[i].value);
		c->entries[i].line = cfg->entries[i].line;
		if (c->entries[i].key == NULL || c->entries[i].value == NULL)
			abort();
	}
	return c;
}

static void free_section(struct gw_backend_config *c)
{
	if (c == NULL)
		return;
	for (size_t i = 0; i < c->n_entries; i++) {
		free(c->entries[i].key);
		free(c->entries[i].value);
	}
	free(c->entries);
	free(c->name);
	free(c->plugin);
	free(c->plugin_path);
	free(c);
}

static void free_generation(struct gw_generation *gen)
{
	if (gen->so_copy != NULL)
		unlink(gen->so_copy);
	gw_host_fini(&gen->host);
	free_section(gen->config);
	free(gen->so_copy);
	free(gen->so_path);
	free(gen->backend_name);
	free(gen);
}

static double elapsed_ms(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) * 1e3 + (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
}

struct gw_generation *gw_generation_load(const struct gw_backend_config *cfg,
                                         const char *config_path, const char *runtime_dir,
                                         unsigned long number, char *err, size_t errlen)
{
	struct gw_generation *gen;
	struct timespec t0;
	sl_plugin_entry_fn entry;
	char component[128];
	char detail[512];
	struct gw_arena *arena;
	struct sl_call call;
	int rc;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	gen = calloc(1, sizeof(*gen));
	if (gen == NULL)
		abort();
	gen->number = number;
	gen->backend_name = strdup(cfg->name);
	gen->so_path = strdup(cfg->plugin_path);
	gen->config = copy_section(cfg);
	atomic_init(&gen->refs, 0);
	if (gen->backend_name == NULL || gen->so_path == NULL)
		abort();
	snprintf(component, sizeof(component), "%s#%lu", cfg->name, number);
	if (gw_host_init(&gen->host, component, gen->config, config_path) != 0)
		abort();

	if (access(cfg->plugin_path, R_OK) != 0) {
		snprintf(err, errlen, "backend %s: plugin file %s: %s", cfg->name, cfg->plugin_path,
		         strerror(errno));
		goto fail;
	}
	if (gw_file_sha256(cfg->plugin_path, gen->so_hash, detail, sizeof(detail)) != 0) {
		snprintf(err, errlen, "backend %s: %s", cfg->name, detail);
		goto fail;
	}
	if (asprintf(&gen->so_copy, "%s/%s.gen%lu.%ld.so", runtime_dir, cfg->name, number,
	             (long)getpid()) < 0)
		abort();
	unlink(gen->so_copy);
	if (copy_file(cfg->plugin_path, gen->so_copy, detail, sizeof(detail)) != 0) {
		free(gen->so_copy);
		gen->so_copy = NULL;
		snprintf(err, errlen, "backend %s: %s", cfg->name, detail);
		goto fail;
	}
	gen->dl = dlopen(gen->so_copy, RTLD_NOW | RTLD_LOCAL);
	if (gen->dl == NULL) {
		snprintf(err, errlen, "backend %s: cannot load plugin %s: %s", cfg->name,
		         cfg->plugin_path, dlerror());
		goto fail;
	}
	*(void **)(&entry) = dlsym(gen->dl, SL_PLUGIN_ENTRY_SYMBOL);
	if (entry == NULL) {
		snprintf(err, errlen, "backend %s: plugin %s does not export %s", cfg->name,
		         cfg->plugin_path, SL_PLUGIN_ENTRY_SYMBOL);
		goto fail_dl;
	}
	gen->plugin = entry();
	if (gw_plugin_check_abi(gen->plugin, detail, sizeof(detail)) != 0) {
		snprintf(err, errlen, "backend %s: plugin %s refused: %s", cfg->name,
		         cfg->plugin_path, detail);
		goto fail_dl;
	}
	gen->networks = gen->plugin->networks;
	gen->volumes = gen->plugin->volumes;
	gen->containers = gen->plugin->containers;

	arena = gw_arena_new();
	if (arena == NULL)
		abort();
	gw_call_init(&call, arena);
	rc = gen->plugin->init(&gen->host.pub, &call, &gen->ctx);
	if (rc != SL_OK) {
		snprintf(err, errlen, "backend %s: plugin %s init failed: %s", cfg->name,
		         gen->plugin->name, call.message != NULL ? call.message : "no reason given");
		gw_arena_free(arena);
		goto fail_dl;
	}
	gw_arena_free(arena);
	gen->load_ms = elapsed_ms(&t0);
	return gen;

fail_dl:
	dlclose(gen->dl);
fail:
	free_generation(gen);
	return NULL;
}

int gw_generation_unload(struct gw_generation *gen)
{
	void *again;
	int still_mapped = 0;
	char *copy = gen->so_copy != NULL ? strdup(gen->so_copy) : NULL;

	gen->plugin->fini(gen->ctx);
	gen->ctx = NULL;
	if (dlclose(gen->dl) != 0) {
		gw_log(SL_LOG_ERROR, "loader", "backend %s generation %lu: dlclose: %s",
		       gen->backend_name, gen->number, dlerror());
	}
	gen->dl = NULL;
	if (copy != NULL) {
		again = dlopen(copy, RTLD_NOW | RTLD_NOLOAD);
		if (again != NULL) {
			still_mapped = 1;
			gw_log(SL_LOG_WARNING, "loader",
			       "backend %s generation %lu: %s is still mapped after dlclose",
			       gen->backend_name, gen->number, copy);
			dlclose(again);
		}
	}
	free(copy);
	free_generation(gen);
	return still_mapped;
}

const char *gw_generation_describe(const struct gw_generation *gen, char *buf, size_t len)
{
	snprintf(buf, len, "%s %s (build %s, generation %lu)", gen->plugin->name,
	         gen->plugin->version, gen->plugin->build_id != NULL ? gen->plugin->build_id : "-",
	         gen->number);
	return buf;
}
