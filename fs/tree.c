/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The tree: inodes, directory entries (one XXH3 hash table keyed by parent
 * and name, plus each directory's list in readdir order), path resolution,
 * and the initial tree. The operations on it are in ops.c.
 */
#include <errno.h>
#include <string.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#define XXH_INLINE_ALL
#include <xxhash.h>

#include "hooks/hooks.h"
#include "fs/internal.h"
#include "core/lock.h"
#include "core/sys.h"

aoff_t fs_root;
aoff_t fs_cwd;
uint32_t fs_ninodes;
uint32_t fs_max_inodes;
static uint64_t next_serial = 1;
mode_t fs_cur_umask = 022;

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

aoff_t dentry_find(aoff_t parent, const char *name, size_t len)
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

void fs_now(struct timespec *ts)
{
	if (hooks_clock(CLOCK_REALTIME, ts) < 0)
		ts->tv_sec = ts->tv_nsec = 0;
}

void touch(aoff_t ino, int what)
{
	struct timespec ts;

	fs_now(&ts);
	if (what & 1)
		INO(ino)->mtime = ts;
	if (what & 2)
		INO(ino)->ctime = ts;
}

aoff_t inode_new(mode_t mode)
{
	aoff_t ino;
	struct fs_inode *in;

	if (fs_max_inodes && fs_ninodes >= fs_max_inodes)
		return 0;
	ino = arena_alloc(sizeof(struct fs_inode));
	if (!ino)
		return 0;
	in = INO(ino);
	fs_ninodes++;
	in->serial = next_serial++;
	in->mode = mode;
	in->nlink = S_ISDIR(mode) ? 2 : 1;
	in->uid = (uint32_t)sys3(SYS_geteuid, 0, 0, 0);
	in->gid = (uint32_t)sys3(SYS_getegid, 0, 0, 0);
	in->backing = -1;
	in->next_slot = 2;
	fs_now(&in->btime);
	in->atime = in->mtime = in->ctime = in->btime;
	return ino;
}

aoff_t inode_create(aoff_t dir, mode_t mode)
{
	struct fs_inode *d = INO(dir);
	aoff_t ino;

	/* A set-group-ID directory hands its group down (inode_init_owner). */
	if (d->mode & S_ISGID) {
		if (S_ISDIR(mode))
			mode |= S_ISGID;
		else if ((mode & (S_ISGID | S_IXGRP)) == (S_ISGID | S_IXGRP) &&
			 cur_euid() != 0 && !in_group_p(d->gid))
			mode &= ~(mode_t)S_ISGID;
	}
	ino = inode_new(mode);
	if (ino && (d->mode & S_ISGID))
		INO(ino)->gid = d->gid;
	return ino;
}

void inode_put(aoff_t ino)
{
	struct fs_inode *in = INO(ino);

	if (in->nlink || in->refs || ino == fs_cwd)
		return;
	if (in->backing >= 0 && S_ISREG(in->mode)) {
		/*
		 * Program fds may still hold the memfd: its content lives on in
		 * the kernel until their last close, and the inode stays in the
		 * kernel-inode map so fstat on them still answers.
		 */
		sys_close(in->backing);
		in->backing = -1;
		/* Gone from the tree: it no longer counts against the
		 * inode limit (this branch runs once per file). */
		fs_ninodes--;
		return;
	}
	/*
	 * A removed directory (or symlink) that was opened keeps its empty
	 * memfd: it can be opened again as the working directory, and a
	 * second memfd would orphan the program's fds of the first. A FIFO
	 * keeps its pipe: a reader may be waiting on it without the lock.
	 */
	if (in->kino)
		return;
	if (S_ISREG(in->mode))
		image_ref_drop(ino);
	else if (in->data)
		arena_free(in->data, in->size + 1);
	fs_ninodes--;
	if (S_ISDIR(in->mode) && in->parent) {
		aoff_t parent = in->parent;

		arena_free(ino, sizeof(*in));
		INO(parent)->refs--;
		inode_put(parent);
		return;
	}
	arena_free(ino, sizeof(*in));
}

int dentry_add(aoff_t dir, const char *name, size_t len, aoff_t child)
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
		INO(child)->parent = dir;
		d->nlink++;
	} else if (!INO(child)->dentry) {
		/* One of its names, for /proc/self/fd's links. */
		INO(child)->dentry = off;
	}
	touch(dir, 3);
	return 0;
}

