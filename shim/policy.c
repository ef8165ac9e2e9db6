/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The filter, as data: every system call the sandbox lets through, traps,
 * or answers with an errno is a row of policy[]; everything else is killed
 * by the kernel (default action kill-process). Names are resolved by
 * libseccomp for the running architecture; a name the architecture lacks
 * is skipped. Plain rows carry no argument checks, so the kernel's action
 * cache makes them free.
 */
#include <linux/sched.h>
#include <sched.h>
#include <seccomp.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>

#include "arch.h"
#include "fs.h"
#include "policy.h"
#include "shim.h"

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif
#define CLONE_NS_FLAGS                                                       \
	(CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | CLONE_NEWIPC |       \
	 CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWTIME)

#define ALLOW(n) { n, K_ALLOW, NULL, 0, NULL }
#define TRAP(n, fn) { n, K_TRAP, fn, 0, NULL }
#define ERRNO(n, e) { n, K_ERRNO, NULL, e, NULL }
#define RULES(n, rules, fn) { n, K_RULES, fn, 0, rules }

static int rules_dup2(scmp_filter_ctx, int, const struct seal *);
static int rules_close_range(scmp_filter_ctx, int, const struct seal *);
static int rules_openat(scmp_filter_ctx, int, const struct seal *);
static int rules_socketpair(scmp_filter_ctx, int, const struct seal *);
static int rules_sendto(scmp_filter_ctx, int, const struct seal *);
static int rules_sockfd(scmp_filter_ctx, int, const struct seal *);
static int rules_ioctl(scmp_filter_ctx, int, const struct seal *);
static int rules_prlimit64(scmp_filter_ctx, int, const struct seal *);
static int rules_rlimit(scmp_filter_ctx, int, const struct seal *);
static int rules_sigaction(scmp_filter_ctx, int, const struct seal *);
static int rules_clone(scmp_filter_ctx, int, const struct seal *);

