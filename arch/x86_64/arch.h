/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Per-architecture facts for x86_64: the syscall instruction, where a
 * trapped call's arguments and result live in a signal's ucontext, the
 * kernel's own stat layout, and the foreign ABIs the escape suite tries.
 * Everything else in the project is architecture-neutral (libseccomp
 * knows the filter's native architecture itself).
 */
#ifndef TAMAGO_ARCH_H
#define TAMAGO_ARCH_H

#include <signal.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <ucontext.h>

#define ARCH_NAME	"x86_64"

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

/*
 * The fd-only stat call the shim itself uses to identify an fd. It is
 * allowed by the filter: it names no path. The kernel's struct stat for
 * it is glibc's struct stat on this architecture.
 */
#define ARCH_SYS_FSTAT	SYS_fstat
#define ARCH_SYS_MMAP	SYS_mmap
typedef struct stat arch_kstat;

/*
 * The kernel reads an int fd argument from the low 32 bits of its
 * register, while the filter sees all 64: the shim tags the fd of its own
 * pass-through socket calls (getsockopt of a real socket, ...) with this
 * value in the high half, and the filter allows exactly those and traps
 * the rest (seal/policy.c). A program that uses the tag gets the kernel's
 * answer about its own fd, which is all it could get anyway.
 */
#define ARCH_FD_PASS	0x54414d4100000000L
#define ARCH_FD_PASS_MASK	0xffffffff00000000UL

/*
 * The foreign ABIs the filter kills (the escape suite calls them): the
 * i386 ABI through int 0x80 (arguments truncated to 32 bits), and x32
 * (the native instruction with bit 30 set in the number).
 */
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
