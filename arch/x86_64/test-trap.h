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

/*
 * For t_jump: the entry arch_jump is tested with. It stores every
 * general register but rsp below the stack it was given, the first at
 * sp - ARCH_TEST_REGS_AT, in ARCH_TEST_REG_NAMES's order, and exits
 * (exit_group(0)); ARCH_TEST_ENTRY_REG is the one that carried the entry.
 */
#define ARCH_TEST_ENTRY                                                     \
	__asm__(".text\n"                                                    \
		".global arch_test_entry\n"                                  \
		".type arch_test_entry, %function\n"                         \
		"arch_test_entry:\n"                                         \
		"	push %r15\n"                                         \
		"	push %r14\n"                                         \
		"	push %r13\n"                                         \
		"	push %r12\n"                                         \
		"	push %r11\n"                                         \
		"	push %r10\n"                                         \
		"	push %r9\n"                                          \
		"	push %r8\n"                                          \
		"	push %rbp\n"                                         \
		"	push %rdi\n"                                         \
		"	push %rsi\n"                                         \
		"	push %rdx\n"                                         \
		"	push %rcx\n"                                         \
		"	push %rbx\n"                                         \
		"	push %rax\n"                                         \
		"	mov $231, %eax\n"                                    \
		"	xor %edi, %edi\n"                                    \
		"	syscall\n"                                           \
		"	ud2\n"                                               \
		".size arch_test_entry, . - arch_test_entry\n")
#define ARCH_TEST_REG_NAMES                                                 \
	"rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rbp", "r8", "r9", "r10",  \
		"r11", "r12", "r13", "r14", "r15"
#define ARCH_TEST_REGS_AT	(15 * 8)
#define ARCH_TEST_ENTRY_REG	10	/* r11 */

#endif
