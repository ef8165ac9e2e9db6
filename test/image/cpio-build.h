/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A small cpio "newc" writer for tests, and the table of malformed
 * archives that the loader must refuse (each with the offset and the
 * reason it must report). Shared by the unit test and by mkbad, which
 * writes the same archives for the tests that run the shim.
 */
#ifndef TAMAGO_CPIO_BUILD_H
#define TAMAGO_CPIO_BUILD_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

struct cpio {
	unsigned char buf[16384];
	size_t len;
};

struct cpio_ent {
	const char *magic;	/* NULL: 070701 */
	uint32_t ino, mode, uid, gid, nlink, mtime;
	const char *name;
	const void *data;
	uint32_t size;
	uint32_t namesize;	/* 0: strlen(name) + 1 */
	uint32_t check;
};

static inline void cpio_pad(struct cpio *c)
{
	while (c->len & 3)
		c->buf[c->len++] = 0;
}

static inline size_t cpio_add(struct cpio *c, const struct cpio_ent *e)
{
	size_t at = c->len;
	uint32_t ns = e->namesize ? e->namesize :
				    (uint32_t)strlen(e->name) + 1;
	size_t nl = strlen(e->name) + 1;
	char h[111];

	snprintf(h, sizeof(h),
		 "%s%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
		 e->magic ? e->magic : "070701", e->ino, e->mode, e->uid,
		 e->gid, e->nlink ? e->nlink : 1, e->mtime, e->size, 0, 0, 0,
		 0, ns, e->check);
	memcpy(c->buf + c->len, h, 110);
	c->len += 110;
	memcpy(c->buf + c->len, e->name, nl < ns ? nl : ns);
	c->len += ns;
	cpio_pad(c);
	if (e->size && e->data) {
		memcpy(c->buf + c->len, e->data, e->size);
		c->len += e->size;
		cpio_pad(c);
	}
	return at;
}

static inline void cpio_file(struct cpio *c, const char *name,
			     uint32_t mode, const char *text)
{
	struct cpio_ent e = { .ino = (uint32_t)c->len + 1, .name = name,
			      .mode = mode, .mtime = 1000000000 };

	if (text) {
		e.data = text;
		e.size = (uint32_t)strlen(text);
	}
	cpio_add(c, &e);
}

static inline void cpio_trailer(struct cpio *c)
{
	struct cpio_ent e = { .name = "TRAILER!!!" };

	cpio_add(c, &e);
}

/* The malformed cases: build() writes the archive and returns the offset
 * the loader must report. */
struct bad_case {
	const char *name;
	const char *reason;
	size_t (*build)(struct cpio *c);
};

static inline size_t bad_base(struct cpio *c)
{
	/* A valid first entry: a refusal must not apply it. */
	cpio_file(c, "applied", S_IFREG | 0644, "x");
	return c->len;
}

static inline size_t bad_truncated(struct cpio *c)
{
	size_t at = bad_base(c);

	cpio_file(c, "f", S_IFREG | 0644, "hello");
	c->len = at + 60;
	return at;
}

static inline size_t bad_no_trailer(struct cpio *c)
{
	bad_base(c);
	return c->len;
}

static inline size_t bad_magic(struct cpio *c)
{
	size_t at = bad_base(c);
	struct cpio_ent e = { .magic = "070707", .name = "f",
			      .mode = S_IFREG | 0644 };

	cpio_add(c, &e);
	cpio_trailer(c);
	return at;
}

static inline size_t bad_hex(struct cpio *c)
{
	size_t at = bad_base(c);

	cpio_file(c, "f", S_IFREG | 0644, "x");
	c->buf[at + 6 + 8 + 3] = 'g';	/* in the mode field */
	cpio_trailer(c);
	return at + 6 + 8 + 3;
}

static inline size_t bad_no_nul(struct cpio *c)
{
	size_t at = bad_base(c);
	struct cpio_ent e = { .name = "abcd", .namesize = 4,
			      .mode = S_IFREG | 0644 };

	cpio_add(c, &e);
	cpio_trailer(c);
	return at + 110;
}

static inline size_t bad_nul_inside(struct cpio *c)
{
	size_t at = bad_base(c);
	struct cpio_ent e = { .name = "ab", .namesize = 6,
			      .mode = S_IFREG | 0644 };

	cpio_add(c, &e);
	memcpy(c->buf + at + 110, "ab\0cd", 6);
	cpio_trailer(c);
	return at + 110;
}

