/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The first kill report of the tree ("killed: raw syscall openat(...) at
 * ... bypassed libc"), kept for the run report (--report): the trap path
 * prints it on stderr and notes it here; the first process reads it once
 * the program has ended.
 *
 * One block in the arena (root ROOT_KILL), made before the seal when a
 * report is asked for. Noting takes no lock (the trap path may kill while
 * another thread holds the core's): the first to claim the block writes
 * it, and its length, stored last, says it is whole.
 */
#include <errno.h>
#include <string.h>

#include "core/arena.h"
#include "core/killnote.h"

struct kill_note {
	uint32_t claimed;
	uint32_t len;		/* set last: 0 until the text is whole */
	char text[KILL_NOTE_MAX];
};

int kill_note_init(void)
{
	aoff_t r = arena_alloc(sizeof(struct kill_note));

	if (!r)
		return -ENOSPC;
	memset(APTR_NEW(struct kill_note, r), 0, sizeof(struct kill_note));
	arena_set_root(ROOT_KILL, r);
	return 0;
}

void kill_note(const char *const *parts)
{
	aoff_t r = arena_root(ROOT_KILL);
	struct kill_note *k;
	uint32_t zero = 0, n = 0;
	size_t l;

	if (!r)
		return;
	/* Scratch of its own, written unjournaled (no operation owns it). */
	k = APTR_NEW(struct kill_note, r);
	if (!__atomic_compare_exchange_n(&k->claimed, &zero, 1, false,
					 __ATOMIC_ACQ_REL, __ATOMIC_RELAXED))
		return;
	for (; *parts; parts++) {
		l = strlen(*parts);
		if (l > KILL_NOTE_MAX - n)
			l = KILL_NOTE_MAX - n;
		memcpy(k->text + n, *parts, l);
		n += (uint32_t)l;
	}
	__atomic_store_n(&k->len, n, __ATOMIC_RELEASE);
}

size_t kill_note_read(char *buf, size_t size)
{
	aoff_t r = arena_root(ROOT_KILL);
	const struct kill_note *k;
	uint32_t n;

	if (!r || !size)
		return 0;
	k = APTR(struct kill_note, r);
	n = __atomic_load_n(&k->len, __ATOMIC_ACQUIRE);
	if (n > KILL_NOTE_MAX || n >= size)
		n = n > KILL_NOTE_MAX ? 0 : (uint32_t)size - 1;
	memcpy(buf, k->text, n);
	buf[n] = '\0';
	return n;
}
