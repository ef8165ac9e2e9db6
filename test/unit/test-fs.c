/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests of the file-system core, linked against the core library
 * directly (no preload, no filter): each test calls fs_* and checks the
 * value or -errno, as the shim's two paths would see it.
 */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/band.h"
#include "core/lock.h"
#include "fs/fs.h"
#include "fs/internal.h"
#include "store.h"
#include "hooks/hooks.h"

static void setup_once(void)
{
	struct fs_options o = { .store_fd = test_store() };

	ck_assert_int_eq(fs_init(&o), 0);
	ck_assert_int_eq(hooks_init(NULL, -1), 0);
}

static mode_t type_of(const char *path)
{
	struct statx x;
	int r = fs_statx(AT_FDCWD, path, 0, STATX_BASIC_STATS, &x);

	return r < 0 ? 0 : (x.stx_mode & S_IFMT);
}

START_TEST(initial_tree)
{
	struct statx x;

	ck_assert_int_eq(fs_statx(AT_FDCWD, "/", 0, 0, &x), 0);
	ck_assert(S_ISDIR(x.stx_mode));
	ck_assert_int_eq(fs_statx(AT_FDCWD, "/tmp", 0, 0, &x), 0);
	ck_assert_int_eq(x.stx_mode & 07777, 01777);
	ck_assert_int_eq(type_of("/dev/null"), S_IFCHR);
	ck_assert_int_eq(type_of("/dev/urandom"), S_IFCHR);
	/* glibc's shm_open and sem_open make their files there. */
	ck_assert_int_eq(fs_statx(AT_FDCWD, "/dev/shm", 0, 0, &x), 0);
	ck_assert_int_eq(x.stx_mode & (S_IFMT | 07777), S_IFDIR | 01777);
	ck_assert_int_eq(fs_statx(AT_FDCWD, "/dev/stdin", AT_SYMLINK_NOFOLLOW,
				  0, &x), 0);
	ck_assert(S_ISLNK(x.stx_mode));
	ck_assert_int_eq(fs_statx(AT_FDCWD, "/etc/passwd", 0, 0, &x), -ENOENT);
	ck_assert_int_eq(fs_statx(AT_FDCWD, "", 0, 0, &x), -ENOENT);
	ck_assert_int_eq(fs_statx(AT_FDCWD, "/..", 0, 0, &x), 0);
	ck_assert_int_eq(x.stx_ino, 1);
	/* The arena hands out powers of two: an inode must fit in 256. */
	ck_assert_uint_le(fs_inode_size(), 256);
}
END_TEST

START_TEST(create_write_read)
{
	char buf[32] = { 0 };
	struct statx x;
	int fd, fd2;

	fd = fs_openat(AT_FDCWD, "/tmp/u1", O_CREAT | O_RDWR, 0640);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_lt(fd, band_base());
	ck_assert_int_eq(write(fd, "abcdef", 6), 6);
	ck_assert_int_eq(fs_statx(fd, "", AT_EMPTY_PATH, 0, &x), 0);
	ck_assert_int_eq(x.stx_size, 6);
	ck_assert(S_ISREG(x.stx_mode));
	/* A second open is its own description: offset 0, read-only. */
	fd2 = fs_openat(AT_FDCWD, "/tmp/u1", O_RDONLY, 0);
	ck_assert_int_ge(fd2, 0);
	ck_assert_int_eq(read(fd2, buf, sizeof(buf)), 6);
	ck_assert_str_eq(buf, "abcdef");
	ck_assert_int_eq(write(fd2, "x", 1), -1);
	/* Both fds name the same inode. */
	{
		struct statx y;

		ck_assert_int_eq(fs_statx(fd2, "", AT_EMPTY_PATH, 0, &y), 0);
		ck_assert_int_eq(x.stx_ino, y.stx_ino);
	}
	ck_assert_int_eq(fs_openat(AT_FDCWD, "/tmp/u1",
				   O_CREAT | O_EXCL | O_RDWR, 0600),
			 -EEXIST);
	fd = fs_openat(AT_FDCWD, "/tmp/u1", O_WRONLY | O_TRUNC, 0);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(fs_statx(AT_FDCWD, "/tmp/u1", 0, 0, &x), 0);
	ck_assert_int_eq(x.stx_size, 0);
	ck_assert_int_eq(fs_openat(AT_FDCWD, "/tmp/u1/x", O_RDONLY, 0),
			 -ENOTDIR);
	ck_assert_int_eq(fs_openat(AT_FDCWD, "/tmp/u1/", O_RDONLY, 0),
			 -ENOTDIR);
	ck_assert_int_eq(fs_openat(AT_FDCWD, "/tmp/new/", O_CREAT | O_RDWR,
				   0600),
			 -EISDIR);
	ck_assert_int_eq(fs_openat(AT_FDCWD, "/tmp", O_RDWR, 0), -EISDIR);
	ck_assert_int_eq(fs_openat(AT_FDCWD, "/tmp/u1", O_DIRECTORY, 0),
			 -ENOTDIR);
	close(fd);
	close(fd2);
}
END_TEST

START_TEST(directories)
{
	ck_assert_int_eq(fs_mkdirat(AT_FDCWD, "/tmp/d1", 0755), 0);
	ck_assert_int_eq(fs_mkdirat(AT_FDCWD, "/tmp/d1", 0755), -EEXIST);
	ck_assert_int_eq(fs_mkdirat(AT_FDCWD, "/tmp/no/d", 0755), -ENOENT);
	ck_assert_int_eq(fs_mkdirat(AT_FDCWD, "/tmp/d1/sub/", 0755), 0);
	ck_assert_int_eq(type_of("/tmp/d1/sub"), S_IFDIR);
	ck_assert_int_eq(fs_unlinkat(AT_FDCWD, "/tmp/d1", AT_REMOVEDIR),
			 -ENOTEMPTY);
	ck_assert_int_eq(fs_unlinkat(AT_FDCWD, "/tmp/d1", 0), -EISDIR);
	ck_assert_int_eq(fs_unlinkat(AT_FDCWD, "/tmp/d1/sub/.",
				     AT_REMOVEDIR),
			 -EINVAL);
	ck_assert_int_eq(fs_unlinkat(AT_FDCWD, "/", AT_REMOVEDIR), -EBUSY);
	ck_assert_int_eq(fs_unlinkat(AT_FDCWD, "/tmp/d1/sub", AT_REMOVEDIR),
			 0);
	ck_assert_int_eq(fs_unlinkat(AT_FDCWD, "/tmp/d1", AT_REMOVEDIR), 0);
	ck_assert_int_eq(type_of("/tmp/d1"), 0);
}
END_TEST

