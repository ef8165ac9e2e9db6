/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The clock and sleep calls, as trapped system calls: the filter traps
 * them only in a reproducible run (seal/policy.c, rules_det), where,
 * under the virtual clock, the loader has hidden the vDSO so that glibc
 * and Go make them. uname too: the sandbox's host name.
 * The _time64 calls (32-bit arm) take 64-bit times whatever time_t is.
 */
#include <errno.h>
#include <stdint.h>
#include <sys/time.h>
#include <sys/utsname.h>
#include <time.h>

#include "hooks/hooks.h"
#include "trap/trap.h"

struct ts64 {
	int64_t sec;
	int64_t nsec;
};

long trap_clock_gettime(const long *a)
{
	return hooks_clock((clockid_t)a[0], (struct timespec *)a[1]);
}

long trap_clock_gettime64(const long *a)
{
	struct ts64 *out = (struct ts64 *)a[1];
	struct timespec ts;
	long r = hooks_clock((clockid_t)a[0], &ts);

	if (r == 0) {
		out->sec = ts.tv_sec;
		out->nsec = ts.tv_nsec;
	}
	return r;
}

long trap_gettimeofday(const long *a)
{
	struct timeval *tv = (struct timeval *)a[0];
	struct timezone *tz = (struct timezone *)a[1];
	struct timespec ts;
	long r;

	if (tz)
		tz->tz_minuteswest = tz->tz_dsttime = 0;
	if (!tv)
		return 0;
	r = hooks_clock(CLOCK_REALTIME, &ts);
	if (r == 0) {
		tv->tv_sec = ts.tv_sec;
		tv->tv_usec = ts.tv_nsec / 1000;
	}
	return r;
}

long trap_time(const long *a)
{
	struct timespec ts;
	long r = hooks_clock(CLOCK_REALTIME, &ts);

	if (r < 0)
		return r;
	if (a[0])
		*(time_t *)a[0] = ts.tv_sec;
	return (long)ts.tv_sec;
}

long trap_clock_nanosleep(const long *a)
{
	return hooks_sleep((clockid_t)a[0], (int)a[1],
			   (const struct timespec *)a[2],
			   (struct timespec *)a[3]);
}

long trap_clock_nanosleep_time64(const long *a)
{
	const struct ts64 *in = (const struct ts64 *)a[2];
	struct ts64 *rem64 = (struct ts64 *)a[3];
	struct timespec req, rem;
	long r;

	req.tv_sec = (time_t)in->sec;
	req.tv_nsec = (long)in->nsec;
	r = hooks_sleep((clockid_t)a[0], (int)a[1], &req, rem64 ? &rem : NULL);
	if (r == -EINTR && rem64) {
		rem64->sec = rem.tv_sec;
		rem64->nsec = rem.tv_nsec;
	}
	return r;
}

long trap_uname(const long *a)
{
	return hooks_uname((struct utsname *)a[0]);
}