int dentry_add_new(const struct walk *w, aoff_t ino)
{
	int r = dentry_add(w->dir, w->name, w->len, ino);

	if (r < 0) {
		INO(ino)->nlink = 0;
		inode_put(ino);
	}
	return r;
}

void dentry_del(aoff_t off)
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
	else if (INO(de->child)->dentry == off)
		INO(de->child)->dentry = 0;
	touch(de->parent, 3);
	arena_free(off, sizeof(*de) + de->namelen + 1);
}

aoff_t dir_parent(aoff_t dir)
{
	aoff_t p = INO(dir)->parent;

	return p ? p : fs_root;
}

void dir_removed(aoff_t dir)
{
	struct fs_inode *in = INO(dir);

	in->nlink = 0;
	in->dentry = 0;
	if (in->parent)
		INO(in->parent)->refs++;
	inode_put(dir);
}

void set_cwd(aoff_t dir)
{
	aoff_t old = fs_cwd;

	fs_cwd = dir;
	if (old && old != dir)
		inode_put(old);
}

/* Where a walk starts: the root, the working directory, or a dirfd. */
static int walk_start(int dirfd, const char *path, aoff_t *start)
{
	aoff_t ino;
	long r;

	if (path[0] == '/') {
		*start = fs_root;
		return 0;
	}
	if (dirfd == AT_FDCWD) {
		*start = fs_cwd;
		return fs_cwd ? 0 : -ENOENT;
	}
	r = fd_lookup(dirfd, &ino, NULL);
	if (r < 0)
		return (int)r;
	if (!ino || !S_ISDIR(INO(ino)->mode))
		return -ENOTDIR;
	*start = ino;
	return 0;
}


static int walk_from(aoff_t dir, const char *path, int flags,
		     struct walk *w, unsigned int *links);

/* Follows the symlink ino found in dir: the walk continues at its target. */
static int follow(aoff_t dir, aoff_t ino, int flags, struct walk *w,
		  unsigned int *links)
{
	/* Targets of /proc's links are made when followed (fs/proc.c). */
	static char made[FS_PATH_MAX];
	aoff_t jump;
	long r;

	if (++*links > FS_MAXSYMLINKS)
		return -ELOOP;
	if (!proc_is_magic(ino)) {
		touch_atime(ino);
		return walk_from(dir, APTR(const char, INO(ino)->data),
				 flags, w, links);
	}
	/* /proc/self/fd/N leads to the file itself, deleted or not. */
	jump = proc_jump(ino, flags & WALK_DELETED, &w->via_fd);
	if (jump) {
		w->ino = jump;
		return 0;
	}
	r = proc_target(ino, made, sizeof(made));
	if (r < 0)
		return (int)r;
	return walk_from(dir, made, flags, w, links);
}

int walk_link(struct walk *w, int flags)
{
	unsigned int links = w->links;
	int r = follow(w->dir, w->ino, flags, w, &links);

	w->links = links;
	return r;
}

static int walk_from(aoff_t dir, const char *path, int flags,
		     struct walk *w, unsigned int *links)
{
	const char *p = path, *next;
	size_t plen = strlen(path);
	bool slash = plen && path[plen - 1] == '/';
	int r;

