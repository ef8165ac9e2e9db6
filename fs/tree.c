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
#include "core/band.h"
#include "core/config.h"
#include <sys/resource.h>
#include "core/lock.h"
#include "core/sys.h"

const struct fs_shared *fsh;
aoff_t fs_cwd;
mode_t fs_cur_umask = 022;

/*
 * Directory entries: one open-addressing table of dentry offsets keyed by
 * XXH3 of (parent, name). Open addressing rather than chains, so that
 * growing the table writes only the new table and the head: an undo
 * never has to save every entry (core/arena.h). A removed entry leaves a
 * tombstone (SLOT_DEAD; no block lives at offset 1).
 */
#define SLOT_DEAD 1

static uint64_t name_hash(aoff_t parent, const char *name, size_t len)
{
	return XXH3_64bits_withSeed(name, len, parent);
}

static int htab_grow(void)
{
	uint32_t size = fsh->hmask + 1, i;
	uint32_t nsize = !fsh->htab ? 1024 :
			 (fsh->hcount + 1) * 2 > size ? size * 2 : size;
	aoff_t nt = arena_alloc(nsize * sizeof(aoff_t));
	aoff_t *t;
	struct fs_shared *w;

	if (!nt)
		return -ENOSPC;
	t = APTR_NEW(aoff_t, nt);
	for (i = 0; fsh->htab && i < size; i++) {
		aoff_t d = APTR(aoff_t, fsh->htab)[i];
		uint32_t b;

		if (d <= SLOT_DEAD)
			continue;
		b = (uint32_t)name_hash(DENT(d)->parent, DENT(d)->name,
					DENT(d)->namelen) & (nsize - 1);
		while (t[b])
			b = (b + 1) & (nsize - 1);
		t[b] = d;
	}
	if (fsh->htab)
		arena_free(fsh->htab, size * sizeof(aoff_t));
	w = FSH_W();
	w->htab = nt;
	w->hmask = nsize - 1;
	w->hdead = 0;
	return 0;
}

/* The slot holding (parent, name), or the first free one on its probe
 * when it is not there (*found false). */
static uint32_t hprobe(aoff_t parent, const char *name, size_t len,
		       bool *found)
{
	const aoff_t *t = APTR(aoff_t, fsh->htab);
	uint32_t b = (uint32_t)name_hash(parent, name, len) & fsh->hmask;
	uint32_t free_slot = UINT32_MAX;

	for (;; b = (b + 1) & fsh->hmask) {
		const struct fs_dentry *de;

		if (!t[b])
			break;
		if (t[b] == SLOT_DEAD) {
			if (free_slot == UINT32_MAX)
				free_slot = b;
			continue;
		}
		de = DENT(t[b]);
		if (de->parent == parent && de->namelen == len &&
		    !memcmp(de->name, name, len)) {
			*found = true;
			return b;
		}
	}
	*found = false;
	return free_slot == UINT32_MAX ? b : free_slot;
}

aoff_t dentry_find(aoff_t parent, const char *name, size_t len)
{
	bool found;
	uint32_t b = hprobe(parent, name, len, &found);

	return found ? APTR(aoff_t, fsh->htab)[b] : 0;
}

void fs_now(struct timespec *ts)
{
	if (hooks_clock(CLOCK_REALTIME, ts) < 0)
		ts->tv_sec = ts->tv_nsec = 0;
}

void touch(aoff_t ino, int what)
{
	struct timespec ts;
	struct fs_inode *in = INO_W(ino);

	fs_now(&ts);
	if (what & 1)
		in->mtime = ts;
	if (what & 2)
		in->ctime = ts;
}

