/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The first filter, derived row by row from the policy table (first.h).
 *
 * Before the seal the program's own code may already run (its preinit
 * functions, IFUNC resolvers, its libraries' constructors): it meets
 * default deny, the killed class, and refusals for everything the shim
 * would emulate. The few calls that differ from the table's answer are
 * listed in pre[] below: what ld.so, libc's start and the shim's
 * constructor need (reading the files Landlock grants, placing fds in the
 * band, fstat on an fd), and rows whose rules need the seal's facts (the
 * band, the /proc fd), which before the seal take a looser but still
 * confined form. Everything else is the table's own: allowed rows stay
 * allowed, refused rows stay refused, and trapped rows, which have no
 * handler yet, are refused with EACCES.
 *
 * This filter stays in force after the seal, under the shim's: what the
 * shim's emulation does afterwards (reopening through /proc, setting its
 * memfds' times, tagged socket calls) must pass here too.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "seal/first.h"
#include "seal/scmp-rules.h"

#define ADD(ctx, act, nr, ...)                                               \
	seccomp_rule_add((ctx), (act), (nr), __VA_ARGS__)

typedef int (*pre_rules)(scmp_filter_ctx ctx, int nr, const struct first *f);

enum pre_kind {
	P_SAME,		/* the row's own rules (no seal facts) */
	P_ALLOW,	/* needed before the seal; the seal narrows it */
	P_RULES,	/* rules of its own before the seal */
};

struct pre {
	const char *name;
	enum pre_kind kind;
	pre_rules rules;
};

static int pre_open(scmp_filter_ctx, int, const struct first *);
static int pre_openat(scmp_filter_ctx, int, const struct first *);
static int pre_utimensat(scmp_filter_ctx, int, const struct first *);
static int pre_socketpair(scmp_filter_ctx, int, const struct first *);
static int pre_sendto(scmp_filter_ctx, int, const struct first *);
static int pre_prlimit64(scmp_filter_ctx, int, const struct first *);
static int pre_capget(scmp_filter_ctx, int, const struct first *);
static int pre_execve(scmp_filter_ctx, int, const struct first *);
static int pre_newfstatat(scmp_filter_ctx, int, const struct first *);
static int pre_statx(scmp_filter_ctx, int, const struct first *);

#define SAME(n) { n, P_SAME, NULL }
#define PALLOW(n) { n, P_ALLOW, NULL }
#define PRULES(n, fn) { n, P_RULES, fn }

static const struct pre pre[] = {
	/* Rules that hold before the seal as after it. */
	SAME("fcntl"), SAME("fcntl64"), SAME("ioctl"), SAME("clone"),
	SAME("prctl"), SAME("personality"), SAME("kill"), SAME("tgkill"),
	SAME("tkill"), SAME("rt_sigqueueinfo"), SAME("rt_tgsigqueueinfo"),
	SAME("sched_getaffinity"), SAME("sched_setaffinity"),
	SAME("sched_getparam"), SAME("sched_setparam"),
	SAME("sched_getscheduler"), SAME("sched_setscheduler"),
	SAME("sched_getattr"), SAME("sched_setattr"),
	SAME("sched_rr_get_interval"), SAME("sched_rr_get_interval_time64"),
	SAME("get_robust_list"), SAME("getpgid"), SAME("getsid"),
	SAME("setpgid"), SAME("getpriority"), SAME("setpriority"),
	SAME("ioprio_get"), SAME("ioprio_set"), SAME("seccomp"),

	/* The console handler does not exist yet; the band is not placed:
	 * the shim moves fds into it with dup3 and close_range. */
	PALLOW("write"), PALLOW("writev"), PALLOW("pwrite64"),
	PALLOW("pwritev"), PALLOW("pwritev2"), PALLOW("sendfile"),
	PALLOW("sendfile64"), PALLOW("splice"), PALLOW("tee"),
	PALLOW("vmsplice"), PALLOW("copy_file_range"), PALLOW("dup2"),
	PALLOW("dup3"), PALLOW("close_range"),
	/* The shim takes SIGSYS; RLIMIT_NOFILE is not virtual yet. */
	PALLOW("rt_sigaction"), PALLOW("getrlimit"), PALLOW("ugetrlimit"),
	PALLOW("setrlimit"),
	/* Sockets the program holds: kept ones and its socketpairs (its
	 * stand-ins do not exist yet); the shim's tagged calls later. */
	PALLOW("getsockname"), PALLOW("getpeername"), PALLOW("getsockopt"),
	PALLOW("setsockopt"), PALLOW("listen"), PALLOW("accept"),
	PALLOW("accept4"),
	/* Trapped later, needed now: the shim lists /proc/self/fd (what
	 * Landlock lets a directory be opened for), sets its umask, checks
	 * its tmpfs; libc seeds malloc. */
	PALLOW("getdents64"), PALLOW("umask"), PALLOW("fstatfs"),
	PALLOW("getrandom"),

	PRULES("open", pre_open), PRULES("openat", pre_openat),
	PRULES("utimensat", pre_utimensat),
	PRULES("socketpair", pre_socketpair), PRULES("sendto", pre_sendto),
	PRULES("prlimit64", pre_prlimit64), PRULES("capget", pre_capget),
	PRULES("execve", pre_execve), PRULES("newfstatat", pre_newfstatat),
	/* 32-bit arm's name for it. */
	PRULES("fstatat64", pre_newfstatat), PRULES("statx", pre_statx),
};