START_TEST(nlink_counts)
{
	struct statx x;

	ck_assert_int_eq(fs_mkdirat(AT_FDCWD, "/tmp/n", 0755), 0);
	ck_assert_int_eq(fs_statx(AT_FDCWD, "/tmp/n", 0, 0, &x), 0);
	ck_assert_int_eq(x.stx_nlink, 2);
	ck_assert_int_eq(fs_mkdirat(AT_FDCWD, "/tmp/n/a", 0755), 0);
	ck_assert_int_eq(fs_mkdirat(AT_FDCWD, "/tmp/n/b", 0755), 0);
	ck_assert_int_eq(fs_statx(AT_FDCWD, "/tmp/n", 0, 0, &x), 0);
	ck_assert_int_eq(x.stx_nlink, 4);
	ck_assert_int_eq(fs_unlinkat(AT_FDCWD, "/tmp/n/a", AT_REMOVEDIR), 0);
	ck_assert_int_eq(fs_statx(AT_FDCWD, "/tmp/n", 0, 0, &x), 0);
	ck_assert_int_eq(x.stx_nlink, 3);
}
END_TEST

static int list(const char *path, char names[][64], int max)
{
	char buf[512];
	int fd = fs_openat(AT_FDCWD, path, O_RDONLY | O_DIRECTORY, 0);
	int n = 0;
	long got;

	ck_assert_int_ge(fd, 0);
	/* A small buffer makes the listing span several calls. */
	while ((got = fs_getdents64(fd, buf, sizeof(buf))) > 0) {
		long off = 0;

		while (off < got) {
			struct dirent64 *d = (struct dirent64 *)(buf + off);

			if (n < max)
				snprintf(names[n], 64, "%.63s", d->d_name);
			n++;
			off += d->d_reclen;
		}
	}
	ck_assert_int_eq(got, 0);
	close(fd);
	return n;
}

START_TEST(listing)
{
	char names[64][64], path[64];
	int i, n, fd;

	ck_assert_int_eq(fs_mkdirat(AT_FDCWD, "/tmp/ls", 0755), 0);
	for (i = 0; i < 40; i++) {
		snprintf(path, sizeof(path), "/tmp/ls/file-%02d", i);
		fd = fs_openat(AT_FDCWD, path, O_CREAT | O_WRONLY, 0644);
		ck_assert_int_ge(fd, 0);
		close(fd);
	}
	n = list("/tmp/ls", names, 64);
	ck_assert_int_eq(n, 42);
	ck_assert_str_eq(names[0], ".");
	ck_assert_str_eq(names[1], "..");
	/* Newest first, as tmpfs lists, across buffer refills. */
	for (i = 0; i < 40; i++) {
		snprintf(path, sizeof(path), "file-%02d", 39 - i);
		ck_assert_str_eq(names[i + 2], path);
	}
	ck_assert_int_eq(fs_getdents64(0, names, sizeof(names)), -ENOTDIR);
}
END_TEST

START_TEST(rename_cases)
{
	struct statx x;
	int fd;

	ck_assert_int_eq(fs_mkdirat(AT_FDCWD, "/tmp/r", 0755), 0);
	ck_assert_int_eq(fs_mkdirat(AT_FDCWD, "/tmp/r/d", 0755), 0);
	ck_assert_int_eq(fs_mkdirat(AT_FDCWD, "/tmp/r/e", 0755), 0);
	fd = fs_openat(AT_FDCWD, "/tmp/r/f", O_CREAT | O_WRONLY, 0644);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, "xyz", 3), 3);
	close(fd);
	fd = fs_openat(AT_FDCWD, "/tmp/r/d/g", O_CREAT | O_WRONLY, 0644);
	close(fd);
	ck_assert_int_eq(fs_renameat2(AT_FDCWD, "/tmp/r/f", AT_FDCWD,
				      "/tmp/r/d", 0),
			 -EISDIR);
	ck_assert_int_eq(fs_renameat2(AT_FDCWD, "/tmp/r/d", AT_FDCWD,
				      "/tmp/r/f", 0),
			 -ENOTDIR);
	ck_assert_int_eq(fs_renameat2(AT_FDCWD, "/tmp/r/e", AT_FDCWD,
				      "/tmp/r/d", 0),
			 -ENOTEMPTY);
	ck_assert_int_eq(fs_renameat2(AT_FDCWD, "/tmp/r/d", AT_FDCWD,
				      "/tmp/r/d/inside", 0),
			 -EINVAL);
	ck_assert_int_eq(fs_renameat2(AT_FDCWD, "/tmp/r/nope", AT_FDCWD,
				      "/tmp/r/x", 0),
			 -ENOENT);
	ck_assert_int_eq(fs_renameat2(AT_FDCWD, "/tmp/r/f", AT_FDCWD,
				      "/tmp/r/d/g", RENAME_NOREPLACE),
			 -EEXIST);
	ck_assert_int_eq(fs_renameat2(AT_FDCWD, "/tmp/r/f", AT_FDCWD,
				      "/tmp/r/d/g", 0),
			 0);
	ck_assert_int_eq(fs_statx(AT_FDCWD, "/tmp/r/d/g", 0, 0, &x), 0);
	ck_assert_int_eq(x.stx_size, 3);
	ck_assert_int_eq(type_of("/tmp/r/f"), 0);
	ck_assert_int_eq(fs_renameat2(AT_FDCWD, "/tmp/r/d", AT_FDCWD,
				      "/tmp/r/e", 0),
			 0);
	ck_assert_int_eq(type_of("/tmp/r/e/g"), S_IFREG);
	ck_assert_int_eq(type_of("/tmp/r/d"), 0);
}
END_TEST

START_TEST(cwd)
{
	char buf[64];
	int fd;

	ck_assert_int_eq(fs_mkdirat(AT_FDCWD, "/tmp/w", 0755), 0);
	ck_assert_int_eq(fs_mkdirat(AT_FDCWD, "/tmp/w/x", 0755), 0);
	ck_assert_int_eq(fs_chdir("/tmp/w/x"), 0);
	ck_assert_int_eq(fs_getcwd(buf, sizeof(buf)), 9);
	ck_assert_str_eq(buf, "/tmp/w/x");
	ck_assert_int_eq(fs_getcwd(buf, 4), -ERANGE);
	ck_assert_int_eq(fs_chdir(".."), 0);
	ck_assert_int_eq(fs_getcwd(buf, sizeof(buf)), 7);
	ck_assert_str_eq(buf, "/tmp/w");
	fd = fs_openat(AT_FDCWD, "x", O_RDONLY | O_DIRECTORY, 0);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(fs_mkdirat(fd, "y", 0755), 0);
	ck_assert_int_eq(type_of("/tmp/w/x/y"), S_IFDIR);
	ck_assert_int_eq(fs_fchdir(fd), 0);
	ck_assert_int_eq(fs_getcwd(buf, sizeof(buf)), 9);
	close(fd);
	ck_assert_int_eq(fs_chdir("/"), 0);
	ck_assert_int_eq(fs_getcwd(buf, sizeof(buf)), 2);
	ck_assert_str_eq(buf, "/");
	ck_assert_int_eq(fs_fchdir(1), -ENOTDIR);
	ck_assert_int_eq(fs_chdir("/dev/null"), -ENOTDIR);
}
END_TEST

