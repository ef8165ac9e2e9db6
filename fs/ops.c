/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The operations of the in-memory file system, as fs.h promises them:
 * each takes the core lock and works on the tree of tree.c.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "hooks/hooks.h"
#include "fs/internal.h"
#include "core/lock.h"
#include "core/sys.h"

/*
 * O_CREAT on someone else's existing file in a sticky world-writable
 * directory: the kernel's may_create_in_sticky() with the sysctls
 * protected_regular and protected_fifos at 0, so only what is neither a
 * regular file nor a FIFO (here: a symlink opened with O_NOFOLLOW, a
 * device) is refused, even to root.
 */
static bool may_create_in_sticky(aoff_t dir, aoff_t ino)
{
	const struct fs_inode *d = INO(dir), *in = INO(ino);

	if (!(d->mode & S_ISVTX) || S_ISREG(in->mode) || S_ISFIFO(in->mode))
		return true;
	if (in->uid == d->uid || in->uid == cur_euid())
		return true;
	return !(d->mode & 0002);
}

/* What an open asks of the file: the kernel's may_open(). */
static int may_open(aoff_t ino, int flags)
{
	int acc = flags & O_ACCMODE, mask = 0;

	if (flags & O_PATH)
		return 0;
	if (acc == O_RDONLY || acc == O_RDWR)
		mask |= MAY_READ;
	if (acc == O_WRONLY || acc == O_RDWR || (flags & O_TRUNC))
		mask |= MAY_WRITE;
	if (acc == O_ACCMODE)
		mask |= MAY_READ | MAY_WRITE;
	return permission(ino, mask, false);
}

/*
 * O_TMPFILE: a regular file with no name in the directory path names,
 * open for writing. Its object has no name either, as an unlinked file's:
 * the program's fd holds it, and linkat may name it later (store_relink)
 * unless O_EXCL said never.
 */
static int tmpfile_locked(int dirfd, const char *path, int flags,
			  mode_t mode)
{
	struct walk w;
	aoff_t ino;
	int r;

	/* The kernel's build_open_flags(). */
	if ((flags & (O_TMPFILE | O_CREAT)) != O_TMPFILE ||
	    (flags & O_ACCMODE) == O_RDONLY || (flags & O_PATH))
		return -EINVAL;
	if (fs_proc_fd() < 0)
		return -EOPNOTSUPP;	/* no reopen door to link it later */
	r = walk(dirfd, path, WALK_FOLLOW, &w);
	if (r < 0)
		return r;
	if (!w.ino)
		return -ENOENT;
	if (!S_ISDIR(INO(w.ino)->mode))
		return -ENOTDIR;
	/* The kernel's vfs_tmpfile(): even a removed directory will do. */
	r = permission(w.ino, MAY_WRITE | MAY_EXEC, false);
	if (r < 0)
		return r;
	ino = inode_create(w.ino, S_IFREG | (mode & 07777 & ~fs_cur_umask));
	if (!ino)
		return -ENOSPC;
	r = store_tmpfile(ino, flags & ~O_TMPFILE);
	INO_W(ino)->linkable = r >= 0 && !(flags & O_EXCL);
	INO_W(ino)->nlink = 0;
	inode_put(ino);
	return r;
}

/* A program fd of ino, whatever kind of file it is. */
static int open_inode(aoff_t ino, int flags)
{
	int r;

	if (S_ISCHR(INO(ino)->mode))
		return fd_open_device(ino, flags);
	if (proc_is_random(ino))
		return proc_open_random(ino, flags);
	if (!INO(ino)->named) {
		r = store_make(ino);
		if (r < 0)
			return r;
	}
	/* A directory opened stays, even once removed: fchdir may make
	 * it the working directory of any process that holds it. */
	if (S_ISDIR(INO(ino)->mode) && !INO(ino)->pinned)
		INO_W(ino)->pinned = 1;
	return store_open(ino, flags);
}

/*
 * mapped: the caller (the loader) only reads the file with pread and maps
 * it, so a placed host file may come as its own memfd, duplicated, rather
 * than a fresh open file description (one reopen through /proc less at
 * every exec of a dynamic program: its interpreter).
 */
