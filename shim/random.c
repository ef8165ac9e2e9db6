/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Randomness: getrandom and getentropy through the random handler.
 */
#include <sys/random.h>

#include "hooks.h"
#include "shim.h"

TAMAGO_EXPORT ssize_t getrandom(void *buf, size_t len, unsigned int flags)
{
	return shim_ret(hooks_random(buf, len, flags));
}

TAMAGO_EXPORT int getentropy(void *buf, size_t len)
{
	long r;

	if (len > 256)
		return (int)shim_ret(-EIO);
	r = hooks_random(buf, len, 0);
	if (r >= 0 && (size_t)r != len)
		r = -EIO;
	return (int)shim_ret(r < 0 ? r : 0);
}

long trap_getrandom(const long *a)
{
	return hooks_random((void *)a[0], (size_t)a[1], (unsigned int)a[2]);
}
