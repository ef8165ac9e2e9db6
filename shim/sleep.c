/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Sleeps and timeouts under the virtual clock (TAMAGO_TIME): a sleep
 * lasts its virtual length, and under TAMAGO_TIME_WARP=1 it ends at once
 * and the clock advances by it (hooks_sleep); a wait with a timeout
 * first looks whether anything is ready, and if nothing is, the clock
 * advances by the timeout and the wait ends (hooks_warp_timeout).
 * Without the virtual clock each name is libc's own, unchanged.
 */
#include <dlfcn.h>
#include <poll.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <time.h>
#include <unistd.h>

#include "hooks/hooks.h"
#include "shim/shim.h"

#define NSEC 1000000000LL

/* libc's own function of that name, found once. */
#define REAL(name)                                                           \
	static __typeof__(name) *real_;                                      \
	if (!__atomic_load_n(&real_, __ATOMIC_ACQUIRE))                      \
		__atomic_store_n(&real_,                                     \
				 (__typeof__(name) *)dlsym(RTLD_NEXT, #name), \
				 __ATOMIC_RELEASE)

TAMAGO_EXPORT int clock_nanosleep(clockid_t id, int flags,
				  const struct timespec *req,
				  struct timespec *rem)
{
	REAL(clock_nanosleep);
	if (!hooks_clock_is_virtual())
		return real_(id, flags, req, rem);
	/* Its errors are returned, not set in errno. */
	return (int)-hooks_sleep(id, flags, req, rem);
}

TAMAGO_EXPORT int nanosleep(const struct timespec *req, struct timespec *rem)
{
	REAL(nanosleep);
	if (!hooks_clock_is_virtual())
		return real_(req, rem);
	return (int)shim_ret(hooks_sleep(CLOCK_MONOTONIC, 0, req, rem));
}

TAMAGO_EXPORT int usleep(useconds_t us)
{
	struct timespec req = { (time_t)(us / 1000000),
				(long)(us % 1000000) * 1000 };

	REAL(usleep);
	if (!hooks_clock_is_virtual())
		return real_(us);
	return (int)shim_ret(hooks_sleep(CLOCK_MONOTONIC, 0, &req, NULL));
}

TAMAGO_EXPORT unsigned int sleep(unsigned int s)
{
	struct timespec req = { (time_t)s, 0 }, rem = { 0, 0 };

	REAL(sleep);
	if (!hooks_clock_is_virtual())
		return real_(s);
	if (hooks_sleep(CLOCK_MONOTONIC, 0, &req, &rem) == -EINTR)
		return (unsigned int)rem.tv_sec + (rem.tv_nsec > 0);
	return 0;
}

/* Under warp, a wait of timeout_ns (> 0) that found nothing ready with
 * a zero timeout (r == 0) ends now; else it waits as asked. */
static bool warped(long r, long long timeout_ns)
{
	return r == 0 && hooks_warp_timeout(timeout_ns);
}

/* Is warp on (a timeout of 0 only asks)? */
static bool warp_on(void)
{
	return hooks_clock_is_virtual() && hooks_warp_timeout(0);
}

TAMAGO_EXPORT int poll(struct pollfd *fds, nfds_t n, int timeout)
{
	int r;

	REAL(poll);
	if (timeout <= 0 || !warp_on())
		return real_(fds, n, timeout);
	r = real_(fds, n, 0);
	if (warped(r, timeout * 1000000LL))
		return 0;
	return r;
}

TAMAGO_EXPORT int ppoll(struct pollfd *fds, nfds_t n,
			const struct timespec *t, const sigset_t *mask)
{
	static const struct timespec zero;
	int r;

	REAL(ppoll);
	if (!t || (!t->tv_sec && !t->tv_nsec) || !warp_on())
		return real_(fds, n, t, mask);
	r = real_(fds, n, &zero, mask);
	if (warped(r, (long long)t->tv_sec * NSEC + t->tv_nsec))
		return 0;
	return r;
}

TAMAGO_EXPORT int select(int n, fd_set *rd, fd_set *wr, fd_set *ex,
			 struct timeval *t)
{
	fd_set sr, sw, se;
	struct timeval zero = { 0, 0 };
	long long ns;
	int r;

	REAL(select);
	if (!t || (!t->tv_sec && !t->tv_usec) || !warp_on())
		return real_(n, rd, wr, ex, t);
	/* A zero-timeout look clears the sets when nothing is ready; the
	 * caller's are kept for the wait that follows a ready one. */
	if (rd)
		sr = *rd;
	if (wr)
		sw = *wr;
	if (ex)
		se = *ex;
	r = real_(n, rd, wr, ex, &zero);
	ns = (long long)t->tv_sec * NSEC + t->tv_usec * 1000LL;
	if (warped(r, ns)) {
		t->tv_sec = 0;
		t->tv_usec = 0;
		return 0;
	}
	if (r < 0) {
		if (rd)
			*rd = sr;
		if (wr)
			*wr = sw;
		if (ex)
			*ex = se;
	}
	return r;
}

TAMAGO_EXPORT int pselect(int n, fd_set *rd, fd_set *wr, fd_set *ex,
			  const struct timespec *t, const sigset_t *mask)
{
	static const struct timespec zero;
	int r;

	REAL(pselect);
	if (!t || (!t->tv_sec && !t->tv_nsec) || !warp_on())
		return real_(n, rd, wr, ex, t, mask);
	r = real_(n, rd, wr, ex, &zero, mask);
	if (warped(r, (long long)t->tv_sec * NSEC + t->tv_nsec))
		return 0;
	return r;
}

TAMAGO_EXPORT int epoll_wait(int epfd, struct epoll_event *ev, int max,
			     int timeout)
{
	int r;

	REAL(epoll_wait);
	if (timeout <= 0 || !warp_on())
		return real_(epfd, ev, max, timeout);
	r = real_(epfd, ev, max, 0);
	if (warped(r, timeout * 1000000LL))
		return 0;
	return r;
}

TAMAGO_EXPORT int epoll_pwait(int epfd, struct epoll_event *ev, int max,
			      int timeout, const sigset_t *mask)
{
	int r;

	REAL(epoll_pwait);
	if (timeout <= 0 || !warp_on())
		return real_(epfd, ev, max, timeout, mask);
	r = real_(epfd, ev, max, 0, mask);
	if (warped(r, timeout * 1000000LL))
		return 0;
	return r;
}
