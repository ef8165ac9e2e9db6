/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A path looked up again is found from what the last lookup of it found,
 * while nothing changed (fs/tree.c): every change that moves where a path
 * leads must show at the next lookup, made here or by another process,
 * from the root, the working directory or a directory fd.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static void fail(const char *what)
{
	printf("lookups: FAIL %s (%s)\n", what, strerror(errno));
	exit(1);
}

/* Looks path up often enough for it to be kept; its size, or -errno. */
static long size_of(const char *path)
{
	struct stat st;
	long r = 0;

	for (int i = 0; i < 3; i++)
		r = stat(path, &st) < 0 ? -errno : (long)st.st_size;
	return r;
}

static void want(const char *path, long size, const char *what)
{
	long got = size_of(path);

	if (got != size) {
		printf("lookups: FAIL %s: %s gives %ld, want %ld\n", what,
		       path, got, size);
		exit(1);
	}
}

static void put(const char *path, size_t n)
{
	static const char buf[256];
	int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);

	if (fd < 0 || write(fd, buf, n) != (ssize_t)n || close(fd) < 0)
		fail(path);
}

static void run_child(void (*fn)(void))
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		fail("fork");
	if (pid == 0) {
		fn();
		_exit(0);
	}
	if (waitpid(pid, &status, 0) != pid || status != 0)
		fail("child");
}

static void child_renames_back(void)
{
	if (rename("/tmp/lkd/x", "/tmp/lkd/a") < 0)
		_exit(1);
}

static void child_swaps_files(void)
{
	if (rename("/tmp/lkd/a/b/c", "/tmp/lkd/t") < 0 ||
	    rename("/tmp/lkd/a/b/d", "/tmp/lkd/a/b/c") < 0 ||
	    rename("/tmp/lkd/t", "/tmp/lkd/a/b/d") < 0)
		_exit(1);
}

int main(void)
{
	int dfd;

	if (mkdir("/tmp/lkd", 0755) < 0 || mkdir("/tmp/lkd/a", 0755) < 0 ||
	    mkdir("/tmp/lkd/a/b", 0755) < 0 || mkdir("/tmp/lkd/y", 0755) < 0)
		fail("mkdir");
	put("/tmp/lkd/a/b/c", 10);
	put("/tmp/lkd/a/b/d", 20);
	put("/tmp/lkd/y/c", 30);
	want("/tmp/lkd/a/b/c", 10, "made");

	/* A directory on the way renamed, here and by another process. */
	if (rename("/tmp/lkd/a", "/tmp/lkd/x") < 0)
		fail("rename");
	want("/tmp/lkd/a/b/c", -ENOENT, "old path after a rename");
	want("/tmp/lkd/x/b/c", 10, "new path after a rename");
	run_child(child_renames_back);
	want("/tmp/lkd/a/b/c", 10, "renamed back by a child");
	want("/tmp/lkd/x/b/c", -ENOENT, "renamed back by a child");

	/* Files swapped by another process. */
	want("/tmp/lkd/a/b/d", 20, "before the swap");
	run_child(child_swaps_files);
	want("/tmp/lkd/a/b/c", 20, "swapped by a child");
	want("/tmp/lkd/a/b/d", 10, "swapped by a child");

	/* The same relative path from two working directories. */
	if (chdir("/tmp/lkd/a/b") < 0)
		fail("chdir");
	want("c", 20, "relative, first directory");
	if (chdir("/tmp/lkd/y") < 0)
		fail("chdir");
	want("c", 30, "relative, second directory");
	if (chdir("/tmp/lkd/a/b") < 0)
		fail("chdir");
	want("c", 20, "relative, first directory again");

	/* From a directory fd, whose directory then moves. */
	dfd = open("/tmp/lkd/a", O_RDONLY | O_DIRECTORY);
	if (dfd < 0)
		fail("open dir");
	for (int i = 0; i < 3; i++) {
		struct stat st;

		if (fstatat(dfd, "b/c", &st, 0) < 0 || st.st_size != 20)
			fail("fstatat");
	}
	if (rename("/tmp/lkd/a/b", "/tmp/lkd/y/b") < 0)
		fail("rename b");
	{
		struct stat st;

		if (fstatat(dfd, "b/c", &st, 0) == 0 || errno != ENOENT)
			fail("fstatat after its directory moved away");
	}
	want("/tmp/lkd/y/b/c", 20, "moved with its directory");
	close(dfd);

	/* A symlink on the way, pointed elsewhere. */
	if (symlink("/tmp/lkd/y", "/tmp/lkd/l") < 0)
		fail("symlink");
	want("/tmp/lkd/l/c", 30, "through a symlink");
	if (unlink("/tmp/lkd/l") < 0 || symlink("/tmp/lkd/y/b", "/tmp/lkd/l") < 0)
		fail("symlink again");
	want("/tmp/lkd/l/c", 20, "through the symlink pointed elsewhere");

	/* Removed, made again as another kind. */
	if (unlink("/tmp/lkd/y/c") < 0 || mkdir("/tmp/lkd/y/c", 0700) < 0)
		fail("remake");
	{
		struct stat st;

		if (stat("/tmp/lkd/y/c", &st) < 0 || !S_ISDIR(st.st_mode))
			fail("a directory where a file was");
	}
	puts("lookups: ok");
	return 0;
}
