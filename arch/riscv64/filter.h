/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What the filter needs of riscv64, as plain data: the build-time
 * generator (seal/gen-filter.c) reads it for every architecture, arch.h
 * for this one.
 *
 * Registers are 64 bits and the kernel reads an int fd from the low half
 * (SYSCALL_DEFINE casts it), so the shim's tag rides in the fd's high
 * half, as on x86_64.
 *
 * Foreign ABIs: a kernel with COMPAT runs rv32 processes, whose calls
 * report AUDIT_ARCH_RISCV32; the architecture check kills them.
 */
#ifndef TAMAGO_ARCH_FILTER_RISCV64_H
#define TAMAGO_ARCH_FILTER_RISCV64_H

#include <linux/audit.h>

#ifndef AUDIT_ARCH_RISCV64
#define AUDIT_ARCH_RISCV64 (EM_RISCV | __AUDIT_ARCH_64BIT | __AUDIT_ARCH_LE)
#endif

#define ARCH_RISCV64_PASS_ARG	0
#define ARCH_RISCV64_PASS_MASK	0xffffffff00000000ULL
#define ARCH_RISCV64_PASS_TAG	0x54414d4100000000ULL

#define ARCH_RISCV64_FILTER                                                  \
	{                                                                    \
		.name = "riscv64", .audit = AUDIT_ARCH_RISCV64,              \
		.pass_arg = ARCH_RISCV64_PASS_ARG,                           \
		.pass_mask = ARCH_RISCV64_PASS_MASK,                         \
		.pass_tag = ARCH_RISCV64_PASS_TAG,                           \
		.compat = "rv32",                                            \
	}

#endif
