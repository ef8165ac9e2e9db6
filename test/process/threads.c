/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Four threads doing file work at once in /tmp: each creates, writes,
 * renames, reads back, lists and deletes its own files many times, all
 * going through the one core lock.
 */
#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "test/lib/check.h"

#define THREADS 4
#define ROUNDS 300

static void *work(void *arg)
{
	long id = (long)arg;
	char dir[64], a[96], b[96], buf[96], want[96];
	int i, fd;

	snprintf(dir, sizeof(dir), "/tmp/t%ld", id);
	CHECK(mkdir(dir, 0700) == 0);
	for (i = 0; i < ROUNDS; i++) {
		struct stat st;

		snprintf(a, sizeof(a), "%s/f%d", dir, i);
		snprintf(b, sizeof(b), "%s/g%d", dir, i);
		snprintf(want, sizeof(want), "thread %ld round %d", id, i);
		fd = open(a, O_CREAT | O_TRUNC | O_RDWR, 0600);
		CHECK(fd >= 0);
		CHECK(write(fd, want, strlen(want)) == (ssize_t)strlen(want));
		CHECK(close(fd) == 0);
		CHECK(rename(a, b) == 0);
		CHECK(stat(b, &st) == 0 && st.st_size == (off_t)strlen(want));
		fd = open(b, O_RDONLY);
		CHECK(fd >= 0);
		memset(buf, 0, sizeof(buf));
		CHECK(read(fd, buf, sizeof(buf)) == (ssize_t)strlen(want));
		CHECK(!strcmp(buf, want));
		CHECK(close(fd) == 0);
		if (i % 2)
			CHECK(unlink(b) == 0);
	}
	{
		DIR *d = opendir(dir);
		struct dirent *e;
		int n = 0;

		CHECK(d);
		while ((e = readdir(d)))
			if (e->d_name[0] == 'g') {
				CHECK(snprintf(b, sizeof(b), "%s/%s", dir,
					       e->d_name) < (int)sizeof(b));
				CHECK(unlink(b) == 0);
				n++;
			}
		closedir(d);
		CHECK(n == ROUNDS / 2);
	}
	CHECK(rmdir(dir) == 0);
	return NULL;
}

int main(void)
{
	pthread_t t[THREADS];
	long i;

	for (i = 0; i < THREADS; i++)
		CHECK(pthread_create(&t[i], NULL, work, (void *)i) == 0);
	for (i = 0; i < THREADS; i++)
		CHECK(pthread_join(t[i], NULL) == 0);
	printf("threads: ok\n");
	return 0;
}
