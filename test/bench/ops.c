/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The operations bench.py times, run the same way natively, under the
 * shim and under each peer; each prints "<op> <ns per op>" lines.
 *
 *   ops files DIR MS  stat; open + read 4 KiB + close; create + write
 *                     4 KiB + close + unlink; opendir + readdir of 1,000
 *                     entries + closedir; getppid
 *   ops raw DIR MS    a stat made with the syscall instruction itself
 *                     (what the shim traps and emulates with --raw=emulate)
 *   ops exec MS [PROG [ARG...]]
 *                     fork + exec PROG (default /bin/true) + wait, PROG
 *                     exiting 0; "exec refused" when the sandbox refuses
 *                     the exec
 * (each operation repeated for about MS milliseconds)
 *   ops inodes DIR N  after "go" on stdin, N empty files; prints "ready"
 *                     and waits for stdin to close (bench.py measures the
 *                     machine's memory meanwhile)
 *
 * DIR must be /tmp (inside a sandbox) or a scratch directory the caller
 * made under /dev/shm (natively): this program writes nowhere else.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/sys.h"
#include "test/lib/legacy.h"

#define LISTED 1000

static double now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

static void die(const char *what)
{
	fprintf(stderr, "ops: %s: %s\n", what, strerror(errno));
	exit(1);
}

/* Refuses any directory but a sandbox's /tmp or a /dev/shm scratch one. */
static void check_dir(const char *dir)
{
	if (strcmp(dir, "/tmp") &&
	    strncmp(dir, "/dev/shm/tamago-bench.", 22)) {
		fprintf(stderr, "ops: %s: not /tmp or a /dev/shm/tamago-bench."
				"* scratch directory\n", dir);
		exit(2);
	}
}

/* Budget of each timed operation, in ns (the MS argument). */
static double budget;

/*
 * Repeats body in doubling batches until the budget is spent, then prints
 * the mean: a slow sandbox gets fewer rounds, not a longer run.
 */
#define TIME(name, ...)                                                     \
	do {                                                                 \
		double t0_ = now_ns(), spent_;                               \
		long n_ = 0, batch_ = 1;                                     \
		do {                                                         \
			for (long i_ = 0; i_ < batch_; i_++) {               \
				__VA_ARGS__;                                 \
			}                                                    \
			n_ += batch_;                                        \
			batch_ *= 2;                                         \
			spent_ = now_ns() - t0_;                             \
		} while (spent_ < budget);                                   \
		printf("%s %.1f\n", name, spent_ / (double)n_);              \
	} while (0)

static void put_file(const char *path, const char *buf, size_t len)
{
	int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);

	if (fd < 0 || write(fd, buf, len) != (ssize_t)len || close(fd) < 0)
		die(path);
}

static int files(const char *dir)
{
	char base[256], file[300], fresh[300], list[300], path[400];
	static char buf[4096];
	struct stat st;
	long i;

	snprintf(base, sizeof(base), "%s/ops-%d", dir, (int)getpid());
	snprintf(file, sizeof(file), "%s/file", base);
	snprintf(fresh, sizeof(fresh), "%s/fresh", base);
	snprintf(list, sizeof(list), "%s/list", base);
	if (mkdir(base, 0755) < 0 || mkdir(list, 0755) < 0)
		die(base);
	memset(buf, 'x', sizeof(buf));
	put_file(file, buf, sizeof(buf));
	for (i = 0; i < LISTED; i++) {
		snprintf(path, sizeof(path), "%s/entry-%04ld", list, i);
		put_file(path, "", 0);
	}

	TIME("stat", {
		if (stat(file, &st) < 0)
			die("stat");
	});
	TIME("open-read", {
		int fd = open(file, O_RDONLY);

		if (fd < 0 || read(fd, buf, sizeof(buf)) != sizeof(buf))
			die("open-read");
		close(fd);
	});
	TIME("create-write", {
		put_file(fresh, buf, sizeof(buf));
		if (unlink(fresh) < 0)
			die("unlink");
	});
	TIME("list", {
		DIR *d = opendir(list);
		long seen = 0;

		if (!d)
			die("opendir");
		while (readdir(d))
			seen++;
		closedir(d);
		if (seen != LISTED + 2)
			die("readdir");
	});
	TIME("getppid", getppid());

	for (i = 0; i < LISTED; i++) {
		snprintf(path, sizeof(path), "%s/entry-%04ld", list, i);
		unlink(path);
	}
	unlink(file);
	rmdir(list);
	rmdir(base);
	return 0;
}

/* fstatat with the syscall instruction: no libc on the way. */
static int raw(const char *dir)
{
	char file[300];
	arch_kstat st;

	snprintf(file, sizeof(file), "%s/raw-%d", dir, (int)getpid());
	put_file(file, "raw", 3);
	TIME("raw-stat", {
		if (sys6(LEGACY_SYS_FSTATAT, AT_FDCWD, file, &st, 0, 0, 0) < 0)
			die("raw stat");
	});
	unlink(file);
	return 0;
}

/* fork + exec argv[0] + wait: 0, or the errno exec failed with. */
static int spawn(char *const argv[])
{
	int fds[2], status, err = 0;
	pid_t pid;

	if (pipe2(fds, O_CLOEXEC) < 0)
		die("pipe");
	pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		execv(argv[0], argv);
		err = errno;
		if (write(fds[1], &err, sizeof(err)) < 0)
			_exit(126);
		_exit(127);
	}
	close(fds[1]);
	if (read(fds[0], &err, sizeof(err)) != sizeof(err))
		err = 0;
	close(fds[0]);
	if (waitpid(pid, &status, 0) < 0)
		die("waitpid");
	if (!err && (!WIFEXITED(status) || WEXITSTATUS(status))) {
		fprintf(stderr, "ops: %s: exit status %#x\n", argv[0], status);
		exit(1);
	}
	return err;
}

static int exec_loop(char *const argv[])
{
	int err = spawn(argv);

	if (err) {
		printf("exec refused (%s)\n", strerror(err));
		return 0;
	}
	TIME("exec", {
		if (spawn(argv))
			die("exec");
	});
	return 0;
}

static int inodes(const char *dir, long n)
{
	char base[256], path[300], go[8];
	long i;

	snprintf(base, sizeof(base), "%s/inodes-%d", dir, (int)getpid());
	if (!fgets(go, sizeof(go), stdin))
		return 1;
	if (mkdir(base, 0755) < 0)
		die(base);
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/f%07ld", base, i);
		put_file(path, "", 0);
	}
	printf("ready\n");
	fflush(stdout);
	while (fgets(go, sizeof(go), stdin))
		;
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/f%07ld", base, i);
		unlink(path);
	}
	rmdir(base);
	return 0;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc >= 3 && !strcmp(argv[1], "exec")) {
		static char *true_argv[] = { "/bin/true", NULL };

		budget = atof(argv[2]) * 1e6;
		return exec_loop(argc > 3 ? argv + 3 : true_argv);
	}
	if (argc != 4) {
		fprintf(stderr, "usage: ops files|raw DIR MS, ops inodes DIR N, "
				"ops exec MS [PROG [ARG...]]\n");
		return 2;
	}
	check_dir(argv[2]);
	budget = atof(argv[3]) * 1e6;
	if (!strcmp(argv[1], "files"))
		return files(argv[2]);
	if (!strcmp(argv[1], "raw"))
		return raw(argv[2]);
	if (!strcmp(argv[1], "inodes"))
		return inodes(argv[2], atol(argv[3]));
	fprintf(stderr, "ops: unknown operation %s\n", argv[1]);
	return 2;
}
