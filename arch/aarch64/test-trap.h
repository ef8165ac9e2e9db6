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

/*
 * For t_jump: the entry arch_jump is tested with. It stores every
 * general register but sp below the stack it was given, the first at
 * sp - ARCH_TEST_REGS_AT, in ARCH_TEST_REG_NAMES's order, and exits
 * (exit_group(0)); ARCH_TEST_ENTRY_REG is the one that carried the entry.
 */
#define ARCH_TEST_ENTRY                                                     \
	__asm__(".text\n"                                                    \
		".global arch_test_entry\n"                                  \
		".type arch_test_entry, %function\n"                         \
		"arch_test_entry:\n"                                         \
		"	stp x0, x1, [sp, #-256]!\n"                          \
		"	stp x2, x3, [sp, #16]\n"                             \
		"	stp x4, x5, [sp, #32]\n"                             \
		"	stp x6, x7, [sp, #48]\n"                             \
		"	stp x8, x9, [sp, #64]\n"                             \
		"	stp x10, x11, [sp, #80]\n"                           \
		"	stp x12, x13, [sp, #96]\n"                           \
		"	stp x14, x15, [sp, #112]\n"                          \
		"	stp x16, x17, [sp, #128]\n"                          \
		"	stp x18, x19, [sp, #144]\n"                          \
		"	stp x20, x21, [sp, #160]\n"                          \
		"	stp x22, x23, [sp, #176]\n"                          \
		"	stp x24, x25, [sp, #192]\n"                          \
		"	stp x26, x27, [sp, #208]\n"                          \
		"	stp x28, x29, [sp, #224]\n"                          \
		"	str x30, [sp, #240]\n"                               \
		"	mov x0, #0\n"                                        \
		"	mov x8, #94\n"                                       \
		"	svc #0\n"                                            \
		"	udf #0\n"                                            \
		".size arch_test_entry, . - arch_test_entry\n")
#define ARCH_TEST_REG_NAMES                                                 \
	"x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9", "x10",    \
		"x11", "x12", "x13", "x14", "x15", "x16", "x17", "x18", "x19", \
		"x20", "x21", "x22", "x23", "x24", "x25", "x26", "x27", "x28", \
		"x29", "x30"
#define ARCH_TEST_REGS_AT	256
#define ARCH_TEST_ENTRY_REG	16	/* x16 */

#endif
