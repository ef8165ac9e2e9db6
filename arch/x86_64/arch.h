/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Per-architecture facts for x86_64: the syscall instruction, the audit
 * token the filter checks, where a trapped call's number, arguments and
 * result live in a signal's ucontext, and the kernel's own stat layout.
 * Everything else in the project is architecture-neutral.
 */
#ifndef TAMAGO_ARCH_H
#define TAMAGO_ARCH_H

#include <elf.h>
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
/* mmap's offset argument: bytes here (mmap2 takes pages elsewhere). */
#define ARCH_MMAP_OFF(off) (off)
typedef struct stat arch_kstat;

/* The shim's own calls carry this in the fd's high half (filter.h). */
#define ARCH_PASS_TAG	ARCH_X86_64_PASS_TAG
#include "arch/lp64.h"

/*
 * The loader (loader/): what it needs of the machine. Its entry point,
 * which hands loader_main() the initial stack; the jump to a program's
 * entry on a stack it built (rdx: no function for atexit, as the kernel
 * leaves it); the rt_sigreturn trampoline a handler returns through
 * (SA_RESTORER is how x86_64 user space supplies it); and its own
 * relocations, R_X86_64_RELATIVE (the ELF64 facts: arch/lp64.h).
 */
#define ARCH_ELF_DATA		ELFDATA2LSB
#define ARCH_R_RELATIVE		R_X86_64_RELATIVE
/* The vDSO's clock (loader/vdso.c). */
#define ARCH_VDSO_CLOCK "__vdso_clock_gettime"

#define ARCH_LOADER_START                                                   \
	__asm__(".text\n"                                                    \
		".global _start\n"                                           \
		".type _start, @function\n"                                  \
		"_start:\n"                                                  \
		"	xor %rbp, %rbp\n"                                     \
		"	mov %rsp, %rdi\n"                                     \
		"	and $-16, %rsp\n"                                     \
		"	call loader_main\n"                                   \
		"	hlt\n")

/* The trampoline (rt_sigreturn, 15): loader/, and test/arch's check. */
#define ARCH_RESTORER                                                       \
	__asm__(".text\n"                                                    \
		".global arch_restorer\n"                                    \
		".type arch_restorer, @function\n"                           \
		"arch_restorer:\n"                                           \
		"	mov $15, %rax\n"                                      \
		"	syscall\n"                                            \
		"	hlt\n")

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
 * registers as the kernel's exec leaves them: every one zero (rdx = 0:
 * no function for atexit) but rsp and r11, which carries the entry
 * (the syscall instruction clobbers it: no entry code reads it).
 */
__attribute__((noreturn)) static inline void arch_jump(unsigned long entry,
						       unsigned long sp)
{
	register unsigned long r11 __asm__("r11") = entry;

	__asm__ volatile("mov %0, %%rsp\n"
			 "xor %%eax, %%eax\n"
			 "xor %%ebx, %%ebx\n"
			 "xor %%ecx, %%ecx\n"
			 "xor %%edx, %%edx\n"
			 "xor %%esi, %%esi\n"
			 "xor %%edi, %%edi\n"
			 "xor %%ebp, %%ebp\n"
			 "xor %%r8d, %%r8d\n"
			 "xor %%r9d, %%r9d\n"
			 "xor %%r10d, %%r10d\n"
			 "xor %%r12d, %%r12d\n"
			 "xor %%r13d, %%r13d\n"
			 "xor %%r14d, %%r14d\n"
			 "xor %%r15d, %%r15d\n"
			 "jmp *%1\n"
			 :
			 : "r"(sp), "r"(r11)
			 : "memory");
	__builtin_unreachable();
}

#endif
