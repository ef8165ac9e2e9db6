/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The metadata arena: one memfd, mapped MAP_SHARED by every process of the
 * sandbox (inherited across fork, attached again after exec), so that
 * what one process creates, renames or removes, all see. Blocks are
 * addressed by 32-bit offsets, never pointers: each process maps the
 * arena where its kernel puts it. Offset 0 is never handed out and means
 * "none". Callers hold the core lock (core/lock.h).
 *
 * The arena begins with its head: the allocator's state, the lock word,
 * the roots each core keeps its shared state under, and the undo journal.
 * Every write to the arena while the lock is held goes through arena_w()
 * (the accessors below return const pointers so that the compiler finds
 * any write that does not), which first saves the bytes it overwrites. A
 * holder that dies mid-operation leaves its journal behind, and the next
 * holder rolls the operation back: an operation is complete or absent.
 */
#ifndef TAMAGO_ARENA_H
#define TAMAGO_ARENA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint32_t aoff_t;

/* The cores' shared state, one root each (arena_root). */
enum arena_root {
	ROOT_FS,	/* struct fs_shared (fs/internal.h) */
	ROOT_NET,	/* struct net_shared (net/internal.h) */
	ROOT_EXPORT,	/* the export's baseline (fs/export.c) */
	ROOT_CONFIG,	/* struct core_config (core/config.h) */
	ROOT_AUDIT,	/* refused network attempts (net/audit.c) */
	ROOT_MISSING,	/* paths looked for and not found (fs/missing.c) */
	ROOT_KILL,	/* the first kill report (core/killnote.c) */
	ROOT_COUNT = 8
};

extern unsigned char *arena_base;

/* A new arena in a memfd of its own, mapped here: 0 or -errno. */
int arena_create(void);
/* Maps the arena of fd (made by arena_create in an ancestor). */
int arena_attach(int fd);
/* The fd the arena lives in, or -1. */
int arena_fd(void);
/* The core lock's word, in the head (core/lock.h). */
uint32_t *arena_lock_word(void);

/* Zeroed memory, or 0 when the arena is full. */
aoff_t arena_alloc(size_t size);
void arena_free(aoff_t off, size_t size);
/* Bytes currently handed out (for the memory benchmark and limits). */
size_t arena_used(void);

/* Does [off, off + size) lie in blocks handed out (an offset read from
 * an untrusted place, such as exec's arguments)? */
bool arena_has(aoff_t off, size_t size);

/* The offset a core's shared state sits at (0 before it is made). */
aoff_t arena_root(enum arena_root r);
void arena_set_root(enum arena_root r, aoff_t off);

/*
 * The undo journal (callers hold the core lock). begin: an operation
 * starts; commit: it is complete. Between the two, arena_w(p, n) saves
 * the n bytes at p before the caller overwrites them, and returns p.
 * Outside an operation (start-up, image loading, a process alone) it
 * saves nothing. Returns whether the journal that begin found was left
 * by a holder that died, and was rolled back.
 */
bool journal_begin(void);
void journal_commit(void);
/* Commits the operation under way, if one is: returns whether one was
 * (work too large to journal at once then journals its own steps). */
bool journal_end(void);
void *arena_w(void *p, size_t n);
/*
 * How many operations were rolled back in this arena so far: what a cache
 * of kernel state kept in the arena compares, since a rollback undoes the
 * arena's side of an operation, not the kernel's (fs/store.c).
 */
uint32_t journal_rollbacks(void);
/*
 * A number that moves on every write through arena_w (and rollback), in
 * any process: what a cache of answers computed from the arena compares
 * (a path's lookup, fs/tree.c). Blocks written through APTR_NEW are new,
 * unreachable until a write through arena_w links them.
 */
uint32_t arena_changes(void);

/* Read access to a block; write access through APTR_W (journaled). */
#define APTR(type, off) ((const type *)(arena_base + (off)))
#define APTR_W(type, off)                                                    \
	((type *)arena_w(arena_base + (off), sizeof(type)))
/* A block just allocated (nothing to save: its bytes were free). */
#define APTR_NEW(type, off) ((type *)(arena_base + (off)))
/* Write access to n bytes at off (arrays, names). */
#define ABYTES_W(off, n) ((void *)arena_w(arena_base + (off), (n)))
/* One aoff_t slot of an array block (hash tables), journaled. */
#define ASLOT_W(off, i) ((aoff_t *)arena_w(arena_base + (off) +              \
					   (size_t)(i) * sizeof(aoff_t),      \
					   sizeof(aoff_t)))

#endif
