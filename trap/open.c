/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The open family, as trapped system calls.
 */
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "fs/fs.h"
#include "trap/trap.h"

long trap_open(const long *a)
{
	return fs_openat(AT_FDCWD, (const char *)a[0], (int)a[1],
			 (mode_t)a[2]);
}

long trap_openat(const long *a)
{
	return fs_openat((int)a[0], (const char *)a[1], (int)a[2],
			 (mode_t)a[3]);
}

long trap_creat(const long *a)
{
	return fs_openat(AT_FDCWD, (const char *)a[0],
			 O_CREAT | O_WRONLY | O_TRUNC, (mode_t)a[1]);
}
