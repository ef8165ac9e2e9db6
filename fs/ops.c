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

#include "hooks.h"
#include "internal.h"
#include "lock.h"
#include "sys.h"

static int open_locked(int dirfd, const char *path, int flags, mode_t mode)
{
	struct walk w;
	aoff_t ino;
	int acc = flags & O_ACCMODE;
	int r = walk(dirfd, path, &w);

	if (r < 0)
		return r;
	if ((flags & O_TMPFILE) == O_TMPFILE)
		return -EOPNOTSUPP;
	ino = w.ino;
	if (!ino) {
		if (!(flags & O_CREAT))
			return -ENOENT;
		if (w.slash)
			return -EISDIR;
		ino = inode_new(S_IFREG | (mode & 07777 & ~fs_cur_umask));
		if (!ino)
			return -ENOSPC;
		r = fd_new_backing(ino);
		if (r < 0 || (r = dentry_add(w.dir, w.name, w.len, ino)) < 0) {
			INO(ino)->nlink = 0;
			inode_put(ino);
			return r;
		}
	} else if ((flags & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL)) {
		return -EEXIST;
	} else {
		struct fs_inode *in = INO(ino);

		if (S_ISDIR(in->mode)) {
			if (acc != O_RDONLY || (flags & O_CREAT))
				return -EISDIR;
		} else if (flags & O_DIRECTORY) {
			return -ENOTDIR;
		}
		if (S_ISREG(in->mode) && in->backing < 0) {
			r = fd_new_backing(ino);
			if (r < 0)
				return r;
		}
		if (S_ISREG(in->mode) && (flags & O_TRUNC) && acc != O_RDONLY) {
			r = (int)sys_ftruncate(in->backing, 0);
			if (r < 0)
				return r;
			touch(ino, 3);
		}
	}
	if (S_ISDIR(INO(ino)->mode) && INO(ino)->backing < 0) {
		r = fd_new_backing(ino);
		if (r < 0)
			return r;
	}
	return fd_open_inode(ino, flags);
}

int fs_openat(int dirfd, const char *path, int flags, mode_t mode)
{
	int r = core_lock();

	if (r < 0)
		return r;
	r = open_locked(dirfd, path, flags, mode);
	core_unlock();
	return r;
}

static void ts_to_stx(struct statx_timestamp *t, const struct timespec *ts)
{
	t->tv_sec = ts->tv_sec;
	t->tv_nsec = (uint32_t)ts->tv_nsec;
}

