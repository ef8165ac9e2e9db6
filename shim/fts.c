/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The fts family (fts_open, fts_read, fts_children, fts_set, fts_close
 * and their fts64_ twins). glibc's own walks with glibc's opendir and
 * chdir, a SIGSYS per call; this one lists directories with the shim's
 * streams (dirstream.c) and looks up, opens and changes directory with
 * the cores. The walk itself is fts-walk.c, included here once per
 * layout: FTSENT and FTSENT64 differ wherever ino_t and struct stat are
 * not 64-bit.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fts.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fs/fs.h"
#include "shim/shim.h"
#include "core/sys.h"

/* What a listing is for: fts_children, its FTS_NAMEONLY form, fts_read. */
enum { BUILD_CHILD, BUILD_NAMES, BUILD_READ };

#define FTS_T FTS
#define ENT_T FTSENT
#define STAT_T struct stat
#define FTS_PREFIX fts_
#include "shim/fts-walk.c"
#undef FTS_T
#undef ENT_T
#undef STAT_T
#undef FTS_PREFIX

#define FTS_T FTS64
#define ENT_T FTSENT64
#define STAT_T struct stat64
#define FTS_PREFIX fts64_
#include "shim/fts-walk.c"
