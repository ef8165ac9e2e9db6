/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Names and temporary files: realpath, and the mkstemp family, tmpfile
 * and mkdtemp, built on the cores (fs_realpath, fs_openat, fs_mkdirat)
 * so that none of them costs a signal. The random letters come from the
 * random handler: a seeded one makes temporary names reproducible.
 */
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fs/fs.h"
#include "hooks/hooks.h"
#include "shim/shim.h"

TAMAGO_EXPORT char *realpath(const char *restrict path,
			     char *restrict resolved)
{
	char buf[PATH_MAX];
	long n;

	if (!path) {
		errno = EINVAL;
		return NULL;
	}
	n = fs_realpath(path, buf, sizeof(buf));
	if (shim_ret(n) < 0)
		return NULL;
	if (!resolved)
		return strdup(buf);
	memcpy(resolved, buf, (size_t)n + 1);
	return resolved;
}

/* _FORTIFY_SOURCE's realpath: resolved must hold PATH_MAX bytes. */
TAMAGO_EXPORT char *__realpath_chk(const char *path, char *resolved,
				   size_t resolvedlen)
{
	if (resolved && resolvedlen < PATH_MAX)
		__chk_fail();
	return realpath(path, resolved);
}

TAMAGO_EXPORT char *canonicalize_file_name(const char *path)
{
	return realpath(path, NULL);
}

enum kind { KIND_FILE, KIND_DIR, KIND_NAME };

/*
 * Replaces the six X before suffixlen trailing bytes of tmpl with random
 * letters until the name is free: then makes the file (O_EXCL), the
 * directory, or nothing (mktemp). Returns the fd, 0, or -errno.
 */
static int tempname(char *tmpl, size_t suffixlen, int flags, enum kind kind)
{
	static const char letters[] =
		"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
	size_t len = strlen(tmpl);
	char *x;
	int attempt;

	if (len < 6 + suffixlen ||
	    memcmp(tmpl + len - suffixlen - 6, "XXXXXX", 6))
		return -EINVAL;
	x = tmpl + len - suffixlen - 6;
	for (attempt = 0; attempt < 62 * 62 * 62; attempt++) {
		unsigned char r[6];
		struct statx st;
		int i, fd;

		if (hooks_random(r, sizeof(r), 0) != sizeof(r))
			return -EIO;
		for (i = 0; i < 6; i++)
			x[i] = letters[r[i] % (sizeof(letters) - 1)];
		switch (kind) {
		case KIND_FILE:
			fd = fs_openat(AT_FDCWD, tmpl,
				       (flags & ~O_ACCMODE) | O_RDWR | O_CREAT |
					       O_EXCL,
				       0600);
			if (fd != -EEXIST)
				return fd;
			break;
		case KIND_DIR:
			fd = fs_mkdirat(AT_FDCWD, tmpl, 0700);
			if (fd != -EEXIST)
				return fd;
			break;
		case KIND_NAME:
			fd = fs_statx(AT_FDCWD, tmpl, AT_SYMLINK_NOFOLLOW, 0,
				      &st);
			if (fd == -ENOENT)
				return 0;
			if (fd < 0)
				return fd;
			break;
		}
	}
	return -EEXIST;
}

TAMAGO_EXPORT int mkostemps(char *tmpl, int suffixlen, int flags)
{
	if (suffixlen < 0)
		return (int)shim_ret(-EINVAL);
	return (int)shim_ret(tempname(tmpl, (size_t)suffixlen, flags,
				      KIND_FILE));
}

TAMAGO_EXPORT int mkstemp(char *tmpl)
{
	return mkostemps(tmpl, 0, 0);
}

TAMAGO_EXPORT int mkostemp(char *tmpl, int flags)
{
	return mkostemps(tmpl, 0, flags);
}

TAMAGO_EXPORT int mkstemps(char *tmpl, int suffixlen)
{
	return mkostemps(tmpl, suffixlen, 0);
}

/* The large-file names are the same calls (O_LARGEFILE changes nothing). */
TAMAGO_EXPORT int mkstemp64(char *tmpl)
{
	return mkostemps(tmpl, 0, 0);
}

TAMAGO_EXPORT int mkostemp64(char *tmpl, int flags)
{
	return mkostemps(tmpl, 0, flags);
}

TAMAGO_EXPORT int mkstemps64(char *tmpl, int suffixlen)
{
	return mkostemps(tmpl, suffixlen, 0);
}

TAMAGO_EXPORT int mkostemps64(char *tmpl, int suffixlen, int flags)
{
	return mkostemps(tmpl, suffixlen, flags);
}

TAMAGO_EXPORT char *mkdtemp(char *tmpl)
{
	return shim_ret(tempname(tmpl, 0, 0, KIND_DIR)) < 0 ? NULL : tmpl;
}

TAMAGO_EXPORT char *mktemp(char *tmpl)
{
	if (shim_ret(tempname(tmpl, 0, 0, KIND_NAME)) < 0)
		tmpl[0] = '\0';
	return tmpl;
}

/* A file in /tmp that is gone from the tree the moment it is made. */
TAMAGO_EXPORT FILE *tmpfile(void)
{
	char name[] = "/tmp/tmpfXXXXXX";
	int fd = tempname(name, 0, O_CLOEXEC, KIND_FILE);
	FILE *f;

	if (shim_ret(fd) < 0)
		return NULL;
	fs_unlinkat(AT_FDCWD, name, 0);
	f = fdopen(fd, "w+");
	if (!f) {
		int e = errno;

		close(fd);
		errno = e;
	}
	return f;
}

TAMAGO_EXPORT FILE *tmpfile64(void)
{
	return tmpfile();
}
