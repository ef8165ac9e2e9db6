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

/*
 * For t_jump: the entry arch_jump is tested with. It stores every
 * general register but zero and sp below the stack it was given, xN at
 * sp - ARCH_TEST_REGS_AT + 8 * N (ARCH_TEST_REG_NAMES: NULL for the two
 * that have no slot), and exits (exit_group(0)); ARCH_TEST_ENTRY_REG is
 * the one that carried the entry.
 */
#define ARCH_TEST_ENTRY                                                     \
	__asm__(".text\n"                                                    \
		".global arch_test_entry\n"                                  \
		".type arch_test_entry, %function\n"                         \
		"arch_test_entry:\n"                                         \
		"	addi sp, sp, -256\n"                                 \
		"	sd x1, 8(sp)\n"                                      \
		"	sd x3, 24(sp)\n"                                     \
		"	sd x4, 32(sp)\n"                                     \
		"	sd x5, 40(sp)\n"                                     \
		"	sd x6, 48(sp)\n"                                     \
		"	sd x7, 56(sp)\n"                                     \
		"	sd x8, 64(sp)\n"                                     \
		"	sd x9, 72(sp)\n"                                     \
		"	sd x10, 80(sp)\n"                                    \
		"	sd x11, 88(sp)\n"                                    \
		"	sd x12, 96(sp)\n"                                    \
		"	sd x13, 104(sp)\n"                                   \
		"	sd x14, 112(sp)\n"                                   \
		"	sd x15, 120(sp)\n"                                   \
		"	sd x16, 128(sp)\n"                                   \
		"	sd x17, 136(sp)\n"                                   \
		"	sd x18, 144(sp)\n"                                   \
		"	sd x19, 152(sp)\n"                                   \
		"	sd x20, 160(sp)\n"                                   \
		"	sd x21, 168(sp)\n"                                   \
		"	sd x22, 176(sp)\n"                                   \
		"	sd x23, 184(sp)\n"                                   \
		"	sd x24, 192(sp)\n"                                   \
		"	sd x25, 200(sp)\n"                                   \
		"	sd x26, 208(sp)\n"                                   \
		"	sd x27, 216(sp)\n"                                   \
		"	sd x28, 224(sp)\n"                                   \
		"	sd x29, 232(sp)\n"                                   \
		"	sd x30, 240(sp)\n"                                   \
		"	sd x31, 248(sp)\n"                                   \
		"	li a0, 0\n"                                          \
		"	li a7, 94\n"                                         \
		"	ecall\n"                                             \
		"	unimp\n"                                             \
		".size arch_test_entry, . - arch_test_entry\n")
#define ARCH_TEST_REG_NAMES                                                 \
	NULL, "ra", NULL, "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0",    \
		"a1", "a2", "a3", "a4", "a5", "a6", "a7", "s2", "s3", "s4",  \
		"s5", "s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", \
		"t6"
#define ARCH_TEST_REGS_AT	256
#define ARCH_TEST_ENTRY_REG	6	/* t1 */

#endif
