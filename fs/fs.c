/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Inodes, directory entries, path resolution and the path-based
 * operations of the in-memory file system. See fs.h for the contract.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#define XXH_INLINE_ALL
#include <xxhash.h>

#include "hooks.h"
#include "internal.h"
#include "lock.h"
#include "sys.h"

int core_lock_word;
__thread int core_lock_held __attribute__((tls_model("initial-exec")));

static aoff_t root;
static aoff_t cwd;
static uint64_t next_serial = 1;
static mode_t cur_umask = 022;

/* Directory entries: one hash table keyed by XXH3 of (parent, name). */
static aoff_t htab;
static uint32_t hmask;
static uint32_t hcount;

static uint64_t name_hash(aoff_t parent, const char *name, size_t len)
{
	return XXH3_64bits_withSeed(name, len, parent);
}

static int htab_grow(void)
{
	uint32_t nsize = hmask ? (hmask + 1) * 2 : 1024;
	aoff_t nt = arena_alloc(nsize * sizeof(aoff_t));
	uint32_t i;

	if (!nt)
		return -ENOSPC;
	for (i = 0; htab && i <= hmask; i++) {
		aoff_t d = APTR(aoff_t, htab)[i];

		while (d) {
			struct fs_dentry *de = DENT(d);
			aoff_t next = de->hnext;
			uint32_t b = name_hash(de->parent, de->name,
					       de->namelen) & (nsize - 1);

			de->hnext = APTR(aoff_t, nt)[b];
			APTR(aoff_t, nt)[b] = d;
			d = next;
		}
	}
	if (htab)
		arena_free(htab, (hmask + 1) * sizeof(aoff_t));
	htab = nt;
	hmask = nsize - 1;
	return 0;
}

static aoff_t *hslot(aoff_t parent, const char *name, size_t len)
{
	return &APTR(aoff_t, htab)[name_hash(parent, name, len) & hmask];
}

static aoff_t dentry_find(aoff_t parent, const char *name, size_t len)
{
	aoff_t d = *hslot(parent, name, len);

	for (; d; d = DENT(d)->hnext) {
		struct fs_dentry *de = DENT(d);

		if (de->parent == parent && de->namelen == len &&
		    !memcmp(de->name, name, len))
			return d;
	}
	return 0;
}

static void now(struct timespec *ts)
{
	if (hooks_clock(CLOCK_REALTIME, ts) < 0)
		ts->tv_sec = ts->tv_nsec = 0;
}

static void touch(aoff_t ino, int what)
{
	struct timespec ts;

	now(&ts);
	if (what & 1)
		INO(ino)->mtime = ts;
	if (what & 2)
		INO(ino)->ctime = ts;
}

static aoff_t inode_new(mode_t mode)
{
	aoff_t ino = arena_alloc(sizeof(struct fs_inode));
	struct fs_inode *in;

	if (!ino)
		return 0;
	in = INO(ino);
	in->serial = next_serial++;
	in->mode = mode;
	in->nlink = S_ISDIR(mode) ? 2 : 1;
	in->uid = (uint32_t)sys3(SYS_geteuid, 0, 0, 0);
	in->gid = (uint32_t)sys3(SYS_getegid, 0, 0, 0);
	in->backing = -1;
	in->next_slot = 2;
	now(&in->btime);
	in->atime = in->mtime = in->ctime = in->btime;
	return ino;
}

static void inode_put(aoff_t ino)
{
	struct fs_inode *in = INO(ino);

	if (in->nlink)
		return;
	if (in->backing >= 0) {
		/*
		 * Program fds may still hold the memfd: its content lives on in
		 * the kernel until their last close, and the inode stays in the
		 * kernel-inode map so fstat on them still answers.
		 */
		sys_close(in->backing);
		in->backing = -1;
		return;
	}
	if (in->kino)
		return;
	if (in->data)
		arena_free(in->data, in->size + 1);
	arena_free(ino, sizeof(*in));
}

