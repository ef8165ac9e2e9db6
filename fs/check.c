/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A consistency check of the shared tree, for the tests that kill a
 * process in the middle of an operation: every operation must be
 * complete or absent, whoever died when. It checks what the rest of the
 * core relies on: each directory's entry list against its count, its
 * link count, and the name table; each name reachable through the table;
 * each regular file's link count against the names it has; the inode
 * count; the kernel-inode map against the inodes.
 */
#include <errno.h>
#include <string.h>

#include "fs/internal.h"
#include "core/lock.h"

static int bad(char *why, size_t size, const char *what)
{
	size_t n = strlen(what);

	if (size) {
		if (n >= size)
			n = size - 1;
		memcpy(why, what, n);
		why[n] = '\0';
	}
	return -EUCLEAN;
}

static bool valid(aoff_t off)
{
	return off > 1;
}

/* The names that lead to ino anywhere in the tree below dir. */
static uint32_t names_of(aoff_t dir, aoff_t ino, unsigned int depth)
{
	uint32_t n = 0;
	aoff_t d;

	if (depth > 256)
		return 0;
	for (d = INO(dir)->first; d; d = DENT(d)->next) {
		aoff_t c = DENT(d)->child;

		if (c == ino)
			n++;
		if (S_ISDIR(INO(c)->mode) && !proc_is_magic(c))
			n += names_of(c, ino, depth + 1);
	}
	return n;
}

struct check {
	uint32_t dentries;
	uint32_t inodes;
	char *why;
	size_t size;
};

static int check_dir(aoff_t dir, struct check *c, unsigned int depth)
{
	const struct fs_inode *in = INO(dir);
	uint32_t count = 0, subdirs = 0;
	aoff_t d, prev = 0;
	int r;

	if (depth > 256)
		return bad(c->why, c->size, "directories nested too deep");
	for (d = in->first; d; prev = d, d = DENT(d)->next) {
		const struct fs_dentry *de = DENT(d);
		const struct fs_inode *ch;

		if (!valid(d) || de->parent != dir || de->prev != prev)
			return bad(c->why, c->size, "a broken entry list");
		if (!valid(de->child))
			return bad(c->why, c->size, "an entry of no inode");
		if (dentry_find(dir, de->name, de->namelen) != d)
			return bad(c->why, c->size,
				   "a name the name table does not find");
		ch = INO(de->child);
		count++;
		c->dentries++;
		if (S_ISDIR(ch->mode)) {
			subdirs++;
			c->inodes++;
			if (ch->parent != dir || ch->dentry != d)
				return bad(c->why, c->size,
					   "a directory whose parent is wrong");
			if (!proc_is_magic(de->child)) {
				r = check_dir(de->child, c, depth + 1);
				if (r < 0)
					return r;
			}
		} else if (S_ISREG(ch->mode) && ch->nlink > 1) {
			if (names_of(fs_root, de->child, 0) != ch->nlink)
				return bad(c->why, c->size,
					   "a file's link count is not its names");
		} else if (ch->nlink != 1 && !S_ISCHR(ch->mode)) {
			return bad(c->why, c->size,
				   "a file's link count is not its names");
		}
	}
	if (prev != in->last || count != in->nentries)
		return bad(c->why, c->size, "a directory's count is wrong");
	if (in->nlink != 2 + subdirs)
		return bad(c->why, c->size,
			   "a directory's link count is not 2 + subdirectories");
	return 0;
}

int fs_check(char *why, size_t size)
{
	struct check c = { 0, 1, why, size };
	uint32_t i;
	int r = core_lock();

	if (r < 0)
		return r;
	r = check_dir(fs_root, &c, 0);
	/* /proc's per-process directory has entries but no name. */
	if (r == 0 && fsh->pid_dir)
		r = check_dir(fsh->pid_dir, &c, 0);
	/* So has a seeded run's /proc/sys (fs_proc_random). */
	if (r == 0 && fsh->sys_dir)
		r = check_dir(fsh->sys_dir, &c, 0);
	if (r == 0 && c.dentries != fsh->hcount)
		r = bad(why, size, "the name table counts other entries");
	for (i = 0; r == 0 && fsh->kmap && i <= fsh->kmask; i++) {
		aoff_t ino = APTR(aoff_t, fsh->kmap)[i];

		if (ino > 1 && (!valid(ino) || !INO(ino)->kino))
			r = bad(why, size, "a stale kernel-inode map entry");
	}
	core_unlock();
	return r;
}
