/* libmicrohttpd glue: listeners, request bodies with a size bound, the
 * response helpers, and per-request bookkeeping (arena, generation
 * reference, one log line).  One thread per connection: hooks may block on
 * the cloud for a long time (container wait), and keep-alive connections
 * from the docker CLI and CI runners stay open between requests. */
#include "config.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <microhttpd.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "gateway/http.h"
#include "gateway/json_util.h"
#include "gateway/log.h"
#include "gateway/router.h"
#include "gateway/server.h"

/* Headers and the request line must fit in this much per connection. */
#define CONNECTION_MEMORY_LIMIT (64u * 1024u)
/* An oversized chunked body is read and dropped up to this much. */
#define DISCARD_LIMIT (16u * 1024u * 1024u)
/* Idle keep-alive connections are closed after this many seconds. */
#define CONNECTION_IDLE_TIMEOUT 600u

/* State of one request, from its first callback to its completion. */
struct request_state {
	struct gw_request req;
	struct gw_response resp;
	struct gw_listener *listener;
	char *body;
	size_t body_len;
	size_t body_cap;
	int too_large;
	size_t discarded;              /* bytes dropped after too_large */
	int answered;
	struct timespec started;
};

int gw_api_at_least(const struct gw_request *req, unsigned major, unsigned minor)
{
	return req->api_major > major || (req->api_major == major && req->api_minor >= minor);
}

const char *gw_query(const struct gw_request *req, const char *key)
{
	return MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, key);
}

const char *gw_header(const struct gw_request *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name);
}

int gw_query_bool(const struct gw_request *req, const char *key)
{
	const char *v = gw_query(req, key);
	char buf[16];
	size_t n = 0;

	if (v == NULL)
		return 0;
	while (isspace((unsigned char)*v))
		v++;
	while (v[n] != '\0' && !isspace((unsigned char)v[n]) && n < sizeof(buf) - 1) {
		buf[n] = (char)tolower((unsigned char)v[n]);
		n++;
	}
	buf[n] = '\0';
	return !(n == 0 || strcmp(buf, "0") == 0 || strcmp(buf, "no") == 0 ||
	         strcmp(buf, "false") == 0 || strcmp(buf, "none") == 0);
}

void gw_respond_header(struct gw_response *resp, const char *name, const char *value)
{
	if (resp->n_headers < GW_MAX_HEADERS) {
		resp->headers[resp->n_headers].name = name;
		resp->headers[resp->n_headers].value = value;
		resp->n_headers++;
	}
}

void gw_respond_json(struct gw_request *req, struct gw_response *resp, unsigned status,
                     json_object *obj)
{
	size_t len;
	const char *text = json_object_to_json_string_length(
		obj, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE, &len);
	char *body = gw_arena_alloc(req->arena, len + 2);

	memcpy(body, text, len);
	body[len] = '\n';   /* Go's json.Encoder ends every document with one */
	resp->status = status;
	resp->body = body;
	resp->body_len = len + 1;
	resp->content_type = "application/json";
	json_object_put(obj);
}

void gw_respond_error(struct gw_request *req, struct gw_response *resp, unsigned status,
                      const char *fmt, ...)
{
	va_list ap;
	char *msg;
	json_object *obj = json_object_new_object();

	va_start(ap, fmt);
	msg = gw_arena_vsprintf(req->arena, fmt, ap);
	va_end(ap);
	json_object_object_add(obj, "message", json_object_new_string(msg));
	gw_respond_json(req, resp, status, obj);
}

void gw_respond_call_error(struct gw_request *req, struct gw_response *resp)
{
	unsigned status = gw_status_http(req->call.status);

	if (req->call.status == SL_OK) {
		gw_respond_error(req, resp, 500, "backend %s reported a failure without a reason",
		                 req->backend->name);
		return;
	}
	if (status == 304) {
		gw_respond_empty(resp, 304);
		return;
	}
	gw_respond_error(req, resp, status, "%s",
	                 req->call.message != NULL ? req->call.message : "unknown error");
}

