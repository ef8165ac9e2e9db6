/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <sys/mman.h>

#include "core/arena.h"
#include "core/band.h"
#include "core/config.h"

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

#define ARENA_MAGIC 0x54414d41 /* "TAMA" */
#define ARENA_VERSION 2
/* The head and its journal; blocks are handed out from here up. */
#define HEAD_SIZE (256 * 1024)

struct arena_head {
	uint32_t magic, version;
	uint32_t lock;		/* the core lock's word (core/lock.c) */
	uint32_t jactive;	/* an operation is under way */
	uint32_t jused;		/* bytes of jbuf holding entries */
	uint32_t joverflow;	/* an entry did not fit: no full undo */
	uint32_t rollbacks;	/* operations rolled back so far */
	uint32_t changes;	/* writes through arena_w and rollbacks so
				 * far: moves whenever anything may have */
	/* The allocator (journaled as one piece: struct alloc). */
	struct alloc {
		uint64_t top, limit, inuse;
		aoff_t freelist[NCLASSES];
	} a;
	aoff_t roots[ROOT_COUNT];
	unsigned char jbuf[];
};

/* One saved range: off, len, then len bytes, padded to 8. */
struct jentry {
	uint32_t off, len;
	unsigned char bytes[];
};

#define JCAP (HEAD_SIZE - sizeof(struct arena_head))
#define JPAD(n) (((n) + 7) & ~(size_t)7)

static int the_fd = -1;

static struct arena_head *head(void)
{
	return (struct arena_head *)arena_base;
}

static size_t reserve(void)
{
	uint64_t limit = ARCH_ARENA_RESERVE;

	if (limit > (1ULL << 32) - 4096)
		limit = (1ULL << 32) - 4096;
	return (size_t)limit;
}

static int map(int fd, size_t limit)
{
	void *p = sys_mmap(NULL, limit, PROT_READ | PROT_WRITE,
			   MAP_SHARED | MAP_NORESERVE, fd);

	if (sys_mmap_failed(p))
		return (int)(long)p;
	arena_base = p;
	the_fd = fd;
	return 0;
}

int arena_create(void)
{
	size_t limit = reserve();
	struct arena_head *h;
	long fd, r;

	if (arena_base)
		return 0;
	fd = sys_memfd_create("tamago-arena", MFD_CLOEXEC);
	/* Out of the program's sight, as every fd of the shim's. */
	if (fd >= 0 && band_base() >= 0)
		fd = band_keep((int)fd);
	if (fd < 0)
		return (int)fd;
	/* Sparse: a page takes memory once it is written. */
	r = sys_ftruncate((int)fd, (off_t)limit);
	if (r == 0)
		r = map((int)fd, limit);
	if (r < 0) {
		sys_close((int)fd);
		return (int)r;
	}
	h = head();
	h->magic = ARENA_MAGIC;
	h->version = ARENA_VERSION;
	h->a.top = HEAD_SIZE;
	h->a.limit = limit;
	return 0;
}

int arena_attach(int fd)
{
	arch_kstat st;
	long r = sys_fstat(fd, &st);

	if (r < 0)
		return (int)r;
	if ((uint64_t)st.st_size < HEAD_SIZE ||
	    (uint64_t)st.st_size > reserve())
		return -EINVAL;
	r = map(fd, (size_t)st.st_size);
	if (r < 0)
		return (int)r;
	if (head()->magic != ARENA_MAGIC || head()->version != ARENA_VERSION ||
	    head()->a.limit != (uint64_t)st.st_size) {
		sys_munmap(arena_base, (size_t)st.st_size);
		arena_base = NULL;
		the_fd = -1;
		return -EINVAL;
	}
	return 0;
}

int arena_fd(void)
{
	return the_fd;
}

uint32_t *arena_lock_word(void)
{
	return &head()->lock;
}

bool arena_has(aoff_t off, size_t size)
{
	return arena_base && off >= HEAD_SIZE && off + size <= head()->a.top;
}

aoff_t arena_root(enum arena_root r)
{
	return head()->roots[r];
}

void arena_set_root(enum arena_root r, aoff_t off)
{
	*(aoff_t *)arena_w(&head()->roots[r], sizeof(aoff_t)) = off;
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
	struct alloc *a = arena_w(&head()->a, sizeof(head()->a));
	size_t bytes;
	unsigned c = size_class(size, &bytes);
	aoff_t off = 0;

	if (c >= NCLASSES)
		return 0;
	if (a->freelist[c]) {
		off = a->freelist[c];
		UNPOISON(arena_base + off, bytes);
		/* Its first word links the free list: an undo needs it. */
		a->freelist[c] = *(aoff_t *)arena_w(arena_base + off,
						    sizeof(aoff_t));
	} else {
		size_t align = bytes <= SMALL_MAX ? STEP :
			       bytes < 4096 ? bytes : 4096;
		size_t top = (a->top + align - 1) & ~(align - 1);

		if (top + bytes > a->limit)
			return 0;
		off = (aoff_t)top;
		a->top = top + bytes;
	}
	memset(arena_base + off, 0, bytes);
	a->inuse += bytes;
	return off;
}

