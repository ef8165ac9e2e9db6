/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Costs of everyday file operations, in nanoseconds per operation, under
 * the root directory given: fsops.sh runs it natively on a tmpfs and under
 * the shim, and prints both with their ratio. "trap" rows reach the shim
 * through SIGSYS (glibc's internal calls, libc's syscall()), the others
 * through its libc overrides.
 *   fsops ROOT
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "../programs/legacy.h"

static double now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e9 + t.tv_nsec;
}

#define BENCH(name, n, body)                                                 \
	do {                                                                 \
		double t0 = now_ns();                                        \
		for (long i_ = 0; i_ < (n); i_++) {                          \
			body;                                                \
		}                                                            \
		printf("%-28s %8.0f\n", name, (now_ns() - t0) / (n));        \
	} while (0)

int main(int argc, char **argv)
{
	char dir[256], file[300], path[320];
	struct stat st;
	long n = argc > 2 ? atol(argv[2]) : 20000;
	int fd, i;

	if (argc < 2)
		return 2;
	snprintf(dir, sizeof(dir), "%s/bench", argv[1]);
	snprintf(file, sizeof(file), "%s/file", dir);
	if (mkdir(dir, 0755) < 0)
		return 1;
	fd = open(file, O_CREAT | O_WRONLY, 0644);
	if (fd < 0 || write(fd, "0123456789", 10) != 10 || close(fd) < 0)
		return 1;
	for (i = 0; i < 50; i++) {
		snprintf(path, sizeof(path), "%s/entry-%02d", dir, i);
		close(open(path, O_CREAT | O_WRONLY, 0644));
	}
	BENCH("getppid (no file system)", n, getppid());
	BENCH("stat", n, stat(file, &st));
	BENCH("stat via syscall() (trap)", n,
	      legacy_fstatat(AT_FDCWD, file, &st, 0));
	BENCH("open+close", n, close(open(file, O_RDONLY)));
	BENCH("open+read+close", n, {
		char b[16];
		int f = open(file, O_RDONLY);
		if (read(f, b, sizeof(b)) < 0)
			return 1;
		close(f);
	});
	BENCH("fopen+fgets+fclose", n / 4, {
		char b[16];
		FILE *f = fopen(file, "r");
		if (!fgets(b, sizeof(b), f))
			return 1;
		fclose(f);
	});
	BENCH("create+write+unlink", n / 4, {
		int f = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);
		if (write(f, "x", 1) != 1)
			return 1;
		close(f);
		unlink(path);
	});
	BENCH("opendir+readdir 50", n / 20, {
		DIR *d = opendir(dir);
		while (readdir(d))
			;
		closedir(d);
	});
	BENCH("mkdir+rmdir", n / 4, {
		mkdir(path, 0755);
		rmdir(path);
	});
	return 0;
}
