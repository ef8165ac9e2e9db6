/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The image loader: cpio "newc" (what `bsdtar --format newc` and
 * `cpio -H newc` write, the kernel's initramfs format) into the tree.
 *
 * Three passes over the buffer: the first checks every header, name and
 * size and touches nothing; the second lays the entries over the tree;
 * the third sets directories' mtimes (adding an entry stamps its parent).
 * A regular file's content stays a reference into the image (its fd in
 * the band, which every process inherits and maps when it first needs
 * it) until the file is first opened: store_make() then copies it into
 * the file's object (image_materialize).
 *
 * Layering: an entry replaces what an earlier image put at its path (a
 * directory over a directory only updates its owner, mode and mtime); a
 * regular file named ".wh.NAME" is a whiteout that removes NAME, as in
 * OCI image layers, so that a TAMAGO_EXPORT_CHANGES archive can be laid
 * over the images it was taken from.
 */
#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <sys/mman.h>

#include "fs/image.h"
#include "fs/internal.h"
#include "core/band.h"
#include "core/lock.h"
#include "core/sys.h"

#define HDR_LEN 110
#define NAME_LIMIT 4096
#define WHITEOUT ".wh."
#define WHITEOUT_LEN 4

enum {
	F_INO, F_MODE, F_UID, F_GID, F_NLINK, F_MTIME, F_SIZE,
	F_DEVMAJ, F_DEVMIN, F_RDEVMAJ, F_RDEVMIN, F_NAMESIZE, F_CHECK,
	NFIELDS
};

struct entry {
	size_t off;		/* of the header */
	uint32_t f[NFIELDS];
	const char *name;	/* NUL-terminated, inside the buffer */
	const unsigned char *data;
	size_t next;		/* offset of the next header */
};

/* A reference from a regular file's inode (its data field) to its
 * content in an image: size is in the inode. */
struct image_ref {
	uint32_t img;		/* index in fs_shared.images */
	uint32_t unused;
	uint64_t off;
};

/* This process's mappings of the images, made on first use. */
static const unsigned char *maps[MAX_IMAGES];
/* The image being loaded (its index), and its mapping. */
static uint32_t cur_img;
static const unsigned char *cur_base;

