/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Names beyond plain files and directories: symbolic links (the target
 * lives in the arena), hard links, and mknod. Each takes the core lock.
 */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "fs/internal.h"
#include "core/lock.h"
#include "core/sys.h"

/*
 * Where symlink and mknod make a name that must not exist yet: no
 * trailing slash (a non-directory), write and search on the parent.
 */
static int walk_new(int dirfd, const char *path, struct walk *w)
{
	int r = walk(dirfd, path, WALK_PARENT, w);

	if (r < 0)
		return r;
	if (w->ino)
		return -EEXIST;
	if (w->slash)
		return -ENOENT;
	return may_create(w->dir);
}

static int symlink_locked(const char *target, int dirfd, const char *path)
{
	size_t len = strnlen(target, FS_PATH_MAX);
	struct walk w;
	aoff_t ino, data;
	int r;

	if (len == 0)
		return -ENOENT;
	if (len >= FS_PATH_MAX)
		return -ENAMETOOLONG;
	r = walk_new(dirfd, path, &w);
	if (r < 0)
		return r;
	data = arena_alloc(len + 1);
	ino = data ? inode_create(w.dir, S_IFLNK | 0777) : 0;
	if (!ino) {
		arena_free(data, len + 1);
		return -ENOSPC;
	}
	memcpy(APTR_NEW(char, data), target, len + 1);
	INO_W(ino)->data = data;
	INO_W(ino)->size = len;
	return dentry_add_new(&w, ino);
}

int fs_symlinkat(const char *target, int dirfd, const char *path)
{
	int r = core_lock();

	if (r < 0)
		return r;
	r = symlink_locked(target, dirfd, path);
	core_unlock();
	return r;
}

static long readlink_locked(int dirfd, const char *path, char *buf,
			    size_t size)
{
	struct walk w;
	aoff_t ino;
	size_t n;
	long r;

	if ((long)size <= 0)
		return -EINVAL;
	if (path[0] == '\0') {
		/* An O_PATH fd of the link itself (since Linux 2.6.39). */
		r = empty_path_inode(dirfd, &ino);
		if (r < 0)
			return r;
		if (!S_ISLNK(INO(ino)->mode))
			return -ENOENT;
	} else {
		r = walk(dirfd, path, 0, &w);
		if (r < 0)
			return r;
		if (!w.ino)
			return -ENOENT;
		ino = w.ino;
	}
	if (!S_ISLNK(INO(ino)->mode))
		return -EINVAL;
	if (proc_is_magic(ino)) {
		char made[FS_PATH_MAX];

		r = proc_target(ino, made, sizeof(made));
		if (r < 0)
			return r;
		n = (size_t)r < size ? (size_t)r : size;
		memcpy(buf, made, n);
		return (long)n;
	}
	n = INO(ino)->size < size ? INO(ino)->size : size;
	memcpy(buf, APTR(char, INO(ino)->data), n);
	touch_atime(ino);
	return (long)n;
}

long fs_readlinkat(int dirfd, const char *path, char *buf, size_t size)
{
	long r = core_lock();

	if (r < 0)
		return r;
	r = readlink_locked(dirfd, path, buf, size);
	core_unlock();
	return r;
}

