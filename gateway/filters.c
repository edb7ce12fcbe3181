/* Docker's filters, decoded once for every list and prune endpoint.
 * The rules follow moby's api/types/filters and each endpoint's own
 * checks (daemon/network/filter.go, volume/service/convert.go,
 * daemon/prune.go, daemon/list.go). */
#include "config.h"

#include <json-c/json.h>
#include <string.h>

#include "gateway/filters.h"
#include "gateway/gotime.h"
#include "gateway/json_util.h"
#include "gateway/pattern.h"

/* Go's json.Unmarshal into map[string]map[string]bool: values are objects of booleans. */
static int fits_map_form(json_object *obj)
{
	json_object_object_foreach(obj, k, v) {
		(void)k;
		if (v == NULL)
			continue;
		if (!json_object_is_type(v, json_type_object))
			return 0;
		json_object_object_foreach(v, vk, vv) {
			(void)vk;
			if (vv != NULL && !json_object_is_type(vv, json_type_boolean))
				return 0;
		}
	}
	return 1;
}

/* The legacy map[string][]string form. */
static int fits_list_form(json_object *obj)
{
	json_object_object_foreach(obj, k, v) {
		(void)k;
		if (v == NULL)
			continue;
		if (!json_object_is_type(v, json_type_array))
			return 0;
		for (size_t i = 0; i < json_object_array_length(v); i++) {
			json_object *e = json_object_array_get_idx(v, i);

			if (e != NULL && !json_object_is_type(e, json_type_string))
				return 0;
		}
	}
	return 1;
}

static void add_value(struct gw_filter_field *f, const char *value)
{
	for (size_t i = 0; i < f->n; i++) {
		if (strcmp(f->values[i], value) == 0)
			return;
	}
	f->values[f->n++] = value;
}

/* A JSON string that fits in a C string (filters with NUL bytes cannot match anything we hold). */
static int plain_string(json_object *s, const char **out)
{
	const char *v = json_object_get_string(s);

	if ((size_t)json_object_get_string_len(s) != strlen(v))
		return -1;
	*out = v;
	return 0;
}

int gw_filter_args_parse(struct gw_arena *arena, const char *text, struct gw_filter_args *out)
{
	struct gw_codec_error perr;
	json_object *obj;
	int map_form;
	size_t n = 0;

	memset(out, 0, sizeof(*out));
	if (text == NULL || *text == '\0')
		return 0;
	if (gw_json_parse_strict(arena, text, strlen(text), &obj, &perr) != 0)
		return -1;
	if (obj == NULL)
		return 0;
	if (!json_object_is_type(obj, json_type_object))
		return -1;
	map_form = fits_map_form(obj);
	if (!map_form && !fits_list_form(obj))
		return -1;
	out->fields = gw_arena_alloc(arena, sizeof(*out->fields) *
	                                        ((size_t)json_object_object_length(obj) + 1));
	json_object_object_foreach(obj, key, val) {
		struct gw_filter_field *f = &out->fields[n++];
		size_t cap = 0;

		f->key = key;
		if (val != NULL)
			cap = map_form ? (size_t)json_object_object_length(val) : json_object_array_length(val);
		f->values = gw_arena_alloc(arena, sizeof(*f->values) * (cap + 1));
		if (val == NULL)
			continue;
		if (map_form) {
			/* The boolean is not a switch: every listed value counts. */
			json_object_object_foreach(val, vk, vv) {
				(void)vv;
				add_value(f, vk);
			}
		} else {
			for (size_t i = 0; i < cap; i++) {
				json_object *e = json_object_array_get_idx(val, i);
				const char *s = "";

				if (e != NULL && plain_string(e, &s) != 0)
					return -1;
				add_value(f, s);
			}
		}
	}
	out->n = n;
	return 0;
}

const struct gw_filter_field *gw_filter_args_get(const struct gw_filter_args *args,
                                                 const char *key)
{
	for (size_t i = 0; i < args->n; i++) {
		if (strcmp(args->fields[i].key, key) == 0)
			return &args->fields[i];
	}
	return NULL;
}

/* ---------------------------------------------------------------- */

/* Refuse keys outside accepted (a NULL-terminated list): `invalid filter 'k'`. */
static int validate_keys(struct gw_arena *arena, const struct gw_filter_args *args,
                         const char *const *accepted, struct gw_codec_error *err)
{
	for (size_t i = 0; i < args->n; i++) {
		int ok = 0;

		for (const char *const *a = accepted; *a != NULL; a++)
			ok |= strcmp(*a, args->fields[i].key) == 0;
		if (!ok)
			return gw_codec_fail(arena, err, 400, "invalid filter '%s'", args->fields[i].key);
	}
	return 0;
}