static int refuse(struct fs_image_error *err, size_t off, const char *why)
{
	err->offset = off;
	err->reason = why;
	return -EINVAL;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static size_t align4(size_t n)
{
	return (n + 3) & ~(size_t)3;
}

/* The file types an image may hold, and why the others are refused. */
static const char *type_refusal(uint32_t mode)
{
	static const struct {
		uint32_t type;
		const char *why;
	} types[] = {
		{ S_IFDIR, NULL },
		{ S_IFREG, NULL },
		{ S_IFLNK, NULL },
		{ S_IFCHR, "character device not allowed" },
		{ S_IFBLK, "block device not allowed" },
		{ S_IFIFO, "FIFO not allowed" },
		{ S_IFSOCK, "socket not allowed" },
	};
	size_t i;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if ((mode & S_IFMT) == types[i].type)
			return types[i].why;
	return "bad file type";
}

/*
 * Checks the names of a path; ".", empty names and leading slashes are
 * dropped later (the kernel reads initramfs names the same way). ".." is
 * refused: an image names paths, not walks.
 */
static const char *path_refusal(const char *name)
{
	const char *p = name;
	bool first = true;

	while (*p) {
		size_t len;

		while (*p == '/')
			p++;
		if (!*p)
			break;
		len = strcspn(p, "/");
		if (len == 2 && p[0] == '.' && p[1] == '.')
			return "path climbs out with '..'";
		/* /proc is the running program's (fs/proc.c), not a file
		 * system an image can add to, replace or remove. */
		if (first && !(len == 1 && p[0] == '.')) {
			if ((len == 4 && !memcmp(p, "proc", 4)) ||
			    (len == 8 && !memcmp(p, ".wh.proc", 8)))
				return "path under /proc (the program's own)";
			first = false;
		}
		if (len > FS_NAME_MAX)
			return "path component longer than 255 bytes";
		p += len;
	}
	return NULL;
}

/*
 * Parses the header at off. Returns 1 for an entry, 0 for the trailer
 * (after checking that only NUL padding follows it), -EINVAL otherwise.
 */
static int parse(const unsigned char *buf, size_t len, size_t off,
		 struct entry *e, struct fs_image_error *err)
{
	const unsigned char *h = buf + off;
	size_t name_off = off + HDR_LEN, data_off, i, j;
	uint32_t namesize, size, sum;
	bool crc;
	const char *why;

	if (off == len)
		return refuse(err, off, "truncated archive: no TRAILER!!!");
	if (len - off < HDR_LEN)
		return refuse(err, off, "truncated header");
	if (memcmp(h, "070701", 6) == 0)
		crc = false;
	else if (memcmp(h, "070702", 6) == 0)
		crc = true;
	else
		return refuse(err, off, "bad magic (not cpio newc)");
	for (i = 0; i < NFIELDS; i++) {
		uint32_t v = 0;

		for (j = 0; j < 8; j++) {
			int d = hexval(h[6 + 8 * i + j]);

			if (d < 0)
				return refuse(err, off + 6 + 8 * i + j,
					      "bad hex digit in header");
			v = v << 4 | (uint32_t)d;
		}
		e->f[i] = v;
	}
	e->off = off;
	namesize = e->f[F_NAMESIZE];
	size = e->f[F_SIZE];
	if (namesize == 0 || namesize > NAME_LIMIT)
		return refuse(err, off + 6 + 8 * F_NAMESIZE,
			      "absurd name size (0 or over 4096)");
	if (len - name_off < namesize)
		return refuse(err, name_off, "name past end of archive");
	e->name = (const char *)buf + name_off;
	if (e->name[namesize - 1] != '\0')
		return refuse(err, name_off, "name without NUL");
	if (strlen(e->name) != namesize - 1)
		return refuse(err, name_off, "NUL inside name");
	data_off = align4(name_off + namesize);
	if (data_off > len || len - data_off < size)
		return refuse(err, data_off > len ? len : data_off,
			      "file size past end of archive");
	e->data = buf + data_off;
	e->next = align4(data_off + size);
	if (e->next > len)
		e->next = len;
	if (crc) {
		for (sum = 0, i = 0; i < size; i++)
			sum += e->data[i];
		if (sum != e->f[F_CHECK])
			return refuse(err, off + 6 + 8 * F_CHECK,
				      "checksum mismatch");
	}
	if (strcmp(e->name, "TRAILER!!!") == 0) {
		for (i = e->next; i < len; i++)
			if (buf[i])
				return refuse(err, i, "data after trailer");
		return 0;
	}
	if (e->f[F_MODE] & ~(uint32_t)(S_IFMT | 07777))
		return refuse(err, off + 6 + 8 * F_MODE, "bad mode bits");
	why = type_refusal(e->f[F_MODE]);
	if (why)
		return refuse(err, off + 6 + 8 * F_MODE, why);
	why = path_refusal(e->name);
	if (why)
		return refuse(err, name_off, why);
	if (S_ISDIR(e->f[F_MODE]) && size)
		return refuse(err, data_off, "directory with data");
	if (S_ISLNK(e->f[F_MODE])) {
		if (size == 0 || size >= FS_PATH_MAX)
			return refuse(err, off + 6 + 8 * F_SIZE,
				      "absurd symlink target size");
		if (memchr(e->data, '\0', size))
			return refuse(err, data_off, "NUL in symlink target");
	}
	return 1;
}

/* Hard-link groups of one image: (dev, ino) -> inode, open addressing. */
struct link {
	uint64_t key;
	aoff_t ino;
	uint32_t used;
};

struct links {
	aoff_t tab;
	uint32_t mask;
};

static struct links *cur_links;

static uint64_t link_key(const struct entry *e)
{
	return (uint64_t)e->f[F_INO] |
	       (uint64_t)(e->f[F_DEVMAJ] << 16 ^ e->f[F_DEVMIN]) << 32;
}

static struct link *link_slot(struct links *l, uint64_t key)
{
	uint32_t i = (uint32_t)((key * 0x9e3779b97f4a7c15ULL) >> 32) & l->mask;
	/* The load's own scratch, which no undo needs. */
	struct link *t = APTR_NEW(struct link, l->tab);

	while (t[i].used && t[i].key != key)
		i = (i + 1) & l->mask;
	return &t[i];
}

/* An inode is going away during the load: no later entry may link to it. */
static void links_forget(aoff_t ino)
{
	struct link *t;
	uint32_t i;

	if (!cur_links || !cur_links->tab)
		return;
	t = APTR_NEW(struct link, cur_links->tab);
	for (i = 0; i <= cur_links->mask; i++)
		if (t[i].used && t[i].ino == ino)
			t[i].ino = 0;
}

/* The pages a file's content holds in the sized tmpfs (fd_reserve). */
static int64_t content_pages(uint64_t size)
{
	return (int64_t)sys_pages(size);
}

/* Forgets ino's image content; release: give back the room it held. */
static void ref_forget(aoff_t ino, bool release)
{
	struct fs_inode *in;

	if (S_ISREG(INO(ino)->mode) && INO(ino)->data) {
		in = INO_W(ino);
		if (release)
			fd_reserve(-content_pages(in->size));
		arena_free(in->data, sizeof(struct image_ref));
		in->data = 0;
		in->size = 0;
	}
}

void image_ref_drop(aoff_t ino)
{
	ref_forget(ino, true);
}

/* Removes the entry d and, for a directory, everything under it. */
static void remove_entry(aoff_t d)
{
	aoff_t ino = DENT(d)->child;
	const struct fs_inode *in = INO(ino);

	if (S_ISDIR(in->mode))
		while (in->first)
			remove_entry(in->first);
	dentry_del(d);
	if (S_ISDIR(in->mode)) {
		/* As rmdir does (tree.c keeps a removed directory's "..")
		 * and the working directory's reference. */
		if (fs_cwd == ino)
			set_cwd(fs_root);
		dir_removed(ino);
		return;
	}
	INO_W(ino)->nlink--;
	if (!in->nlink) {
		links_forget(ino);
		if (S_ISCHR(in->mode))
			return;	/* a device stays registered with fd.c */
	}
	inode_put(ino);
}

static void set_meta(aoff_t ino, const struct entry *e)
{
	struct fs_inode *in = INO_W(ino);

	in->mode = (in->mode & S_IFMT) | (e->f[F_MODE] & 07777);
	in->uid = e->f[F_UID];
	in->gid = e->f[F_GID];
	in->mtime.tv_sec = e->f[F_MTIME];
	in->mtime.tv_nsec = 0;
	in->atime = in->mtime;
}

/* Why a file's content found no room. */
static const char *no_room(void)
{
	return fsh->size_pages ? "file contents exceed the size limit (--fs-size, TAMAGO_FS_SIZE)" :
				 "out of memory for content";
}

/* A regular file's content from the image: a reference, or a copy. */
static void keep_times(aoff_t ino);

static int set_content(aoff_t ino, const struct entry *e, unsigned int flags)
{
	uint32_t size = e->f[F_SIZE];
	struct image_ref *ref;
	aoff_t roff;
	size_t done = 0;
	long r;

	if (INO(ino)->named) {
		/* A hard link's content given again on a later entry. */
		r = sys_ftruncate(store_fd(ino), 0);
		goto copy;
	}
	image_ref_drop(ino);
	if (!size)
		return 0;
	if (!(flags & FS_IMAGE_COPY)) {
		roff = arena_alloc(sizeof(struct image_ref));
		if (!roff)
			return -ENOSPC;
		r = fd_reserve(content_pages(size));
		if (r < 0) {
			arena_free(roff, sizeof(struct image_ref));
			return (int)r;
		}
		ref = APTR_NEW(struct image_ref, roff);
		ref->img = cur_img;
		ref->off = (uint64_t)(e->data - cur_base);
		INO_W(ino)->data = roff;
		INO_W(ino)->size = size;
		return 0;
	}
	r = store_make(ino);
copy:
	while (r >= 0 && done < size) {
		r = sys_pwrite(store_fd(ino), e->data + done, size - done,
			       (off_t)done);
		if (r == 0)
			r = -ENOSPC;
		if (r > 0)
			done += (size_t)r;
	}
	if (r < 0)
		return (int)r;
	keep_times(ino);
	return 0;
}

/*
 * Copying a file's content into its object is no write: the object takes
 * the inode's atime and mtime (it keeps them from then on, as for every
 * regular file, and stat reads them there).
 */
static void keep_times(aoff_t ino)
{
	const struct fs_inode *in = INO(ino);
	struct timespec t[2] = { in->atime, in->mtime };

	sys6(SYS_utimensat, store_fd(ino), 0, t, 0, 0, 0);
}

/* This process's mapping of image i, made now if need be. */
const unsigned char *image_map(uint32_t i)
{
	void *p;

	if (i >= fsh->nimages)
		return NULL;
	if (!maps[i]) {
		p = sys_mmap(NULL, (size_t)fsh->images[i].len, PROT_READ,
			     MAP_PRIVATE, fsh->images[i].fd);
		if (sys_mmap_failed(p))
			return NULL;
		maps[i] = p;
	}
	return maps[i];
}

const void *image_content(aoff_t ino)
{
	const struct fs_inode *in = INO(ino);
	const struct image_ref *ref;
	const unsigned char *base;

	if (!S_ISREG(in->mode) || !in->data || in->named)
		return NULL;
	ref = APTR(struct image_ref, in->data);
	base = image_map(ref->img);
	return base ? base + ref->off : NULL;
}

void image_where(aoff_t ino, uint32_t *img, uint64_t *off)
{
	const struct fs_inode *in = INO(ino);

	*img = 0;
	*off = 0;
	if (S_ISREG(in->mode) && in->data && !in->named) {
		*img = APTR(struct image_ref, in->data)->img + 1;
		*off = APTR(struct image_ref, in->data)->off;
	}
}

int image_materialize(aoff_t ino)
{
	const struct fs_inode *in = INO(ino);
	const unsigned char *p;
	size_t done = 0, size;
	long r = 0;
	int fd;

	if (!S_ISREG(in->mode) || !in->data || !in->named)
		return 0;
	p = image_map(APTR(struct image_ref, in->data)->img);
	if (!p)
		return -EIO;
	p += APTR(struct image_ref, in->data)->off;
	size = in->size;
	fd = store_fd(ino);
	if (fd < 0)
		return fd;
	/* The room the content held moves to its object. */
	fd_reserve(-content_pages(size));
	while (done < size) {
		r = sys_pwrite(fd, p + done, size - done, (off_t)done);
		if (r <= 0)
			break;
		done += (size_t)r;
	}
	if (done < size) {
		/* Still the image's (a program's write took the room). */
		sys_ftruncate(fd, 0);
		fd_reserve(content_pages(size));
		return r < 0 ? (int)r : -ENOSPC;
	}
	ref_forget(ino, false);
	keep_times(ino);
	return 0;
}

static bool is_whiteout(const char *name, size_t len)
{
	return len > WHITEOUT_LEN && !memcmp(name, WHITEOUT, WHITEOUT_LEN);
}

/* The next name of a path, skipping slashes and "."; NULL at the end. */
static const char *next_name(const char *p, size_t *n)
{
	for (;;) {
		while (*p == '/')
			p++;
		if (!*p)
			return NULL;
		*n = strcspn(p, "/");
		if (!(*n == 1 && p[0] == '.'))
			return p;
		p += *n;
	}
}

/* Finds the parent of the entry's last name, creating missing
 * directories when asked; *last and *len receive that name (length 0 for
 * the root). */
static int parent_of(const struct entry *e, bool create, aoff_t *dir,
		     const char **last, size_t *len,
		     struct fs_image_error *err)
{
	const char *p, *q;
	aoff_t d = fs_root;
	size_t n, m;

	*last = "";
	*len = 0;
	for (p = next_name(e->name, &n); p; p = q, n = m) {
		aoff_t de, child;

		q = next_name(p + n, &m);
		if (!q) {
			*last = p;
			*len = n;
			break;
		}
		de = dentry_find(d, p, n);
		if (de) {
			child = DENT(de)->child;
			if (S_ISLNK(INO(child)->mode))
				return refuse(err, e->off,
					      "path goes through a symlink");
			if (!S_ISDIR(INO(child)->mode))
				return refuse(err, e->off,
					      "path goes through a non-directory");
		} else {
			if (!create)
				return refuse(err, e->off, "no such directory");
			child = inode_new(S_IFDIR | 0755);
			if (!child)
				return refuse(err, e->off,
					      "out of inodes or metadata memory");
			if (dentry_add(d, p, n, child) < 0) {
				INO_W(child)->nlink = 0;
				inode_put(child);
				return refuse(err, e->off,
					      "out of inodes or metadata memory");
			}
		}
		d = child;
	}
	*dir = d;
	return 0;
}

static int apply(const struct entry *e, struct links *links,
		 unsigned int flags, struct fs_image_error *err)
{
	uint32_t mode = e->f[F_MODE];
	const char *name;
	size_t len;
	aoff_t dir, d, ino = 0, old = 0;
	struct link *lk = NULL;
	int r;

	r = parent_of(e, true, &dir, &name, &len, err);
	if (r < 0)
		return r;
	if (!len) {
		if (!S_ISDIR(mode))
			return refuse(err, e->off, "the root is not a directory");
		set_meta(fs_root, e);
		return 0;
	}
	if (S_ISREG(mode) && is_whiteout(name, len)) {
		d = dentry_find(dir, name + WHITEOUT_LEN, len - WHITEOUT_LEN);
		if (d)
			remove_entry(d);
		return 0;
	}
	d = dentry_find(dir, name, len);
	if (d)
		old = DENT(d)->child;
	if (old && S_ISDIR(mode) && S_ISDIR(INO(old)->mode)) {
		set_meta(old, e);
		return 0;
	}
	if (S_ISREG(mode) && e->f[F_NLINK] > 1) {
		lk = link_slot(links, link_key(e));
		if (lk->used && lk->ino && S_ISREG(INO(lk->ino)->mode))
			ino = lk->ino;
	}
	if (old && old == ino) {
		/* The same name twice in one group: only the content. */
		set_meta(ino, e);
		return e->f[F_SIZE] ? set_content(ino, e, flags) : 0;
	}
	if (d) {
		remove_entry(d);
		/* Removing the old entry (a directory) may have removed the
		 * group's last other name, and with it the inode. */
		if (ino && lk)
			ino = lk->ino;
	}
	if (ino) {
		r = dentry_add(dir, name, len, ino);
		if (r < 0)
			return refuse(err, e->off, "out of inodes or metadata memory");
		INO_W(ino)->nlink++;
		set_meta(ino, e);
		if (e->f[F_SIZE] && set_content(ino, e, flags) < 0)
			return refuse(err, e->off, no_room());
		return 0;
	}
	ino = inode_new(mode & (S_IFMT | 07777));
	if (!ino)
		return refuse(err, e->off, "out of inodes or metadata memory");
	set_meta(ino, e);
	if (S_ISLNK(mode)) {
		aoff_t t = arena_alloc(e->f[F_SIZE] + 1);

		if (!t)
			goto nomem;
		memcpy(APTR_NEW(char, t), e->data, e->f[F_SIZE]);
		INO_W(ino)->data = t;
		INO_W(ino)->size = e->f[F_SIZE];
	} else if (S_ISREG(mode) && set_content(ino, e, flags) < 0) {
		INO_W(ino)->nlink = 0;
		inode_put(ino);
		return refuse(err, e->off, no_room());
	}
	if (dentry_add(dir, name, len, ino) < 0)
		goto nomem;
	if (lk) {
		lk->used = 1;
		lk->key = link_key(e);
		lk->ino = ino;
	}
	return 0;
nomem:
	INO_W(ino)->nlink = 0;
	inode_put(ino);
	return refuse(err, e->off, "out of memory");
}

/* dentry_add stamps a directory's mtime: set the images' ones last. */
static void dir_times(const struct entry *e)
{
	struct fs_image_error ignored;
	const char *name;
	size_t len;
	aoff_t dir, d, ino;

	if (!S_ISDIR(e->f[F_MODE]) ||
	    parent_of(e, false, &dir, &name, &len, &ignored) < 0)
		return;
	ino = dir;
	if (len) {
		d = dentry_find(dir, name, len);
		ino = d ? DENT(d)->child : 0;
	}
	if (ino && S_ISDIR(INO(ino)->mode)) {
		INO_W(ino)->mtime.tv_sec = e->f[F_MTIME];
		INO_W(ino)->mtime.tv_nsec = 0;
	}
}

int fs_image_load(int fd, const void *buf, size_t len, unsigned int flags,
		  struct fs_image_error *err)
{
	const unsigned char *b = buf;
	struct entry e;
	struct links links = { 0, 0 };
	size_t off, nlinked = 0;
	uint32_t size;
	int r;

	/* Pass 1: the whole archive is well-formed, or nothing happens. */
	for (off = 0; (r = parse(b, len, off, &e, err)) > 0; off = e.next)
		if (S_ISREG(e.f[F_MODE]) && e.f[F_NLINK] > 1)
			nlinked++;
	if (r < 0)
		return r;
	/* Before the sandbox starts: one process, no journal. */
	r = core_lock_bulk();
	if (r < 0)
		return refuse(err, 0, "file system busy");
	if (fd < 0) {
		flags |= FS_IMAGE_COPY;
	} else if (fsh->nimages >= MAX_IMAGES) {
		r = refuse(err, 0, "too many images");
		goto out;
	} else {
		struct fs_shared *w;

		/* Every process of the sandbox inherits it at this number. */
		r = band_keep(fd);
		if (r < 0) {
			r = refuse(err, 0, "out of file descriptors");
			goto out;
		}
		w = FSH_W();
		cur_img = w->nimages++;
		w->images[cur_img].fd = r;
		w->images[cur_img].len = len;
		maps[cur_img] = b;
		cur_base = b;
		r = 0;
	}
	if (nlinked) {
		for (size = 16; size < 2 * nlinked; size *= 2)
			;
		links.tab = arena_alloc(size * sizeof(struct link));
		if (!links.tab) {
			r = refuse(err, 0, "out of inodes or metadata memory");
			goto out;
		}
		links.mask = size - 1;
	}
	/* Pass 2: the entries; pass 3: directories' mtimes. */
	cur_links = &links;
	for (off = 0; parse(b, len, off, &e, err) > 0; off = e.next) {
		r = apply(&e, &links, flags, err);
		if (r < 0)
			break;
	}
	cur_links = NULL;
	if (r == 0)
		for (off = 0; parse(b, len, off, &e, err) > 0; off = e.next)
			dir_times(&e);
	if (links.tab)
		arena_free(links.tab, (links.mask + 1) * sizeof(struct link));
out:
	core_unlock();
	return r;
}

/* Is d one of the initial tree's names in /dev (a device, shm, a link)? */
static bool initial_dev(aoff_t d)
{
	const struct fs_dentry *de = DENT(d);
	mode_t mode = INO(de->child)->mode;
	int i;

	if (S_ISCHR(mode))
		return true;
	if (S_ISDIR(mode))
		return de->namelen == 3 && !memcmp(de->name, "shm", 3);
	for (i = 0; S_ISLNK(mode) && i < FS_DEV_LINKS; i++)
		if (de->namelen == strlen(fs_dev_links[i][0]) &&
		    !memcmp(de->name, fs_dev_links[i][0], de->namelen))
			return true;
	return false;
}

void fs_image_reset(void)
{
	aoff_t d, next;

	if (core_lock() < 0)
		return;
	for (d = INO(fs_root)->first; d; d = next) {
		const struct fs_dentry *de = DENT(d);
		aoff_t ino = de->child;

		next = de->next;
		if (proc_is_root(ino))
			continue;
		if (S_ISDIR(INO(ino)->mode) &&
		    ((de->namelen == 3 && !memcmp(de->name, "tmp", 3)) ||
		     (de->namelen == 3 && !memcmp(de->name, "dev", 3)))) {
			aoff_t c, cn;

			for (c = INO(ino)->first; c; c = cn) {
				aoff_t child = DENT(c)->child;

				cn = DENT(c)->next;
				if (!initial_dev(c))
					remove_entry(c);
				else if (S_ISDIR(INO(child)->mode))
					while (INO(child)->first)
						remove_entry(INO(child)->first);
			}
			continue;
		}
		remove_entry(d);
	}
	set_cwd(fs_root);
	core_unlock();
}
