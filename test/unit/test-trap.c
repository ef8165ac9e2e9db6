/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The trap path's resource limits (trap/fd.c) as a raw caller on this
 * architecture hands them over: getrlimit, ugetrlimit and setrlimit take
 * the kernel's struct rlimit, whose fields are unsigned long (32 bits on
 * 32-bit arm), prlimit64 takes 64-bit fields everywhere. Each call gets
 * a buffer with guard words after the struct: a decoder that writes or
 * reads the other width shows there. No seccomp: the decoders are called
 * as the SIGSYS handler calls them (runs under qemu-user too).
 */
#include <check.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <string.h>
#include <sys/resource.h>

#include "core/band.h"
#include "trap/trap.h"

#define GUARD 0xa5a5a5a5UL

/* The program's RLIMIT_NOFILE as prlimit64 reads it (soft, hard). */
static void nofile64(uint64_t v[2])
{
	uint64_t w[4] = { 0, 0, GUARD, GUARD };
	long a[6] = { 0, RLIMIT_NOFILE, 0, (long)w };

	ck_assert_int_eq(trap_prlimit64(a), 0);
	ck_assert_uint_eq(w[2], GUARD);
	ck_assert_uint_eq(w[3], GUARD);
	v[0] = w[0];
	v[1] = w[1];
}

static void setup(void)
{
	ck_assert_int_eq(band_setup(-1), 0);
}

START_TEST(t_getrlimit_width)
{
	unsigned long w[4] = { GUARD, GUARD, GUARD, GUARD };
	long a[6] = { RLIMIT_NOFILE, (long)w };
	uint64_t v[2];

	nofile64(v);
	ck_assert_int_eq(trap_getrlimit(a), 0);
	ck_assert_uint_eq(w[0], v[0]);
	ck_assert_uint_eq(w[1], v[1]);
	ck_assert_msg(w[2] == GUARD && w[3] == GUARD,
		      "getrlimit wrote past the kernel's %zu-byte struct",
		      2 * sizeof(unsigned long));
}
END_TEST

START_TEST(t_setrlimit_width)
{
	uint64_t v[2], now[2];
	unsigned long w[4] = { 0, 0, 0, 0 };
	long a[6] = { RLIMIT_NOFILE, (long)w };

	nofile64(v);
	ck_assert_uint_gt(v[1], 1);
	/* Read as 64-bit fields, these would be one huge soft limit. */
	w[0] = (unsigned long)v[1] - 1;
	w[1] = (unsigned long)v[1];
	ck_assert_int_eq(trap_setrlimit(a), 0);
	nofile64(now);
	ck_assert_uint_eq(now[0], v[1] - 1);
	ck_assert_uint_eq(now[1], v[1]);
	/* RLIM_INFINITY in the narrow struct is infinity: above the band. */
	w[0] = w[1] = ULONG_MAX;
	ck_assert_int_eq(trap_setrlimit(a), -EPERM);
	w[0] = 5;
	w[1] = 4;
	ck_assert_int_eq(trap_setrlimit(a), -EINVAL);
	w[0] = (unsigned long)v[0];
	w[1] = (unsigned long)v[1];
	ck_assert_int_eq(trap_setrlimit(a), 0);
	nofile64(now);
	ck_assert_uint_eq(now[0], v[0]);
	ck_assert_uint_eq(now[1], v[1]);
}
END_TEST

/*
 * A limit of the kernel's own (RLIMIT_CORE, passed through): what does
 * not fit in unsigned long reads as RLIM_INFINITY, and RLIM_INFINITY set
 * is prlimit64's infinity. Where the hard limit is not infinite, only
 * the values that fit can be tried.
 */
START_TEST(t_kernel_limit)
{
	uint64_t w64[4] = { 0, 0, GUARD, GUARD }, old[2];
	unsigned long w[4] = { GUARD, GUARD, GUARD, GUARD };
	long a64[6] = { 0, RLIMIT_CORE, 0, (long)w64 };
	long a[6] = { RLIMIT_CORE, (long)w };

	ck_assert_int_eq(trap_prlimit64(a64), 0);
	memcpy(old, w64, sizeof(old));
	if (old[1] == RLIM64_INFINITY) {
		uint64_t big[2] = { (1ULL << 33) + 5, RLIM64_INFINITY };
		long set64[6] = { 0, RLIMIT_CORE, (long)big, 0 };

		/* Above 32 bits where the kernel keeps 64 (qemu-user's). */
		ck_assert_int_eq(trap_prlimit64(set64), 0);
		ck_assert_int_eq(trap_prlimit64(a64), 0);
		ck_assert_int_eq(trap_getrlimit(a), 0);
		ck_assert_uint_eq(w[0], w64[0] >= ULONG_MAX ?
					ULONG_MAX : (unsigned long)w64[0]);
		ck_assert_uint_eq(w[1], ULONG_MAX);
		w[0] = ULONG_MAX;
		w[1] = ULONG_MAX;
		ck_assert_int_eq(trap_setrlimit(a), 0);
		ck_assert_int_eq(trap_prlimit64(a64), 0);
		ck_assert_uint_eq(w64[0], RLIM64_INFINITY);
		ck_assert_uint_eq(w64[1], RLIM64_INFINITY);
	}
	ck_assert_int_eq(trap_getrlimit(a), 0);
	ck_assert_uint_eq(w[2], GUARD);
	ck_assert_uint_eq(w[3], GUARD);
	w[0] = 0;
	w[1] = old[1] >= ULONG_MAX ? ULONG_MAX : (unsigned long)old[1];
	ck_assert_int_eq(trap_setrlimit(a), 0);
	ck_assert_int_eq(trap_prlimit64(a64), 0);
	ck_assert_uint_eq(w64[0], 0);
	ck_assert_uint_eq(w64[1], old[1]);
	ck_assert_uint_eq(w64[2], GUARD);
	ck_assert_uint_eq(w64[3], GUARD);
	{
		long back[6] = { 0, RLIMIT_CORE, (long)old, 0 };

		ck_assert_int_eq(trap_prlimit64(back), 0);
	}
}
END_TEST

int main(void)
{
	Suite *s = suite_create("trap");
	TCase *tc = tcase_create("rlimit");
	SRunner *sr;
	int failed;

	tcase_add_unchecked_fixture(tc, setup, NULL);
	tcase_add_test(tc, t_getrlimit_width);
	tcase_add_test(tc, t_setrlimit_width);
	tcase_add_test(tc, t_kernel_limit);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