static int dentry_add(aoff_t dir, const char *name, size_t len, aoff_t child)
{
	struct fs_inode *d = INO(dir);
	aoff_t off;
	struct fs_dentry *de;
	int r;

	if (hcount >= hmask) {
		r = htab_grow();
		if (r < 0)
			return r;
	}
	off = arena_alloc(sizeof(*de) + len + 1);
	if (!off)
		return -ENOSPC;
	de = DENT(off);
	de->parent = dir;
	de->child = child;
	de->namelen = (uint16_t)len;
	memcpy(de->name, name, len);
	de->slot = d->next_slot++;
	de->prev = d->last;
	if (d->last)
		DENT(d->last)->next = off;
	else
		d->first = off;
	d->last = off;
	d->nentries++;
	aoff_t *slot = hslot(dir, name, len);

	de->hnext = *slot;
	*slot = off;
	hcount++;
	if (S_ISDIR(INO(child)->mode)) {
		INO(child)->dentry = off;
		d->nlink++;
	}
	touch(dir, 3);
	return 0;
}

static void dentry_del(aoff_t off)
{
	struct fs_dentry *de = DENT(off);
	struct fs_inode *d = INO(de->parent);
	aoff_t *p = hslot(de->parent, de->name, de->namelen);

	while (*p != off)
		p = &DENT(*p)->hnext;
	*p = de->hnext;
	hcount--;
	if (de->prev)
		DENT(de->prev)->next = de->next;
	else
		d->first = de->next;
	if (de->next)
		DENT(de->next)->prev = de->prev;
	else
		d->last = de->prev;
	d->nentries--;
	if (S_ISDIR(INO(de->child)->mode))
		d->nlink--;
	touch(de->parent, 3);
	arena_free(off, sizeof(*de) + de->namelen + 1);
}

static aoff_t dir_parent(aoff_t dir)
{
	aoff_t d = INO(dir)->dentry;

	return d ? DENT(d)->parent : root;
}

/* Where a walk starts: the root, the cwd, or a directory fd. */
static int walk_start(int dirfd, const char *path, aoff_t *start)
{
	aoff_t ino;
	long r;

	if (path[0] == '/') {
		*start = root;
		return 0;
	}
	if (dirfd == AT_FDCWD) {
		*start = cwd;
		return cwd ? 0 : -ENOENT;
	}
	r = fd_lookup(dirfd, &ino, NULL);
	if (r < 0)
		return (int)r;
	if (!ino || !S_ISDIR(INO(ino)->mode))
		return -ENOTDIR;
	*start = ino;
	return 0;
}

struct walk {
	aoff_t dir;		/* the directory that holds the last name */
	aoff_t ino;		/* what the last name names, or 0 */
	const char *name;	/* the last name (not NUL-terminated) */
	size_t len;
	bool slash;		/* the path ends in '/' */
};

/*
 * Resolves all but the last component of path; looks the last one up
 * without requiring it to exist. "." and ".." as the last component are
 * resolved too (name is then that literal).
 */
static int walk(int dirfd, const char *path, struct walk *w)
{
	aoff_t dir = 0;
	const char *p = path, *next;
	size_t plen = strnlen(path, FS_PATH_MAX);
	int r;

	if (plen == 0)
		return -ENOENT;
	if (plen >= FS_PATH_MAX)
		return -ENAMETOOLONG;
	r = walk_start(dirfd, path, &dir);
	if (r < 0)
		return r;
	w->slash = path[plen - 1] == '/';
	w->dir = dir;
	w->ino = dir;
	w->name = ".";
	w->len = 1;
	while (*p) {
		size_t len;
		aoff_t child, d;

		while (*p == '/')
			p++;
		if (!*p)
			break;
		next = strchr(p, '/');
		len = next ? (size_t)(next - p) : strlen(p);
		if (len > FS_NAME_MAX)
			return -ENAMETOOLONG;
		if (!S_ISDIR(INO(dir)->mode))
			return -ENOTDIR;
		if (len == 1 && p[0] == '.') {
			child = dir;
		} else if (len == 2 && p[0] == '.' && p[1] == '.') {
			child = dir_parent(dir);
		} else {
			d = dentry_find(dir, p, len);
			child = d ? DENT(d)->child : 0;
		}
		w->dir = dir;
		w->ino = child;
		w->name = p;
		w->len = len;
		p += len;
		while (*p == '/')
			p++;
		if (!*p)
			break;
		if (!child)
			return -ENOENT;
		dir = child;
	}
	if (w->ino && w->slash && !S_ISDIR(INO(w->ino)->mode))
		return -ENOTDIR;
	return 0;
}

