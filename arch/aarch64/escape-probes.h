/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The escape suite's probes that only aarch64 has: none. Its table is the
 * generic one (no open, stat or readlink), and a 64-bit process has no
 * foreign ABI to call (filter.h); escape.txt beside this file is empty.
 */
#ifndef TAMAGO_ARCH_ESCAPE_PROBES_H
#define TAMAGO_ARCH_ESCAPE_PROBES_H

#define ARCH_ESCAPE_MODES

#endif
