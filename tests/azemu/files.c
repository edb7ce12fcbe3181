/* Share directories. */
#include "config.h"

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests/azemu/files.h"

void azemu_share_dir(const struct azemu *emu, const char *account, const char *share, char *buf,
                     size_t cap)
{
	snprintf(buf, cap, "%s/shares/%s/%s", emu->cfg.data_dir, account, share);
}

int azemu_mkdirs(const char *path)
{
	char tmp[4096];
	size_t n = strlen(path);

	if (n >= sizeof(tmp)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(tmp, path, n + 1);
	for (char *p = tmp + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(tmp, 0755) != 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	if (mkdir(tmp, 0755) != 0 && errno != EEXIST)
		return -1;
	return 0;
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

int azemu_rmtree(const char *path)
{
	if (access(path, F_OK) != 0)
		return 0;
	return nftw(path, rm_one, 32, FTW_DEPTH | FTW_PHYS);
}

static _Thread_local uint64_t du_total;

static int du_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)path;
	(void)ftw;
	if (flag == FTW_F && S_ISREG(st->st_mode))
		du_total += (uint64_t)st->st_size;
	return 0;
}

uint64_t azemu_du(const char *path)
{
	du_total = 0;
	if (access(path, F_OK) == 0)
		nftw(path, du_one, 32, FTW_PHYS);
	return du_total;
}