aoff_t inode_new(mode_t mode)
{
	struct fs_inode *in;
	aoff_t ino;

	if (fsh->max_inodes && fsh->ninodes >= fsh->max_inodes)
		return 0;
	ino = arena_alloc(sizeof(struct fs_inode));
	if (!ino)
		return 0;
	in = APTR_NEW(struct fs_inode, ino);
	FSH_FIELD_W(ninodes)++;
	in->serial = FSH_FIELD_W(next_serial)++;
	in->mode = mode;
	in->nlink = S_ISDIR(mode) ? 2 : 1;
	in->uid = cur_euid();
	in->gid = cur_egid();
	in->hostfd = -1;
	if (S_ISDIR(mode))
		in->next_slot = 2;
	fs_now(&in->btime);
	in->atime = in->mtime = in->ctime = in->btime;
	return ino;
}

aoff_t inode_create(aoff_t dir, mode_t mode)
{
	const struct fs_inode *d = INO(dir);
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
		INO_W(ino)->gid = d->gid;
	return ino;
}

/* Frees ino for good: nothing names it and no fd is known to hold it. */
static void inode_free(aoff_t ino)
{
	const struct fs_inode *in = INO(ino);

	if (S_ISREG(in->mode))
		image_ref_drop(ino);
	else if (in->data)
		arena_free(in->data, in->size + 1);
	lower_drop(ino);
	if (in->named)
		store_unname(ino);
	fd_map_remove(ino);
	if (S_ISDIR(in->mode) && in->parent) {
		aoff_t parent = in->parent;

		arena_free(ino, sizeof(*in));
		INO_W(parent)->refs--;
		inode_put(parent);
		return;
	}
	arena_free(ino, sizeof(*in));
}

/*
 * A regular file lost its last name, but program fds (of any process)
 * may still hold its object: its content lives on in the kernel until
 * their last close, which the core never sees. The inode stays in the
 * kernel-inode map, so that fstat and fchmod on those fds still answer,
 * while it is among the last GRAVEYARD such files; an older one is
 * freed, and its fds then show the store object's own metadata (README).
 */
static void bury(aoff_t ino)
{
	uint32_t next = fsh->grave_next;
	aoff_t old = APTR(aoff_t, fsh->grave)[next];

	*ASLOT_W(fsh->grave, next) = ino;
	FSH_FIELD_W(grave_next) = (next + 1) % GRAVEYARD;
	INO_W(ino)->buried = 1;
	if (old && old != ino) {
		INO_W(old)->buried = 0;
		/* Named again meanwhile (linkat from /proc): it lives. */
		if (!INO(old)->nlink)
			inode_free(old);
	}
}

void inode_unbury(aoff_t ino)
{
	uint32_t i;

	if (!INO(ino)->buried)
		return;
	for (i = 0; i < GRAVEYARD; i++)
		if (APTR(aoff_t, fsh->grave)[i] == ino)
			*ASLOT_W(fsh->grave, i) = 0;
	INO_W(ino)->buried = 0;
	FSH_FIELD_W(ninodes)++;
}

void inode_put(aoff_t ino)
{
	const struct fs_inode *in = INO(ino);

	if (in->nlink || in->refs || in->pinned)
		return;
	if (S_ISREG(in->mode) && in->kino) {
		if (in->named)
			store_unname(ino);
		if (!in->buried) {
			/* Gone from the tree: it no longer counts against
			 * the inode limit. */
			FSH_FIELD_W(ninodes)--;
			bury(ino);
		}
		return;
	}
	/*
	 * Anything else that was opened keeps its object, and the inode its
	 * place in the kernel-inode map: a program fd (O_PATH of a socket or
	 * symlink, a directory) still stands for it, and a FIFO's opener
	 * may be waiting on it without the lock.
	 */
	if (in->kino)
		return;
	FSH_FIELD_W(ninodes)--;
	inode_free(ino);
}

