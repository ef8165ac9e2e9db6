/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Randomness: getrandom, getentropy and the arc4random family through
 * the random handler (glibc's arc4random would stretch one trapped
 * getrandom with its own generator: a seeded handler would not make its
 * numbers reproducible call by call).
 */
#include <stdlib.h>
#include <sys/random.h>

#include "hooks/hooks.h"
#include "shim/shim.h"

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

/* Never fails, by contract: a handler that cannot answer ends the
 * program with its reason rather than hand out predictable bytes. */
TAMAGO_EXPORT void arc4random_buf(void *buf, size_t len)
{
	unsigned char *p = buf;

	while (len) {
		long r = hooks_random(p, len, 0);

		if (r == -EINTR || r == -EAGAIN)
			continue;
		if (r <= 0) {
			shim_msg("arc4random: the random handler failed: ",
				 r ? strerror((int)-r) : "no bytes");
			abort();
		}
		p += r;
		len -= (size_t)r;
	}
}

TAMAGO_EXPORT uint32_t arc4random(void)
{
	uint32_t v;

	arc4random_buf(&v, sizeof(v));
	return v;
}

/* Uniform below bound: draws under 2^32 - (2^32 mod bound) only. */
TAMAGO_EXPORT uint32_t arc4random_uniform(uint32_t bound)
{
	uint32_t floor, v;

	if (bound < 2)
		return 0;
	floor = -bound % bound;
	do
		v = arc4random();
	while (v < floor);
	return v % bound;
}

