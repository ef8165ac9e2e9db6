/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The fd space as trapped system calls: RLIMIT_NOFILE as the program
 * sees it, and close_range kept below the band.
 */
#include <sys/resource.h>

#include "core/band.h"
#include "core/sys.h"
#include "fs/fs.h"
#include "trap/trap.h"

/* prlimit64: 64-bit fields on every architecture, band_prlimit's own. */
long trap_prlimit64(const long *a)
{
	return band_prlimit((int)a[1], (const struct rlimit *)a[2],
			  (struct rlimit *)a[3]);
}

/* getrlimit, ugetrlimit and setrlimit: the kernel's unsigned long fields. */
long trap_getrlimit(const long *a)
{
	return band_prlimit_ul((int)a[0], NULL, (unsigned long *)a[1]);
}

long trap_setrlimit(const long *a)
{
	return band_prlimit_ul((int)a[0], (const unsigned long *)a[1], NULL);
}

long trap_close_range(const long *a)
{
	unsigned long first = (unsigned int)a[0], last = (unsigned int)a[1];
	unsigned long top = (unsigned long)band_base() - 1;

	if (first > top)
		return 0;
	return sys3(SYS_close_range, first, last < top ? last : top, a[2]);
}