const struct policy_entry policy[] = {
	/* Memory. */
	ALLOW("brk"), ALLOW("mmap"), ALLOW("mmap2"), ALLOW("munmap"),
	ALLOW("mprotect"), ALLOW("mremap"), ALLOW("madvise"),
	ALLOW("msync"), ALLOW("mincore"), ALLOW("mlock"), ALLOW("mlock2"),
	ALLOW("munlock"), ALLOW("mlockall"), ALLOW("munlockall"),
	ALLOW("membarrier"), ALLOW("memfd_create"),

	/* I/O on fds the program already holds. */
	ALLOW("read"), ALLOW("write"), ALLOW("readv"), ALLOW("writev"),
	ALLOW("pread64"), ALLOW("pwrite64"), ALLOW("preadv"),
	ALLOW("pwritev"), ALLOW("preadv2"), ALLOW("pwritev2"),
	ALLOW("lseek"), ALLOW("_llseek"), ALLOW("dup"), ALLOW("fcntl"),
	ALLOW("fcntl64"), ALLOW("flock"), ALLOW("fsync"),
	ALLOW("fdatasync"), ALLOW("sync_file_range"), ALLOW("ftruncate"),
	ALLOW("ftruncate64"), ALLOW("fallocate"), ALLOW("fadvise64"),
	ALLOW("arm_fadvise64_64"), ALLOW("readahead"), ALLOW("sendfile"),
	ALLOW("sendfile64"), ALLOW("splice"), ALLOW("tee"),
	ALLOW("vmsplice"), ALLOW("copy_file_range"),
	/* Not the socket ioctls that reach the host's interfaces. */
	RULES("ioctl", rules_ioctl, NULL),
	/* fd-only: the shim identifies its files by it (arch.h). */
	ALLOW("fstat"), ALLOW("fstat64"),
	/*
	 * close is plain: the shim itself must close band fds (a file's
	 * memfd once it is deleted), and whatever the shim may do the program
	 * may too. A program meets the band only on purpose (its fd limit
	 * and close_range stop below it), and then breaks only its own
	 * emulation.
	 */
	ALLOW("close"),
	RULES("dup2", rules_dup2, NULL), RULES("dup3", rules_dup2, NULL),
	RULES("close_range", rules_close_range, trap_close_range),

	/* Waiting and events. */
	ALLOW("poll"), ALLOW("ppoll"), ALLOW("ppoll_time64"),
	ALLOW("select"), ALLOW("_newselect"), ALLOW("pselect6"),
	ALLOW("pselect6_time64"), ALLOW("epoll_create"),
	ALLOW("epoll_create1"), ALLOW("epoll_ctl"), ALLOW("epoll_wait"),
	ALLOW("epoll_pwait"), ALLOW("epoll_pwait2"), ALLOW("eventfd"),
	ALLOW("eventfd2"), ALLOW("signalfd"), ALLOW("signalfd4"),
	ALLOW("timerfd_create"), ALLOW("timerfd_settime"),
	ALLOW("timerfd_settime64"), ALLOW("timerfd_gettime"),
	ALLOW("timerfd_gettime64"), ALLOW("pipe"), ALLOW("pipe2"),

	/* Signals; SIGSYS stays the shim's. */
	RULES("rt_sigaction", rules_sigaction, NULL),
	ALLOW("sigaction"), ALLOW("rt_sigprocmask"), ALLOW("sigprocmask"),
	ALLOW("rt_sigreturn"), ALLOW("sigreturn"), ALLOW("rt_sigpending"),
	ALLOW("rt_sigtimedwait"), ALLOW("rt_sigtimedwait_time64"),
	ALLOW("rt_sigsuspend"), ALLOW("sigaltstack"), ALLOW("kill"),
	ALLOW("tgkill"), ALLOW("tkill"), ALLOW("pause"), ALLOW("alarm"),
	ALLOW("setitimer"), ALLOW("getitimer"), ALLOW("rt_sigqueueinfo"),
	ALLOW("rt_tgsigqueueinfo"),

	/* Threads and processes (no namespaces: see rules_clone). */
	RULES("clone", rules_clone, NULL), ERRNO("clone3", ENOSYS),
	ALLOW("fork"), ALLOW("vfork"), ALLOW("exit"), ALLOW("exit_group"),
	ALLOW("wait4"), ALLOW("waitid"), ALLOW("futex"),
	ALLOW("futex_time64"), ALLOW("futex_waitv"),
	ALLOW("set_robust_list"), ALLOW("get_robust_list"), ALLOW("rseq"),
	ALLOW("set_tid_address"), ALLOW("arch_prctl"), ALLOW("prctl"),
	ALLOW("set_tls"), ALLOW("cacheflush"), ALLOW("riscv_flush_icache"),
	ALLOW("sched_yield"),
	ALLOW("sched_getaffinity"), ALLOW("sched_setaffinity"),
	ALLOW("sched_getparam"), ALLOW("sched_getscheduler"),
	ALLOW("sched_get_priority_max"), ALLOW("sched_get_priority_min"),
	ALLOW("getcpu"), ALLOW("restart_syscall"), ALLOW("seccomp"),

	/* Identity and accounting of this process. */
	ALLOW("getpid"), ALLOW("gettid"), ALLOW("getppid"), ALLOW("getuid"),
	ALLOW("geteuid"), ALLOW("getgid"), ALLOW("getegid"),
	ALLOW("getuid32"), ALLOW("geteuid32"), ALLOW("getgid32"),
	ALLOW("getegid32"), ALLOW("getresuid"), ALLOW("getresgid"),
	ALLOW("getresuid32"), ALLOW("getresgid32"), ALLOW("getgroups"),
	ALLOW("getgroups32"), ALLOW("getpgrp"), ALLOW("getpgid"),
	ALLOW("getsid"), ALLOW("setsid"), ALLOW("setpgid"), ALLOW("uname"),
	ALLOW("getrusage"), ALLOW("times"), ALLOW("getpriority"),
	ALLOW("sysinfo"), ALLOW("capget"),
	RULES("prlimit64", rules_prlimit64, trap_prlimit64),
	RULES("getrlimit", rules_rlimit, trap_getrlimit),
	RULES("ugetrlimit", rules_rlimit, trap_getrlimit),
	RULES("setrlimit", rules_rlimit, trap_setrlimit),

	/* Time (the vDSO usually answers without a call). */
	ALLOW("clock_gettime"), ALLOW("clock_gettime64"),
	ALLOW("clock_getres"), ALLOW("clock_getres_time64"),
	ALLOW("gettimeofday"), ALLOW("time"), ALLOW("nanosleep"),
	ALLOW("clock_nanosleep"), ALLOW("clock_nanosleep_time64"),
	ALLOW("timer_create"), ALLOW("timer_settime"),
	ALLOW("timer_settime64"), ALLOW("timer_gettime"),
	ALLOW("timer_gettime64"), ALLOW("timer_getoverrun"),
	ALLOW("timer_delete"),

	/* Sockets the program already holds (all AF_UNIX, see net.h). */
	ALLOW("recvfrom"), ALLOW("recvmsg"), ALLOW("recvmmsg"),
	ALLOW("recvmmsg_time64"), ALLOW("recv"), ALLOW("send"),
	ALLOW("sendmsg"), ALLOW("sendmmsg"), ALLOW("shutdown"),
	/*
	 * Calls on a socket whose answer is virtual for an internet
	 * socket's stand-in (its family, addresses, options, listening,
	 * accepting: net/net.h). They trap; the shim's own pass-through to
	 * the kernel, for other sockets, carries ARCH_FD_PASS in the fd's
	 * high half and is let through (rules_sockfd).
	 */
	RULES("getsockname", rules_sockfd, trap_getsockname),
	RULES("getpeername", rules_sockfd, trap_getpeername),
	RULES("getsockopt", rules_sockfd, trap_getsockopt),
	RULES("setsockopt", rules_sockfd, trap_setsockopt),
	RULES("listen", rules_sockfd, trap_listen),
	RULES("accept", rules_sockfd, trap_accept),
	RULES("accept4", rules_sockfd, trap_accept4),

	/* Virtualized: the file system. */
	TRAP("open", trap_open),
	RULES("openat", rules_openat, trap_openat),
	ERRNO("openat2", ENOSYS),
	TRAP("creat", trap_creat),
	TRAP("stat", trap_stat), TRAP("lstat", trap_lstat),
	TRAP("newfstatat", trap_newfstatat), TRAP("statx", trap_statx),
	TRAP("access", trap_access), TRAP("faccessat", trap_faccessat),
	TRAP("faccessat2", trap_faccessat2),
	TRAP("mkdir", trap_mkdir), TRAP("mkdirat", trap_mkdirat),
	TRAP("rmdir", trap_rmdir), TRAP("unlink", trap_unlink),
	TRAP("unlinkat", trap_unlinkat), TRAP("rename", trap_rename),
	TRAP("renameat", trap_renameat), TRAP("renameat2", trap_renameat2),
	TRAP("readlink", trap_readlink), TRAP("readlinkat", trap_readlinkat),
	TRAP("getdents64", trap_getdents64), TRAP("getcwd", trap_getcwd),
	TRAP("chdir", trap_chdir), TRAP("fchdir", trap_fchdir),
	TRAP("umask", trap_umask),
	TRAP("getxattr", trap_xattr_path), TRAP("setxattr", trap_xattr_path),
	TRAP("listxattr", trap_xattr_path),
	TRAP("removexattr", trap_xattr_path),
	TRAP("lgetxattr", trap_lxattr_path),
	TRAP("lsetxattr", trap_lxattr_path),
	TRAP("llistxattr", trap_lxattr_path),
	TRAP("lremovexattr", trap_lxattr_path),
	TRAP("fgetxattr", trap_xattr_fd), TRAP("fsetxattr", trap_xattr_fd),
	TRAP("flistxattr", trap_xattr_fd), TRAP("fremovexattr", trap_xattr_fd),
	/* Path calls not emulated yet: contained, answered ENOSYS. */
	TRAP("getdents", trap_enosys), TRAP("link", trap_enosys),
	TRAP("linkat", trap_enosys), TRAP("symlink", trap_enosys),
	TRAP("symlinkat", trap_enosys), TRAP("chmod", trap_enosys),
	TRAP("fchmodat", trap_enosys), TRAP("fchmodat2", trap_enosys),
	TRAP("chown", trap_enosys), TRAP("lchown", trap_enosys),
	TRAP("fchownat", trap_enosys), TRAP("utime", trap_enosys),
	TRAP("utimes", trap_enosys), TRAP("futimesat", trap_enosys),
	TRAP("utimensat", trap_enosys), TRAP("truncate", trap_enosys),
	TRAP("mknod", trap_enosys), TRAP("mknodat", trap_enosys),
	TRAP("statfs", trap_enosys), TRAP("fstatfs", trap_enosys),
	TRAP("fchmod", trap_enosys), TRAP("fchown", trap_enosys),
	TRAP("inotify_init", trap_enosys), TRAP("inotify_init1", trap_enosys),

	/* Virtualized: programs, sockets, randomness. */
	TRAP("execve", trap_execve), TRAP("execveat", trap_execveat),
	TRAP("socket", trap_socket), TRAP("connect", trap_connect),
	TRAP("bind", trap_bind),
	RULES("socketpair", rules_socketpair, trap_socketpair),
	RULES("sendto", rules_sendto, trap_sendto),
	TRAP("getrandom", trap_getrandom),
};