static int open_locked(int dirfd, const char *path, int flags, mode_t mode,
		       aoff_t *fifo, int *via_fd, int *kernel_fd, bool mapped)
{
	struct walk w;
	aoff_t ino;
	int acc = flags & O_ACCMODE;
	int wflags = WALK_FOLLOW;
	int r, fd;

	/* The bit that is not O_DIRECTORY's (glibc's __O_TMPFILE has both). */
	if (flags & (O_TMPFILE & ~O_DIRECTORY))
		return tmpfile_locked(dirfd, path, flags, mode);
	if ((flags & (O_CREAT | O_DIRECTORY)) == (O_CREAT | O_DIRECTORY))
		return -EINVAL;
	if ((flags & O_NOFOLLOW) ||
	    (flags & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL))
		wflags = 0;
	if (flags & O_CREAT) {
		/*
		 * The kernel looks at a trailing slash before the name, in
		 * the path and in every link it follows to the file.
		 */
		r = walk(dirfd, path, WALK_PARENT, &w);
		while (r == 0) {
			if (w.slash && !is_dot(&w))
				return -EISDIR;
			if (!w.ino || !S_ISLNK(INO(w.ino)->mode) || !wflags)
				break;
			r = walk_link(&w, WALK_PARENT);
		}
	} else {
		r = walk(dirfd, path, wflags | WALK_DELETED, &w);
	}
	if (r < 0)
		return r;
	ino = w.ino;
	if (!ino && w.kernel_fd >= 0) {
		/* /proc/self/fd/N of a pipe or a socket: opened after the
		 * lock, by the kernel (a pipe's opener may block). */
		if (flags & O_DIRECTORY)
			return -ENOTDIR;
		*kernel_fd = w.kernel_fd;
		return 0;
	}
	if (!ino) {
		if (!(flags & O_CREAT))
			return -ENOENT;
		if (w.slash)
			return -EISDIR;
		r = may_create(w.dir);
		if (r < 0)
			return r;
		ino = inode_create(w.dir,
				   S_IFREG | (mode & 07777 & ~fs_cur_umask));
		if (!ino)
			return -ENOSPC;
		/* The creator gets the access it asked for, whatever mode. */
		fd = store_create(ino, flags);
		if (fd < 0) {
			INO_W(ino)->nlink = 0;
			inode_put(ino);
			return fd;
		}
		r = dentry_add_new(&w, ino);
		if (r < 0) {
			sys_close(fd);
			return r;
		}
		return fd;
	} else if ((flags & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL)) {
		return -EEXIST;
	} else {
		const struct fs_inode *in = INO(ino);

		/* In the order of the kernel's do_open() and may_open(). */
		if (S_ISDIR(in->mode) && (flags & O_CREAT))
			return -EISDIR;
		if ((flags & O_CREAT) && !may_create_in_sticky(w.dir, ino))
			return -EACCES;
		if (!S_ISDIR(in->mode) && (flags & O_DIRECTORY))
			return -ENOTDIR;
		if (S_ISLNK(in->mode) && !(flags & O_PATH))
			return -ELOOP;
		/* O_TRUNC asks for write access too. */
		if (S_ISDIR(in->mode) && !(flags & O_PATH) &&
		    (acc != O_RDONLY || (flags & O_TRUNC)))
			return -EISDIR;
		r = may_open(ino, flags);
		if (r < 0)
			return r;
		/* A socket file opens only as O_PATH (the kernel's no_open). */
		if (S_ISSOCK(in->mode) && !(flags & O_PATH))
			return -ENXIO;
		if (S_ISREG(in->mode) && !in->nlink && !in->named) {
			/*
			 * Deleted, reached through /proc/self/fd/N: opened
			 * again from the program's fd N, after the lock.
			 */
			*via_fd = w.via_fd;
			return 0;
		}
		if (is_host(ino)) {
			/* Read as placed; written, it becomes the store's. */
			if (mapped && acc == O_RDONLY && !(flags & O_TRUNC))
				return host_dup(ino);
			if ((flags & O_PATH) ||
			    (acc == O_RDONLY && !(flags & O_TRUNC)))
				return host_open(ino, flags);
			r = host_copy_up(ino);
			if (r < 0)
				return r;
		} else if (is_lower(ino) && !(flags & O_TRUNC) &&
			   (acc == O_RDONLY || (flags & O_PATH))) {
			/* A layer's file, read from the host. */
			return lower_open(ino, mapped ? O_CLOEXEC : flags);
		} else if (S_ISREG(in->mode) && !in->named) {
			r = store_make(ino);
			if (r < 0)
				return r;
		}
		if (S_ISREG(in->mode) && (flags & O_TRUNC) &&
		    !(flags & O_PATH)) {
			r = (int)sys_ftruncate(store_fd(ino), 0);
			if (r < 0)
				return r;
			touch(ino, 2);
		}
	}
	if (S_ISFIFO(INO(ino)->mode)) {
		/* Opened after the lock is dropped: it may block. */
		if (!INO(ino)->named) {
			r = store_make(ino);
			if (r < 0)
				return r;
		}
		*fifo = ino;
		return 0;
	}
	return open_inode(ino, flags);
}

