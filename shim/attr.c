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

#include "core/abi.h"
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

TAMAGO_EXPORT int utimes(const char *path, const struct timeval tv[2])
{
	struct timespec ts[2];

	return (int)shim_ret(fs_utimensat(AT_FDCWD, path, abi_tv_to_ts(tv, ts), 0));
}

TAMAGO_EXPORT int lutimes(const char *path, const struct timeval tv[2])
{
	struct timespec ts[2];

	return (int)shim_ret(fs_utimensat(AT_FDCWD, path, abi_tv_to_ts(tv, ts),
					  AT_SYMLINK_NOFOLLOW));
}

TAMAGO_EXPORT int futimes(int fd, const struct timeval tv[2])
{
	struct timespec ts[2];

	return (int)shim_ret(fs_utimensat(fd, NULL, abi_tv_to_ts(tv, ts), 0));
}

TAMAGO_EXPORT int futimesat(int dirfd, const char *path,
			    const struct timeval tv[2])
{
	struct timespec ts[2];

	return (int)shim_ret(fs_utimensat(dirfd, path, abi_tv_to_ts(tv, ts), 0));
}

TAMAGO_EXPORT int utime(const char *path, const struct utimbuf *u)
{
	struct timespec ts[2];

	return (int)shim_ret(
		fs_utimensat(AT_FDCWD, path, abi_utimbuf_to_ts(u, ts), 0));
}

TAMAGO_EXPORT int truncate(const char *path, off_t length)
{
	return (int)shim_ret(fs_truncate(path, length));
}

TAMAGO_EXPORT int truncate64(const char *path, off64_t length)
{
	return (int)shim_ret(fs_truncate(path, length));
}

TAMAGO_EXPORT int statfs(const char *path, struct statfs *sf)
{
	return (int)shim_ret(abi_statfs_of(AT_FDCWD, path, sf));
}

TAMAGO_EXPORT int fstatfs(int fd, struct statfs *sf)
{
	return (int)shim_ret(abi_statfs_of(fd, NULL, sf));
}

TAMAGO_EXPORT int statfs64(const char *path, struct statfs64 *sf)
{
	return (int)shim_ret(fs_statfs(AT_FDCWD, path, sf));
}

TAMAGO_EXPORT int fstatfs64(int fd, struct statfs64 *sf)
{
	return (int)shim_ret(fs_statfs(fd, NULL, sf));
}

