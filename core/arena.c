/* SPDX-License-Identifier: BSD-3-Clause */
#include <string.h>
#include <sys/mman.h>

#include "core/arena.h"

/*
 * Under AddressSanitizer, a freed block is poisoned until it is handed
 * out again, so that a use after free in the arena (which ASan cannot see
 * otherwise) is reported where it happens, not where the free list breaks.
 */
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ARENA_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) && !defined(ARENA_ASAN)
#define ARENA_ASAN 1
#endif
#ifdef ARENA_ASAN
#include <sanitizer/asan_interface.h>
#define POISON(p, n) ASAN_POISON_MEMORY_REGION((p), (n))
#define UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION((p), (n))
#else
#define POISON(p, n) ((void)(p), (void)(n))
#define UNPOISON(p, n) ((void)(p), (void)(n))
#endif
#include "core/sys.h"

/* core/sys.h: the kernel's page size, read once (tests may set it). */
unsigned long sys_page;

unsigned char *arena_base;

/*
 * Size classes: every multiple of 16 bytes up to 256 (inodes and
 * directory entries, the blocks there are most of, waste at most 15
 * bytes), then powers of two from 512 (hash tables, rare), aligned to
 * their size up to a page.
 */
#define STEP 16
#define SMALL_MAX 256
#define NSMALL (SMALL_MAX / STEP)
#define NCLASSES (NSMALL + 24)

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

/* The class of a block of size bytes, and the bytes it really takes. */
static unsigned size_class(size_t size, size_t *bytes)
{
	size_t b = 2 * SMALL_MAX;
	unsigned c = NSMALL;

	if (size <= SMALL_MAX) {
		c = (unsigned)((size + STEP - 1) / STEP);
		if (!c)
			c = 1;
		*bytes = (size_t)c * STEP;
		return c - 1;
	}
	while (b < size && c < NCLASSES) {
		b <<= 1;
		c++;
	}
	*bytes = b;
	return c;
}

aoff_t arena_alloc(size_t size)
{
	size_t bytes;
	unsigned c = size_class(size, &bytes);
	aoff_t off = 0;

	if (c >= NCLASSES)
		return 0;
	if (freelist[c]) {
		off = freelist[c];
		UNPOISON(arena_base + off, bytes);
		freelist[c] = *APTR(aoff_t, off);
	} else {
		size_t align = bytes <= SMALL_MAX ? STEP :
			       bytes < 4096 ? bytes : 4096;
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
	size_t bytes;
	unsigned c = size_class(size, &bytes);

	if (!off)
		return;
	*APTR(aoff_t, off) = freelist[c];
	freelist[c] = off;
	POISON(arena_base + off, bytes);
	arena_inuse -= bytes;
}

size_t arena_used(void)
{
	return arena_inuse;
}
