/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The metadata arena: one reserved mapping, addressed by 32-bit offsets
 * rather than pointers so that it can later be mapped shared across fork.
 * Offset 0 is never handed out and means "none". Not locked: callers hold
 * the core lock (core/lock.h).
 */
#ifndef TAMAGO_ARENA_H
#define TAMAGO_ARENA_H

#include <stddef.h>
#include <stdint.h>

typedef uint32_t aoff_t;

extern unsigned char *arena_base;

int arena_init(void);
/* Zeroed memory, or 0 when the arena is full. */
aoff_t arena_alloc(size_t size);
void arena_free(aoff_t off, size_t size);
/* Bytes currently handed out (for the memory benchmark and limits). */
size_t arena_used(void);

#define APTR(type, off) ((type *)(arena_base + (off)))

#endif