void gw_respond_empty(struct gw_response *resp, unsigned status)
{
	resp->status = status;
	resp->body = NULL;
	resp->body_len = 0;
	resp->content_type = NULL;
}

int gw_respond_unsupported(struct gw_request *req, struct gw_response *resp, const void *hook,
                           const char *operation)
{
	if (hook != NULL)
		return 0;
	gw_respond_error(req, resp, 501, "%s is not supported by backend %s", operation,
	                 req->backend->name);
	return 1;
}

static char *media_type(struct gw_arena *arena, const char *ct)
{
	size_t n;
	char *m;

	while (isspace((unsigned char)*ct))
		ct++;
	n = strcspn(ct, ";");
	while (n > 0 && isspace((unsigned char)ct[n - 1]))
		n--;
	m = gw_arena_strndup(arena, ct, n);
	for (char *p = m; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return m;
}

int gw_request_json(struct gw_request *req, struct gw_response *resp, json_object **out)
{
	const char *ct = gw_header(req, "Content-Type");
	struct gw_codec_error err;

	*out = NULL;
	if (req->body_len == 0)
		return 0;
	if (ct == NULL || strcmp(media_type(req->arena, ct), "application/json") != 0) {
		gw_respond_error(req, resp, 400,
		                 "unsupported Content-Type header (%s): must be 'application/json'",
		                 ct != NULL ? ct : "");
		return -1;
	}
	if (gw_json_parse_strict(req->arena, req->body, req->body_len, out, &err) != 0) {
		gw_respond_error(req, resp, err.status, "%s", err.message);
		return -1;
	}
	return 0;
}

/* ---------------------------------------------------------------- */

static const char *server_header(void)
{
	return "Docker/" GW_ENGINE_COMPAT "+sockerless." PACKAGE_VERSION " (linux)";
}

static enum MHD_Result send_response(struct MHD_Connection *conn, struct gw_response *resp,
                                     const struct gw_server *server)
{
	struct MHD_Response *r;
	enum MHD_Result ret;

	r = MHD_create_response_from_buffer(resp->body_len, (void *)(uintptr_t)resp->body,
	                                    MHD_RESPMEM_MUST_COPY);
	if (r == NULL)
		return MHD_NO;
	if (resp->content_type != NULL)
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, resp->content_type);
	if (resp->docker_headers) {
		MHD_add_response_header(r, "Api-Version", GW_API_MAX_STRING);
		MHD_add_response_header(r, "Docker-Experimental", "false");
		MHD_add_response_header(r, "Ostype", "linux");
		MHD_add_response_header(r, MHD_HTTP_HEADER_SERVER, server_header());
	}
	for (size_t i = 0; i < resp->n_headers; i++)
		MHD_add_response_header(r, resp->headers[i].name, resp->headers[i].value);
	/* While shutting down, keep-alive clients are told to go, so that the
	 * in-flight count can reach zero instead of being fed forever. */
	if (atomic_load(&server->quiescing))
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONNECTION, "close");
	ret = MHD_queue_response(conn, resp->status, r);
	MHD_destroy_response(r);
	return ret;
}

static void dispatch(struct request_state *st)
{
	struct gw_request *req = &st->req;
	struct gw_response *resp = &st->resp;
	const char *rest, *version_text;
	const struct gw_route *route;
	enum gw_version_result vr;

	req->body = st->body != NULL ? st->body : "";
	req->body_len = st->body_len;
	vr = gw_split_version(req->arena, req->url, &rest, &req->api_major, &req->api_minor,
	                      &version_text);
	req->path = rest;
	if (vr == GW_VERSION_NOT_A_ROUTE) {
		gw_respond_error(req, resp, 404, "page not found");
		return;
	}
	route = gw_route_find(req->arena, req->method, rest, req->params);
	if (route == NULL) {
		gw_respond_error(req, resp, 404, "page not found");
		return;
	}
	resp->docker_headers = 1;
	if (vr == GW_VERSION_TOO_NEW) {
		gw_respond_error(req, resp, 400,
		                 "client version %s is too new. Maximum supported API version is %s",
		                 version_text, GW_API_MAX_STRING);
		return;
	}
	if (vr == GW_VERSION_TOO_OLD) {
		gw_respond_error(req, resp, 400,
		                 "client version %s is too old. Minimum supported API version is %s, "
		                 "please upgrade your client to a newer version",
		                 version_text, GW_API_MIN_STRING);
		return;
	}
	req->gen = gw_backend_acquire(req->backend);
	if (req->gen == NULL) {
		gw_respond_error(req, resp, 503, "backend %s has no plugin loaded",
		                 req->backend->name);
		return;
	}
	route->handler(req, resp);
}

