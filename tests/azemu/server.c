/* libmicrohttpd glue: collect the body, apply faults, dispatch, log, answer. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <microhttpd.h>

#include "tests/azemu/admin.h"
#include "tests/azemu/arm.h"
#include "tests/azemu/auth.h"
#include "tests/azemu/faults.h"
#include "tests/azemu/reqlog.h"
#include "tests/azemu/server.h"

#define MAX_BODY (8u * 1024u * 1024u)

struct azemu_server {
	struct MHD_Daemon *daemon;
	struct azemu *emu;
};

struct conn_state {
	char *body;
	size_t len;
	size_t cap;
	int too_big;
};

const char *azemu_query(const struct azemu_request *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
}

const char *azemu_header(const struct azemu_request *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

struct query_buf {
	char buf[4096];
	size_t len;
};

static enum MHD_Result add_arg(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	struct query_buf *q = cls;

	(void)kind;
	if (q->len < sizeof(q->buf))
		q->len += (size_t)snprintf(q->buf + q->len, sizeof(q->buf) - q->len, "%s%s%s%s",
		                           q->len > 0 ? "&" : "", key, value != NULL ? "=" : "",
		                           value != NULL ? value : "");
	if (q->len >= sizeof(q->buf))
		q->len = sizeof(q->buf) - 1;
	return MHD_YES;
}

static void sleep_ms(int64_t ms)
{
	struct timespec ts = { (time_t)(ms / 1000), (long)(ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* "/{tenant}/oauth2/v2.0/token": the tenant into buf, or NULL. */
static const char *token_tenant(const char *path, char *buf, size_t cap)
{
	const char *suffix = "/oauth2/v2.0/token";
	size_t n = strlen(path), s = strlen(suffix);

	if (n <= s + 1 || path[0] != '/' || strcmp(path + n - s, suffix) != 0)
		return NULL;
	if (memchr(path + 1, '/', n - s - 1) != NULL || n - s - 1 >= cap)
		return NULL;
	memcpy(buf, path + 1, n - s - 1);
	buf[n - s - 1] = '\0';
	return buf;
}

static const char *dispatch(struct azemu *emu, const struct azemu_request *req,
                            struct azemu_response *resp)
{
	char tenant[256];

	if (strncmp(req->path, "/subscriptions/", 15) == 0) {
		azemu_arm_serve(emu, req, resp);
		return "arm";
	}
	if (strcmp(req->path, "/metadata/identity/oauth2/token") == 0) {
		azemu_auth_imds(emu, req, resp);
		return "identity";
	}
	if (strcmp(req->path, "/msi/token") == 0) {
		azemu_auth_identity_endpoint(emu, req, resp);
		return "identity";
	}
	if (token_tenant(req->path, tenant, sizeof(tenant)) != NULL) {
		azemu_auth_token_endpoint(emu, req, tenant, resp);
		return "token";
	}
	azemu_response_error(resp, 404, "NotFound", "azemu serves no %s", req->path);
	return "other";
}

static enum MHD_Result send_response(struct MHD_Connection *conn, const struct azemu_response *r)
{
	size_t len = r->body != NULL ? strlen(r->body) : 0;
	struct MHD_Response *mr =
		MHD_create_response_from_buffer(len, r->body != NULL ? r->body : (char *)"",
		                                MHD_RESPMEM_MUST_COPY);
	enum MHD_Result rc;

	if (mr == NULL)
		return MHD_NO;
	if (len > 0)
		MHD_add_response_header(mr, "Content-Type", "application/json; charset=utf-8");
	MHD_add_response_header(mr, "Cache-Control", "no-cache");
	MHD_add_response_header(mr, "Pragma", "no-cache");
	for (size_t i = 0; i < r->n_headers; i++)
		MHD_add_response_header(mr, r->names[i], r->values[i]);
	rc = MHD_queue_response(conn, (unsigned)r->status, mr);
	MHD_destroy_response(mr);
	return rc;
}

