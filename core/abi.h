/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Conversions between libc's and the kernel's structures and the cores'
 * calls, at the two faces that decode them: the shared object's
 * overrides (shim/) and the trap path (trap/).
 */
#ifndef TAMAGO_ABI_H
#define TAMAGO_ABI_H

#include <fcntl.h>
#include <string.h>
#include <errno.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysmacros.h>
#include <sys/time.h>
#include <utime.h>

#include "arch.h"
#include "fs/fs.h"

/* Fills any struct stat-shaped struct from a statx (fields by name):
 * the stat family, fts's entries, the kernel's own struct stat. */
#define STAT_FROM_STATX(st, x)                                               \
	do {                                                                 \
		memset((st), 0, sizeof(*(st)));                              \
		(st)->st_dev = makedev((x)->stx_dev_major,                   \
				       (x)->stx_dev_minor);                  \
		(st)->st_ino = (x)->stx_ino;                                 \
		(st)->st_mode = (x)->stx_mode;                               \
		(st)->st_nlink = (x)->stx_nlink;                             \
		(st)->st_uid = (x)->stx_uid;                                 \
		(st)->st_gid = (x)->stx_gid;                                 \
		(st)->st_rdev = makedev((x)->stx_rdev_major,                 \
					(x)->stx_rdev_minor);                \
		(st)->st_size = (off_t)(x)->stx_size;                        \
		(st)->st_blksize = (x)->stx_blksize;                         \
		(st)->st_blocks = (x)->stx_blocks;                           \
		(st)->st_atim.tv_sec = (x)->stx_atime.tv_sec;                \
		(st)->st_atim.tv_nsec = (x)->stx_atime.tv_nsec;              \
		(st)->st_mtim.tv_sec = (x)->stx_mtime.tv_sec;                \
		(st)->st_mtim.tv_nsec = (x)->stx_mtime.tv_nsec;              \
		(st)->st_ctim.tv_sec = (x)->stx_ctime.tv_sec;                \
		(st)->st_ctim.tv_nsec = (x)->stx_ctime.tv_nsec;              \
	} while (0)


/* struct timeval[2] (NULL: now) to the timespecs utimensat takes. */
static inline const struct timespec *abi_tv_to_ts(const struct timeval *tv,
						  struct timespec *ts)
{
	int i;

	if (!tv)
		return NULL;
	for (i = 0; i < 2; i++) {
		ts[i].tv_sec = tv[i].tv_sec;
		/* Out of range stays out of range: EINVAL, as the kernel. */
		ts[i].tv_nsec = tv[i].tv_usec >= 0 && tv[i].tv_usec < 1000000 ?
					tv[i].tv_usec * 1000 :
					-1;
	}
	return ts;
}

static inline const struct timespec *abi_utimbuf_to_ts(const struct utimbuf *u,
						       struct timespec *ts)
{
	if (!u)
		return NULL;
	ts[0].tv_sec = u->actime;
	ts[1].tv_sec = u->modtime;
	ts[0].tv_nsec = ts[1].tv_nsec = 0;
	return ts;
}

/* The kernel's own struct stat for this architecture, from the core. */
static inline long abi_kstat_at(int dirfd, const char *path, int flags,
				arch_kstat *st)
{
	struct statx x;
	int r = fs_statx(dirfd, path, flags, STATX_BASIC_STATS, &x);

	if (r == 0)
		STAT_FROM_STATX(st, &x);
	return r;
}

/*
 * The core answers in struct statfs64; struct statfs is the same on the
 * 64-bit targets and has 32-bit counts on 32-bit ones.
 */
static inline int abi_statfs_of(int fd, const char *path, struct statfs *sf)
{
	struct statfs64 s;
	int r = fs_statfs(fd, path, &s);

	if (r < 0)
		return r;
	memset(sf, 0, sizeof(*sf));
	sf->f_type = s.f_type;
	sf->f_bsize = s.f_bsize;
	sf->f_blocks = s.f_blocks;
	sf->f_bfree = s.f_bfree;
	sf->f_bavail = s.f_bavail;
	sf->f_files = s.f_files;
	sf->f_ffree = s.f_ffree;
	if (sf->f_blocks != s.f_blocks || sf->f_files != s.f_files)
		return -EOVERFLOW;
	sf->f_fsid = s.f_fsid;
	sf->f_namelen = s.f_namelen;
	sf->f_frsize = s.f_frsize;
	sf->f_flags = s.f_flags;
	return 0;
}

#endif
