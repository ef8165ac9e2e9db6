/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Directories and names: mkdir, rmdir, unlink, rename, access, readlink,
 * getdents64, the working directory and umask. libc's names and the
 * trapped calls both call one core function each.
 */
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fs/fs.h"
#include "shim/shim.h"
#include "core/sys.h"

TAMAGO_EXPORT int mkdir(const char *path, mode_t mode)
{
	return (int)shim_ret(fs_mkdirat(AT_FDCWD, path, mode));
}

TAMAGO_EXPORT int mkdirat(int dirfd, const char *path, mode_t mode)
{
	return (int)shim_ret(fs_mkdirat(dirfd, path, mode));
}

TAMAGO_EXPORT int rmdir(const char *path)
{
	return (int)shim_ret(fs_unlinkat(AT_FDCWD, path, AT_REMOVEDIR));
}

TAMAGO_EXPORT int unlink(const char *path)
{
	return (int)shim_ret(fs_unlinkat(AT_FDCWD, path, 0));
}

TAMAGO_EXPORT int unlinkat(int dirfd, const char *path, int flags)
{
	return (int)shim_ret(fs_unlinkat(dirfd, path, flags));
}

TAMAGO_EXPORT int remove(const char *path)
{
	int r = fs_unlinkat(AT_FDCWD, path, 0);

	if (r == -EISDIR)
		r = fs_unlinkat(AT_FDCWD, path, AT_REMOVEDIR);
	return (int)shim_ret(r);
}

TAMAGO_EXPORT int rename(const char *oldpath, const char *newpath)
{
	return (int)shim_ret(
		fs_renameat2(AT_FDCWD, oldpath, AT_FDCWD, newpath, 0));
}

TAMAGO_EXPORT int renameat(int olddirfd, const char *oldpath, int newdirfd,
			   const char *newpath)
{
	return (int)shim_ret(
		fs_renameat2(olddirfd, oldpath, newdirfd, newpath, 0));
}

TAMAGO_EXPORT int renameat2(int olddirfd, const char *oldpath, int newdirfd,
			    const char *newpath, unsigned int flags)
{
	return (int)shim_ret(
		fs_renameat2(olddirfd, oldpath, newdirfd, newpath, flags));
}

TAMAGO_EXPORT int access(const char *path, int mode)
{
	return (int)shim_ret(fs_faccessat(AT_FDCWD, path, mode, 0));
}

TAMAGO_EXPORT int faccessat(int dirfd, const char *path, int mode, int flags)
{
	return (int)shim_ret(fs_faccessat(dirfd, path, mode, flags));
}

TAMAGO_EXPORT int euidaccess(const char *path, int mode)
{
	return (int)shim_ret(fs_faccessat(AT_FDCWD, path, mode, AT_EACCESS));
}

TAMAGO_EXPORT int eaccess(const char *, int)
	__attribute__((alias("euidaccess")));

TAMAGO_EXPORT ssize_t readlink(const char *path, char *buf, size_t size)
{
	return shim_ret(fs_readlinkat(AT_FDCWD, path, buf, size));
}

TAMAGO_EXPORT ssize_t readlinkat(int dirfd, const char *path, char *buf,
				 size_t size)
{
	return shim_ret(fs_readlinkat(dirfd, path, buf, size));
}

TAMAGO_EXPORT ssize_t getdents64(int fd, void *buf, size_t size)
{
	return shim_ret(fs_getdents64(fd, buf, size));
}

TAMAGO_EXPORT int chdir(const char *path)
{
	return (int)shim_ret(fs_chdir(path));
}

TAMAGO_EXPORT int fchdir(int fd)
{
	return (int)shim_ret(fs_fchdir(fd));
}

TAMAGO_EXPORT char *getcwd(char *buf, size_t size)
{
	char tmp[4096];
	long r;

	if (buf) {
		if (!size) {
			errno = EINVAL;
			return NULL;
		}
		r = fs_getcwd(buf, size);
		return shim_ret(r) < 0 ? NULL : buf;
	}
	/* glibc's extension: allocate when buf is NULL. */
	r = fs_getcwd(tmp, size && size < sizeof(tmp) ? size : sizeof(tmp));
	if (shim_ret(r) < 0)
		return NULL;
	buf = malloc(size > (size_t)r ? size : (size_t)r);
	if (buf)
		memcpy(buf, tmp, (size_t)r);
	return buf;
}

TAMAGO_EXPORT char *get_current_dir_name(void)
{
	return getcwd(NULL, 0);
}

/* BSD's getwd: a PATH_MAX buffer, and the error's text in it. */
static char *bsd_getwd(char *buf)
{
	long r = fs_getcwd(buf, PATH_MAX);

	if (r < 0) {
		strncpy(buf, strerror((int)-r), PATH_MAX - 1);
		buf[PATH_MAX - 1] = '\0';
		errno = (int)-r;
		return NULL;
	}
	return buf;
}

TAMAGO_EXPORT char *getwd(char *buf)
{
	return bsd_getwd(buf);
}

/*
 * _FORTIFY_SOURCE's entry points: buflen is the object's real size; a
 * call that could write past it ends the program, as glibc's do
 * (__chk_fail: "*** buffer overflow detected ***").
 */
