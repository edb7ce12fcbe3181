/* Shared handler helpers. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gateway/api_common.h"

/* A growing malloc'd buffer owned by an arena (freed with it). */
struct gw_text_buffer {
	char *buf;
	size_t len;
	size_t cap;
};

void gw_respond_codec_error(struct gw_request *req, struct gw_response *resp,
                            const struct gw_codec_error *err)
{
	gw_respond_error(req, resp, err->status, "%s", err->message);
}

int64_t gw_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void free_text(void *arg)
{
	struct gw_text_buffer *t = arg;

	free(t->buf);
}

static void text_append(struct gw_text_buffer *t, const char *s, size_t n)
{
	if (t->len + n + 1 > t->cap) {
		size_t cap = t->cap ? t->cap : 4096;
		char *nb;

		while (cap < t->len + n + 1)
			cap *= 2;
		nb = realloc(t->buf, cap);
		if (nb == NULL)
			abort();
		t->buf = nb;
		t->cap = cap;
	}
	memcpy(t->buf + t->len, s, n);
	t->len += n;
	t->buf[t->len] = '\0';
}

void gw_array_writer_init(struct gw_array_writer *w, struct gw_arena *arena)
{
	w->arena = arena;
	w->count = 0;
	w->text = gw_arena_alloc(arena, sizeof(*w->text));
	gw_arena_defer(arena, free_text, w->text);
	text_append(w->text, "[", 1);
}

void gw_array_writer_add(struct gw_array_writer *w, json_object *elem)
{
	size_t len;
	const char *s = json_object_to_json_string_length(
		elem, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE, &len);

	if (w->count++ > 0)
		text_append(w->text, ",", 1);
	text_append(w->text, s, len);
	json_object_put(elem);
}

void gw_array_writer_respond(struct gw_array_writer *w, struct gw_response *resp, unsigned status)
{
	/* Go's json.Encoder ends every document with a newline. */
	text_append(w->text, "]\n", 2);
	resp->status = status;
	resp->body = w->text->buf;
	resp->body_len = w->text->len;
	resp->content_type = "application/json";
}
