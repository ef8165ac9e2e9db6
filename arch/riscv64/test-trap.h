/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * For test/arch/test-arch.c: loads a system call's registers as riscv64's
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
	register long a7 __asm__("a7") = n;
	register long a0 __asm__("a0") = a[0];
	register long a1 __asm__("a1") = a[1];
	register long a2 __asm__("a2") = a[2];
	register long a3 __asm__("a3") = a[3];
	register long a4 __asm__("a4") = a[4];
	register long a5 __asm__("a5") = a[5];

	/* 0x0000 is the defined illegal (compressed) instruction. */
	__asm__ volatile(".2byte 0"
			 : "+r"(a0)
			 : "r"(a7), "r"(a1), "r"(a2), "r"(a3), "r"(a4),
			   "r"(a5)
			 : "memory");
	return a0;
}

#define ARCH_TEST_TRAP_SIG	SIGILL
#define ARCH_TEST_TRAP_LEN	2	/* c.unimp */
/* A pwrite64 offset's registers after fd, buf, count: one register. */
#define ARCH_TEST_OFF_ARGS(off) (long)(off), 0, 0

#endif
