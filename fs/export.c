/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Export: the tree written as a cpio "newc" archive (070701) when the
 * program ends, so that `bsdtar -xf` unpacks it and TAMAGO_FS loads it.
 *
 * Names are relative: "." for the root, "./a/b" below it (as bsdtar
 * writes them; a bare "TRAILER!!!" would end the archive). Device nodes are
 * not written (an image may not hold them). A hard-link group is written
 * as newc wants it: its names one after the other, all but the last with
 * size 0, the last with the content, each with the group's size as
 * nlink and the same ino.
 *
 * Changes: fs_export_baseline() records, after the images are loaded,
 * every path with its type, mode, owner, mtime and content (a reference
 * into the mapped image, or an XXH3 hash). fs_export(changes) then writes
 * only the paths that are new or differ (contents compared by XXH3), all
 * names of a hard-link group when one of them is written, and for each
 * removed path a whiteout: an empty regular file ".wh.NAME" in its
 * directory (the OCI layer convention, which the loader honours), left
 * out when the directory itself was removed or replaced.
 *
 * Runs at exit, maybe inside a signal handler: arena memory, static
 * buffers, and only write, pread, fstat, lseek, ftruncate and poll.
 */
#include <errno.h>
#include <poll.h>
#include <string.h>

#define XXH_INLINE_ALL
#include <xxhash.h>

#include "fs/image.h"
#include "fs/internal.h"
#include "core/lock.h"
#include "core/sys.h"

#define NEWC_MAX 0xffffffffULL

/* The output: one buffer, flushed when full; the first error sticks. */
static struct {
	int fd;
	int err;
	const char *why;
	size_t n;
	unsigned char buf[1 << 16];
} out;

static void flush(void)
{
	size_t done = 0;

	while (!out.err && done < out.n) {
		long r = sys_write(out.fd, out.buf + done, out.n - done);

		if (r == -EINTR)
			continue;
		if (r == -EAGAIN) {
			struct pollfd p = { .fd = out.fd, .events = POLLOUT };

			sys6(SYS_ppoll, &p, 1, 0, 0, 0, 0);
			continue;
		}
		if (r <= 0) {
			out.err = r < 0 ? (int)-r : EIO;
			out.why = "write";
			break;
		}
		done += (size_t)r;
	}
	out.n = 0;
}

static void put(const void *p, size_t len)
{
	const unsigned char *s = p;

	while (len && !out.err) {
		size_t room = sizeof(out.buf) - out.n;
		size_t k = len < room ? len : room;

		memcpy(out.buf + out.n, s, k);
		out.n += k;
		s += k;
		len -= k;
		if (out.n == sizeof(out.buf))
			flush();
	}
}

static void pad4(size_t len)
{
	static const unsigned char zeros[4];

	put(zeros, (4 - (len & 3)) & 3);
}

static void fail(int err, const char *why)
{
	if (!out.err) {
		out.err = err;
		out.why = why;
	}
}

struct hdr {
	uint32_t ino, mode, uid, gid, nlink, mtime, size;
};

static void header(const struct hdr *h, const char *name, size_t nlen)
{
	static const char hex[] = "0123456789abcdef";
	uint32_t f[13] = { h->ino, h->mode, h->uid, h->gid, h->nlink,
			   h->mtime, h->size, 0, 0, 0, 0,
			   (uint32_t)nlen + 1, 0 };
	char b[110];
	int i, j;

	memcpy(b, "070701", 6);
	for (i = 0; i < 13; i++)
		for (j = 0; j < 8; j++)
			b[6 + 8 * i + j] = hex[(f[i] >> (28 - 4 * j)) & 15];
	put(b, sizeof(b));
	put(name, nlen);
	put("", 1);
	pad4(sizeof(b) + nlen + 1);
}

static uint32_t clamp_time(int64_t sec)
{
	if (sec < 0)
		return 0;
	return sec > (int64_t)NEWC_MAX ? (uint32_t)NEWC_MAX : (uint32_t)sec;
}

/* What an inode looks like now: size and mtime of a regular file come
 * from its object once it has one (it is written natively there, and
 * utimensat sets its times there). */
