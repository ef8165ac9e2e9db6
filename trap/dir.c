/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Directories, names and links, as trapped system calls.
 */
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/sys.h"
#include "fs/fs.h"
#include "trap/trap.h"

long trap_mkdir(const long *a)
{
	return fs_mkdirat(AT_FDCWD, (const char *)a[0], (mode_t)a[1]);
}

long trap_mkdirat(const long *a)
{
	return fs_mkdirat((int)a[0], (const char *)a[1], (mode_t)a[2]);
}

long trap_rmdir(const long *a)
{
	return fs_unlinkat(AT_FDCWD, (const char *)a[0], AT_REMOVEDIR);
}

long trap_unlink(const long *a)
{
	return fs_unlinkat(AT_FDCWD, (const char *)a[0], 0);
}

long trap_unlinkat(const long *a)
{
	return fs_unlinkat((int)a[0], (const char *)a[1], (int)a[2]);
}

long trap_rename(const long *a)
{
	return fs_renameat2(AT_FDCWD, (const char *)a[0], AT_FDCWD,
			    (const char *)a[1], 0);
}

long trap_renameat(const long *a)
{
	return fs_renameat2((int)a[0], (const char *)a[1], (int)a[2],
			    (const char *)a[3], 0);
}

long trap_renameat2(const long *a)
{
	return fs_renameat2((int)a[0], (const char *)a[1], (int)a[2],
			    (const char *)a[3], (unsigned int)a[4]);
}

long trap_access(const long *a)
{
	return fs_faccessat(AT_FDCWD, (const char *)a[0], (int)a[1], 0);
}

long trap_faccessat(const long *a)
{
	return fs_faccessat((int)a[0], (const char *)a[1], (int)a[2], 0);
}

long trap_faccessat2(const long *a)
{
	return fs_faccessat((int)a[0], (const char *)a[1], (int)a[2],
			    (int)a[3]);
}

long trap_readlink(const long *a)
{
	return fs_readlinkat(AT_FDCWD, (const char *)a[0], (char *)a[1],
			     (size_t)a[2]);
}

long trap_readlinkat(const long *a)
{
	return fs_readlinkat((int)a[0], (const char *)a[1], (char *)a[2],
			     (size_t)a[3]);
}

long trap_getdents64(const long *a)
{
	return fs_getdents64((int)a[0], (void *)a[1], (size_t)a[2]);
}

long trap_getcwd(const long *a)
{
	return fs_getcwd((char *)a[0], (size_t)a[1]);
}

long trap_chdir(const long *a)
{
	return fs_chdir((const char *)a[0]);
}

long trap_fchdir(const long *a)
{
	return fs_fchdir((int)a[0]);
}

long trap_umask(const long *a)
{
	return fs_umask((mode_t)a[0]);
}

long trap_symlink(const long *a)
{
	return fs_symlinkat((const char *)a[0], AT_FDCWD, (const char *)a[1]);
}

long trap_symlinkat(const long *a)
{
	return fs_symlinkat((const char *)a[0], (int)a[1], (const char *)a[2]);
}

long trap_link(const long *a)
{
	return fs_linkat(AT_FDCWD, (const char *)a[0], AT_FDCWD,
			 (const char *)a[1], 0);
}

long trap_linkat(const long *a)
{
	return fs_linkat((int)a[0], (const char *)a[1], (int)a[2],
			 (const char *)a[3], (int)a[4]);
}

long trap_mknod(const long *a)
{
	return fs_mknodat(AT_FDCWD, (const char *)a[0], (mode_t)a[1],
			  (dev_t)a[2]);
}

long trap_mknodat(const long *a)
{
	return fs_mknodat((int)a[0], (const char *)a[1], (mode_t)a[2],
			  (dev_t)a[3]);
}
