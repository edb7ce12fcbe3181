/* Go's time formats, as Docker writes and reads them. */
#include "config.h"

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gateway/gotime.h"

#define NS_PER_S 1000000000LL

/* Days since 1970-01-01 of a proleptic Gregorian date (Hinnant's algorithm). */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

/* Offset of the local zone from UTC at Unix second t, in seconds. */
static long local_offset(time_t t)
{
	struct tm tm;

	if (localtime_r(&t, &tm) == NULL)
		return 0;
	return tm.tm_gmtoff;
}

static const char *format_time(struct gw_arena *arena, int64_t ns, int with_fraction)
{
	int64_t sec = ns / NS_PER_S, frac = ns % NS_PER_S;
	long off;
	time_t t;
	struct tm tm;
	char date[64], fr[16] = "", zone[32];

	if (ns == 0)
		return "0001-01-01T00:00:00Z";
	if (frac < 0) {
		frac += NS_PER_S;
		sec--;
	}
	t = (time_t)sec;
	off = local_offset(t);
	t += off;
	if (gmtime_r(&t, &tm) == NULL)
		return "0001-01-01T00:00:00Z";
	snprintf(date, sizeof(date), "%04d-%02d-%02dT%02d:%02d:%02d", tm.tm_year + 1900,
	         tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
	if (with_fraction && frac != 0) {
		int n;

		snprintf(fr, sizeof(fr), ".%09lld", (long long)frac);
		n = (int)strlen(fr);
		while (fr[n - 1] == '0')
			fr[--n] = '\0';
	}
	if (off == 0)
		snprintf(zone, sizeof(zone), "Z");
	else
		snprintf(zone, sizeof(zone), "%c%02ld:%02ld", off < 0 ? '-' : '+',
		         labs(off) / 3600, labs(off) % 3600 / 60);
	return gw_arena_sprintf(arena, "%s%s%s", date, fr, zone);
}

const char *gw_time_rfc3339nano(struct gw_arena *arena, int64_t ns)
{
	return format_time(arena, ns, 1);
}

const char *gw_time_rfc3339(struct gw_arena *arena, int64_t ns)
{
	return format_time(arena, ns, 0);
}

/* ---------------------------------------------------------------- */
/* Durations (time.ParseDuration)                                    */

static const struct {
	const char *name;
	uint64_t ns;
} duration_units[] = {
	{ "ns", 1 },
	{ "us", 1000 },
	{ "\xc2\xb5s", 1000 },   /* U+00B5 micro sign */
	{ "\xce\xbcs", 1000 },   /* U+03BC Greek mu */
	{ "ms", 1000000 },
	{ "s", 1000000000ULL },
	{ "m", 60000000000ULL },
	{ "h", 3600000000000ULL },
};

int gw_parse_go_duration(const char *s, int64_t *ns)
{
	const uint64_t limit = (uint64_t)1 << 63;
	uint64_t d = 0;
	int neg = 0;

	if (*s == '-' || *s == '+') {
		neg = *s == '-';
		s++;
	}
	if (strcmp(s, "0") == 0) {
		*ns = 0;
		return 0;
	}
	if (*s == '\0')
		return -1;
	while (*s != '\0') {
		uint64_t v = 0, f = 0, unit = 0;
		double scale = 1;
		int pre = 0, post = 0, overflow = 0;
		size_t ulen;

		if (!(*s == '.' || isdigit((unsigned char)*s)))
			return -1;
		while (isdigit((unsigned char)*s)) {
			if (v > (limit - 1) / 10)
				return -1;
			v = v * 10 + (uint64_t)(*s - '0');
			if (v > limit)
				return -1;
			s++;
			pre = 1;
		}
		if (*s == '.') {
			s++;
			while (isdigit((unsigned char)*s)) {
				if (!overflow) {
					if (f > (limit - 1) / 10) {
						overflow = 1;
					} else {
						f = f * 10 + (uint64_t)(*s - '0');
						scale *= 10;
					}
				}
				s++;
				post = 1;
			}
		}
		if (!pre && !post)
			return -1;
		ulen = 0;
		while (s[ulen] != '\0' && s[ulen] != '.' && !isdigit((unsigned char)s[ulen]))
			ulen++;
		if (ulen == 0)
			return -1;
		for (size_t i = 0; i < sizeof(duration_units) / sizeof(duration_units[0]); i++) {
			if (strlen(duration_units[i].name) == ulen &&
			    strncmp(duration_units[i].name, s, ulen) == 0)
				unit = duration_units[i].ns;
		}
		if (unit == 0)
			return -1;
		s += ulen;
		if (v > limit / unit)
			return -1;
		v *= unit;
		if (f > 0) {
			v += (uint64_t)((double)f * ((double)unit / scale));
			if (v > limit)
				return -1;
		}
		d += v;
		if (d > limit)
			return -1;
	}
	if (neg) {
		*ns = d == limit ? INT64_MIN : -(int64_t)d;
		return 0;
	}
	if (d > limit - 1)
		return -1;
	*ns = (int64_t)d;
	return 0;
}

/* ---------------------------------------------------------------- */
/* Go layouts, only the elements Docker's GetTimestamp uses           */

enum layout_elem {
	EL_LITERAL, EL_YEAR, EL_MONTH, EL_DAY, EL_HOUR, EL_MINUTE, EL_SECOND, EL_FRACTION, EL_ZONE
};

static const struct {
	const char *text;
	enum layout_elem elem;
} layout_elems[] = {
	{ "2006", EL_YEAR }, { "01", EL_MONTH }, { "02", EL_DAY }, { "15", EL_HOUR },
	{ "04", EL_MINUTE }, { "05", EL_SECOND }, { ".999999999", EL_FRACTION },
	{ "Z07:00", EL_ZONE },
};

struct parsed_time {
	int year, month, day, hour, minute, second;
	long nsec;
	int has_zone;
	long zone_offset;
};

/* The next layout element at layout: sets *elem and returns its length. */
static size_t next_elem(const char *layout, enum layout_elem *elem)
{
	for (size_t i = 0; i < sizeof(layout_elems) / sizeof(layout_elems[0]); i++) {
		size_t n = strlen(layout_elems[i].text);

		if (strncmp(layout, layout_elems[i].text, n) == 0) {
			*elem = layout_elems[i].elem;
			return n;
		}
	}
	*elem = EL_LITERAL;
	return 0;
}

static int getnum(const char **v, int fixed, int *out)
{
	const char *s = *v;

	if (!isdigit((unsigned char)s[0]))
		return -1;
	if (!isdigit((unsigned char)s[1])) {
		if (fixed)
			return -1;
		*out = s[0] - '0';
		*v = s + 1;
		return 0;
	}
	*out = (s[0] - '0') * 10 + (s[1] - '0');
	*v = s + 2;
	return 0;
}

/* Go's parseNanoseconds over value[0..nbytes), value[0] being '.' or ','. */
static int parse_nanos(const char *value, size_t nbytes, long *ns)
{
	long n = 0;

	if (nbytes > 10)
		nbytes = 10;
	if (nbytes < 2)
		return -1;
	for (size_t i = 1; i < nbytes; i++)
		n = n * 10 + (value[i] - '0');
	for (size_t i = nbytes; i < 10; i++)
		n *= 10;
	*ns = n;
	return 0;
}

static int is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in(int month, int year)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (month == 2 && is_leap(year))
		return 29;
	return days[month - 1];
}

