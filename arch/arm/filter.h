/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What the filter needs of 32-bit arm (EABI, armhf), as plain data: the
 * build-time generator (seal/gen-filter.c) reads it for every
 * architecture, arch.h for this one.
 *
 * Registers are 32 bits: an fd has no high half to carry the shim's tag.
 * The tag rides instead in the sixth argument register (r5), which none
 * of the calls the shim tags uses on arm: getsockname, getpeername,
 * listen, accept (3 arguments or fewer), accept4 (4), getsockopt,
 * setsockopt (5), and the shim's own write and writev to fds 1 and 2
 * (3); the console emulation makes pwrite64, whose offset takes r4 and
 * r5, as a one-buffer pwritev (5). The filter lets a call through when
 * r5 holds the tag and traps it otherwise. A program that sets the tag
 * gets the kernel's answer about its own fd, as elsewhere.
 *
 * Foreign ABIs: none that a kernel reports apart. OABI calls (kernels
 * built with OABI_COMPAT, which Debian's armmp is not) report the same
 * audit token with their 64-bit arguments in other registers: the filter
 * cannot tell them apart, so such kernels are not supported.
 */
#ifndef TAMAGO_ARCH_FILTER_ARM_H
#define TAMAGO_ARCH_FILTER_ARM_H

#include <linux/audit.h>

#define ARCH_ARM_PASS_ARG	5
#define ARCH_ARM_PASS_MASK	0xffffffffULL
#define ARCH_ARM_PASS_TAG	0x54414d41ULL

#define ARCH_ARM_FILTER                                                      \
	{                                                                    \
		.name = "arm", .audit = AUDIT_ARCH_ARM,                      \
		.pass_arg = ARCH_ARM_PASS_ARG,                               \
		.pass_mask = ARCH_ARM_PASS_MASK,                             \
		.pass_tag = ARCH_ARM_PASS_TAG,                               \
		.compat = "none (OABI kernels unsupported)",                 \
	}

#endif
