/* Gateway logging: one line per event on stderr, with time and level. */
#ifndef GW_LOG_H
#define GW_LOG_H

#include <stdarg.h>

#include <sockerless/plugin.h>

/** Set the most verbose level that is printed (default SL_LOG_INFO). */
void gw_log_set_level(enum sl_log_level level);

/** Parse "error", "warning", "info" or "debug"; returns 0 on success. */
int gw_log_parse_level(const char *text, enum sl_log_level *out);

/** Is a line at this level printed? */
int gw_log_enabled(enum sl_log_level level);

/** Print one line; component names its source (e.g. "gateway", "aca[main]"). */
void gw_log(enum sl_log_level level, const char *component, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/** gw_log with a va_list. */
void gw_logv(enum sl_log_level level, const char *component, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));

#endif
