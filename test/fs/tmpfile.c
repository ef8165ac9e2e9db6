/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * O_TMPFILE as on tmpfs: an unnamed file in a directory, named later
 * with linkat (by AT_EMPTY_PATH, and by /proc/self/fd/N with
 * AT_SYMLINK_FOLLOW, the way open(2) shows) unless O_EXCL said never; the
 * kernel's EINVAL, ENOENT, ENOTDIR and EISDIR cases; and a deleted file
 * opened again through /proc/self/fd/N, as Linux allows.
 */
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "test/lib/check.h"

static void check_content(const char *path, const char *want)
{
	char buf[64] = { 0 };
	int fd = open(path, O_RDONLY);

	CHECK(fd >= 0);
	CHECK(read(fd, buf, sizeof(buf) - 1) == (ssize_t)strlen(want));
	CHECK(!strcmp(buf, want) && close(fd) == 0);
}

int main(void)
{
	char proc[64], buf[16] = { 0 };
	struct stat st;
	int fd, fd2, n;

	CHECK(mkdir("/tmp/t", 0755) == 0);
	umask(022);

	/* Unnamed: no entry appears, nlink is 0, the mode is masked. */
	fd = open("/tmp/t", O_TMPFILE | O_RDWR, 0666);
	CHECK(fd >= 0);
	CHECK(write(fd, "first", 5) == 5);
	CHECK(fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	      st.st_nlink == 0 && (st.st_mode & 07777) == 0644 &&
	      st.st_size == 5);
	/* Nothing in the directory: it can go (and come back). */
	CHECK(rmdir("/tmp/t") == 0 && mkdir("/tmp/t", 0755) == 0);
	/* Named with AT_EMPTY_PATH (root may). */
	CHECK(linkat(fd, "", AT_FDCWD, "/tmp/t/one", AT_EMPTY_PATH) == 0);
	CHECK(fstat(fd, &st) == 0 && st.st_nlink == 1);
	check_content("/tmp/t/one", "first");
	/* Named once, it is an ordinary file: unlinked, it stays gone. */
	CHECK(unlink("/tmp/t/one") == 0);
	errno = 0;
	CHECK(linkat(fd, "", AT_FDCWD, "/tmp/t/again", AT_EMPTY_PATH) < 0 &&
	      errno == ENOENT);
	CHECK(close(fd) == 0);

	/* Named through /proc/self/fd/N. */
	fd = open("/tmp/t", O_TMPFILE | O_WRONLY, 0600);
	CHECK(fd >= 0 && write(fd, "second", 6) == 6);
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	CHECK(linkat(AT_FDCWD, proc, AT_FDCWD, "/tmp/t/two",
		     AT_SYMLINK_FOLLOW) == 0);
	/* The fd and the name are one file. */
	CHECK(write(fd, "+", 1) == 1);
	check_content("/tmp/t/two", "second+");
	CHECK(stat("/tmp/t/two", &st) == 0 && st.st_nlink == 1 &&
	      (st.st_mode & 07777) == 0600);
	CHECK(close(fd) == 0);

	/* O_EXCL: never to be named. */
	fd = open("/tmp/t", O_TMPFILE | O_RDWR | O_EXCL, 0600);
	CHECK(fd >= 0);
	errno = 0;
	CHECK(linkat(fd, "", AT_FDCWD, "/tmp/t/three", AT_EMPTY_PATH) < 0 &&
	      errno == ENOENT);
	CHECK(access("/tmp/t/three", F_OK) < 0);
	CHECK(close(fd) == 0);

	/* The kernel's refusals. */
	errno = 0;
	CHECK(open("/tmp/t", O_TMPFILE | O_RDONLY, 0600) < 0 &&
	      errno == EINVAL);
	errno = 0;
	CHECK(open("/tmp/t", O_TMPFILE | O_RDWR | O_CREAT, 0600) < 0 &&
	      errno == EINVAL);
	errno = 0;
	CHECK(open("/tmp/none", O_TMPFILE | O_RDWR, 0600) < 0 &&
	      errno == ENOENT);
	errno = 0;
	CHECK(open("/tmp/t/two", O_TMPFILE | O_RDWR, 0600) < 0 &&
	      errno == ENOTDIR);
	/* Without O_DIRECTORY, __O_TMPFILE alone is no O_TMPFILE. */
	errno = 0;
	CHECK(open("/tmp/t", (O_TMPFILE & ~O_DIRECTORY) | O_RDWR, 0600) < 0 &&
	      errno == EINVAL);

	/* A deleted file opens again through /proc/self/fd/N. */
	fd = open("/tmp/t/gone", O_CREAT | O_RDWR, 0644);
	CHECK(fd >= 0 && write(fd, "kept", 4) == 4);
	CHECK(unlink("/tmp/t/gone") == 0);
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	fd2 = open(proc, O_RDONLY);
	CHECK(fd2 >= 0);
	n = (int)read(fd2, buf, sizeof(buf) - 1);
	CHECK(n == 4 && !memcmp(buf, "kept", 4));
	/* Its own offset: a new open file description. */
	CHECK(lseek(fd, 0, SEEK_CUR) == 4 && lseek(fd2, 0, SEEK_CUR) == 4);
	CHECK(lseek(fd2, 0, SEEK_SET) == 0 && lseek(fd, 0, SEEK_CUR) == 4);
	CHECK(close(fd2) == 0);
	/* O_TRUNC through the link truncates the file the fd holds. */
	fd2 = open(proc, O_WRONLY | O_TRUNC);
	CHECK(fd2 >= 0);
	CHECK(fstat(fd, &st) == 0 && st.st_size == 0 && st.st_nlink == 0);
	CHECK(close(fd2) == 0 && close(fd) == 0);

	CHECK(unlink("/tmp/t/two") == 0 && rmdir("/tmp/t") == 0);
	printf("tmpfile: ok\n");
	return 0;
}