static void inode_now(aoff_t ino, uint64_t *size, struct timespec *mtime)
{
	const struct fs_inode *in = INO(ino);
	arch_kstat st;

	*size = S_ISDIR(in->mode) ? 0 : in->size;
	*mtime = in->mtime;
	if (S_ISREG(in->mode) && in->named && store_stat(ino, &st) == 0) {
		inode_sync_times(ino, &st);
		*size = (uint64_t)st.st_size;
		*mtime = st.st_mtim;
	}
}

/* A regular file's content, from its object or its image, size bytes
 * exactly (zeros if it shrank meanwhile); fn gets it in pieces. */
static int content(aoff_t ino, uint64_t size,
		   void (*fn)(const void *, size_t, void *), void *ctx)
{
	static unsigned char chunk[1 << 16];
	const unsigned char *img = image_content(ino);
	int fd = INO(ino)->named ? store_fd(ino) : -1;
	uint64_t done = 0;

	if (img) {
		fn(img, (size_t)size, ctx);
		return 0;
	}
	while (done < size) {
		size_t want = size - done < sizeof(chunk) ?
				      (size_t)(size - done) : sizeof(chunk);
		long r = fd >= 0 ? sys_pread(fd, chunk, want, (off_t)done) :
				   0;

		if (r == -EINTR)
			continue;
		if (r < 0)
			return (int)r;
		if (r == 0) {
			memset(chunk, 0, want);
			r = (long)want;
		}
		fn(chunk, (size_t)r, ctx);
		done += (uint64_t)r;
	}
	return 0;
}

static void put_piece(const void *p, size_t len, void *ctx)
{
	(void)ctx;
	put(p, len);
}

static void hash_piece(const void *p, size_t len, void *ctx)
{
	XXH3_64bits_update(ctx, p, len);
}

static XXH3_state_t hstate;

static int content_hash(aoff_t ino, uint64_t size, uint64_t *h)
{
	int r;

	XXH3_64bits_reset(&hstate);
	r = content(ino, size, hash_piece, &hstate);
	*h = XXH3_64bits_digest(&hstate);
	return r;
}

/* Writes one entry; data only when with_data (a hard link's last name). */
static void emit(aoff_t ino, const char *path, size_t plen, uint32_t nlink,
		 bool with_data)
{
	const struct fs_inode *in = INO(ino);
	struct timespec mtime;
	uint64_t size;
	struct hdr h;
	int r;

	inode_now(ino, &size, &mtime);
	if (!with_data)
		size = 0;
	if (size > NEWC_MAX) {
		fail(EFBIG, "a file larger than newc's 4 GiB");
		return;
	}
	h.ino = (uint32_t)in->serial;
	h.mode = in->mode;
	h.uid = in->uid;
	h.gid = in->gid;
	h.nlink = S_ISDIR(in->mode) ? in->nlink : nlink;
	h.mtime = clamp_time(mtime.tv_sec);
	h.size = (uint32_t)size;
	header(&h, path, plen);
	if (S_ISLNK(in->mode)) {
		put(APTR(char, in->data), (size_t)size);
	} else if (S_ISREG(in->mode) && size) {
		r = content(ino, size, put_piece, NULL);
		if (r < 0)
			fail(-r, "reading a file's content");
	}
	pad4((size_t)size);
}

/* The path of an entry ("./a/b"), built from the tree upward into buf. */
static size_t path_of(aoff_t d, char *buf, size_t size)
{
	char tmp[FS_PATH_MAX];
	size_t at = sizeof(tmp);

	while (d) {
		const struct fs_dentry *de = DENT(d);

		if (at < (size_t)de->namelen + 3)
			return 0;
		at -= de->namelen;
		memcpy(tmp + at, de->name, de->namelen);
		tmp[--at] = '/';
		if (de->parent == fs_root)
			break;
		d = INO(de->parent)->dentry;
	}
	tmp[--at] = '.';
	if (sizeof(tmp) - at >= size)
		return 0;
	memcpy(buf, tmp + at, sizeof(tmp) - at);
	buf[sizeof(tmp) - at] = '\0';
	return sizeof(tmp) - at;
}