/*
 * Opens what fd N holds again, as Linux opens /proc/self/fd/N of a pipe
 * (a new open file description, with the access asked for) or refuses a
 * socket's (ENXIO): through the shim's /proc door, whose Landlock layer
 * lets it reach pipes and memfds only. Without the door, a dup of fd N
 * if it has the access asked for: one description, as for other files.
 */
static int open_kernel_fd(int fd, int flags)
{
	int acc = flags & O_ACCMODE;
	arch_kstat st;
	long r, fl;

	r = store_reopen(fd, flags & ~(O_CREAT | O_EXCL | O_NOFOLLOW));
	if (r != -ENOENT || fs_proc_fd() >= 0)
		return (int)r;
	r = sys_fstat(fd, &st);
	if (r < 0)
		return (int)r;
	if (S_ISSOCK(st.st_mode))
		return -ENXIO;
	fl = sys_fcntl(fd, F_GETFL, 0);
	if (fl < 0)
		return (int)fl;
	if ((flags & O_PATH) == 0 && acc != (fl & O_ACCMODE) &&
	    (fl & O_ACCMODE) != O_RDWR)
		return -EACCES;
	return (int)sys_fcntl(fd, (flags & O_CLOEXEC) ? F_DUPFD_CLOEXEC :
							F_DUPFD, 0);
}

static int open_at(int dirfd, const char *path, int flags, mode_t mode,
		   bool mapped)
{
	aoff_t fifo = 0;
	int via_fd = -1, kernel_fd = -1;
	int r = core_lock();

	if (r < 0)
		return r;
	r = open_locked(dirfd, path, flags, mode, &fifo, &via_fd, &kernel_fd,
			mapped);
	core_unlock();
	/*
	 * A FIFO's opener waits for the other side, as the kernel's does:
	 * not under the core lock, which the other side needs to open it.
	 * A FIFO inode and its object stay for good (fs/tree.c).
	 */
	if (r == 0 && fifo)
		r = store_open(fifo, flags);
	else if (r == 0 && via_fd >= 0)
		r = store_reopen(via_fd, flags & ~(O_CREAT | O_EXCL |
						   O_NOFOLLOW));
	else if (r == 0 && kernel_fd >= 0)
		r = open_kernel_fd(kernel_fd, flags);
	return r;
}

int fs_openat(int dirfd, const char *path, int flags, mode_t mode)
{
	return open_at(dirfd, path, flags, mode, false);
}

int fs_open_mapped(int dirfd, const char *path)
{
	return open_at(dirfd, path, O_RDONLY | O_CLOEXEC, 0, true);
}

static void ts_to_stx(struct statx_timestamp *t, const struct timespec *ts)
{
	t->tv_sec = ts->tv_sec;
	t->tv_nsec = (uint32_t)ts->tv_nsec;
}

static bool ts_lt(const struct timespec *a, const struct timespec *b)
{
	return a->tv_sec < b->tv_sec ||
	       (a->tv_sec == b->tv_sec && a->tv_nsec < b->tv_nsec);
}

/* tmpfs keeps a symlink target shorter than this inside its inode. */
#define SHORT_SYMLINK_LEN 128

