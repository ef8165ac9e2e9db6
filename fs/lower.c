/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Host directories as lazy read-only lower layers: the core's side (see
 * fs/lower.h for the design and the protocol; launcher/lower.c is the
 * supervisor's). Callers hold the core lock.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>

#include "core/band.h"
#include "core/lock.h"
#include "core/sys.h"
#include "fs/internal.h"

/* Where a layer's directory or file is: its layer and its path beneath
 * the layer's directory ("" for the directory itself), NUL-terminated. */
struct fs_lower {
	uint16_t layer;
	uint16_t len;
	char path[];
};

/* One answer's message at most (the supervisor's LOWER_MSG). */
#define MSG_MAX 32768

static aoff_t record(uint32_t layer, const char *dir, size_t dlen,
		    const char *name, size_t nlen)
{
	size_t len = dlen + (dlen && nlen ? 1 : 0) + nlen;
	struct fs_lower *l;
	aoff_t off;

	if (len >= FS_PATH_MAX)
		return 0;
	off = arena_alloc(sizeof(*l) + len + 1);
	if (!off)
		return 0;
	l = APTR_NEW(struct fs_lower, off);
	l->layer = (uint16_t)layer;
	l->len = (uint16_t)len;
	memcpy(l->path, dir, dlen);
	if (dlen && nlen)
		l->path[dlen] = '/';
	memcpy(l->path + len - nlen, name, nlen);
	l->path[len] = '\0';
	return off;
}

void lower_drop(aoff_t ino)
{
	aoff_t off = INO(ino)->lower;

	if (!off)
		return;
	INO_W(ino)->lower = 0;
	arena_free(off, sizeof(struct fs_lower) + APTR(struct fs_lower, off)->len + 1);
}

/* --------------------------------------------------------------------
 * Listing a directory: one request, answers until the last.
 */

static unsigned char *msg;	/* this process's buffer (MSG_MAX) */
static uint32_t next_id;

static int send_request(const struct fs_lower *l, uint32_t id)
{
	unsigned char req[sizeof(struct lower_req) + FS_PATH_MAX];
	struct lower_req h = { LOWER_MAGIC, id, l->layer, l->len };
	long r;

	memcpy(req, &h, sizeof(h));
	memcpy(req + sizeof(h), l->path, l->len);
	r = sys_write(fsh->lower_sock, req, sizeof(h) + l->len);
	if (r < 0)
		return (int)r;
	return r == (long)(sizeof(h) + l->len) ? 0 : -EIO;
}

/* One entry of the host directory into dir (already there: the tree's
 * own wins; a directory of the tree's own becomes merged with it). */
static int add_entry(aoff_t dir, const struct fs_lower *dl,
		     const struct lower_rec *r, const char *name,
		     const char *link)
{
	mode_t type = r->mode & S_IFMT;
	struct fs_inode *in;
	aoff_t de, ino, child;
	int err;

	if (r->namelen > FS_NAME_MAX || memchr(name, '/', r->namelen) ||
	    (r->namelen == 1 && name[0] == '.') ||
	    (r->namelen == 2 && name[0] == '.' && name[1] == '.'))
		return 0;
	de = dentry_find(dir, name, r->namelen);
	if (de) {
		child = DENT(de)->child;
		if (type == S_IFDIR && S_ISDIR(INO(child)->mode) &&
		    !INO(child)->lower) {
			aoff_t l = record(dl->layer, dl->path, dl->len, name,
					  r->namelen);

			if (!l)
				return -ENOSPC;
			INO_W(child)->lower = l;
		}
		return 0;
	}
	/* What overlayfs would show and the door can open. */
	if (type != S_IFREG && type != S_IFDIR && type != S_IFLNK)
		return 0;
	ino = inode_new(type | (r->mode & 07777));
	if (!ino)
		return -ENOSPC;
	in = INO_W(ino);
	in->uid = r->uid;
	in->gid = r->gid;
	in->atime.tv_sec = r->atime;
	in->atime.tv_nsec = r->atime_ns;
	in->mtime.tv_sec = r->mtime;
	in->mtime.tv_nsec = r->mtime_ns;
	in->ctime.tv_sec = r->ctime;
	in->ctime.tv_nsec = r->ctime_ns;
	in->btime = in->ctime;
	in->lower = record(dl->layer, dl->path, dl->len, name, r->namelen);
	err = in->lower ? 0 : -ENOSPC;
	if (type == S_IFDIR) {
		in->placed = 1;
	} else if (type == S_IFREG) {
		in->size = r->size;
	} else if (!err) {
		aoff_t data = arena_alloc((size_t)r->linklen + 1);

		if (data) {
			memcpy(APTR_NEW(char, data), link, r->linklen);
			APTR_NEW(char, data)[r->linklen] = '\0';
			in = INO_W(ino);
			in->data = data;
			in->size = r->linklen;
		} else {
			err = -ENOSPC;
		}
	}
	if (err) {
		INO_W(ino)->nlink = 0;
		inode_put(ino);
		return err;
	}
	return dentry_add(dir, name, r->namelen, ino);
}

