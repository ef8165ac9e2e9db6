/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The deterministic handlers' pure parts (hooks/chacha.c, hooks/det.c):
 * ChaCha20 against RFC 8439's test vectors, TAMAGO_TIME's and
 * TAMAGO_SEED's forms, the stream and the virtual clock.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "hooks/chacha.h"
#include "hooks/det.h"

#define NSEC 1000000000LL

static void hex(const char *s, unsigned char *out, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		while (*s == ' ' || *s == ':' || *s == '\n')
			s++;
		ck_assert(sscanf(s, "%2hhx", &out[i]) == 1);
		s += 2;
	}
}

/* RFC 8439, section 2.3.2: the block function's test vector. */
START_TEST(chacha_rfc_2_3_2)
{
	unsigned char kb[32], nb[12], want[64], got[64];
	uint32_t key[8], nonce[3];
	int i;

	for (i = 0; i < 32; i++)
		kb[i] = (unsigned char)i;
	hex("00:00:00:09:00:00:00:4a:00:00:00:00", nb, 12);
	chacha20_key_words(kb, key);
	for (i = 0; i < 3; i++)
		nonce[i] = (uint32_t)nb[4 * i] | (uint32_t)nb[4 * i + 1] << 8 |
			   (uint32_t)nb[4 * i + 2] << 16 |
			   (uint32_t)nb[4 * i + 3] << 24;
	hex("10 f1 e7 e4 d1 3b 59 15 50 0f dd 1f a3 20 71 c4"
	    "c7 d1 f4 c7 33 c0 68 03 04 22 aa 9a c3 d4 6c 4e"
	    "d2 82 64 46 07 9f aa 09 14 c2 d7 05 d9 8b 02 a2"
	    "b5 12 9c d1 de 16 4e b9 cb d0 83 e8 a2 50 3c 4e",
	    want, 64);
	chacha20_block(key, 1, nonce, got);
	ck_assert_mem_eq(got, want, 64);
}
END_TEST

/* RFC 8439, appendix A.1, test vector #1: key, nonce and counter 0. */
START_TEST(chacha_rfc_a1_1)
{
	uint32_t key[8] = { 0 }, nonce[3] = { 0 };
	unsigned char want[64], got[64];

	hex("76 b8 e0 ad a0 f1 3d 90 40 5d 6a e5 53 86 bd 28"
	    "bd d2 19 b8 a0 8d ed 1a a8 36 ef cc 8b 77 0d c7"
	    "da 41 59 7c 51 57 48 8d 77 24 e0 3f b8 d8 4a 37"
	    "6a 43 b8 f4 15 18 a1 1c c3 87 b6 69 b2 ee 65 86",
	    want, 64);
	chacha20_block(key, 0, nonce, got);
	ck_assert_mem_eq(got, want, 64);
}
END_TEST

START_TEST(days)
{
	ck_assert_int_eq(det_days_from_civil(1970, 1, 1), 0);
	ck_assert_int_eq(det_days_from_civil(2000, 1, 1), 10957);
	ck_assert_int_eq(det_days_from_civil(2000, 3, 1), 11017);
	ck_assert_int_eq(det_days_from_civil(1969, 12, 31), -1);
	ck_assert_int_eq(det_days_from_civil(2038, 1, 19), 24855);
}
END_TEST

static struct det_time_spec parse_ok(const char *s)
{
	struct det_time_spec t;
	const char *why = NULL;

	ck_assert_msg(det_parse_time(s, &t, &why) == 0, "%s: %s", s,
		      why ? why : "");
	return t;
}

START_TEST(time_forms)
{
	struct det_time_spec t;

	t = parse_ok("@2000-01-01 00:00:00");
	ck_assert_int_eq(t.kind, DET_START);
	ck_assert_int_eq(t.ns, 946684800LL * NSEC);
	t = parse_ok("2000-01-01 00:00:01");
	ck_assert_int_eq(t.kind, DET_FROZEN);
	ck_assert_int_eq(t.ns, 946684801LL * NSEC);
	t = parse_ok("+2d");
	ck_assert_int_eq(t.kind, DET_OFFSET);
	ck_assert_int_eq(t.ns, 2 * 86400 * NSEC);
	t = parse_ok("-1.5h");
	ck_assert_int_eq(t.ns, -5400 * NSEC);
	t = parse_ok("+10");
	ck_assert_int_eq(t.ns, 10 * NSEC);
	t = parse_ok("+1y x2");
	ck_assert_int_eq(t.ns, 365 * 86400 * NSEC);
	ck_assert_int_eq(t.rate_ppm, 2000000);
	t = parse_ok("@2000-01-01 00:00:00 i1ms");
	ck_assert_int_eq(t.step_ns, 1000000);
	t = parse_ok("i2.5");
	ck_assert_int_eq(t.kind, DET_NOW);
	ck_assert_int_eq(t.step_ns, 2500000000LL);
	t = parse_ok("x0.5");
	ck_assert_int_eq(t.rate_ppm, 500000);
	t = parse_ok("2024-02-29 23:59:59 i10us");
	ck_assert_int_eq(t.step_ns, 10000);
}
END_TEST

