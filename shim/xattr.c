/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The xattr family: libc's names and the trapped calls, into
 * fs_xattr_path() and fs_xattr_fd().
 */
#include <fcntl.h>
#include <sys/xattr.h>

#include "fs/fs.h"
#include "shim/shim.h"

TAMAGO_EXPORT ssize_t getxattr(const char *path, const char *name,
			       void *value, size_t size)
{
	return shim_ret(fs_xattr_path(AT_FDCWD, path, true));
}

TAMAGO_EXPORT ssize_t lgetxattr(const char *path, const char *name,
				void *value, size_t size)
{
	return shim_ret(fs_xattr_path(AT_FDCWD, path, false));
}

TAMAGO_EXPORT ssize_t fgetxattr(int fd, const char *name, void *value,
				size_t size)
{
	return shim_ret(fs_xattr_fd(fd));
}

TAMAGO_EXPORT ssize_t listxattr(const char *path, char *list, size_t size)
{
	return shim_ret(fs_xattr_path(AT_FDCWD, path, true));
}

TAMAGO_EXPORT ssize_t llistxattr(const char *path, char *list, size_t size)
{
	return shim_ret(fs_xattr_path(AT_FDCWD, path, false));
}

TAMAGO_EXPORT ssize_t flistxattr(int fd, char *list, size_t size)
{
	return shim_ret(fs_xattr_fd(fd));
}

TAMAGO_EXPORT int setxattr(const char *path, const char *name,
			   const void *value, size_t size, int flags)
{
	return (int)shim_ret(fs_xattr_path(AT_FDCWD, path, true));
}

TAMAGO_EXPORT int lsetxattr(const char *path, const char *name,
			    const void *value, size_t size, int flags)
{
	return (int)shim_ret(fs_xattr_path(AT_FDCWD, path, false));
}

TAMAGO_EXPORT int fsetxattr(int fd, const char *name, const void *value,
			    size_t size, int flags)
{
	return (int)shim_ret(fs_xattr_fd(fd));
}

TAMAGO_EXPORT int removexattr(const char *path, const char *name)
{
	return (int)shim_ret(fs_xattr_path(AT_FDCWD, path, true));
}

TAMAGO_EXPORT int lremovexattr(const char *path, const char *name)
{
	return (int)shim_ret(fs_xattr_path(AT_FDCWD, path, false));
}

TAMAGO_EXPORT int fremovexattr(int fd, const char *name)
{
	return (int)shim_ret(fs_xattr_fd(fd));
}

/* Every path variant: the path is the first argument. */