static int body_append(struct request_state *st, const char *data, size_t len, size_t max)
{
	if (st->body_len + len > max)
		return -1;
	if (st->body_len + len + 1 > st->body_cap) {
		size_t cap = st->body_cap ? st->body_cap : 4096;
		char *nb;

		while (cap < st->body_len + len + 1)
			cap *= 2;
		nb = realloc(st->body, cap);
		if (nb == NULL)
			return -1;
		st->body = nb;
		st->body_cap = cap;
	}
	memcpy(st->body + st->body_len, data, len);
	st->body_len += len;
	st->body[st->body_len] = '\0';
	return 0;
}

static enum MHD_Result answer_too_large(struct request_state *st, struct MHD_Connection *conn,
                                        size_t max)
{
	st->answered = 1;
	st->resp.docker_headers = 1;
	gw_respond_error(&st->req, &st->resp, 413, "request body is larger than the %zu-byte limit",
	                 max);
	return send_response(conn, &st->resp, st->req.server);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_data_size,
                                  void **con_cls)
{
	struct gw_listener *l = cls;
	struct gw_server *server = l->server;
	size_t max = atomic_load(&server->max_body_bytes);
	struct request_state *st = *con_cls;

	(void)version;
	if (st == NULL) {
		const char *cl;

		st = calloc(1, sizeof(*st));
		if (st == NULL)
			return MHD_NO;
		st->req.arena = gw_arena_new();
		if (st->req.arena == NULL) {
			free(st);
			return MHD_NO;
		}
		clock_gettime(CLOCK_MONOTONIC, &st->started);
		st->listener = l;
		st->req.conn = conn;
		st->req.server = server;
		st->req.backend = l->backend;
		st->req.method = gw_arena_strdup(st->req.arena, method);
		st->req.url = gw_arena_strdup(st->req.arena, url);
		gw_call_init(&st->req.call, st->req.arena);
		st->resp.status = 500;
		atomic_fetch_add(&server->inflight, 1);
		*con_cls = st;
		cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
		                                 MHD_HTTP_HEADER_CONTENT_LENGTH);
		if (cl != NULL && strtoull(cl, NULL, 10) > max) {
			st->too_large = 1;
			return answer_too_large(st, conn, max);
		}
		return MHD_YES;
	}
	if (*upload_data_size > 0) {
		/* libmicrohttpd takes no response in the middle of a body, so an
		 * oversized body without Content-Length is read and dropped (up to
		 * a bound, then the connection is closed) and answered at its end. */
		if (st->too_large) {
			st->discarded += *upload_data_size;
			*upload_data_size = 0;
			return st->discarded > DISCARD_LIMIT ? MHD_NO : MHD_YES;
		}
		if (body_append(st, upload_data, *upload_data_size, max) != 0)
			st->too_large = 1;
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (st->answered)
		return MHD_YES;
	if (st->too_large)
		return answer_too_large(st, conn, max);
	st->answered = 1;
	dispatch(st);
	return send_response(conn, &st->resp, st->req.server);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
	struct gw_listener *l = cls;
	struct request_state *st = *con_cls;
	struct timespec now;
	double ms;

	(void)conn;
	if (st == NULL)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	ms = (double)(now.tv_sec - st->started.tv_sec) * 1e3 +
	     (double)(now.tv_nsec - st->started.tv_nsec) / 1e6;
	gw_log(toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? SL_LOG_INFO : SL_LOG_WARNING,
	       l->name, "%s %s %u %.3fms%s", st->req.method, st->req.url, st->resp.status, ms,
	       toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " (connection ended early)");
	gw_backend_release(st->req.gen);
	gw_arena_free(st->req.arena);
	free(st->body);
	free(st);
	*con_cls = NULL;
	atomic_fetch_add(&l->server->served, 1);
	atomic_fetch_sub(&l->server->inflight, 1);
}