START_TEST(names_too_long)
{
	char name[300], path[5000];
	struct statx x;

	memset(name, 'n', 256);
	name[256] = '\0';
	snprintf(path, sizeof(path), "/tmp/%s", name);
	ck_assert_int_eq(fs_mkdirat(AT_FDCWD, path, 0755), -ENAMETOOLONG);
	name[255] = '\0';
	snprintf(path, sizeof(path), "/tmp/%s", name);
	ck_assert_int_eq(fs_mkdirat(AT_FDCWD, path, 0755), 0);
	memset(path, '/', 4096);
	path[4096] = '\0';
	ck_assert_int_eq(fs_statx(AT_FDCWD, path, 0, 0, &x), -ENAMETOOLONG);
	path[4095] = '\0';
	ck_assert_int_eq(fs_statx(AT_FDCWD, path, 0, 0, &x), 0);
}
END_TEST

START_TEST(unlinked_but_open)
{
	struct statx x;
	char buf[8] = { 0 };
	int fd = fs_openat(AT_FDCWD, "/tmp/gone", O_CREAT | O_RDWR, 0600);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, "keep", 4), 4);
	ck_assert_int_eq(fs_unlinkat(AT_FDCWD, "/tmp/gone", 0), 0);
	ck_assert_int_eq(type_of("/tmp/gone"), 0);
	ck_assert_int_eq(fs_statx(fd, "", AT_EMPTY_PATH, 0, &x), 0);
	ck_assert_int_eq(x.stx_nlink, 0);
	ck_assert_int_eq(x.stx_size, 4);
	ck_assert_int_eq(pread(fd, buf, 4, 0), 4);
	ck_assert_str_eq(buf, "keep");
	close(fd);
}
END_TEST

START_TEST(devices)
{
	char buf[16];
	int fd = fs_openat(AT_FDCWD, "/dev/zero", O_RDONLY, 0);

	ck_assert_int_ge(fd, 0);
	memset(buf, 1, sizeof(buf));
	ck_assert_int_eq(read(fd, buf, sizeof(buf)), sizeof(buf));
	ck_assert_int_eq(buf[0] | buf[15], 0);
	close(fd);
	fd = fs_openat(AT_FDCWD, "/dev/null", O_WRONLY, 0);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, "x", 1), 1);
	ck_assert(fs_is_fs_fd(fd));
	close(fd);
	ck_assert(!fs_is_fs_fd(2) || type_of("/dev/null"));
}
END_TEST

START_TEST(random_and_clock)
{
	unsigned char a[32] = { 0 }, b[32] = { 0 };
	struct timespec ts, *ro;

	ck_assert_int_eq(hooks_random(a, sizeof(a), 0), sizeof(a));
	ck_assert_int_eq(hooks_random(b, sizeof(b), 0), sizeof(b));
	ck_assert(memcmp(a, b, sizeof(a)) != 0);
	ck_assert_int_eq(hooks_clock(CLOCK_REALTIME, &ts), 0);
	ck_assert_int_gt(ts.tv_sec, 1700000000);
	/* The kernel's errno, whatever it is: not always EINVAL. A
	 * read-only page gets EFAULT (and valgrind sees no bad address),
	 * where libc hands the kernel the caller's struct: with a 32-bit
	 * time_t (arm), glibc converts clock_gettime64's answer into it
	 * itself, and faults as it would natively. */
	ck_assert_int_eq(hooks_clock((clockid_t)77, &ts), -EINVAL);
	if (sizeof(time_t) == 8) {
		ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS,
			  -1, 0);
		ck_assert(ro != MAP_FAILED);
		ck_assert_int_eq(hooks_clock(CLOCK_PROCESS_CPUTIME_ID, ro),
				 -EFAULT);
		munmap(ro, 4096);
	}
}
END_TEST


START_TEST(symlinks)
{
	char buf[64], path[64];
	struct statx x;
	int fd, i;

	ck_assert_int_eq(fs_mkdirat(AT_FDCWD, "/tmp/s", 0755), 0);
	ck_assert_int_eq(fs_mkdirat(AT_FDCWD, "/tmp/s/d", 0755), 0);
	ck_assert_int_eq(fs_symlinkat("d", AT_FDCWD, "/tmp/s/rel"), 0);
	ck_assert_int_eq(fs_symlinkat("/tmp/s/d", AT_FDCWD, "/tmp/s/abs"), 0);
	ck_assert_int_eq(fs_symlinkat("nowhere", AT_FDCWD, "/tmp/s/dang"), 0);
	ck_assert_int_eq(fs_symlinkat("", AT_FDCWD, "/tmp/s/empty"), -ENOENT);
	ck_assert_int_eq(fs_symlinkat("x", AT_FDCWD, "/tmp/s/rel"), -EEXIST);
	/* Intermediate links are followed, absolute and relative. */
	fd = fs_openat(AT_FDCWD, "/tmp/s/rel/f", O_CREAT | O_WRONLY, 0644);
	ck_assert_int_ge(fd, 0);
	close(fd);
	ck_assert_int_eq(type_of("/tmp/s/abs/f"), S_IFREG);
	/* The last one only when asked. */
	ck_assert_int_eq(type_of("/tmp/s/rel"), S_IFDIR);
	ck_assert_int_eq(fs_statx(AT_FDCWD, "/tmp/s/rel", AT_SYMLINK_NOFOLLOW,
				  0, &x), 0);
	ck_assert(S_ISLNK(x.stx_mode));
	ck_assert_int_eq(x.stx_size, 1);
	ck_assert_int_eq(x.stx_mode & 07777, 0777);
	/* A trailing slash follows even for lstat. */
	ck_assert_int_eq(fs_statx(AT_FDCWD, "/tmp/s/rel/", AT_SYMLINK_NOFOLLOW,
				  0, &x), 0);
	ck_assert(S_ISDIR(x.stx_mode));
	ck_assert_int_eq(fs_readlinkat(AT_FDCWD, "/tmp/s/abs", buf,
				       sizeof(buf)), 8);
	ck_assert(!memcmp(buf, "/tmp/s/d", 8));
	ck_assert_int_eq(fs_readlinkat(AT_FDCWD, "/tmp/s/abs", buf, 3), 3);
	ck_assert_int_eq(fs_readlinkat(AT_FDCWD, "/tmp/s/d", buf, 8), -EINVAL);
	ck_assert_int_eq(fs_readlinkat(AT_FDCWD, "/tmp/s/no", buf, 8),
			 -ENOENT);
	/* O_NOFOLLOW refuses a final link; O_CREAT makes a dangling
	 * link's target; O_EXCL does not follow. */
	ck_assert_int_eq(fs_openat(AT_FDCWD, "/tmp/s/rel", O_RDONLY |
				   O_NOFOLLOW, 0), -ELOOP);
	ck_assert_int_eq(fs_openat(AT_FDCWD, "/tmp/s/dang", O_CREAT | O_EXCL |
				   O_WRONLY, 0644), -EEXIST);
	fd = fs_openat(AT_FDCWD, "/tmp/s/dang", O_CREAT | O_WRONLY, 0644);
	ck_assert_int_ge(fd, 0);
	close(fd);
	ck_assert_int_eq(type_of("/tmp/s/nowhere"), S_IFREG);
	/* A loop, and a chain longer than 40. */
	ck_assert_int_eq(fs_symlinkat("loop", AT_FDCWD, "/tmp/s/loop"), 0);
	ck_assert_int_eq(fs_statx(AT_FDCWD, "/tmp/s/loop", 0, 0, &x), -ELOOP);
	ck_assert_int_eq(fs_statx(AT_FDCWD, "/tmp/s/loop/x", 0, 0, &x),
			 -ELOOP);
	ck_assert_int_eq(fs_statx(AT_FDCWD, "/tmp/s/loop", AT_SYMLINK_NOFOLLOW,
				  0, &x), 0);
	for (i = 0; i < 41; i++) {
		char target[16];

		snprintf(target, sizeof(target), "c%d", i + 1);
		snprintf(path, sizeof(path), "/tmp/s/c%d", i);
		ck_assert_int_eq(fs_symlinkat(target, AT_FDCWD, path), 0);
	}
	ck_assert_int_eq(fs_mkdirat(AT_FDCWD, "/tmp/s/c41", 0755), 0);
	ck_assert_int_eq(type_of("/tmp/s/c1"), S_IFDIR);
	ck_assert_int_eq(fs_statx(AT_FDCWD, "/tmp/s/c0", 0, 0, &x), -ELOOP);
	/* unlink removes the link, not its target. */
	ck_assert_int_eq(fs_unlinkat(AT_FDCWD, "/tmp/s/rel/", 0), -ENOTDIR);
	ck_assert_int_eq(fs_unlinkat(AT_FDCWD, "/tmp/s/rel", AT_REMOVEDIR),
			 -ENOTDIR);
	ck_assert_int_eq(fs_unlinkat(AT_FDCWD, "/tmp/s/rel", 0), 0);
	ck_assert_int_eq(type_of("/tmp/s/d"), S_IFDIR);
	ck_assert_int_eq(fs_mkdirat(AT_FDCWD, "/tmp/s/abs/", 0755), -EEXIST);
}
END_TEST

