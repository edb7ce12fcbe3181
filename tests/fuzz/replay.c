/* Replays a fuzz target's seed corpus (tests/fuzz/corpus/<FUZZ_NAME>/)
 * through LLVMFuzzerTestOneInput as a TAP test, one point per file, so
 * that `make check` builds and exercises every target with gcc.  A crash
 * or a sanitizer report fails the test. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/fuzz/fuzz.h"

/* The build names the corpus folder; without it the replay finds no corpus and fails. */
#ifndef FUZZ_NAME
#define FUZZ_NAME "unnamed"
#endif

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Read a whole file; returns NULL on failure. */
static uint8_t *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t cap = 0, n = 0;

	if (f == NULL)
		return NULL;
	for (;;) {
		size_t got;

		if (n == cap) {
			uint8_t *nb = realloc(buf, cap ? cap * 2 : 4096);

			if (nb == NULL) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = nb;
			cap = cap ? cap * 2 : 4096;
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		free(buf);
		fclose(f);
		return NULL;
	}
	fclose(f);
	*len = n;
	return buf;
}

int main(void)
{
	const char *top = getenv("SL_TOP_SRCDIR");
	char dir[4096];
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;
	DIR *d;
	int failed = 0;

	snprintf(dir, sizeof(dir), "%s/tests/fuzz/corpus/%s", top != NULL ? top : ".", FUZZ_NAME);
	d = opendir(dir);
	if (d == NULL) {
		printf("1..1\nnot ok 1 - open corpus %s: %s\n", dir, strerror(errno));
		return 1;
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if (n == cap) {
			char **nn = realloc(names, sizeof(*names) * (cap ? cap * 2 : 32));

			if (nn == NULL)
				abort();
			names = nn;
			cap = cap ? cap * 2 : 32;
		}
		names[n] = strdup(e->d_name);
		if (names[n] == NULL)
			abort();
		n++;
	}
	closedir(d);
	if (n == 0) {
		printf("1..1\nnot ok 1 - corpus %s is empty\n", dir);
		return 1;
	}
	qsort(names, n, sizeof(*names), by_name);
	printf("1..%zu\n", n);
	for (size_t i = 0; i < n; i++) {
		char path[4352];
		size_t len = 0;
		uint8_t *data;

		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		data = slurp(path, &len);
		if (data == NULL) {
			printf("not ok %zu - %s: cannot read\n", i + 1, names[i]);
			failed = 1;
		} else {
			LLVMFuzzerTestOneInput(data, len);
			printf("ok %zu - %s %s\n", i + 1, FUZZ_NAME, names[i]);
			free(data);
		}
		free(names[i]);
	}
	free(names);
	return failed;
}
