/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Per-architecture facts for aarch64: the syscall instruction (svc #0,
 * number in x8, arguments in x0-x5, result in x0), the audit token, where
 * a trapped call's arguments and result live in a signal's ucontext, and
 * the kernel's stat layout (the generic one, which is glibc's here).
 */
#ifndef TAMAGO_ARCH_H
#define TAMAGO_ARCH_H

#include <elf.h>
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
/* mmap's offset argument: bytes here (mmap2 takes pages elsewhere). */
#define ARCH_MMAP_OFF(off) (off)
typedef struct stat arch_kstat;

#define ARCH_PASS_TAG	ARCH_AARCH64_PASS_TAG
#include "arch/lp64.h"

/*
 * The loader (loader/): what it needs of the machine. Its entry point,
 * which hands loader_main() the initial stack (sp is 16-byte aligned at
 * entry, and must stay so: the hardware checks it); the jump to a
 * program's entry on a stack it built (x0: no function for atexit, as
 * the kernel leaves it; the frame and link registers cleared, the end of
 * any unwinding); the rt_sigreturn trampoline a handler returns through
 * (arm64 has SA_RESTORER: without it the kernel uses the vDSO's, which
 * the loader need not depend on); and its own relocations,
 * R_AARCH64_RELATIVE (the ELF64 facts: arch/lp64.h).
 */
#define ARCH_ELF_DATA		ELFDATA2LSB
#define ARCH_R_RELATIVE		R_AARCH64_RELATIVE
/* The vDSO's clock (loader/vdso.c): arm64 names it the kernel's. */
#define ARCH_VDSO_CLOCK "__kernel_clock_gettime"

#define ARCH_LOADER_START                                                   \
	__asm__(".text\n"                                                    \
		".global _start\n"                                           \
		".type _start, %function\n"                                  \
		"_start:\n"                                                  \
		"	mov x29, #0\n"                                        \
		"	mov x30, #0\n"                                        \
		"	mov x0, sp\n"                                         \
		"	and sp, x0, #-16\n"                                   \
		"	bl loader_main\n"                                     \
		"	brk #0\n")

/*
 * The trampoline (rt_sigreturn: 139, asm-generic's numbers): loader/,
 * and test/arch's check.
 */
#define ARCH_RESTORER                                                       \
	__asm__(".text\n"                                                    \
		".global arch_restorer\n"                                    \
		".type arch_restorer, %function\n"                           \
		"arch_restorer:\n"                                           \
		"	mov x8, #139\n"                                       \
		"	svc #0\n"                                             \
		"	brk #0\n")

/* The kernel's struct sigaction for rt_sigaction (not libc's). */
struct ksigaction {
	void *handler;
	unsigned long flags;
	void *restorer;
	uint64_t mask;
};

void arch_restorer(void);
/* The kernel's SA_RESTORER: how a handler's return reaches arch_restorer. */
#define ARCH_SA_RESTORER 0x04000000

/*
 * The jump to a program's entry on the stack the loader built, with the
 * registers as the kernel's exec leaves them: every one zero (x0 = 0: no
 * function for atexit) but sp and x16, which carries the entry (IP0:
 * veneers and PLT stubs clobber it, no entry code reads it).
 */
__attribute__((noreturn)) static inline void arch_jump(unsigned long entry,
						       unsigned long sp)
{
	register unsigned long x16 __asm__("x16") = entry;

	__asm__ volatile("mov sp, %0\n"
			 "mov x0, #0\n"
			 "mov x1, #0\n"
			 "mov x2, #0\n"
			 "mov x3, #0\n"
			 "mov x4, #0\n"
			 "mov x5, #0\n"
			 "mov x6, #0\n"
			 "mov x7, #0\n"
			 "mov x8, #0\n"
			 "mov x9, #0\n"
			 "mov x10, #0\n"
			 "mov x11, #0\n"
			 "mov x12, #0\n"
			 "mov x13, #0\n"
			 "mov x14, #0\n"
			 "mov x15, #0\n"
			 "mov x17, #0\n"
			 "mov x18, #0\n"
			 "mov x19, #0\n"
			 "mov x20, #0\n"
			 "mov x21, #0\n"
			 "mov x22, #0\n"
			 "mov x23, #0\n"
			 "mov x24, #0\n"
			 "mov x25, #0\n"
			 "mov x26, #0\n"
			 "mov x27, #0\n"
			 "mov x28, #0\n"
			 "mov x29, #0\n"
			 "mov x30, #0\n"
			 "br %1\n"
			 :
			 : "r"(sp), "r"(x16)
			 : "memory");
	__builtin_unreachable();
}

#endif
