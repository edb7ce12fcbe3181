/* A load generator for the hot-swap tests: N threads, each on its own
 * keep-alive connection to a unix socket, loop over network create,
 * inspect, list and remove until a stop file appears.  Every answer is
 * checked against the status Docker gives; anything else, and every
 * transport error (reset, closed connection), counts as a failure.  Each
 * thread keeps the network of its first round,
 * writing its name to the report, so the test can check afterwards that
 * state made during the swaps is intact.  (Few are kept: like Docker, each
 * network takes one of about thirty default address pools.) */
#include "config.h"

#include <curl/curl.h>
#include <getopt.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct load {
	const char *socket_path;
	const char *stop_file;
	const char *prefix;
	FILE *report;
	pthread_mutex_t report_lock;
	atomic_long requests;
	atomic_long failures;
};

struct worker {
	struct load *load;
	int index;
};

struct body {
	char data[4096];
	size_t len;
};

static size_t collect(char *ptr, size_t size, size_t nmemb, void *arg)
{
	struct body *b = arg;
	size_t n = size * nmemb;
	size_t room = sizeof(b->data) - 1 - b->len;

	memcpy(b->data + b->len, ptr, n < room ? n : room);
	b->len += n < room ? n : room;
	b->data[b->len] = '\0';
	return n;
}

/* One request; returns the HTTP status, or -1 on a transport error. */
static long request(CURL *curl, const char *method, const char *url, const char *json,
                    struct body *out)
{
	struct curl_slist *headers = NULL;
	long status = -1;
	CURLcode rc;

	out->len = 0;
	out->data[0] = '\0';
	curl_easy_setopt(curl, CURLOPT_URL, url);
	curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method);
	if (json != NULL) {
		headers = curl_slist_append(headers, "Content-Type: application/json");
		curl_easy_setopt(curl, CURLOPT_POSTFIELDS, json);
	} else {
		curl_easy_setopt(curl, CURLOPT_POSTFIELDS, NULL);
		curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
		curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method);
	}
	curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
	rc = curl_easy_perform(curl);
	if (rc == CURLE_OK)
		curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
	curl_slist_free_all(headers);
	return status;
}

static void check(struct load *load, const char *what, long got, long want, const struct body *b)
{
	atomic_fetch_add(&load->requests, 1);
	if (got == want)
		return;
	atomic_fetch_add(&load->failures, 1);
	pthread_mutex_lock(&load->report_lock);
	fprintf(load->report, "FAIL %s: status %ld, want %ld: %s\n", what, got, want, b->data);
	fflush(load->report);
	pthread_mutex_unlock(&load->report_lock);
}

static void *work(void *arg)
{
	struct worker *w = arg;
	struct load *load = w->load;
	CURL *curl = curl_easy_init();
	struct body b;
	char url[512], json[512], name[256];
	long i = 0;

	if (curl == NULL)
		return NULL;
	curl_easy_setopt(curl, CURLOPT_UNIX_SOCKET_PATH, load->socket_path);
	curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
	curl_easy_setopt(curl, CURLOPT_WRITEDATA, &b);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT, 60L);
	while (access(load->stop_file, F_OK) != 0) {
		snprintf(name, sizeof(name), "%s-%d-%ld", load->prefix, w->index, i);
		snprintf(json, sizeof(json), "{\"Name\":\"%s\",\"Labels\":{\"load\":\"%s\"}}", name,
		         load->prefix);
		check(load, "create", request(curl, "POST", "http://d/v1.47/networks/create", json, &b),
		      201, &b);
		snprintf(url, sizeof(url), "http://d/v1.47/networks/%s", name);
		check(load, "inspect", request(curl, "GET", url, NULL, &b), 200, &b);
		snprintf(url, sizeof(url),
		         "http://d/v1.47/networks?filters=%%7B%%22name%%22%%3A%%5B%%22%s%%22%%5D%%7D",
		         name);
		check(load, "list", request(curl, "GET", url, NULL, &b), 200, &b);
		if (i == 0) {
			pthread_mutex_lock(&load->report_lock);
			fprintf(load->report, "KEPT %s\n", name);
			pthread_mutex_unlock(&load->report_lock);
		} else {
			snprintf(url, sizeof(url), "http://d/v1.47/networks/%s", name);
			check(load, "remove", request(curl, "DELETE", url, NULL, &b), 204, &b);
		}
		i++;
	}
	curl_easy_cleanup(curl);
	return NULL;
}

int main(int argc, char **argv)
{
	struct load load;
	int clients = 8, opt;
	const char *report_path = NULL;
	pthread_t threads[64];
	struct worker workers[64];

	memset(&load, 0, sizeof(load));
	while ((opt = getopt(argc, argv, "s:c:f:p:r:")) != -1) {
		switch (opt) {
		case 's': load.socket_path = optarg; break;
		case 'c': clients = atoi(optarg); break;
		case 'f': load.stop_file = optarg; break;
		case 'p': load.prefix = optarg; break;
		case 'r': report_path = optarg; break;
		default: break;
		}
	}
	if (load.socket_path == NULL || load.stop_file == NULL || load.prefix == NULL ||
	    report_path == NULL || clients < 1 || clients > 64) {
		fprintf(stderr, "usage: load_client -s SOCKET -f STOPFILE -p PREFIX -r REPORT [-c N]\n");
		return 2;
	}
	load.report = fopen(report_path, "w");
	if (load.report == NULL) {
		perror(report_path);
		return 2;
	}
	pthread_mutex_init(&load.report_lock, NULL);
	curl_global_init(CURL_GLOBAL_DEFAULT);
	for (int i = 0; i < clients; i++) {
		workers[i].load = &load;
		workers[i].index = i;
		pthread_create(&threads[i], NULL, work, &workers[i]);
	}
	for (int i = 0; i < clients; i++)
		pthread_join(threads[i], NULL);
	fprintf(load.report, "REQUESTS %ld\nFAILURES %ld\n", (long)atomic_load(&load.requests),
	        (long)atomic_load(&load.failures));
	fclose(load.report);
	curl_global_cleanup();
	return atomic_load(&load.failures) == 0 ? 0 : 1;
}