void arena_free(aoff_t off, size_t size)
{
	struct alloc *a;
	size_t bytes;
	unsigned c = size_class(size, &bytes);

	if (!off)
		return;
	a = arena_w(&head()->a, sizeof(head()->a));
	/*
	 * The whole block, not just its link: this operation may allocate
	 * it again and overwrite it, and an undo must give the block back
	 * as it was, in use. Big blocks (tables, replaced when they grow,
	 * once an operation) are not allocated again in the same one: their
	 * link is enough, and the journal stays small.
	 */
	arena_w(arena_base + off, bytes <= SMALL_MAX ? bytes : sizeof(aoff_t));
	*(aoff_t *)(arena_base + off) = a->freelist[c];
	a->freelist[c] = off;
	POISON(arena_base + off, bytes);
	a->inuse -= bytes;
}

size_t arena_used(void)
{
	return (size_t)head()->a.inuse;
}

/* The journal (see arena.h). */

static struct jentry *jat(size_t pos)
{
	return (struct jentry *)(head()->jbuf + pos);
}

/*
 * Ranges saved in the operation under way, by offset: arena_w finds one
 * it is asked to save again here, not by scanning the journal (a create
 * saves some thirty ranges, and the scan was a tenth of its time). A slot
 * taken by another offset only costs a second save of the range, which
 * the rollback's newest-first order undoes right. Per process, since only
 * the lock's holder journals; jop tells this operation's slots apart, and
 * each hit is checked against the journal itself.
 */
#define JSEEN 256
static struct {
	uint32_t op, off, pos;
} jseen[JSEEN];
static uint32_t jop;

static uint32_t jseen_slot(size_t off)
{
	return ((uint32_t)off * 0x9e3779b1u) >> 24;
}

static void rollback(void)
{
	struct arena_head *h = head();
	size_t pos, last;

	/* Newest first, so that a range saved twice ends as it began. */
	while (h->jused) {
		for (pos = 0, last = 0; pos < h->jused;
		     pos += sizeof(struct jentry) + JPAD(jat(pos)->len))
			last = pos;
		UNPOISON(arena_base + jat(last)->off, jat(last)->len);
		memcpy(arena_base + jat(last)->off, jat(last)->bytes,
		       jat(last)->len);
		h->jused = (uint32_t)last;
	}
}

bool journal_begin(void)
{
	struct arena_head *h = head();
	bool died = h->jactive;

	if (died) {
		rollback();
		h->rollbacks++;
		h->changes++;
	}
	h->jused = 0;
	h->joverflow = 0;
	h->jactive = 1;
	jop++;
	return died;
}

void journal_commit(void)
{
	struct arena_head *h = head();

	h->jactive = 0;
	h->jused = 0;
}

uint32_t journal_rollbacks(void)
{
	return arena_base ? head()->rollbacks : 0;
}

uint32_t arena_changes(void)
{
	return arena_base ? head()->changes : 0;
}

bool journal_end(void)
{
	bool was = head()->jactive;

	journal_commit();
	return was;
}

void *arena_w(void *p, size_t n)
{
	struct arena_head *h = head();
	size_t off = (size_t)((unsigned char *)p - arena_base);
	struct jentry *e;
	uint32_t slot;

	if (!arena_base || n == 0)
		return p;
	/* Under the lock, or alone: a plain add (a locked one cost a
	 * twentieth of a create). */
	h->changes++;
	if (!h->jactive)
		return p;
	/* The journal itself and the lock word are not undone. */
	if ((unsigned char *)p < arena_base + offsetof(struct arena_head, a) ||
	    off + n > h->a.limit ||
	    (off >= offsetof(struct arena_head, jbuf) && off < HEAD_SIZE))
		return p;
	/* Saved already in this operation: the first save holds the old
	 * bytes. */
	slot = jseen_slot(off);
	if (jseen[slot].op == jop && jseen[slot].off == off &&
	    jseen[slot].pos < h->jused && jat(jseen[slot].pos)->off == off &&
	    jat(jseen[slot].pos)->len >= n)
		return p;
	if (h->jused + sizeof(*e) + JPAD(n) > JCAP) {
		h->joverflow = 1;
		return p;
	}
	e = jat(h->jused);
	e->off = (uint32_t)off;
	e->len = (uint32_t)n;
	memcpy(e->bytes, p, n);
	jseen[slot].op = jop;
	jseen[slot].off = (uint32_t)off;
	jseen[slot].pos = h->jused;
	h->jused += (uint32_t)(sizeof(*e) + JPAD(n));
	return p;
}

/* The configuration (core/config.h): made with the arena. */
const struct core_config *core_config(void)
{
	aoff_t r;

	if (!arena_base)
		return NULL;
	r = head()->roots[ROOT_CONFIG];
	return r ? APTR(struct core_config, r) : NULL;
}

struct core_config *core_config_w(void)
{
	aoff_t r;

	if (!arena_base)
		return NULL;
	r = head()->roots[ROOT_CONFIG];
	if (!r) {
		r = arena_alloc(sizeof(struct core_config));
		if (!r)
			return NULL;
		head()->roots[ROOT_CONFIG] = r;
		APTR_NEW(struct core_config, r)->loader_fd = -1;
		APTR_NEW(struct core_config, r)->export_fd = -1;
		APTR_NEW(struct core_config, r)->audit_fd = -1;
	}
	return APTR_NEW(struct core_config, r);
}
