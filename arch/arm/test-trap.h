/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * For test/arch/test-arch.c: loads a system call's registers as 32-bit
 * arm's calling convention has them (number in r7, arguments r0-r5) and
 * executes an undefined instruction, so that the kernel (or qemu-user)
 * builds a real signal frame with them; returns r0 as the handler left
 * it. ARCH_TEST_TRAP_LEN is that instruction's length (Thumb-2, Debian's
 * default, or ARM).
 */
#ifndef TAMAGO_ARCH_TEST_TRAP_H
#define TAMAGO_ARCH_TEST_TRAP_H

#include <signal.h>

static inline long arch_test_trap(long n, const long *a)
{
	register long r7 __asm__("r7") = n;
	register long r0 __asm__("r0") = a[0];
	register long r1 __asm__("r1") = a[1];
	register long r2 __asm__("r2") = a[2];
	register long r3 __asm__("r3") = a[3];
	register long r4 __asm__("r4") = a[4];
	register long r5 __asm__("r5") = a[5];

	__asm__ volatile("udf #0"
			 : "+r"(r0)
			 : "r"(r7), "r"(r1), "r"(r2), "r"(r3), "r"(r4),
			   "r"(r5)
			 : "memory");
	return r0;
}

#define ARCH_TEST_TRAP_SIG	SIGILL
#ifdef __thumb__
#define ARCH_TEST_TRAP_LEN	2
#else
#define ARCH_TEST_TRAP_LEN	4
#endif

/* A pwrite64 offset's registers after fd, buf, count: r3 unused, r4:r5. */
#define ARCH_TEST_OFF_ARGS(off)                                              \
	0, (long)(uint32_t)(uint64_t)(off),                                  \
		(long)(uint32_t)((uint64_t)(off) >> 32)

/*
 * For t_jump: the entry arch_jump is tested with. It stores every
 * general register but sp and pc below the stack it was given, r0 at
 * sp - ARCH_TEST_REGS_AT, in ARCH_TEST_REG_NAMES's order, and exits
 * (exit_group(0)); ARCH_TEST_ENTRY_REG is the one that carried the entry.
 */
#define ARCH_TEST_ENTRY                                                     \
	__asm__(".text\n"                                                    \
		".syntax unified\n"                                          \
		".global arch_test_entry\n"                                  \
		".type arch_test_entry, %function\n"                         \
		".p2align 2\n"                                               \
		ARCH_ARM_ISA                                                 \
		"arch_test_entry:\n"                                         \
		"	stmdb sp!, {r0-r12, lr}\n"                          \
		"	mov r0, #0\n"                                       \
		"	mov r7, #248\n"                                     \
		"	svc #0\n"                                           \
		"	udf #0\n"                                           \
		".size arch_test_entry, . - arch_test_entry\n")
#define ARCH_TEST_REG_NAMES                                                 \
	"r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9", "r10",   \
		"r11", "ip", "lr"
#define ARCH_TEST_REGS_AT	(14 * 4)
#define ARCH_TEST_ENTRY_REG	12

#endif