static void fill_statx(aoff_t ino, const arch_kstat *kst, struct statx *stx)
{
	const struct fs_inode *in = INO(ino);
	struct timespec atime = in->atime, mtime = in->mtime;
	struct timespec ctime = in->ctime;
	arch_kstat own;
	uint64_t size = in->size, blocks = 0;

	/* Regular files are read and written natively: the object knows
	 * their size, blocks, atime and mtime (utimensat sets them there). */
	if (S_ISREG(in->mode) && !kst && in->named &&
	    store_stat(ino, &own) == 0)
		kst = &own;
	if (is_host(ino)) {
		/* Never written: the inode's times, the placed content. */
		blocks = sys_pages(size) * (sys_page_size() / 512);
	} else if (S_ISREG(in->mode) && kst) {
		arch_kstat k = *kst;
		bool own_clock;

		if (in->mode & (S_ISUID | S_ISGID))
			inode_sync_privs(ino, &k, false);
		own_clock = inode_sync_times(ino, &k);
		size = (uint64_t)k.st_size;
		blocks = (uint64_t)k.st_blocks;
		atime = k.st_atim;
		mtime = k.st_mtim;
		ctime = in->ctime;
		if (!own_clock && ts_lt(&ctime, &k.st_ctim))
			ctime = k.st_ctim;
	} else if (S_ISREG(in->mode)) {
		/* Not yet in an object (an image's file): whole pages. */
		blocks = sys_pages(size) * (sys_page_size() / 512);
	}
	if (S_ISDIR(in->mode))
		size = 40 + 20ULL * in->nentries;
	if (S_ISLNK(in->mode) && size >= SHORT_SYMLINK_LEN)
		blocks = 8;
	memset(stx, 0, sizeof(*stx));
	stx->stx_mask = STATX_BASIC_STATS | STATX_BTIME;
	stx->stx_blksize = (uint32_t)sys_page_size();
	stx->stx_nlink = in->nlink;
	stx->stx_uid = in->uid;
	stx->stx_gid = in->gid;
	stx->stx_mode = (uint16_t)in->mode;
	stx->stx_ino = in->serial;
	stx->stx_size = size;
	stx->stx_blocks = blocks;
	ts_to_stx(&stx->stx_atime, &atime);
	ts_to_stx(&stx->stx_btime, &in->btime);
	ts_to_stx(&stx->stx_ctime, &ctime);
	ts_to_stx(&stx->stx_mtime, &mtime);
	if (S_ISCHR(in->mode)) {
		stx->stx_rdev_major = major(in->rdev);
		stx->stx_rdev_minor = minor(in->rdev);
	}
	stx->stx_dev_major = FS_DEV_MAJOR;
	stx->stx_dev_minor = FS_DEV_MINOR;
}

static void kstat_to_statx(const arch_kstat *k, struct statx *stx)
{
	memset(stx, 0, sizeof(*stx));
	stx->stx_mask = STATX_BASIC_STATS;
	stx->stx_blksize = (uint32_t)k->st_blksize;
	stx->stx_nlink = (uint32_t)k->st_nlink;
	stx->stx_uid = k->st_uid;
	stx->stx_gid = k->st_gid;
	stx->stx_mode = (uint16_t)k->st_mode;
	stx->stx_ino = k->st_ino;
	stx->stx_size = (uint64_t)k->st_size;
	stx->stx_blocks = (uint64_t)k->st_blocks;
	ts_to_stx(&stx->stx_atime, &k->st_atim);
	ts_to_stx(&stx->stx_ctime, &k->st_ctim);
	ts_to_stx(&stx->stx_mtime, &k->st_mtim);
	stx->stx_rdev_major = major(k->st_rdev);
	stx->stx_rdev_minor = minor(k->st_rdev);
	stx->stx_dev_major = major(k->st_dev);
	stx->stx_dev_minor = minor(k->st_dev);
}

static int statx_locked(int dirfd, const char *path, int flags,
			struct statx *stx)
{
	struct walk w;
	int r;