static enum MHD_Result serve(struct azemu *emu, struct MHD_Connection *conn, const char *url,
                             const char *method, struct conn_state *st)
{
	struct azemu_request req;
	struct azemu_response resp;
	struct azemu_fault_action fault;
	struct query_buf q;
	char base[512];
	const char *host = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Host");
	const char *kind;
	int faulted = 0;
	enum MHD_Result rc;

	memset(&req, 0, sizeof(req));
	memset(&resp, 0, sizeof(resp));
	q.len = 0;
	q.buf[0] = '\0';
	MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, add_arg, &q);
	snprintf(base, sizeof(base), "http://%s", host != NULL ? host : "127.0.0.1");
	req.conn = conn;
	req.method = method;
	req.path = url;
	req.query = q.buf;
	req.body = st->body != NULL ? st->body : "";
	req.body_len = st->len;
	req.base_url = base;
	req.now_ms = azemu_now_ms();

	if (st->too_big) {
		azemu_response_error(&resp, 413, "RequestEntityTooLarge", "The request body is too large.");
		azemu_reqlog_write(emu->reqlog, "other", &req, 413, 0);
		rc = send_response(conn, &resp);
		azemu_response_clear(&resp);
		return rc;
	}
	if (strncmp(url, "/_azemu", 7) == 0) {
		azemu_admin_serve(emu, &req, &resp);
		azemu_reqlog_write(emu->reqlog, "admin", &req, resp.status, 0);
		rc = send_response(conn, &resp);
		azemu_response_clear(&resp);
		return rc;
	}
	if (azemu_faults_match(emu->faults, method, url, &fault)) {
		faulted = fault.id;
		if (fault.delay_ms > 0)
			sleep_ms(fault.delay_ms);
		if (fault.drop) {
			azemu_reqlog_write(emu->reqlog, "dropped", &req, 0, faulted);
			return MHD_NO;
		}
		if (fault.status != 0 && !fault.after) {
			azemu_faults_respond(&fault, &resp);
			azemu_reqlog_write(emu->reqlog, "fault", &req, resp.status, faulted);
			rc = send_response(conn, &resp);
			azemu_response_clear(&resp);
			return rc;
		}
	}
	kind = dispatch(emu, &req, &resp);
	if (faulted && fault.status != 0 && fault.after)
		azemu_faults_respond(&fault, &resp);
	if (resp.status == 0)
		resp.status = 500;
	azemu_reqlog_write(emu->reqlog, kind, &req, resp.status, faulted);
	rc = send_response(conn, &resp);
	azemu_response_clear(&resp);
	return rc;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
	struct azemu *emu = cls;
	struct conn_state *st = *con_cls;

	(void)version;
	if (st == NULL) {
		st = calloc(1, sizeof(*st));
		if (st == NULL)
			return MHD_NO;
		*con_cls = st;
		return MHD_YES;
	}
	if (*upload_data_size > 0) {
		size_t n = *upload_data_size;

		if (st->len + n > MAX_BODY) {
			st->too_big = 1;
		} else {
			if (st->len + n + 1 > st->cap) {
				size_t cap = st->cap != 0 ? st->cap : 4096;

				while (cap < st->len + n + 1)
					cap *= 2;
				st->body = realloc(st->body, cap);
				if (st->body == NULL)
					abort();
				st->cap = cap;
			}
			memcpy(st->body + st->len, upload_data, n);
			st->len += n;
			st->body[st->len] = '\0';
		}
		*upload_data_size = 0;
		return MHD_YES;
	}
	return serve(emu, conn, url, method, st);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
	struct conn_state *st = *con_cls;

	(void)cls;
	(void)conn;
	(void)toe;
	if (st != NULL) {
		if (st->body != NULL) {
			/* Bodies carry keys and secrets. */
			explicit_bzero(st->body, st->len);
			free(st->body);
		}
		free(st);
		*con_cls = NULL;
	}
}

struct azemu_server *azemu_server_start(struct azemu *emu, int fd, char *err, size_t errlen)
{
	struct azemu_server *s = calloc(1, sizeof(*s));

	if (s == NULL)
		abort();
	s->emu = emu;
	s->daemon = MHD_start_daemon(MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD |
	                                     MHD_USE_ERROR_LOG,
	                             0, NULL, NULL, on_request, emu, MHD_OPTION_LISTEN_SOCKET, fd,
	                             MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
	                             MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)120, MHD_OPTION_END);
	if (s->daemon == NULL) {
		snprintf(err, errlen, "libmicrohttpd did not start");
		free(s);
		return NULL;
	}
	return s;
}

void azemu_server_stop(struct azemu_server *s)
{
	if (s == NULL)
		return;
	MHD_stop_daemon(s->daemon);
	free(s);
}
