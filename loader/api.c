/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The cores' table for the shim (core/api.h), handed over in the
 * auxiliary vector (AT_TAMAGO): the one copy of the cores in the process
 * is the loader's.
 */
#include "core/api.h"
#include "core/band.h"
#include "core/config.h"
#include "core/lock.h"
#include "fs/fs.h"
#include "fs/image.h"
#include "hooks/hooks.h"
#include "net/net.h"
#include "trap/trap.h"

/* fork() through libc holds the lock across the fork (shim/init.c). */
static int core_lock_fork(void)
{
	return core_lock();
}

static void core_unlock_fork(void)
{
	core_unlock();
}

static void core_shim_started(const struct core_shim *s)
{
	trap_shim_started(s);
}

const struct core_api loader_api = {
	.version = CORE_API_VERSION,
	.size = sizeof(struct core_api),
#define CORE_API_INIT(ret, name, params, args) .name = name,
	CORE_API(CORE_API_INIT)
	CORE_API_VOID(CORE_API_INIT)
#undef CORE_API_INIT
};
