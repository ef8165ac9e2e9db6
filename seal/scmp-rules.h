/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef TAMAGO_SCMP_RULES_H
#define TAMAGO_SCMP_RULES_H

#include <seccomp.h>
#include <stddef.h>
#include <stdint.h>

extern const uint32_t scmp_bad_ioctls[];
extern const size_t scmp_bad_ioctls_len;
extern const uint32_t scmp_bad_fcntls[];
extern const size_t scmp_bad_fcntls_len;

/*
 * Argument arg's low 32 bits: the listed values get action in, every
 * other value action out (aligned blocks, since libseccomp takes one
 * comparison per argument in a rule). extra, if not NULL, is a second
 * condition added to every rule. SCMP_DEFAULT for in or out adds no rule
 * for those values: they meet the filter's default action (libseccomp
 * refuses a rule whose action is the default one). Returns 0 or -errno.
 */
#define SCMP_DEFAULT 0xffffffffU
int scmp_partition(scmp_filter_ctx ctx, int nr, unsigned int arg,
		   const uint32_t *vals, size_t n, uint32_t in, uint32_t out,
		   const struct scmp_arg_cmp *extra);

#endif
