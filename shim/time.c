/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Time: clock_gettime through the clock handler.
 */
#include <time.h>

#include "hooks.h"
#include "shim.h"

TAMAGO_EXPORT int clock_gettime(clockid_t id, struct timespec *ts)
{
	return (int)shim_ret(hooks_clock(id, ts));
}
