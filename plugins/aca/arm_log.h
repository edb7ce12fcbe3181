/* Logging of the ARM client: every line goes through the redactor. */
#ifndef ACA_ARM_LOG_H
#define ACA_ARM_LOG_H

#include <sockerless/plugin.h>

#include "plugins/aca/arm_redact.h"

/** Where log lines go.  fn may be NULL (nothing is logged). */
struct aca_arm_logger {
	void (*fn)(void *arg, enum sl_log_level level, const char *line);
	void *arg;
	enum sl_log_level max_level;    /* lines above it are not even formatted */
	const struct aca_arm_redactor *redactor;
};

/** Format, redact and emit one line. */
void aca_arm_log(const struct aca_arm_logger *log, enum sl_log_level level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