/*
 * Calls fn for every entry of the tree, the root first (dentry 0, path
 * "."), parents before children, without recursion.
 */
typedef int (*visit_fn)(aoff_t d, aoff_t ino, const char *path, size_t plen);

static int walk_tree(visit_fn fn)
{
	static char path[FS_PATH_MAX + 1] = ".";
	aoff_t dir = fs_root, d = INO(fs_root)->first;
	size_t plen = 1;
	int r = fn(0, fs_root, ".", 1);

	while (r == 0) {
		const struct fs_dentry *de;
		size_t nlen;

		if (!d) {
			aoff_t up = INO(dir)->dentry;

			if (dir == fs_root || !up)
				break;
			plen -= DENT(up)->namelen + 1u;
			dir = DENT(up)->parent;
			d = DENT(up)->next;
			continue;
		}
		de = DENT(d);
		/*
		 * /proc is the running program's, not the file system's; the
		 * host's files placed for the loader, its means.
		 */
		if (proc_is_root(de->child) || host_only(de->child)) {
			d = de->next;
			continue;
		}
		nlen = plen + 1 + de->namelen;
		if (nlen >= FS_PATH_MAX) {
			fail(ENAMETOOLONG, "a path longer than 4095 bytes");
			return -ENAMETOOLONG;
		}
		path[plen] = '/';
		memcpy(path + plen + 1, de->name, de->namelen);
		path[nlen] = '\0';
		r = fn(d, de->child, path, nlen);
		if (r == 0 && S_ISDIR(INO(de->child)->mode) &&
		    INO(de->child)->first) {
			dir = de->child;
			plen = nlen;
			d = INO(dir)->first;
			continue;
		}
		d = de->next;
	}
	return r;
}

/* The baseline for changes: one record per path, hashed by XXH3. */
struct base {
	uint64_t phash;		/* XXH3 of the path; 0 for a free slot */
	uint64_t chash;		/* content: XXH3, unless img is set */
	uint64_t ioff;		/* content in image img - 1 at ioff */
	uint32_t img;
	uint64_t size;
	struct timespec mtime;
	uint32_t mode, uid, gid;
	aoff_t path;		/* NUL-terminated, in the arena */
	uint16_t plen;
	uint8_t seen, replaced;
	uint8_t host;		/* a placed host file (host.c): its content
				 * is the host's until copied up, never
				 * hashed */
};

/*
 * The baseline table, in the arena (root ROOT_EXPORT), so that whichever
 * process writes the export finds what the images held. It and the
 * export's own scratch are written only by the baseline and the export,
 * which no undo covers (core_lock_bulk): through BASE_W, unjournaled.
 */
struct export_shared {
	aoff_t btab;
	uint32_t bmask, bcount;
};
#define XSH() ((struct export_shared *)(arena_base +                         \
					 arena_root(ROOT_EXPORT)))
#define btab (XSH()->btab)
#define bmask (XSH()->bmask)
#define bcount (XSH()->bcount)
#define BASE_W(off) APTR_NEW(struct base, (off))

static uint64_t path_hash(const char *p, size_t len)
{
	uint64_t h = XXH3_64bits(p, len);

	return h ? h : 1;
}

static struct base *base_find(const char *p, size_t len)
{
	uint64_t h = path_hash(p, len);
	struct base *t;
	uint32_t i = (uint32_t)h & bmask;

	if (!arena_root(ROOT_EXPORT) || !btab)
		return NULL;
	t = BASE_W(btab);
	for (; t[i].phash; i = (i + 1) & bmask)
		if (t[i].phash == h && t[i].plen == len &&
		    !memcmp(APTR(char, t[i].path), p, len))
			return &t[i];
	return NULL;
}

