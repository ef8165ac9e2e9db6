/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Per-architecture facts for aarch64: the syscall instruction (svc #0,
 * number in x8, arguments in x0-x5, result in x0), the audit token, where
 * a trapped call's arguments and result live in a signal's ucontext, and
 * the kernel's stat layout (the generic one, which is glibc's here).
 */
#ifndef TAMAGO_ARCH_H
#define TAMAGO_ARCH_H

#include <signal.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <ucontext.h>

#include "arch/aarch64/filter.h"

#define ARCH_NAME	"aarch64"
/* The ELF machine of its programs (tamago-exec refuses others). */
#define ARCH_ELF_MACHINE	EM_AARCH64
#define ARCH_FILTER	filter_aarch64
#define ARCH_FILTER_FACTS	ARCH_AARCH64_FILTER

static inline long arch_syscall6(long n, long a, long b, long c, long d,
				 long e, long f)
{
	register long x8 __asm__("x8") = n;
	register long x0 __asm__("x0") = a;
	register long x1 __asm__("x1") = b;
	register long x2 __asm__("x2") = c;
	register long x3 __asm__("x3") = d;
	register long x4 __asm__("x4") = e;
	register long x5 __asm__("x5") = f;

	__asm__ volatile("svc #0"
			 : "+r"(x0)
			 : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4),
			   "r"(x5)
			 : "memory");
	return x0;
}

/* Trapped call state in the SIGSYS handler's ucontext. */
static inline long arch_uc_arg(const ucontext_t *uc, int i)
{
	return (long)uc->uc_mcontext.regs[i];
}

static inline void arch_uc_set_ret(ucontext_t *uc, long ret)
{
	uc->uc_mcontext.regs[0] = (unsigned long)ret;
}

static inline unsigned long arch_uc_pc(const ucontext_t *uc)
{
	return uc->uc_mcontext.pc;
}

/* Where execution resumes when the handler returns. */
static inline void arch_uc_set_pc(ucontext_t *uc, unsigned long pc)
{
	uc->uc_mcontext.pc = pc;
}

/* Fills a ucontext as the kernel does for a trapped call (tests). */
static inline void arch_uc_fake(ucontext_t *uc, long nr, const long *a,
				unsigned long pc)
{
	int i;

	for (i = 0; i < 6; i++)
		uc->uc_mcontext.regs[i] = (unsigned long)a[i];
	uc->uc_mcontext.regs[8] = (unsigned long)nr;
	uc->uc_mcontext.pc = pc;
}

#define ARCH_SYS_FSTAT	SYS_fstat
#define ARCH_SYS_MMAP	SYS_mmap
typedef struct stat arch_kstat;

#define ARCH_PASS_TAG	ARCH_AARCH64_PASS_TAG
#include "arch/lp64.h"

#endif