	if (path[0] == '\0' && (flags & AT_EMPTY_PATH) && dirfd != AT_FDCWD) {
		arch_kstat kst;
		aoff_t ino;
		long l = fd_lookup(dirfd, &ino, &kst);

		if (l < 0)
			return (int)l;
		if (!ino) {
			/* Not ours (stdin, a pipe, a socket): the kernel's. */
			kstat_to_statx(&kst, stx);
			return 0;
		}
		fill_statx(ino, S_ISREG(INO(ino)->mode) ? &kst : NULL, stx);
		return 0;
	}
	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT |
		      AT_STATX_SYNC_TYPE))
		return -EINVAL;
	if (path[0] == '\0' && (flags & AT_EMPTY_PATH))
		path = ".";
	r = walk(dirfd, path, (flags & AT_SYMLINK_NOFOLLOW) ? 0 : WALK_FOLLOW,
		 &w);
	if (r < 0)
		return r;
	if (!w.ino && w.kernel_fd >= 0) {
		/* /proc/self/fd/N of a pipe: the kernel's object. */
		arch_kstat kst;
		long l = sys_fstat(w.kernel_fd, &kst);

		if (l < 0)
			return (int)l;
		kstat_to_statx(&kst, stx);
		return 0;
	}
	if (!w.ino)
		return -ENOENT;
	fill_statx(w.ino, NULL, stx);
	return 0;
}

int fs_statx(int dirfd, const char *path, int flags, unsigned int mask,
	     struct statx *stx)
{
	int r = core_lock();

	(void)mask;
	if (r < 0)
		return r;
	r = statx_locked(dirfd, path, flags, stx);
	core_unlock();
	return r;
}

static int mkdir_locked(int dirfd, const char *path, mode_t mode)
{
	struct walk w;
	aoff_t ino;
	int r = walk(dirfd, path, WALK_PARENT, &w);

	if (r < 0)
		return r;
	if (w.ino)
		return -EEXIST;
	r = may_create(w.dir);
	if (r < 0)
		return r;
	/* mkdir drops the set-ID bits it is given. */
	ino = inode_create(w.dir, S_IFDIR | (mode & 01777 & ~fs_cur_umask));
	if (!ino)
		return -ENOSPC;
	return dentry_add_new(&w, ino);
}

int fs_mkdirat(int dirfd, const char *path, mode_t mode)
{
	int r = core_lock();

	if (r < 0)
		return r;
	r = mkdir_locked(dirfd, path, mode);
	core_unlock();
	return r;
}

static int unlink_locked(int dirfd, const char *path, int flags)
{
	struct walk w;
	aoff_t d, ino;
	int r;

	if (flags & ~AT_REMOVEDIR)
		return -EINVAL;
	r = walk(dirfd, path, WALK_PARENT, &w);
	if (r < 0)
		return r;
	if (!w.ino)
		return -ENOENT;
	ino = w.ino;
	if (flags & AT_REMOVEDIR) {
		/* By the name, as the kernel's do_rmdir() does. */
		if (w.len == 1 && w.name[0] == '/')
			return -EBUSY;
		if (w.len == 1 && w.name[0] == '.')
			return -EINVAL;
		if (is_dot(&w))
			return -ENOTEMPTY;
		if (ino == fs_root)
			return -EBUSY;
		if (!S_ISDIR(INO(ino)->mode))
			return -ENOTDIR;
		r = may_delete(w.dir, ino);
		if (r == 0)
			r = lower_fill(ino);
		if (r < 0)
			return r;
		if (INO(ino)->nentries)
			return -ENOTEMPTY;
	} else if (S_ISDIR(INO(ino)->mode)) {
		return -EISDIR;
	} else if (w.slash) {
		return -ENOTDIR;
	} else {
		r = may_delete(w.dir, ino);
		if (r < 0)
			return r;
	}
	d = dentry_find(w.dir, w.name, w.len);
	if (!d)
		return -ENOENT;
	dentry_del(d);
	if (S_ISDIR(INO(ino)->mode)) {
		dir_removed(ino);
	} else {
		INO_W(ino)->nlink--;
		touch(ino, 2);
		inode_put(ino);
	}
	return 0;
}

int fs_unlinkat(int dirfd, const char *path, int flags)
{
	int r = core_lock();

	if (r < 0)
		return r;
	r = unlink_locked(dirfd, path, flags);
	core_unlock();
	return r;
}