static int base_grow(void)
{
	uint32_t nsize = bmask ? (bmask + 1) * 2 : 1024, i;
	aoff_t nt = arena_alloc(nsize * sizeof(struct base));
	const struct base *o = APTR(struct base, btab);
	struct base *n;

	if (!nt)
		return -ENOSPC;
	n = BASE_W(nt);
	for (i = 0; btab && i <= bmask; i++) {
		uint32_t j = (uint32_t)o[i].phash & (nsize - 1);

		if (!o[i].phash)
			continue;
		while (n[j].phash)
			j = (j + 1) & (nsize - 1);
		n[j] = o[i];
	}
	if (btab)
		arena_free(btab, (bmask + 1) * sizeof(struct base));
	btab = nt;
	bmask = nsize - 1;
	return 0;
}

static int record(aoff_t d, aoff_t ino, const char *path, size_t plen)
{
	const struct fs_inode *in = INO(ino);
	struct timespec mtime;
	struct base *b;
	uint64_t h = path_hash(path, plen);
	uint32_t i;
	int r = 0;

	(void)d;
	/* Devices, and sockets as tar skips them. */
	if (S_ISCHR(in->mode) || S_ISSOCK(in->mode))
		return 0;
	if (bcount * 2 >= bmask && (r = base_grow()) < 0)
		return r;
	for (i = (uint32_t)h & bmask; APTR(struct base, btab)[i].phash;)
		i = (i + 1) & bmask;
	b = &BASE_W(btab)[i];
	memset(b, 0, sizeof(*b));
	b->path = arena_alloc(plen + 1);
	if (!b->path)
		return -ENOSPC;
	memcpy(APTR_NEW(char, b->path), path, plen + 1);
	b->plen = (uint16_t)plen;
	b->phash = h;
	inode_now(ino, &b->size, &mtime);
	b->mtime = mtime;
	b->mode = in->mode;
	b->uid = in->uid;
	b->gid = in->gid;
	if (S_ISLNK(in->mode))
		b->chash = XXH3_64bits(APTR(char, in->data), in->size);
	else if (is_host(ino))
		b->host = 1;
	else if (S_ISREG(in->mode) && (image_where(ino, &b->img, &b->ioff),
					!b->img))
		r = content_hash(ino, b->size, &b->chash);
	bcount++;
	return r;
}

int fs_export_baseline(void)
{
	uint32_t i;
	int r = core_lock_bulk();

	if (r < 0)
		return r;
	if (!arena_root(ROOT_EXPORT)) {
		aoff_t x = arena_alloc(sizeof(struct export_shared));

		if (!x) {
			core_unlock();
			return -ENOSPC;
		}
		arena_set_root(ROOT_EXPORT, x);
	}
	/* A new baseline replaces the old one. */
	for (i = 0; btab && i <= bmask; i++)
		if (APTR(struct base, btab)[i].phash)
			arena_free(APTR(struct base, btab)[i].path,
				   APTR(struct base, btab)[i].plen + 1u);
	if (btab)
		arena_free(btab, (bmask + 1) * sizeof(struct base));
	btab = 0;
	bmask = bcount = 0;
	r = base_grow();
	if (r == 0)
		r = walk_tree(record);
	core_unlock();
	return r;
}

/* Is this path new or different from the baseline? Marks it seen. */
static bool changed(aoff_t ino, const char *path, size_t plen)
{
	const struct fs_inode *in = INO(ino);
	struct base *b = base_find(path, plen);
	struct timespec mtime;
	uint64_t size, h, ioff;
	uint32_t img;

	if (!b)
		return true;
	b->seen = 1;
	if ((b->mode & S_IFMT) != (in->mode & S_IFMT)) {
		b->replaced = 1;
		return true;
	}
	inode_now(ino, &size, &mtime);
	if (b->mode != in->mode || b->uid != in->uid || b->gid != in->gid ||
	    b->mtime.tv_sec != mtime.tv_sec ||
	    b->mtime.tv_nsec != mtime.tv_nsec || b->size != size)
		return true;
	if (S_ISLNK(in->mode))
		return XXH3_64bits(APTR(char, in->data), in->size) != b->chash;
	if (!S_ISREG(in->mode))
		return false;
	/* Placed from the host and still not copied up: the host's file,
	 * which nothing in the sandbox can write. Copied up (opened for
	 * writing), it counts as changed: its first content was never
	 * hashed (the program, its libraries and the presets, megabytes
	 * at every start and end). */
	if (b->host)
		return !is_host(ino);
	image_where(ino, &img, &ioff);
	if (b->img && img == b->img && ioff == b->ioff)
		return false;	/* never opened since it was loaded */
	if (content_hash(ino, size, &h) < 0)
		return true;
	if (b->img) {
		const unsigned char *p = image_map(b->img - 1);

		return !p || h != XXH3_64bits(p + b->ioff, (size_t)b->size);
	}
	return h != b->chash;
}