/* Calls no row names that the shim's constructor makes before its seal
 * (its own Landlock layer); after the seal the shim's filter kills them. */
static const char *const extra[] = {
	"landlock_create_ruleset", "landlock_add_rule",
	"landlock_restrict_self",
};

/*
 * Opening relative to the working directory: no creating, truncating or
 * anonymous files (Landlock confines what may be opened), and no O_PATH,
 * which Landlock does not check: an O_PATH fd of any host path would give
 * its metadata to fstat. (The shim's /proc fd comes from tamago-exec.)
 */
static int open_flags(scmp_filter_ctx ctx, int nr, unsigned int arg,
		      const struct scmp_arg_cmp *at)
{
	static const uint32_t bad[] = { O_CREAT, O_TRUNC,
					O_TMPFILE & ~O_DIRECTORY, O_PATH };
	uint32_t no = SCMP_ACT_ERRNO(EACCES);
	struct scmp_arg_cmp c[2];
	unsigned int i, n = at ? 2 : 1;
	int r = 0;

	if (at)
		c[1] = *at;
	for (i = 0; r == 0 && i < sizeof(bad) / sizeof(bad[0]); i++) {
		c[0] = SCMP_CMP64(arg, SCMP_CMP_MASKED_EQ, bad[i], bad[i]);
		r = seccomp_rule_add_array(ctx, no, nr, n, c);
	}
	/* Allowed otherwise: none of the bits. */
	c[0] = SCMP_CMP64(arg, SCMP_CMP_MASKED_EQ,
			  O_CREAT | O_TRUNC | (O_TMPFILE & ~O_DIRECTORY) |
				  O_PATH,
			  0);
	if (r == 0)
		r = seccomp_rule_add_array(ctx, SCMP_ACT_ALLOW, nr, n, c);
	return r;
}

static int pre_open(scmp_filter_ctx ctx, int nr, const struct first *f)
{
	(void)f;
	return open_flags(ctx, nr, 1, NULL);
}

/*
 * On another directory fd any flags but O_PATH: the shim reopens its
 * memfds and makes files in its sized tmpfs that way after the seal, and
 * Landlock confines what a directory fd reaches.
 */
static int pre_openat(scmp_filter_ctx ctx, int nr, const struct first *f)
{
	/* The kernel reads the fd as an int: libc passes AT_FDCWD
	 * sign-extended, a raw caller may not. */
	struct scmp_arg_cmp cwd = SCMP_A0_64(SCMP_CMP_MASKED_EQ, 0xffffffffULL,
					     (uint32_t)AT_FDCWD);
	struct scmp_arg_cmp other = SCMP_A0_64(SCMP_CMP_NE, (uint32_t)AT_FDCWD);
	int r = open_flags(ctx, nr, 2, &cwd);

	(void)f;
	/* libseccomp tests the masked rules first (scmp_only). */
	if (r == 0)
		r = ADD(ctx, SCMP_ACT_ERRNO(EACCES), nr, 2, other,
			SCMP_A2_64(SCMP_CMP_MASKED_EQ, O_PATH, O_PATH));
	if (r == 0)
		r = ADD(ctx, SCMP_ACT_ALLOW, nr, 2, other,
			SCMP_A2_64(SCMP_CMP_MASKED_EQ, O_PATH, 0));
	return r;
}

/*
 * On an fd, no path: the shim sets its memfds' times so, before the seal
 * (images) and after (its band). A host file's times cannot change:
 * tamago-exec's mount namespace sees the host read-only.
 */
static int pre_utimensat(scmp_filter_ctx ctx, int nr, const struct first *f)
{
	int r = ADD(ctx, SCMP_ACT_ALLOW, nr, 1, SCMP_A1_64(SCMP_CMP_EQ, 0));

	(void)f;
	if (r == 0)
		r = ADD(ctx, SCMP_ACT_ERRNO(EACCES), nr, 1,
			SCMP_A1_64(SCMP_CMP_NE, 0));
	return r;
}

/* Stream and seqpacket pairs (the shim's stand-ins); a datagram pair
 * could name a host socket in a send. */
static int pre_socketpair(scmp_filter_ctx ctx, int nr, const struct first *f)
{
	uint32_t t;
	int r = 0;

	(void)f;
	for (t = 0; t < 16 && r == 0; t++)
		r = ADD(ctx,
			t == SOCK_STREAM || t == SOCK_SEQPACKET ?
				SCMP_ACT_ALLOW :
				SCMP_ACT_ERRNO(EACCES),
			nr, 1, SCMP_A1_32(SCMP_CMP_MASKED_EQ, 0xf, t));
	return r;
}

