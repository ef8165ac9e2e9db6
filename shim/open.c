/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The open family: libc's names and the trapped system calls, both
 * straight into fs_openat().
 */
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "fs/fs.h"
#include "shim/shim.h"

static bool wants_mode(int flags)
{
	return (flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE;
}

#define VA_MODE(flags, last)                                                 \
	({                                                                   \
		mode_t m_ = 0;                                               \
		if (wants_mode(flags)) {                                     \
			va_list ap_;                                         \
			va_start(ap_, last);                                 \
			m_ = (mode_t)va_arg(ap_, int);                       \
			va_end(ap_);                                         \
		}                                                            \
		m_;                                                          \
	})

TAMAGO_EXPORT int open(const char *path, int flags, ...)
{
	return (int)shim_ret(fs_openat(AT_FDCWD, path, flags,
				       VA_MODE(flags, flags)));
}

TAMAGO_EXPORT int openat(int dirfd, const char *path, int flags, ...)
{
	return (int)shim_ret(fs_openat(dirfd, path, flags,
				       VA_MODE(flags, flags)));
}

TAMAGO_EXPORT int creat(const char *path, mode_t mode)
{
	return (int)shim_ret(fs_openat(AT_FDCWD, path,
				       O_CREAT | O_WRONLY | O_TRUNC, mode));
}

/* _FORTIFY_SOURCE entry points: no mode argument by contract. */
TAMAGO_EXPORT int __open_2(const char *path, int flags)
{
	return (int)shim_ret(fs_openat(AT_FDCWD, path, flags, 0));
}

TAMAGO_EXPORT int __openat_2(int dirfd, const char *path, int flags)
{
	return (int)shim_ret(fs_openat(dirfd, path, flags, 0));
}

/* Large-file names: the same calls (O_LARGEFILE changes nothing here). */
TAMAGO_EXPORT int open64(const char *, int, ...) __attribute__((alias("open")));
TAMAGO_EXPORT int openat64(int, const char *, int, ...)
	__attribute__((alias("openat")));
TAMAGO_EXPORT int creat64(const char *, mode_t) __attribute__((alias("creat")));
TAMAGO_EXPORT int __open64_2(const char *, int)
	__attribute__((alias("__open_2")));
TAMAGO_EXPORT int __openat64_2(int, const char *, int)
	__attribute__((alias("__openat_2")));
/* glibc exports its internal names too, and old libraries call them. */
TAMAGO_EXPORT int __open(const char *, int, ...)
	__attribute__((alias("open"), nonnull(1)));
TAMAGO_EXPORT int __open64(const char *, int, ...)
	__attribute__((alias("open"), nonnull(1)));

/* fopen's mode string to open flags, as glibc reads it. */
static int fopen_flags(const char *mode)
{
	int flags;
	const char *p;

	switch (mode[0]) {
	case 'r':
		flags = O_RDONLY;
		break;
	case 'w':
		flags = O_WRONLY | O_CREAT | O_TRUNC;
		break;
	case 'a':
		flags = O_WRONLY | O_CREAT | O_APPEND;
		break;
	default:
		return -EINVAL;
	}
	for (p = mode + 1; *p && *p != ','; p++) {
		if (*p == '+')
			flags = (flags & ~O_ACCMODE) | O_RDWR;
		else if (*p == 'x')
			flags |= O_EXCL;
		else if (*p == 'e')
			flags |= O_CLOEXEC;
	}
	return flags;
}

TAMAGO_EXPORT FILE *fopen(const char *path, const char *mode)
{
	int flags = fopen_flags(mode);
	int fd;
	FILE *f;

	if (flags < 0) {
		errno = EINVAL;
		return NULL;
	}
	fd = (int)shim_ret(fs_openat(AT_FDCWD, path, flags, 0666));
	if (fd < 0)
		return NULL;
	f = fdopen(fd, mode);
	if (!f) {
		int e = errno;

		close(fd);
		errno = e;
	}
	return f;
}

TAMAGO_EXPORT FILE *fopen64(const char *, const char *)
	__attribute__((alias("fopen")));

