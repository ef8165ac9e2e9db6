/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The smaller libc doors, each asked by name for something only the
 * in-memory file system can answer: glibc's internal names (__open), the
 * _FORTIFY_SOURCE entry points (__getcwd_chk, __readlink_chk,
 * __realpath_chk, and their abort on a too small buffer), getwd,
 * getdirentries, scandirat, arc4random_uniform, and freopen (glibc's, whose one open takes
 * the trap path) with a path and with NULL.
 */
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "test/lib/check.h"

/* Declared here: a program compiled with -D_FORTIFY_SOURCE calls these
 * instead of the plain names. */
char *__getcwd_chk(char *buf, size_t size, size_t buflen);
char *__getwd_chk(char *buf, size_t buflen);
ssize_t __readlink_chk(const char *path, char *buf, size_t size,
		       size_t buflen);
ssize_t __readlinkat_chk(int dirfd, const char *path, char *buf, size_t size,
			 size_t buflen);
char *__realpath_chk(const char *path, char *resolved, size_t resolvedlen);
int __open(const char *path, int flags, ...);
/* Deprecated, and linked anyway by old programs. */
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"

static void put(const char *path, const char *text)
{
	int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);

	CHECK(fd >= 0 && write(fd, text, strlen(text)) == (ssize_t)strlen(text));
	CHECK(close(fd) == 0);
}

static void has(const char *path, const char *text)
{
	char buf[64] = { 0 };
	int fd = open(path, O_RDONLY);

	CHECK(fd >= 0 && read(fd, buf, sizeof(buf) - 1) >= 0);
	CHECK(close(fd) == 0);
	if (strcmp(buf, text)) {
		fprintf(stderr, "%s holds \"%s\", not \"%s\"\n", path, buf,
			text);
		exit(1);
	}
}

/* A fortified call with a buffer smaller than it says: killed. */
static void aborts(int which)
{
	char small[8];
	pid_t pid = fork();
	int status;

	CHECK(pid >= 0);
	if (!pid) {
		if (which == 0)
			__getcwd_chk(small, 64, sizeof(small));
		else if (which == 1)
			__readlink_chk("/tmp/d/link", small, 64, sizeof(small));
		else
			__realpath_chk("/tmp", small, sizeof(small));
		_exit(0);
	}
	CHECK(waitpid(pid, &status, 0) == pid);
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT);
}

static int not_dot(const struct dirent *e)
{
	return e->d_name[0] != '.';
}

