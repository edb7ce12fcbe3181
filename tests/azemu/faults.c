/* Fault rules. */
#include "config.h"

#include <pthread.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tests/azemu/azemu.h"
#include "tests/azemu/faults.h"

struct rule {
	struct rule *next;
	int id;
	char *method;                   /* NULL: any */
	char *pattern;
	regex_t re;
	int remaining;                  /* < 0: unlimited */
	int hits;
	struct azemu_fault_action action;
};

struct azemu_faults {
	pthread_mutex_t lock;
	struct rule *head, *tail;
	int next_id;
};

struct azemu_faults *azemu_faults_new(void)
{
	struct azemu_faults *f = calloc(1, sizeof(*f));

	if (f == NULL)
		abort();
	pthread_mutex_init(&f->lock, NULL);
	f->next_id = 1;
	return f;
}

static void rule_free(struct rule *r)
{
	regfree(&r->re);
	free(r->method);
	free(r->pattern);
	free(r);
}

void azemu_faults_clear(struct azemu_faults *f)
{
	struct rule *r, *next;

	pthread_mutex_lock(&f->lock);
	for (r = f->head; r != NULL; r = next) {
		next = r->next;
		rule_free(r);
	}
	f->head = f->tail = NULL;
	pthread_mutex_unlock(&f->lock);
}

void azemu_faults_free(struct azemu_faults *f)
{
	if (f == NULL)
		return;
	azemu_faults_clear(f);
	pthread_mutex_destroy(&f->lock);
	free(f);
}

static const char *get_str(json_object *o, const char *k)
{
	json_object *v;

	return json_object_object_get_ex(o, k, &v) && json_object_is_type(v, json_type_string)
		       ? json_object_get_string(v)
		       : NULL;
}

static int get_int(json_object *o, const char *k, int64_t *out)
{
	json_object *v;

	if (!json_object_object_get_ex(o, k, &v))
		return 0;
	if (!json_object_is_type(v, json_type_int))
		return -1;
	*out = json_object_get_int64(v);
	return 1;
}

static const char *default_code(int status)
{
	switch (status) {
	case 408: return "RequestTimeout";
	case 409: return "Conflict";
	case 429: return "TooManyRequests";
	case 500: return "InternalServerError";
	case 502: return "BadGateway";
	case 503: return "ServiceUnavailable";
	case 504: return "GatewayTimeout";
	default: return "InjectedFault";
	}
}

int azemu_faults_add(struct azemu_faults *f, json_object *spec, int *id, char *err, size_t errlen)
{
	struct rule *r;
	const char *method = get_str(spec, "method"), *path = get_str(spec, "path");
	const char *code = get_str(spec, "code"), *message = get_str(spec, "message");
	json_object *ra, *drop, *after;
	int64_t status = 0, count = -1, delay = 0, ra_ms = -1;
	int rc;

	if (spec == NULL || !json_object_is_type(spec, json_type_object)) {
		snprintf(err, errlen, "a fault is a JSON object");
		return -1;
	}
	if (path == NULL) {
		snprintf(err, errlen, "a fault needs \"path\" (a POSIX extended regular expression)");
		return -1;
	}
	if (get_int(spec, "status", &status) < 0 || get_int(spec, "count", &count) < 0 ||
	    get_int(spec, "delayMs", &delay) < 0 || get_int(spec, "retryAfterMs", &ra_ms) < 0) {
		snprintf(err, errlen, "status, count, delayMs and retryAfterMs are integers");
		return -1;
	}
	if (status != 0 && (status < 100 || status > 599)) {
		snprintf(err, errlen, "status must be an HTTP status");
		return -1;
	}
	r = calloc(1, sizeof(*r));
	if (r == NULL)
		abort();
	rc = regcomp(&r->re, path, REG_EXTENDED | REG_NOSUB | REG_ICASE);
	if (rc != 0) {
		regerror(rc, &r->re, err, errlen);
		free(r);
		return -1;
	}
	r->method = method != NULL && strcmp(method, "*") != 0 ? azemu_strdup(method) : NULL;
	r->pattern = azemu_strdup(path);
	r->remaining = count < 0 ? -1 : (int)count;
	r->action.status = (int)status;
	r->action.delay_ms = delay;
	r->action.drop = json_object_object_get_ex(spec, "drop", &drop) && json_object_get_boolean(drop);
	r->action.after = json_object_object_get_ex(spec, "after", &after) && json_object_get_boolean(after);
	snprintf(r->action.code, sizeof(r->action.code), "%s", code != NULL ? code : default_code((int)status));
	snprintf(r->action.message, sizeof(r->action.message), "%s",
	         message != NULL ? message : "Injected by azemu.");
	r->action.retry_after_ms = ra_ms;
	if (json_object_object_get_ex(spec, "retryAfter", &ra)) {
		/* Seconds as a number, or any string (an HTTP date). */
		snprintf(r->action.retry_after, sizeof(r->action.retry_after), "%s",
		         json_object_get_string(ra));
	}
	pthread_mutex_lock(&f->lock);
	r->id = f->next_id++;
	r->action.id = r->id;
	if (f->tail != NULL)
		f->tail->next = r;
	else
		f->head = r;
	f->tail = r;
	*id = r->id;
	pthread_mutex_unlock(&f->lock);
	return 0;
}

json_object *azemu_faults_list(struct azemu_faults *f)
{
	json_object *list = json_object_new_array();

	pthread_mutex_lock(&f->lock);
	for (struct rule *r = f->head; r != NULL; r = r->next) {
		json_object *o = json_object_new_object();

		json_object_object_add(o, "id", json_object_new_int(r->id));
		json_object_object_add(o, "method", json_object_new_string(r->method != NULL ? r->method : "*"));
		json_object_object_add(o, "path", json_object_new_string(r->pattern));
		json_object_object_add(o, "status", json_object_new_int(r->action.status));
		json_object_object_add(o, "remaining", json_object_new_int(r->remaining));
		json_object_object_add(o, "hits", json_object_new_int(r->hits));
		json_object_array_add(list, o);
	}
	pthread_mutex_unlock(&f->lock);
	return list;
}

int azemu_faults_match(struct azemu_faults *f, const char *method, const char *path,
                       struct azemu_fault_action *out)
{
	int matched = 0;

	pthread_mutex_lock(&f->lock);
	for (struct rule *r = f->head; r != NULL; r = r->next) {
		if (r->remaining == 0)
			continue;
		if (r->method != NULL && strcasecmp(r->method, method) != 0)
			continue;
		if (regexec(&r->re, path, 0, NULL, 0) != 0)
			continue;
		if (r->remaining > 0)
			r->remaining--;
		r->hits++;
		*out = r->action;
		matched = 1;
		break;
	}
	pthread_mutex_unlock(&f->lock);
	return matched;
}

void azemu_faults_respond(const struct azemu_fault_action *a, struct azemu_response *resp)
{
	azemu_response_clear(resp);
	azemu_response_error(resp, a->status, a->code, "%s", a->message);
	if (a->retry_after[0] != '\0')
		azemu_response_header(resp, "Retry-After", "%s", a->retry_after);
	if (a->retry_after_ms >= 0)
		azemu_response_header(resp, "retry-after-ms", "%lld", (long long)a->retry_after_ms);
}
