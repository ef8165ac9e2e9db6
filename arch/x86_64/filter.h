/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What the filter needs of x86_64, as plain data: the build-time
 * generator (seal/gen-filter.c) reads it for every architecture, arch.h
 * for this one.
 *
 * The kernel reads an int fd argument from the low 32 bits of its
 * register, while the filter sees all 64: the shim tags the fd of its own
 * pass-through calls with a value in the high half, and the filter lets
 * exactly those through. A program that uses the tag gets the kernel's
 * answer about its own fd, which is all it could get anyway.
 *
 * Foreign ABIs: the i386 ABI (int 0x80) reports AUDIT_ARCH_I386 and x32
 * sets bit 30 of the number; the filter's architecture check kills both.
 */
#ifndef TAMAGO_ARCH_FILTER_X86_64_H
#define TAMAGO_ARCH_FILTER_X86_64_H

#include <linux/audit.h>

#define ARCH_X86_64_PASS_ARG	0
#define ARCH_X86_64_PASS_MASK	0xffffffff00000000ULL
#define ARCH_X86_64_PASS_TAG	0x54414d4100000000ULL

#define ARCH_X86_64_FILTER                                                   \
	{                                                                    \
		.name = "x86_64", .audit = AUDIT_ARCH_X86_64,                \
		.pass_arg = ARCH_X86_64_PASS_ARG,                            \
		.pass_mask = ARCH_X86_64_PASS_MASK,                          \
		.pass_tag = ARCH_X86_64_PASS_TAG,                            \
		.compat = "i386 (int 0x80) and x32",                         \
	}

#endif
