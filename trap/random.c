/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * getrandom, as a trapped system call.
 */
#include <stdlib.h>
#include <sys/random.h>

#include "hooks/hooks.h"
#include "trap/trap.h"

long trap_getrandom(const long *a)
{
	return hooks_random((void *)a[0], (size_t)a[1], (unsigned int)a[2]);
}