/* Go's fmt %s of a []string: "[a b]". */
static const char *go_slice(struct gw_arena *arena, const struct gw_filter_field *f)
{
	size_t len = 3;
	char *s, *p;

	for (size_t i = 0; i < f->n; i++)
		len += strlen(f->values[i]) + 1;
	s = p = gw_arena_alloc(arena, len);
	*p++ = '[';
	for (size_t i = 0; i < f->n; i++) {
		size_t l = strlen(f->values[i]);

		if (i > 0)
			*p++ = ' ';
		memcpy(p, f->values[i], l);
		p += l;
	}
	*p++ = ']';
	*p = '\0';
	return s;
}

static void take_patterns(struct gw_arena *arena, const struct gw_filter_field *f, size_t *n,
                          const struct sl_pattern **out)
{
	struct sl_pattern *p;

	if (f == NULL)
		return;
	p = gw_arena_alloc(arena, sizeof(*p) * (f->n + 1));
	for (size_t i = 0; i < f->n; i++)
		gw_pattern_compile(arena, f->values[i], &p[i]);
	*n = f->n;
	*out = p;
}

static void take_strings(const struct gw_filter_field *f, size_t *n, const char *const **out)
{
	if (f == NULL)
		return;
	*n = f->n;
	*out = (const char *const *)f->values;
}

/* "key" or "key=value", split at the first '='. */
static struct sl_label_cond *label_conds(struct gw_arena *arena, const struct gw_filter_field *f,
                                         size_t extra)
{
	size_t n = f != NULL ? f->n : 0;
	struct sl_label_cond *c = gw_arena_alloc(arena, sizeof(*c) * (n + extra + 1));

	for (size_t i = 0; i < n; i++) {
		const char *eq = strchr(f->values[i], '=');

		if (eq == NULL) {
			c[i].key = f->values[i];
		} else {
			c[i].key = gw_arena_strndup(arena, f->values[i], (size_t)(eq - f->values[i]));
			c[i].value = eq + 1;
		}
	}
	return c;
}

/* Returns 1 when label! is present with no values: moby's MatchKVList
 * then holds for every object, so a prune removes nothing. */
static int take_labels(struct gw_arena *arena, const struct gw_filter_args *args,
                       struct sl_filters *out)
{
	const struct gw_filter_field *l = gw_filter_args_get(args, "label");
	const struct gw_filter_field *ln = gw_filter_args_get(args, "label!");

	if (l != NULL && l->n > 0) {
		out->label = label_conds(arena, l, 0);
		out->n_label = l->n;
	}
	if (ln != NULL && ln->n > 0) {
		out->label_not = label_conds(arena, ln, 0);
		out->n_label_not = ln->n;
	}
	return ln != NULL && ln->n == 0;
}

/* strconv.ParseBool. */
static int go_parse_bool(const char *s, int *out)
{
	static const char *const yes[] = { "1", "t", "T", "TRUE", "true", "True" };
	static const char *const no[] = { "0", "f", "F", "FALSE", "false", "False" };

	for (size_t i = 0; i < 6; i++) {
		if (strcmp(s, yes[i]) == 0) {
			*out = 1;
			return 0;
		}
		if (strcmp(s, no[i]) == 0) {
			*out = 0;
			return 0;
		}
	}
	return -1;
}

static int parse_args(struct gw_arena *arena, const char *text, struct gw_filter_args *args,
                      const char *wrap, struct gw_codec_error *err)
{
	if (gw_filter_args_parse(arena, text, args) == 0)
		return 0;
	return gw_codec_fail(arena, err, 400, "%s%sinvalid filter", wrap != NULL ? wrap : "",
	                     wrap != NULL ? ": " : "");
}

int gw_filters_network_list(struct gw_arena *arena, const char *text, struct sl_filters *out,
                            struct gw_codec_error *err)
{
	static const char *const accepted[] = {
		"dangling", "driver", "id", "label", "name", "scope", "type", NULL
	};
	struct gw_filter_args args;
	const struct gw_filter_field *f;