START_TEST(hard_links)
{
	struct statx x, y;
	int fd;

	ck_assert_int_eq(fs_mkdirat(AT_FDCWD, "/tmp/h", 0755), 0);
	fd = fs_openat(AT_FDCWD, "/tmp/h/a", O_CREAT | O_WRONLY, 0644);
	ck_assert_int_eq(write(fd, "data", 4), 4);
	close(fd);
	ck_assert_int_eq(fs_linkat(AT_FDCWD, "/tmp/h/a", AT_FDCWD, "/tmp/h/b",
				   0), 0);
	ck_assert_int_eq(fs_linkat(AT_FDCWD, "/tmp/h/a", AT_FDCWD, "/tmp/h/b",
				   0), -EEXIST);
	ck_assert_int_eq(fs_linkat(AT_FDCWD, "/tmp/h", AT_FDCWD, "/tmp/h/c",
				   0), -EPERM);
	ck_assert_int_eq(fs_linkat(AT_FDCWD, "/tmp/h/a", AT_FDCWD,
				   "/tmp/h/c/", 0), -ENOENT);
	ck_assert_int_eq(fs_statx(AT_FDCWD, "/tmp/h/b", 0, 0, &x), 0);
	ck_assert_int_eq(x.stx_nlink, 2);
	ck_assert_int_eq(x.stx_size, 4);
	ck_assert_int_eq(fs_statx(AT_FDCWD, "/tmp/h/a", 0, 0, &y), 0);
	ck_assert_int_eq(x.stx_ino, y.stx_ino);
	/* Renaming one link onto another of the same inode does nothing. */
	ck_assert_int_eq(fs_renameat2(AT_FDCWD, "/tmp/h/a", AT_FDCWD,
				      "/tmp/h/b", 0), 0);
	ck_assert_int_eq(type_of("/tmp/h/a"), S_IFREG);
	ck_assert_int_eq(fs_unlinkat(AT_FDCWD, "/tmp/h/a", 0), 0);
	ck_assert_int_eq(fs_statx(AT_FDCWD, "/tmp/h/b", 0, 0, &x), 0);
	ck_assert_int_eq(x.stx_nlink, 1);
	/* A link to a symlink is the symlink, unless AT_SYMLINK_FOLLOW. */
	ck_assert_int_eq(fs_symlinkat("b", AT_FDCWD, "/tmp/h/l"), 0);
	ck_assert_int_eq(fs_linkat(AT_FDCWD, "/tmp/h/l", AT_FDCWD, "/tmp/h/l2",
				   0), 0);
	ck_assert_int_eq(fs_statx(AT_FDCWD, "/tmp/h/l2", AT_SYMLINK_NOFOLLOW,
				  0, &x), 0);
	ck_assert(S_ISLNK(x.stx_mode));
	ck_assert_int_eq(fs_linkat(AT_FDCWD, "/tmp/h/l", AT_FDCWD, "/tmp/h/l3",
				   AT_SYMLINK_FOLLOW), 0);
	ck_assert_int_eq(fs_statx(AT_FDCWD, "/tmp/h/l3", AT_SYMLINK_NOFOLLOW,
				  0, &x), 0);
	ck_assert(S_ISREG(x.stx_mode));
	ck_assert_int_eq(x.stx_nlink, 2);
}
END_TEST

