/* Gateway logging: lines are formatted in full first, then written with a
 * single write(2), so concurrent threads never interleave inside a line. */
#include "config.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "gateway/log.h"

static atomic_int log_level = SL_LOG_INFO;

static const char *const level_names[] = { "error", "warning", "info", "debug" };

void gw_log_set_level(enum sl_log_level level)
{
	atomic_store(&log_level, (int)level);
}

int gw_log_parse_level(const char *text, enum sl_log_level *out)
{
	for (size_t i = 0; i < sizeof(level_names) / sizeof(level_names[0]); i++) {
		if (strcasecmp(text, level_names[i]) == 0) {
			*out = (enum sl_log_level)i;
			return 0;
		}
	}
	return -1;
}

int gw_log_enabled(enum sl_log_level level)
{
	return (int)level <= atomic_load(&log_level);
}

void gw_logv(enum sl_log_level level, const char *component, const char *fmt, va_list ap)
{
	char line[4096];
	struct timespec ts;
	struct tm tm;
	size_t len;
	int n;

	if (!gw_log_enabled(level))
		return;
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	len = strftime(line, sizeof(line), "%Y-%m-%dT%H:%M:%S", &tm);
	n = snprintf(line + len, sizeof(line) - len, ".%03ldZ %s %s: ", ts.tv_nsec / 1000000L,
	             level_names[level], component);
	if (n > 0)
		len += (size_t)n;
	if (len < sizeof(line)) {
		n = vsnprintf(line + len, sizeof(line) - len, fmt, ap);
		if (n > 0)
			len += (size_t)n;
	}
	if (len > sizeof(line) - 2)
		len = sizeof(line) - 2;
	/* Keep one event on one line whatever the message holds. */
	for (size_t i = 0; i < len; i++) {
		if (line[i] == '\n' || line[i] == '\r')
			line[i] = ' ';
	}
	line[len++] = '\n';
	if (write(STDERR_FILENO, line, len) < 0) {
		/* Nowhere left to report a failing stderr. */
	}
}

void gw_log(enum sl_log_level level, const char *component, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	gw_logv(level, component, fmt, ap);
	va_end(ap);
}
