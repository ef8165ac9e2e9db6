/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * RLIMIT_NOFILE (the shim's band lies above it) through every face a
 * program has: libc's getrlimit, setrlimit and prlimit with the narrow
 * struct rlimit (this program is built without _FILE_OFFSET_BITS=64:
 * unsigned long fields, 32 bits on 32-bit arm), their 64-bit siblings,
 * and the raw getrlimit (ugetrlimit on arm) and setrlimit through
 * syscall(), which the trap path serves with the kernel's narrow struct.
 * Guard words after each struct show a face that writes the other width;
 * all faces must agree. A kernel-kept limit (RLIMIT_STACK) reads narrow
 * as the kernel narrows it: what does not fit is RLIM_INFINITY.
 */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "test/lib/check.h"
#include "test/lib/legacy.h"

/* What fill() leaves in an unsigned long and in a uint64_t. */
#define GUARD (ULONG_MAX / 0xff * 0xa5)
#define GUARD64 (UINT64_MAX / 0xff * 0xa5)

struct narrow {
	struct rlimit rl;
	unsigned long guard[2];
};

struct wide {
	struct rlimit64 rl;
	uint64_t guard[2];
};

static void fill(void *p, size_t n)
{
	memset(p, 0xa5, n);
}

static unsigned long narrowed(uint64_t v)
{
	return v >= ULONG_MAX ? ULONG_MAX : (unsigned long)v;
}

/* RLIMIT_NOFILE through each reading face: all equal to want. */
static void same_everywhere(uint64_t cur, uint64_t max)
{
	struct narrow n;
	struct wide w;
	unsigned long raw[4];

	fill(&n, sizeof(n));
	CHECK(getrlimit(RLIMIT_NOFILE, &n.rl) == 0);
	CHECK(n.guard[0] == GUARD && n.guard[1] == GUARD);
	CHECK(n.rl.rlim_cur == narrowed(cur) && n.rl.rlim_max == narrowed(max));
	fill(&n, sizeof(n));
	CHECK(prlimit(0, RLIMIT_NOFILE, NULL, &n.rl) == 0);
	CHECK(n.guard[0] == GUARD && n.guard[1] == GUARD);
	CHECK(n.rl.rlim_cur == narrowed(cur) && n.rl.rlim_max == narrowed(max));
	fill(&w, sizeof(w));
	CHECK(getrlimit64(RLIMIT_NOFILE, &w.rl) == 0);
	CHECK(w.guard[0] == GUARD64 && w.guard[1] == GUARD64);
	CHECK(w.rl.rlim_cur == cur && w.rl.rlim_max == max);
	fill(&w, sizeof(w));
	CHECK(prlimit64(0, RLIMIT_NOFILE, NULL, &w.rl) == 0);
	CHECK(w.guard[0] == GUARD64 && w.guard[1] == GUARD64);
	CHECK(w.rl.rlim_cur == cur && w.rl.rlim_max == max);
	fill(raw, sizeof(raw));
	CHECK(legacy_getrlimit(RLIMIT_NOFILE, raw) == 0);
	CHECK(raw[2] == GUARD && raw[3] == GUARD);
	CHECK(raw[0] == narrowed(cur) && raw[1] == narrowed(max));
}

int main(void)
{
	struct rlimit64 start, stack;
	struct rlimit rl, old;
	unsigned long raw[4];

	CHECK(sizeof(struct narrow) == 4 * sizeof(unsigned long));
	CHECK(getrlimit64(RLIMIT_NOFILE, &start) == 0);
	CHECK(start.rlim_max > 2 && start.rlim_max < ULONG_MAX);
	same_everywhere(start.rlim_cur, start.rlim_max);

	/* Set through each narrow face, seen through all. */
	rl.rlim_cur = (rlim_t)start.rlim_max - 1;
	rl.rlim_max = (rlim_t)start.rlim_max;
	CHECK(setrlimit(RLIMIT_NOFILE, &rl) == 0);
	same_everywhere(start.rlim_max - 1, start.rlim_max);
	raw[0] = (unsigned long)start.rlim_max - 2;
	raw[1] = (unsigned long)start.rlim_max;
	raw[2] = raw[3] = 0;
	CHECK(legacy_setrlimit(RLIMIT_NOFILE, raw) == 0);
	same_everywhere(start.rlim_max - 2, start.rlim_max);
	rl.rlim_cur = (rlim_t)start.rlim_cur;
	CHECK(prlimit(0, RLIMIT_NOFILE, &rl, &old) == 0);
	CHECK(old.rlim_cur == (rlim_t)start.rlim_max - 2 &&
	      old.rlim_max == (rlim_t)start.rlim_max);
	same_everywhere(start.rlim_cur, start.rlim_max);

	/* RLIM_INFINITY narrow is infinity: above the band, refused. */
	rl.rlim_cur = rl.rlim_max = RLIM_INFINITY;
	errno = 0;
	CHECK(setrlimit(RLIMIT_NOFILE, &rl) == -1 && errno == EPERM);
	raw[0] = raw[1] = ULONG_MAX;
	errno = 0;
	CHECK(legacy_setrlimit(RLIMIT_NOFILE, raw) == -1 && errno == EPERM);
	rl.rlim_cur = 5;
	rl.rlim_max = 4;
	errno = 0;
	CHECK(setrlimit(RLIMIT_NOFILE, &rl) == -1 && errno == EINVAL);
	same_everywhere(start.rlim_cur, start.rlim_max);

	/* A limit the kernel keeps, narrowed as the kernel narrows it. */
	CHECK(getrlimit64(RLIMIT_STACK, &stack) == 0);
	CHECK(getrlimit(RLIMIT_STACK, &rl) == 0);
	CHECK(rl.rlim_cur == narrowed(stack.rlim_cur) &&
	      rl.rlim_max == narrowed(stack.rlim_max));

	/* By its own pid too: the filter's prlimit rule names the
	 * program's pid (in tamago-run's pid namespace the first process
	 * seals with it before it forks the program). */
	CHECK(prlimit64(getpid(), RLIMIT_STACK, NULL, &start) == 0);
	CHECK(start.rlim_cur == stack.rlim_cur);

	printf("rlimits: ok\n");
	return 0;
}