START_TEST(attributes)
{
	struct timespec ts[2] = { { 1000, 5 }, { 2000, 7 } };
	struct statx x;
	struct statfs64 sf;
	int fd;

	fd = fs_openat(AT_FDCWD, "/tmp/at", O_CREAT | O_RDWR, 0644);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(fs_fchmodat(AT_FDCWD, "/tmp/at", 04751, 0), 0);
	ck_assert_int_eq(fs_statx(fd, "", AT_EMPTY_PATH, 0, &x), 0);
	ck_assert_int_eq(x.stx_mode, S_IFREG | 04751);
	ck_assert_int_eq(fs_fchmodat(fd, "", 0600, AT_EMPTY_PATH), 0);
	ck_assert_int_eq(fs_fchownat(fd, "", 12, 34, AT_EMPTY_PATH), 0);
	ck_assert_int_eq(fs_statx(AT_FDCWD, "/tmp/at", 0, 0, &x), 0);
	ck_assert_int_eq(x.stx_mode, S_IFREG | 0600);
	ck_assert_int_eq(x.stx_uid, 12);
	ck_assert_int_eq(x.stx_gid, 34);
	ck_assert_int_eq(fs_fchownat(AT_FDCWD, "/tmp/at", -1, 0, 0), 0);
	ck_assert_int_eq(fs_statx(AT_FDCWD, "/tmp/at", 0, 0, &x), 0);
	ck_assert_int_eq(x.stx_uid, 12);
	ck_assert_int_eq(x.stx_gid, 0);
	/* Times, also after a native write (the memfd keeps them). */
	ck_assert_int_eq(fs_utimensat(AT_FDCWD, "/tmp/at", ts, 0), 0);
	ck_assert_int_eq(fs_statx(AT_FDCWD, "/tmp/at", 0, 0, &x), 0);
	ck_assert_int_eq(x.stx_atime.tv_sec, 1000);
	ck_assert_int_eq(x.stx_atime.tv_nsec, 5);
	ck_assert_int_eq(x.stx_mtime.tv_sec, 2000);
	ts[0].tv_nsec = UTIME_OMIT;
	ts[1].tv_sec = 3000;
	ck_assert_int_eq(fs_utimensat(fd, NULL, ts, 0), 0);
	ck_assert_int_eq(fs_statx(AT_FDCWD, "/tmp/at", 0, 0, &x), 0);
	ck_assert_int_eq(x.stx_atime.tv_sec, 1000);
	ck_assert_int_eq(x.stx_mtime.tv_sec, 3000);
	ck_assert_int_eq(write(fd, "x", 1), 1);
	ck_assert_int_eq(fs_statx(AT_FDCWD, "/tmp/at", 0, 0, &x), 0);
	ck_assert_int_gt(x.stx_mtime.tv_sec, 1700000000);
	ts[1].tv_nsec = 1000000000;
	ck_assert_int_eq(fs_utimensat(fd, NULL, ts, 0), -EINVAL);
	ck_assert_int_eq(fs_utimensat(AT_FDCWD, NULL, NULL, 0), -EFAULT);
	/* Directories and symlinks keep their times in the inode. */
	ts[0].tv_nsec = ts[1].tv_nsec = 0;
	ck_assert_int_eq(fs_symlinkat("at", AT_FDCWD, "/tmp/atl"), 0);
	ck_assert_int_eq(fs_utimensat(AT_FDCWD, "/tmp/atl", ts,
				      AT_SYMLINK_NOFOLLOW), 0);
	ck_assert_int_eq(fs_statx(AT_FDCWD, "/tmp/atl", AT_SYMLINK_NOFOLLOW, 0,
				  &x), 0);
	ck_assert_int_eq(x.stx_mtime.tv_sec, 3000);
	ck_assert_int_eq(fs_fchmodat(AT_FDCWD, "/tmp/atl", 0600,
				     AT_SYMLINK_NOFOLLOW), -EOPNOTSUPP);
	/* truncate by path, through the link. */
	ck_assert_int_eq(fs_truncate("/tmp/atl", 10000), 0);
	ck_assert_int_eq(fs_statx(fd, "", AT_EMPTY_PATH, 0, &x), 0);
	ck_assert_int_eq(x.stx_size, 10000);
	ck_assert_int_eq(fs_truncate("/tmp", 0), -EISDIR);
	ck_assert_int_eq(fs_truncate("/tmp/at", -1), -EINVAL);
	ck_assert_int_eq(fs_truncate("/dev/null", 0), -EINVAL);
	close(fd);
	ck_assert_int_eq(fs_statfs(AT_FDCWD, "/tmp", &sf), 0);
	ck_assert_int_eq(sf.f_type, 0x01021994);
	ck_assert_int_eq(sf.f_namelen, 255);
	ck_assert_int_gt(sf.f_blocks, 0);
	ck_assert_int_ge(sf.f_blocks, sf.f_bfree);
	/* mknod: regular files, FIFOs and sockets; devices are refused. */
	ck_assert_int_eq(fs_mknodat(AT_FDCWD, "/tmp/mk", S_IFREG | 0600, 0), 0);
	ck_assert_int_eq(type_of("/tmp/mk"), S_IFREG);
	ck_assert_int_eq(fs_mknodat(AT_FDCWD, "/tmp/mk", S_IFREG | 0600, 0),
			 -EEXIST);
	ck_assert_int_eq(fs_mknodat(AT_FDCWD, "/tmp/sock", S_IFSOCK | 0600, 0),
			 0);
	ck_assert_int_eq(type_of("/tmp/sock"), S_IFSOCK);
	/* AF_UNIX names: bind makes a socket, connect finds only one. */
	ck_assert_int_eq(fs_sock_bind("/tmp/sock"), -EADDRINUSE);
	ck_assert_int_eq(fs_sock_bind("/tmp/mk"), -EADDRINUSE);
	ck_assert_int_eq(fs_sock_bind("/nodir/s"), -ENOENT);
	ck_assert_int_eq(fs_sock_bind("/tmp/mk/s"), -ENOTDIR);
	ck_assert_int_gt(fs_sock_bind("/tmp/bound"), 0);
	ck_assert_int_eq(type_of("/tmp/bound"), S_IFSOCK);
	ck_assert_int_gt(fs_sock_find("/tmp/bound"), 0);
	ck_assert_int_gt(fs_sock_find("/tmp/sock"), 0);
	ck_assert_int_ne(fs_sock_find("/tmp/sock"), fs_sock_find("/tmp/bound"));
	ck_assert_int_eq(fs_sock_find("/tmp/mk"), -ECONNREFUSED);
	ck_assert_int_eq(fs_sock_find("/tmp/none"), -ENOENT);
	ck_assert_int_eq(fs_openat(AT_FDCWD, "/tmp/bound", O_RDWR, 0), -ENXIO);
	ck_assert_int_eq(fs_unlinkat(AT_FDCWD, "/tmp/bound", 0), 0);
	ck_assert_int_eq(fs_sock_find("/tmp/bound"), -ENOENT);
	ck_assert_int_eq(fs_mknodat(AT_FDCWD, "/tmp/chr", S_IFCHR | 0600, 0),
			 -EPERM);
	ck_assert_int_eq(fs_mknodat(AT_FDCWD, "/tmp/dir", S_IFDIR | 0600, 0),
			 -EPERM);
}
END_TEST

/* A FIFO inside one process: readers see what writers write, then EOF. */
START_TEST(fifos)
{
	struct statx x;
	char buf[16];
	int r, w, w2;

	ck_assert_int_eq(fs_mknodat(AT_FDCWD, "/tmp/fifo", S_IFIFO | 0640, 0),
			 0);
	ck_assert_int_eq(fs_statx(AT_FDCWD, "/tmp/fifo", 0, 0, &x), 0);
	ck_assert_int_eq(x.stx_mode, S_IFIFO | 0640);
	ck_assert_int_eq(x.stx_size, 0);
	/* A non-blocking reader first, then writers. */
	r = fs_openat(AT_FDCWD, "/tmp/fifo", O_RDONLY | O_NONBLOCK, 0);
	ck_assert_int_ge(r, 0);
	ck_assert_int_eq(read(r, buf, sizeof(buf)), 0);
	w = fs_openat(AT_FDCWD, "/tmp/fifo", O_WRONLY, 0);
	ck_assert_int_ge(w, 0);
	w2 = fs_openat(AT_FDCWD, "/tmp/fifo", O_RDWR, 0);
	ck_assert_int_ge(w2, 0);
	ck_assert_int_eq(write(w, "abc", 3), 3);
	ck_assert_int_eq(write(w2, "de", 2), 2);
	ck_assert_int_eq(read(r, buf, sizeof(buf)), 5);
	ck_assert(!memcmp(buf, "abcde", 5));
	/* An empty FIFO with a writer: EAGAIN; without one: the end. */
	ck_assert_int_eq(read(r, buf, sizeof(buf)), -1);
	ck_assert_int_eq(errno, EAGAIN);
	close(w);
	close(w2);
	ck_assert_int_eq(read(r, buf, sizeof(buf)), 0);
	/* The fds are the file system's: fstat shows the FIFO. */
	ck_assert_int_eq(fs_statx(r, "", AT_EMPTY_PATH, 0, &x), 0);
	ck_assert_int_eq(x.stx_mode, S_IFIFO | 0640);
	ck_assert_int_eq(x.stx_dev_minor, FS_DEV_MINOR);
	close(r);
	ck_assert_int_eq(fs_truncate("/tmp/fifo", 0), -EINVAL);
	ck_assert_int_eq(fs_openat(AT_FDCWD, "/tmp/fifo", O_RDONLY |
				   O_DIRECTORY, 0), -ENOTDIR);
	ck_assert_int_eq(fs_unlinkat(AT_FDCWD, "/tmp/fifo", 0), 0);
}
END_TEST

