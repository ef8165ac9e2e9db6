/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The old path calls (link, symlink, chmod, utimes, mknod, ...) as raw
 * system calls, through libc's syscall() so that they take the trap path.
 * The generic table (aarch64, riscv64) has only the *at calls: there each
 * is made as its *at form with AT_FDCWD, which the shim traps the same
 * way; fstatat's name differs on 32-bit arm. Each returns what
 * syscall() returns. (test/fs and test/bench use it; the escape suite's
 * early code takes LEGACY_SYS_FSTATAT.)
 */
#ifndef TAMAGO_TEST_LEGACY_H
#define TAMAGO_TEST_LEGACY_H

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include <utime.h>

static inline long legacy_symlink(const char *target, const char *path)
{
#ifdef SYS_symlink
	return syscall(SYS_symlink, target, path);
#else
	return syscall(SYS_symlinkat, target, AT_FDCWD, path);
#endif
}

static inline long legacy_readlink(const char *path, char *buf, size_t n)
{
#ifdef SYS_readlink
	return syscall(SYS_readlink, path, buf, n);
#else
	return syscall(SYS_readlinkat, AT_FDCWD, path, buf, n);
#endif
}

static inline long legacy_link(const char *from, const char *to)
{
#ifdef SYS_link
	return syscall(SYS_link, from, to);
#else
	return syscall(SYS_linkat, AT_FDCWD, from, AT_FDCWD, to, 0);
#endif
}

static inline long legacy_chmod(const char *path, mode_t mode)
{
#ifdef SYS_chmod
	return syscall(SYS_chmod, path, mode);
#else
	return syscall(SYS_fchmodat, AT_FDCWD, path, mode, 0);
#endif
}

static inline long legacy_chown(const char *path, uid_t u, gid_t g)
{
#ifdef SYS_chown
	return syscall(SYS_chown, path, u, g);
#else
	return syscall(SYS_fchownat, AT_FDCWD, path, u, g, 0);
#endif
}

static inline long legacy_lchown(const char *path, uid_t u, gid_t g)
{
#ifdef SYS_lchown
	return syscall(SYS_lchown, path, u, g);
#else
	return syscall(SYS_fchownat, AT_FDCWD, path, u, g,
		       AT_SYMLINK_NOFOLLOW);
#endif
}

static inline long legacy_utimensat_tv(int dirfd, const char *path,
				       const struct timeval *tv)
{
	struct timespec ts[2] = {
		{ tv[0].tv_sec, tv[0].tv_usec * 1000 },
		{ tv[1].tv_sec, tv[1].tv_usec * 1000 },
	};

	return syscall(SYS_utimensat, dirfd, path, ts, 0);
}

static inline long legacy_utimes(const char *path, const struct timeval *tv)
{
#ifdef SYS_utimes
	return syscall(SYS_utimes, path, tv);
#else
	return legacy_utimensat_tv(AT_FDCWD, path, tv);
#endif
}

static inline long legacy_utime(const char *path, const struct utimbuf *ub)
{
#ifdef SYS_utime
	return syscall(SYS_utime, path, ub);
#else
	struct timeval tv[2] = { { ub->actime, 0 }, { ub->modtime, 0 } };

	return legacy_utimensat_tv(AT_FDCWD, path, tv);
#endif
}

static inline long legacy_futimesat(int dirfd, const char *path,
				    const struct timeval *tv)
{
#ifdef SYS_futimesat
	return syscall(SYS_futimesat, dirfd, path, tv);
#else
	return legacy_utimensat_tv(dirfd, path, tv);
#endif
}

/* fstatat's number: newfstatat, or fstatat64 on 32-bit arm. */
#ifdef SYS_newfstatat
#define LEGACY_SYS_FSTATAT SYS_newfstatat
#else
#define LEGACY_SYS_FSTATAT SYS_fstatat64
#endif

/*
 * fstatat as a raw call into a struct stat (the program's, with 64-bit
 * sizes): newfstatat where the table has it, fstatat64 on 32-bit arm.
 */
static inline long legacy_fstatat(int dirfd, const char *path,
				  struct stat *st, int flags)
{
	return syscall(LEGACY_SYS_FSTATAT, dirfd, path, st, flags);
}

/*
 * statfs and fstatfs as raw calls into the program's struct statfs (with
 * 64-bit counts): statfs64 with its size on 32-bit arm.
 */
static inline long legacy_statfs(const char *path, struct statfs *sf)
{
#ifdef SYS_statfs64
	return syscall(SYS_statfs64, path, sizeof(*sf), sf);
#else
	return syscall(SYS_statfs, path, sf);
#endif
}

static inline long legacy_fstatfs(int fd, struct statfs *sf)
{
#ifdef SYS_fstatfs64
	return syscall(SYS_fstatfs64, fd, sizeof(*sf), sf);
#else
	return syscall(SYS_fstatfs, fd, sf);
#endif
}

static inline long legacy_mknod(const char *path, mode_t mode, dev_t dev)
{
#ifdef SYS_mknod
	return syscall(SYS_mknod, path, mode, dev);
#else
	return syscall(SYS_mknodat, AT_FDCWD, path, mode, dev);
#endif
}

/*
 * getrlimit and setrlimit with the kernel's struct rlimit (unsigned long
 * fields); 32-bit arm's EABI has only ugetrlimit for the first.
 */
static inline long legacy_getrlimit(int resource, unsigned long lim[2])
{
#ifdef SYS_ugetrlimit
	return syscall(SYS_ugetrlimit, resource, lim);
#else
	return syscall(SYS_getrlimit, resource, lim);
#endif
}

static inline long legacy_setrlimit(int resource, const unsigned long lim[2])
{
	return syscall(SYS_setrlimit, resource, lim);
}

#endif
