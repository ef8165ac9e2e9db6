/* SPDX-License-Identifier: BSD-3-Clause */
#include <string.h>
#include <sys/mman.h>

#include "arena.h"
#include "sys.h"

unsigned char *arena_base;

/* Size classes are powers of two from 16 bytes; larger blocks are rare
 * (hash tables) and are rounded to pages and kept on their own lists. */
#define MIN_SHIFT 4
#define NCLASSES 28

static size_t arena_top = 64; /* offsets below this are never used */
static size_t arena_limit;
static size_t arena_inuse;
static aoff_t freelist[NCLASSES];

int arena_init(void)
{
	void *p;

	if (arena_base)
		return 0;
	arena_limit = ARCH_ARENA_RESERVE;
	if (arena_limit > (1ULL << 32) - 4096)
		arena_limit = (1ULL << 32) - 4096;
	p = sys_mmap(NULL, arena_limit, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1);
	if (sys_mmap_failed(p))
		return (int)(long)p;
	arena_base = p;
	return 0;
}

static unsigned size_class(size_t size)
{
	unsigned c = 0;

	while (((size_t)1 << (c + MIN_SHIFT)) < size)
		c++;
	return c;
}

aoff_t arena_alloc(size_t size)
{
	unsigned c = size_class(size ? size : 1);
	size_t bytes = (size_t)1 << (c + MIN_SHIFT);
	aoff_t off = 0;

	if (c >= NCLASSES)
		return 0;
	if (freelist[c]) {
		off = freelist[c];
		freelist[c] = *APTR(aoff_t, off);
	} else {
		/* Align each block to its size, up to a page. */
		size_t align = bytes < 4096 ? bytes : 4096;
		size_t top = (arena_top + align - 1) & ~(align - 1);

		if (top + bytes > arena_limit)
			return 0;
		off = (aoff_t)top;
		arena_top = top + bytes;
	}
	memset(arena_base + off, 0, bytes);
	arena_inuse += bytes;
	return off;
}

void arena_free(aoff_t off, size_t size)
{
	unsigned c = size_class(size ? size : 1);

	if (!off)
		return;
	*APTR(aoff_t, off) = freelist[c];
	freelist[c] = off;
	arena_inuse -= (size_t)1 << (c + MIN_SHIFT);
}

size_t arena_used(void)
{
	return arena_inuse;
}