static int link_locked(int odfd, const char *opath, int ndfd,
		       const char *npath, int flags)
{
	struct walk o, n;
	aoff_t src;
	int r;

	if (flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if (opath[0] == '\0' && (flags & AT_EMPTY_PATH)) {
		/* No CAP_DAC_READ_SEARCH needed: since Linux 6.10 a file
		 * opened with the caller's credentials may be linked, and
		 * every fd of the program's was (setuid is killed). */
		r = empty_path_inode(odfd, &src);
		if (r < 0)
			return r;
		o.via_fd = odfd;
	} else {
		r = walk(odfd, opath,
			 (flags & AT_SYMLINK_FOLLOW) ?
				 WALK_FOLLOW | WALK_DELETED : 0, &o);
		if (r < 0)
			return r;
		if (!o.ino)
			return -ENOENT;
		src = o.ino;
	}
	r = walk(ndfd, npath, WALK_PARENT, &n);
	if (r < 0)
		return r;
	if (n.ino)
		return -EEXIST;
	if (n.slash)
		return -ENOENT;
	r = may_create(n.dir);
	if (r < 0)
		return r;
	if (S_ISDIR(INO(src)->mode))
		return -EPERM;
	/* fs.protected_hardlinks: only what one owns or may read and write. */
	if (!is_owner(src) && (!S_ISREG(INO(src)->mode) ||
			       (INO(src)->mode & (S_ISUID | S_ISGID)) ||
			       permission(src, MAY_READ | MAY_WRITE, false)))
		return -EPERM;
	/* A file without a name gets one only if O_TMPFILE made it so. */
	if (!INO(src)->nlink &&
	    (!S_ISREG(INO(src)->mode) || !INO(src)->linkable))
		return -ENOENT;
	if (!INO(src)->nlink && !INO(src)->named) {
		/* It counts as an inode again (tmpfs counts it from its
		 * creation). */
		if (fsh->max_inodes && fsh->ninodes >= fsh->max_inodes)
			return -ENOSPC;
		r = store_relink(src, o.via_fd);
		if (r < 0)
			return r;
		inode_unbury(src);
	}
	r = dentry_add(n.dir, n.name, n.len, src);
	if (r < 0) {
		inode_put(src);
		return r;
	}
	if (S_ISREG(INO(src)->mode))
		INO_W(src)->linkable = 0;
	INO_W(src)->nlink++;
	touch(src, 2);
	return 0;
}

int fs_linkat(int olddirfd, const char *oldpath, int newdirfd,
	      const char *newpath, int flags)
{
	int r = core_lock();

	if (r < 0)
		return r;
	r = link_locked(olddirfd, oldpath, newdirfd, newpath, flags);
	core_unlock();
	return r;
}

/*
 * Regular files, FIFOs (fd.c) and sockets (a name that net/unix.c may
 * bind to, nobody listening yet): device nodes would stand for host
 * devices the sandbox does not reach, and are refused with EPERM, as an
 * unprivileged mknod of a device is.
 */
static int mknod_locked(int dirfd, const char *path, mode_t mode)
{
	struct walk w;
	aoff_t ino;
	mode_t type = mode & S_IFMT;
	int r;

	switch (type) {
	case 0:
		type = S_IFREG;
		break;
	case S_IFREG:
	case S_IFCHR:
	case S_IFBLK:
	case S_IFIFO:
	case S_IFSOCK:
		break;
	case S_IFDIR:
		return -EPERM;
	default:
		return -EINVAL;
	}
	r = walk_new(dirfd, path, &w);
	if (r < 0)
		return r;
	if (type == S_IFCHR || type == S_IFBLK)
		return -EPERM;
	ino = inode_create(w.dir, type | (mode & 07777 & ~fs_cur_umask));
	if (!ino)
		return -ENOSPC;
	return dentry_add_new(&w, ino);
}

int fs_mknodat(int dirfd, const char *path, mode_t mode, dev_t dev)
{
	int r = core_lock();

	(void)dev;
	if (r < 0)
		return r;
	r = mknod_locked(dirfd, path, mode);
	core_unlock();
	return r;
}

/*
 * realpath: the path with every symlink, "." and ".." resolved, through
 * the name the lookup took (a file with several hard links is named by
 * the one asked for).
 */
static long realpath_locked(const char *path, char *buf, size_t size)
{
	struct walk w;
	long r, n;

	r = walk(AT_FDCWD, path, WALK_FOLLOW, &w);
	if (r < 0)
		return r;
	if (!w.ino)
		return -ENOENT;
	if (S_ISDIR(INO(w.ino)->mode) || w.ino == w.dir)
		return inode_path(w.ino, buf, size);
	n = inode_path(w.dir, buf, size);
	if (n < 0)
		return n;
	if (n > 1)
		buf[n++] = '/';
	if ((size_t)n + w.len + 1 > size)
		return -ENAMETOOLONG;
	memcpy(buf + n, w.name, w.len);
	n += (long)w.len;
	buf[n] = '\0';
	return n;
}

long fs_realpath(const char *path, char *buf, size_t size)
{
	long r = core_lock();

	if (r < 0)
		return r;
	r = realpath_locked(path, buf, size);
	core_unlock();
	return r;
}

/*
 * AF_UNIX names in the file system (net/unix.c). bind makes the socket
 * inode as the kernel's unix_bind_bsd does: mode 0777 less the umask,
 * the name must not exist (not even as a stale socket or a dangling
 * symlink: EADDRINUSE), the walk's and the directory's errors otherwise.
 */
static long sock_bind_locked(const char *path)
{
	struct walk w;
	aoff_t ino;
	int r = walk_new(AT_FDCWD, path, &w);

	if (r == -EEXIST)
		return -EADDRINUSE;
	if (r < 0)
		return r;
	ino = inode_create(w.dir, S_IFSOCK | (0777 & ~fs_cur_umask));
	if (!ino)
		return -ENOSPC;
	r = dentry_add_new(&w, ino);
	if (r < 0)
		return r;
	return (long)INO(ino)->serial;
}

long fs_sock_bind(const char *path)
{
	long r = core_lock();

	if (r < 0)
		return r;
	r = sock_bind_locked(path);
	core_unlock();
	return r;
}

/* connect and sendto: unix_find_bsd's order of checks. */
static long sock_find_locked(const char *path)
{
	struct walk w;
	int r = walk(AT_FDCWD, path, WALK_FOLLOW, &w);

	if (r < 0)
		return r;
	if (!w.ino)
		return -ENOENT;
	r = permission(w.ino, MAY_WRITE, false);
	if (r < 0)
		return r;
	if (!S_ISSOCK(INO(w.ino)->mode))
		return -ECONNREFUSED;
	return (long)INO(w.ino)->serial;
}

long fs_sock_find(const char *path)
{
	long r = core_lock();

	if (r < 0)
		return r;
	r = sock_find_locked(path);
	core_unlock();
	return r;
}
