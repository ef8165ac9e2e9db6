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

#include <elf.h>
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
/* mmap's offset argument: bytes here (mmap2 takes pages elsewhere). */
#define ARCH_MMAP_OFF(off) (off)
typedef struct stat arch_kstat;

#define ARCH_PASS_TAG	ARCH_RISCV64_PASS_TAG
#include "arch/lp64.h"

/*
 * The loader (loader/): what it needs of the machine. Its entry point,
 * which hands loader_main() the initial stack (16-byte aligned, as the
 * psABI asks), with the frame and return address registers cleared, the
 * end of any unwinding; the jump to a program's entry on a stack it
 * built (a0: no function for atexit, as the kernel leaves it); and its
 * own relocations, R_RISCV_RELATIVE (the ELF64 facts: arch/lp64.h).
 *
 * gp is the program's once it runs, and the SIGSYS handler runs with
 * it: the loader's code never uses gp (a PIE is not relaxed to it, and
 * the loader does not set it).
 *
 * No SA_RESTORER: riscv64's struct sigaction (asm-generic's) has no
 * restorer, and the kernel returns from a handler through the vDSO's
 * rt_sigreturn trampoline.
 */
#define ARCH_ELF_DATA		ELFDATA2LSB
#define ARCH_R_RELATIVE		R_RISCV_RELATIVE
/* The vDSO's clock (loader/vdso.c). */
#define ARCH_VDSO_CLOCK "__vdso_clock_gettime"

#define ARCH_LOADER_START                                                   \
	__asm__(".text\n"                                                    \
		".global _start\n"                                           \
		".type _start, @function\n"                                  \
		"_start:\n"                                                  \
		"	li s0, 0\n"                                           \
		"	li ra, 0\n"                                           \
		"	mv a0, sp\n"                                          \
		"	andi sp, sp, -16\n"                                   \
		"	call loader_main\n"                                   \
		"	unimp\n")

/* The kernel's struct sigaction for rt_sigaction (asm-generic's). */
struct ksigaction {
	void *handler;
	unsigned long flags;
	uint64_t mask;
};

/*
 * The jump to a program's entry on the stack the loader built, with the
 * registers as the kernel's exec leaves them: every one zero (a0 = 0: no
 * function for atexit) but sp and t1, which carries the entry (PLT stubs
 * clobber it: no entry code reads it).
 */
__attribute__((noreturn)) static inline void arch_jump(unsigned long entry,
						       unsigned long sp)
{
	register unsigned long t1 __asm__("t1") = entry;

	__asm__ volatile("mv sp, %0\n"
			 "li ra, 0\n"
			 "li gp, 0\n"
			 "li tp, 0\n"
			 "li t0, 0\n"
			 "li t2, 0\n"
			 "li s0, 0\n"
			 "li s1, 0\n"
			 "li a0, 0\n"
			 "li a1, 0\n"
			 "li a2, 0\n"
			 "li a3, 0\n"
			 "li a4, 0\n"
			 "li a5, 0\n"
			 "li a6, 0\n"
			 "li a7, 0\n"
			 "li s2, 0\n"
			 "li s3, 0\n"
			 "li s4, 0\n"
			 "li s5, 0\n"
			 "li s6, 0\n"
			 "li s7, 0\n"
			 "li s8, 0\n"
			 "li s9, 0\n"
			 "li s10, 0\n"
			 "li s11, 0\n"
			 "li t3, 0\n"
			 "li t4, 0\n"
			 "li t5, 0\n"
			 "li t6, 0\n"
			 "jr %1\n"
			 :
			 : "r"(sp), "r"(t1)
			 : "memory");
	__builtin_unreachable();
}

#endif
