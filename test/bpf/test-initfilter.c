/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * pid 1's filter (seal/initfilter.c), built for this architecture and
 * run in the seccomp-BPF interpreter: the kernel would accept it; it
 * allows exactly the calls it names, with any arguments, on this
 * architecture's ABI alone; everything else is killed (every other
 * number, x32's bit 30, every other audit token). It replaced a
 * libseccomp filter of the same eleven names.
 */
#include <check.h>
#include <linux/audit.h>
#include <linux/seccomp.h>
#include <stdbool.h>
#include <string.h>
#include <sys/syscall.h>

#include "arch.h"
#include "bpf-sim.h"
#include "seal/filter.h"
#include "seal/initfilter.h"

static bool named(long nr)
{
	unsigned int i;

	for (i = 0; i < initfilter_ncalls; i++)
		if (initfilter_calls[i] == nr)
			return true;
	return false;
}

static uint32_t run(const struct sock_filter *f, unsigned int len,
		    uint32_t audit, long nr, uint64_t arg)
{
	struct seccomp_data d;
	unsigned int i;

	memset(&d, 0, sizeof(d));
	d.arch = audit;
	d.nr = (int)nr;
	d.instruction_pointer = 0x7fff12345678ULL;
	for (i = 0; i < 6; i++)
		d.args[i] = arg + i;
	return bpf_sim_run(f, len, &d);
}

START_TEST(t_init)
{
	static const uint32_t foreign[] = {
		AUDIT_ARCH_X86_64, AUDIT_ARCH_I386,    AUDIT_ARCH_AARCH64,
		AUDIT_ARCH_ARM,	   AUDIT_ARCH_RISCV64, 0,
	};
	static const uint64_t args[] = { 0, 1, 0xffffffffULL, ~0ULL };
	struct sock_filter f[INITFILTER_MAX];
	uint32_t audit = ARCH_FILTER.audit, want;
	unsigned int len = initfilter_build(f, audit), i, a;
	const char *why = bpf_sim_check(f, len);
	long nr;

	ck_assert_msg(!why, "the kernel would refuse it: %s", why);
	ck_assert_uint_le(len, INITFILTER_MAX);
	ck_assert_uint_eq(initfilter_ncalls, 11);
	/* The names it replaced, each of them allowed. */
	ck_assert(named(SYS_rt_sigtimedwait) && named(SYS_wait4) &&
		  named(SYS_waitid) && named(SYS_kill) && named(SYS_write) &&
		  named(SYS_exit) && named(SYS_exit_group) &&
		  named(SYS_rt_sigreturn) && named(SYS_rt_sigprocmask) &&
		  named(SYS_close) && named(SYS_restart_syscall));
	for (nr = 0; nr < 1100; nr++) {
		want = named(nr) ? SECCOMP_RET_ALLOW :
				   SECCOMP_RET_KILL_PROCESS;
		for (a = 0; a < sizeof(args) / sizeof(args[0]); a++)
			ck_assert_msg(run(f, len, audit, nr, args[a]) == want,
				      "call %ld: 0x%x", nr,
				      run(f, len, audit, nr, args[a]));
		/* x32 sets bit 30; negative numbers too. */
		ck_assert(run(f, len, audit, nr | 0x40000000L, 0) ==
			  SECCOMP_RET_KILL_PROCESS);
		ck_assert(run(f, len, audit, -1 - nr, 0) ==
			  SECCOMP_RET_KILL_PROCESS);
		for (i = 0; i < sizeof(foreign) / sizeof(foreign[0]); i++)
			if (foreign[i] != audit)
				ck_assert_msg(run(f, len, foreign[i], nr, 0) ==
						      SECCOMP_RET_KILL_PROCESS,
					      "audit 0x%x call %ld not killed",
					      foreign[i], nr);
	}
}
END_TEST

int main(void)
{
	Suite *s = suite_create("initfilter");
	TCase *tc = tcase_create("init");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, t_init);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