int dentry_add(aoff_t dir, const char *name, size_t len, aoff_t child)
{
	struct fs_dentry *de;
	struct fs_inode *d;
	bool found;
	uint32_t b;
	aoff_t off;
	int r;

	if ((fsh->hcount + fsh->hdead + 1) * 4 > (fsh->hmask + 1) * 3) {
		r = htab_grow();
		if (r < 0)
			return r;
	}
	off = arena_alloc(sizeof(*de) + len + 1);
	if (!off)
		return -ENOSPC;
	d = INO_W(dir);
	de = APTR_NEW(struct fs_dentry, off);
	de->parent = dir;
	de->child = child;
	de->namelen = (uint16_t)len;
	memcpy(de->name, name, len);
	de->slot = d->next_slot++;
	de->prev = d->last;
	if (d->last)
		DENT_W(d->last)->next = off;
	else
		d->first = off;
	d->last = off;
	d->nentries++;
	b = hprobe(dir, name, len, &found);
	if (APTR(aoff_t, fsh->htab)[b] == SLOT_DEAD)
		FSH_FIELD_W(hdead)--;
	*ASLOT_W(fsh->htab, b) = off;
	FSH_FIELD_W(hcount)++;
	if (S_ISDIR(INO(child)->mode)) {
		struct fs_inode *c = INO_W(child);

		c->dentry = off;
		c->parent = dir;
		d->nlink++;
	} else if (!INO(child)->dentry) {
		/* One of its names, for /proc/self/fd's links. */
		INO_W(child)->dentry = off;
	}
	touch(dir, 3);
	return 0;
}

int dentry_add_new(const struct walk *w, aoff_t ino)
{
	int r = dentry_add(w->dir, w->name, w->len, ino);

	if (r < 0) {
		INO_W(ino)->nlink = 0;
		inode_put(ino);
	}
	return r;
}

void dentry_del(aoff_t off)
{
	const struct fs_dentry *de = DENT(off);
	struct fs_inode *d = INO_W(de->parent);
	bool found;
	uint32_t b = hprobe(de->parent, de->name, de->namelen, &found);

	if (found) {
		*ASLOT_W(fsh->htab, b) = SLOT_DEAD;
		FSH_FIELD_W(hcount)--;
		FSH_FIELD_W(hdead)++;
	}
	if (de->prev)
		DENT_W(de->prev)->next = de->next;
	else
		d->first = de->next;
	if (de->next)
		DENT_W(de->next)->prev = de->prev;
	else
		d->last = de->prev;
	d->nentries--;
	if (S_ISDIR(INO(de->child)->mode))
		d->nlink--;
	else if (INO(de->child)->dentry == off)
		INO_W(de->child)->dentry = 0;
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
	struct fs_inode *in = INO_W(dir);

	in->nlink = 0;
	in->dentry = 0;
	if (in->parent)
		INO_W(in->parent)->refs++;
	inode_put(dir);
}