/* The records of one message into dir, each an operation of its own
 * when the caller's is journaled. */
static int add_records(aoff_t dir, const unsigned char *p, size_t n,
		       bool journaled, bool *end)
{
	const struct fs_lower *dl = APTR(struct fs_lower, INO(dir)->lower);
	struct lower_rec r;
	size_t at = 0;
	int err;

	while (at + sizeof(r) <= n) {
		memcpy(&r, p + at, sizeof(r));
		at += sizeof(r);
		if (r.namelen == 0) {
			*end = true;
			return 0;
		}
		if (r.linklen > LOWER_LINK_MAX ||
		    n - at < (size_t)r.namelen + r.linklen)
			return -EIO;
		if (journaled)
			journal_begin();
		err = add_entry(dir, dl, &r, (const char *)p + at,
				(const char *)p + at + r.namelen);
		if (journaled)
			journal_commit();
		if (err < 0)
			return err;
		at += (size_t)r.namelen + r.linklen;
	}
	return at == n ? 0 : -EIO;
}

int lower_fill(aoff_t dir)
{
	const struct fs_inode *d = INO(dir);
	struct timespec mtime, ctime;
	struct lower_ans a;
	bool journaled, end = false;
	uint32_t id;
	long n;
	int err;

	if (!S_ISDIR(d->mode) || !d->lower || d->filled || !d->nlink)
		return 0;
	if (APTR(struct fs_lower, d->lower)->layer >= fsh->nlowers)
		return -EIO;
	if (!msg) {
		void *p = sys_mmap(NULL, MSG_MAX, PROT_READ | PROT_WRITE,
				   MAP_PRIVATE | MAP_ANONYMOUS, -1);

		if (sys_mmap_failed(p))
			return -ENOMEM;
		msg = p;
	}
	/* Answers left by a process that died reading them are told
	 * apart by their id. */
	id = ((uint32_t)sys3(SYS_getpid, 0, 0, 0) << 12) + (++next_id & 0xfff);
	err = send_request(APTR(struct fs_lower, d->lower), id);
	if (err < 0)
		return err == -EPIPE ? -EIO : err;
	/*
	 * Listing is not a change of the directory (its times stay the
	 * host's); each entry is an operation of its own, so that a holder
	 * that dies half way leaves a directory still to be listed, which
	 * the next lookup completes (the names there are kept).
	 */
	mtime = d->mtime;
	ctime = d->ctime;
	journaled = journal_end();
	while (!end) {
		n = sys_read(fsh->lower_sock, msg, MSG_MAX);
		if (n < (long)sizeof(a)) {
			err = n < 0 ? (int)n : -EIO;
			break;
		}
		memcpy(&a, msg, sizeof(a));
		if (a.magic != (LOWER_MAGIC ^ id))
			continue;
		if (a.err) {
			err = a.err > 0 && a.err < 4096 ? -a.err : -EIO;
			break;
		}
		err = add_records(dir, msg + sizeof(a), (size_t)n - sizeof(a),
				  journaled, &end);
		if (err < 0)
			break;
	}
	if (journaled)
		journal_begin();
	if (!err) {
		INO_W(dir)->filled = 1;
		INO_W(dir)->mtime = mtime;
		INO_W(dir)->ctime = ctime;
	}
	/* An answer not read to its end is skipped by the next (its id). */
	return err;
}

