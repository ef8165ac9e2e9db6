/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The one probe of seccomp itself that decides whether the seccomp
 * tests can run here (test/arch/run.sh): this process installs a filter
 * that allows everything, and ends. Exits 0 if it could, 77 (skip) if
 * not, as under qemu-user, which does not implement seccomp. (No fork:
 * Debian 12's qemu-aarch64 hangs in a forked child.)
 */
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void)
{
	struct sock_filter allow = BPF_STMT(BPF_RET | BPF_K,
					    SECCOMP_RET_ALLOW);
	struct sock_fprog prog = { 1, &allow };

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0 &&
	    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) == 0) {
		printf("seccomp: filters can be installed\n");
		return 0;
	}
	printf("seccomp: no filter can be installed here\n");
	return 77;
}
