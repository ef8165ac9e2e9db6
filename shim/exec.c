/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Running another program is refused: it would leave the sandbox's file
 * system behind. The calling program is told EPERM and continues.
 */
#include <string.h>

#include "shim.h"

static long refuse(const char *path)
{
	char name[256];
	size_t n = path ? strnlen(path, sizeof(name) - 1) : 0;

	memcpy(name, path ? path : "", n);
	name[n] = '\0';
	shim_msg("exec ", name, ": refused");
	return -EPERM;
}

long trap_execve(const long *a)
{
	return refuse((const char *)a[0]);
}

long trap_execveat(const long *a)
{
	return refuse((const char *)a[1]);
}

/* Path-based calls the file system does not emulate yet. */
long trap_enosys(const long *a)
{
	(void)a;
	return -ENOSYS;
}
