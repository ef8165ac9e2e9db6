/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Attributes: chmod, chown, the utime family, truncate by path and
 * statfs. libc's names and the trapped calls each reach one core
 * function; the fd variants are the same calls with AT_EMPTY_PATH.
 */
#include <fcntl.h>
#include <stddef.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/time.h>
#include <unistd.h>
#include <utime.h>

#include "arch.h"
#include "fs/fs.h"
#include "shim/shim.h"

TAMAGO_EXPORT int chmod(const char *path, mode_t mode)
{
	return (int)shim_ret(fs_fchmodat(AT_FDCWD, path, mode, 0));
}

TAMAGO_EXPORT int fchmod(int fd, mode_t mode)
{
	return (int)shim_ret(fs_fchmodat(fd, "", mode, AT_EMPTY_PATH));
}

TAMAGO_EXPORT int fchmodat(int dirfd, const char *path, mode_t mode,
			   int flags)
{
	return (int)shim_ret(fs_fchmodat(dirfd, path, mode, flags));
}

TAMAGO_EXPORT int lchmod(const char *path, mode_t mode)
{
	return (int)shim_ret(
		fs_fchmodat(AT_FDCWD, path, mode, AT_SYMLINK_NOFOLLOW));
}

TAMAGO_EXPORT int chown(const char *path, uid_t uid, gid_t gid)
{
	return (int)shim_ret(fs_fchownat(AT_FDCWD, path, uid, gid, 0));
}

TAMAGO_EXPORT int lchown(const char *path, uid_t uid, gid_t gid)
{
	return (int)shim_ret(
		fs_fchownat(AT_FDCWD, path, uid, gid, AT_SYMLINK_NOFOLLOW));
}

TAMAGO_EXPORT int fchown(int fd, uid_t uid, gid_t gid)
{
	return (int)shim_ret(fs_fchownat(fd, "", uid, gid, AT_EMPTY_PATH));
}

TAMAGO_EXPORT int fchownat(int dirfd, const char *path, uid_t uid,
			   gid_t gid, int flags)
{
	return (int)shim_ret(fs_fchownat(dirfd, path, uid, gid, flags));
}

TAMAGO_EXPORT int utimensat(int dirfd, const char *path,
			    const struct timespec ts[2], int flags)
{
	return (int)shim_ret(fs_utimensat(dirfd, path, ts, flags));
}

TAMAGO_EXPORT int futimens(int fd, const struct timespec ts[2])
{
	return (int)shim_ret(fs_utimensat(fd, NULL, ts, 0));
}