	memset(out, 0, sizeof(*out));
	out->dangling = SL_TRI_UNSET;
	if (parse_args(arena, text, &args, NULL, err) != 0 ||
	    validate_keys(arena, &args, accepted, err) != 0)
		return -1;
	take_patterns(arena, gw_filter_args_get(&args, "name"), &out->n_name, &out->name);
	take_patterns(arena, gw_filter_args_get(&args, "id"), &out->n_id, &out->id);
	take_strings(gw_filter_args_get(&args, "driver"), &out->n_driver, &out->driver);
	take_strings(gw_filter_args_get(&args, "scope"), &out->n_scope, &out->scope);
	take_labels(arena, &args, out);
	f = gw_filter_args_get(&args, "dangling");
	if (f != NULL && f->n > 0) {
		if (f->n > 1)
			return gw_codec_fail(arena, err, 400,
			                     "got more than one value for filter key \"dangling\"");
		if (strcmp(f->values[0], "1") == 0 || strcmp(f->values[0], "true") == 0)
			out->dangling = SL_TRI_TRUE;
		else if (strcmp(f->values[0], "0") == 0 || strcmp(f->values[0], "false") == 0)
			out->dangling = SL_TRI_FALSE;
		else
			return gw_codec_fail(arena, err, 400,
			                     "invalid value for filter 'dangling', must be \"true\" (or \"1\"), or \"false\" (or \"0\")");
	}
	f = gw_filter_args_get(&args, "type");
	for (size_t i = 0; f != NULL && i < f->n; i++) {
		if (strcmp(f->values[i], "builtin") == 0)
			out->type_mask |= SL_NETWORK_TYPE_BUILTIN;
		else if (strcmp(f->values[i], "custom") == 0)
			out->type_mask |= SL_NETWORK_TYPE_CUSTOM;
		else
			/* dockerd answers 500 here (an untyped error); it is the client's input. */
			return gw_codec_fail(arena, err, 400, "invalid filter: 'type'='%s'", f->values[i]);
	}
	return 0;
}

/* getUntilFromPruneFilters. */
static int take_until(struct gw_arena *arena, const struct gw_filter_args *args, int64_t now_ns,
                      struct sl_filters *out, struct gw_codec_error *err)
{
	const struct gw_filter_field *f = gw_filter_args_get(args, "until");

	if (f == NULL || f->n == 0)
		return 0;
	if (f->n > 1)
		return gw_codec_fail(arena, err, 400, "more than one until filter specified");
	if (gw_parse_until(arena, f->values[0], now_ns, &out->until_ns, err) != 0)
		return -1;
	out->has_until = 1;
	return 0;
}

int gw_filters_network_prune(struct gw_arena *arena, const char *text, int64_t now_ns,
                             struct sl_filters *out, struct gw_codec_error *err)
{
	static const char *const accepted[] = { "until", "label", "label!", NULL };
	struct gw_filter_args args;

	memset(out, 0, sizeof(*out));
	out->dangling = SL_TRI_UNSET;
	if (parse_args(arena, text, &args, NULL, err) != 0 ||
	    validate_keys(arena, &args, accepted, err) != 0 ||
	    take_until(arena, &args, now_ns, out, err) != 0)
		return -1;
	return take_labels(arena, &args, out);
}

int gw_filters_volume_list(struct gw_arena *arena, const char *text, struct sl_filters *out,
                           struct gw_codec_error *err)
{
	static const char *const accepted[] = { "dangling", "name", "driver", "label", NULL };
	struct gw_filter_args args;
	const struct gw_filter_field *f;

	memset(out, 0, sizeof(*out));
	out->dangling = SL_TRI_UNSET;
	if (parse_args(arena, text, &args, "error reading volume filters", err) != 0 ||
	    validate_keys(arena, &args, accepted, err) != 0)
		return -1;
	take_strings(gw_filter_args_get(&args, "driver"), &out->n_driver, &out->driver);
	take_patterns(arena, gw_filter_args_get(&args, "name"), &out->n_name, &out->name);
	take_labels(arena, &args, out);
	f = gw_filter_args_get(&args, "dangling");
	if (f != NULL) {
		int has_true = f->n == 0, has_false = 0;

		/* moby's ExactMatch: an empty value set matches anything, so it reads as true. */
		for (size_t i = 0; i < f->n; i++) {
			has_true |= strcmp(f->values[i], "true") == 0 || strcmp(f->values[i], "1") == 0;
			has_false |= strcmp(f->values[i], "false") == 0 || strcmp(f->values[i], "0") == 0;
		}
		if (has_true)
			out->dangling = SL_TRI_TRUE;
		else if (has_false)
			out->dangling = SL_TRI_FALSE;
		else
			return gw_codec_fail(arena, err, 400, "invalid filter 'dangling=%s'",
			                     go_slice(arena, f));
	}
	return 0;
}

int gw_filters_volume_prune(struct gw_arena *arena, const char *text, int legacy_all,
                            struct sl_filters *out, struct gw_codec_error *err)
{
	static const char *const accepted[] = { "label", "label!", "all", NULL };
	struct gw_filter_args args;
	struct gw_filter_field *all = NULL;
	int all_true = 0, nothing;

