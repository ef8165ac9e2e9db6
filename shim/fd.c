/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The fd space: RLIMIT_NOFILE as the program sees it (the shim's band
 * lies above it) and close_range kept out of the band.
 */
#include <sys/resource.h>

#include "fs/fs.h"
#include "shim/shim.h"
#include "core/sys.h"

static long do_prlimit(int resource, const struct rlimit *nw,
		       struct rlimit *old)
{
	if (resource == RLIMIT_NOFILE)
		return fs_prlimit_nofile(nw, old);
	return sys6(SYS_prlimit64, 0, resource, nw, old, 0, 0);
}

TAMAGO_EXPORT int getrlimit(__rlimit_resource_t resource, struct rlimit *rl)
{
	return (int)shim_ret(do_prlimit(resource, NULL, rl));
}

TAMAGO_EXPORT int setrlimit(__rlimit_resource_t resource,
			    const struct rlimit *rl)
{
	return (int)shim_ret(do_prlimit(resource, rl, NULL));
}

TAMAGO_EXPORT int prlimit(pid_t pid, __rlimit_resource_t resource,
			  const struct rlimit *nw, struct rlimit *old)
{
	if (pid && pid != (pid_t)sys3(SYS_getpid, 0, 0, 0))
		return (int)shim_ret(-EPERM);
	return (int)shim_ret(do_prlimit(resource, nw, old));
}

/* struct rlimit64 is struct rlimit with 64-bit fields, as prlimit64 uses. */
TAMAGO_EXPORT int getrlimit64(__rlimit_resource_t resource,
			      struct rlimit64 *rl)
{
	return (int)shim_ret(do_prlimit(resource, NULL, (struct rlimit *)rl));
}

TAMAGO_EXPORT int setrlimit64(__rlimit_resource_t resource,
			      const struct rlimit64 *rl)
{
	return (int)shim_ret(
		do_prlimit(resource, (const struct rlimit *)rl, NULL));
}

TAMAGO_EXPORT int prlimit64(pid_t pid, __rlimit_resource_t resource,
			    const struct rlimit64 *nw, struct rlimit64 *old)
{
	return prlimit(pid, resource, (const struct rlimit *)nw,
		       (struct rlimit *)old);
}

long trap_prlimit64(const long *a)
{
	return do_prlimit((int)a[1], (const struct rlimit *)a[2],
			  (struct rlimit *)a[3]);
}

long trap_getrlimit(const long *a)
{
	return do_prlimit((int)a[0], NULL, (struct rlimit *)a[1]);
}

long trap_setrlimit(const long *a)
{
	return do_prlimit((int)a[0], (const struct rlimit *)a[1], NULL);
}

long trap_close_range(const long *a)
{
	unsigned long first = (unsigned int)a[0], last = (unsigned int)a[1];
	unsigned long top = (unsigned long)fs_band_base() - 1;

	if (first > top)
		return 0;
	return sys3(SYS_close_range, first, last < top ? last : top, a[2]);
}

