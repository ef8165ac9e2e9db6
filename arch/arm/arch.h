/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Per-architecture facts for 32-bit arm (EABI, armhf): the syscall
 * instruction (svc #0, number in r7, arguments in r0-r5, result in r0),
 * the audit token, where a trapped call's arguments and result live in a
 * signal's ucontext, the kernel's stat layout for the fd-only stat call,
 * and how a 64-bit argument travels: in a register pair, little-endian,
 * starting at an even register as the EABI's C calling convention puts
 * it (pwrite64: fd r0, buf r1, count r2, r3 unused, offset r4:r5), except
 * where the kernel takes explicit halves (preadv: pos_l, pos_h). The
 * small helpers below are all a trap decoder needs for that.
 * arch/arm/DESIGN.md says what 32-bit arm needs beyond this.
 */
#ifndef TAMAGO_ARCH_H
#define TAMAGO_ARCH_H

#include <signal.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <ucontext.h>

#include "arch/arm/filter.h"

#define ARCH_NAME	"arm"
/* The ELF machine of its programs (tamago-exec refuses others). */
#define ARCH_ELF_MACHINE	EM_ARM
#define ARCH_FILTER	filter_arm
#define ARCH_FILTER_FACTS	ARCH_ARM_FILTER

static inline long arch_syscall6(long n, long a, long b, long c, long d,
				 long e, long f)
{
	register long r7 __asm__("r7") = n;
	register long r0 __asm__("r0") = a;
	register long r1 __asm__("r1") = b;
	register long r2 __asm__("r2") = c;
	register long r3 __asm__("r3") = d;
	register long r4 __asm__("r4") = e;
	register long r5 __asm__("r5") = f;

	__asm__ volatile("svc #0"
			 : "+r"(r0)
			 : "r"(r7), "r"(r1), "r"(r2), "r"(r3), "r"(r4),
			   "r"(r5)
			 : "memory");
	return r0;
}

/* Trapped call state: arm_r0 ... arm_r10 follow each other in mcontext. */
static inline long arch_uc_arg(const ucontext_t *uc, int i)
{
	return (long)(&uc->uc_mcontext.arm_r0)[i];
}

static inline void arch_uc_set_ret(ucontext_t *uc, long ret)
{
	uc->uc_mcontext.arm_r0 = (unsigned long)ret;
}

static inline unsigned long arch_uc_pc(const ucontext_t *uc)
{
	return uc->uc_mcontext.arm_pc;
}

static inline void arch_uc_set_pc(ucontext_t *uc, unsigned long pc)
{
	uc->uc_mcontext.arm_pc = pc;
}

/* Fills a ucontext as the kernel does for a trapped call (tests). */
static inline void arch_uc_fake(ucontext_t *uc, long nr, const long *a,
				unsigned long pc)
{
	int i;

	for (i = 0; i < 6; i++)
		(&uc->uc_mcontext.arm_r0)[i] = (unsigned long)a[i];
	uc->uc_mcontext.arm_r7 = (unsigned long)nr;
	uc->uc_mcontext.arm_pc = pc;
}

/*
 * The fd-only stat call the shim uses to identify an fd: fstat64, whose
 * struct is glibc's struct stat64 (64-bit sizes and inode numbers).
 */
#define ARCH_SYS_FSTAT	SYS_fstat64
/* mmap2 takes its offset in 4096-byte units; the shim's are all 0. */
#define ARCH_SYS_MMAP	SYS_mmap2
typedef struct stat64 arch_kstat;

#define ARCH_PASS_TAG	ARCH_ARM_PASS_TAG

/* The shim's own call: the tag rides in r5, which these calls leave. */
static inline long arch_syscall_pass(long n, int fd, long b, long c, long d,
				     long e)
{
	return arch_syscall6(n, fd, b, c, d, e, (long)ARCH_PASS_TAG);
}

#define ARCH_LO(v)	((long)(uint32_t)(uint64_t)(v))
#define ARCH_HI(v)	((long)(uint32_t)((uint64_t)(v) >> 32))

/*
 * A trapped call's 64-bit argument at *i, counting as the kernel's C
 * prototype does: the EABI starts it at an even register.
 */
static inline int64_t arch_trap_arg64(const long *a, int *i)
{
	int r = (*i + 1) & ~1;

	*i = r + 2;
	return (int64_t)((uint64_t)(uint32_t)a[r] |
			 (uint64_t)(uint32_t)a[r + 1] << 32);
}

/* An offset the kernel takes as explicit low and high halves (preadv). */
static inline int64_t arch_trap_hilo(long lo, long hi)
{
	return (int64_t)((uint64_t)(uint32_t)lo | (uint64_t)(uint32_t)hi << 32);
}

static inline long arch_pread64(int fd, void *buf, size_t n, int64_t off)
{
	return arch_syscall6(SYS_pread64, fd, (long)buf, (long)n, 0,
			     ARCH_LO(off), ARCH_HI(off));
}

static inline long arch_pwrite64(int fd, const void *buf, size_t n,
				 int64_t off)
{
	return arch_syscall6(SYS_pwrite64, fd, (long)buf, (long)n, 0,
			     ARCH_LO(off), ARCH_HI(off));
}

/* _llseek hands the new offset back through memory. */
static inline int64_t arch_lseek(int fd, int64_t off, int whence)
{
	int64_t result = 0;
	long r = arch_syscall6(SYS__llseek, fd, ARCH_HI(off), ARCH_LO(off),
			       (long)&result, whence, 0);

	return r < 0 ? r : result;
}

static inline long arch_ftruncate(int fd, int64_t len)
{
	return arch_syscall6(SYS_ftruncate64, fd, 0, ARCH_LO(len),
			     ARCH_HI(len), 0, 0);
}

static inline long arch_fallocate(int fd, int mode, int64_t off, int64_t len)
{
	return arch_syscall6(SYS_fallocate, fd, mode, ARCH_LO(off),
			     ARCH_HI(off), ARCH_LO(len), ARCH_HI(len));
}

/*
 * The console handler's writes, tagged: pwritev leaves r5 free, pwritev2
 * (whose flags take r5) does not, so its flags are dropped (RWF_* on a
 * terminal or pipe change nothing the program could see but RWF_APPEND
 * on a file: arch/arm/DESIGN.md).
 */
static inline long arch_pwritev_pass(int fd, const struct iovec *iov,
				     long cnt, int64_t pos, int flags)
{
	(void)flags;
	if (pos == -1)
		return arch_syscall_pass(SYS_writev, fd, (long)iov, cnt, 0, 0);
	return arch_syscall_pass(SYS_pwritev, fd, (long)iov, cnt,
				 ARCH_LO(pos), ARCH_HI(pos));
}

/*
 * The old stat and lstat take a struct stat smaller than arch_kstat;
 * stat64 and lstat64 take arch_kstat.
 */
#define ARCH_STAT_IS_KSTAT	0

/* Reserved address space for the metadata arena (it grows in place). */
#define ARCH_ARENA_RESERVE	(256ULL << 20)

#endif