TAMAGO_EXPORT char *__getcwd_chk(char *buf, size_t size, size_t buflen)
{
	if (size > buflen)
		__chk_fail();
	return getcwd(buf, size);
}

TAMAGO_EXPORT char *__getwd_chk(char *buf, size_t buflen)
{
	if (buflen < PATH_MAX)
		__chk_fail();
	return bsd_getwd(buf);
}

TAMAGO_EXPORT ssize_t __readlink_chk(const char *path, char *buf, size_t size,
				     size_t buflen)
{
	if (size > buflen)
		__chk_fail();
	return shim_ret(fs_readlinkat(AT_FDCWD, path, buf, size));
}

TAMAGO_EXPORT ssize_t __readlinkat_chk(int dirfd, const char *path, char *buf,
				       size_t size, size_t buflen)
{
	if (size > buflen)
		__chk_fail();
	return shim_ret(fs_readlinkat(dirfd, path, buf, size));
}

/* getdents64 and where the listing stood before it (BSD's base). */
TAMAGO_EXPORT ssize_t getdirentries64(int fd, char *buf, size_t size,
				      off64_t *base)
{
	long at = sys_lseek(fd, 0, SEEK_CUR);
	long r = at < 0 ? at : fs_getdents64(fd, buf, size);

	if (r >= 0)
		*base = at;
	return shim_ret(r);
}

/*
 * getdirentries: getdirentries64's records, as struct dirent. On 64-bit
 * targets they are the same; on 32-bit ones each record is rewritten in
 * place with 32-bit d_ino and d_off (never longer than the original),
 * EOVERFLOW where they do not fit.
 */
TAMAGO_EXPORT ssize_t getdirentries(int fd, char *buf, size_t size,
				    off_t *base)
{
	const size_t head = offsetof(struct dirent, d_name);
	off64_t base64 = 0;
	ssize_t n = getdirentries64(fd, buf, size, &base64);
	size_t in = 0, out = 0;

	if (n < 0)
		return n;
	*base = (off_t)base64;
	if (sizeof(off_t) == sizeof(off64_t))
		return n;
	while (in < (size_t)n) {
		struct dirent64 e;
		struct dirent d;
		size_t len, rec;

		memcpy(&e, buf + in, offsetof(struct dirent64, d_name));
		len = strlen(buf + in + offsetof(struct dirent64, d_name));
		d.d_ino = (ino_t)e.d_ino;
		d.d_off = (off_t)e.d_off;
		if ((uint64_t)d.d_ino != e.d_ino ||
		    (int64_t)d.d_off != e.d_off) {
			errno = EOVERFLOW;
			return -1;
		}
		rec = (head + len + 1 + 7) & ~(size_t)7;
		d.d_reclen = (unsigned short)rec;
		d.d_type = e.d_type;
		memmove(buf + out + head,
			buf + in + offsetof(struct dirent64, d_name), len + 1);
		memcpy(buf + out, &d, head);
		in += e.d_reclen;
		out += rec;
	}
	return (ssize_t)out;
}

TAMAGO_EXPORT mode_t umask(mode_t mask)
{
	return fs_umask(mask);
}

TAMAGO_EXPORT int symlink(const char *target, const char *path)
{
	return (int)shim_ret(fs_symlinkat(target, AT_FDCWD, path));
}

TAMAGO_EXPORT int symlinkat(const char *target, int dirfd, const char *path)
{
	return (int)shim_ret(fs_symlinkat(target, dirfd, path));
}

TAMAGO_EXPORT int link(const char *oldpath, const char *newpath)
{
	return (int)shim_ret(
		fs_linkat(AT_FDCWD, oldpath, AT_FDCWD, newpath, 0));
}

TAMAGO_EXPORT int linkat(int olddirfd, const char *oldpath, int newdirfd,
			 const char *newpath, int flags)
{
	return (int)shim_ret(
		fs_linkat(olddirfd, oldpath, newdirfd, newpath, flags));
}

TAMAGO_EXPORT int mknod(const char *path, mode_t mode, dev_t dev)
{
	return (int)shim_ret(fs_mknodat(AT_FDCWD, path, mode, dev));
}

TAMAGO_EXPORT int mknodat(int dirfd, const char *path, mode_t mode,
			  dev_t dev)
{
	return (int)shim_ret(fs_mknodat(dirfd, path, mode, dev));
}

TAMAGO_EXPORT int mkfifo(const char *path, mode_t mode)
{
	return (int)shim_ret(fs_mknodat(AT_FDCWD, path, S_IFIFO | mode, 0));
}

TAMAGO_EXPORT int mkfifoat(int dirfd, const char *path, mode_t mode)
{
	return (int)shim_ret(fs_mknodat(dirfd, path, S_IFIFO | mode, 0));
}

/* The pre-2.33 entry points that older binaries still call. */
TAMAGO_EXPORT int __xmknod(int ver, const char *path, mode_t mode, dev_t *dev)
{
	(void)ver;
	return (int)shim_ret(fs_mknodat(AT_FDCWD, path, mode, *dev));
}

TAMAGO_EXPORT int __xmknodat(int ver, int dirfd, const char *path,
			     mode_t mode, dev_t *dev)
{
	(void)ver;
	return (int)shim_ret(fs_mknodat(dirfd, path, mode, *dev));
}

