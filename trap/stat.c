/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The stat family, as trapped system calls: the kernel's own struct
 * stat for this architecture.
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>

#include "arch.h"
#include "core/abi.h"
#include "fs/fs.h"
#include "trap/trap.h"

/*
 * stat and lstat write arch_kstat where that is their struct (the 64-bit
 * ports); 32-bit arm's old ones take a smaller struct that glibc never
 * asks for: ENOSYS there, rather than writing past it.
 */
long trap_stat(const long *a)
{
	if (!ARCH_STAT_IS_KSTAT)
		return -ENOSYS;
	return abi_kstat_at(AT_FDCWD, (const char *)a[0], 0, (arch_kstat *)a[1]);
}

long trap_lstat(const long *a)
{
	if (!ARCH_STAT_IS_KSTAT)
		return -ENOSYS;
	return abi_kstat_at(AT_FDCWD, (const char *)a[0], AT_SYMLINK_NOFOLLOW,
			(arch_kstat *)a[1]);
}

/* 32-bit arm's stat64 and lstat64: arch_kstat is struct stat64 there. */
long trap_stat64(const long *a)
{
	return abi_kstat_at(AT_FDCWD, (const char *)a[0], 0, (arch_kstat *)a[1]);
}

long trap_lstat64(const long *a)
{
	return abi_kstat_at(AT_FDCWD, (const char *)a[0], AT_SYMLINK_NOFOLLOW,
			(arch_kstat *)a[1]);
}

long trap_newfstatat(const long *a)
{
	return abi_kstat_at((int)a[0], (const char *)a[1], (int)a[3],
			(arch_kstat *)a[2]);
}

long trap_statx(const long *a)
{
	return fs_statx((int)a[0], (const char *)a[1], (int)a[2],
			(unsigned int)a[3], (struct statx *)a[4]);
}
