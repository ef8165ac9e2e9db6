/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The filter's table (policy.c) as data: it is read at build time by the
 * generator (gen-filter.c), which turns it into one BPF program per
 * architecture with placeholders for the few values known only at run
 * time (seal/filter.h), and at run time by tamago-exec, which derives
 * its first filter from it (first.c). Nothing here belongs to the shim:
 * a trapped row names its emulation by a trap id (traps.h).
 */
#ifndef TAMAGO_POLICY_H
#define TAMAGO_POLICY_H

#include <seccomp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "seal/traps.h"

/* Rules a test build adds to overflow the filter (meson_options.txt). */
#ifndef TAMAGO_FILTER_PAD
#define TAMAGO_FILTER_PAD 0
#endif

/* What the filter needs of an architecture (arch/<arch>/filter.h). */
struct policy_arch {
	const char *name;	/* its arch/ folder */
	uint32_t audit;		/* AUDIT_ARCH_*, also libseccomp's token */
	unsigned int pass_arg;	/* the argument that carries the shim's tag */
	uint64_t pass_mask;	/* the tag's bits in that argument */
	uint64_t pass_tag;
	const char *compat;	/* the foreign ABIs it kills, in words */
};

/* What the filter needs to know of the sealed process. */
struct seal {
	const struct policy_arch *arch;
	int band_base;	/* close/dup2 never reach fds from here up */
	int proc_fd;	/* openat may use this fd (reopening), or -1 */
	int store_fd;	/* the store's door: openat, mkdirat, mknodat
			 * (FIFOs), unlinkat, linkat into it */
	int loader_fd;	/* the one exec: execveat of this fd */
	int pid;	/* the sealed process */
	/* Its uid and gid when real, effective and saved ids are one (they
	 * stay so: set-ID bits are ignored), else -1, which lets only the
	 * calls that keep every id (all -1) through. */
	long uid, gid;
	bool signals_scoped;	/* Landlock keeps signals in the sandbox */
	bool console;		/* a console handler: writes to 1, 2 trap */
	/* The sandbox has a pid namespace of its own: the kernel keeps every
	 * pid it names to the sandbox's processes. */
	bool pid_ns;
	/* A reproducible run (TAMAGO_TIME or TAMAGO_SEED): the clock and
	 * sleep calls and uname trap, so that raw ones (static programs,
	 * Go) read the virtual clock and the sandbox's host name too. */
	bool det;
};

enum policy_kind { K_ALLOW, K_TRAP, K_ERRNO, K_RULES };

struct policy_entry {
	const char *name;
	enum policy_kind kind;
	enum trap_id trap;	/* K_TRAP, and K_RULES rows that trap */
	int err;		/* K_ERRNO */
	int (*rules)(scmp_filter_ctx ctx, int nr, const struct seal *s);
	const char *text;	/* K_RULES: the checks, in words */
};

extern const struct policy_entry policy[];
extern const size_t policy_len;

/*
 * The rows of policy[] for s->arch, as libseccomp rules, in a context
 * made for that architecture alone. Returns 0 or -errno; *bad names the
 * row that failed.
 */
int policy_add_rules(scmp_filter_ctx ctx, const struct seal *s,
		     const char **bad);

/*
 * A call whose argument arg names a process: action in for the sandbox's
 * own (any, with s->pid_ns; else 0 and s->pid, compared whole), out for
 * the rest. extra, if not NULL, is a condition on another argument added
 * to every rule.
 */
int policy_own_pid(scmp_filter_ctx ctx, int nr, unsigned int arg,
		   const struct seal *s, uint32_t in, uint32_t out,
		   const struct scmp_arg_cmp *extra);

#endif
