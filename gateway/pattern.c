/* Pattern matching for filters.  PCRE2 is close enough to RE2 for the
 * expressions people put in filters (anchors, classes, alternation). */
#include "config.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <string.h>

#include "gateway/pattern.h"

static void release_code(void *code)
{
	pcre2_code_free(code);
}

void gw_pattern_compile(struct gw_arena *arena, const char *text, struct sl_pattern *p)
{
	int errcode;
	PCRE2_SIZE erroff;

	p->text = text;
	p->compiled = pcre2_compile((PCRE2_SPTR)text, PCRE2_ZERO_TERMINATED, PCRE2_UTF,
	                            &errcode, &erroff, NULL);
	if (p->compiled != NULL && arena != NULL)
		gw_arena_defer(arena, release_code, (void *)(uintptr_t)p->compiled);
}

void gw_pattern_release(struct sl_pattern *p)
{
	if (p->compiled != NULL) {
		pcre2_code_free((pcre2_code *)(uintptr_t)p->compiled);
		p->compiled = NULL;
	}
}

int gw_pattern_match(const struct sl_pattern *p, const char *subject)
{
	pcre2_match_data *md;
	int rc;

	if (strcmp(p->text, subject) == 0)
		return 1;
	if (p->compiled == NULL)
		return 0;
	md = pcre2_match_data_create_from_pattern(p->compiled, NULL);
	if (md == NULL)
		return 0;
	rc = pcre2_match(p->compiled, (PCRE2_SPTR)subject, strlen(subject), 0, 0, md, NULL);
	pcre2_match_data_free(md);
	return rc >= 0;
}
