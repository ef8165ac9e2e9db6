/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What a program reads of time and randomness, printed: every clock id,
 * time(), gettimeofday(), timespec_get(), the raw clock_gettime and
 * getrandom system calls (libc's syscall(): the trap path), getrandom,
 * getentropy, arc4random, /dev/urandom, AT_RANDOM's bytes,
 * /proc/sys/kernel/random/uuid (twice) and boot_id, the mtime of a file
 * it creates, whether the vDSO is in its auxiliary vector, and
 * the host name.
 * Run under the same TAMAGO_SEED and TAMAGO_TIME twice, it prints the
 * same (test/det/det-matrix.sh).
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/auxv.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

/* A /proc file's one line, printed. */
static int line(const char *what, const char *path)
{
	char buf[128];
	FILE *f = fopen(path, "r");

	if (!f || !fgets(buf, sizeof(buf), f)) {
		perror(path);
		return -1;
	}
	fclose(f);
	printf("%s %s", what, buf);
	return 0;
}

static void hex(const char *what, const unsigned char *b, size_t n)
{
	size_t i;

	printf("%s ", what);
	for (i = 0; i < n; i++)
		printf("%02x", b[i]);
	printf("\n");
}

int main(void)
{
	static const struct {
		const char *name;
		clockid_t id;
	} clocks[] = {
		{ "REALTIME", CLOCK_REALTIME },
		{ "REALTIME_COARSE", CLOCK_REALTIME_COARSE },
		{ "MONOTONIC", CLOCK_MONOTONIC },
		{ "MONOTONIC_COARSE", CLOCK_MONOTONIC_COARSE },
		{ "MONOTONIC_RAW", CLOCK_MONOTONIC_RAW },
		{ "BOOTTIME", CLOCK_BOOTTIME },
		{ "TAI", CLOCK_TAI },
		{ "PROCESS_CPUTIME_ID", CLOCK_PROCESS_CPUTIME_ID },
		{ "THREAD_CPUTIME_ID", CLOCK_THREAD_CPUTIME_ID },
	};
	unsigned char b[16];
	struct timespec ts;
	struct timeval tv;
	struct stat st;
	struct utsname u;
	char host[256];
	size_t i;
	int fd;

	for (i = 0; i < sizeof(clocks) / sizeof(clocks[0]); i++) {
		if (clock_gettime(clocks[i].id, &ts) < 0) {
			perror(clocks[i].name);
			return 1;
		}
		printf("clock %s %lld.%09ld\n", clocks[i].name,
		       (long long)ts.tv_sec, ts.tv_nsec);
	}
	if (syscall(SYS_clock_gettime, CLOCK_REALTIME, &ts) < 0)
		return perror("raw clock_gettime"), 1;
	printf("raw clock_gettime %lld.%09ld\n", (long long)ts.tv_sec,
	       ts.tv_nsec);
	printf("time %lld\n", (long long)time(NULL));
	gettimeofday(&tv, NULL);
	printf("gettimeofday %lld.%06ld\n", (long long)tv.tv_sec,
	       (long)tv.tv_usec);
	timespec_get(&ts, TIME_UTC);
	printf("timespec_get %lld.%09ld\n", (long long)ts.tv_sec, ts.tv_nsec);
	if (getrandom(b, sizeof(b), 0) != sizeof(b))
		return perror("getrandom"), 1;
	hex("getrandom", b, sizeof(b));
	if (syscall(SYS_getrandom, b, sizeof(b), 0) != sizeof(b))
		return perror("raw getrandom"), 1;
	hex("raw getrandom", b, sizeof(b));
	if (getentropy(b, sizeof(b)) < 0)
		return perror("getentropy"), 1;
	hex("getentropy", b, sizeof(b));
	printf("arc4random %08x %u\n", arc4random(), arc4random_uniform(1000));
	fd = open("/dev/urandom", O_RDONLY);
	if (fd < 0 || read(fd, b, sizeof(b)) != sizeof(b))
		return perror("/dev/urandom"), 1;
	close(fd);
	hex("urandom", b, sizeof(b));
	hex("AT_RANDOM", (const unsigned char *)getauxval(AT_RANDOM), 16);
	fd = open("/tmp/probe-file", O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || write(fd, "x", 1) != 1 || fstat(fd, &st) < 0)
		return perror("/tmp/probe-file"), 1;
	close(fd);
	printf("mtime %lld.%09ld\n", (long long)st.st_mtim.tv_sec,
	       st.st_mtim.tv_nsec);
	if (line("uuid", "/proc/sys/kernel/random/uuid") < 0 ||
	    line("uuid", "/proc/sys/kernel/random/uuid") < 0 ||
	    line("boot_id", "/proc/sys/kernel/random/boot_id") < 0)
		return 1;
	printf("vdso %s\n", getauxval(AT_SYSINFO_EHDR) ? "yes" : "no");
	if (gethostname(host, sizeof(host)) < 0 || uname(&u) < 0)
		return perror("host name"), 1;
	printf("hostname %s nodename %s\n", host, u.nodename);
	return 0;
}
