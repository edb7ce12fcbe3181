/* netbench: a small Docker API client that measures network operations
 * against a daemon on a unix socket (sockerlessd, or dockerd for
 * comparison).  Every client thread keeps one HTTP/1.1 connection open.
 *
 *   netbench SOCKET ops CLIENTS ITERATIONS
 *       each client, ITERATIONS times: create a network, inspect it,
 *       list with a name filter, remove it; latency per operation
 *   netbench SOCKET fill COUNT
 *       create COUNT networks bn-00000... with subnets 10.x.y.0/24; every
 *       100th carries the label bench=sel, all carry bench=all
 *   netbench SOCKET list REPEATS
 *       GET /networks: all, by the bench=sel label, by one exact name
 *
 * Prints one line per measurement: name, count, median, p90, p99, max
 * (milliseconds).  Exit status 1 when a request fails. */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

/* One keep-alive connection and a buffer for answers. */
struct conn {
	int fd;
	char *buf;
	size_t cap;
};

struct samples {
	size_t n;
	size_t cap;
	double *ms;
};

static const char *socket_path;

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int conn_open(struct conn *c)
{
	struct sockaddr_un addr;

	memset(c, 0, sizeof(*c));
	memset(&addr, 0, sizeof(addr));
	addr.sun_family = AF_UNIX;
	if (strlen(socket_path) >= sizeof(addr.sun_path)) {
		fprintf(stderr, "netbench: socket path too long\n");
		return -1;
	}
	memcpy(addr.sun_path, socket_path, strlen(socket_path) + 1);
	c->fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (c->fd < 0 || connect(c->fd, (struct sockaddr *)&addr, sizeof(addr)) != 0) {
		fprintf(stderr, "netbench: connect %s: %s\n", socket_path, strerror(errno));
		if (c->fd >= 0)
			close(c->fd);
		return -1;
	}
	c->cap = 1 << 16;
	c->buf = malloc(c->cap);
	return c->buf != NULL ? 0 : -1;
}

