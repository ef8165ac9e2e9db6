/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The sandbox's configuration, in the arena (root ROOT_CONFIG): written
 * once by whoever starts the sandbox (tamago-exec), before the seal, and
 * read by every process of it, so that a program that changes its
 * environment before exec changes nothing of it. (A program that writes
 * the arena can change it: that breaks only its own emulation.)
 */
#ifndef TAMAGO_CONFIG_H
#define TAMAGO_CONFIG_H

#include <stdint.h>

#include "hooks/det.h"

#define CONFIG_PATH_MAX 512

struct core_config {
	uint32_t raw;		/* enum raw_mode (trap/trap.h): TAMAGO_RAW */
	uint32_t net;		/* enum net_mode (net/net.h): TAMAGO_NET */
	int32_t loader_fd;	/* the loader's sealed memfd, in the band */
	int32_t band_base;	/* the band every process keeps */
	int32_t store_fd;	/* the store (fs/store.c), in the band */
	int32_t proc_fd;	/* /proc for reopening, in the band, or -1 */
	uint32_t reopen;	/* the /proc door is confined (Landlock) */
	uint32_t console;	/* a hooks library: writes to 1 and 2 trap */
	int32_t first_pid;	/* the sandbox's first process (it exports) */
	int32_t export_fd;	/* TAMAGO_EXPORT_FD in the band, or -1 */
	int32_t audit_fd;	/* TAMAGO_AUDIT_FD in the band, or -1 */
	uint32_t export_changes;
	/* The capability sets at the seal, which capget answers from
	 * without a pid namespace (trap/cap.c): set*id and capset are
	 * killed, so they never change in the sandbox. */
	uint64_t cap_eff, cap_prm, cap_inh;
	/* TAMAGO_SEED, TAMAGO_TIME, TAMAGO_TIME_WARP (hooks/det.h). */
	struct det_config det;
	/* The shim and the hooks library, as paths of the sandbox's file
	 * system (the host files placed there at their own paths). */
	char shim[CONFIG_PATH_MAX];
	char hooks[CONFIG_PATH_MAX];
};

/* This process's view of it (after fs_init or fs_attach), or NULL. */
const struct core_config *core_config(void);
/* Before the seal: the configuration to write (journal off). */
struct core_config *core_config_w(void);

#endif