const size_t policy_len = sizeof(policy) / sizeof(policy[0]);

#define ADD(ctx, act, nr, ...)                                               \
	seccomp_rule_add((ctx), (act), (nr), __VA_ARGS__)

/* dup2(old, fd), dup3(old, fd, f): never onto a band fd. */
static int rules_dup2(scmp_filter_ctx ctx, int nr, const struct seal *s)
{
	int r = ADD(ctx, SCMP_ACT_ALLOW, nr, 1,
		    SCMP_A1_32(SCMP_CMP_LT, (uint32_t)s->band_base));

	if (r == 0)
		r = ADD(ctx, SCMP_ACT_ERRNO(EBADF), nr, 1,
			SCMP_A1_32(SCMP_CMP_GE, (uint32_t)s->band_base));
	return r;
}

static int rules_close_range(scmp_filter_ctx ctx, int nr,
			     const struct seal *s)
{
	int r = ADD(ctx, SCMP_ACT_ALLOW, nr, 1,
		    SCMP_A1_32(SCMP_CMP_LT, (uint32_t)s->band_base));

	if (r == 0)
		r = ADD(ctx, SCMP_ACT_TRAP, nr, 1,
			SCMP_A1_32(SCMP_CMP_GE, (uint32_t)s->band_base));
	return r;
}

