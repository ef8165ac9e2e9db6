/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Per-architecture facts for riscv64: the syscall instruction (ecall,
 * number in a7, arguments in a0-a5, result in a0), the audit token, where
 * a trapped call's arguments and result live in a signal's ucontext
 * (__gregs: pc at 0, a0 at 10, a7 at 17), and the kernel's stat layout
 * (the generic one, which is glibc's here).
 */
#ifndef TAMAGO_ARCH_H
#define TAMAGO_ARCH_H

#include <signal.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <ucontext.h>

#include "arch/riscv64/filter.h"

#define ARCH_NAME	"riscv64"
/* The ELF machine of its programs (tamago-exec refuses others). */
#define ARCH_ELF_MACHINE	EM_RISCV
#define ARCH_FILTER	filter_riscv64
#define ARCH_FILTER_FACTS	ARCH_RISCV64_FILTER

static inline long arch_syscall6(long n, long a, long b, long c, long d,
				 long e, long f)
{
	register long a7 __asm__("a7") = n;
	register long a0 __asm__("a0") = a;
	register long a1 __asm__("a1") = b;
	register long a2 __asm__("a2") = c;
	register long a3 __asm__("a3") = d;
	register long a4 __asm__("a4") = e;
	register long a5 __asm__("a5") = f;

	__asm__ volatile("ecall"
			 : "+r"(a0)
			 : "r"(a7), "r"(a1), "r"(a2), "r"(a3), "r"(a4),
			   "r"(a5)
			 : "memory");
	return a0;
}

/* The general registers in mcontext: pc, ra, sp, ..., a0 (x10)... */
#define ARCH_RISCV_REG_PC	0
#define ARCH_RISCV_REG_A0	10
#define ARCH_RISCV_REG_A7	17

static inline long arch_uc_arg(const ucontext_t *uc, int i)
{
	return (long)uc->uc_mcontext.__gregs[ARCH_RISCV_REG_A0 + i];
}

static inline void arch_uc_set_ret(ucontext_t *uc, long ret)
{
	uc->uc_mcontext.__gregs[ARCH_RISCV_REG_A0] = (unsigned long)ret;
}

static inline unsigned long arch_uc_pc(const ucontext_t *uc)
{
	return uc->uc_mcontext.__gregs[ARCH_RISCV_REG_PC];
}

/* Where execution resumes when the handler returns. */
static inline void arch_uc_set_pc(ucontext_t *uc, unsigned long pc)
{
	uc->uc_mcontext.__gregs[ARCH_RISCV_REG_PC] = pc;
}

/* Fills a ucontext as the kernel does for a trapped call (tests). */
static inline void arch_uc_fake(ucontext_t *uc, long nr, const long *a,
				unsigned long pc)
{
	int i;

	for (i = 0; i < 6; i++)
		uc->uc_mcontext.__gregs[ARCH_RISCV_REG_A0 + i] =
			(unsigned long)a[i];
	uc->uc_mcontext.__gregs[ARCH_RISCV_REG_A7] = (unsigned long)nr;
	uc->uc_mcontext.__gregs[ARCH_RISCV_REG_PC] = pc;
}

#define ARCH_SYS_FSTAT	SYS_fstat
#define ARCH_SYS_MMAP	SYS_mmap
typedef struct stat arch_kstat;

#define ARCH_PASS_TAG	ARCH_RISCV64_PASS_TAG
#include "arch/lp64.h"

#endif
