/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What the 64-bit ports (x86_64, aarch64, riscv64) share: one register
 * per argument, so a 64-bit value travels whole, and the shim's tag for
 * its own calls rides in an fd's high half (the kernel reads an int from
 * the low one). Included by their arch.h after arch_syscall6 and
 * ARCH_PASS_TAG are defined.
 */
#ifndef TAMAGO_ARCH_LP64_H
#define TAMAGO_ARCH_LP64_H

#include <elf.h>
#include <sys/uio.h>

/* The shim's own call on fd, let through by the filter (filter.h). */
static inline long arch_syscall_pass(long n, int fd, long b, long c, long d,
				     long e)
{
	return arch_syscall6(n, (long)(unsigned int)fd | (long)ARCH_PASS_TAG,
			     b, c, d, e, 0);
}

/*
 * A trapped call's 64-bit argument at *i (counting as the kernel's C
 * prototype does), and the next position: one register here.
 */
static inline int64_t arch_trap_arg64(const long *a, int *i)
{
	return a[(*i)++];
}

/* An offset the kernel takes as explicit low and high halves (preadv). */
static inline int64_t arch_trap_hilo(long lo, long hi)
{
	(void)hi;
	return lo;
}

static inline long arch_pread64(int fd, void *buf, size_t n, int64_t off)
{
	return arch_syscall6(SYS_pread64, fd, (long)buf, (long)n, off, 0, 0);
}

static inline long arch_pwrite64(int fd, const void *buf, size_t n,
				 int64_t off)
{
	return arch_syscall6(SYS_pwrite64, fd, (long)buf, (long)n, off, 0, 0);
}

static inline int64_t arch_lseek(int fd, int64_t off, int whence)
{
	return arch_syscall6(SYS_lseek, fd, off, whence, 0, 0, 0);
}

static inline long arch_ftruncate(int fd, int64_t len)
{
	return arch_syscall6(SYS_ftruncate, fd, len, 0, 0, 0, 0);
}

static inline long arch_fallocate(int fd, int mode, int64_t off, int64_t len)
{
	return arch_syscall6(SYS_fallocate, fd, mode, off, len, 0, 0);
}

/* pwritev2 on fd, tagged (the console handler's writes). */
static inline long arch_pwritev_pass(int fd, const struct iovec *iov,
				     long cnt, int64_t pos, int flags)
{
	return arch_syscall6(SYS_pwritev2,
			     (long)(unsigned int)fd | (long)ARCH_PASS_TAG,
			     (long)iov, cnt, pos, 0, flags);
}

/* stat and lstat, where they exist, take arch_kstat. */
#define ARCH_STAT_IS_KSTAT	1

/* Reserved address space for the metadata arena (it grows in place). */
#define ARCH_ARENA_RESERVE	(4ULL << 30)

/*
 * The loader's ELF: ELF64 files, whose relocations all carry their
 * addend (Elf64_Rela, DT_RELA) on each of the 64-bit ports.
 */
#define ARCH_ELF_CLASS		ELFCLASS64
#define ARCH_DT_REL		DT_RELA
#define ARCH_DT_RELSZ		DT_RELASZ
typedef Elf64_Rela arch_rel;
typedef Elf64_Ehdr arch_ehdr;
typedef Elf64_Phdr arch_phdr;
typedef Elf64_Shdr arch_shdr;
typedef Elf64_Dyn arch_dyn;
typedef Elf64_Sym arch_sym;
typedef Elf64_auxv_t arch_auxv;
#define ARCH_REL_TYPE(info) ELF64_R_TYPE(info)
/* RELA: the addend is the entry's (place: where it applies, unused). */
#define ARCH_REL_ADDEND(r, place) ((r)->r_addend)

#endif
