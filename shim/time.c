/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Time: every libc name that reads a clock goes through the clock
 * handler, so that a custom or virtual clock is the program's only clock
 * (glibc's time and gettimeofday read the vDSO directly, not through
 * clock_gettime).
 */
#include <sys/time.h>
#include <sys/timeb.h>
#include <time.h>

#include "hooks/hooks.h"
#include "shim/shim.h"

TAMAGO_EXPORT int clock_gettime(clockid_t id, struct timespec *ts)
{
	return (int)shim_ret(hooks_clock(id, ts));
}

TAMAGO_EXPORT time_t time(time_t *t)
{
	struct timespec ts;

	if (shim_ret(hooks_clock(CLOCK_REALTIME, &ts)) < 0)
		return (time_t)-1;
	if (t)
		*t = ts.tv_sec;
	return ts.tv_sec;
}

/*
 * Declared nonnull, yet glibc's own accepts NULL: so does this one. The
 * empty asm hides where out came from, so that no compiler drops the
 * check (or warns about it) on the strength of the declaration.
 */
TAMAGO_EXPORT int gettimeofday(struct timeval *restrict tv,
			       void *restrict tz)
{
	struct timeval *out = tv;
	struct timespec ts;

	__asm__("" : "+r"(out));
	if (tz)
		((struct timezone *)tz)->tz_minuteswest =
			((struct timezone *)tz)->tz_dsttime = 0;
	if (!out)
		return 0;
	if (shim_ret(hooks_clock(CLOCK_REALTIME, &ts)) < 0)
		return -1;
	out->tv_sec = ts.tv_sec;
	out->tv_usec = ts.tv_nsec / 1000;
	return 0;
}

TAMAGO_EXPORT int timespec_get(struct timespec *ts, int base)
{
	if (base != TIME_UTC || hooks_clock(CLOCK_REALTIME, ts) < 0)
		return 0;
	return base;
}

/* The old BSD clock: whole milliseconds, no time zone (as glibc's). */
TAMAGO_EXPORT int ftime(struct timeb *tb)
{
	struct timespec ts;

	if (shim_ret(hooks_clock(CLOCK_REALTIME, &ts)) < 0)
		return -1;
	tb->time = ts.tv_sec;
	tb->millitm = (unsigned short)(ts.tv_nsec / 1000000);
	tb->timezone = 0;
	tb->dstflag = 0;
	return 0;
}