bool is_ancestor(aoff_t anc, aoff_t dir)
{
	while (dir != fs_root) {
		if (dir == anc)
			return true;
		if (!INO(dir)->dentry)
			return false;
		dir = DENT(INO(dir)->dentry)->parent;
	}
	return anc == fs_root;
}

/* Swaps the names of two inodes (RENAME_EXCHANGE), slots unchanged. */
static void exchange(aoff_t od, aoff_t nd)
{
	struct fs_dentry *o = DENT_W(od), *n = DENT_W(nd);
	aoff_t src = o->child, dst = n->child;
	bool sdir = S_ISDIR(INO(src)->mode), ddir = S_ISDIR(INO(dst)->mode);

	o->child = dst;
	n->child = src;
	if (sdir) {
		INO_W(src)->dentry = nd;
		INO_W(src)->parent = n->parent;
	}
	if (ddir) {
		INO_W(dst)->dentry = od;
		INO_W(dst)->parent = o->parent;
	}
	if (sdir != ddir && o->parent != n->parent) {
		/* A directory's ".." moves from one parent to the other. */
		INO_W(sdir ? o->parent : n->parent)->nlink--;
		INO_W(sdir ? n->parent : o->parent)->nlink++;
	}
	touch(o->parent, 3);
	touch(n->parent, 3);
	touch(src, 2);
	touch(dst, 2);
}

/* The checks of the kernel's do_renameat2() and vfs_rename(), in order. */
static int rename_check(struct walk *o, struct walk *n, unsigned int flags)
{
	aoff_t src = o->ino, dst = n->ino;
	bool exch = flags & RENAME_EXCHANGE;
	bool sdir = S_ISDIR(INO(src)->mode);
	int r;

	if (dst && (flags & RENAME_NOREPLACE))
		return -EEXIST;
	if (exch) {
		if (!dst)
			return -ENOENT;
		if (!S_ISDIR(INO(dst)->mode) && n->slash)
			return -ENOTDIR;
	}
	if (!sdir && (o->slash || (!exch && n->slash)))
		return -ENOTDIR;
	if (o->dir != n->dir) {
		if (sdir && is_ancestor(src, n->dir))
			return -EINVAL;
		if (dst && S_ISDIR(INO(dst)->mode) && is_ancestor(dst, o->dir))
			return exch ? -EINVAL : -ENOTEMPTY;
	}
	if (src == dst)
		return 1;
	r = may_delete(o->dir, src);
	if (r < 0)
		return r;
	if (!dst) {
		r = may_create(n->dir);
	} else {
		bool ddir = S_ISDIR(INO(dst)->mode);

		r = may_delete(n->dir, dst);
		if (r == 0 && !exch && sdir && !ddir)
			r = -ENOTDIR;
		if (r == 0 && !exch && !sdir && ddir)
			r = -EISDIR;
	}
	if (r < 0)
		return r;
	/* A directory that changes parent rewrites its "..". */
	if (o->dir != n->dir) {
		if (sdir)
			r = permission(src, MAY_WRITE, false);
		if (r == 0 && exch && S_ISDIR(INO(dst)->mode))
			r = permission(dst, MAY_WRITE, false);
		if (r < 0)
			return r;
	}
	if (!exch && dst && S_ISDIR(INO(dst)->mode)) {
		r = lower_fill(dst);
		if (r < 0)
			return r;
		if (INO(dst)->nentries)
			return -ENOTEMPTY;
	}
	return 0;
}

