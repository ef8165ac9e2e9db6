/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Per-architecture facts for x86_64: the syscall instruction, the audit
 * token the filter checks, where a trapped call's number, arguments and
 * result live in a signal's ucontext, and the kernel's own stat layout.
 * Everything else in the project is architecture-neutral.
 */
#ifndef TAMAGO_ARCH_H
#define TAMAGO_ARCH_H

#include <signal.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <ucontext.h>

#include "arch/x86_64/filter.h"

#define ARCH_NAME	"x86_64"
/* The ELF machine of its programs (tamago-exec refuses others). */
#define ARCH_ELF_MACHINE	EM_X86_64
/* The filter compiled for this architecture (seal/filter.h). */
#define ARCH_FILTER	filter_x86_64
#define ARCH_FILTER_FACTS	ARCH_X86_64_FILTER

/* A raw system call: returns the result or -errno, never touches errno. */
static inline long arch_syscall6(long n, long a, long b, long c, long d,
				 long e, long f)
{
	register long r10 __asm__("r10") = d;
	register long r8 __asm__("r8") = e;
	register long r9 __asm__("r9") = f;
	long ret;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8),
			   "r"(r9)
			 : "rcx", "r11", "memory");
	return ret;
}

/* Trapped call state in the SIGSYS handler's ucontext. */
static inline long arch_uc_arg(const ucontext_t *uc, int i)
{
	static const int regs[6] = { REG_RDI, REG_RSI, REG_RDX,
				     REG_R10, REG_R8,  REG_R9 };
	return uc->uc_mcontext.gregs[regs[i]];
}

static inline void arch_uc_set_ret(ucontext_t *uc, long ret)
{
	uc->uc_mcontext.gregs[REG_RAX] = ret;
}

static inline unsigned long arch_uc_pc(const ucontext_t *uc)
{
	return uc->uc_mcontext.gregs[REG_RIP];
}

/* Where execution resumes when the handler returns. */
static inline void arch_uc_set_pc(ucontext_t *uc, unsigned long pc)
{
	uc->uc_mcontext.gregs[REG_RIP] = (long)pc;
}

/* Fills a ucontext as the kernel does for a trapped call (tests). */
static inline void arch_uc_fake(ucontext_t *uc, long nr, const long *a,
				unsigned long pc)
{
	static const int regs[6] = { REG_RDI, REG_RSI, REG_RDX,
				     REG_R10, REG_R8,  REG_R9 };
	int i;

	for (i = 0; i < 6; i++)
		uc->uc_mcontext.gregs[regs[i]] = a[i];
	uc->uc_mcontext.gregs[REG_RAX] = nr;
	uc->uc_mcontext.gregs[REG_RIP] = (long)pc;
}

/*
 * The fd-only stat call the shim itself uses to identify an fd. It is
 * allowed by the filter: it names no path. The kernel's struct stat for
 * it is glibc's struct stat on this architecture.
 */
#define ARCH_SYS_FSTAT	SYS_fstat
#define ARCH_SYS_MMAP	SYS_mmap
typedef struct stat arch_kstat;

/* The shim's own calls carry this in the fd's high half (filter.h). */
#define ARCH_PASS_TAG	ARCH_X86_64_PASS_TAG
#include "arch/lp64.h"

#endif
