/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The core lock across fork: a thread that forks while another holds the
 * lock would leave the child with a lock nobody will release. fork()
 * through libc takes the lock first and releases it on both sides. (A raw
 * clone that bypasses libc gets no such care; such a child may hang, never
 * escape.)
 */
#include <pthread.h>

#include "lock.h"

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