	if (path[0] == '/')
		dir = fs_root;
	w->dir = dir;
	w->ino = dir;
	w->name = path[0] == '/' ? "/" : ".";
	w->len = 1;
	w->slash = slash;
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
		r = permission(dir, MAY_EXEC, false);
		if (r < 0)
			return r;
		if (len == 1 && p[0] == '.') {
			child = dir;
		} else if (len == 2 && p[0] == '.' && p[1] == '.') {
			child = dir_parent(dir);
		} else if (proc_is_magic(dir)) {
			child = proc_lookup(dir, p, len);
		} else if (!INO(dir)->nlink) {
			/*
			 * A removed directory: no name can be looked up or
			 * made in it (the kernel's IS_DEADDIR). Callers that
			 * make or remove the last name see it missing and
			 * fail in their own order.
			 */
			bool last = !p[len + strspn(p + len, "/")];

			if (!last || !(flags & WALK_PARENT))
				return -ENOENT;
			child = 0;
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
		if (S_ISLNK(INO(child)->mode)) {
			struct walk t;

			r = follow(dir, child, WALK_FOLLOW, &t, links);
			if (r < 0)
				return r;
			if (!t.ino)
				return -ENOENT;
			child = t.ino;
		}
		dir = child;
	}
	/* A trailing slash asks for a directory: it follows, except where
	 * the caller makes or removes the name itself. */
	if (w->ino && S_ISLNK(INO(w->ino)->mode) &&
	    ((flags & WALK_FOLLOW) || (slash && !(flags & WALK_PARENT)))) {
		r = follow(w->dir, w->ino, WALK_FOLLOW | (flags & WALK_DELETED),
			   w, links);
		if (r < 0)
			return r;
		w->slash |= slash;
	}
	if (w->ino && w->slash && !(flags & WALK_PARENT) &&
	    !S_ISDIR(INO(w->ino)->mode))
		return -ENOTDIR;
	return 0;
}

int walk(int dirfd, const char *path, int flags, struct walk *w)
{
	size_t plen = strnlen(path, FS_PATH_MAX);
	unsigned int links = 0;
	aoff_t dir = 0;
	int r;

	if (plen == 0)
		return -ENOENT;
	if (plen >= FS_PATH_MAX)
		return -ENAMETOOLONG;
	w->via_fd = -1;
	r = walk_start(dirfd, path, &dir);
	if (r < 0)
		return r;
	r = walk_from(dir, path, flags, w, &links);
	w->links = links;
	return r;
}

/*
 * The caller's ids, read once: the fast path of a metadata call makes no
 * system call. They cannot change under the seal (setuid and its kin are
 * not in the filter); a change before it (a preinit function) happens
 * before the program's first call. fs_creds_reload() re-reads them.
 */
#define CRED_GROUPS 32

static struct {
	bool loaded;
	uint32_t uid, euid, gid, egid;
	int ngroups;		/* -1: more than CRED_GROUPS, ask each time */
	gid_t groups[CRED_GROUPS];
} creds;

void fs_creds_reload(void)
{
	long n;

	creds.uid = (uint32_t)sys3(SYS_getuid, 0, 0, 0);
	creds.euid = (uint32_t)sys3(SYS_geteuid, 0, 0, 0);
	creds.gid = (uint32_t)sys3(SYS_getgid, 0, 0, 0);
	creds.egid = (uint32_t)sys3(SYS_getegid, 0, 0, 0);
	n = sys3(SYS_getgroups, CRED_GROUPS, creds.groups, 0);
	creds.ngroups = n < 0 ? -1 : (int)n;
	__atomic_store_n(&creds.loaded, true, __ATOMIC_RELEASE);
}

static void creds_load(void)
{
	if (!__atomic_load_n(&creds.loaded, __ATOMIC_ACQUIRE))
		fs_creds_reload();
}

uint32_t cur_euid(void)
{
	creds_load();
	return creds.euid;
}

