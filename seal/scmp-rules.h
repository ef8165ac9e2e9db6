/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef TAMAGO_SCMP_RULES_H
#define TAMAGO_SCMP_RULES_H

#include <seccomp.h>
#include <stddef.h>
#include <stdint.h>

/* ioctl requests an ordinary program needs (scmp-rules.c): the rest are
 * ENOTTY. */
extern const uint32_t scmp_ok_ioctls[];
extern const size_t scmp_ok_ioctls_len;
extern const uint32_t scmp_bad_fcntls[];
extern const size_t scmp_bad_fcntls_len;

/*
 * Argument arg's low 32 bits: the listed values get action in, every
 * other value action out (aligned blocks, since libseccomp takes one
 * comparison per argument in a rule). extra, if not NULL, is a second
 * condition added to every rule. Returns 0 or -errno.
 */
int scmp_partition(scmp_filter_ctx ctx, int nr, unsigned int arg,
		   const uint32_t *vals, size_t n, uint32_t in, uint32_t out,
		   const struct scmp_arg_cmp *extra);

/*
 * The same for a long list, in n + 1 rules instead of blocks: each value
 * (low 32 bits) gets in, and one rule "not the first value" gets out;
 * libseccomp tests the values first, so that rule only ever sees the
 * others. extra as above.
 */
int scmp_only(scmp_filter_ctx ctx, int nr, unsigned int arg,
	      const uint32_t *vals, size_t n, uint32_t in, uint32_t out,
	      const struct scmp_arg_cmp *extra);

#endif
