/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What the filter needs of aarch64, as plain data: the build-time
 * generator (seal/gen-filter.c) reads it for every architecture, arch.h
 * for this one.
 *
 * Registers are 64 bits and the kernel reads an int fd from the low half,
 * so the shim's tag rides in the fd's high half, as on x86_64.
 *
 * Foreign ABIs: an arm64 kernel with COMPAT runs AArch32 processes, whose
 * calls report AUDIT_ARCH_ARM; the architecture check kills them (a
 * 64-bit process cannot make them itself, but an exec could start one).
 */
#ifndef TAMAGO_ARCH_FILTER_AARCH64_H
#define TAMAGO_ARCH_FILTER_AARCH64_H

#include <linux/audit.h>

#define ARCH_AARCH64_PASS_ARG	0
#define ARCH_AARCH64_PASS_MASK	0xffffffff00000000ULL
#define ARCH_AARCH64_PASS_TAG	0x54414d4100000000ULL

#define ARCH_AARCH64_FILTER                                                  \
	{                                                                    \
		.name = "aarch64", .audit = AUDIT_ARCH_AARCH64,              \
		.pass_arg = ARCH_AARCH64_PASS_ARG,                           \
		.pass_mask = ARCH_AARCH64_PASS_MASK,                         \
		.pass_tag = ARCH_AARCH64_PASS_TAG,                           \
		.compat = "AArch32 (arm)",                                   \
	}

#endif
