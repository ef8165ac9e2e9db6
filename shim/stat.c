/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The stat family: libc's names (with their large-file and __xstat
 * variants) and the trapped calls, all through fs_statx(). The core
 * answers in struct statx; this file only converts.
 */
#include <fcntl.h>
#include <sys/stat.h>

#include "arch.h"
#include "fs/fs.h"
#include "shim/shim.h"

static int do_stat(int dirfd, const char *path, int flags, struct stat *st)
{
	struct statx x;
	int r = fs_statx(dirfd, path, flags, STATX_BASIC_STATS, &x);

	if (r == 0)
		STAT_FROM_STATX(st, &x);
	return r;
}

static int do_stat64(int dirfd, const char *path, int flags,
		     struct stat64 *st)
{
	struct statx x;
	int r = fs_statx(dirfd, path, flags, STATX_BASIC_STATS, &x);

	if (r == 0)
		STAT_FROM_STATX(st, &x);
	return r;
}

TAMAGO_EXPORT int stat(const char *path, struct stat *st)
{
	return (int)shim_ret(do_stat(AT_FDCWD, path, 0, st));
}

TAMAGO_EXPORT int lstat(const char *path, struct stat *st)
{
	return (int)shim_ret(do_stat(AT_FDCWD, path, AT_SYMLINK_NOFOLLOW, st));
}

TAMAGO_EXPORT int fstat(int fd, struct stat *st)
{
	return (int)shim_ret(do_stat(fd, "", AT_EMPTY_PATH, st));
}

TAMAGO_EXPORT int fstatat(int dirfd, const char *path, struct stat *st,
			  int flags)
{
	return (int)shim_ret(do_stat(dirfd, path, flags, st));
}

TAMAGO_EXPORT int stat64(const char *path, struct stat64 *st)
{
	return (int)shim_ret(do_stat64(AT_FDCWD, path, 0, st));
}

TAMAGO_EXPORT int lstat64(const char *path, struct stat64 *st)
{
	return (int)shim_ret(
		do_stat64(AT_FDCWD, path, AT_SYMLINK_NOFOLLOW, st));
}

TAMAGO_EXPORT int fstat64(int fd, struct stat64 *st)
{
	return (int)shim_ret(do_stat64(fd, "", AT_EMPTY_PATH, st));
}

TAMAGO_EXPORT int fstatat64(int dirfd, const char *path, struct stat64 *st,
			    int flags)
{
	return (int)shim_ret(do_stat64(dirfd, path, flags, st));
}

/* The pre-2.33 entry points that older binaries still call. */
TAMAGO_EXPORT int __xstat(int ver, const char *path, struct stat *st)
{
	(void)ver;
	return stat(path, st);
}

TAMAGO_EXPORT int __lxstat(int ver, const char *path, struct stat *st)
{
	(void)ver;
	return lstat(path, st);
}

TAMAGO_EXPORT int __fxstat(int ver, int fd, struct stat *st)
{
	(void)ver;
	return fstat(fd, st);
}

TAMAGO_EXPORT int __fxstatat(int ver, int dirfd, const char *path,
			     struct stat *st, int flags)
{
	(void)ver;
	return fstatat(dirfd, path, st, flags);
}

TAMAGO_EXPORT int __xstat64(int ver, const char *path, struct stat64 *st)
{
	(void)ver;
	return stat64(path, st);
}

TAMAGO_EXPORT int __lxstat64(int ver, const char *path, struct stat64 *st)
{
	(void)ver;
	return lstat64(path, st);
}

TAMAGO_EXPORT int __fxstat64(int ver, int fd, struct stat64 *st)
{
	(void)ver;
	return fstat64(fd, st);
}

TAMAGO_EXPORT int __fxstatat64(int ver, int dirfd, const char *path,
			       struct stat64 *st, int flags)
{
	(void)ver;
	return fstatat64(dirfd, path, st, flags);
}

TAMAGO_EXPORT int statx(int dirfd, const char *path, int flags,
			unsigned int mask, struct statx *x)
{
	return (int)shim_ret(fs_statx(dirfd, path, flags, mask, x));
}

/* Trapped calls fill the kernel's own struct stat for this architecture. */
static long kstat_at(int dirfd, const char *path, int flags, arch_kstat *st)
{
	struct statx x;
	int r = fs_statx(dirfd, path, flags, STATX_BASIC_STATS, &x);

	if (r == 0)
		STAT_FROM_STATX(st, &x);
	return r;
}

/*
 * stat and lstat write arch_kstat where that is their struct (the 64-bit
 * ports); 32-bit arm's old ones take a smaller struct that glibc never
 * asks for: ENOSYS there, rather than writing past it.
 */
long trap_stat(const long *a)
{
	if (!ARCH_STAT_IS_KSTAT)
		return -ENOSYS;
	return kstat_at(AT_FDCWD, (const char *)a[0], 0, (arch_kstat *)a[1]);
}

long trap_lstat(const long *a)
{
	if (!ARCH_STAT_IS_KSTAT)
		return -ENOSYS;
	return kstat_at(AT_FDCWD, (const char *)a[0], AT_SYMLINK_NOFOLLOW,
			(arch_kstat *)a[1]);
}

/* 32-bit arm's stat64 and lstat64: arch_kstat is struct stat64 there. */
long trap_stat64(const long *a)
{
	return kstat_at(AT_FDCWD, (const char *)a[0], 0, (arch_kstat *)a[1]);
}

long trap_lstat64(const long *a)
{
	return kstat_at(AT_FDCWD, (const char *)a[0], AT_SYMLINK_NOFOLLOW,
			(arch_kstat *)a[1]);
}

long trap_newfstatat(const long *a)
{
	return kstat_at((int)a[0], (const char *)a[1], (int)a[3],
			(arch_kstat *)a[2]);
}

long trap_statx(const long *a)
{
	return fs_statx((int)a[0], (const char *)a[1], (int)a[2],
			(unsigned int)a[3], (struct statx *)a[4]);
}