START_TEST(rename_exchange)
{
	struct statx x;
	int fd;

	ck_assert_int_eq(fs_mkdirat(AT_FDCWD, "/tmp/x", 0755), 0);
	ck_assert_int_eq(fs_mkdirat(AT_FDCWD, "/tmp/x/d", 0755), 0);
	ck_assert_int_eq(fs_mkdirat(AT_FDCWD, "/tmp/x/d/e", 0755), 0);
	fd = fs_openat(AT_FDCWD, "/tmp/x/f", O_CREAT | O_WRONLY, 0644);
	close(fd);
	ck_assert_int_eq(fs_renameat2(AT_FDCWD, "/tmp/x/f", AT_FDCWD,
				      "/tmp/x/d/e", RENAME_EXCHANGE), 0);
	ck_assert_int_eq(type_of("/tmp/x/f"), S_IFDIR);
	ck_assert_int_eq(type_of("/tmp/x/d/e"), S_IFREG);
	/* The directory's ".." moved: the link counts follow. */
	ck_assert_int_eq(fs_statx(AT_FDCWD, "/tmp/x/d", 0, 0, &x), 0);
	ck_assert_int_eq(x.stx_nlink, 2);
	ck_assert_int_eq(fs_statx(AT_FDCWD, "/tmp/x", 0, 0, &x), 0);
	ck_assert_int_eq(x.stx_nlink, 4);
	ck_assert_int_eq(type_of("/tmp/x/f/.."), S_IFDIR);
	ck_assert_int_eq(fs_renameat2(AT_FDCWD, "/tmp/x/f", AT_FDCWD,
				      "/tmp/x/none", RENAME_EXCHANGE), -ENOENT);
	ck_assert_int_eq(fs_renameat2(AT_FDCWD, "/tmp/x/d", AT_FDCWD,
				      "/tmp/x/d/e", RENAME_EXCHANGE |
				      RENAME_NOREPLACE), -EINVAL);
	ck_assert_int_eq(fs_renameat2(AT_FDCWD, "/tmp/x/d", AT_FDCWD,
				      "/tmp/x/d/e", RENAME_EXCHANGE), -EINVAL);
	ck_assert_int_eq(fs_renameat2(AT_FDCWD, "/tmp/x/d/e", AT_FDCWD,
				      "/tmp/x/d", RENAME_EXCHANGE), -EINVAL);
	ck_assert_int_eq(fs_renameat2(AT_FDCWD, "/tmp/x/d/e", AT_FDCWD,
				      "/tmp/x/d", 0), -ENOTEMPTY);
	ck_assert_int_eq(fs_renameat2(AT_FDCWD, "/tmp/x/d/.", AT_FDCWD,
				      "/tmp/x/g", 0), -EBUSY);
	ck_assert_int_eq(fs_renameat2(AT_FDCWD, "/tmp/x/d/e/", AT_FDCWD,
				      "/tmp/x/g", 0), -ENOTDIR);
}
END_TEST

/* Permission checks as an ordinary user (root sets the scene). */
START_TEST(permissions)
{
	char buf[8];
	int fd;

	ck_assert_int_eq(fs_mkdirat(AT_FDCWD, "/tmp/p", 0755), 0);
	ck_assert_int_eq(fs_mkdirat(AT_FDCWD, "/tmp/p/sticky", 01777), 0);
	ck_assert_int_eq(fs_mkdirat(AT_FDCWD, "/tmp/p/closed", 0700), 0);
	fd = fs_openat(AT_FDCWD, "/tmp/p/closed/f", O_CREAT | O_WRONLY, 0644);
	ck_assert_int_ge(fd, 0);
	close(fd);
	fd = fs_openat(AT_FDCWD, "/tmp/p/secret", O_CREAT | O_WRONLY, 0600);
	close(fd);
	fd = fs_openat(AT_FDCWD, "/tmp/p/sticky/theirs", O_CREAT | O_WRONLY,
		       0666);
	close(fd);
	ck_assert_int_eq(fs_fchownat(AT_FDCWD, "/tmp/p/sticky/theirs", 1000,
				     1000, 0), 0);
	ck_assert_int_eq(fs_fchmodat(AT_FDCWD, "/tmp/p/sticky/theirs", 0666,
				     0), 0);
	ck_assert_int_eq(fs_mkdirat(AT_FDCWD, "/tmp/p/sticky/dir", 0777), 0);
	ck_assert_int_eq(fs_fchmodat(AT_FDCWD, "/tmp/p/sticky/dir", 0777, 0),
			 0);
	ck_assert_int_eq(fs_fchownat(AT_FDCWD, "/tmp/p/sticky/dir", 1000, 1000,
				     0), 0);
	ck_assert_int_eq(fs_fchownat(AT_FDCWD, "/tmp/p/sticky", 0, 0, 0), 0);
	ck_assert_int_eq(fs_fchmodat(AT_FDCWD, "/tmp/p/sticky", 01777, 0), 0);
	/* Root passes read and write checks but needs an x bit to exec. */
	ck_assert_int_eq(fs_faccessat(AT_FDCWD, "/tmp/p/secret", R_OK | W_OK,
				      0), 0);
	ck_assert_int_eq(fs_faccessat(AT_FDCWD, "/tmp/p/secret", X_OK, 0),
			 -EACCES);

	ck_assert_int_eq(seteuid(65534), 0);
	fs_creds_reload();
	ck_assert_int_eq(fs_openat(AT_FDCWD, "/tmp/p/secret", O_RDONLY, 0),
			 -EACCES);
	ck_assert_int_eq(fs_faccessat(AT_FDCWD, "/tmp/p/secret", R_OK,
				      AT_EACCESS), -EACCES);
	/* No search permission: nothing below is reachable. */
	ck_assert_int_eq(fs_openat(AT_FDCWD, "/tmp/p/closed/f", O_RDONLY, 0),
			 -EACCES);
	ck_assert_int_eq(fs_chdir("/tmp/p/closed"), -EACCES);
	/* No write permission on the parent: no new names. */
	ck_assert_int_eq(fs_mkdirat(AT_FDCWD, "/tmp/p/new", 0755), -EACCES);
	ck_assert_int_eq(fs_unlinkat(AT_FDCWD, "/tmp/p/secret", 0), -EACCES);
	/* Only the owner changes modes and times of its choice. */
	ck_assert_int_eq(fs_fchmodat(AT_FDCWD, "/tmp/p/secret", 0666, 0),
			 -EPERM);
	ck_assert_int_eq(fs_fchownat(AT_FDCWD, "/tmp/p/sticky/theirs", 65534,
				     -1, 0), -EPERM);
	/* A sticky directory: the file is writable by all, yet not ours to
	 * remove or rename. */
	fd = fs_openat(AT_FDCWD, "/tmp/p/sticky/theirs", O_RDWR, 0);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, "x", 1), 1);
	close(fd);
	/* "now" needs write permission; a time of one's choice ownership. */
	ck_assert_int_eq(fs_utimensat(AT_FDCWD, "/tmp/p/sticky/dir", NULL, 0),
			 0);
	{
		struct timespec ts[2] = { { 1, 0 }, { 2, 0 } };

		ck_assert_int_eq(fs_utimensat(AT_FDCWD, "/tmp/p/sticky/dir",
					      ts, 0), -EPERM);
	}
	ck_assert_int_eq(fs_unlinkat(AT_FDCWD, "/tmp/p/sticky/theirs", 0),
			 -EPERM);
	ck_assert_int_eq(fs_renameat2(AT_FDCWD, "/tmp/p/sticky/theirs",
				      AT_FDCWD, "/tmp/p/sticky/mine", 0),
			 -EPERM);
	/* Our own file there is ours to remove. */
	fd = fs_openat(AT_FDCWD, "/tmp/p/sticky/mine", O_CREAT | O_WRONLY |
		       O_EXCL, 04755);
	ck_assert_int_ge(fd, 0);
	/* An unprivileged write drops the set-user-ID bit. */
	ck_assert_int_eq(write(fd, "x", 1), 1);
	close(fd);
	{
		struct statx x;

		ck_assert_int_eq(fs_statx(AT_FDCWD, "/tmp/p/sticky/mine", 0, 0,
					  &x), 0);
		ck_assert_int_eq(x.stx_mode & 07777, 0755);
	}
	ck_assert_int_eq(fs_readlinkat(AT_FDCWD, "/tmp/p/secret", buf, 8),
			 -EINVAL);
	ck_assert_int_eq(fs_unlinkat(AT_FDCWD, "/tmp/p/sticky/mine", 0), 0);
	ck_assert_int_eq(seteuid(0), 0);
	fs_creds_reload();
}
END_TEST