/*
 * openat on the shim's /proc fd reopens its own memfds (fs/fd.c); Landlock
 * confines that door to memfds and pipes. Anything else is emulated.
 */
static int rules_openat(scmp_filter_ctx ctx, int nr, const struct seal *s)
{
	int r;

	if (s->proc_fd < 0)
		return ADD(ctx, SCMP_ACT_TRAP, nr, 0);
	r = ADD(ctx, SCMP_ACT_ALLOW, nr, 2,
		SCMP_A0_32(SCMP_CMP_EQ, (uint32_t)s->proc_fd),
		SCMP_A2_32(SCMP_CMP_MASKED_EQ, O_PATH, 0));
	if (r == 0)
		r = ADD(ctx, SCMP_ACT_TRAP, nr, 1,
			SCMP_A0_32(SCMP_CMP_NE, (uint32_t)s->proc_fd));
	if (r == 0)
		r = ADD(ctx, SCMP_ACT_TRAP, nr, 2,
			SCMP_A0_32(SCMP_CMP_EQ, (uint32_t)s->proc_fd),
			SCMP_A2_32(SCMP_CMP_MASKED_EQ, O_PATH, O_PATH));
	return r;
}

/* Stream and seqpacket pairs are harmless; datagram ones are stood in. */
static int rules_socketpair(scmp_filter_ctx ctx, int nr, const struct seal *s)
{
	uint32_t t;
	int r = 0;

	(void)s;
	for (t = 0; t < 16 && r == 0; t++)
		r = ADD(ctx,
			t == SOCK_STREAM || t == SOCK_SEQPACKET ?
				SCMP_ACT_ALLOW :
				SCMP_ACT_TRAP,
			nr, 1, SCMP_A1_32(SCMP_CMP_MASKED_EQ, 0xf, t));
	return r;
}

