/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The cost of one clock read, each way a program reads the clock:
 * libc's clock_gettime (the shim's override when preloaded), the raw
 * system call (libc's syscall(): under the virtual clock, the trap
 * path), and time(). Prints ns per read for each; clock-read.sh runs it
 * natively and in the sandbox with and without the virtual clock.
 *   bench-clock-read [N]
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static double now_ns(void)
{
	struct timespec ts;

	/* Under a running virtual clock (clock-read.sh uses TAMAGO_TIME=+0)
	 * virtual time passes as the host's does: a fair stopwatch. */
	clock_gettime(CLOCK_MONOTONIC_RAW, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 200000, i;
	struct timespec ts;
	double t0, t1, t2, t3;

	t0 = now_ns();
	for (i = 0; i < n; i++)
		clock_gettime(CLOCK_REALTIME, &ts);
	t1 = now_ns();
	for (i = 0; i < n; i++)
		syscall(SYS_clock_gettime, CLOCK_REALTIME, &ts);
	t2 = now_ns();
	for (i = 0; i < n; i++)
		(void)time(NULL);
	t3 = now_ns();
	printf("%.1f %.1f %.1f\n", (t1 - t0) / n, (t2 - t1) / n,
	       (t3 - t2) / n);
	return 0;
}
