/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The cost of an allowed system call: a getppid loop, best of several
 * rounds, in nanoseconds per call. bench.sh runs it natively and under
 * the sealed filter in the same run and prints the ratio.
 *
 *   getppid [calls-per-round]
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "core/sys.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

int main(int argc, char **argv)
{
	long calls = argc > 1 ? atol(argv[1]) : 1000000, i;
	double best = 0;
	int round;

	for (round = 0; round < 7; round++) {
		double t = now(), ns;

		for (i = 0; i < calls; i++)
			sys3(SYS_getppid, 0, 0, 0);
		ns = (now() - t) / (double)calls;
		if (round == 0 || ns < best)
			best = ns;
	}
	printf("%.1f\n", best);
	return 0;
}