static void mhd_logger(void *cls, const char *fmt, va_list ap)
{
	struct gw_listener *l = cls;

	gw_logv(SL_LOG_WARNING, l->name, fmt, ap);
}

/* ---------------------------------------------------------------- */

int gw_host_is_loopback(const char *host)
{
	struct addrinfo hints, *res, *ai;
	int all_loopback = 1;

	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	if (getaddrinfo(host, NULL, &hints, &res) != 0)
		return -1;
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		if (ai->ai_family == AF_INET) {
			const struct sockaddr_in *sin = (const struct sockaddr_in *)(const void *)ai->ai_addr;

			if ((ntohl(sin->sin_addr.s_addr) >> 24) != 127)
				all_loopback = 0;
		} else if (ai->ai_family == AF_INET6) {
			const struct sockaddr_in6 *sin6 =
				(const struct sockaddr_in6 *)(const void *)ai->ai_addr;

			if (!IN6_IS_ADDR_LOOPBACK(&sin6->sin6_addr))
				all_loopback = 0;
		} else {
			all_loopback = 0;
		}
	}
	freeaddrinfo(res);
	return all_loopback;
}

static int open_unix(const char *path, mode_t mode, const char *group, char *err, size_t errlen)
{
	struct sockaddr_un sa;
	struct stat stbuf;
	mode_t old_umask;
	int fd;

	if (strlen(path) >= sizeof(sa.sun_path)) {
		snprintf(err, errlen, "unix socket path %s is longer than %zu bytes", path,
		         sizeof(sa.sun_path) - 1);
		return -1;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	memcpy(sa.sun_path, path, strlen(path) + 1);
	if (lstat(path, &stbuf) == 0) {
		int probe;

		if (!S_ISSOCK(stbuf.st_mode)) {
			snprintf(err, errlen, "%s exists and is not a socket; not removing it", path);
			return -1;
		}
		probe = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (probe >= 0 && connect(probe, (struct sockaddr *)&sa, sizeof(sa)) == 0) {
			close(probe);
			snprintf(err, errlen, "%s is in use by another running server", path);
			return -1;
		}
		if (probe >= 0)
			close(probe);
		/* Nobody answers: a stale socket left by a crash. */
		if (unlink(path) != 0) {
			snprintf(err, errlen, "cannot remove stale socket %s: %s", path, strerror(errno));
			return -1;
		}
		gw_log(SL_LOG_INFO, "gateway", "removed stale socket %s", path);
	}
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		snprintf(err, errlen, "socket: %s", strerror(errno));
		return -1;
	}
	/* Never let the socket exist, even briefly, with looser permissions. */
	old_umask = umask(0177);
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
		umask(old_umask);
		snprintf(err, errlen, "cannot bind %s: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	umask(old_umask);
	if (group != NULL) {
		struct group *gr = getgrnam(group);

		if (gr == NULL || chown(path, (uid_t)-1, gr->gr_gid) != 0) {
			snprintf(err, errlen, "cannot give %s to group %s: %s", path, group,
			         gr == NULL ? "no such group" : strerror(errno));
			close(fd);
			unlink(path);
			return -1;
		}
	}
	if (chmod(path, mode) != 0) {
		snprintf(err, errlen, "cannot chmod %s: %s", path, strerror(errno));
		close(fd);
		unlink(path);
		return -1;
	}
	if (listen(fd, 128) != 0) {
		snprintf(err, errlen, "cannot listen on %s: %s", path, strerror(errno));
		close(fd);
		unlink(path);
		return -1;
	}
	return fd;
}

static int split_host_port(const char *hostport, char *host, size_t hostlen, char *port,
                           size_t portlen)
{
	const char *colon;
	size_t hl;

	if (hostport[0] == '[') {
		const char *close = strchr(hostport, ']');

		if (close == NULL || close[1] != ':')
			return -1;
		hl = (size_t)(close - hostport - 1);
		if (hl >= hostlen)
			return -1;
		memcpy(host, hostport + 1, hl);
		host[hl] = '\0';
		colon = close + 1;
	} else {
		colon = strrchr(hostport, ':');
		if (colon == NULL)
			return -1;
		hl = (size_t)(colon - hostport);
		if (hl >= hostlen)
			return -1;
		memcpy(host, hostport, hl);
		host[hl] = '\0';
	}
	if (strlen(colon + 1) == 0 || strlen(colon + 1) >= portlen ||
	    strspn(colon + 1, "0123456789") != strlen(colon + 1))
		return -1;
	snprintf(port, portlen, "%s", colon + 1);
	return 0;
}

static int open_tcp(const char *host, const char *port, char *err, size_t errlen)
{
	struct addrinfo hints, *res;
	int fd, one = 1, rc;

	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE;
	rc = getaddrinfo(host[0] ? host : NULL, port, &hints, &res);
	if (rc != 0) {
		snprintf(err, errlen, "cannot resolve %s: %s", host, gai_strerror(rc));
		return -1;
	}
	fd = socket(res->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		snprintf(err, errlen, "socket: %s", strerror(errno));
		freeaddrinfo(res);
		return -1;
	}
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, res->ai_addr, res->ai_addrlen) != 0 || listen(fd, 128) != 0) {
		snprintf(err, errlen, "cannot listen on %s:%s: %s", host, port, strerror(errno));
		close(fd);
		freeaddrinfo(res);
		return -1;
	}
	freeaddrinfo(res);
	return fd;
}