START_TEST(time_bad)
{
	static const char *const bad[] = {
		"", "bad", "@2000-01-01", "2000-13-01 00:00:00",
		"2001-02-29 00:00:00", "@2000-01-01 24:00:00", "+", "+2w",
		"+1d +1d", "x0", "x-1", "x2 x3", "i0", "i1ms i2ms", "i1q",
		"2000-01-01 00:00:00 x2", "@2000-01-01 00:00:00 x2 i1ms",
		"+1dx2", "@2000-01-01 00:00:00x", "+99999999999999y", "x1001",
	};
	struct det_time_spec t;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *why = NULL;

		ck_assert_msg(det_parse_time(bad[i], &t, &why) == -EINVAL,
			      "accepted \"%s\"", bad[i]);
		ck_assert_ptr_nonnull(why);
	}
}
END_TEST

START_TEST(seed_forms)
{
	uint64_t v;

	ck_assert_int_eq(det_parse_seed("0", &v), 0);
	ck_assert(v == 0);
	ck_assert_int_eq(det_parse_seed("18446744073709551615", &v), 0);
	ck_assert(v == UINT64_MAX);
	ck_assert_int_eq(det_parse_seed("0xff", &v), 0);
	ck_assert(v == 255);
	ck_assert_int_eq(det_parse_seed("18446744073709551616", &v), -EINVAL);
	ck_assert_int_eq(det_parse_seed("", &v), -EINVAL);
	ck_assert_int_eq(det_parse_seed("12a", &v), -EINVAL);
	ck_assert_int_eq(det_parse_seed("-1", &v), -EINVAL);
	ck_assert_int_eq(det_parse_seed("0x", &v), -EINVAL);
}
END_TEST

static struct det_config cfg;

static void configure(const char *seed, const char *time, const char *warp)
{
	const char *what = NULL, *why = NULL;

	memset(&cfg, 0, sizeof(cfg));
	ck_assert_msg(det_configure(&cfg, seed, time, warp, &what, &why) == 0,
		      "%s: %s", what ? what : "", why ? why : "");
	det_attach(&cfg);
}

/* The same seed, the same bytes; another seed, others; draws take
 * whole blocks, in order. */
START_TEST(stream)
{
	unsigned char a[100], b[100], c[100];

	configure("7", NULL, NULL);
	ck_assert_int_eq(det_random(a, sizeof(a), 0), sizeof(a));
	ck_assert_uint_eq(cfg.rand_blocks, 2);
	ck_assert_int_eq(det_random(c, 10, GRND_NONBLOCK), 10);
	ck_assert_uint_eq(cfg.rand_blocks, 3);
	configure("7", NULL, NULL);
	ck_assert_int_eq(det_random(b, sizeof(b), 0), sizeof(b));
	ck_assert_mem_eq(a, b, sizeof(a));
	configure("8", NULL, NULL);
	ck_assert_int_eq(det_random(b, sizeof(b), 0), sizeof(b));
	ck_assert(memcmp(a, b, sizeof(a)) != 0);
	ck_assert_int_eq(det_random(b, 1, 0x100), -EINVAL);
}
END_TEST

START_TEST(clock_step)
{
	struct timespec ts, req = { 10, 0 }, left;

	configure(NULL, "@2000-01-01 00:00:00 i1ms", NULL);
	ck_assert_str_eq(cfg.uts.nodename, "tamago");
	ck_assert(det_clock(CLOCK_REALTIME, &ts) == 0);
	ck_assert_int_eq(ts.tv_sec, 946684800);
	ck_assert_int_eq(ts.tv_nsec, 0);
	ck_assert(det_clock(CLOCK_MONOTONIC, &ts) == 0);
	ck_assert_int_eq(ts.tv_sec, 1);
	ck_assert_int_eq(ts.tv_nsec, 1000000);
	ck_assert(det_clock(CLOCK_TAI, &ts) == 0);
	ck_assert_int_eq(ts.tv_sec, 946684800 + 37);
	ck_assert_int_eq(ts.tv_nsec, 2000000);
	ck_assert(det_clock(CLOCK_PROCESS_CPUTIME_ID, &ts) == 0);
	ck_assert_int_eq(ts.tv_sec, 0);
	ck_assert_int_eq(ts.tv_nsec, 3000000);
	/* Without warp the host sleeps too; the clock moves by it. */
	ck_assert_int_eq(det_sleep(CLOCK_MONOTONIC, 0, &req, &left), 0);
	ck_assert_int_eq(left.tv_sec, 10);
	ck_assert(det_clock(CLOCK_REALTIME, &ts) == 0);
	ck_assert_int_eq(ts.tv_sec, 946684810);
	ck_assert_int_eq(ts.tv_nsec, 4000000);
}
END_TEST

