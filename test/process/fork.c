/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fork while other threads are inside the core: the child must never
 * inherit a held core lock. Two threads open and close files in a loop
 * while the main thread forks children that use the file system at once.
 */
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "test/lib/check.h"

static volatile int stop;

static void *churn(void *arg)
{
	char path[64];
	int i = 0;

	snprintf(path, sizeof(path), "/tmp/churn-%ld", (long)arg);
	while (!stop) {
		int fd = open(path, O_CREAT | O_RDWR | O_TRUNC, 0600);

		CHECK(fd >= 0 && write(fd, "x", 1) == 1 && close(fd) == 0);
		CHECK(unlink(path) == 0);
		i++;
	}
	return NULL;
}

int main(void)
{
	pthread_t t[2];
	long i;

	alarm(60);
	for (i = 0; i < 2; i++)
		CHECK(pthread_create(&t[i], NULL, churn, (void *)i) == 0);
	for (i = 0; i < 200; i++) {
		pid_t pid = fork();
		int status;

		CHECK(pid >= 0);
		if (pid == 0) {
			struct stat st;
			int fd;

			alarm(10);
			fd = open("/tmp/in-child", O_CREAT | O_RDWR, 0600);
			_exit(fd >= 0 && stat("/tmp", &st) == 0 ? 0 : 1);
		}
		CHECK(waitpid(pid, &status, 0) == pid);
		CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	}
	stop = 1;
	for (i = 0; i < 2; i++)
		CHECK(pthread_join(t[i], NULL) == 0);
	/* The child's file system was its own copy. */
	CHECK(access("/tmp/in-child", F_OK) < 0 && errno == ENOENT);
	printf("fork: ok\n");
	return 0;
}