static char *read_pem(const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	char *buf;
	size_t n;

	if (f == NULL) {
		snprintf(err, errlen, "cannot open %s: %s", path, strerror(errno));
		return NULL;
	}
	buf = calloc(1, 256 * 1024 + 1);
	if (buf == NULL)
		abort();
	n = fread(buf, 1, 256 * 1024, f);
	fclose(f);
	if (n == 0) {
		snprintf(err, errlen, "%s is empty", path);
		free(buf);
		return NULL;
	}
	return buf;
}

struct gw_listener *gw_listener_open(struct gw_server *server, const struct gw_listener_config *cfg,
                                     struct gw_backend *backend, char *err, size_t errlen)
{
	struct gw_listener *l = calloc(1, sizeof(*l));
	unsigned int flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION | MHD_USE_ITC |
	                     MHD_USE_ERROR_LOG;
	char *cert = NULL, *key = NULL;

	if (l == NULL)
		abort();
	l->fd = -1;
	l->server = server;
	l->backend = backend;
	l->name = strdup(cfg->name);
	l->address = strdup(cfg->address);
	l->backend_name = strdup(cfg->backend);
	if (l->name == NULL || l->address == NULL || l->backend_name == NULL)
		abort();
	if (strncmp(cfg->address, "unix://", 7) == 0) {
		l->fd = open_unix(cfg->address + 7, cfg->mode, cfg->group, err, errlen);
		if (l->fd < 0)
			goto fail;
		l->unix_path = strdup(cfg->address + 7);
	} else {
		char host[256], port[16];
		int loop;

		if (split_host_port(cfg->address + 6, host, sizeof(host), port, sizeof(port)) != 0) {
			snprintf(err, errlen, "listener %s: address %s is not tcp://host:port", cfg->name,
			         cfg->address);
			goto fail;
		}
		loop = host[0] ? gw_host_is_loopback(host) : 0;
		if (loop < 0) {
			snprintf(err, errlen, "listener %s: cannot resolve %s", cfg->name, host);
			goto fail;
		}
		if (!loop && cfg->tls_cert == NULL) {
			snprintf(err, errlen,
			         "listener %s: refusing to serve %s without TLS: only loopback addresses "
			         "may be plain TCP (set tls_cert and tls_key)",
			         cfg->name, cfg->address);
			goto fail;
		}
		if (cfg->tls_cert != NULL) {
			if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) {
				snprintf(err, errlen, "listener %s: libmicrohttpd was built without TLS",
				         cfg->name);
				goto fail;
			}
			cert = read_pem(cfg->tls_cert, err, errlen);
			if (cert == NULL)
				goto fail;
			key = read_pem(cfg->tls_key, err, errlen);
			if (key == NULL)
				goto fail;
			flags |= MHD_USE_TLS;
		}
		l->fd = open_tcp(host, port, err, errlen);
		if (l->fd < 0)
			goto fail;
	}
	if (cert != NULL) {
		l->mhd = MHD_start_daemon(flags, 0, NULL, NULL, on_request, l,
		                          MHD_OPTION_EXTERNAL_LOGGER, mhd_logger, l,
		                          MHD_OPTION_LISTEN_SOCKET, l->fd,
		                          MHD_OPTION_NOTIFY_COMPLETED, on_completed, l,
		                          MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)CONNECTION_MEMORY_LIMIT,
		                          MHD_OPTION_CONNECTION_TIMEOUT, CONNECTION_IDLE_TIMEOUT,
		                          MHD_OPTION_HTTPS_MEM_CERT, cert,
		                          MHD_OPTION_HTTPS_MEM_KEY, key,
		                          MHD_OPTION_END);
	} else {
		l->mhd = MHD_start_daemon(flags, 0, NULL, NULL, on_request, l,
		                          MHD_OPTION_EXTERNAL_LOGGER, mhd_logger, l,
		                          MHD_OPTION_LISTEN_SOCKET, l->fd,
		                          MHD_OPTION_NOTIFY_COMPLETED, on_completed, l,
		                          MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)CONNECTION_MEMORY_LIMIT,
		                          MHD_OPTION_CONNECTION_TIMEOUT, CONNECTION_IDLE_TIMEOUT,
		                          MHD_OPTION_END);
	}
	if (key != NULL) {
		explicit_bzero(key, strlen(key));
		free(key);
		key = NULL;
	}
	free(cert);
	cert = NULL;
	if (l->mhd == NULL) {
		snprintf(err, errlen, "listener %s: cannot start the HTTP server on %s", cfg->name,
		         cfg->address);
		goto fail;
	}
	return l;
