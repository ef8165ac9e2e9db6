/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * For test/arch/test-arch.c: loads a system call's registers as aarch64's
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
	register long x8 __asm__("x8") = n;
	register long x0 __asm__("x0") = a[0];
	register long x1 __asm__("x1") = a[1];
	register long x2 __asm__("x2") = a[2];
	register long x3 __asm__("x3") = a[3];
	register long x4 __asm__("x4") = a[4];
	register long x5 __asm__("x5") = a[5];

	__asm__ volatile("udf #0"
			 : "+r"(x0)
			 : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4),
			   "r"(x5)
			 : "memory");
	return x0;
}

#define ARCH_TEST_TRAP_SIG	SIGILL
#define ARCH_TEST_TRAP_LEN	4	/* udf #0 */
/* A pwrite64 offset's registers after fd, buf, count: one register. */
#define ARCH_TEST_OFF_ARGS(off) (long)(off), 0, 0

#endif