static void conn_close(struct conn *c)
{
	close(c->fd);
	free(c->buf);
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Send one request and read the whole answer; returns the status or -1. */
static int request(struct conn *c, const char *method, const char *path, const char *body)
{
	char head[1024];
	size_t blen = body != NULL ? strlen(body) : 0, have = 0, header_end = 0;
	long content_length = -1;
	int status = -1, n;

	n = snprintf(head, sizeof(head),
	             "%s %s HTTP/1.1\r\nHost: docker\r\n%sContent-Length: %zu\r\n\r\n", method, path,
	             body != NULL ? "Content-Type: application/json\r\n" : "", blen);
	if (n < 0 || (size_t)n >= sizeof(head) || write_all(c->fd, head, (size_t)n) != 0 ||
	    (blen > 0 && write_all(c->fd, body, blen) != 0))
		return -1;
	for (;;) {
		ssize_t r;

		if (header_end == 0) {
			char *e;

			c->buf[have] = '\0';
			e = strstr(c->buf, "\r\n\r\n");
			if (e != NULL) {
				char *cl = strcasestr(c->buf, "\r\nContent-Length:");

				header_end = (size_t)(e - c->buf) + 4;
				if (sscanf(c->buf, "HTTP/1.1 %d", &status) != 1)
					return -1;
				content_length = cl != NULL && cl < e ? strtol(cl + 17, NULL, 10) : 0;
			}
		}
		if (header_end != 0 && have >= header_end + (size_t)content_length)
			return status;
		if (have + 1 >= c->cap) {
			char *nb = realloc(c->buf, c->cap * 2);

			if (nb == NULL)
				return -1;
			c->buf = nb;
			c->cap *= 2;
		}
		r = read(c->fd, c->buf + have, c->cap - have - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		have += (size_t)r;
	}
}

static void add_sample(struct samples *s, double ms)
{
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 1024;
		double *nm = realloc(s->ms, sizeof(*nm) * cap);

		if (nm == NULL)
			abort();
		s->ms = nm;
		s->cap = cap;
	}
	s->ms[s->n++] = ms;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static void report(const char *name, struct samples *s)
{
	if (s->n == 0)
		return;
	qsort(s->ms, s->n, sizeof(double), cmp_double);
	printf("%-28s n=%-6zu median=%.3f p90=%.3f p99=%.3f max=%.3f ms\n", name, s->n,
	       s->ms[s->n / 2], s->ms[s->n * 9 / 10], s->ms[s->n * 99 / 100], s->ms[s->n - 1]);
}

/* Time one request into s; 0 when the status is the expected one. */
static int timed(struct conn *c, struct samples *s, const char *method, const char *path,
                 const char *body, int want)
{
	double t0 = now_ms();
	int status = request(c, method, path, body);

	add_sample(s, now_ms() - t0);
	if (status != want) {
		fprintf(stderr, "netbench: %s %s: status %d, want %d\n", method, path, status, want);
		return -1;
	}
	return 0;
}

/* ops mode ------------------------------------------------------------ */

struct ops_client {
	int id;
	int iterations;
	int failed;
	struct samples create, inspect, list, remove, create_remove;
};

static void *ops_worker(void *arg)
{
	struct ops_client *w = arg;
	struct conn c;
	char name[64], path[256], body[256];

	if (conn_open(&c) != 0) {
		w->failed = 1;
		return NULL;
	}
	for (int i = 0; i < w->iterations && !w->failed; i++) {
		double t0;

		snprintf(name, sizeof(name), "ops-%d-%d", w->id, i);
		snprintf(body, sizeof(body), "{\"Name\":\"%s\",\"Labels\":{\"bench\":\"ops\"}}", name);
		if (timed(&c, &w->create, "POST", "/v1.47/networks/create", body, 201) != 0) {
			w->failed = 1;
			break;
		}
		snprintf(path, sizeof(path), "/v1.47/networks/%s", name);
		if (timed(&c, &w->inspect, "GET", path, NULL, 200) != 0)
			w->failed = 1;
		snprintf(path, sizeof(path),
		         "/v1.47/networks?filters=%%7B%%22name%%22%%3A%%5B%%22%%5E%s%%24%%22%%5D%%7D", name);
		if (timed(&c, &w->list, "GET", path, NULL, 200) != 0)
			w->failed = 1;
		snprintf(path, sizeof(path), "/v1.47/networks/%s", name);
		if (timed(&c, &w->remove, "DELETE", path, NULL, 204) != 0)
			w->failed = 1;
		/* create + remove without the reads in between. */
		t0 = now_ms();
		snprintf(name, sizeof(name), "ops-%d-%d-b", w->id, i);
		snprintf(body, sizeof(body), "{\"Name\":\"%s\"}", name);
		snprintf(path, sizeof(path), "/v1.47/networks/%s", name);
		if (request(&c, "POST", "/v1.47/networks/create", body) != 201 ||
		    request(&c, "DELETE", path, NULL) != 204)
			w->failed = 1;
		add_sample(&w->create_remove, now_ms() - t0);
	}
	conn_close(&c);
	return NULL;
}

static void merge(struct samples *into, const struct samples *from)
{
	for (size_t i = 0; i < from->n; i++)
		add_sample(into, from->ms[i]);
}

static int run_ops(int clients, int iterations)
{
	struct ops_client *w = calloc((size_t)clients, sizeof(*w));
	pthread_t *t = calloc((size_t)clients, sizeof(*t));
	struct samples all[5];
	static const char *const names[] = { "create", "inspect", "list (name filter)", "remove",
	                                     "create+remove" };
	char label[64];
	double t0, elapsed;
	int failed = 0;

	if (w == NULL || t == NULL)
		abort();
	memset(all, 0, sizeof(all));
	t0 = now_ms();
	for (int i = 0; i < clients; i++) {
		w[i].id = i;
		w[i].iterations = iterations;
		if (pthread_create(&t[i], NULL, ops_worker, &w[i]) != 0)
			abort();
	}
	for (int i = 0; i < clients; i++) {
		pthread_join(t[i], NULL);
		failed |= w[i].failed;
		merge(&all[0], &w[i].create);
		merge(&all[1], &w[i].inspect);
		merge(&all[2], &w[i].list);
		merge(&all[3], &w[i].remove);
		merge(&all[4], &w[i].create_remove);
	}
	elapsed = now_ms() - t0;
	for (int k = 0; k < 5; k++) {
		snprintf(label, sizeof(label), "%s x%d", names[k], clients);
		report(label, &all[k]);
		free(all[k].ms);
	}
	printf("%-28s %.0f requests/s\n", "throughput",
	       (double)clients * iterations * 6 / (elapsed / 1e3));
	for (int i = 0; i < clients; i++) {
		free(w[i].create.ms);
		free(w[i].inspect.ms);
		free(w[i].list.ms);
		free(w[i].remove.ms);
		free(w[i].create_remove.ms);
	}
	free(w);
	free(t);
	return failed ? 1 : 0;
}

/* fill and list modes --------------------------------------------------- */

static int run_fill(int count)
{
	struct conn c;
	struct samples s = { 0, 0, NULL };
	char body[256];
	int rc = 0;

	if (count > 65536 || conn_open(&c) != 0)
		return 1;
	for (int i = 0; i < count && rc == 0; i++) {
		snprintf(body, sizeof(body),
		         "{\"Name\":\"bn-%05d\",\"Labels\":{\"bench\":\"all\"%s},"
		         "\"IPAM\":{\"Config\":[{\"Subnet\":\"10.%d.%d.0/24\"}]}}",
		         i, i % 100 == 0 ? ",\"sel\":\"yes\"" : "", i >> 8, i & 255);
		rc = timed(&c, &s, "POST", "/v1.47/networks/create", body, 201);
	}
	report("create (filling)", &s);
	free(s.ms);
	conn_close(&c);
	return rc != 0;
}

static int run_list(int repeats)
{
	static const struct {
		const char *name;
		const char *path;
	} lists[] = {
		{ "list all", "/v1.47/networks" },
		/* {"label":["sel=yes"]}: 1 network in 100 */
		{ "list by label (1%)", "/v1.47/networks?filters=%7B%22label%22%3A%5B%22sel%3Dyes%22%5D%7D" },
		/* {"label":["bench=all"]}: every network */
		{ "list by label (all)", "/v1.47/networks?filters=%7B%22label%22%3A%5B%22bench%3Dall%22%5D%7D" },
		/* {"name":["^bn-04242$"]} */
		{ "list by name", "/v1.47/networks?filters=%7B%22name%22%3A%5B%22%5Ebn-04242%24%22%5D%7D" },
	};
	struct conn c;
	int rc = 0;

	if (conn_open(&c) != 0)
		return 1;
	for (size_t k = 0; k < sizeof(lists) / sizeof(lists[0]) && rc == 0; k++) {
		struct samples s = { 0, 0, NULL };

		for (int i = 0; i < repeats && rc == 0; i++)
			rc = timed(&c, &s, "GET", lists[k].path, NULL, 200);
		report(lists[k].name, &s);
		free(s.ms);
	}
	conn_close(&c);
	return rc != 0;
}

int main(int argc, char **argv)
{
	if (argc < 4) {
		fprintf(stderr, "usage: netbench SOCKET ops CLIENTS ITERATIONS | fill COUNT | list REPEATS\n");
		return 2;
	}
	socket_path = argv[1];
	if (strcmp(argv[2], "ops") == 0 && argc == 5)
		return run_ops(atoi(argv[3]), atoi(argv[4]));
	if (strcmp(argv[2], "fill") == 0)
		return run_fill(atoi(argv[3]));
	if (strcmp(argv[2], "list") == 0)
		return run_list(atoi(argv[3]));
	fprintf(stderr, "netbench: unknown mode %s\n", argv[2]);
	return 2;
}