int main(void)
{
	char buf[PATH_MAX], text[16];
	struct dirent **list;
	off_t base = -1;
	ssize_t n;
	int fd, i;
	FILE *f;

	CHECK(mkdir("/tmp/d", 0755) == 0 && mkdir("/tmp/d/sub", 0755) == 0);
	put("/tmp/d/b", "b");
	put("/tmp/d/a", "a");
	CHECK(symlink("sub", "/tmp/d/link") == 0);
	CHECK(chdir("/tmp/d/sub") == 0);

	/* glibc's internal open name, still the in-memory file system. */
	fd = __open("/tmp/d/a", O_RDONLY);
	CHECK(fd >= 0 && read(fd, text, 2) == 1 && text[0] == 'a');
	CHECK(close(fd) == 0);
	CHECK(__open("/etc/ld.so.cache", O_RDONLY) == -1 && errno == ENOENT);

	/* The working directory and links, fortified or not. */
	CHECK(getwd(buf) == buf && !strcmp(buf, "/tmp/d/sub"));
	CHECK(__getwd_chk(buf, sizeof(buf)) && !strcmp(buf, "/tmp/d/sub"));
	CHECK(__getcwd_chk(buf, 16, sizeof(buf)) &&
	      !strcmp(buf, "/tmp/d/sub"));
	CHECK(!__getcwd_chk(buf, 4, sizeof(buf)) && errno == ERANGE);
	n = __readlink_chk("/tmp/d/link", buf, 16, sizeof(buf));
	CHECK(n == 3 && !memcmp(buf, "sub", 3));
	n = __readlinkat_chk(AT_FDCWD, "../link", buf, 16, sizeof(buf));
	CHECK(n == 3 && !memcmp(buf, "sub", 3));
	CHECK(__readlink_chk("/tmp/d/a", buf, 16, sizeof(buf)) == -1 &&
	      errno == EINVAL);
	CHECK(__realpath_chk("/tmp/d/link/../a", buf, sizeof(buf)) == buf &&
	      !strcmp(buf, "/tmp/d/a"));
	CHECK(!__realpath_chk("/tmp/d/none", buf, sizeof(buf)) &&
	      errno == ENOENT);
	for (i = 0; i < 3; i++)
		aborts(i);
	CHECK(rmdir("/tmp/d/sub") == 0);	/* the working directory */
	CHECK(!getwd(buf) && errno == ENOENT && !strcmp(buf, strerror(ENOENT)));
	CHECK(chdir("/") == 0 && mkdir("/tmp/d/sub", 0755) == 0);

	/* Listings: scandirat relative to a directory fd, getdirentries. */
	fd = open("/tmp/d", O_RDONLY | O_DIRECTORY);
	CHECK(fd >= 0);
	n = scandirat(fd, ".", &list, not_dot, alphasort);
	CHECK(n == 4 && !strcmp(list[0]->d_name, "a") &&
	      !strcmp(list[1]->d_name, "b") &&
	      !strcmp(list[2]->d_name, "link") &&
	      !strcmp(list[3]->d_name, "sub"));
	for (i = 0; i < n; i++)
		free(list[i]);
	free(list);
	CHECK(scandirat(fd, "a", &list, NULL, NULL) == -1 && errno == ENOTDIR);
	CHECK(scandirat(fd, "none", &list, NULL, NULL) == -1 &&
	      errno == ENOENT);
	n = getdirentries(fd, buf, sizeof(buf), &base);
	CHECK(n > 0 && base == 0);
	{
		int seen = 0;
		ssize_t at;

		for (at = 0; at < n;) {
			struct dirent *e = (struct dirent *)(buf + at);

			seen += !strcmp(e->d_name, "link");
			at += e->d_reclen;
		}
		CHECK(seen == 1);
	}
	CHECK(getdirentries(fd, buf, sizeof(buf), &base) == 0 && base > 0);
	CHECK(close(fd) == 0);
	CHECK(getdirentries(fd, buf, sizeof(buf), &base) == -1 &&
	      errno == EBADF);

	/* freopen: a new file on the same FILE and fd, then NULL: the same
	 * file in another mode. */
	f = fopen("/tmp/d/one", "w");
	CHECK(f);
	fd = fileno(f);
	CHECK(fputs("one", f) >= 0);
	CHECK(freopen("/tmp/d/two", "w+", f) == f && fileno(f) == fd);
	has("/tmp/d/one", "one");
	CHECK(fputs("two", f) >= 0 && fflush(f) == 0);
	rewind(f);
	CHECK(fgets(text, sizeof(text), f) && !strcmp(text, "two"));
	CHECK(freopen(NULL, "r", f) == f && fileno(f) == fd);
	CHECK(fgets(text, sizeof(text), f) && !strcmp(text, "two"));
	CHECK(fputs("x", f) == EOF || fflush(f) == EOF);
	CHECK(freopen(NULL, "a", f) == f);
	CHECK(fputs("three", f) >= 0 && fflush(f) == 0);
	has("/tmp/d/two", "twothree");
	CHECK(freopen64("/tmp/d/one", "r", f) == f);
	CHECK(fgets(text, sizeof(text), f) && !strcmp(text, "one"));
	CHECK(!freopen("/etc/ld.so.cache", "r", f) && errno == ENOENT);

	/* arc4random_uniform: below its bound, every value reachable. */
	{
		unsigned seen = 0;

		CHECK(arc4random_uniform(0) == 0 && arc4random_uniform(1) == 0);
		for (i = 0; i < 1000; i++) {
			uint32_t v = arc4random_uniform(7);

			CHECK(v < 7);
			seen |= 1u << v;
		}
		CHECK(seen == 0x7f);
	}

	/* gettimeofday takes no timeval, as glibc's does (declared
	 * nonnull: the pointer goes through a volatile). */
	{
		struct timeval *volatile none = NULL;
		struct timezone tz = { 1, 1 };

		CHECK(gettimeofday(none, &tz) == 0);
		CHECK(tz.tz_minuteswest == 0 && tz.tz_dsttime == 0);
	}

	printf("doors: ok\n");
	return 0;
}
