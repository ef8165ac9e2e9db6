/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The first filter (first.c): what tamago-exec installs before it execs
 * the program, so that code running before the shim's seal is confined
 * by the same table.
 */
#ifndef TAMAGO_FIRST_H
#define TAMAGO_FIRST_H

#include <seccomp.h>
#include <stdbool.h>
#include <stdint.h>

#include "seal/policy.h"

struct first {
	/* pid, pid_ns and signals_scoped as for the seal; the band and the
	 * /proc fd are not known yet. */
	struct seal s;
	/* The one path execve accepts, by address (a page the program
	 * never learns). */
	uint64_t exec_path;
	/* newfstatat and statx on an fd go to the supervisor's listener
	 * (launcher/notify.c); without one they are allowed with
	 * AT_EMPTY_PATH, a path relative to a directory fd included. */
	bool notify;
};

/*
 * Default kill-process, foreign ABIs killed, and for every row of the
 * policy table the answer before the seal: what the dynamic loader, libc's
 * start and the shim's constructor need is allowed (the rules of the row
 * where they do not depend on the seal), and every call the shim will
 * emulate (paths, metadata, sockets, exec) is refused with EACCES. After
 * the seal both filters judge each call and the stricter answer wins; the
 * shim's traps still win over these refusals. Returns 0 or -errno
 * (-EINVAL: a row of rules with no answer here).
 */
int first_build(scmp_filter_ctx *out, const struct first *f);

#endif
