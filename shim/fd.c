/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The fd space: RLIMIT_NOFILE as the program sees it (the shim's band
 * lies above it) and close_range kept out of the band.
 */
#include <sys/resource.h>

#include "core/band.h"
#include "fs/fs.h"
#include "shim/shim.h"
#include "core/sys.h"

/*
 * libc's struct rlimit here (the shim is built without
 * _FILE_OFFSET_BITS=64) has unsigned long fields: 32 bits on 32-bit arm,
 * where struct rlimit64 and the cores' are 64.
 */
_Static_assert(sizeof(struct rlimit) == 2 * sizeof(unsigned long),
	       "struct rlimit has unsigned long fields");

/* Another process's limits are not the sandbox's to read or change. */
static bool own(pid_t pid)
{
	return !pid || pid == (pid_t)sys3(SYS_getpid, 0, 0, 0);
}

TAMAGO_EXPORT int getrlimit(__rlimit_resource_t resource, struct rlimit *rl)
{
	return (int)shim_ret(band_prlimit_ul(resource, NULL,
					     (unsigned long *)rl));
}

TAMAGO_EXPORT int setrlimit(__rlimit_resource_t resource,
			    const struct rlimit *rl)
{
	return (int)shim_ret(band_prlimit_ul(resource,
					     (const unsigned long *)rl, NULL));
}

TAMAGO_EXPORT int prlimit(pid_t pid, __rlimit_resource_t resource,
			  const struct rlimit *nw, struct rlimit *old)
{
	if (!own(pid))
		return (int)shim_ret(-EPERM);
	return (int)shim_ret(band_prlimit_ul(resource,
					     (const unsigned long *)nw,
					     (unsigned long *)old));
}

/* struct rlimit64: 64-bit fields, as prlimit64 and the cores use. */
TAMAGO_EXPORT int getrlimit64(__rlimit_resource_t resource,
			      struct rlimit64 *rl)
{
	return (int)shim_ret(band_prlimit(resource, NULL, (struct rlimit *)rl));
}

TAMAGO_EXPORT int setrlimit64(__rlimit_resource_t resource,
			      const struct rlimit64 *rl)
{
	return (int)shim_ret(
		band_prlimit(resource, (const struct rlimit *)rl, NULL));
}

TAMAGO_EXPORT int prlimit64(pid_t pid, __rlimit_resource_t resource,
			    const struct rlimit64 *nw, struct rlimit64 *old)
{
	if (!own(pid))
		return (int)shim_ret(-EPERM);
	return (int)shim_ret(band_prlimit(resource, (const struct rlimit *)nw,
					  (struct rlimit *)old));
}