/*
 * time.Parse / ParseInLocation for the layouts above.  On failure writes
 * Go's *time.ParseError text into err and returns -1.
 */
static int go_parse(struct gw_arena *arena, const char *layout, const char *value,
                    struct parsed_time *t, struct gw_codec_error *err)
{
	const char *l = layout, *v = value;
	const char *qv = gw_go_quote(arena, value), *ql = gw_go_quote(arena, layout);

	memset(t, 0, sizeof(*t));
	t->month = 1;
	t->day = 1;
	for (;;) {
		enum layout_elem elem = EL_LITERAL;
		size_t lit = 0, n;
		const char *hold, *range = NULL;
		int bad = 0;

		/* The literal run before the next element. */
		while (l[lit] != '\0' && next_elem(l + lit, &elem) == 0)
			lit++;
		for (size_t i = 0; i < lit; i++, v++) {
			if (*v != l[i])
				return gw_codec_fail(arena, err, 400,
				                     "parsing time %s as %s: cannot parse %s as %s", qv, ql,
				                     gw_go_quote(arena, v),
				                     gw_go_quote(arena, gw_arena_strndup(arena, l, lit)));
		}
		l += lit;
		if (*l == '\0') {
			if (*v != '\0')
				return gw_codec_fail(arena, err, 400, "parsing time %s: extra text: %s", qv,
				                     gw_go_quote(arena, v));
			break;
		}
		n = next_elem(l, &elem);
		hold = v;
		switch (elem) {
		case EL_YEAR:
			if (strlen(v) < 4 || !isdigit((unsigned char)v[0]) || !isdigit((unsigned char)v[1]) ||
			    !isdigit((unsigned char)v[2]) || !isdigit((unsigned char)v[3])) {
				bad = 1;
				break;
			}
			t->year = (v[0] - '0') * 1000 + (v[1] - '0') * 100 + (v[2] - '0') * 10 + (v[3] - '0');
			v += 4;
			break;
		case EL_MONTH:
			bad = getnum(&v, 1, &t->month) != 0;
			if (!bad && (t->month <= 0 || t->month > 12))
				range = "month";
			break;
		case EL_DAY:
			bad = getnum(&v, 1, &t->day) != 0;
			break;
		case EL_HOUR:
			bad = getnum(&v, 0, &t->hour) != 0;
			if (!bad && t->hour >= 24)
				range = "hour";
			break;
		case EL_MINUTE:
			bad = getnum(&v, 1, &t->minute) != 0;
			if (!bad && t->minute >= 60)
				range = "minute";
			break;
		case EL_SECOND:
			bad = getnum(&v, 1, &t->second) != 0;
			if (bad)
				break;
			if (t->second >= 60) {
				range = "second";
				break;
			}
			/* Go reads a fraction even when the layout has none. */
			if ((v[0] == '.' || v[0] == ',') && isdigit((unsigned char)v[1]) &&
			    strncmp(l + n, ".999999999", 10) != 0) {
				size_t k = 2;

				while (isdigit((unsigned char)v[k]))
					k++;
				parse_nanos(v, k, &t->nsec);
				v += k;
			}
			break;
		case EL_FRACTION:
			if ((v[0] == '.' || v[0] == ',') && isdigit((unsigned char)v[1])) {
				size_t k = 1;

				while (isdigit((unsigned char)v[k]))
					k++;
				parse_nanos(v, k, &t->nsec);
				v += k;
			}
			break;
		case EL_ZONE: {
			int hr, mm;
			const char *hh, *mi;

			if (v[0] == 'Z') {
				v++;
				t->has_zone = 1;
				t->zone_offset = 0;
				break;
			}
			if (strlen(v) < 6 || v[3] != ':') {
				bad = 1;
				break;
			}
			hh = gw_arena_strndup(arena, v + 1, 2);
			mi = gw_arena_strndup(arena, v + 4, 2);
			hr = mm = 0;
			if (getnum(&hh, 1, &hr) != 0 || getnum(&mi, 1, &mm) != 0)
				bad = 1;
			/* Go checks the ranges before the sign. */
			if (hr > 24)
				range = "time zone offset hour";
			if (mm > 60)
				range = "time zone offset minute";
			if (v[0] != '+' && v[0] != '-')
				bad = 1;
			if (bad)
				break;
			t->has_zone = 1;
			t->zone_offset = (long)(hr * 60 + mm) * 60 * (v[0] == '-' ? -1 : 1);
			v += 6;
			break;
		}
		case EL_LITERAL:
			break;
		}
		if (range != NULL)
			return gw_codec_fail(arena, err, 400, "parsing time %s: %s out of range", qv, range);
		if (bad)
			return gw_codec_fail(arena, err, 400, "parsing time %s as %s: cannot parse %s as %s",
			                     qv, ql, gw_go_quote(arena, hold),
			                     gw_go_quote(arena, gw_arena_strndup(arena, l, n)));
		l += n;
	}
	if (t->day < 1 || t->day > days_in(t->month, t->year))
		return gw_codec_fail(arena, err, 400, "parsing time %s: day out of range", qv);
	return 0;
}