/* sendto with a destination goes to the socket handler or the stub. */
static int rules_sendto(scmp_filter_ctx ctx, int nr, const struct seal *s)
{
	int r = ADD(ctx, SCMP_ACT_ALLOW, nr, 1, SCMP_A4(SCMP_CMP_EQ, 0));

	(void)s;
	if (r == 0)
		r = ADD(ctx, SCMP_ACT_TRAP, nr, 1, SCMP_A4(SCMP_CMP_NE, 0));
	return r;
}

/*
 * fd tagged with ARCH_FD_PASS (the kernel reads only the low half): the
 * shim asking the kernel; any other value traps to the emulation.
 */
static int rules_sockfd(scmp_filter_ctx ctx, int nr, const struct seal *s)
{
	const uint64_t tag = (uint64_t)ARCH_FD_PASS;
	int r;

	(void)s;
	r = ADD(ctx, SCMP_ACT_ALLOW, nr, 1,
		SCMP_A0_64(SCMP_CMP_MASKED_EQ, ARCH_FD_PASS_MASK, tag));
	if (r == 0)
		r = ADD(ctx, SCMP_ACT_TRAP, nr, 1,
			SCMP_A0_64(SCMP_CMP_LT, tag));
	if (r == 0)
		r = ADD(ctx, SCMP_ACT_TRAP, nr, 1,
			SCMP_A0_64(SCMP_CMP_GT, tag | 0xffffffffULL));
	return r;
}

/*
 * The socket ioctls (SIOCGIFCONF, SIOCSIFFLAGS, SIOCADDRT, bridge, VLAN,
 * wireless, ... : 0x8900 to 0x8bff) work on any socket, an AF_UNIX
 * stand-in too, and read or change the host's network interfaces and
 * routes (as root, change them). They are answered ENOTTY: the sandbox's
 * sockets have no interfaces. The kernel reads cmd as 32 bits; so does
 * the comparison.
 */
static int rules_ioctl(scmp_filter_ctx ctx, int nr, const struct seal *s)
{
	uint32_t block;
	int r;

	(void)s;
	r = ADD(ctx, SCMP_ACT_ALLOW, nr, 1, SCMP_A1_32(SCMP_CMP_LT, 0x8900));
	if (r == 0)
		r = ADD(ctx, SCMP_ACT_ALLOW, nr, 1,
			SCMP_A1_32(SCMP_CMP_GT, 0x8bff));
	/* One condition per argument: the range as three blocks of 256. */
	for (block = 0x8900; r == 0 && block <= 0x8b00; block += 0x100)
		r = ADD(ctx, SCMP_ACT_ERRNO(ENOTTY), nr, 1,
			SCMP_A1_32(SCMP_CMP_MASKED_EQ, 0xffffff00, block));
	return r;
}

/* RLIMIT_NOFILE is virtual (the band); other limits, own process only. */
static int rules_prlimit64(scmp_filter_ctx ctx, int nr, const struct seal *s)
{
	int r;

	(void)s;
	r = ADD(ctx, SCMP_ACT_TRAP, nr, 1,
		SCMP_A1_32(SCMP_CMP_EQ, RLIMIT_NOFILE));
	if (r == 0)
		r = ADD(ctx, SCMP_ACT_ALLOW, nr, 2, SCMP_A0_32(SCMP_CMP_EQ, 0),
			SCMP_A1_32(SCMP_CMP_NE, RLIMIT_NOFILE));
	if (r == 0)
		r = ADD(ctx, SCMP_ACT_ERRNO(EPERM), nr, 2,
			SCMP_A0_32(SCMP_CMP_NE, 0),
			SCMP_A1_32(SCMP_CMP_NE, RLIMIT_NOFILE));
	return r;
}