void set_cwd(aoff_t dir)
{
	/*
	 * Another process may work in it, or this one again after exec:
	 * a directory once some process's working directory is never
	 * freed, even once removed (its ".." with it).
	 */
	if (!INO(dir)->pinned)
		INO_W(dir)->pinned = 1;
	fs_cwd = dir;
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

/*
 * Recent lookups, per process. A path looked up again from the same
 * directory with the same flags, while nothing in the arena was written
 * since (arena_changes: names, modes, owners, a layer listed) and the
 * caller's ids are the same, leads to the same place: it is found with
 * one hash of the whole path rather than one per name, with its searches
 * checked. Not kept: failed lookups (their misses are noted each time),
 * lookups that crossed a symlink (following one may touch its atime) or
 * /proc (whose entries follow each process's fds), long paths.
 */
#define WC_SLOTS 64
#define WC_PATH 104

static struct wc {
	uint32_t changes;
	uint32_t plen;		/* 0: empty */
	aoff_t start, dir, ino;
	int flags;
	uint32_t name_off, len;
	bool slash;
	char path[WC_PATH];
} wcache[WC_SLOTS];

/* The walk under way crossed a symlink or /proc: not kept. */
static bool wc_skip;

static struct wc *wc_slot(aoff_t start, const char *path, size_t plen,
			  int flags)
{
	uint64_t h = XXH3_64bits_withSeed(path, plen,
					  start ^ ((uint64_t)flags << 32));

	return &wcache[h % WC_SLOTS];
}

static bool wc_get(aoff_t start, const char *path, size_t plen, int flags,
		   struct walk *w)
{
	const struct wc *c = wc_slot(start, path, plen, flags);

	if (c->plen != plen || c->start != start || c->flags != flags ||
	    c->changes != arena_changes() || memcmp(c->path, path, plen))
		return false;
	w->dir = c->dir;
	w->ino = c->ino;
	w->name = path + c->name_off;
	w->len = c->len;
	w->slash = c->slash;
	w->links = 0;
	return true;
}

/*
 * An entry is emptied first and its length written last: a fork while
 * another thread fills one gives the child an empty entry or a whole one.
 */
static void wc_put(aoff_t start, const char *path, size_t plen, int flags,
		   const struct walk *w)
{
	struct wc *c = wc_slot(start, path, plen, flags);

	__atomic_store_n(&c->plen, 0, __ATOMIC_RELAXED);
	__atomic_thread_fence(__ATOMIC_RELEASE);
	c->changes = arena_changes();
	c->start = start;
	c->flags = flags;
	c->dir = w->dir;
	c->ino = w->ino;
	c->name_off = (uint32_t)(w->name - path);
	c->len = (uint32_t)w->len;
	c->slash = w->slash;
	memcpy(c->path, path, plen);
	__atomic_store_n(&c->plen, (uint32_t)plen, __ATOMIC_RELEASE);
}

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
	wc_skip = true;
	if (!proc_is_magic(ino)) {
		touch_atime(ino);
		return walk_from(dir, APTR(char, INO(ino)->data),
				 flags, w, links);
	}
	/* /proc/self/fd/N leads to the file itself, deleted or not. */
	jump = proc_jump(ino, flags & WALK_DELETED, &w->via_fd);
	if (jump) {
		w->ino = jump;
		return 0;
	}
	/* Or to the kernel's object (a pipe), which has no inode here. */
	w->kernel_fd = proc_kernel_fd(ino);
	if (w->kernel_fd >= 0) {
		w->ino = 0;
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
			wc_skip = true;
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
			if (!d && INO(dir)->lower && !INO(dir)->filled) {
				/* A layer's directory, listed now. */
				r = lower_fill(dir);
				if (r < 0)
					return r;
				d = dentry_find(dir, p, len);
			}
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
			struct walk t = { .via_fd = -1, .kernel_fd = -1 };

			r = follow(dir, child, WALK_FOLLOW, &t, links);
			if (r < 0)
				return r;
			if (!t.ino)
				return t.kernel_fd >= 0 ? -ENOTDIR : -ENOENT;
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
	w->kernel_fd = -1;
	r = walk_start(dirfd, path, &dir);
	if (r < 0)
		return r;
	if (plen < WC_PATH && wc_get(dir, path, plen, flags, w))
		return 0;
	wc_skip = false;
	r = walk_from(dir, path, flags, w, &links);
	w->links = links;
	if (r == 0 && w->ino && !wc_skip && plen < WC_PATH &&
	    w->name >= path && w->name < path + plen)
		wc_put(dir, path, plen, flags, w);
	/* Looked for and not there: a directory on the way, or the last
	 * name of a lookup (a creation's or removal's is no lookup). */
	if (r == -ENOENT || (r == 0 && !w->ino && w->kernel_fd < 0 &&
			     !(flags & WALK_PARENT)))
		missing_note(path);
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
	/* Searches were checked with the ids of before. */
	memset(wcache, 0, sizeof(wcache));
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

uint32_t cur_egid(void)
{
	creds_load();
	return creds.egid;
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
	const struct fs_inode *in = INO(ino);
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
	/* /proc's names are the process's own: no name is made there. */
	if (!INO(dir)->nlink || proc_holds(dir))
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
	const struct fs_inode *in = INO(ino);
	struct fs_inode *w;
	arch_kstat own;
	int64_t ct;

	if (!S_ISREG(in->mode))
		return;
	if (!kst) {
		if (!in->named || store_stat(ino, &own) < 0)
			return;
		kst = &own;
	}
	ct = ts_ns(&kst->st_ctim);
	if (ct == in->kctime)
		return;
	w = INO_W(ino);
	if (!ours && cur_euid() != 0) {
		w->mode &= ~(uint32_t)S_ISUID;
		if (w->mode & S_IXGRP)
			w->mode &= ~(uint32_t)S_ISGID;
	}
	w->kctime = ct;
}

static bool ts_eq(const struct timespec *a, const struct timespec *b)
{
	return a->tv_sec == b->tv_sec && a->tv_nsec == b->tv_nsec;
}

bool inode_sync_times(aoff_t ino, arch_kstat *kst)
{
	const struct fs_inode *in = INO(ino);
	struct fs_inode *w;
	bool wrote, read;
	struct timespec now, t[2];

	if (hooks_clock_is_kernel())
		return false;
	if (!S_ISREG(in->mode))
		return true;
	/* Deleted but open: the times it had then (never the host's). */
	if (!in->named)
		goto show;
	wrote = !ts_eq(&kst->st_mtim, &in->mtime);
	read = !ts_eq(&kst->st_atim, &in->atime);
	if (wrote || read) {
		fs_now(&now);
		w = INO_W(ino);
		if (wrote)
			w->mtime = w->ctime = now;
		if (read)
			w->atime = now;
		t[0] = in->atime;
		t[1] = in->mtime;
		/* Set-ID bits: the write counts, the stamping does not. */
		inode_sync_privs(ino, NULL, false);
		sys6(SYS_utimensat, store_fd(ino), NULL, t, 0, 0, 0);
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
	const struct fs_inode *in = INO(ino);
	struct timespec now;

	fs_now(&now);
	if (ts_le(&in->atime, &in->mtime) || ts_le(&in->atime, &in->ctime) ||
	    now.tv_sec - in->atime.tv_sec >= 24 * 60 * 60)
		INO_W(ino)->atime = now;
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
		const struct fs_dentry *de;

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
	INO_W(ino)->rdev = (uint32_t)st.st_rdev;
	/* Every process of the sandbox inherits it at this number. */
	r = band_keep((int)fd);
	if (r < 0)
		return r;
	INO_W(ino)->hostfd = r;
	fd_register_device(ino);
	return dentry_add(dev, name, strlen(name), ino);
}

const char *const fs_dev_links[FS_DEV_LINKS][2] = {
	{ "fd", "/proc/self/fd" },	  { "stdin", "/proc/self/fd/0" },
	{ "stdout", "/proc/self/fd/1" }, { "stderr", "/proc/self/fd/2" },
};

/* A symlink of the initial tree. */
static int mklink(aoff_t dir, const char *name, const char *target)
{
	size_t len = strlen(target);
	aoff_t data = arena_alloc(len + 1);
	aoff_t ino = data ? inode_new(S_IFLNK | 0777) : 0;

	if (!ino) {
		arena_free(data, len + 1);
		return -ENOSPC;
	}
	memcpy(APTR_NEW(char, data), target, len + 1);
	INO_W(ino)->data = data;
	INO_W(ino)->size = len;
	return dentry_add(dir, name, strlen(name), ino);
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
	struct fs_shared *w;
	aoff_t tmp, dev, shm, sh;
	size_t i;
	int r = 0;

	if (!opt || opt->store_fd < 0)
		return -EINVAL;
	if (band_base() < 0)
		r = band_setup(-1);
	if (r == 0)
		r = arena_create();
	if (r < 0)
		return r;
	core_lock_word = arena_lock_word();
	if (!core_config_w())
		return -ENOMEM;
	core_config_w()->band_base = band_base();
	r = store_init(opt->store_fd);
	if (r < 0)
		return r;
	sh = arena_alloc(sizeof(struct fs_shared));
	if (!sh)
		return -ENOSPC;
	arena_set_root(ROOT_FS, sh);
	fsh = APTR(struct fs_shared, sh);
	w = FSH_W();
	w->next_serial = 1;
	w->grave = arena_alloc(GRAVEYARD * sizeof(aoff_t));
	if (!w->grave)
		return -ENOSPC;
	/* The store's tmpfs counts in the kernel's pages. */
	w->size_pages = sys_pages(opt->size);
	r = htab_grow();
	if (r < 0)
		return r;
	/* The program's umask is the core's from now on; the kernel's is 0
	 * so that store objects are open to every uid (store.c). */
	fs_cur_umask = (mode_t)sys3(SYS_umask, 0, 0, 0);
	w->root = inode_new(S_IFDIR | 0755);
	tmp = inode_new(S_IFDIR | 01777);
	dev = inode_new(S_IFDIR | 0755);
	/* POSIX shared memory and named semaphores (shm_open, sem_open:
	 * python's multiprocessing locks) are files of glibc's /dev/shm. */
	shm = inode_new(S_IFDIR | 01777);
	if (!fs_root || !tmp || !dev || !shm)
		return -ENOSPC;
	set_cwd(fs_root);
	r = dentry_add(fs_root, "tmp", 3, tmp);
	if (r == 0)
		r = dentry_add(fs_root, "dev", 3, dev);
	if (r == 0)
		r = dentry_add(dev, "shm", 3, shm);
	for (i = 0; r == 0 && i < sizeof(devs) / sizeof(devs[0]); i++) {
		char host[32] = "/dev/";

		strcat(host, devs[i].name);
		r = mkdev(dev, devs[i].name, host, devs[i].acc);
	}
	/* As a host's /dev has them: shells name pipes by these. */
	for (i = 0; r == 0 && i < FS_DEV_LINKS; i++)
		r = mklink(dev, fs_dev_links[i][0], fs_dev_links[i][1]);
	if (r == 0)
		r = proc_init();
	/* The limit counts the initial tree, which it never refuses. */
	FSH_W()->max_inodes = opt->max_inodes;
	if (r == 0)
		__atomic_store_n(&core_ready, 1, __ATOMIC_RELEASE);
	return r;
}

int fs_attach(int arena_fd, uint32_t cwd, mode_t umask, uint64_t nofile)
{
	const struct core_config *cfg;
	struct rlimit view;
	aoff_t sh;
	int r;

	r = arena_attach(arena_fd);
	if (r < 0)
		return r;
	core_lock_word = arena_lock_word();
	cfg = core_config();
	sh = arena_root(ROOT_FS);
	if (!cfg || !sh)
		return -EINVAL;
	fsh = APTR(struct fs_shared, sh);
	r = band_setup(cfg->band_base);
	if (r == 0)
		r = store_attach(cfg);
	if (r < 0)
		return r;
	/* As the exec'ing process had it; a bad value leaves the band's. */
	view.rlim_cur = view.rlim_max = (rlim_t)nofile;
	if (nofile && nofile <= (uint64_t)band_base())
		band_prlimit_nofile(&view, NULL);
	fs_cur_umask = umask & 0777;
	/* A directory, or the root (anything else passed is not one). */
	if (!arena_has(cwd, sizeof(struct fs_inode)) ||
	    !S_ISDIR(INO(cwd)->mode))
		cwd = fs_root;
	fs_cwd = cwd;
	__atomic_store_n(&core_ready, 1, __ATOMIC_RELEASE);
	return 0;
}
