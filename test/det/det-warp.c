/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Sleeps 10 s (sleep, then nanosleep, usleep, clock_nanosleep and poll
 * for the rest) and prints how far the clock moved in seconds
 * (test/det/det-warp.sh: under TAMAGO_TIME_WARP=1 that is at least 10
 * while hardly any real time passes).
 */
#include <poll.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static double now(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(void)
{
	struct timespec two = { 2, 0 }, abs;
	double rt = now(CLOCK_REALTIME), mono = now(CLOCK_MONOTONIC);

	sleep(4);
	nanosleep(&two, NULL);
	usleep(1000000);
	clock_nanosleep(CLOCK_MONOTONIC, 0, &two, NULL);
	clock_gettime(CLOCK_REALTIME, &abs);
	abs.tv_sec += 0;
	abs.tv_nsec += 500000000;
	if (abs.tv_nsec >= 1000000000) {
		abs.tv_sec++;
		abs.tv_nsec -= 1000000000;
	}
	clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, &abs, NULL);
	poll(NULL, 0, 500);
	printf("realtime advanced %.3f\n", now(CLOCK_REALTIME) - rt);
	printf("monotonic advanced %.3f\n", now(CLOCK_MONOTONIC) - mono);
	return 0;
}
