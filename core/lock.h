/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The core lock: one futex mutex for all of the file system and network
 * state. It is taken on the libc path and inside the SIGSYS handler; the
 * core makes only allowed calls, so a trapped call can never interrupt a
 * holder. A program's own signal handler can: if it calls back into the
 * core on the thread that holds the lock, core_lock() refuses with
 * -EDEADLK instead of hanging.
 *
 * The lock is also the core's entry gate: a program's own libraries run
 * their constructors before the shim's, and may already call into the
 * core; the first such call starts the shim there (core_first_use).
 */
#ifndef TAMAGO_LOCK_H
#define TAMAGO_LOCK_H

#include <errno.h>
#include <linux/futex.h>

#include "core/sys.h"

extern int core_lock_word;
extern int core_ready;
int core_first_use(void);
/* Makes the lock safe across fork (lock.c); called by fs_init(). */
int core_lock_init(void);
extern __thread int core_lock_held __attribute__((tls_model("initial-exec")));

static inline int core_lock(void)
{
	int c = 0;

	if (__builtin_expect(!__atomic_load_n(&core_ready, __ATOMIC_ACQUIRE), 0)) {
		int r = core_first_use();

		if (r < 0)
			return r;
	}
	if (core_lock_held)
		return -EDEADLK;
	if (!__atomic_compare_exchange_n(&core_lock_word, &c, 1, 0,
					 __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) {
		if (c != 2)
			c = __atomic_exchange_n(&core_lock_word, 2,
						__ATOMIC_ACQUIRE);
		while (c != 0) {
			sys_futex(&core_lock_word, FUTEX_WAIT_PRIVATE, 2);
			c = __atomic_exchange_n(&core_lock_word, 2,
						__ATOMIC_ACQUIRE);
		}
	}
	core_lock_held = 1;
	return 0;
}

static inline void core_unlock(void)
{
	core_lock_held = 0;
	if (__atomic_exchange_n(&core_lock_word, 0, __ATOMIC_RELEASE) == 2)
		sys_futex(&core_lock_word, FUTEX_WAKE_PRIVATE, 1);
}

#endif