static int contains_any(const char *s, const char *chars)
{
	return strpbrk(s, chars) != NULL;
}

static int count_char(const char *s, char c)
{
	int n = 0;

	for (; *s != '\0'; s++)
		n += *s == c;
	return n;
}

/* strconv.ParseInt(s, 10, 64) for a non-empty decimal with optional sign. */
static int parse_int64(const char *s, size_t len, int64_t *out)
{
	int neg = 0;
	uint64_t v = 0;
	size_t i = 0;

	if (len > 0 && (s[0] == '-' || s[0] == '+')) {
		neg = s[0] == '-';
		i++;
	}
	if (i == len)
		return -1;
	for (; i < len; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (uint64_t)(s[i] - '0');
		if (v > (uint64_t)INT64_MAX + (uint64_t)neg)
			return -1;
	}
	*out = neg ? (int64_t)(0 - v) : (int64_t)v;
	return 0;
}

/* secs and a fraction as Unix ns; times past int64 ns (after 2262) saturate. */
static int64_t saturate_ns(int64_t secs, int64_t frac)
{
	if (secs >= INT64_MAX / NS_PER_S)
		return INT64_MAX;
	if (secs <= INT64_MIN / NS_PER_S)
		return INT64_MIN;
	return secs * NS_PER_S + frac;
}