static int rename_locked(int odfd, const char *opath, int ndfd,
			 const char *npath, unsigned int flags)
{
	struct walk o, n;
	aoff_t od, nd, src, dst;
	int r;

	if (flags & ~(unsigned int)(RENAME_NOREPLACE | RENAME_EXCHANGE))
		return -EINVAL;
	if ((flags & RENAME_NOREPLACE) && (flags & RENAME_EXCHANGE))
		return -EINVAL;
	r = walk(odfd, opath, WALK_PARENT, &o);
	if (r < 0)
		return r;
	r = walk(ndfd, npath, WALK_PARENT, &n);
	if (r < 0)
		return r;
	if (is_dot(&o))
		return -EBUSY;
	if (is_dot(&n))
		return (flags & RENAME_NOREPLACE) ? -EEXIST : -EBUSY;
	if (!o.ino || !INO(n.dir)->nlink)
		return -ENOENT;
	r = rename_check(&o, &n, flags);
	if (r != 0)
		return r > 0 ? 0 : r;
	src = o.ino;
	dst = n.ino;
	od = dentry_find(o.dir, o.name, o.len);
	nd = dst ? dentry_find(n.dir, n.name, n.len) : 0;
	if (flags & RENAME_EXCHANGE) {
		exchange(od, nd);
		return 0;
	}
	if (dst) {
		dentry_del(nd);
		touch(dst, 2);
		if (S_ISDIR(INO(dst)->mode)) {
			dir_removed(dst);
		} else {
			INO_W(dst)->nlink--;
			inode_put(dst);
		}
	}
	/* The entry moves: it gets a new slot, as tmpfs gives a new offset. */
	dentry_del(od);
	r = dentry_add(n.dir, n.name, n.len, src);
	touch(src, 2);
	return r;
}

int fs_renameat2(int olddirfd, const char *oldpath, int newdirfd,
		 const char *newpath, unsigned int flags)
{
	int r = core_lock();

	if (r < 0)
		return r;
	r = rename_locked(olddirfd, oldpath, newdirfd, newpath, flags);
	core_unlock();
	return r;
}