START_TEST(removed_cwd)
{
	char buf[64];
	struct statx x;

	ck_assert_int_eq(fs_mkdirat(AT_FDCWD, "/tmp/rc", 0755), 0);
	ck_assert_int_eq(fs_mkdirat(AT_FDCWD, "/tmp/rc/d", 0755), 0);
	ck_assert_int_eq(fs_chdir("/tmp/rc/d"), 0);
	ck_assert_int_eq(fs_unlinkat(AT_FDCWD, "/tmp/rc/d", AT_REMOVEDIR), 0);
	ck_assert_int_eq(fs_getcwd(buf, sizeof(buf)), -ENOENT);
	ck_assert_int_eq(fs_statx(AT_FDCWD, ".", 0, 0, &x), 0);
	ck_assert_int_eq(x.stx_nlink, 0);
	ck_assert_int_eq(fs_statx(AT_FDCWD, "..", 0, 0, &x), 0);
	ck_assert_int_eq(x.stx_nlink, 2);
	ck_assert_int_eq(fs_mkdirat(AT_FDCWD, "x", 0755), -ENOENT);
	ck_assert_int_eq(fs_openat(AT_FDCWD, "y", O_CREAT | O_RDWR, 0600),
			 -ENOENT);
	ck_assert_int_eq(fs_chdir(".."), 0);
	ck_assert_int_eq(fs_getcwd(buf, sizeof(buf)), 8);
	ck_assert_str_eq(buf, "/tmp/rc");
	ck_assert_int_eq(fs_chdir("/"), 0);
}
END_TEST

/* One tree for every process: what a child makes, renames or removes,
 * the parent sees; per-process state (the working directory) stays. */
START_TEST(shared_across_fork)
{
	char why[128];
	struct statx x;
	pid_t pid;
	int status;

	ck_assert_int_eq(fs_mkdirat(AT_FDCWD, "/tmp/s", 0755), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		int fd = fs_openat(AT_FDCWD, "/tmp/s/child",
				   O_CREAT | O_WRONLY, 0600);

		if (fd < 0 || write(fd, "from the child", 14) != 14 ||
		    fs_renameat2(AT_FDCWD, "/tmp/s/child", AT_FDCWD,
				 "/tmp/s/moved", 0) < 0 ||
		    fs_chdir("/tmp/s") < 0)
			_exit(1);
		_exit(0);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	ck_assert_int_eq(fs_statx(AT_FDCWD, "/tmp/s/moved", 0, 0, &x), 0);
	ck_assert_int_eq(x.stx_size, 14);
	ck_assert_int_eq(fs_statx(AT_FDCWD, "/tmp/s/child", 0, 0, &x),
			 -ENOENT);
	/* The child's chdir was its own. */
	{
		char cwd[64];

		ck_assert_int_eq(fs_getcwd(cwd, sizeof(cwd)), 2);
		ck_assert_str_eq(cwd, "/");
	}
	ck_assert_msg(fs_check(why, sizeof(why)) == 0, "%s", why);
}
END_TEST

/*
 * A process killed while it holds the core lock in the middle of an
 * operation: the next holder rolls it back (an operation is complete or
 * absent) and the tree stays consistent. The child does half a mkdir by
 * hand, under the lock, and dies of SIGKILL; waiter: whether the parent
 * is already waiting for the lock then (the kernel hands it over) or
 * comes later (it finds the owner gone).
 */
static void die_holding(bool waiter)
{
	unsigned long recovered;
	char why[128];
	struct statx x;
	int p[2], status;
	pid_t pid;
	char c;

	ck_assert_int_eq(fs_mkdirat(AT_FDCWD, "/tmp/before", 0755), 0);
	/* Counted per process: under valgrind (CK_FORK=no) the tests
	 * share one. */
	recovered = core_recoveries;
	ck_assert_int_eq(pipe(p), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		aoff_t ino;

		if (core_lock() < 0)
			_exit(1);
		ino = inode_create(fs_root, S_IFDIR | 0755);
		if (!ino || dentry_add(fs_root, "half", 4, ino) < 0)
			_exit(1);
		INO_W(fs_root)->mode |= 01000;
		if (write(p[1], "x", 1) != 1)
			_exit(1);
		if (waiter)
			usleep(200 * 1000);
		raise(SIGKILL);
		_exit(1);
	}
	close(p[1]);
	ck_assert_int_eq(read(p[0], &c, 1), 1);
	if (!waiter)
		ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	/* Blocks until the child is gone, or finds it gone. */
	ck_assert_int_eq(fs_mkdirat(AT_FDCWD, "/tmp/after", 0755), 0);
	if (waiter)
		ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
	ck_assert_uint_eq(core_recoveries, recovered + 1);
	/* The dead operation is absent; the others are there. */
	ck_assert_int_eq(fs_statx(AT_FDCWD, "/half", 0, 0, &x), -ENOENT);
	ck_assert_int_eq(fs_statx(AT_FDCWD, "/", 0, 0, &x), 0);
	ck_assert_int_eq(x.stx_mode & 07777, 0755);
	ck_assert_int_eq(fs_statx(AT_FDCWD, "/tmp/before", 0, 0, &x), 0);
	ck_assert_int_eq(fs_statx(AT_FDCWD, "/tmp/after", 0, 0, &x), 0);
	ck_assert_msg(fs_check(why, sizeof(why)) == 0, "%s", why);
	ck_assert_int_eq(fs_mkdirat(AT_FDCWD, "/half", 0755), 0);
	ck_assert_msg(fs_check(why, sizeof(why)) == 0, "%s", why);
}

START_TEST(holder_dies)
{
	die_holding(false);
}
END_TEST

START_TEST(holder_dies_with_a_waiter)
{
	die_holding(true);
}
END_TEST

/* Opens /proc/self/fd/N of p's ends, reads what the other end wrote. */
static void pipe_via_proc(const char *what)
{
	char path[32], buf[8] = { 0 };
	int p[2], w, r;

	ck_assert_int_eq(pipe(p), 0);
	snprintf(path, sizeof(path), "/dev/fd/%d", p[1]);
	w = fs_openat(AT_FDCWD, path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	ck_assert_msg(w >= 0, "%s: open %s: %d", what, path, w);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", p[0]);
	r = fs_openat(AT_FDCWD, path, O_RDONLY, 0);
	ck_assert_msg(r >= 0, "%s: open %s: %d", what, path, r);
	ck_assert_int_eq(write(w, "abc", 3), 3);
	ck_assert_int_eq(read(r, buf, sizeof(buf)), 3);
	ck_assert_str_eq(buf, "abc");
	close(w);
	close(r);
	close(p[0]);
	close(p[1]);
}

/*
 * /proc/self/fd/N of a kernel object: a pipe opens, through the /proc
 * door (a description of its own) or, without it, as a dup of N that
 * must have the access asked for; a socket gives ENXIO either way.
 */
START_TEST(kernel_fds_via_proc)
{
	struct statx x;
	char path[32];
	int p[2], s[2];

	pipe_via_proc("door");
	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, s), 0);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", s[0]);
	ck_assert_int_eq(fs_openat(AT_FDCWD, path, O_RDWR, 0), -ENXIO);
	ck_assert_int_eq(fs_statx(AT_FDCWD, path, 0, 0, &x), 0);
	ck_assert(S_ISSOCK(x.stx_mode));
	fs_set_reopen(false);
	pipe_via_proc("dup");
	ck_assert_int_eq(fs_openat(AT_FDCWD, path, O_RDWR, 0), -ENXIO);
	ck_assert_int_eq(pipe(p), 0);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", p[0]);
	ck_assert_int_eq(fs_openat(AT_FDCWD, path, O_WRONLY, 0), -EACCES);
	fs_set_reopen(true);
	close(p[0]);
	close(p[1]);
	close(s[0]);
	close(s[1]);
}
END_TEST