static void fill_statx(aoff_t ino, const arch_kstat *kst, struct statx *stx)
{
	struct fs_inode *in = INO(ino);
	struct timespec mtime = in->mtime, ctime = in->ctime;
	arch_kstat own;
	uint64_t size = in->size;

	/* Regular files are written natively: the memfd knows the size. */
	if (S_ISREG(in->mode) && !kst && in->backing >= 0 &&
	    sys_fstat(in->backing, &own) == 0)
		kst = &own;
	if (S_ISREG(in->mode) && kst) {
		size = (uint64_t)kst->st_size;
		image_file_times(ino, kst, &mtime, &ctime);
	}
	if (S_ISDIR(in->mode))
		size = 40 + 20ULL * in->nentries;
	memset(stx, 0, sizeof(*stx));
	stx->stx_mask = STATX_BASIC_STATS | STATX_BTIME;
	stx->stx_blksize = 4096;
	stx->stx_nlink = in->nlink;
	stx->stx_uid = in->uid;
	stx->stx_gid = in->gid;
	stx->stx_mode = (uint16_t)in->mode;
	stx->stx_ino = in->serial;
	stx->stx_size = size;
	/* As tmpfs counts: whole pages for data, nothing for directories. */
	if (S_ISREG(in->mode))
		stx->stx_blocks = kst ? (uint64_t)kst->st_blocks :
					(size + 4095) / 4096 * 8;
	ts_to_stx(&stx->stx_atime, &in->atime);
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
	if (path[0] == '\0' && (flags & AT_EMPTY_PATH))
		path = ".";
	r = walk(dirfd, path, &w);
	if (r < 0)
		return r;
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
	int r = walk(dirfd, path, &w);

	if (r < 0)
		return r;
	if (w.ino)
		return -EEXIST;
	ino = inode_new(S_IFDIR | (mode & 07777 & ~fs_cur_umask));
	if (!ino)
		return -ENOSPC;
	r = dentry_add(w.dir, w.name, w.len, ino);
	if (r < 0) {
		INO(ino)->nlink = 0;
		inode_put(ino);
	}
	return r;
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
	int r = walk(dirfd, path, &w);

	if (r < 0)
		return r;
	if (flags & ~AT_REMOVEDIR)
		return -EINVAL;
	if (!w.ino)
		return -ENOENT;
	ino = w.ino;
	if (flags & AT_REMOVEDIR) {
		if (ino == fs_root)
			return -EBUSY;
		if (w.len == 1 && w.name[0] == '.')
			return -EINVAL;
		if (is_dot(&w))
			return -ENOTEMPTY;
		if (!S_ISDIR(INO(ino)->mode))
			return -ENOTDIR;
		if (INO(ino)->nentries)
			return -ENOTEMPTY;
	} else if (S_ISDIR(INO(ino)->mode)) {
		return -EISDIR;
	} else if (w.slash) {
		return -ENOTDIR;
	}
	d = dentry_find(w.dir, w.name, w.len);
	if (!d)
		return -ENOENT;
	dentry_del(d);
	if (S_ISDIR(INO(ino)->mode)) {
		INO(ino)->nlink = 0;
		INO(ino)->dentry = 0;
		if (fs_cwd == ino)
			fs_cwd = 0;
	} else {
		INO(ino)->nlink--;
		touch(ino, 2);
	}
	inode_put(ino);
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

static bool is_ancestor(aoff_t anc, aoff_t dir)
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

static int rename_locked(int odfd, const char *opath, int ndfd,
			 const char *npath, unsigned int flags)
{
	struct walk o, n;
	aoff_t od, nd, src, dst;
	int r;

	if (flags & ~(unsigned int)RENAME_NOREPLACE)
		return -EINVAL;
	r = walk(odfd, opath, &o);
	if (r < 0)
		return r;
	if (!o.ino)
		return -ENOENT;
	r = walk(ndfd, npath, &n);
	if (r == -ENOTDIR && !n.ino && S_ISDIR(INO(o.ino)->mode))
		r = 0;
	if (r < 0)
		return r;
	if (is_dot(&o) || is_dot(&n))
		return o.ino == fs_root || n.ino == fs_root ? -EBUSY : -EINVAL;
	src = o.ino;
	dst = n.ino;
	if (n.slash && !S_ISDIR(INO(src)->mode))
		return -ENOTDIR;
	if (S_ISDIR(INO(src)->mode) && is_ancestor(src, n.dir))
		return -EINVAL;
	if (src == dst)
		return 0;
	if (dst) {
		if (flags & RENAME_NOREPLACE)
			return -EEXIST;
		if (S_ISDIR(INO(src)->mode) && !S_ISDIR(INO(dst)->mode))
			return -ENOTDIR;
		if (!S_ISDIR(INO(src)->mode) && S_ISDIR(INO(dst)->mode))
			return -EISDIR;
		if (S_ISDIR(INO(dst)->mode) && INO(dst)->nentries)
			return -ENOTEMPTY;
	}
	od = dentry_find(o.dir, o.name, o.len);
	if (dst) {
		nd = dentry_find(n.dir, n.name, n.len);
		dentry_del(nd);
		INO(dst)->nlink = S_ISDIR(INO(dst)->mode) ? 0 :
							    INO(dst)->nlink - 1;
		if (fs_cwd == dst && S_ISDIR(INO(dst)->mode))
			fs_cwd = 0;
		inode_put(dst);
	}
	/* Adding before deleting keeps src alive; its slot is new. */
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

int fs_faccessat(int dirfd, const char *path, int mode, int flags)
{
	struct walk w;
	int r = core_lock();

	if (r < 0)
		return r;
	(void)flags;
	if (mode & ~(R_OK | W_OK | X_OK)) {
		r = -EINVAL;
		goto out;
	}
	r = walk(dirfd, path, &w);
	if (r == 0 && !w.ino)
		r = -ENOENT;
	/* Root semantics for now: X needs some execute bit on non-dirs. */
	if (r == 0 && (mode & X_OK) && !S_ISDIR(INO(w.ino)->mode) &&
	    !(INO(w.ino)->mode & 0111))
		r = -EACCES;
out:
	core_unlock();
	return r;
}

long fs_readlinkat(int dirfd, const char *path, char *buf, size_t size)
{
	struct walk w;
	long r = core_lock();

	if (r < 0)
		return r;
	(void)buf;
	(void)size;
	r = walk(dirfd, path, &w);
	if (r == 0)
		r = w.ino ? -EINVAL : -ENOENT;
	core_unlock();
	return r;
}

static unsigned char dtype(mode_t m)
{
	return (unsigned char)(IFTODT(m));
}

struct kdirent64 {
	uint64_t d_ino;
	int64_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

static size_t put_dirent(char *buf, size_t room, uint64_t ino, int64_t off,
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

static long getdents_locked(int fd, char *buf, size_t size)
{
	aoff_t ino, d;
	long pos, r;
	size_t used = 0, n;

	r = fd_lookup(fd, &ino, NULL);
	if (r < 0)
		return r;
	if (!ino || !S_ISDIR(INO(ino)->mode))
		return -ENOTDIR;
	if (!INO(ino)->nlink)
		return 0;
	pos = sys_lseek(fd, 0, SEEK_CUR);
	if (pos < 0)
		return pos;
	if (pos == 0) {
		n = put_dirent(buf, size, INO(ino)->serial, 1, DT_DIR, ".", 1);
		if (!n)
			return -EINVAL;
		used += n;
		pos = 1;
	}
	if (pos == 1) {
		n = put_dirent(buf + used, size - used,
			       INO(dir_parent(ino))->serial, 2, DT_DIR, "..",
			       2);
		if (!n)
			return used ? (long)used : -EINVAL;
		used += n;
		pos = 2;
	}
	for (d = INO(ino)->first; d; d = DENT(d)->next) {
		struct fs_dentry *de = DENT(d);

		if (de->slot < pos)
			continue;
		n = put_dirent(buf + used, size - used,
			       INO(de->child)->serial, de->slot + 1,
			       dtype(INO(de->child)->mode), de->name,
			       de->namelen);
		if (!n) {
			if (!used)
				return -EINVAL;
			break;
		}
		used += n;
		pos = de->slot + 1;
	}
	if (!d)
		pos = INO(ino)->next_slot;
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

	if (!dir)
		return -ENOENT;
	tmp[at] = '\0';
	while (dir != fs_root) {
		struct fs_dentry *de = DENT(INO(dir)->dentry);

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
	r = walk(AT_FDCWD, path, &w);
	if (r == 0 && !w.ino)
		r = -ENOENT;
	if (r == 0 && !S_ISDIR(INO(w.ino)->mode))
		r = -ENOTDIR;
	if (r == 0)
		fs_cwd = w.ino;
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
		fs_cwd = ino;
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

