/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Run with the example hooks library (hooks/examples/record.c), whose
 * clock starts at 2000-01-01: a file's times come from that clock even
 * when the kernel did the writing and reading (libc's write, a raw write
 * that bypasses libc, stdio), and an explicit utimensat stays exact.
 */
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "test/lib/check.h"
#include "core/sys.h"

/* 2000-01-01 .. 2000-01-02: the virtual clock, never the host's. */
static int virtual(const struct timespec *t)
{
	return t->tv_sec >= 946684800 && t->tv_sec < 946684800 + 86400;
}

static void check_times(const char *what, int fd)
{
	struct stat st;

	CHECK(fstat(fd, &st) == 0);
	if (!virtual(&st.st_atim) || !virtual(&st.st_mtim) ||
	    !virtual(&st.st_ctim)) {
		fprintf(stderr, "%s: atime %lld mtime %lld ctime %lld\n", what,
			(long long)st.st_atime, (long long)st.st_mtime,
			(long long)st.st_ctime);
		exit(1);
	}
}

int main(void)
{
	struct timespec before, t[2] = { { 1234567890, 5 }, { 1234567891, 7 } };
	struct stat st, again;
	char buf[16];
	FILE *f;
	int fd;

	fd = open("/tmp/f", O_CREAT | O_RDWR, 0644);
	CHECK(fd >= 0);
	check_times("created", fd);
	CHECK(fstat(fd, &st) == 0);
	CHECK(write(fd, "hello", 5) == 5);
	check_times("libc write", fd);
	CHECK(fstat(fd, &again) == 0);
	/* The write moved mtime forward on the virtual clock. */
	CHECK(again.st_mtim.tv_sec > st.st_mtim.tv_sec ||
	      again.st_mtim.tv_nsec > st.st_mtim.tv_nsec);
	CHECK(sys_write(fd, " raw", 4) == 4);
	check_times("raw write", fd);
	CHECK(pread(fd, buf, 9, 0) == 9 && !memcmp(buf, "hello raw", 9));
	check_times("read", fd);
	f = fopen("/tmp/g", "w");
	CHECK(f && fputs("stdio", f) >= 0 && fclose(f) == 0);
	CHECK(stat("/tmp/g", &st) == 0 && virtual(&st.st_mtim) &&
	      virtual(&st.st_ctim));
	CHECK(ftruncate(fd, 2) == 0);
	check_times("ftruncate", fd);
	/* Times set on purpose are kept exactly. */
	CHECK(futimens(fd, t) == 0);
	CHECK(stat("/tmp/f", &st) == 0);
	CHECK(st.st_atim.tv_sec == t[0].tv_sec && st.st_atim.tv_nsec == 5);
	CHECK(st.st_mtim.tv_sec == t[1].tv_sec && st.st_mtim.tv_nsec == 7);
	CHECK(virtual(&st.st_ctim));
	CHECK(clock_gettime(CLOCK_REALTIME, &before) == 0 && virtual(&before));
	/* Deleted but open, then written: never the host's clock (the
	 * times set above, or the handler's). */
	CHECK(unlink("/tmp/f") == 0 && write(fd, "more", 4) == 4);
	CHECK(fstat(fd, &st) == 0 && st.st_nlink == 0);
	CHECK(st.st_atime < 1300000000 && st.st_mtime < 1300000000 &&
	      virtual(&st.st_ctim));
	CHECK(close(fd) == 0);
	printf("clock-files: ok\n");
	return 0;
}
