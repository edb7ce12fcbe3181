/* INI parser for the sockerlessd config.  Grammar: blank lines, comments
 * starting with '#' or ';', "[section]" or "[section NAME]" headers and
 * "key = value" lines.  Values may be wrapped in double quotes. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gateway/config_file.h"
#include "gateway/log.h"

#define DEFAULT_MAX_BODY_BYTES (1024u * 1024u)
#define MAX_CONFIG_BYTES (1024u * 1024u)

enum section_kind { SECTION_NONE, SECTION_DAEMON, SECTION_LISTENER, SECTION_BACKEND };

struct parser {
	struct gw_config *cfg;
	const char *path;
	const char *plugin_dir;
	unsigned line;
	enum section_kind kind;
	char *err;
	size_t errlen;
};

static int fail(struct parser *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int fail(struct parser *p, const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(p->err, p->errlen, "%s:%u: ", p->path, p->line);

	if (n < 0 || (size_t)n >= p->errlen)
		return -1;
	va_start(ap, fmt);
	vsnprintf(p->err + n, p->errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

static char *xstrdup(const char *s)
{
	char *d = strdup(s);

	if (d == NULL)
		abort();
	return d;
}

static void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n);

	if (q == NULL)
		abort();
	return q;
}

static char *trim(char *s)
{
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return s;
}

static int valid_name(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s; s++) {
		if (!isalnum((unsigned char)*s) && *s != '-' && *s != '_' && *s != '.')
			return 0;
	}
	return 1;
}

static int parse_uint(const char *s, unsigned long max, int base, unsigned long *out)
{
	char *end;
	unsigned long v;

	if (*s == '\0' || *s == '-')
		return -1;
	errno = 0;
	v = strtoul(s, &end, base);
	if (errno != 0 || *end != '\0' || v > max)
		return -1;
	*out = v;
	return 0;
}

static int parse_size(const char *s, size_t *out)
{
	char buf[64];
	size_t len = strlen(s);
	unsigned long mult = 1, v;

	if (len == 0 || len >= sizeof(buf))
		return -1;
	memcpy(buf, s, len + 1);
	switch (buf[len - 1]) {
	case 'k': case 'K': mult = 1024ul; buf[len - 1] = '\0'; break;
	case 'm': case 'M': mult = 1024ul * 1024ul; buf[len - 1] = '\0'; break;
	default: break;
	}
	if (parse_uint(buf, ULONG_MAX / mult, 10, &v) != 0 || v == 0)
		return -1;
	*out = (size_t)(v * mult);
	return 0;
}

static char *resolve_plugin(const char *plugin, const char *plugin_dir)
{
	char *path;
	size_t n;

	if (strchr(plugin, '/') != NULL)
		return xstrdup(plugin);
	n = strlen(plugin_dir) + strlen(plugin) + 5;
	path = malloc(n);
	if (path == NULL)
		abort();
	snprintf(path, n, "%s/%s.so", plugin_dir, plugin);
	return path;
}

static int section_header(struct parser *p, char *line)
{
	char *close = strchr(line, ']');
	char *body, *name;
	struct gw_config *cfg = p->cfg;

	if (close == NULL || *trim(close + 1) != '\0')
		return fail(p, "malformed section header");
	*close = '\0';
	body = trim(line + 1);
	name = body;
	while (*name && !isspace((unsigned char)*name))
		name++;
	if (*name)
		*name++ = '\0';
	name = trim(name);
	if (*name == '"') {
		size_t l = strlen(name);

		if (l < 2 || name[l - 1] != '"')
			return fail(p, "malformed section name");
		name[l - 1] = '\0';
		name++;
	}
	if (strcmp(body, "daemon") == 0) {
		if (*name)
			return fail(p, "[daemon] takes no name");
		p->kind = SECTION_DAEMON;
		return 0;
	}
	if (strcmp(body, "listener") != 0 && strcmp(body, "backend") != 0)
		return fail(p, "unknown section [%s] (expected daemon, listener or backend)", body);
	if (!valid_name(name))
		return fail(p, "[%s] needs a name made of letters, digits, '-', '_' or '.'", body);
	if (strcmp(body, "listener") == 0) {
		for (size_t i = 0; i < cfg->n_listeners; i++) {
			if (strcmp(cfg->listeners[i].name, name) == 0)
				return fail(p, "listener %s is defined twice", name);
		}
		cfg->listeners = xrealloc(cfg->listeners,
		                          (cfg->n_listeners + 1) * sizeof(*cfg->listeners));
		memset(&cfg->listeners[cfg->n_listeners], 0, sizeof(*cfg->listeners));
		cfg->listeners[cfg->n_listeners].name = xstrdup(name);
		cfg->listeners[cfg->n_listeners].mode = 0660;
		cfg->listeners[cfg->n_listeners].line = p->line;
		cfg->n_listeners++;
		p->kind = SECTION_LISTENER;
	} else {
		for (size_t i = 0; i < cfg->n_backends; i++) {
			if (strcmp(cfg->backends[i].name, name) == 0)
				return fail(p, "backend %s is defined twice", name);
		}
		cfg->backends = xrealloc(cfg->backends,
		                         (cfg->n_backends + 1) * sizeof(*cfg->backends));
		memset(&cfg->backends[cfg->n_backends], 0, sizeof(*cfg->backends));
		cfg->backends[cfg->n_backends].name = xstrdup(name);
		cfg->backends[cfg->n_backends].line = p->line;
		cfg->n_backends++;
		p->kind = SECTION_BACKEND;
	}
	return 0;
}

static int daemon_key(struct parser *p, const char *key, const char *value)
{
	struct gw_daemon_config *d = &p->cfg->daemon;
	unsigned long v;

	if (strcmp(key, "log_level") == 0) {
		if (gw_log_parse_level(value, &d->log_level) != 0)
			return fail(p, "log_level must be error, warning, info or debug, not \"%s\"",
			            value);
	} else if (strcmp(key, "pid_file") == 0) {
		free(d->pid_file);
		d->pid_file = xstrdup(value);
	} else if (strcmp(key, "max_body_bytes") == 0) {
		if (parse_size(value, &d->max_body_bytes) != 0)
			return fail(p, "max_body_bytes must be a positive size (bytes, or with K or M), not \"%s\"",
			            value);
	} else if (strcmp(key, "drain_timeout") == 0) {
		if (parse_uint(value, 86400, 10, &v) != 0)
			return fail(p, "drain_timeout must be seconds (0-86400), not \"%s\"", value);
		d->drain_timeout_s = (unsigned)v;
	} else if (strcmp(key, "shutdown_timeout") == 0) {
		if (parse_uint(value, 86400, 10, &v) != 0)
			return fail(p, "shutdown_timeout must be seconds (0-86400), not \"%s\"", value);
		d->shutdown_timeout_s = (unsigned)v;
	} else if (strcmp(key, "plugin_dir") == 0) {
		free(d->plugin_dir);
		d->plugin_dir = xstrdup(value);
	} else if (strcmp(key, "runtime_dir") == 0) {
		free(d->runtime_dir);
		d->runtime_dir = xstrdup(value);
	} else {
		return fail(p, "unknown key \"%s\" in [daemon]", key);
	}
	return 0;
}

static int listener_key(struct parser *p, const char *key, const char *value)
{
	struct gw_listener_config *l = &p->cfg->listeners[p->cfg->n_listeners - 1];
	unsigned long v;
	char **slot = NULL;

	if (strcmp(key, "address") == 0) {
		if (strncmp(value, "unix://", 7) != 0 && strncmp(value, "tcp://", 6) != 0)
			return fail(p, "address must start with unix:// or tcp://, not \"%s\"", value);
		if (strncmp(value, "unix://", 7) == 0 && value[7] != '/')
			return fail(p, "a unix address needs an absolute path (unix:///path)");
		slot = &l->address;
	} else if (strcmp(key, "backend") == 0) {
		slot = &l->backend;
	} else if (strcmp(key, "mode") == 0) {
		if (parse_uint(value, 0777, 8, &v) != 0)
			return fail(p, "mode must be octal permissions such as 0660, not \"%s\"", value);
		l->mode = (mode_t)v;
	} else if (strcmp(key, "group") == 0) {
		slot = &l->group;
	} else if (strcmp(key, "tls_cert") == 0) {
		slot = &l->tls_cert;
	} else if (strcmp(key, "tls_key") == 0) {
		slot = &l->tls_key;
	} else {
		return fail(p, "unknown key \"%s\" in [listener %s]", key, l->name);
	}
	if (slot != NULL) {
		free(*slot);
		*slot = xstrdup(value);
	}
	return 0;
}

static int backend_key(struct parser *p, const char *key, const char *value)
{
	struct gw_backend_config *b = &p->cfg->backends[p->cfg->n_backends - 1];

	if (strcmp(key, "plugin") == 0) {
		if (*value == '\0')
			return fail(p, "plugin must name a plugin or a .so path");
		free(b->plugin);
		b->plugin = xstrdup(value);
		return 0;
	}
	for (size_t i = 0; i < b->n_entries; i++) {
		if (strcmp(b->entries[i].key, key) == 0)
			return fail(p, "key \"%s\" is set twice in [backend %s]", key, b->name);
	}
	b->entries = xrealloc(b->entries, (b->n_entries + 1) * sizeof(*b->entries));
	b->entries[b->n_entries].key = xstrdup(key);
	b->entries[b->n_entries].value = xstrdup(value);
	b->entries[b->n_entries].line = p->line;
	b->n_entries++;
	return 0;
}

static int key_value(struct parser *p, char *line)
{
	char *eq = strchr(line, '=');
	char *key, *value;
	size_t vlen;

	if (eq == NULL)
		return fail(p, "expected \"key = value\"");
	*eq = '\0';
	key = trim(line);
	value = trim(eq + 1);
	if (*key == '\0')
		return fail(p, "missing key before '='");
	for (const char *k = key; *k; k++) {
		if (!isalnum((unsigned char)*k) && *k != '_' && *k != '-' && *k != '.')
			return fail(p, "invalid key \"%s\"", key);
	}
	vlen = strlen(value);
	if (vlen >= 2 && value[0] == '"' && value[vlen - 1] == '"') {
		value[vlen - 1] = '\0';
		value++;
	}
	switch (p->kind) {
	case SECTION_DAEMON: return daemon_key(p, key, value);
	case SECTION_LISTENER: return listener_key(p, key, value);
	case SECTION_BACKEND: return backend_key(p, key, value);
	case SECTION_NONE: break;
	}
	return fail(p, "key \"%s\" outside of any section", key);
}

static int check_whole(struct parser *p)
{
	struct gw_config *cfg = p->cfg;

	if (cfg->n_listeners == 0) {
		p->line = 0;
		snprintf(p->err, p->errlen, "%s: no [listener] section: nothing to serve", p->path);
		return -1;
	}
	for (size_t i = 0; i < cfg->n_backends; i++) {
		struct gw_backend_config *b = &cfg->backends[i];

		if (b->plugin == NULL) {
			p->line = b->line;
			return fail(p, "[backend %s] has no plugin key", b->name);
		}
		b->plugin_path = resolve_plugin(b->plugin, cfg->daemon.plugin_dir != NULL
		                                 ? cfg->daemon.plugin_dir : p->plugin_dir);
	}
	for (size_t i = 0; i < cfg->n_listeners; i++) {
		struct gw_listener_config *l = &cfg->listeners[i];

		p->line = l->line;
		if (l->address == NULL)
			return fail(p, "[listener %s] has no address", l->name);
		if (l->backend == NULL)
			return fail(p, "[listener %s] has no backend", l->name);
		if (gw_config_backend(cfg, l->backend) == NULL)
			return fail(p, "[listener %s] names backend %s, which is not defined", l->name,
			            l->backend);
		if ((l->tls_cert == NULL) != (l->tls_key == NULL))
			return fail(p, "[listener %s] needs both tls_cert and tls_key", l->name);
		if (l->tls_cert != NULL && strncmp(l->address, "tcp://", 6) != 0)
			return fail(p, "[listener %s]: TLS applies to tcp:// addresses only", l->name);
		for (size_t j = 0; j < i; j++) {
			if (strcmp(cfg->listeners[j].address, l->address) == 0)
				return fail(p, "[listener %s] uses the address of [listener %s]", l->name,
				            cfg->listeners[j].name);
		}
	}
	return 0;
}

struct gw_config *gw_config_parse(const char *text, const char *path, const char *plugin_dir,
                                  char *err, size_t errlen)
{
	struct parser p = { 0 };
	char *copy = xstrdup(text);
	char *cursor = copy;

	p.cfg = calloc(1, sizeof(*p.cfg));
	if (p.cfg == NULL)
		abort();
	p.cfg->path = xstrdup(path);
	p.cfg->daemon.log_level = SL_LOG_INFO;
	p.cfg->daemon.max_body_bytes = DEFAULT_MAX_BODY_BYTES;
	p.cfg->daemon.drain_timeout_s = 60;
	p.cfg->daemon.shutdown_timeout_s = 30;
	p.path = path;
	p.plugin_dir = plugin_dir;
	p.err = err;
	p.errlen = errlen;
	while (cursor != NULL) {
		char *line = cursor;
		char *nl = strchr(cursor, '\n');
		char *t;

		if (nl != NULL) {
			*nl = '\0';
			cursor = nl + 1;
		} else {
			cursor = NULL;
		}
		p.line++;
		t = trim(line);
		if (*t == '\0' || *t == '#' || *t == ';')
			continue;
		if ((*t == '[' ? section_header(&p, t) : key_value(&p, t)) != 0)
			goto fail;
	}
	if (check_whole(&p) != 0)
		goto fail;
	free(copy);
	return p.cfg;
fail:
	free(copy);
	gw_config_free(p.cfg);
	return NULL;
}

struct gw_config *gw_config_load(const char *path, const char *plugin_dir, char *err,
                                 size_t errlen)
{
	FILE *f = fopen(path, "r");
	char *text;
	size_t n;
	struct gw_config *cfg;

	if (f == NULL) {
		snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
		return NULL;
	}
	text = malloc(MAX_CONFIG_BYTES + 1);
	if (text == NULL)
		abort();
	n = fread(text, 1, MAX_CONFIG_BYTES + 1, f);
	if (ferror(f) || n > MAX_CONFIG_BYTES) {
		snprintf(err, errlen, "%s: %s", path, ferror(f) ? strerror(errno) : "file too large");
		fclose(f);
		free(text);
		return NULL;
	}
	fclose(f);
	text[n] = '\0';
	if (memchr(text, '\0', n) != NULL) {
		snprintf(err, errlen, "%s: contains a NUL byte", path);
		free(text);
		return NULL;
	}
	cfg = gw_config_parse(text, path, plugin_dir, err, errlen);
	free(text);
	return cfg;
}

void gw_config_free(struct gw_config *cfg)
{
	if (cfg == NULL)
		return;
	for (size_t i = 0; i < cfg->n_listeners; i++) {
		struct gw_listener_config *l = &cfg->listeners[i];

		free(l->name);
		free(l->address);
		free(l->backend);
		free(l->group);
		free(l->tls_cert);
		free(l->tls_key);
	}
	for (size_t i = 0; i < cfg->n_backends; i++) {
		struct gw_backend_config *b = &cfg->backends[i];

		free(b->name);
		free(b->plugin);
		free(b->plugin_path);
		for (size_t j = 0; j < b->n_entries; j++) {
			free(b->entries[j].key);
			free(b->entries[j].value);
		}
		free(b->entries);
	}
	free(cfg->listeners);
	free(cfg->backends);
	free(cfg->daemon.pid_file);
	free(cfg->daemon.plugin_dir);
	free(cfg->daemon.runtime_dir);
	free(cfg->path);
	free(cfg);
}

const struct gw_backend_config *gw_config_backend(const struct gw_config *cfg, const char *name)
{
	for (size_t i = 0; i < cfg->n_backends; i++) {
		if (strcmp(cfg->backends[i].name, name) == 0)
			return &cfg->backends[i];
	}
	return NULL;
}

int gw_backend_config_equal(const struct gw_backend_config *a, const struct gw_backend_config *b)
{
	if (strcmp(a->plugin_path, b->plugin_path) != 0 || a->n_entries != b->n_entries)
		return 0;
	for (size_t i = 0; i < a->n_entries; i++) {
		if (strcmp(a->entries[i].key, b->entries[i].key) != 0 ||
		    strcmp(a->entries[i].value, b->entries[i].value) != 0)
			return 0;
	}
	return 1;
}