static int pre_sendto(scmp_filter_ctx ctx, int nr, const struct first *f)
{
	int r = ADD(ctx, SCMP_ACT_ALLOW, nr, 1, SCMP_A4_64(SCMP_CMP_EQ, 0));

	(void)f;
	if (r == 0)
		r = ADD(ctx, SCMP_ACT_ERRNO(EACCES), nr, 1,
			SCMP_A4_64(SCMP_CMP_NE, 0));
	return r;
}

/* The shim reads and raises its own RLIMIT_NOFILE: the process's own
 * limits only (0 or its pid). */
static int pre_prlimit64(scmp_filter_ctx ctx, int nr, const struct first *f)
{
	const uint32_t own[] = { 0, (uint32_t)f->s.pid };

	return scmp_only(ctx, nr, 0, own, 2, SCMP_ACT_ALLOW,
			 SCMP_ACT_ERRNO(EPERM), NULL);
}

/* Its pid is in memory: only the kernel's pid namespace keeps it in. */
static int pre_capget(scmp_filter_ctx ctx, int nr, const struct first *f)
{
	return ADD(ctx, f->s.pid_ns ? SCMP_ACT_ALLOW : SCMP_ACT_ERRNO(EPERM),
		   nr, 0);
}

/* One exec: of the path at f->exec_path, an address the new image never
 * learns. */
static int pre_execve(scmp_filter_ctx ctx, int nr, const struct first *f)
{
	int r = ADD(ctx, SCMP_ACT_ALLOW, nr, 1,
		    SCMP_A0_64(SCMP_CMP_EQ, f->exec_path));

	if (r == 0)
		r = ADD(ctx, SCMP_ACT_ERRNO(EACCES), nr, 1,
			SCMP_A0_64(SCMP_CMP_NE, f->exec_path));
	return r;
}

/*
 * ld.so and libc call fstat as newfstatat(fd, "", AT_EMPTY_PATH). The
 * filter cannot read the path, and with a directory fd the same call
 * reads any host file's metadata: the supervisor answers it instead,
 * for an empty path only. A path without AT_EMPTY_PATH is refused.
 */
static int stat_rules(scmp_filter_ctx ctx, int nr, unsigned int flags,
		      const struct first *f)
{
	uint32_t fd_only = f->notify ? SCMP_ACT_NOTIFY : SCMP_ACT_ALLOW;
	int r = ADD(ctx, fd_only, nr, 1,
		    SCMP_CMP64(flags, SCMP_CMP_MASKED_EQ, AT_EMPTY_PATH,
			       AT_EMPTY_PATH));

	if (r == 0)
		r = ADD(ctx, SCMP_ACT_ERRNO(EACCES), nr, 1,
			SCMP_CMP64(flags, SCMP_CMP_MASKED_EQ, AT_EMPTY_PATH,
				   0));
	return r;
}

static int pre_newfstatat(scmp_filter_ctx ctx, int nr, const struct first *f)
{
	return stat_rules(ctx, nr, 3, f);
}

static int pre_statx(scmp_filter_ctx ctx, int nr, const struct first *f)
{
	return stat_rules(ctx, nr, 2, f);
}

static const struct pre *find_pre(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(pre) / sizeof(pre[0]); i++)
		if (!strcmp(pre[i].name, name))
			return &pre[i];
	return NULL;
}

static int add_row(scmp_filter_ctx ctx, const struct policy_entry *e,
		   int nr, const struct first *f)
{
	const struct pre *p = find_pre(e->name);

	if (p && p->kind == P_ALLOW)
		return ADD(ctx, SCMP_ACT_ALLOW, nr, 0);
	if (p && p->kind == P_RULES)
		return p->rules(ctx, nr, f);
	if (p && p->kind == P_SAME && e->kind == K_RULES)
		return e->rules(ctx, nr, &f->s);
	switch (e->kind) {
	case K_ALLOW:
		return ADD(ctx, SCMP_ACT_ALLOW, nr, 0);
	case K_ERRNO:
		return ADD(ctx, SCMP_ACT_ERRNO(e->err), nr, 0);
	case K_TRAP:
		return ADD(ctx, SCMP_ACT_ERRNO(EACCES), nr, 0);
	case K_RULES:
		break;
	}
	/* Rules that need the seal, and no answer before it. */
	return -EINVAL;
}

int first_build(scmp_filter_ctx *out, const struct first *f)
{
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_KILL_PROCESS);
	size_t i;
	int r;

	if (!ctx)
		return -ENOMEM;
	r = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH,
			     SCMP_ACT_KILL_PROCESS);
	for (i = 0; r == 0 && i < policy_len; i++) {
		int nr = seccomp_syscall_resolve_name(policy[i].name);

		if (nr >= 0)
			r = add_row(ctx, &policy[i], nr, f);
	}
	for (i = 0; r == 0 && i < sizeof(extra) / sizeof(extra[0]); i++) {
		int nr = seccomp_syscall_resolve_name(extra[i]);

		if (nr >= 0)
			r = ADD(ctx, SCMP_ACT_ALLOW, nr, 0);
	}
	if (r < 0) {
		seccomp_release(ctx);
		return r;
	}
	*out = ctx;
	return 0;
}
