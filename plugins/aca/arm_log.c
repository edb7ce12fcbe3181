/* Redacting logger. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "plugins/aca/arm_log.h"

void aca_arm_log(const struct aca_arm_logger *log, enum sl_log_level level, const char *fmt, ...)
{
	char raw[1536], clean[1536];
	va_list ap;

	if (log == NULL || log->fn == NULL || level > log->max_level)
		return;
	va_start(ap, fmt);
	vsnprintf(raw, sizeof(raw), fmt, ap);
	va_end(ap);
	aca_arm_redact(log->redactor, raw, clean, sizeof(clean));
	explicit_bzero(raw, sizeof(raw));
	log->fn(log->arg, level, clean);
}
