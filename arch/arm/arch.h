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

#include <elf.h>
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
/*
 * mmap2 takes its offset in 4096-byte units whatever the page size (the
 * loader's file mappings are page-aligned, so whole units).
 */
#define ARCH_SYS_MMAP	SYS_mmap2
#define ARCH_MMAP_OFF(off) ((long)((unsigned long)(off) >> 12))
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

/*
 * The loader (loader/): what it needs of the machine.
 *
 * Its relocations are Elf32_Rel of type R_ARM_RELATIVE, whose addend is
 * the word already at the place (REL, not RELA).
 *
 * It is compiled as Thumb-2 or ARM (Debian's gcc defaults to Thumb-2):
 * its entry and restorer are assembled in the same state (ARCH_ARM_ISA),
 * so a plain bl reaches loader_main and the restorer's address carries
 * the Thumb bit the handler's return (bx lr) needs.
 *
 * _start: the kernel leaves sp at argc (8-byte aligned, as the AAPCS
 * wants at a call; aligned again to be sure), fp (r11) and lr are cleared
 * so that nothing walks past it. The restorer is rt_sigreturn (173),
 * svc #0, which SA_RESTORER makes the handler's return address; without
 * it the kernel would use its own sigpage, which qemu-user and every
 * kernel provide too, but the restorer keeps the shape of the other
 * ports.
 */
#define ARCH_ELF_CLASS		ELFCLASS32
#define ARCH_ELF_DATA		ELFDATA2LSB
#define ARCH_R_RELATIVE		R_ARM_RELATIVE
#define ARCH_DT_REL		DT_REL
#define ARCH_DT_RELSZ		DT_RELSZ
typedef Elf32_Rel arch_rel;
typedef Elf32_Ehdr arch_ehdr;
typedef Elf32_Phdr arch_phdr;
typedef Elf32_Shdr arch_shdr;
typedef Elf32_Dyn arch_dyn;
typedef Elf32_Sym arch_sym;
typedef Elf32_auxv_t arch_auxv;
/* The vDSO's clock (loader/vdso.c); a kernel may map no vDSO at all. */
#define ARCH_VDSO_CLOCK "__vdso_clock_gettime"
#define ARCH_REL_TYPE(info) ELF32_R_TYPE(info)
/* REL: the addend is what the linker left at the place. */
#define ARCH_REL_ADDEND(r, place) (*(place))

#ifdef __thumb__
#define ARCH_ARM_ISA ".thumb\n.thumb_func\n"
#else
#define ARCH_ARM_ISA ".arm\n"
#endif

#define ARCH_LOADER_START                                                   \
	__asm__(".text\n"                                                    \
		".syntax unified\n"                                          \
		".global _start\n"                                           \
		".type _start, %function\n"                                  \
		".p2align 2\n"                                               \
		ARCH_ARM_ISA                                                 \
		"_start:\n"                                                  \
		"	mov r11, #0\n"                                       \
		"	mov lr, #0\n"                                        \
		"	mov r0, sp\n"                                        \
		"	bic r1, r0, #7\n"                                    \
		"	mov sp, r1\n"                                        \
		"	bl loader_main\n"                                    \
		"	udf #0\n"                                            \
		".size _start, . - _start\n")

/* The rt_sigreturn trampoline a handler returns through. */
#define ARCH_RESTORER                                                       \
	__asm__(".text\n"                                                    \
		".syntax unified\n"                                          \
		".global arch_restorer\n"                                    \
		".type arch_restorer, %function\n"                           \
		".p2align 2\n"                                               \
		ARCH_ARM_ISA                                                 \
		"arch_restorer:\n"                                           \
		"	mov r7, #173\n"                                      \
		"	svc #0\n"                                            \
		"	udf #0\n"                                            \
		".size arch_restorer, . - arch_restorer\n")

/*
 * The kernel's struct sigaction for rt_sigaction (not libc's). Its mask
 * is a sigset_t of unsigned longs: two words right after the restorer
 * (offset 12), where a plain uint64_t would be aligned to 16.
 */
typedef uint64_t arch_ksigset __attribute__((aligned(sizeof(unsigned long))));
struct ksigaction {
	void *handler;
	unsigned long flags;
	void *restorer;
	arch_ksigset mask;
};
_Static_assert(sizeof(struct ksigaction) == 3 * sizeof(long) + 8,
	       "struct ksigaction is the kernel's");

void arch_restorer(void);
/* The kernel's SA_RESTORER: how a handler's return reaches arch_restorer. */
#define ARCH_SA_RESTORER 0x04000000

/*
 * The jump to a program's entry on the stack the loader built, with the
 * registers as the kernel's exec leaves them: every one zero (r0 = 0: no
 * function for atexit) but sp and the entry. Programs rely on it: glibc
 * 2.36's _dl_start_user loads from [sl, r4] with the r4 it was started
 * with (a leftover of _dl_skip_args), which faults on anything but 0.
 * The entry travels in ip, which no entry code may read (veneers and PLT
 * stubs clobber it), and bx starts it in Thumb state if its low bit says
 * so.
 */
__attribute__((noreturn)) static inline void arch_jump(unsigned long entry,
						       unsigned long sp)
{
	register unsigned long ip __asm__("ip") = entry;

	__asm__ volatile("mov sp, %0\n"
			 "mov r0, #0\n"
			 "mov r1, #0\n"
			 "mov r2, #0\n"
			 "mov r3, #0\n"
			 "mov r4, #0\n"
			 "mov r5, #0\n"
			 "mov r6, #0\n"
			 "mov r7, #0\n"
			 "mov r8, #0\n"
			 "mov r9, #0\n"
			 "mov r10, #0\n"
			 "mov r11, #0\n"
			 "mov lr, #0\n"
			 "bx %1\n"
			 :
			 : "r"(sp), "r"(ip)
			 : "memory");
	__builtin_unreachable();
}

#endif