bool in_group(uint32_t gid, bool real)
{
	gid_t many[256];
	long n, i;

	creds_load();
	if (gid == (real ? creds.gid : creds.egid))
		return true;
	for (i = 0; i < creds.ngroups; i++)
		if (creds.groups[i] == gid)
			return true;
	if (creds.ngroups >= 0)
		return false;
	n = sys3(SYS_getgroups, 256, many, 0);
	for (i = 0; i < n; i++)
		if (many[i] == gid)
			return true;
	return false;
}

/*
 * The kernel's generic_permission() without ACLs: uid 0 stands for the
 * capabilities CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH, so root reads
 * and writes everything and executes what has an execute bit somewhere.
 */
int permission(aoff_t ino, int mask, bool real)
{
	struct fs_inode *in = INO(ino);
	uint32_t uid, bits;

	creds_load();
	uid = real ? creds.uid : creds.euid;
	if (uid == 0) {
		if (!(mask & MAY_EXEC) || S_ISDIR(in->mode) ||
		    (in->mode & 0111))
			return 0;
		return -EACCES;
	}
	if (uid == in->uid)
		bits = in->mode >> 6;
	else if (in_group(in->gid, real))
		bits = in->mode >> 3;
	else
		bits = in->mode;
	return (bits & (uint32_t)mask & 7) == ((uint32_t)mask & 7) ? 0 :
								   -EACCES;
}

bool is_owner(aoff_t ino)
{
	uint32_t uid = cur_euid();

	return uid == 0 || uid == INO(ino)->uid;
}

int may_create(aoff_t dir)
{
	if (!INO(dir)->nlink)
		return -ENOENT;
	return permission(dir, MAY_WRITE | MAY_EXEC, false);
}

int may_delete(aoff_t dir, aoff_t child)
{
	int r = permission(dir, MAY_WRITE | MAY_EXEC, false);

	if (r == 0 && !may_delete_sticky(dir, child))
		r = -EPERM;
	return r;
}

int empty_path_inode(int dirfd, aoff_t *ino)
{
	long r;

	if (dirfd == AT_FDCWD) {
		*ino = fs_cwd;
		return fs_cwd ? 0 : -ENOENT;
	}
	r = fd_lookup(dirfd, ino, NULL);
	if (r < 0)
		return (int)r;
	return *ino ? 0 : -ENOENT;
}

void inode_sync_privs(aoff_t ino, const arch_kstat *kst, bool ours)
{
	struct fs_inode *in = INO(ino);
	arch_kstat own;
	int64_t ct;

	if (!S_ISREG(in->mode))
		return;
	if (!kst) {
		if (in->backing < 0 || sys_fstat(in->backing, &own) < 0)
			return;
		kst = &own;
	}
	ct = (int64_t)kst->st_ctim.tv_sec * 1000000000 + kst->st_ctim.tv_nsec;
	if (ct != in->kctime && !ours && cur_euid() != 0) {
		in->mode &= ~(uint32_t)S_ISUID;
		if (in->mode & S_IXGRP)
			in->mode &= ~(uint32_t)S_ISGID;
	}
	in->kctime = ct;
}

static bool ts_eq(const struct timespec *a, const struct timespec *b)
{
	return a->tv_sec == b->tv_sec && a->tv_nsec == b->tv_nsec;
}

bool inode_sync_times(aoff_t ino, arch_kstat *kst)
{
	struct fs_inode *in = INO(ino);
	bool wrote, read;
	struct timespec now, t[2];

	if (hooks_clock_is_kernel())
		return false;
	if (!S_ISREG(in->mode))
		return true;
	/* Deleted but open: the times it had then (never the host's). */
	if (in->backing < 0)
		goto show;
	wrote = !ts_eq(&kst->st_mtim, &in->mtime);
	read = !ts_eq(&kst->st_atim, &in->atime);
	if (wrote || read) {
		fs_now(&now);
		if (wrote)
			in->mtime = in->ctime = now;
		if (read)
			in->atime = now;
		t[0] = in->atime;
		t[1] = in->mtime;
		/* Set-ID bits: the write counts, the stamping does not. */
		inode_sync_privs(ino, NULL, false);
		sys6(SYS_utimensat, in->backing, NULL, t, 0, 0, 0);
		inode_sync_privs(ino, NULL, true);
	}
show:
	kst->st_atim = in->atime;
	kst->st_mtim = in->mtime;
	return true;
}

