/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Symlinks, hard links and attributes through the trap path: libc's
 * syscall() (a trapped call from inside libc) for every call the shim
 * emulates in fs/link.c and fs/attr.c, and glibc's own internal calls
 * (realpath reads links, statvfs calls statfs). The libc names are
 * covered by the differential tester; this checks that the decoders of
 * the SIGSYS path reach the same cores with the same answers.
 */
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include <utime.h>

#include "test/lib/check.h"
#include "test/lib/legacy.h"

#define TMPFS_MAGIC 0x01021994

/* The kernel's struct statfs on this architecture is libc's. */
#include <sys/statfs.h>

/* The writer side of a FIFO whose reader waits in open. */
static void *fifo_writer(void *path)
{
	struct timespec t = { 0, 50 * 1000 * 1000 };
	int w;

	nanosleep(&t, NULL);
	w = open(path, O_WRONLY);
	if (w < 0 || write(w, "late", 4) != 4)
		return (void *)1;
	close(w);
	return NULL;
}

static long sc(long n, long a, long b, long c, long d, long e)
{
	return syscall(n, a, b, c, d, e);
}

static struct stat st_of(const char *path, int flags)
{
	struct stat st;

	CHECK(legacy_fstatat(AT_FDCWD, path, &st, flags) == 0);
	return st;
}

