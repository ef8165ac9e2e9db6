/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * stat answers from the inode while no open file description of a file
 * exists (fs/store.c): every way a file's size or times change must still
 * show in the next stat, from this process and from another, whether the
 * change came through an fd held open, one inherited, dup'd, mapped, or
 * one opened after the numbers were kept.
 */
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char *file = "/tmp/statcache", *file2 = "/tmp/statcache2";

static void fail(const char *what)
{
	printf("statcache: FAIL %s (%s)\n", what, strerror(errno));
	exit(1);
}

static struct stat st_of(void)
{
	struct stat st;

	if (stat(file, &st) < 0)
		fail("stat");
	return st;
}

static void want_size(off_t size, const char *what)
{
	struct stat st = st_of();

	if (st.st_size != size) {
		printf("statcache: FAIL %s: size %lld, want %lld\n", what,
		       (long long)st.st_size, (long long)size);
		exit(1);
	}
}

static void put(int fd, size_t n)
{
	static const char buf[8192];

	if (write(fd, buf, n) != (ssize_t)n)
		fail("write");
}

/* Stats enough times for a kept answer, whatever the retry schedule. */
static void settle(void)
{
	for (int i = 0; i < 300; i++)
		st_of();
}

static bool ts_after(struct timespec a, struct timespec b)
{
	return a.tv_sec > b.tv_sec ||
	       (a.tv_sec == b.tv_sec && a.tv_nsec > b.tv_nsec);
}

static void pause_tick(void)
{
	struct timespec t = { 0, 20 * 1000 * 1000 };

	nanosleep(&t, NULL);
}

int main(void)
{
	struct stat before, after;
	int fd, fd2, status;
	char c;
	void *m;
	pid_t pid;

	/* Written, closed: kept. */
	fd = open(file, O_CREAT | O_WRONLY | O_TRUNC, 0644);
	if (fd < 0)
		fail("create");
	put(fd, 100);
	want_size(100, "while open");
	put(fd, 100);
	want_size(200, "written while open");
	close(fd);
	settle();
	want_size(200, "closed");

	/* Opened again after being kept: appends show. */
	fd = open(file, O_WRONLY | O_APPEND);
	if (fd < 0)
		fail("open append");
	want_size(200, "opened");
	put(fd, 50);
	want_size(250, "appended");
	settle();
	put(fd, 50);
	want_size(300, "appended after many stats");
	/* A dup outlives the fd it came from. */
	fd2 = dup(fd);
	close(fd);
	settle();
	put(fd2, 10);
	want_size(310, "written through a dup");
	close(fd2);
	settle();
	want_size(310, "dup closed");

	/* An fd inherited by a child that writes after its parent closed
	 * its own copy. */
	fd = open(file, O_WRONLY | O_APPEND);
	if (fd < 0)
		fail("open for a child");
	pid = fork();
	if (pid < 0)
		fail("fork");
	if (pid == 0) {
		pause_tick();
		put(fd, 90);
		_exit(0);
	}
	close(fd);
	settle();
	if (waitpid(pid, &status, 0) != pid || status != 0)
		fail("child");
	want_size(400, "written by a child through an inherited fd");

	/* Another process's stats and this one's share what is kept. */
	settle();
	pid = fork();
	if (pid == 0) {
		fd = open(file, O_WRONLY | O_APPEND);
		if (fd < 0)
			_exit(2);
		put(fd, 100);
		close(fd);
		_exit(0);
	}
	if (waitpid(pid, &status, 0) != pid || status != 0)
		fail("writer child");
	want_size(500, "written by another process");

	/* A shared mapping outlives its fd: a write through it moves the
	 * mtime (at the latest when synced). */
	before = st_of();
	pause_tick();
	fd = open(file, O_RDWR);
	if (fd < 0)
		fail("open rw");
	m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (m == MAP_FAILED)
		fail("mmap");
	close(fd);
	settle();
	memcpy(m, "mapped", 6);
	if (msync(m, 4096, MS_SYNC) < 0)
		fail("msync");
	after = st_of();
	if (!ts_after(after.st_mtim, before.st_mtim))
		fail("mtime after a write through a mapping");
	munmap(m, 4096);
	settle();

	/* truncate(2) and O_TRUNC. */
	if (truncate(file, 42) < 0)
		fail("truncate");
	want_size(42, "truncated");
	settle();
	fd = open(file, O_WRONLY | O_TRUNC);
	if (fd < 0)
		fail("O_TRUNC");
	close(fd);
	want_size(0, "opened with O_TRUNC");

	/* A read moves the atime once the file was written since. */
	fd = open(file, O_WRONLY);
	put(fd, 10);
	close(fd);
	before = st_of();
	settle();
	pause_tick();
	fd = open(file, O_RDONLY);
	if (fd < 0 || read(fd, &c, 1) != 1)
		fail("read");
	close(fd);
	after = st_of();
	if (!ts_after(after.st_atim, before.st_atim))
		fail("atime after a read");

	/* Times set by utimensat. */
	settle();
	{
		struct timespec t[2] = { { 1000, 0 }, { 2000, 0 } };

		if (utimensat(AT_FDCWD, file, t, 0) < 0)
			fail("utimensat");
	}
	after = st_of();
	if (after.st_atime != 1000 || after.st_mtime != 2000)
		fail("times set by utimensat");

	/* Renamed and linked: the same numbers under the new names. */
	settle();
	if (rename(file, file2) < 0 ||
	    link(file2, file) < 0)
		fail("rename, link");
	if (stat(file2, &before) < 0)
		fail("stat new name");
	after = st_of();
	if (before.st_size != 10 || after.st_size != 10 ||
	    after.st_nlink != 2)
		fail("sizes under two names");
	unlink(file2);
	unlink(file);
	if (stat(file, &after) == 0 || errno != ENOENT)
		fail("stat after unlink");
	puts("statcache: ok");
	return 0;
}
