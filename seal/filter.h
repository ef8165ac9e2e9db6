/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The filter compiled ahead of time. At build time gen-filter.c turns the
 * table (policy.c) into, for each architecture, one BPF program per
 * combination of the few switches that change its shape (enum
 * filter_variant), each with a patch list for the values known only at
 * run time (enum filter_value), plus the syscall-number -> trap-id
 * dispatch table and the rows as that architecture resolves them. At
 * run time sealing is: copy, patch, seccomp(2). No libseccomp.
 */
#ifndef TAMAGO_FILTER_H
#define TAMAGO_FILTER_H

#include <linux/filter.h>
#include <stdbool.h>
#include <stdint.h>

#include "seal/policy.h"

/* Switches that change the program's shape: one program for each mix. */
enum filter_variant {
	FILTER_CONSOLE = 1,	/* a console handler: writes to 1, 2 trap */
	FILTER_SCOPED = 2,	/* Landlock keeps signals in the sandbox */
	FILTER_DOOR = 4,	/* the /proc reopen door is open */
	FILTER_PIDNS = 8,	/* a pid namespace of the sandbox's own */
	FILTER_DET = 16,	/* reproducible runs: clock calls, uname trap */
	FILTER_VARIANTS = 32,
};

/* Values patched into a program's instructions (their k field). */
enum filter_value {
	FILTER_BAND,		/* struct seal's band_base */
	FILTER_PROC_FD,		/* proc_fd */
	FILTER_PID,		/* pid */
	FILTER_STORE_FD,	/* store_fd */
	FILTER_LOADER_FD,	/* loader_fd */
	FILTER_UID,		/* uid (-1: the ids differ) */
	FILTER_GID,		/* gid */
	FILTER_NVALUES,
};

struct filter_patch {
	uint16_t insn;
	uint8_t value;		/* enum filter_value */
};

struct filter_prog {
	const struct sock_filter *insns;
	uint16_t len;
	uint16_t npatches;
	const struct filter_patch *patches;
};

/* A row of the table as the architecture resolves it (--print-filter). */
struct filter_row {
	const char *name;
	const char *text;	/* K_RULES: the checks, in words */
	int32_t nr;
	uint8_t kind;		/* enum policy_kind */
	uint8_t err;		/* K_ERRNO */
};

/* Indexed by syscall number: the trap id and the row of a trapped call. */
struct filter_dispatch {
	uint8_t trap;		/* enum trap_id; TRAP_NONE when not trapped */
	uint16_t row;
};

struct filter_arch {
	const char *name;
	uint32_t audit;
	const char *compat;	/* the foreign ABIs killed, in words */
	struct filter_prog prog[FILTER_VARIANTS];
	uint16_t nrows;
	const struct filter_row *rows;
	uint16_t ndispatch;
	const struct filter_dispatch *dispatch;
};

/* Generated (build/seal/filter-<arch>.c), one per architecture. */
extern const struct filter_arch filter_x86_64, filter_aarch64, filter_arm,
	filter_riscv64;

/* Every system call of an architecture, ended by a NULL name (tests). */
struct filter_syscall {
	const char *name;
	int nr;
};
extern const struct filter_syscall filter_syscalls_x86_64[],
	filter_syscalls_aarch64[], filter_syscalls_arm[],
	filter_syscalls_riscv64[];

static inline unsigned int filter_variant_of(const struct seal *s)
{
	return (s->console ? FILTER_CONSOLE : 0) |
	       (s->signals_scoped ? FILTER_SCOPED : 0) |
	       (s->proc_fd >= 0 ? FILTER_DOOR : 0) |
	       (s->pid_ns ? FILTER_PIDNS : 0) |
	       (s->det ? FILTER_DET : 0);
}

/*
 * The program for s, patched, into out (room for max instructions).
 * Returns its length or -errno.
 */
long filter_build(const struct filter_arch *fa, const struct seal *s,
		  struct sock_filter *out, unsigned int max);
/* Installs the filter for s on every thread (TSYNC). 0 or -errno. */
int filter_seal(const struct filter_arch *fa, const struct seal *s);
/*
 * The table as text on fd (TAMAGO_PRINT_FILTER), or with how "bpf" the
 * program itself, instruction by instruction. Returns 0 or -errno.
 */
int filter_print(int fd, const struct filter_arch *fa, const struct seal *s,
		 const char *how);
/* The row of trapped call nr, and its trap id; NULL if it is not one. */
const struct filter_row *filter_trapped(const struct filter_arch *fa,
					long nr, enum trap_id *trap);
/* One instruction as text (no newline), for printing and tests. */
void filter_insn_text(char *buf, size_t size, const struct sock_filter *f,
		      unsigned int pc);

#endif