	memset(out, 0, sizeof(*out));
	out->dangling = SL_TRI_UNSET;
	if (parse_args(arena, text, &args, NULL, err) != 0)
		return -1;
	for (size_t i = 0; i < args.n; i++) {
		if (strcmp(args.fields[i].key, "all") == 0)
			all = &args.fields[i];
	}
	if (legacy_all) {
		/* Before API 1.42 the route adds all=true to what the client sent. */
		if (all == NULL) {
			struct gw_filter_field *grown = gw_arena_alloc(arena, sizeof(*grown) * (args.n + 1));

			if (args.n > 0)
				memcpy(grown, args.fields, sizeof(*grown) * args.n);
			all = &grown[args.n];
			all->key = "all";
			all->values = gw_arena_alloc(arena, sizeof(*all->values) * 2);
			args.fields = grown;
			args.n++;
		} else {
			const char **grown = gw_arena_alloc(arena, sizeof(*grown) * (all->n + 2));

			memcpy(grown, all->values, sizeof(*grown) * all->n);
			all->values = grown;
		}
		add_value(all, "true");
	}
	/* withPrune runs before the key check, so its messages come first. */
	if (all != NULL && all->n > 1)
		return gw_codec_fail(arena, err, 400,
		                     "invalid filter 'all=%s': only one value is expected",
		                     go_slice(arena, all));
	if (all != NULL && all->n == 1 && go_parse_bool(all->values[0], &all_true) != 0)
		return gw_codec_fail(arena, err, 400,
		                     "invalid filter 'all': strconv.ParseBool: parsing %s: invalid syntax",
		                     gw_go_quote(arena, all->values[0]));
	if (validate_keys(arena, &args, accepted, err) != 0)
		return -1;
	nothing = take_labels(arena, &args, out);
	if (!all_true) {
		/* Only anonymous volumes, unless all=true: one more label condition. */
		const struct gw_filter_field *l = gw_filter_args_get(&args, "label");
		size_t n = l != NULL ? l->n : 0;
		struct sl_label_cond *c = label_conds(arena, l, 1);

		c[n].key = GW_ANONYMOUS_VOLUME_LABEL;
		c[n].value = NULL;
		out->label = c;
		out->n_label = n + 1;
	}
	return nothing;
}

static int valid_status(const char *s)
{
	static const char *const states[] = {
		"created", "restarting", "running", "removing", "paused", "exited", "dead"
	};

	for (size_t i = 0; i < sizeof(states) / sizeof(states[0]); i++) {
		if (strcmp(s, states[i]) == 0)
			return 1;
	}
	return 0;
}

int gw_filters_container_list(struct gw_arena *arena, const char *text, struct sl_filters *out,
                              int *status_given, struct gw_codec_error *err)
{
	static const char *const accepted[] = {
		"ancestor", "before", "exited", "health", "id", "isolation", "label", "name",
		"status", "network", "publish", "expose", "since", "volume", "is-task", NULL
	};
	static const char *const evaluated[] = {
		"id", "label", "name", "status", "network", "volume", NULL
	};
	struct gw_filter_args args;
	const struct gw_filter_field *f;

	memset(out, 0, sizeof(*out));
	out->dangling = SL_TRI_UNSET;
	*status_given = 0;
	if (parse_args(arena, text, &args, NULL, err) != 0 ||
	    validate_keys(arena, &args, accepted, err) != 0)
		return -1;
	for (size_t i = 0; i < args.n; i++) {
		int ok = 0;

		for (const char *const *e = evaluated; *e != NULL; e++)
			ok |= strcmp(*e, args.fields[i].key) == 0;
		/* Answering as if the filter held would list the wrong containers. */
		if (!ok)
			return gw_codec_fail(arena, err, 400,
			                     "filter '%s' is not supported by sockerless",
			                     args.fields[i].key);
	}
	f = gw_filter_args_get(&args, "status");
	for (size_t i = 0; f != NULL && i < f->n; i++) {
		if (!valid_status(f->values[i]))
			return gw_codec_fail(arena, err, 400, "invalid filter 'status=%s'", f->values[i]);
	}
	if (f != NULL) {
		take_strings(f, &out->n_status, &out->status);
		*status_given = f->n > 0;
	}
	take_patterns(arena, gw_filter_args_get(&args, "id"), &out->n_id, &out->id);
	take_patterns(arena, gw_filter_args_get(&args, "name"), &out->n_name, &out->name);
	take_strings(gw_filter_args_get(&args, "network"), &out->n_network, &out->network);
	take_strings(gw_filter_args_get(&args, "volume"), &out->n_volume, &out->volume);
	take_labels(arena, &args, out);
	return 0;
}
