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

TAMAGO_EXPORT int getrlimit(__rlimit_resource_t resource, struct rlimit *rl)
{
	return (int)shim_ret(band_prlimit(resource, NULL, rl));
}

TAMAGO_EXPORT int setrlimit(__rlimit_resource_t resource,
			    const struct rlimit *rl)
{
	return (int)shim_ret(band_prlimit(resource, rl, NULL));
}

TAMAGO_EXPORT int prlimit(pid_t pid, __rlimit_resource_t resource,
			  const struct rlimit *nw, struct rlimit *old)
{
	if (pid && pid != (pid_t)sys3(SYS_getpid, 0, 0, 0))
		return (int)shim_ret(-EPERM);
	return (int)shim_ret(band_prlimit(resource, nw, old));
}

/* struct rlimit64 is struct rlimit with 64-bit fields, as prlimit64 uses. */
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
	return prlimit(pid, resource, (const struct rlimit *)nw,
		       (struct rlimit *)old);
}

