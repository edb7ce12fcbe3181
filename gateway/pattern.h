/* Docker's name/id filter matching: equal, or an unanchored regular
 * expression (Go RE2 syntax, compiled here with PCRE2) that matches. */
#ifndef GW_PATTERN_H
#define GW_PATTERN_H

#include <sockerless/plugin.h>

#include "gateway/arena.h"

/**
 * Compile text into p.  With an arena, the compiled code is freed with it;
 * without one, the caller calls gw_pattern_release.  An invalid expression compiles to "equal
 * only", as Docker silently treats it as never matching as a regex.
 */
void gw_pattern_compile(struct gw_arena *arena, const char *text, struct sl_pattern *p);

/** Release compiled code held by p (safe on a pattern that holds none). */
void gw_pattern_release(struct sl_pattern *p);

/** Does p match subject? */
int gw_pattern_match(const struct sl_pattern *p, const char *subject);

#endif
