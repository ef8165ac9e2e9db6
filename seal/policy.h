/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The filter's table (policy.c) as the rest of the shim and the tests see
 * it.
 */
#ifndef TAMAGO_POLICY_H
#define TAMAGO_POLICY_H

#include <seccomp.h>
#include <stdbool.h>
#include <stddef.h>

/* Rules a test build adds to overflow the filter (meson_options.txt). */
#ifndef TAMAGO_FILTER_PAD
#define TAMAGO_FILTER_PAD 0
#endif

/* What the filter needs to know of the sealed process. */
struct seal {
	int band_base;	/* close/dup2 never reach fds from here up */
	int proc_fd;	/* openat may use this fd (reopening), or -1 */
	int store_fd;	/* the store's door: openat, mkdirat, mknodat
			 * (FIFOs), unlinkat, linkat into it */
	int loader_fd;	/* the one exec: execveat of this fd, or -1 */
	int pid;	/* the sealed process */
	/* Its uid and gid when real, effective and saved ids are one (they
	 * stay so: set-ID bits are ignored), else -1. */
	long uid, gid;
	bool signals_scoped;	/* Landlock keeps signals in the sandbox */
	bool console;		/* a console handler: writes to 1, 2 trap */
	/* The sandbox has a pid namespace of its own: the kernel keeps every
	 * pid it names to the sandbox's processes. */
	bool pid_ns;
};

enum policy_kind { K_ALLOW, K_TRAP, K_ERRNO, K_RULES };

struct policy_entry {
	const char *name;
	enum policy_kind kind;
	const char *trap;	/* its emulation's name (trap/): K_TRAP, and
				 * K_RULES rows that may trap ("NULL" if not) */
	int err;		/* K_ERRNO */
	int (*rules)(scmp_filter_ctx ctx, int nr, const struct seal *s);
	const char *text;	/* K_RULES: the checks, in words */
};

extern const struct policy_entry policy[];
extern const size_t policy_len;

int policy_build(scmp_filter_ctx *out, const struct seal *s);
int policy_seal(const struct seal *s);
/*
 * The table as text on fd (TAMAGO_PRINT_FILTER); how "pfc" prints
 * libseccomp's pseudo filter code instead. Returns 0 or -errno.
 */
int policy_print(int fd, const struct seal *s, const char *how);

/*
 * A call whose argument arg names a process: action in for the sandbox's
 * own (any, with s->pid_ns; else 0 and s->pid), out for the rest. extra,
 * if not NULL, is a condition on another argument added to every rule.
 */
int policy_own_pid(scmp_filter_ctx ctx, int nr, unsigned int arg,
		   const struct seal *s, uint32_t in, uint32_t out,
		   const struct scmp_arg_cmp *extra);

#endif