static inline size_t bad_namesize_zero(struct cpio *c)
{
	size_t at = bad_base(c);

	cpio_file(c, "f", S_IFREG | 0644, NULL);
	memcpy(c->buf + at + 6 + 8 * 11, "00000000", 8);
	cpio_trailer(c);
	return at + 6 + 8 * 11;
}

static inline size_t bad_namesize_huge(struct cpio *c)
{
	size_t at = bad_base(c);

	cpio_file(c, "f", S_IFREG | 0644, NULL);
	memcpy(c->buf + at + 6 + 8 * 11, "00001001", 8);
	cpio_trailer(c);
	return at + 6 + 8 * 11;
}

static inline size_t bad_size(struct cpio *c)
{
	size_t at = bad_base(c);

	cpio_file(c, "f", S_IFREG | 0644, "x");
	memcpy(c->buf + at + 6 + 8 * 6, "00010000", 8);
	cpio_trailer(c);
	return at + 112;	/* the data */
}

static inline size_t bad_dotdot(struct cpio *c)
{
	size_t at = bad_base(c);

	cpio_file(c, "./a/../../etc/passwd", S_IFREG | 0644, "x");
	cpio_trailer(c);
	return at + 110;
}

static inline size_t bad_type(struct cpio *c, uint32_t mode)
{
	size_t at = bad_base(c);

	cpio_file(c, "node", mode, NULL);
	cpio_trailer(c);
	return at + 6 + 8;
}

static inline size_t bad_chr(struct cpio *c)
{
	return bad_type(c, S_IFCHR | 0666);
}

static inline size_t bad_blk(struct cpio *c)
{
	return bad_type(c, S_IFBLK | 0666);
}

static inline size_t bad_fifo(struct cpio *c)
{
	return bad_type(c, S_IFIFO | 0666);
}

static inline size_t bad_sock(struct cpio *c)
{
	return bad_type(c, S_IFSOCK | 0666);
}

static inline size_t bad_after_trailer(struct cpio *c)
{
	bad_base(c);
	cpio_trailer(c);
	c->buf[c->len] = 'x';
	c->len += 4;
	return c->len - 4;
}

static inline size_t bad_checksum(struct cpio *c)
{
	size_t at = bad_base(c);
	struct cpio_ent e = { .magic = "070702", .name = "f", .data = "ab",
			      .size = 2, .check = 'a' + 'b' + 1,
			      .mode = S_IFREG | 0644 };

	cpio_add(c, &e);
	cpio_trailer(c);
	return at + 6 + 8 * 12;
}

static inline size_t bad_dir_data(struct cpio *c)
{
	size_t at = bad_base(c);

	cpio_file(c, "d", S_IFDIR | 0755, "x");
	cpio_trailer(c);
	return at + 112;
}

static inline size_t bad_empty(struct cpio *c)
{
	(void)c;
	return 0;
}

static const struct bad_case bad_cases[] = {
	{ "empty", "truncated archive: no TRAILER!!!", bad_empty },
	{ "truncated", "truncated header", bad_truncated },
	{ "no-trailer", "truncated archive: no TRAILER!!!", bad_no_trailer },
	{ "magic", "bad magic (not cpio newc)", bad_magic },
	{ "hex", "bad hex digit in header", bad_hex },
	{ "no-nul", "name without NUL", bad_no_nul },
	{ "nul-inside", "NUL inside name", bad_nul_inside },
	{ "namesize-zero", "absurd name size (0 or over 4096)",
	  bad_namesize_zero },
	{ "namesize-huge", "absurd name size (0 or over 4096)",
	  bad_namesize_huge },
	{ "size", "file size past end of archive", bad_size },
	{ "dotdot", "path climbs out with '..'", bad_dotdot },
	{ "chr", "character device not allowed", bad_chr },
	{ "blk", "block device not allowed", bad_blk },
	{ "fifo", "FIFO not allowed", bad_fifo },
	{ "socket", "socket not allowed", bad_sock },
	{ "after-trailer", "data after trailer", bad_after_trailer },
	{ "checksum", "checksum mismatch", bad_checksum },
	{ "dir-data", "directory with data", bad_dir_data },
};

#define N_BAD_CASES (sizeof(bad_cases) / sizeof(bad_cases[0]))

#endif
