/* Helpers shared by the gateway codec unit tests: an arena per test and
 * JSON in and out of strings.  Header-only so each test stays one
 * program. */
#ifndef TESTS_CODEC_TEST_H
#define TESTS_CODEC_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <json-c/json.h>

#include "gateway/arena.h"
#include "gateway/json_util.h"

/** cmocka setup/teardown: *state is a fresh arena. */
static inline int codec_setup(void **state)
{
	*state = gw_arena_new();
	return *state == NULL ? -1 : 0;
}

static inline int codec_teardown(void **state)
{
	gw_arena_free(*state);
	return 0;
}

/** Parse text strictly (it must be valid); NULL for "". Released with the arena. */
static inline json_object *codec_json(struct gw_arena *arena, const char *text)
{
	struct gw_codec_error err;
	json_object *o = NULL;

	assert_int_equal(gw_json_parse_strict(arena, text, strlen(text), &o, &err), 0);
	return o;
}

/** Serialise o compactly into the arena and release o. */
static inline const char *codec_text(struct gw_arena *arena, json_object *o)
{
	const char *s = gw_arena_strdup(arena, json_object_to_json_string_ext(
		o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));

	json_object_put(o);
	return s;
}

/** Member path "a.b.c" of o as compact JSON text ("null" for null, "<absent>" when missing). */
static inline const char *codec_member(struct gw_arena *arena, json_object *o, const char *path)
{
	char buf[256];
	char *save = NULL, *part;

	snprintf(buf, sizeof(buf), "%s", path);
	for (part = strtok_r(buf, ".", &save); part != NULL; part = strtok_r(NULL, ".", &save)) {
		json_object *next = NULL;

		if (o == NULL || !json_object_is_type(o, json_type_object) ||
		    !json_object_object_get_ex(o, part, &next))
			return "<absent>";
		o = next;
	}
	if (o == NULL)
		return "null";
	return gw_arena_strdup(arena, json_object_to_json_string_ext(
		o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
}

/** codec_member, then release o: for an object made for one look only. */
static inline const char *codec_take_member(struct gw_arena *arena, json_object *o, const char *path)
{
	const char *s = codec_member(arena, o, path);

	json_object_put(o);
	return s;
}

#endif