static bool is_dot(const struct walk *w)
{
	return (w->len == 1 && w->name[0] == '.') ||
	       (w->len == 2 && w->name[0] == '.' && w->name[1] == '.');
}

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
		ino = inode_new(S_IFREG | (mode & 07777 & ~cur_umask));
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
		if (kst->st_mtim.tv_sec > mtime.tv_sec ||
		    (kst->st_mtim.tv_sec == mtime.tv_sec &&
		     kst->st_mtim.tv_nsec > mtime.tv_nsec))
			mtime = kst->st_mtim;
		if (kst->st_ctim.tv_sec > ctime.tv_sec ||
		    (kst->st_ctim.tv_sec == ctime.tv_sec &&
		     kst->st_ctim.tv_nsec > ctime.tv_nsec))
			ctime = kst->st_ctim;
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
	stx->stx_blocks = (size + 511) / 512;
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
	ino = inode_new(S_IFDIR | (mode & 07777 & ~cur_umask));
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
		if (ino == root)
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
		if (cwd == ino)
			cwd = 0;
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
	while (dir != root) {
		if (dir == anc)
			return true;
		if (!INO(dir)->dentry)
			return false;
		dir = DENT(INO(dir)->dentry)->parent;
	}
	return anc == root;
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
		return o.ino == root || n.ino == root ? -EBUSY : -EINVAL;
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
		if (cwd == dst && S_ISDIR(INO(dst)->mode))
			cwd = 0;
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
	aoff_t dir = cwd;

	if (!dir)
		return -ENOENT;
	tmp[at] = '\0';
	while (dir != root) {
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
		cwd = w.ino;
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
		cwd = ino;
	core_unlock();
	return (int)r;
}

mode_t fs_umask(mode_t mask)
{
	return __atomic_exchange_n(&cur_umask, mask & 0777, __ATOMIC_RELAXED);
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

size_t fs_inode_size(void)
{
	return sizeof(struct fs_inode);
}

/* The initial tree: TamaGo's, with /dev standing in for the host's. */
static int mkdev(aoff_t dev, const char *name, const char *host, int acc)
{
	arch_kstat st;
	aoff_t ino;
	long fd = sys_openat(AT_FDCWD, host, acc | O_CLOEXEC, 0);
	int r;

	if (fd < 0)
		return (int)fd;
	r = (int)sys_fstat((int)fd, &st);
	if (r < 0 || !S_ISCHR(st.st_mode)) {
		sys_close((int)fd);
		return r < 0 ? r : -ENODEV;
	}
	ino = inode_new(S_IFCHR | 0666);
	if (!ino)
		return -ENOSPC;
	INO(ino)->rdev = (uint32_t)st.st_rdev;
	r = fs_band_fd((int)fd);
	if (r < 0)
		return r;
	INO(ino)->backing = r;
	fd_register_device(ino);
	return dentry_add(dev, name, strlen(name), ino);
}

int fs_init(const struct fs_options *opt)
{
	static const struct {
		const char *name;
		int acc;
	} devs[] = {
		{ "null", O_RDWR },    { "zero", O_RDWR },
		{ "full", O_RDWR },    { "random", O_RDONLY },
		{ "urandom", O_RDONLY },
	};
	aoff_t tmp, dev;
	size_t i;
	int r;

	r = arena_init();
	if (r < 0)
		return r;
	(void)opt;
	r = fd_band_init();
	if (r < 0)
		return r;
	r = htab_grow();
	if (r < 0)
		return r;
	cur_umask = (mode_t)sys3(SYS_umask, 022, 0, 0);
	sys3(SYS_umask, cur_umask, 0, 0);
	root = inode_new(S_IFDIR | 0755);
	tmp = inode_new(S_IFDIR | 01777);
	dev = inode_new(S_IFDIR | 0755);
	if (!root || !tmp || !dev)
		return -ENOSPC;
	cwd = root;
	r = dentry_add(root, "tmp", 3, tmp);
	if (r == 0)
		r = dentry_add(root, "dev", 3, dev);
	for (i = 0; r == 0 && i < sizeof(devs) / sizeof(devs[0]); i++) {
		char host[32] = "/dev/";

		strcat(host, devs[i].name);
		r = mkdev(dev, devs[i].name, host, devs[i].acc);
	}
	return r;
}