static int rules_rlimit(scmp_filter_ctx ctx, int nr, const struct seal *s)
{
	int r;

	(void)s;
	r = ADD(ctx, SCMP_ACT_TRAP, nr, 1,
		SCMP_A0_32(SCMP_CMP_EQ, RLIMIT_NOFILE));
	if (r == 0)
		r = ADD(ctx, SCMP_ACT_ALLOW, nr, 1,
			SCMP_A0_32(SCMP_CMP_NE, RLIMIT_NOFILE));
	return r;
}

static int rules_sigaction(scmp_filter_ctx ctx, int nr, const struct seal *s)
{
	int r;

	(void)s;
	r = ADD(ctx, SCMP_ACT_ALLOW, nr, 1, SCMP_A0_32(SCMP_CMP_NE, SIGSYS));
	if (r == 0)
		r = ADD(ctx, SCMP_ACT_ERRNO(EPERM), nr, 1,
			SCMP_A0_32(SCMP_CMP_EQ, SIGSYS));
	return r;
}

/* Threads and fork, but no new namespaces (those are killed). */
static int rules_clone(scmp_filter_ctx ctx, int nr, const struct seal *s)
{
	(void)s;
	return ADD(ctx, SCMP_ACT_ALLOW, nr, 1,
		   SCMP_A0_64(SCMP_CMP_MASKED_EQ, CLONE_NS_FLAGS, 0));
}

/* Trapped call number -> row, filled when the filter is built. */
#define DISPATCH_MAX 1024
static short dispatch[DISPATCH_MAX];

trap_fn policy_trap_fn(long nr, const char **name)
{
	int i;

	if (nr < 0 || nr >= DISPATCH_MAX || !dispatch[nr])
		return NULL;
	i = dispatch[nr] - 1;
	*name = policy[i].name;
	return policy[i].trap;
}

const char *policy_name(long nr)
{
	const char *name = NULL;

	policy_trap_fn(nr, &name);
	return name;
}

static int add_entry(scmp_filter_ctx ctx, const struct policy_entry *e,
		     int nr, const struct seal *s)
{
	switch (e->kind) {
	case K_ALLOW:
		return seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 0);
	case K_TRAP:
		return seccomp_rule_add(ctx, SCMP_ACT_TRAP, nr, 0);
	case K_ERRNO:
		return seccomp_rule_add(ctx, SCMP_ACT_ERRNO(e->err), nr, 0);
	case K_RULES:
		return e->rules(ctx, nr, s);
	}
	return -EINVAL;
}

int policy_build(scmp_filter_ctx *out, const struct seal *s)
{
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_KILL_PROCESS);
	size_t i;
	int r = 0;

	if (!ctx)
		return -ENOMEM;
	/* A foreign ABI (i386 int 0x80, x32, ...) is killed outright. */
	r = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH,
			     SCMP_ACT_KILL_PROCESS);
	if (r == 0)
		r = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_TSYNC, 1);
	for (i = 0; r == 0 && i < policy_len; i++) {
		int nr = seccomp_syscall_resolve_name(policy[i].name);

		if (nr < 0)
			continue;
		r = add_entry(ctx, &policy[i], nr, s);
		if (r == 0 && policy[i].trap && nr < DISPATCH_MAX)
			dispatch[nr] = (short)(i + 1);
	}
	if (r < 0) {
		seccomp_release(ctx);
		return r;
	}
	*out = ctx;
	return 0;
}

int policy_seal(const struct seal *s)
{
	scmp_filter_ctx ctx;
	int r = policy_build(&ctx, s);

	if (r < 0)
		return r;
	r = seccomp_load(ctx);
	seccomp_release(ctx);
	return r;
}
