/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A linked library whose constructor glibc runs before the preloaded
 * shim's: it tries to get out itself, and starts a thread that tries again
 * once main has begun (the seal must reach it too: TSYNC).
 */
#include <pthread.h>
#include <time.h>

#include "early.h"

static pthread_t thread;
static volatile int go;

static void *later(void *arg)
{
	struct timespec ts = { 0, 1000000 };

	(void)arg;
	while (!go)
		nanosleep(&ts, NULL);
	early_try("early-thread");
	return NULL;
}

__attribute__((constructor)) static void early_libctor(void)
{
	early_try("early-libctor");
	pthread_create(&thread, NULL, later, NULL);
}

int early_lib_linked(void)
{
	go = 1;
	pthread_join(thread, NULL);
	return 1;
}
