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
#include <sys/stat.h>
#include <sys/syscall.h>
#include <ucontext.h>

#include "arch/x86_64/filter.h"

#define ARCH_NAME	"x86_64"
#define ARCH_AUDIT	AUDIT_ARCH_X86_64
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

/*
 * The fd-only stat call the shim itself uses to identify an fd. It is
 * allowed by the filter: it names no path. The kernel's struct stat for
 * it is glibc's struct stat on this architecture.
 */
#define ARCH_SYS_FSTAT	SYS_fstat
#define ARCH_SYS_MMAP	SYS_mmap
typedef struct stat arch_kstat;

/*
 * The shim's own pass-through calls carry a tag in the fd's high half
 * (filter.h says why), and the filter lets exactly those through.
 */
#define ARCH_FD_PASS	((long)ARCH_X86_64_PASS_TAG)

/*
 * The foreign ABIs the filter kills (the escape suite calls them): the
 * i386 ABI through int 0x80 (arguments truncated to 32 bits), and x32
 * (the native instruction with bit 30 set in the number).
 */
#define ARCH_COMPAT_ABIS	1
#define ARCH_X32_BIT		0x40000000L
#define ARCH_I386_NR_OPEN	5

static inline long arch_syscall_i386(long n, long a, long b, long c)
{
	long ret;

	__asm__ volatile("int $0x80"
			 : "=a"(ret)
			 : "a"(n), "b"(a), "c"(b), "d"(c)
			 : "memory");
	return ret;
}

/* Reserved address space for the metadata arena (it grows in place). */
#define ARCH_ARENA_RESERVE	(4ULL << 30)

#endif
