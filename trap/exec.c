/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Running a program, as a trapped system call: every exec of the sandbox
 * goes into the loader again (fs/exec.c), whoever asks (libc's exec
 * family, posix_spawn, system and popen all end here). The handler has
 * set fs_exec_sigmask to the caller's mask (sigsys.c). And the path
 * calls not emulated (ENOSYS).
 */
#include <errno.h>
#include <fcntl.h>

#include "fs/fs.h"
#include "trap/trap.h"

long trap_execve(const long *a)
{
	return fs_execveat(AT_FDCWD, (const char *)a[0],
			   (char *const *)a[1], (char *const *)a[2], 0);
}

long trap_execveat(const long *a)
{
	return fs_execveat((int)a[0], (const char *)a[1],
			   (char *const *)a[2], (char *const *)a[3],
			   (int)a[4]);
}

long trap_enosys(const long *a)
{
	(void)a;
	return -ENOSYS;
}
