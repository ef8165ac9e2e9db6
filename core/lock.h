/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The core lock: one lock for all of the sandbox's shared state (the file
 * system and the network tables in the arena), across every thread of
 * every process of the tree. It is taken on the libc path and inside the
 * SIGSYS handler; the core makes only allowed calls, so a trapped call
 * can never interrupt a holder. A program's own signal handler can: if it
 * calls back into the core on the thread that holds the lock,
 * core_lock() refuses with -EDEADLK instead of hanging.
 *
 * It is a priority-inheritance futex in the arena's head holding the
 * owner's thread id, so that the kernel itself tells a waiter when the
 * owner died without releasing it (SIGKILL mid-operation): the next
 * holder takes it over and rolls the dead holder's operation back from
 * the journal (core/arena.h). Every holder of one sandbox shares one pid
 * namespace, in which these thread ids are looked up.
 *
 * The lock is also the core's entry gate (core_first_use): a call before
 * the core was started is refused. (A program's own libraries run their
 * constructors before the shim's and may already call an override: the
 * shim starts itself then, in shim/api.c, before it calls the core.)
 */
#ifndef TAMAGO_LOCK_H
#define TAMAGO_LOCK_H

#include <errno.h>
#include <linux/futex.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/sys.h"

extern int core_ready;
int core_first_use(void);
/* The lock word in the arena's head (set when the arena is mapped). */
extern uint32_t *core_lock_word;

/*
 * The calling thread's kernel id. By default a system call; the shim
 * installs a cheaper one (a per-thread cache kept right across fork).
 */
extern uint32_t (*core_tid)(void);
uint32_t core_tid_syscall(void);

int core_lock_slow(uint32_t self);
void core_unlock_slow(void);

/* Did the last core_lock() on this process roll a dead holder back? For
 * the tests that kill a holder on purpose. */
extern unsigned long core_recoveries;

static inline int core_lock(void)
{
	uint32_t self, v = 0;

	if (__builtin_expect(!__atomic_load_n(&core_ready, __ATOMIC_ACQUIRE),
			     0)) {
		int r = core_first_use();

		if (r < 0)
			return r;
	}
	self = core_tid();
	if (!__atomic_compare_exchange_n(core_lock_word, &v, self, 0,
					 __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) {
		int r;

		if ((v & FUTEX_TID_MASK) == self)
			return -EDEADLK;
		r = core_lock_slow(self);
		if (r < 0)
			return r;
	}
	if (journal_begin())
		core_recoveries++;
	return 0;
}

/*
 * The lock for work no undo can cover and that runs while the sandbox has
 * one process (loading images before it starts) or none (the export after
 * it ended): nothing is journaled until core_unlock().
 */
static inline int core_lock_bulk(void)
{
	int r = core_lock();

	if (r == 0)
		journal_commit();
	return r;
}

/*
 * The holder's id is the one in the word (the kernel adds only its flag
 * bits there while it is held): read back, not asked for again, which on
 * the trap path is a system call.
 */
static inline void core_unlock(void)
{
	uint32_t v = __atomic_load_n(core_lock_word, __ATOMIC_RELAXED) &
		     FUTEX_TID_MASK;

	journal_commit();
	if (!__atomic_compare_exchange_n(core_lock_word, &v, 0, 0,
					 __ATOMIC_RELEASE, __ATOMIC_RELAXED))
		core_unlock_slow();
}

#endif
