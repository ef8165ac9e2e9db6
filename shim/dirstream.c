/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Directory streams (opendir, readdir, ...): the shim's own DIR, filled by
 * fs_getdents64() on the libc path, so that listing a directory costs no
 * signal. Every libc name that takes or returns a DIR is here, so a
 * program never mixes this DIR with glibc's. glibc's own internal users
 * keep glibc's DIR and take the trap path; the walkers a program calls by
 * name (scandir, glob, ftw, fts: walk.c, fts.c) use this one.
 *
 * struct dirent is the kernel's linux_dirent64 on 64-bit targets, so
 * entries are returned in place from the buffer, as glibc does.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fs/fs.h"
#include "shim/shim.h"
#include "core/sys.h"

struct __dirstream {
	int fd;
	size_t pos, len;	/* next entry, bytes in buf */
	long tell;		/* the cookie of the next entry */
	struct dirent narrow;	/* readdir's answer where it is not dirent64 */
	char buf[32768] __attribute__((aligned(8)));
};

/* Where struct dirent is struct dirent64 (64-bit targets). */
#define DIRENT_IS_64 (sizeof(struct dirent) == sizeof(struct dirent64))

/*
 * e as a struct dirent (32-bit d_ino and d_off on 32-bit targets), or
 * EOVERFLOW where they do not fit, as glibc's readdir answers.
 */
static int dirent_narrow(struct dirent *to, const struct dirent64 *e)
{
	size_t n = strnlen(e->d_name, sizeof(to->d_name) - 1);

	to->d_ino = (ino_t)e->d_ino;
	to->d_off = (off_t)e->d_off;
	if ((uint64_t)to->d_ino != e->d_ino || (int64_t)to->d_off != e->d_off)
		return EOVERFLOW;
	to->d_type = e->d_type;
	to->d_reclen = (unsigned short)sizeof(*to);
	memcpy(to->d_name, e->d_name, n);
	to->d_name[n] = '\0';
	return 0;
}

TAMAGO_EXPORT DIR *fdopendir(int fd)
{
	struct statx x;
	DIR *d;
	long r = fs_statx(fd, "", AT_EMPTY_PATH, STATX_TYPE, &x);

	if (r == 0 && !S_ISDIR(x.stx_mode))
		r = -ENOTDIR;
	if (shim_ret(r) < 0)
		return NULL;
	d = malloc(sizeof(*d));
	if (!d)
		return NULL;
	d->fd = fd;
	d->pos = d->len = 0;
	d->tell = sys_lseek(fd, 0, SEEK_CUR);
	if (d->tell < 0)
		d->tell = 0;
	return d;
}

TAMAGO_EXPORT DIR *opendir(const char *path)
{
	int fd = (int)shim_ret(fs_openat(AT_FDCWD, path,
					 O_RDONLY | O_DIRECTORY | O_CLOEXEC |
						 O_NONBLOCK,
					 0));
	DIR *d;

	if (fd < 0)
		return NULL;
	d = malloc(sizeof(*d));
	if (!d) {
		sys_close(fd);
		errno = ENOMEM;
		return NULL;
	}
	d->fd = fd;
	d->pos = d->len = 0;
	d->tell = 0;
	return d;
}

TAMAGO_EXPORT int closedir(DIR *d)
{
	long r = sys_close(d->fd);

	free(d);
	return (int)shim_ret(r);
}

TAMAGO_EXPORT struct dirent64 *readdir64(DIR *d)
{
	struct dirent64 *e;

	if (d->pos >= d->len) {
		long n = fs_getdents64(d->fd, d->buf, sizeof(d->buf));

		if (n <= 0) {
			if (n < 0)
				errno = (int)-n;
			return NULL;
		}
		d->len = (size_t)n;
		d->pos = 0;
	}
	e = (struct dirent64 *)(d->buf + d->pos);
	d->pos += e->d_reclen;
	d->tell = e->d_off;
	return e;
}

TAMAGO_EXPORT struct dirent *readdir(DIR *d)
{
	struct dirent64 *e = readdir64(d);
	int r;

	if (DIRENT_IS_64 || !e)
		return (struct dirent *)e;
	r = dirent_narrow(&d->narrow, e);
	if (r) {
		errno = r;
		return NULL;
	}
	return &d->narrow;
}

TAMAGO_EXPORT int readdir64_r(DIR *d, struct dirent64 *entry,
			      struct dirent64 **result)
{
	int saved = errno;
	struct dirent64 *e;

	errno = 0;
	e = readdir64(d);
	*result = NULL;
	if (!e) {
		int r = errno;

		errno = saved;
		return r;
	}
	memcpy(entry, e, e->d_reclen < sizeof(*entry) ? e->d_reclen :
							 sizeof(*entry));
	*result = entry;
	errno = saved;
	return 0;
}

/* Deprecated in glibc's headers, still exported and still called. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
TAMAGO_EXPORT int readdir_r(DIR *d, struct dirent *entry,
			    struct dirent **result)
{
	struct dirent64 wide, *got;
	int r;

	if (DIRENT_IS_64)
		return readdir64_r(d, (struct dirent64 *)entry,
				   (struct dirent64 **)result);
	r = readdir64_r(d, &wide, &got);
	*result = NULL;
	if (r || !got)
		return r;
	r = dirent_narrow(entry, &wide);
	if (!r)
		*result = entry;
	return r;
}
#pragma GCC diagnostic pop

TAMAGO_EXPORT void seekdir(DIR *d, long pos)
{
	if (sys_lseek(d->fd, pos, SEEK_SET) < 0)
		return;
	d->pos = d->len = 0;
	d->tell = pos;
}

TAMAGO_EXPORT void rewinddir(DIR *d)
{
	seekdir(d, 0);
}

TAMAGO_EXPORT long telldir(DIR *d)
{
	return d->tell;
}

TAMAGO_EXPORT int dirfd(DIR *d)
{
	return d->fd;
}
