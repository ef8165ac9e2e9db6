/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Many threads make raw openat calls at once under --raw=log, each on a
 * path of its own (a different length for each thread): every report must
 * name the path its own thread gave. The report copies the program's
 * memory through scratch space; two threads sharing a slot of it would
 * show one thread's path in the other's report. 130 threads, so that
 * thread ids 64 apart are alive together.
 *   raw-threads       prints "raw-threads: ok"; the test counts the
 *                     reports per path on stderr
 */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "core/sys.h"
#include "test/lib/check.h"

#define THREADS 130
#define CALLS 100

static pthread_barrier_t start;

static void *worker(void *arg)
{
	long id = (long)arg;
	char path[128];
	int i, len = (int)(id % 100) + 1;

	/* "/tmp/raw-<id>-" and then id % 100 + 1 letters: the lengths of
	 * threads 64 apart differ, and the report shows the whole path. */
	i = snprintf(path, 32, "/tmp/raw-%ld-", id);
	memset(path + i, 'a' + id % 26, (size_t)len);
	path[i + len] = '\0';
	pthread_barrier_wait(&start);
	for (i = 0; i < CALLS; i++)
		CHECK(sys_openat(AT_FDCWD, path, O_RDONLY, 0) == -ENOENT);
	return NULL;
}

int main(void)
{
	pthread_t t[THREADS];
	long i;

	CHECK(pthread_barrier_init(&start, NULL, THREADS) == 0);
	for (i = 0; i < THREADS; i++)
		CHECK(pthread_create(&t[i], NULL, worker, (void *)i) == 0);
	for (i = 0; i < THREADS; i++)
		CHECK(pthread_join(t[i], NULL) == 0);
	printf("raw-threads: ok\n");
	return 0;
}