/* timetypes.parseTimestamp: "seconds[.fraction]". */
static int parse_unix(const char *value, int64_t *ns)
{
	const char *dot = strchr(value, '.');
	int64_t sec, frac = 0;
	size_t flen;

	if (parse_int64(value, dot != NULL ? (size_t)(dot - value) : strlen(value), &sec) != 0)
		return -1;
	if (dot != NULL) {
		flen = strlen(dot + 1);
		if (parse_int64(dot + 1, flen, &frac) != 0)
			return -1;
		/* Go scales the fraction to ns with a float: keep 9 digits. */
		if (flen > 9) {
			for (size_t i = 9; i < flen; i++)
				frac /= 10;
		} else {
			for (size_t i = flen; i < 9; i++)
				frac *= 10;
		}
	}
	*ns = saturate_ns(sec, frac);
	return 0;
}

int gw_parse_until(struct gw_arena *arena, const char *value, int64_t now_ns, int64_t *out_ns,
                   struct gw_codec_error *err)
{
	int64_t d;
	int in_location;
	const char *layout;
	struct parsed_time t;
	struct gw_codec_error perr;

	/* A duration counts back from now, to the second (Docker keeps Unix seconds). */
	if (strcmp(value, "0") != 0 && gw_parse_go_duration(value, &d) == 0) {
		int64_t at;

		/* Beyond int64 ns the answer is "everything" or "nothing": saturate. */
		if (__builtin_sub_overflow(now_ns, d, &at))
			at = d > 0 ? INT64_MIN : INT64_MAX;
		*out_ns = at / NS_PER_S * NS_PER_S;
		if (at < 0 && at % NS_PER_S != 0 && *out_ns >= INT64_MIN + NS_PER_S)
			*out_ns -= NS_PER_S;
		return 0;
	}
	in_location = !(contains_any(value, "zZ+") || count_char(value, '-') == 3);
	if (strchr(value, '.') != NULL) {
		layout = in_location ? "2006-01-02T15:04:05.999999999" : "2006-01-02T15:04:05.999999999Z07:00";
	} else if (strchr(value, 'T') != NULL) {
		int colons = count_char(value, ':');

		if (!in_location && !contains_any(value, "zZ") && colons > 0)
			colons--;
		if (in_location)
			layout = colons == 0 ? "2006-01-02T15" : colons == 1 ? "2006-01-02T15:04" :
			                                                       "2006-01-02T15:04:05";
		else
			layout = colons == 0 ? "2006-01-02T15Z07:00" : colons == 1 ? "2006-01-02T15:04Z07:00" :
			                                                             "2006-01-02T15:04:05Z07:00";
	} else {
		layout = in_location ? "2006-01-02" : "2006-01-02Z07:00";
	}
	if (go_parse(arena, layout, value, &t, &perr) == 0) {
		int64_t secs = days_from_civil(t.year, (unsigned)t.month, (unsigned)t.day) * 86400 +
		               t.hour * 3600 + t.minute * 60 + t.second;

		if (t.has_zone) {
			secs -= t.zone_offset;
		} else {
			/* ParseInLocation uses the zone in effect now, as a fixed offset. */
			secs -= local_offset((time_t)(now_ns / NS_PER_S));
		}
		*out_ns = saturate_ns(secs, t.nsec);
		return 0;
	}
	/* A '-' means the client meant a date: report why it did not parse. */
	if (strchr(value, '-') != NULL) {
		*err = perr;
		return -1;
	}
	if (parse_unix(value, out_ns) != 0)
		return gw_codec_fail(arena, err, 400, "failed to parse value as time or duration: %s",
		                     gw_go_quote(arena, value));
	return 0;
}
