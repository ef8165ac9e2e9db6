/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * For test/arch/test-arch.c: loads a system call's registers as x86_64's
 * calling convention has them (number, six arguments) and executes an
 * undefined instruction, so that the kernel (or qemu-user) builds a real
 * signal frame with them; returns the result register as the handler
 * left it. ARCH_TEST_TRAP_LEN is that instruction's length, which the
 * handler skips.
 */
#ifndef TAMAGO_ARCH_TEST_TRAP_H
#define TAMAGO_ARCH_TEST_TRAP_H

#include <signal.h>

static inline long arch_test_trap(long n, const long *a)
{
	register long r10 __asm__("r10") = a[3];
	register long r8 __asm__("r8") = a[4];
	register long r9 __asm__("r9") = a[5];
	long ret;

	__asm__ volatile("ud2"
			 : "=a"(ret)
			 : "a"(n), "D"(a[0]), "S"(a[1]), "d"(a[2]), "r"(r10),
			   "r"(r8), "r"(r9)
			 : "memory");
	return ret;
}

#define ARCH_TEST_TRAP_SIG	SIGILL
#define ARCH_TEST_TRAP_LEN	2	/* ud2 */
/* A pwrite64 offset's registers after fd, buf, count: one register. */
#define ARCH_TEST_OFF_ARGS(off) (long)(off), 0, 0

#endif