START_TEST(clock_frozen_warp)
{
	struct timespec ts, req = { 10, 0 }, abs, left;

	configure(NULL, "2020-06-01 12:00:00", "1");
	ck_assert(det_clock(CLOCK_REALTIME_COARSE, &ts) == 0);
	ck_assert_int_eq(ts.tv_sec, 1591012800);
	ck_assert(det_clock(CLOCK_REALTIME, &ts) == 0);
	ck_assert_int_eq(ts.tv_sec, 1591012800);
	ck_assert_int_eq(ts.tv_nsec, 0);
	ck_assert_int_eq(det_sleep(CLOCK_MONOTONIC, 0, &req, &left), 0);
	ck_assert_int_eq(left.tv_sec, 0);
	ck_assert_int_eq(left.tv_nsec, 0);
	ck_assert(det_clock(CLOCK_REALTIME, &ts) == 0);
	ck_assert_int_eq(ts.tv_sec, 1591012810);
	ck_assert(det_clock(CLOCK_BOOTTIME, &ts) == 0);
	ck_assert_int_eq(ts.tv_sec, 11);
	/* An absolute sleep to a time past: no advance. */
	abs.tv_sec = 1591012800;
	abs.tv_nsec = 0;
	ck_assert_int_eq(det_sleep(CLOCK_REALTIME, TIMER_ABSTIME, &abs, &left),
			 0);
	ck_assert(det_clock(CLOCK_REALTIME, &ts) == 0);
	ck_assert_int_eq(ts.tv_sec, 1591012810);
	abs.tv_sec = 1591012900;
	ck_assert_int_eq(det_sleep(CLOCK_REALTIME, TIMER_ABSTIME, &abs, &left),
			 0);
	ck_assert(det_clock(CLOCK_REALTIME, &ts) == 0);
	ck_assert_int_eq(ts.tv_sec, 1591012900);
	req.tv_nsec = NSEC;
	ck_assert_int_eq(det_sleep(CLOCK_MONOTONIC, 0, &req, &left), -EINVAL);
}
END_TEST

/* A running clock: x2 from a start, and an offset from the host's. */
START_TEST(clock_running)
{
	struct timespec ts, host;

	configure(NULL, "+1d", NULL);
	clock_gettime(CLOCK_REALTIME, &host);
	ck_assert(det_clock(CLOCK_REALTIME, &ts) == 0);
	ck_assert(llabs((long long)(ts.tv_sec - host.tv_sec - 86400)) <= 2);
	configure(NULL, "@2000-01-01 00:00:00 x1000", NULL);
	ck_assert(det_clock(CLOCK_REALTIME, &ts) == 0);
	ck_assert_int_eq(ts.tv_sec / 100, 9466848);
}
END_TEST

START_TEST(configure_bad)
{
	const char *what = NULL, *why = NULL;

	memset(&cfg, 0, sizeof(cfg));
	ck_assert_int_eq(det_configure(&cfg, "x", NULL, NULL, &what, &why),
			 -EINVAL);
	ck_assert_str_eq(what, "TAMAGO_SEED");
	ck_assert_int_eq(det_configure(&cfg, NULL, NULL, "1", &what, &why),
			 -EINVAL);
	ck_assert_str_eq(what, "TAMAGO_TIME_WARP");
	ck_assert_str_eq(why, "needs TAMAGO_TIME");
	ck_assert_int_eq(det_configure(&cfg, NULL, "+1d", "2", &what, &why),
			 -EINVAL);
	ck_assert_int_eq(det_configure(&cfg, NULL, "x", NULL, &what, &why),
			 -EINVAL);
	ck_assert_str_eq(what, "TAMAGO_TIME");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("det");
	TCase *tc = tcase_create("det");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, chacha_rfc_2_3_2);
	tcase_add_test(tc, chacha_rfc_a1_1);
	tcase_add_test(tc, days);
	tcase_add_test(tc, time_forms);
	tcase_add_test(tc, time_bad);
	tcase_add_test(tc, seed_forms);
	tcase_add_test(tc, stream);
	tcase_add_test(tc, clock_step);
	tcase_add_test(tc, clock_frozen_warp);
	tcase_add_test(tc, clock_running);
	tcase_add_test(tc, configure_bad);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
