/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The core lock's slow paths and its start gate (see lock.h).
 */
#include "core/lock.h"

int core_ready;
uint32_t *core_lock_word;
unsigned long core_recoveries;

uint32_t core_tid_syscall(void)
{
	return (uint32_t)sys3(SYS_gettid, 0, 0, 0);
}

uint32_t (*core_tid)(void) = core_tid_syscall;

/*
 * The start gate: the core is ready once the loader (or, in the unit
 * tests, fs_init) has started it, before the program's first
 * instruction; a call before that is refused. The shim starts itself
 * before its first call into the core (shim/api.c), so nothing here
 * calls upward.
 */
int core_first_use(void)
{
	return __atomic_load_n(&core_ready, __ATOMIC_ACQUIRE) ? 0 : -ENOSYS;
}

int core_lock_slow(uint32_t self)
{
	unsigned int einval = 0;

	for (;;) {
		/* The word as it was when the kernel judged its owner. */
		uint32_t v = __atomic_load_n(core_lock_word, __ATOMIC_ACQUIRE);
		long r;

		if (!v) {
			if (__atomic_compare_exchange_n(core_lock_word, &v,
							self, 0,
							__ATOMIC_ACQUIRE,
							__ATOMIC_RELAXED))
				return 0;
			continue;
		}
		r = sys6(SYS_futex, core_lock_word, FUTEX_LOCK_PI, 0, 0, 0, 0);
		if (r == 0)
			return 0;
		if (r == -EINTR || r == -EAGAIN)
			continue;
		if (r == -EDEADLK)
			return -EDEADLK;
		/*
		 * A holder killed while others waited: its exit hands the
		 * kernel's lock to a waiter, which writes its own id into the
		 * word only once it runs again; until then the word still
		 * names the dead holder, the kernel's state names no owner,
		 * and it refuses anyone else with EINVAL. A moment's wait
		 * ends that (bounded: any other inconsistency is returned).
		 */
		if (r == -EINVAL && ++einval < 100000) {
			sys6(SYS_sched_yield, 0, 0, 0, 0, 0, 0);
			continue;
		}
		if (r != -ESRCH)
			return (int)r;
		/*
		 * The owner is gone and left the lock held: take it over, if
		 * the word still names that owner. (Not whatever it holds
		 * now: another waiter told the same may have taken it over
		 * first, and a live holder's lock taken from it leaves two
		 * holders, and the kernel's waiters on it asleep for good.)
		 * Its operation is rolled back by journal_begin() in
		 * core_lock().
		 */
		if ((v & FUTEX_TID_MASK) != self &&
		    __atomic_compare_exchange_n(core_lock_word, &v, self, 0,
						__ATOMIC_ACQUIRE,
						__ATOMIC_RELAXED))
			return 0;
	}
}

void core_unlock_slow(void)
{
	/* Waiters: the kernel hands the lock to the first of them. */
	sys6(SYS_futex, core_lock_word, FUTEX_UNLOCK_PI, 0, 0, 0, 0);
}