int main(void)
{
	struct timespec ts[2] = { { 1000, 0 }, { 2000, 0 } };
	struct timeval tv[2] = { { 3000, 0 }, { 4000, 0 } };
	struct utimbuf ub = { 5000, 6000 };
	char buf[PATH_MAX];
	struct statfs sf;
	struct statvfs sv;
	struct stat st;
	int fd;

	CHECK(mkdir("/tmp/t", 0755) == 0);
	fd = open("/tmp/t/f", O_CREAT | O_RDWR, 0644);
	CHECK(fd >= 0 && write(fd, "hello", 5) == 5);

	/* symlink, symlinkat, readlink, readlinkat. */
	CHECK(legacy_symlink("f", "/tmp/t/l") == 0);
	CHECK(sc(SYS_symlinkat, (long)"/tmp/t", AT_FDCWD, (long)"/tmp/d", 0,
		 0) == 0);
	CHECK(legacy_symlink("f", "/tmp/t/l") == -1 &&
	      errno == EEXIST);
	memset(buf, 0, sizeof(buf));
	CHECK(legacy_readlink("/tmp/d/l", buf, sizeof(buf)) == 1 &&
	      !strcmp(buf, "f"));
	CHECK(sc(SYS_readlinkat, AT_FDCWD, (long)"/tmp/d", (long)buf,
		 sizeof(buf), 0) == 6 && !memcmp(buf, "/tmp/t", 6));
	CHECK(S_ISLNK(st_of("/tmp/d/l", AT_SYMLINK_NOFOLLOW).st_mode));
	CHECK(st_of("/tmp/d/l", 0).st_size == 5);
	/* glibc's realpath reads the links with its internal calls. */
	CHECK(realpath("/tmp/d/l", buf) && !strcmp(buf, "/tmp/t/f"));

	/* link, linkat. */
	CHECK(legacy_link("/tmp/t/f", "/tmp/t/h") == 0);
	CHECK(sc(SYS_linkat, AT_FDCWD, (long)"/tmp/t/l", AT_FDCWD,
		 (long)"/tmp/t/h2", AT_SYMLINK_FOLLOW) == 0);
	CHECK(st_of("/tmp/t/f", 0).st_nlink == 3);
	CHECK(legacy_link("/tmp/t", "/tmp/t2") == -1 &&
	      errno == EPERM);

	/* chmod, fchmod, fchmodat; chown, lchown, fchown, fchownat. */
	CHECK(legacy_chmod("/tmp/d/l", 0600) == 0);
	CHECK((st_of("/tmp/t/f", 0).st_mode & 07777) == 0600);
	CHECK(sc(SYS_fchmod, fd, 0640, 0, 0, 0) == 0);
	CHECK((st_of("/tmp/t/f", 0).st_mode & 07777) == 0640);
	CHECK(sc(SYS_fchmodat, AT_FDCWD, (long)"/tmp/t/h", 0604, 0, 0) == 0);
	CHECK((st_of("/tmp/t/f", 0).st_mode & 07777) == 0604);
	CHECK(legacy_chown("/tmp/t/l", 11, 12) == 0);
	st = st_of("/tmp/t/f", 0);
	CHECK(st.st_uid == 11 && st.st_gid == 12);
	CHECK(legacy_lchown("/tmp/t/l", 21, 22) == 0);
	st = st_of("/tmp/t/l", AT_SYMLINK_NOFOLLOW);
	CHECK(st.st_uid == 21 && st.st_gid == 22);
	CHECK(st_of("/tmp/t/f", 0).st_uid == 11);
	CHECK(sc(SYS_fchown, fd, 31, -1, 0, 0) == 0);
	CHECK(sc(SYS_fchownat, AT_FDCWD, (long)"/tmp/t/f", -1, 32, 0) == 0);
	st = st_of("/tmp/t/f", 0);
	CHECK(st.st_uid == 31 && st.st_gid == 32);
	/* The libc names for the fd variants. */
	CHECK(fchmod(fd, 0644) == 0 && fchown(fd, 0, 0) == 0);
	CHECK(fstat(fd, &st) == 0 && (st.st_mode & 07777) == 0644);

	/* utimensat (path and fd), utimes, utime, futimesat. */
	CHECK(sc(SYS_utimensat, AT_FDCWD, (long)"/tmp/t/f", (long)ts, 0, 0) ==
	      0);
	st = st_of("/tmp/t/f", 0);
	CHECK(st.st_atime == 1000 && st.st_mtime == 2000);
	ts[1].tv_sec = 2500;
	CHECK(sc(SYS_utimensat, fd, 0, (long)ts, 0, 0) == 0);
	CHECK(st_of("/tmp/t/f", 0).st_mtime == 2500);
	CHECK(futimens(fd, ts) == 0);
	CHECK(legacy_utimes("/tmp/t/f", tv) == 0);
	CHECK(st_of("/tmp/t/f", 0).st_mtime == 4000);
	CHECK(legacy_utime("/tmp/t/f", &ub) == 0);
	CHECK(st_of("/tmp/t/f", 0).st_mtime == 6000);
	tv[1].tv_sec = 7000;
	CHECK(legacy_futimesat(AT_FDCWD, "/tmp/t/f", tv) == 0);
	CHECK(st_of("/tmp/t/f", 0).st_mtime == 7000);
	/* A native write moves the time on: the memfd keeps it. */
	CHECK(write(fd, "!", 1) == 1);
	CHECK(fstat(fd, &st) == 0 && st.st_mtime > 7000);

	/* truncate by path, statfs, fstatfs, statvfs. */
	CHECK(sc(SYS_truncate, (long)"/tmp/d/l", 3, 0, 0, 0) == 0);
	CHECK(st_of("/tmp/t/f", 0).st_size == 3);
	CHECK(truncate("/tmp/t/f", 100) == 0);
	CHECK(st_of("/tmp/t/f", 0).st_size == 100);
	CHECK(legacy_statfs("/tmp/t", &sf) == 0);
	CHECK(sf.f_type == TMPFS_MAGIC && sf.f_namelen == 255);
	CHECK(legacy_fstatfs(fd, &sf) == 0);
	CHECK(sf.f_type == TMPFS_MAGIC);
	CHECK(statvfs("/tmp", &sv) == 0 && sv.f_namemax == 255);
	CHECK(sv.f_blocks > 0 && sv.f_bfree <= sv.f_blocks);

	/* mknod, mknodat: regular files and FIFOs; devices refused. */
	CHECK(legacy_mknod("/tmp/t/n", S_IFREG | 0600, 0) == 0);
	CHECK(S_ISREG(st_of("/tmp/t/n", 0).st_mode));
	CHECK(sc(SYS_mknodat, AT_FDCWD, (long)"/tmp/t/c", S_IFCHR | 0600,
		 0x103, 0) == -1 && errno == EPERM);
	CHECK(sc(SYS_mknodat, AT_FDCWD, (long)"/tmp/t/p", S_IFIFO | 0600, 0,
		 0) == 0);
	CHECK(mkfifo("/tmp/t/q", 0600) == 0);
	{
		/* A FIFO inside one process (through the reopen door). */
		int r = open("/tmp/t/p", O_RDONLY | O_NONBLOCK);
		int w = open("/tmp/t/p", O_WRONLY);
		char c[4];

		CHECK(r >= 0 && w >= 0);
		CHECK(write(w, "fifo", 4) == 4);
		CHECK(read(r, c, 4) == 4 && !memcmp(c, "fifo", 4));
		CHECK(fstat(r, &st) == 0 && S_ISFIFO(st.st_mode));
		CHECK((st.st_mode & 07777) == 0600);
		CHECK(close(w) == 0 && read(r, c, 4) == 0);
		CHECK(close(r) == 0);
		/* stdio opens it too. */
		FILE *f = fopen("/tmp/t/q", "r+");

		CHECK(f != NULL && fputs("x\n", f) >= 0 && fflush(f) == 0);
		CHECK(fgets(buf, sizeof(buf), f) && !strcmp(buf, "x\n"));
		CHECK(fclose(f) == 0);
	}
	{
		/* A reader that waits in open for a writer of another thread:
		 * the open must not hold the shim's lock while it waits. */
		pthread_t t;
		void *res;
		char c[4];
		int r;

		CHECK(pthread_create(&t, NULL, fifo_writer, "/tmp/t/p") == 0);
		r = open("/tmp/t/p", O_RDONLY);
		CHECK(r >= 0 && read(r, c, 4) == 4 && !memcmp(c, "late", 4));
		CHECK(pthread_join(t, &res) == 0 && res == NULL);
		CHECK(read(r, c, 4) == 0 && close(r) == 0);
	}

	/* Loops and O_NOFOLLOW. */
	CHECK(legacy_symlink("loop", "/tmp/t/loop") == 0);
	CHECK(open("/tmp/t/loop", O_RDONLY) == -1 && errno == ELOOP);
	CHECK(open("/tmp/t/l", O_RDONLY | O_NOFOLLOW) == -1 &&
	      errno == ELOOP);
	CHECK(close(fd) == 0);

	/* A host object (a pipe) is left alone. */
	{
		int p[2];

		CHECK(pipe(p) == 0);
		CHECK(fchmod(p[0], 0600) == -1 && errno == EPERM);
		CHECK(sc(SYS_fchown, p[1], 0, 0, 0, 0) == -1 && errno == EPERM);
		CHECK(futimens(p[0], NULL) == -1 && errno == EPERM);
		CHECK(fstatfs(p[0], &sf) == 0 && sf.f_type == 0x50495045);
		close(p[0]);
		close(p[1]);
	}
	printf("links: ok\n");
	return 0;
}