/* Names of hard-link groups, written after the walk, group by group. */
struct member {
	aoff_t ino, d;
	uint32_t keep;
};

static struct {
	aoff_t tab;
	uint32_t n, cap;
} grp;

static bool export_changes;

static int add_member(aoff_t ino, aoff_t d, bool keep)
{
	struct member *m;

	if (grp.n == grp.cap) {
		uint32_t ncap = grp.cap ? grp.cap * 2 : 64;
		aoff_t nt = arena_alloc(ncap * sizeof(*m));

		if (!nt)
			return -ENOSPC;
		if (grp.tab) {
			memcpy(APTR_NEW(struct member, nt),
			       APTR(struct member, grp.tab),
			       grp.n * sizeof(*m));
			arena_free(grp.tab, grp.cap * sizeof(*m));
		}
		grp.tab = nt;
		grp.cap = ncap;
	}
	m = &APTR_NEW(struct member, grp.tab)[grp.n++];
	m->ino = ino;
	m->d = d;
	m->keep = keep;
	return 0;
}

static int visit(aoff_t d, aoff_t ino, const char *path, size_t plen)
{
	const struct fs_inode *in = INO(ino);
	bool keep = true;

	/* Devices, and sockets as tar skips them. */
	if (S_ISCHR(in->mode) || S_ISSOCK(in->mode))
		return 0;
	if (export_changes)
		keep = changed(ino, path, plen);
	/*
	 * No "." entry: unpacked (bsdtar -xpf, cpio -i), it would give the
	 * directory it is unpacked into the sandbox root's mode and times.
	 */
	if (plen == 1)
		return 0;
	if (S_ISREG(in->mode) && in->nlink > 1)
		return add_member(ino, d, keep);
	if (keep)
		emit(ino, path, plen, 1, true);
	return out.err ? -out.err : 0;
}

/* Heap sort by inode (no malloc: this may run in a signal handler). */
static bool member_less(const struct member *a, const struct member *b)
{
	return a->ino < b->ino || (a->ino == b->ino && a->d < b->d);
}

static void sift(struct member *m, uint32_t i, uint32_t n)
{
	for (;;) {
		uint32_t c = 2 * i + 1;
		struct member t;

		if (c >= n)
			return;
		if (c + 1 < n && member_less(&m[c], &m[c + 1]))
			c++;
		if (!member_less(&m[i], &m[c]))
			return;
		t = m[i];
		m[i] = m[c];
		m[c] = t;
		i = c;
	}
}

static void emit_groups(void)
{
	static char path[FS_PATH_MAX + 1];
	struct member *m = APTR_NEW(struct member, grp.tab);
	uint32_t i, j, k, n = grp.n;

	for (i = n / 2; i-- > 0;)
		sift(m, i, n);
	for (i = n; i-- > 1;) {
		struct member t = m[0];

		m[0] = m[i];
		m[i] = t;
		sift(m, 0, i);
	}
	for (i = 0; i < n && !out.err; i = j) {
		bool any = false;

		for (j = i; j < n && m[j].ino == m[i].ino; j++)
			any |= m[j].keep;
		if (!any)
			continue;
		for (k = i; k < j && !out.err; k++) {
			size_t plen = path_of(m[k].d, path, sizeof(path));

			if (!plen) {
				fail(ENAMETOOLONG,
				     "a path longer than 4095 bytes");
				break;
			}
			emit(m[k].ino, path, plen, j - i, k == j - 1);
		}
	}
}

