/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Runs under the example hooks library (hooks/examples/record.c): prints
 * what getrandom, clock_gettime and connect return, so the test can tell
 * that the handlers, not the kernel, answered; exits 3 for the exit
 * handler to see.
 *   hooked PORT
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/timeb.h>
#include <time.h>
#include <unistd.h>

#include "test/lib/check.h"
#include "core/sys.h"

int main(int argc, char **argv)
{
	struct sockaddr_in in = { .sin_family = AF_INET };
	unsigned char r[8];
	struct timespec a, b;
	int fd, i, rc;

	CHECK(argc == 2);
	CHECK(getrandom(r, sizeof(r), 0) == sizeof(r));
	printf("random");
	for (i = 0; i < 8; i++)
		printf(" %02x", r[i]);
	printf("\n");
	CHECK(clock_gettime(CLOCK_REALTIME, &a) == 0);
	CHECK(clock_gettime(CLOCK_REALTIME, &b) == 0);
	printf("realtime %lld.%03ld then %lld.%03ld\n", (long long)a.tv_sec,
	       a.tv_nsec / 1000000, (long long)b.tv_sec, b.tv_nsec / 1000000);
	/* time() and gettimeofday() read the same (virtual) clock. */
	{
		struct timeval tv;
		time_t t = time(NULL);

		CHECK(gettimeofday(&tv, NULL) == 0);
		printf("time %lld gettimeofday %lld.%03ld\n", (long long)t,
		       (long long)tv.tv_sec, (long)tv.tv_usec / 1000);
	}
	/* ftime and the arc4random family: the same handlers. */
	{
		struct timeb tb;

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
		CHECK(ftime(&tb) == 0);
#pragma GCC diagnostic pop
		printf("ftime %lld.%03u\n", (long long)tb.time, tb.millitm);
		arc4random_buf(r, sizeof(r));
		printf("arc4random_buf");
		for (i = 0; i < 8; i++)
			printf(" %02x", r[i]);
		printf("\narc4random %08x\n", arc4random());
	}
	in.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	in.sin_port = htons((unsigned short)atoi(argv[1]));
	for (i = 0; i < 2; i++) {
		fd = socket(AF_INET, SOCK_STREAM, 0);
		CHECK(fd >= 0);
		rc = connect(fd, (struct sockaddr *)&in, sizeof(in));
		printf("connect %d %s\n", rc, rc ? strerror(errno) : "ok");
		close(fd);
	}
	/*
	 * The console handler sees stdio's writes (glibc's own calls) and a
	 * raw write that bypasses libc, which is served, not killed.
	 */
	fflush(stdout);
	CHECK(sys_write(1, "raw write\n", 10) == 10);
	fprintf(stderr, "to stderr\n");
	/* The exit handler sees this status (after stdio is flushed). */
	return 3;
}