static int access_locked(int dirfd, const char *path, int mode, int flags)
{
	struct walk w;
	aoff_t ino;
	int r;

	if (mode & ~(R_OK | W_OK | X_OK))
		return -EINVAL;
	if (flags & ~(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if (path[0] == '\0' && (flags & AT_EMPTY_PATH)) {
		r = empty_path_inode(dirfd, &ino);
		if (r < 0)
			return r;
	} else {
		r = walk(dirfd, path,
			 (flags & AT_SYMLINK_NOFOLLOW) ? 0 : WALK_FOLLOW, &w);
		if (r < 0)
			return r;
		if (!w.ino)
			return -ENOENT;
		ino = w.ino;
	}
	if (!mode)
		return 0;
	return permission(ino, mode, !(flags & AT_EACCESS));
}

int fs_faccessat(int dirfd, const char *path, int mode, int flags)
{
	int r = core_lock();

	if (r < 0)
		return r;
	r = access_locked(dirfd, path, mode, flags);
	core_unlock();
	return r;
}

static unsigned char dtype(mode_t m)
{
	return (unsigned char)(IFTODT(m));
}

size_t put_dirent(char *buf, size_t room, uint64_t ino, int64_t off,
			 unsigned char type, const char *name, size_t len)
{
	size_t reclen = (offsetof(struct kdirent64, d_name) + len + 1 + 7) &
			~(size_t)7;
	struct kdirent64 *de = (struct kdirent64 *)buf;

	if (reclen > room)
		return 0;
	de->d_ino = ino;
	de->d_off = off;
	de->d_reclen = (unsigned short)reclen;
	de->d_type = type;
	memcpy(de->d_name, name, len);
	de->d_name[len] = '\0';
	return reclen;
}

/* The position of a listing that reached its end (tmpfs: S32_MAX). */
#define DIR_EOD 0x7fffffffL

static long getdents_locked(int fd, char *buf, size_t size)
{
	aoff_t ino, d, last;
	long pos, next, r;
	size_t used = 0, n;

	r = fd_lookup(fd, &ino, NULL);
	if (r < 0)
		return r;
	if (!ino || !S_ISDIR(INO(ino)->mode))
		return -ENOTDIR;
	/* A removed directory lists nothing (the kernel's IS_DEADDIR). */
	if (!INO(ino)->nlink)
		return -ENOENT;
	pos = sys_lseek(fd, 0, SEEK_CUR);
	if (pos < 0)
		return pos;
	r = lower_fill(ino);
	if (r < 0)
		return r;
	if (proc_is_magic(ino)) {
		long next;

		r = proc_getdents(ino, pos, buf, size, &next);
		if (r > 0)
			sys_lseek(fd, next, SEEK_SET);
		return r;
	}
	if (pos == 0) {
		n = put_dirent(buf, size, INO(ino)->serial, 1, DT_DIR, ".", 1);
		if (!n)
			return -EINVAL;
		used += n;
		pos = 1;
	}
	/*
	 * Newest first, as tmpfs lists (Linux 6.14 on, and before 6.6): an
	 * entry's position is its slot (the order it was added in), and the
	 * one a record gives resumes at the entries older than the next
	 * one's: names added during a listing show only after a rewind.
	 */
	if (pos >= DIR_EOD) {
		touch_atime(ino);
		return 0;
	}
	last = INO(ino)->last;
	if (pos == 1) {
		next = last ? (long)DENT(last)->slot + 1 : DIR_EOD;
		n = put_dirent(buf + used, size - used,
			       INO(dir_parent(ino))->serial, next, DT_DIR,
			       "..", 2);
		if (!n)
			return used ? (long)used : -EINVAL;
		used += n;
		pos = next;
	}
	for (d = last; d; d = DENT(d)->prev) {
		const struct fs_dentry *de = DENT(d);

		if ((long)de->slot >= pos)
			continue;
		next = de->prev ? (long)DENT(de->prev)->slot + 1 : DIR_EOD;
		n = put_dirent(buf + used, size - used,
			       INO(de->child)->serial, next,
			       dtype(INO(de->child)->mode), de->name,
			       de->namelen);
		if (!n) {
			if (!used)
				return -EINVAL;
			break;
		}
		used += n;
		pos = next;
	}
	/* At the end the position goes past every slot, as tmpfs's does:
	 * names added afterwards show only after a rewind. */
	if (!d)
		pos = DIR_EOD;
	touch_atime(ino);
	r = sys_lseek(fd, pos, SEEK_SET);
	return r < 0 ? r : (long)used;
}

long fs_getdents64(int fd, void *buf, size_t size)
{
	long r = core_lock();

	if (r < 0)
		return r;
	r = getdents_locked(fd, buf, size);
	core_unlock();
	return r;
}

static long getcwd_locked(char *buf, size_t size)
{
	char tmp[FS_PATH_MAX];
	size_t at = sizeof(tmp) - 1;
	aoff_t dir = fs_cwd;

	if (!dir || !INO(dir)->nlink)
		return -ENOENT;
	tmp[at] = '\0';
	while (dir != fs_root) {
		const struct fs_dentry *de = DENT(INO(dir)->dentry);

		if (at < (size_t)de->namelen + 1)
			return -ENAMETOOLONG;
		at -= de->namelen;
		memcpy(tmp + at, de->name, de->namelen);
		tmp[--at] = '/';
		dir = de->parent;
	}
	if (at == sizeof(tmp) - 1)
		tmp[--at] = '/';
	if (sizeof(tmp) - at > size)
		return -ERANGE;
	memcpy(buf, tmp + at, sizeof(tmp) - at);
	return (long)(sizeof(tmp) - at);
}

long fs_getcwd(char *buf, size_t size)
{
	long r = core_lock();

	if (r < 0)
		return r;
	r = getcwd_locked(buf, size);
	core_unlock();
	return r;
}

int fs_chdir(const char *path)
{
	struct walk w;
	int r = core_lock();

	if (r < 0)
		return r;
	r = walk(AT_FDCWD, path, WALK_FOLLOW, &w);
	if (r == 0 && !w.ino)
		r = -ENOENT;
	if (r == 0 && !S_ISDIR(INO(w.ino)->mode))
		r = -ENOTDIR;
	if (r == 0)
		r = permission(w.ino, MAY_EXEC, false);
	if (r == 0)
		set_cwd(w.ino);
	core_unlock();
	return r;
}

int fs_fchdir(int fd)
{
	aoff_t ino;
	long r = core_lock();

	if (r < 0)
		return (int)r;
	r = fd_lookup(fd, &ino, NULL);
	if (r == 0 && (!ino || !S_ISDIR(INO(ino)->mode)))
		r = -ENOTDIR;
	if (r == 0)
		r = permission(ino, MAY_EXEC, false);
	if (r == 0)
		set_cwd(ino);
	core_unlock();
	return (int)r;
}

bool fs_is_fs_fd(int fd)
{
	aoff_t ino = 0;

	if (core_lock() < 0)
		return false;
	if (fd_lookup(fd, &ino, NULL) < 0)
		ino = 0;
	core_unlock();
	return ino != 0;
}