/* /proc's names are the process's own: nothing is made there. */
START_TEST(nothing_made_in_proc)
{
	ck_assert_int_eq(fs_openat(AT_FDCWD, "/proc/self/new",
				   O_CREAT | O_WRONLY, 0644), -ENOENT);
	ck_assert_int_eq(fs_openat(AT_FDCWD, "/proc/self/fd/999",
				   O_CREAT | O_WRONLY, 0644), -ENOENT);
	ck_assert_int_eq(fs_openat(AT_FDCWD, "/proc/new",
				   O_CREAT | O_WRONLY, 0644), -ENOENT);
	ck_assert_int_eq(fs_mkdirat(AT_FDCWD, "/proc/self/fd/d", 0755),
			 -ENOENT);
	ck_assert_int_eq(fs_symlinkat("/", AT_FDCWD, "/proc/self/l"), -ENOENT);
	ck_assert_int_eq(fs_renameat2(AT_FDCWD, "/tmp", AT_FDCWD,
				      "/proc/self/t", 0), -ENOENT);
}
END_TEST

/* A seeded run's /proc/sys/kernel/random (fs_proc_random). */
START_TEST(proc_random)
{
	char a[64] = "", b[64] = "", why[128];
	struct statx x;
	int fd, i;

	ck_assert_int_eq(fs_openat(AT_FDCWD, "/proc/sys/kernel/random/uuid",
				   O_RDONLY, 0), -ENOENT);
	ck_assert_int_eq(fs_proc_random(), 0);
	ck_assert_int_eq(fs_proc_random(), 0);
	ck_assert_int_eq(fs_statx(AT_FDCWD, "/proc/sys/kernel/random/uuid", 0,
				  0, &x), 0);
	ck_assert_int_eq(x.stx_mode & (S_IFMT | 07777), S_IFREG | 0444);
	for (i = 0; i < 2; i++) {
		fd = fs_openat(AT_FDCWD, "/proc/sys/kernel/random/uuid",
			       O_RDONLY, 0);
		ck_assert_int_ge(fd, 0);
		ck_assert_int_eq(read(fd, i ? b : a, 63), 37);
		close(fd);
	}
	/* A new version 4 UUID at each open. */
	ck_assert_str_ne(a, b);
	ck_assert(a[8] == '-' && a[13] == '-' && a[14] == '4' &&
		  a[18] == '-' && a[23] == '-' && a[36] == '\n');
	ck_assert(strchr("89ab", a[19]));
	fd = fs_openat(AT_FDCWD, "/proc/sys/kernel/random/boot_id", O_RDONLY,
		       0);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(read(fd, a, 63), 37);
	close(fd);
	ck_assert_int_eq(fs_openat(AT_FDCWD, "/proc/sys/kernel/random/uuid",
				   O_WRONLY, 0), -EACCES);
	ck_assert_msg(fs_check(why, sizeof(why)) == 0, "%s", why);
}
END_TEST

static Suite *fs_suite(void)
{
	Suite *s = suite_create("fs");
	TCase *tc = tcase_create("core");

	/* Each test in a process of its own, with an arena and store of
	 * its own (the arena is shared with forked children). */
	tcase_add_checked_fixture(tc, setup_once, NULL);
	tcase_add_test(tc, initial_tree);
	tcase_add_test(tc, create_write_read);
	tcase_add_test(tc, directories);
	tcase_add_test(tc, nlink_counts);
	tcase_add_test(tc, listing);
	tcase_add_test(tc, rename_cases);
	tcase_add_test(tc, cwd);
	tcase_add_test(tc, names_too_long);
	tcase_add_test(tc, unlinked_but_open);
	tcase_add_test(tc, devices);
	tcase_add_test(tc, random_and_clock);
	tcase_add_test(tc, symlinks);
	tcase_add_test(tc, hard_links);
	tcase_add_test(tc, attributes);
	tcase_add_test(tc, fifos);
	tcase_add_test(tc, rename_exchange);
	tcase_add_test(tc, permissions);
	tcase_add_test(tc, removed_cwd);
	tcase_add_test(tc, shared_across_fork);
	tcase_add_test(tc, holder_dies);
	tcase_add_test(tc, holder_dies_with_a_waiter);
	tcase_add_test(tc, kernel_fds_via_proc);
	tcase_add_test(tc, nothing_made_in_proc);
	tcase_add_test(tc, proc_random);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(fs_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