/* --------------------------------------------------------------------
 * A layer's regular file: read from the host, copied up when written.
 */

static size_t put_num(char *p, unsigned int v)
{
	char t[12];
	size_t n = 0, i;

	do
		t[n++] = (char)('0' + v % 10);
	while ((v /= 10));
	for (i = 0; i < n; i++)
		p[i] = t[n - 1 - i];
	return n;
}

int lower_open(aoff_t ino, int flags)
{
	int keep = O_NONBLOCK | O_CLOEXEC | O_NOATIME | O_PATH;
	const struct fs_lower *l = APTR(struct fs_lower, INO(ino)->lower);
	char path[FS_PATH_MAX + 32];
	int proc = fs_proc_fd();
	arch_kstat st;
	size_t n = 0;
	long fd;

	if (proc < 0)
		return -EACCES;
	if (l->layer >= fsh->nlowers)
		return -EIO;
	memcpy(path, "self/fd/", 8);
	n = 8 + put_num(path + 8, (unsigned int)fsh->lower_fd[l->layer]);
	path[n++] = '/';
	memcpy(path + n, l->path, (size_t)l->len + 1);
	fd = sys_openat(proc, path,
			(flags & keep) | O_RDONLY | O_NOFOLLOW | O_NOCTTY, 0);
	if (fd < 0 || INO(ino)->kino)
		return (int)fd;
	/* Its fds stand for this inode (fstat, fchmod), the first time. */
	if (sys_fstat((int)fd, &st) == 0 && S_ISREG(st.st_mode)) {
		uint64_t key = host_key_add(&st);

		if (key && !kmap_find(key)) {
			INO_W(ino)->kino = key;
			if (kmap_add(ino) < 0)
				INO_W(ino)->kino = 0;
		}
	}
	return (int)fd;
}

int lower_copy_in(aoff_t ino, int to)
{
	uint64_t size = INO(ino)->size;
	off_t off = 0;
	long r = 0;
	int from = lower_open(ino, O_CLOEXEC);

	if (from < 0)
		return from;
	while ((uint64_t)off < size) {
		r = sys6(SYS_sendfile, to, from, &off, (size_t)(size - off), 0,
			 0);
		if (r <= 0)
			break;
	}
	sys_close(from);
	if (r < 0)
		return (int)r;
	lower_drop(ino);
	INO_W(ino)->size = 0;
	return 0;
}

/* --------------------------------------------------------------------
 * The start.
 */

int fs_lower_init(int sock)
{
	int r = core_lock_bulk(), fd;

	if (r < 0)
		return r;
	fd = band_keep(sock);
	if (fd >= 0)
		FSH_W()->lower_sock = fd;
	core_unlock();
	return fd < 0 ? fd : 0;
}

