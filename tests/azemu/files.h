/* File shares as directories under <data_dir>/shares/<account>/<share>. */
#ifndef AZEMU_FILES_H
#define AZEMU_FILES_H

#include <stddef.h>
#include <stdint.h>

#include "tests/azemu/azemu.h"

/** The directory of a share into buf. */
void azemu_share_dir(const struct azemu *emu, const char *account, const char *share, char *buf,
                     size_t cap);

/** Create a directory and its parents; 0 or -1 (errno set). */
int azemu_mkdirs(const char *path);

/** Remove a directory tree; 0 or -1. */
int azemu_rmtree(const char *path);

/** Bytes of the regular files under path. */
uint64_t azemu_du(const char *path);

#endif
