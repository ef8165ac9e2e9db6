/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Rule helpers and argument lists shared by the shim's filter (policy.c)
 * and tamago-exec's first filter, so that both refuse the same things.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/sockios.h>
#include <sys/ioctl.h>

#include "seal/scmp-rules.h"

/*
 * ioctl requests that act beyond the fd: inject terminal input, take over
 * the terminal or the console, or aim SIGIO at another process.
 */
const uint32_t scmp_bad_ioctls[] = {
	TIOCSTI, TIOCLINUX, TIOCCONS, TIOCSETD, TIOCSCTTY,
	TIOCSPGRP, TIOCVHANGUP, TIOCSIG, FIOSETOWN, SIOCSPGRP,
};
const size_t scmp_bad_ioctls_len =
	sizeof(scmp_bad_ioctls) / sizeof(scmp_bad_ioctls[0]);

/* fcntl commands that aim SIGIO (or any signal) at another process. */
const uint32_t scmp_bad_fcntls[] = { F_SETOWN, F_SETOWN_EX, F_SETSIG };
const size_t scmp_bad_fcntls_len =
	sizeof(scmp_bad_fcntls) / sizeof(scmp_bad_fcntls[0]);

/*
 * libseccomp takes one comparison per argument in a rule, so "every value
 * but these" is spelt as the values themselves (action in) plus aligned
 * blocks covering the rest of the 32-bit space (action out). Only the low
 * 32 bits are compared: the kernel truncates these arguments (int or
 * unsigned int) itself, so upper bits cannot smuggle a value past a rule.
 */
int scmp_partition(scmp_filter_ctx ctx, int nr, unsigned int arg,
		   const uint32_t *vals, size_t n, uint32_t in, uint32_t out,
		   const struct scmp_arg_cmp *extra)
{
	struct scmp_arg_cmp c[2];
	unsigned int nc = extra ? 2 : 1;
	uint64_t lo = 0;
	uint32_t sorted[32];
	size_t i, j;
	int r = 0;

	if (n > 32)
		return -EINVAL;
	for (i = 0; i < n; i++) {
		for (j = i; j > 0 && sorted[j - 1] > vals[i]; j--)
			sorted[j] = sorted[j - 1];
		sorted[j] = vals[i];
	}
	for (i = 0; i <= n && r == 0; i++) {
		uint64_t hi = i < n ? sorted[i] : 1ULL << 32;

		if (extra)
			c[1] = *extra;
		if (i < n && in != SCMP_DEFAULT) {
			c[0] = SCMP_CMP(arg, SCMP_CMP_MASKED_EQ, 0xffffffffULL,
					sorted[i]);
			r = seccomp_rule_add_array(ctx, in, nr, nc, c);
		}
		/* [lo, hi) in blocks aligned to their own size. */
		while (r == 0 && lo < hi && out != SCMP_DEFAULT) {
			uint64_t size = lo ? lo & -lo : 1ULL << 32;

			while (lo + size > hi)
				size >>= 1;
			c[0] = SCMP_CMP(arg, SCMP_CMP_MASKED_EQ,
					0xffffffffULL & ~(size - 1), lo);
			r = seccomp_rule_add_array(ctx, out, nr, nc, c);
			lo += size;
		}
		lo = hi + 1;
	}
	return r;
}