/* struct timeval[2] (NULL: now) to the timespecs utimensat takes. */
static const struct timespec *tv_to_ts(const struct timeval *tv,
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

static const struct timespec *utimbuf_to_ts(const struct utimbuf *u,
					    struct timespec *ts)
{
	if (!u)
		return NULL;
	ts[0].tv_sec = u->actime;
	ts[1].tv_sec = u->modtime;
	ts[0].tv_nsec = ts[1].tv_nsec = 0;
	return ts;
}

TAMAGO_EXPORT int utimes(const char *path, const struct timeval tv[2])
{
	struct timespec ts[2];

	return (int)shim_ret(fs_utimensat(AT_FDCWD, path, tv_to_ts(tv, ts), 0));
}

TAMAGO_EXPORT int lutimes(const char *path, const struct timeval tv[2])
{
	struct timespec ts[2];

	return (int)shim_ret(fs_utimensat(AT_FDCWD, path, tv_to_ts(tv, ts),
					  AT_SYMLINK_NOFOLLOW));
}

TAMAGO_EXPORT int futimes(int fd, const struct timeval tv[2])
{
	struct timespec ts[2];

	return (int)shim_ret(fs_utimensat(fd, NULL, tv_to_ts(tv, ts), 0));
}

TAMAGO_EXPORT int futimesat(int dirfd, const char *path,
			    const struct timeval tv[2])
{
	struct timespec ts[2];

	return (int)shim_ret(fs_utimensat(dirfd, path, tv_to_ts(tv, ts), 0));
}

TAMAGO_EXPORT int utime(const char *path, const struct utimbuf *u)
{
	struct timespec ts[2];

	return (int)shim_ret(
		fs_utimensat(AT_FDCWD, path, utimbuf_to_ts(u, ts), 0));
}

TAMAGO_EXPORT int truncate(const char *path, off_t length)
{
	return (int)shim_ret(fs_truncate(path, length));
}

TAMAGO_EXPORT int truncate64(const char *path, off64_t length)
{
	return (int)shim_ret(fs_truncate(path, length));
}

/*
 * The core answers in struct statfs64; struct statfs is the same on the
 * 64-bit targets and has 32-bit counts on 32-bit ones.
 */
static int statfs_of(int fd, const char *path, struct statfs *sf)
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

TAMAGO_EXPORT int statfs(const char *path, struct statfs *sf)
{
	return (int)shim_ret(statfs_of(AT_FDCWD, path, sf));
}

TAMAGO_EXPORT int fstatfs(int fd, struct statfs *sf)
{
	return (int)shim_ret(statfs_of(fd, NULL, sf));
}

TAMAGO_EXPORT int statfs64(const char *path, struct statfs64 *sf)
{
	return (int)shim_ret(fs_statfs(AT_FDCWD, path, sf));
}

TAMAGO_EXPORT int fstatfs64(int fd, struct statfs64 *sf)
{
	return (int)shim_ret(fs_statfs(fd, NULL, sf));
}

long trap_chmod(const long *a)
{
	return fs_fchmodat(AT_FDCWD, (const char *)a[0], (mode_t)a[1], 0);
}

long trap_fchmod(const long *a)
{
	return fs_fchmodat((int)a[0], "", (mode_t)a[1], AT_EMPTY_PATH);
}

long trap_fchmodat(const long *a)
{
	return fs_fchmodat((int)a[0], (const char *)a[1], (mode_t)a[2], 0);
}

long trap_fchmodat2(const long *a)
{
	return fs_fchmodat((int)a[0], (const char *)a[1], (mode_t)a[2],
			   (int)a[3]);
}

long trap_chown(const long *a)
{
	return fs_fchownat(AT_FDCWD, (const char *)a[0], (uid_t)a[1],
			   (gid_t)a[2], 0);
}

long trap_lchown(const long *a)
{
	return fs_fchownat(AT_FDCWD, (const char *)a[0], (uid_t)a[1],
			   (gid_t)a[2], AT_SYMLINK_NOFOLLOW);
}

long trap_fchown(const long *a)
{
	return fs_fchownat((int)a[0], "", (uid_t)a[1], (gid_t)a[2],
			   AT_EMPTY_PATH);
}

long trap_fchownat(const long *a)
{
	return fs_fchownat((int)a[0], (const char *)a[1], (uid_t)a[2],
			   (gid_t)a[3], (int)a[4]);
}

long trap_utimensat(const long *a)
{
	return fs_utimensat((int)a[0], (const char *)a[1],
			    (const struct timespec *)a[2], (int)a[3]);
}

long trap_utimes(const long *a)
{
	struct timespec ts[2];

	return fs_utimensat(AT_FDCWD, (const char *)a[0],
			    tv_to_ts((const struct timeval *)a[1], ts), 0);
}

long trap_futimesat(const long *a)
{
	struct timespec ts[2];

	return fs_utimensat((int)a[0], (const char *)a[1],
			    tv_to_ts((const struct timeval *)a[2], ts), 0);
}

long trap_utime(const long *a)
{
	struct timespec ts[2];

	return fs_utimensat(AT_FDCWD, (const char *)a[0],
			    utimbuf_to_ts((const struct utimbuf *)a[1], ts), 0);
}

long trap_truncate(const long *a)
{
	return fs_truncate((const char *)a[0], a[1]);
}

/* truncate64(path, length): a register pair on 32-bit arm (arch.h). */
long trap_truncate64(const long *a)
{
	int i = 1;

	return fs_truncate((const char *)a[0], arch_trap_arg64(a, &i));
}

long trap_statfs(const long *a)
{
	return statfs_of(AT_FDCWD, (const char *)a[0], (struct statfs *)a[1]);
}

long trap_fstatfs(const long *a)
{
	return statfs_of((int)a[0], NULL, (struct statfs *)a[1]);
}

/*
 * statfs64(path, size, buf), fstatfs64(fd, size, buf) (32-bit arm): the
 * kernel's struct statfs64 there is libc's without the tail padding, and
 * it takes either size, as the kernel does.
 */
static long statfs64_at(int fd, const char *path, size_t size, void *buf)
{
	const size_t bare = offsetof(struct statfs64, f_spare) +
			    sizeof(((struct statfs64 *)0)->f_spare);
	struct statfs64 s;
	long r;

	if (size != sizeof(s) && size != bare)
		return -EINVAL;
	r = fs_statfs(fd, path, &s);
	if (r == 0)
		memcpy(buf, &s, bare);
	return r;
}

long trap_statfs64(const long *a)
{
	return statfs64_at(AT_FDCWD, (const char *)a[0], (size_t)a[1],
			   (void *)a[2]);
}

long trap_fstatfs64(const long *a)
{
	return statfs64_at((int)a[0], NULL, (size_t)a[1], (void *)a[2]);
}