fail:
	if (key != NULL) {
		explicit_bzero(key, strlen(key));
		free(key);
	}
	free(cert);
	if (l->fd >= 0)
		close(l->fd);
	if (l->unix_path != NULL)
		unlink(l->unix_path);
	free(l->unix_path);
	free(l->name);
	free(l->address);
	free(l->backend_name);
	free(l);
	return NULL;
}

void gw_listener_quiesce(struct gw_listener *l)
{
	if (l->mhd != NULL && l->fd >= 0) {
		MHD_socket s = MHD_quiesce_daemon(l->mhd);

		if (s != MHD_INVALID_SOCKET) {
			close(s);
			l->fd = -1;
		}
	}
	if (l->unix_path != NULL) {
		unlink(l->unix_path);
	}
}

void gw_listener_close(struct gw_listener *l)
{
	if (l == NULL)
		return;
	if (l->mhd != NULL)
		MHD_stop_daemon(l->mhd);
	if (l->fd >= 0)
		close(l->fd);
	if (l->unix_path != NULL)
		unlink(l->unix_path);
	free(l->unix_path);
	free(l->name);
	free(l->address);
	free(l->backend_name);
	free(l);
}

struct gw_backend *gw_server_backend(struct gw_server *server, const char *name)
{
	for (size_t i = 0; i < server->n_backends; i++) {
		if (strcmp(server->backends[i]->name, name) == 0)
			return server->backends[i];
	}
	return NULL;
}
