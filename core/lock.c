/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The core lock, its start gate, and the lock across fork: a thread that
 * forks while another holds the lock would leave the child with a lock
 * nobody will release. fork() through libc takes the lock first and
 * releases it on both sides. (A raw
 * clone that bypasses libc gets no such care; such a child may hang, never
 * escape.)
 */
#include <pthread.h>

#include "core/lock.h"

int core_lock_word;
int core_ready;
__thread int core_lock_held __attribute__((tls_model("initial-exec")));

/*
 * The start gate. Defined by the shim (shim/init.c); absent when the core
 * is linked alone, as in the unit tests, which call fs_init() themselves.
 * (The one call upward; the loader that starts the core before the
 * program's first instruction removes it.)
 */
extern void shim_early_init(void) __attribute__((weak));

int core_first_use(void)
{
	if (shim_early_init)
		shim_early_init();
	return __atomic_load_n(&core_ready, __ATOMIC_ACQUIRE) ? 0 : -ENOSYS;
}

/* Whether this thread's prepare took the lock (not if it already held
 * it: a fork from a signal handler that interrupted the core). */
static __thread int took __attribute__((tls_model("initial-exec")));

static void prepare(void)
{
	took = core_lock() == 0;
}

static void release(void)
{
	if (took) {
		took = 0;
		core_unlock();
	}
}

int core_lock_init(void)
{
	static int done;

	if (done)
		return 0;
	done = 1;
	return -pthread_atfork(prepare, release, release);
}