/* Whiteouts for baseline paths that are gone, unless a parent went too. */
static void emit_whiteouts(void)
{
	static char wh[FS_PATH_MAX + 8];
	const struct base *t;
	uint32_t i;

	if (!arena_root(ROOT_EXPORT))
		return;
	t = APTR(struct base, btab);
	for (i = 0; btab && i <= bmask && !out.err; i++) {
		const char *p;
		size_t plen, dlen, nlen;
		struct base *parent;
		struct hdr h = { 0, S_IFREG | 0644, 0, 0, 1, 0, 0 };

		if (!t[i].phash || t[i].seen)
			continue;
		p = APTR(char, t[i].path);
		plen = t[i].plen;
		if (plen < 3)
			continue;	/* the root */
		/* "./d/x": the directory "./d" (or "."), the name "x". */
		dlen = (size_t)((const char *)memrchr(p, '/', plen) - p);
		parent = base_find(p, dlen);
		if (parent && (!parent->seen || parent->replaced))
			continue;
		if (plen + 4 >= FS_PATH_MAX) {
			fail(ENAMETOOLONG, "a path longer than 4095 bytes");
			break;
		}
		nlen = plen - dlen - 1;
		memcpy(wh, p, dlen);
		memcpy(wh + dlen, "/.wh.", 5);
		memcpy(wh + dlen + 5, p + dlen + 1, nlen);
		plen = dlen + 5 + nlen;
		header(&h, wh, plen);
	}
}

/* What fs_changes_count counts: a path new or changed, not a directory
 * that only holds something new. */
static uint32_t nchanged;

static int count_visit(aoff_t d, aoff_t ino, const char *path, size_t plen)
{
	const struct fs_inode *in = INO(ino);
	bool fresh = !base_find(path, plen);

	(void)d;
	if (S_ISCHR(in->mode) || S_ISSOCK(in->mode))
		return 0;
	if (changed(ino, path, plen) && (fresh || !S_ISDIR(in->mode)))
		nchanged++;
	return 0;
}

int fs_changes_count(uint32_t *n)
{
	const struct base *t;
	uint32_t i;
	int r;

	*n = 0;
	if (!arena_root(ROOT_EXPORT) || !btab)
		return -ENOENT;
	r = core_lock_bulk();
	if (r < 0)
		return r;
	nchanged = 0;
	walk_tree(count_visit);
	/* The removed paths, as the whiteouts would name them. */
	t = APTR(struct base, btab);
	for (i = 0; i <= bmask; i++) {
		const char *p;
		size_t dlen;
		struct base *parent;

		if (!t[i].phash || t[i].seen || t[i].plen < 3)
			continue;
		p = APTR(char, t[i].path);
		dlen = (size_t)((const char *)memrchr(p, '/', t[i].plen) - p);
		parent = base_find(p, dlen);
		if (parent && (!parent->seen || parent->replaced))
			continue;
		nchanged++;
	}
	*n = nchanged;
	core_unlock();
	return 0;
}

static void trailer(void)
{
	struct hdr h = { 0, 0, 0, 0, 1, 0, 0 };

	header(&h, "TRAILER!!!", 10);
}

int fs_export(int fd, bool changes, const char **why)
{
	long start = sys_lseek(fd, 0, SEEK_CUR);
	int r;

	*why = NULL;
	r = core_lock_bulk();
	if (r < 0) {
		*why = "the file system is busy (a signal inside the shim)";
		return r;
	}
	memset(&out, 0, offsetof(typeof(out), buf));
	out.fd = fd;
	export_changes = changes && arena_root(ROOT_EXPORT) && btab;
	grp.n = 0;
	walk_tree(visit);
	if (!out.err)
		emit_groups();
	if (export_changes && !out.err)
		emit_whiteouts();
	if (!out.err)
		trailer();
	if (!out.err)
		flush();
	if (out.err && start >= 0)
		sys_ftruncate(fd, start);	/* complete or absent */
	core_unlock();
	*why = out.why;
	return out.err ? -out.err : 0;
}