static int add_locked(const char *dest, int dirfd)
{
	uint32_t layer = fsh->nlowers;
	struct timespec mtime, ctime;
	arch_kstat st;
	const char *last;
	size_t len;
	aoff_t dir, de, ino, l;
	long r;

	if (layer >= LOWER_MAX)
		return -E2BIG;
	r = sys_fstat(dirfd, &st);
	if (r < 0)
		return (int)r;
	if (!S_ISDIR(st.st_mode))
		return -ENOTDIR;
	l = record(layer, "", 0, "", 0);
	if (!l)
		return -ENOSPC;
	if (dest[0] == '/' && dest[strspn(dest, "/")] == '\0') {
		ino = fs_root;
	} else {
		r = place_parent(dest, &dir, &last, &len);
		if (r < 0)
			return (int)r;
		if (proc_holds(dir) || proc_is_root(dir))
			return -EPERM;
		de = dentry_find(dir, last, len);
		ino = de ? DENT(de)->child : 0;
		if (ino && (proc_is_root(ino) || proc_holds(ino)))
			return -EPERM;
		if (ino && !S_ISDIR(INO(ino)->mode))
			return -ENOTDIR;
		if (!ino) {
			struct fs_inode *in;

			ino = inode_new(S_IFDIR | (st.st_mode & 07777));
			if (!ino)
				return -ENOSPC;
			in = INO_W(ino);
			in->uid = st.st_uid;
			in->gid = st.st_gid;
			in->atime = st.st_atim;
			in->mtime = st.st_mtim;
			in->ctime = in->btime = st.st_ctim;
			in->placed = 1;
			/* Not a change of the directory that holds it. */
			mtime = INO(dir)->mtime;
			ctime = INO(dir)->ctime;
			r = dentry_add(dir, last, len, ino);
			if (r < 0) {
				INO_W(ino)->nlink = 0;
				inode_put(ino);
				return (int)r;
			}
			INO_W(dir)->mtime = mtime;
			INO_W(dir)->ctime = ctime;
		}
	}
	if (INO(ino)->lower)
		return -EEXIST;
	r = band_keep(dirfd);
	if (r < 0)
		return (int)r;
	INO_W(ino)->lower = l;
	FSH_W()->lower_fd[layer] = (int32_t)r;
	FSH_W()->nlowers = layer + 1;
	return 0;
}

int fs_lower_add(const char *dest, int dirfd)
{
	int r = core_lock_bulk();

	if (r < 0)
		return r;
	r = add_locked(dest, dirfd);
	core_unlock();
	return r;
}

static int link_locked(const char *path, const char *target,
		       uint32_t layer, const char *rel)
{
	struct timespec mtime, ctime;
	const char *last;
	size_t len, tlen = strlen(target);
	aoff_t dir, de, ino, l, data;
	int r;

	if (layer >= fsh->nlowers || !tlen || tlen >= FS_PATH_MAX)
		return -EINVAL;
	r = place_parent(path, &dir, &last, &len);
	if (r < 0)
		return r;
	de = dentry_find(dir, last, len);
	if (de) {
		ino = DENT(de)->child;
		if (!S_ISDIR(INO(ino)->mode) || INO(ino)->lower)
			return 0;
		l = record(layer, rel, strlen(rel), "", 0);
		if (!l)
			return -ENOSPC;
		INO_W(ino)->lower = l;
		return 0;
	}
	ino = inode_new(S_IFLNK | 0777);
	data = ino ? arena_alloc(tlen + 1) : 0;
	if (!data) {
		if (ino) {
			INO_W(ino)->nlink = 0;
			inode_put(ino);
		}
		return -ENOSPC;
	}
	memcpy(APTR_NEW(char, data), target, tlen + 1);
	INO_W(ino)->data = data;
	INO_W(ino)->size = tlen;
	INO_W(ino)->uid = INO_W(ino)->gid = 0;
	/* The layer's own (the export leaves it out). */
	INO_W(ino)->lower = record(layer, rel, strlen(rel), "", 0);
	mtime = INO(dir)->mtime;
	ctime = INO(dir)->ctime;
	r = dentry_add(dir, last, len, ino);
	if (r < 0) {
		INO_W(ino)->nlink = 0;
		inode_put(ino);
		return r;
	}
	INO_W(dir)->mtime = mtime;
	INO_W(dir)->ctime = ctime;
	return 0;
}

int fs_lower_link(const char *path, const char *target, uint32_t layer,
		  const char *rel)
{
	int r = core_lock_bulk();

	if (r < 0)
		return r;
	r = link_locked(path, target, layer, rel);
	core_unlock();
	return r;
}

size_t fs_lower_fds(int *fds, size_t max)
{
	size_t i;

	for (i = 0; i < fsh->nlowers && i < max; i++)
		fds[i] = fsh->lower_fd[i];
	return fsh->nlowers;
}
