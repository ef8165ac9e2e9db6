/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * --trace-missing (TAMAGO_TRACE_MISSING=1): the paths the tree looked for
 * and did not find, the quickest way to learn what an image lacks. A
 * lookup misses when a directory on the way or the last name is not
 * there (creating or removing a name does not count as looking for it).
 * The first MISSING_MAX distinct paths are kept as the program named them
 * (relative ones relative to its working directory then), each with how
 * many times it was looked for, and the lookups past a full table are
 * counted.
 *
 * One fixed table for the whole tree in the arena (root ROOT_MISSING),
 * made before the seal: noting a miss allocates nothing and is safe in
 * the SIGSYS handler; a process that ends without a word loses nothing.
 */
#include <errno.h>
#include <string.h>

#include "core/msg.h"
#include "core/sys.h"
#include "fs/internal.h"

#define MISSING_MAX 256
#define MISSING_LEN 200

struct missing {
	uint32_t count;
	uint16_t len;
	uint16_t cut;		/* the path was longer: its start kept */
	char path[MISSING_LEN];
};

struct missing_shared {
	uint32_t used;
	uint32_t pad;
	uint64_t more;		/* lookups past a full table */
	struct missing table[MISSING_MAX];
};

int fs_missing_init(void)
{
	aoff_t r = arena_alloc(sizeof(struct missing_shared));

	if (!r)
		return -ENOSPC;
	memset(APTR_NEW(struct missing_shared, r), 0,
	       sizeof(struct missing_shared));
	arena_set_root(ROOT_MISSING, r);
	return 0;
}

/* From walk(), under the core lock. */
void missing_note(const char *path)
{
	aoff_t root = arena_root(ROOT_MISSING);
	const struct missing_shared *a;
	struct missing_shared *w;
	struct missing *e;
	size_t len = strnlen(path, FS_PATH_MAX);
	uint32_t i;

	if (!root)
		return;
	a = APTR(struct missing_shared, root);
	for (i = 0; i < a->used && i < MISSING_MAX; i++) {
		const struct missing *m = &a->table[i];

		if (m->len == (len < MISSING_LEN ? len : MISSING_LEN) &&
		    !memcmp(m->path, path, m->len) &&
		    m->cut == (len > MISSING_LEN)) {
			((struct missing *)arena_w((void *)m,
						   sizeof(*m)))->count++;
			return;
		}
	}
	w = arena_w((void *)a, offsetof(struct missing_shared, table));
	if (a->used >= MISSING_MAX) {
		w->more++;
		return;
	}
	e = arena_w((void *)&a->table[a->used], sizeof(*e));
	e->count = 1;
	e->cut = len > MISSING_LEN;
	e->len = (uint16_t)(e->cut ? MISSING_LEN : len);
	memcpy(e->path, path, e->len);
	w->used++;
}

/* "missing COUNT PATH" lines, then "missing-more N": for the report. */
int fs_missing_lines(int fd)
{
	aoff_t root = arena_root(ROOT_MISSING);
	const struct missing_shared *a;
	char line[MISSING_LEN + 64], num[24];
	uint32_t i;
	size_t n;
	long r;

	if (!root)
		return 0;
	a = APTR(struct missing_shared, root);
	for (i = 0; i <= a->used && i <= MISSING_MAX; i++) {
		const struct missing *m = &a->table[i];
		const char *c;

		if (i == a->used || i == MISSING_MAX) {
			if (!a->more)
				break;
			c = msg_dec(num, (long)a->more);
			n = strlen(c);
			memcpy(line, "missing-more ", 13);
			memcpy(line + 13, c, n);
			n += 13;
			line[n++] = '\n';
		} else {
			c = msg_dec(num, (long)m->count);
			n = strlen(c);
			memcpy(line, "missing ", 8);
			memcpy(line + 8, c, n);
			n += 8;
			line[n++] = ' ';
			/* One line each: a newline in a name would split it. */
			for (size_t k = 0; k < m->len; k++)
				line[n++] = m->path[k] == '\n' ? '?' :
								 m->path[k];
			if (m->cut) {
				memcpy(line + n, "...", 3);
				n += 3;
			}
			line[n++] = '\n';
		}
		for (c = line; n;) {
			r = sys_write(fd, c, n);
			if (r == -EINTR)
				continue;
			if (r < 0)
				return (int)r;
			c += r;
			n -= (size_t)r;
		}
	}
	return 0;
}

int fs_missing_write(void)
{
	aoff_t root = arena_root(ROOT_MISSING);
	const struct missing_shared *a;
	char num[24], num2[24];
	uint64_t lookups = 0;
	uint32_t i;

	if (!root)
		return 0;
	a = APTR(struct missing_shared, root);
	for (i = 0; i < a->used && i < MISSING_MAX; i++)
		lookups += a->table[i].count;
	if (!a->used) {
		msg("--trace-missing: every path looked for was found");
		return 0;
	}
	msg("--trace-missing: ", msg_dec(num, (long)a->used),
	    a->used == 1 ? " path" : " paths", " looked for and not found (",
	    msg_dec(num2, (long)lookups), " lookups)",
	    a->more ? "; more past the first 256" : "", ":");
	for (i = 0; i < a->used && i < MISSING_MAX; i++) {
		const struct missing *m = &a->table[i];
		char path[MISSING_LEN + 1];

		memcpy(path, m->path, m->len);
		path[m->len] = '\0';
		msg("missing: ", path, m->cut ? "..." : "",
		    m->count > 1 ? " (" : "",
		    m->count > 1 ? msg_dec(num, (long)m->count) : "",
		    m->count > 1 ? " times)" : "");
	}
	if (a->more)
		msg("missing: ", msg_dec(num, (long)a->more),
		    " more lookups of paths past the first 256");
	return 0;
}