static bool ts_le(const struct timespec *a, const struct timespec *b)
{
	return a->tv_sec < b->tv_sec ||
	       (a->tv_sec == b->tv_sec && a->tv_nsec <= b->tv_nsec);
}

void touch_atime(aoff_t ino)
{
	struct fs_inode *in = INO(ino);
	struct timespec now;

	fs_now(&now);
	if (ts_le(&in->atime, &in->mtime) || ts_le(&in->atime, &in->ctime) ||
	    now.tv_sec - in->atime.tv_sec >= 24 * 60 * 60)
		in->atime = now;
}

bool may_delete_sticky(aoff_t dir, aoff_t child)
{
	uint32_t uid;

	if (!(INO(dir)->mode & S_ISVTX))
		return true;
	uid = cur_euid();
	return uid == 0 || uid == INO(child)->uid || uid == INO(dir)->uid;
}

/* The path that names ino in the tree, or -ENOENT once it has none. */
long inode_path(aoff_t ino, char *buf, size_t size)
{
	char tmp[FS_PATH_MAX];
	size_t at = sizeof(tmp) - 1;

	tmp[at] = '\0';
	while (ino != fs_root) {
		struct fs_dentry *de;

		if (!INO(ino)->dentry)
			return -ENOENT;
		de = DENT(INO(ino)->dentry);
		if (at < (size_t)de->namelen + 1)
			return -ENAMETOOLONG;
		at -= de->namelen;
		memcpy(tmp + at, de->name, de->namelen);
		tmp[--at] = '/';
		ino = de->parent;
	}
	if (at == sizeof(tmp) - 1)
		tmp[--at] = '/';
	if (sizeof(tmp) - 1 - at >= size)
		return -ENAMETOOLONG;
	memcpy(buf, tmp + at, sizeof(tmp) - at);
	return (long)(sizeof(tmp) - 1 - at);
}

bool is_dot(const struct walk *w)
{
	return (w->len == 1 && (w->name[0] == '.' || w->name[0] == '/')) ||
	       (w->len == 2 && w->name[0] == '.' && w->name[1] == '.');
}

mode_t fs_umask(mode_t mask)
{
	return __atomic_exchange_n(&fs_cur_umask, mask & 0777, __ATOMIC_RELAXED);
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
	if (r == 0)
		r = core_lock_init();
	if (r < 0)
		return r;
	r = fd_band_init(opt);
	if (r < 0)
		return r;
	r = htab_grow();
	if (r < 0)
		return r;
	fs_cur_umask = (mode_t)sys3(SYS_umask, 022, 0, 0);
	sys3(SYS_umask, fs_cur_umask, 0, 0);
	fs_root = inode_new(S_IFDIR | 0755);
	tmp = inode_new(S_IFDIR | 01777);
	dev = inode_new(S_IFDIR | 0755);
	if (!fs_root || !tmp || !dev)
		return -ENOSPC;
	fs_cwd = fs_root;
	r = dentry_add(fs_root, "tmp", 3, tmp);
	if (r == 0)
		r = dentry_add(fs_root, "dev", 3, dev);
	for (i = 0; r == 0 && i < sizeof(devs) / sizeof(devs[0]); i++) {
		char host[32] = "/dev/";

		strcat(host, devs[i].name);
		r = mkdev(dev, devs[i].name, host, devs[i].acc);
	}
	if (r == 0)
		r = proc_init();
	/* The limit counts the initial tree, which it never refuses. */
	fs_max_inodes = opt ? opt->max_inodes : 0;
	if (r == 0)
		__atomic_store_n(&core_ready, 1, __ATOMIC_RELEASE);
	return r;
}
