/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The filter, as data: every system call the sandbox lets through, traps,
 * or answers with an errno is a row of policy[]; everything else is killed
 * by the kernel (default action kill-process). The table is read at build
 * time (gen-filter.c): names are resolved by libseccomp for each target
 * architecture, and a name an architecture lacks is skipped there; and
 * tamago-exec derives its first filter from it at run time (first.c).
 * Plain rows carry no argument checks, so the kernel's action cache makes
 * them free. Rules that use a value known only at run time (struct seal)
 * must compare it whole, never split it into blocks: the generator
 * patches it into the built program and checks that nothing else depends
 * on it.
 *
 * Killed by the kernel, without a report, because no row names them (the
 * escape suite, test/escape/, checks each): io_uring_*, ptrace,
 * process_vm_readv/writev, process_madvise, pidfd_open, pidfd_getfd,
 * pidfd_send_signal, kcmp, bpf, perf_event_open, userfaultfd, the mount
 * family (mount, umount2, fsopen, fsconfig, fsmount, fspick, move_mount,
 * open_tree, mount_setattr), unshare, setns, chroot, pivot_root, keyctl,
 * add_key, request_key, kexec_load, kexec_file_load, init_module,
 * finit_module, delete_module, fanotify_init/mark, name_to_handle_at,
 * open_by_handle_at, SysV IPC (shm*, sem*, msg*) and POSIX message queues
 * (mq_*), syslog, acct, swapon/off, reboot, quotactl, iopl, ioperm,
 * setting the clock or the host name, the set*id family, capset,
 * landlock_*, mbind and the memory policy calls (migrate_pages,
 * move_pages), process_mrelease, and every call added to the kernel after
 * this table was written (setxattrat, file_setattr, ...).
 *
 * Every call that names a process (pid, pgid, sid or tid) reaches only the
 * sandbox's: in a pid namespace of the sandbox's own (tamago-run makes
 * one) the kernel sees to that, and the rows allow any value; elsewhere
 * they accept 0 and the sealed process's own pid only (rules_own_pid).
 * PRIO_USER and IOPRIO_WHO_USER, which reach every process of a uid, are
 * refused either way. Calls made through a foreign ABI (i386 and x32 on
 * x86_64, AArch32 on arm64: arch/<arch>/filter.h) are killed by the
 * architecture check (libseccomp's BADARCH action) before any row is
 * looked at.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/sched.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <seccomp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <linux/sockios.h>
#include <sys/ioctl.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include "seal/policy.h"
#include "seal/scmp-rules.h"

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif
#define CLONE_NS_FLAGS                                                       \
	(CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | CLONE_NEWIPC |       \
	 CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWTIME)

#define SOCKFD "tagged by the shim (its own call), else trapped"
/* A row names its emulation by trap id (traps.h); NULL for none. */
#define TRAP_ID_NULL TRAP_NONE
#define ALLOW(n) { n, K_ALLOW, TRAP_NONE, 0, NULL, NULL }
#define TRAP(n, fn) { n, K_TRAP, TRAP_ID_##fn, 0, NULL, NULL }
#define ERRNO(n, e) { n, K_ERRNO, TRAP_NONE, e, NULL, NULL }
/* Argument checks; text says what they do, for --print-filter. */
#define RULES(n, rules, fn, text)                                            \
	{ n, K_RULES, TRAP_ID_##fn, 0, rules, text }

static int rules_dup2(scmp_filter_ctx, int, const struct seal *);
static int rules_close_range(scmp_filter_ctx, int, const struct seal *);
static int rules_openat(scmp_filter_ctx, int, const struct seal *);
static int rules_socketpair(scmp_filter_ctx, int, const struct seal *);
static int rules_sendto(scmp_filter_ctx, int, const struct seal *);
static int rules_sockfd(scmp_filter_ctx, int, const struct seal *);
static int rules_prlimit64(scmp_filter_ctx, int, const struct seal *);
static int rules_rlimit(scmp_filter_ctx, int, const struct seal *);
static int rules_sigaction(scmp_filter_ctx, int, const struct seal *);
static int rules_clone(scmp_filter_ctx, int, const struct seal *);
static int rules_ioctl(scmp_filter_ctx, int, const struct seal *);
static int rules_fcntl(scmp_filter_ctx, int, const struct seal *);
static int rules_prctl(scmp_filter_ctx, int, const struct seal *);
static int rules_personality(scmp_filter_ctx, int, const struct seal *);
static int rules_signal_a0(scmp_filter_ctx, int, const struct seal *);
static int rules_pid_a0(scmp_filter_ctx, int, const struct seal *);
static int rules_setpgid(scmp_filter_ctx, int, const struct seal *);
static int rules_prio(scmp_filter_ctx, int, const struct seal *);
static int rules_ioprio(scmp_filter_ctx, int, const struct seal *);
static int rules_capget(scmp_filter_ctx, int, const struct seal *);
static int rules_seccomp(scmp_filter_ctx, int, const struct seal *);

#define BAND "fd below the band, else EBADF"
#define CONSOLE                                                              \
	"with a console handler: fd 1 and 2 trapped (the handler sees the "  \
	"bytes), from libc or not; else allowed"
#define CONSOLE_OUT                                                          \
	"with a console handler: into fd 1 or 2, EINVAL (write is seen); "  \
	"else allowed"
static int rules_console_write(scmp_filter_ctx, int, const struct seal *);
static int rules_console_out0(scmp_filter_ctx, int, const struct seal *);
static int rules_console_out1(scmp_filter_ctx, int, const struct seal *);
static int rules_console_out2(scmp_filter_ctx, int, const struct seal *);
#define SIGNAL_TEXT                                                          \
	"a pid namespace or signals scoped by Landlock: allowed; else 0 or " \
	"own pid only, else EPERM"
#define PID_TEXT                                                             \
	"a pid namespace: allowed; else 0 or own pid only, else ESRCH"
static int rules_utimensat(scmp_filter_ctx, int, const struct seal *);

const struct policy_entry policy[] = {
	/* Memory. */
	ALLOW("brk"), ALLOW("mmap"), ALLOW("mmap2"), ALLOW("munmap"),
	ALLOW("mprotect"), ALLOW("mremap"), ALLOW("madvise"),
	ALLOW("msync"), ALLOW("mincore"), ALLOW("mlock"), ALLOW("mlock2"),
	ALLOW("munlock"), ALLOW("mlockall"), ALLOW("munlockall"),
	ALLOW("membarrier"), ALLOW("memfd_create"),

	/* I/O on fds the program already holds. */
	ALLOW("read"), ALLOW("readv"), ALLOW("pread64"), ALLOW("preadv"),
	ALLOW("preadv2"),
	RULES("write", rules_console_write, trap_console_write, CONSOLE),
	RULES("writev", rules_console_write, trap_console_writev, CONSOLE),
	RULES("pwrite64", rules_console_write, trap_console_pwrite64,
	      CONSOLE),
	RULES("pwritev", rules_console_write, trap_console_pwritev, CONSOLE),
	RULES("pwritev2", rules_console_write, trap_console_pwritev2,
	      CONSOLE),
	ALLOW("lseek"), ALLOW("_llseek"), ALLOW("dup"),
	RULES("fcntl", rules_fcntl, NULL,
	      "no F_SETOWN, F_SETOWN_EX, F_SETSIG (EPERM: SIGIO to another "
	      "process)"),
	RULES("fcntl64", rules_fcntl, NULL, "as fcntl"),
	ALLOW("flock"), ALLOW("fsync"), ALLOW("fdatasync"),
	ALLOW("sync_file_range"), ALLOW("ftruncate"),
	ALLOW("ftruncate64"), ALLOW("fallocate"), ALLOW("fadvise64"),
	ALLOW("arm_fadvise64_64"), ALLOW("readahead"),
	RULES("sendfile", rules_console_out0, NULL, CONSOLE_OUT),
	RULES("sendfile64", rules_console_out0, NULL, CONSOLE_OUT),
	RULES("splice", rules_console_out2, NULL, CONSOLE_OUT),
	RULES("tee", rules_console_out1, NULL, CONSOLE_OUT),
	RULES("vmsplice", rules_console_out0, NULL, CONSOLE_OUT),
	RULES("copy_file_range", rules_console_out2, NULL, CONSOLE_OUT),
	RULES("ioctl", rules_ioctl, NULL,
	      "allowlist (scmp-rules.c): termios, window size, job control, "
	      "FIONREAD, FIONBIO, FIOCLEX, ... (low 32 bits, as the kernel "
	      "reads them); else ENOTTY"),
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
	RULES("dup2", rules_dup2, NULL, "new " BAND),
	RULES("dup3", rules_dup2, NULL, "new " BAND),
	RULES("close_range", rules_close_range, trap_close_range,
	      "last fd below the band, else trapped (clipped to it)"),

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
	RULES("rt_sigaction", rules_sigaction, NULL,
	      "not SIGSYS (EPERM): the shim owns it (shim/signal.c)"),
	ALLOW("sigaction"), ALLOW("rt_sigprocmask"), ALLOW("sigprocmask"),
	ALLOW("rt_sigreturn"), ALLOW("sigreturn"), ALLOW("rt_sigpending"),
	ALLOW("rt_sigtimedwait"), ALLOW("rt_sigtimedwait_time64"),
	ALLOW("rt_sigsuspend"), ALLOW("sigaltstack"), ALLOW("pause"),
	ALLOW("alarm"), ALLOW("setitimer"), ALLOW("getitimer"),
	/*
	 * A static filter cannot know a forked child's pid: where Landlock
	 * scopes signals to the sandbox (ABI 6), the kernel confines these;
	 * elsewhere only the sealed process's own pid is accepted.
	 */
	RULES("kill", rules_signal_a0, NULL, SIGNAL_TEXT),
	RULES("tgkill", rules_signal_a0, NULL, SIGNAL_TEXT " (tgid)"),
	RULES("tkill", rules_signal_a0, NULL, SIGNAL_TEXT " (tid)"),
	RULES("rt_sigqueueinfo", rules_signal_a0, NULL, SIGNAL_TEXT),
	RULES("rt_tgsigqueueinfo", rules_signal_a0, NULL,
	      SIGNAL_TEXT " (tgid)"),

	/* Threads and processes (no namespaces: see rules_clone). */
	RULES("clone", rules_clone, NULL, "no CLONE_NEW* flag (else killed)"),
	ERRNO("clone3", ENOSYS),
	ALLOW("fork"), ALLOW("vfork"), ALLOW("exit"), ALLOW("exit_group"),
	ALLOW("wait4"), ALLOW("waitid"), ALLOW("futex"),
	ALLOW("futex_time64"), ALLOW("futex_waitv"),
	ALLOW("set_robust_list"),
	RULES("get_robust_list", rules_pid_a0, NULL, PID_TEXT),
	ALLOW("rseq"),
	ALLOW("set_tid_address"), ALLOW("arch_prctl"),
	RULES("prctl", rules_prctl, NULL,
	      "only names, pdeathsig, dumpable, no_new_privs, seccomp, "
	      "timer slack, THP, VMA names, speculation, capability and "
	      "securebits reads; else EINVAL"),
	RULES("personality", rules_personality, NULL,
	      "query (0xffffffff) or PER_LINUX only, else EPERM"),
	ALLOW("set_tls"), ALLOW("cacheflush"), ALLOW("riscv_flush_icache"),
	ALLOW("sched_yield"),
	RULES("sched_getaffinity", rules_pid_a0, NULL, PID_TEXT),
	RULES("sched_setaffinity", rules_pid_a0, NULL, PID_TEXT),
	RULES("sched_getparam", rules_pid_a0, NULL, PID_TEXT),
	RULES("sched_setparam", rules_pid_a0, NULL, PID_TEXT),
	RULES("sched_getscheduler", rules_pid_a0, NULL, PID_TEXT),
	RULES("sched_setscheduler", rules_pid_a0, NULL, PID_TEXT),
	RULES("sched_getattr", rules_pid_a0, NULL, PID_TEXT),
	RULES("sched_setattr", rules_pid_a0, NULL, PID_TEXT),
	RULES("sched_rr_get_interval", rules_pid_a0, NULL, PID_TEXT),
	RULES("sched_rr_get_interval_time64", rules_pid_a0, NULL, PID_TEXT),
	ALLOW("sched_get_priority_max"), ALLOW("sched_get_priority_min"),
	ALLOW("getcpu"), ALLOW("restart_syscall"),
	/* Stacking a filter can only restrict, but for a listener. */
	RULES("seccomp", rules_seccomp, NULL,
	      "no SECCOMP_FILTER_FLAG_NEW_LISTENER (EPERM): its CONTINUE "
	      "would answer what tamago-exec's filter sends to the "
	      "supervisor"),

	/* Identity and accounting of this process. */
	ALLOW("getpid"), ALLOW("gettid"), ALLOW("getppid"), ALLOW("getuid"),
	ALLOW("geteuid"), ALLOW("getgid"), ALLOW("getegid"),
	ALLOW("getuid32"), ALLOW("geteuid32"), ALLOW("getgid32"),
	ALLOW("getegid32"), ALLOW("getresuid"), ALLOW("getresgid"),
	ALLOW("getresuid32"), ALLOW("getresgid32"), ALLOW("getgroups"),
	ALLOW("getgroups32"), ALLOW("getpgrp"),
	RULES("getpgid", rules_pid_a0, NULL, PID_TEXT),
	RULES("getsid", rules_pid_a0, NULL, PID_TEXT),
	ALLOW("setsid"),
	RULES("setpgid", rules_setpgid, NULL, PID_TEXT " (both pids)"),
	ALLOW("uname"), ALLOW("getrusage"), ALLOW("times"),
	RULES("getpriority", rules_prio, NULL,
	      "PRIO_USER: EPERM (every process of a uid); " PID_TEXT),
	RULES("setpriority", rules_prio, NULL,
	      "PRIO_USER: EPERM (every process of a uid); " PID_TEXT),
	RULES("ioprio_get", rules_ioprio, NULL,
	      "IOPRIO_WHO_USER: EPERM; " PID_TEXT),
	RULES("ioprio_set", rules_ioprio, NULL,
	      "IOPRIO_WHO_USER: EPERM; " PID_TEXT),
	ALLOW("sysinfo"),
	RULES("capget", rules_capget, trap_capget,
	      "a pid namespace: allowed; else trapped (the process's own, "
	      "as read at the seal; another pid: ESRCH)"),
	RULES("prlimit64", rules_prlimit64, trap_prlimit64,
	      "0 or own pid only (else EPERM); RLIMIT_NOFILE trapped "
	      "(virtual)"),
	RULES("getrlimit", rules_rlimit, trap_getrlimit,
	      "RLIMIT_NOFILE trapped (virtual)"),
	RULES("ugetrlimit", rules_rlimit, trap_getrlimit,
	      "RLIMIT_NOFILE trapped (virtual)"),
	RULES("setrlimit", rules_rlimit, trap_setrlimit,
	      "RLIMIT_NOFILE trapped (virtual)"),

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
	 * the kernel, for other sockets, carries the architecture's tag
	 * (arch/<arch>/filter.h) and is let through (rules_sockfd).
	 */
	RULES("getsockname", rules_sockfd, trap_getsockname, SOCKFD),
	RULES("getpeername", rules_sockfd, trap_getpeername, SOCKFD),
	RULES("getsockopt", rules_sockfd, trap_getsockopt, SOCKFD),
	RULES("setsockopt", rules_sockfd, trap_setsockopt, SOCKFD),
	RULES("listen", rules_sockfd, trap_listen, SOCKFD),
	RULES("accept", rules_sockfd, trap_accept, SOCKFD),
	RULES("accept4", rules_sockfd, trap_accept4, SOCKFD),

	/* Virtualized: the file system. */
	TRAP("open", trap_open),
	RULES("openat", rules_openat, trap_openat,
	      "on the shim's /proc fd without O_PATH: allowed (Landlock "
	      "confines it to memfds); else trapped"),
	ERRNO("openat2", ENOSYS),
	TRAP("creat", trap_creat),
	TRAP("stat", trap_stat), TRAP("lstat", trap_lstat),
	TRAP("newfstatat", trap_newfstatat), TRAP("statx", trap_statx),
	/* 32-bit arm's: struct stat64 (arch_kstat there). */
	TRAP("stat64", trap_stat64), TRAP("lstat64", trap_lstat64),
	TRAP("fstatat64", trap_newfstatat),
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
	TRAP("link", trap_link), TRAP("linkat", trap_linkat),
	TRAP("symlink", trap_symlink), TRAP("symlinkat", trap_symlinkat),
	TRAP("mknod", trap_mknod), TRAP("mknodat", trap_mknodat),
	TRAP("chmod", trap_chmod), TRAP("fchmod", trap_fchmod),
	TRAP("fchmodat", trap_fchmodat), TRAP("fchmodat2", trap_fchmodat2),
	TRAP("chown", trap_chown), TRAP("lchown", trap_lchown),
	TRAP("fchown", trap_fchown), TRAP("fchownat", trap_fchownat),
	TRAP("chown32", trap_chown), TRAP("lchown32", trap_lchown),
	TRAP("fchown32", trap_fchown),
	TRAP("utime", trap_utime), TRAP("utimes", trap_utimes),
	TRAP("futimesat", trap_futimesat),
	RULES("utimensat", rules_utimensat, trap_utimensat,
	      "a band fd with no path (the shim's memfds): allowed; "
	      "else trapped"),
	TRAP("truncate", trap_truncate), TRAP("truncate64", trap_truncate64),
	TRAP("statfs", trap_statfs), TRAP("fstatfs", trap_fstatfs),
	TRAP("statfs64", trap_statfs64), TRAP("fstatfs64", trap_fstatfs64),
	/* Path calls not emulated yet: contained, answered ENOSYS. */
	TRAP("getdents", trap_enosys),
	TRAP("inotify_init", trap_enosys), TRAP("inotify_init1", trap_enosys),

	/* Virtualized: programs, sockets, randomness. */
	TRAP("execve", trap_execve), TRAP("execveat", trap_execveat),
	TRAP("socket", trap_socket), TRAP("connect", trap_connect),
	TRAP("bind", trap_bind),
	RULES("socketpair", rules_socketpair, trap_socketpair,
	      "stream and seqpacket allowed; other types trapped"),
	RULES("sendto", rules_sendto, trap_sendto,
	      "no address: allowed; with an address: trapped"),
	TRAP("getrandom", trap_getrandom),
};

const size_t policy_len = sizeof(policy) / sizeof(policy[0]);

#define ADD(ctx, act, nr, ...)                                               \
	seccomp_rule_add((ctx), (act), (nr), __VA_ARGS__)

#define NVALS(a) (sizeof(a) / sizeof((a)[0]))
#define partition(ctx, nr, arg, vals, n, in, out)                            \
	scmp_partition(ctx, nr, arg, vals, n, in, out, NULL)

/*
 * ioctls by allowlist (scmp-rules.c). The program's fds are its own
 * memfds, pipes, socket stand-ins and pty (tamago-run gives it fresh stdio
 * and keeps the host's), plus what the user kept on purpose: no request
 * beyond those ordinary programs need, whatever the object.
 */
static int rules_ioctl(scmp_filter_ctx ctx, int nr, const struct seal *s)
{
	(void)s;
	return scmp_only(ctx, nr, 1, scmp_ok_ioctls, scmp_ok_ioctls_len,
			 SCMP_ACT_ALLOW, SCMP_ACT_ERRNO(ENOTTY), NULL);
}

/* F_SETOWN and friends would aim SIGIO (or any signal) at a host pid. */
static int rules_fcntl(scmp_filter_ctx ctx, int nr, const struct seal *s)
{
	(void)s;
	return partition(ctx, nr, 1, scmp_bad_fcntls, scmp_bad_fcntls_len,
			 SCMP_ACT_ERRNO(EPERM), SCMP_ACT_ALLOW);
}

/* Options that act on this process alone; the rest answer EINVAL. */
static int rules_prctl(scmp_filter_ctx ctx, int nr, const struct seal *s)
{
	static const uint32_t ok[] = {
		PR_SET_PDEATHSIG, PR_GET_PDEATHSIG, PR_GET_DUMPABLE,
		PR_SET_DUMPABLE, PR_SET_NAME, PR_GET_NAME, PR_GET_SECCOMP,
		PR_SET_SECCOMP, PR_CAPBSET_READ, PR_GET_KEEPCAPS,
		PR_GET_SECUREBITS, PR_GET_TIMERSLACK, PR_SET_TIMERSLACK,
		PR_SET_NO_NEW_PRIVS, PR_GET_NO_NEW_PRIVS,
		PR_GET_TID_ADDRESS, PR_SET_THP_DISABLE, PR_GET_THP_DISABLE,
		PR_GET_SPECULATION_CTRL, PR_SET_SPECULATION_CTRL,
		PR_CAP_AMBIENT, PR_SET_VMA, PR_GET_CHILD_SUBREAPER,
		PR_SET_CHILD_SUBREAPER,
	};

	(void)s;
	return partition(ctx, nr, 0, ok, NVALS(ok), SCMP_ACT_ALLOW,
			 SCMP_ACT_ERRNO(EINVAL));
}

static int rules_personality(scmp_filter_ctx ctx, int nr,
			     const struct seal *s)
{
	static const uint32_t ok[] = { 0xffffffffU, PER_LINUX };

	(void)s;
	return partition(ctx, nr, 0, ok, NVALS(ok), SCMP_ACT_ALLOW,
			 SCMP_ACT_ERRNO(EPERM));
}

/* See policy.h. */
int policy_own_pid(scmp_filter_ctx ctx, int nr, unsigned int arg,
		   const struct seal *s, uint32_t in, uint32_t out,
		   const struct scmp_arg_cmp *extra)
{
	const uint32_t own[] = { 0, (uint32_t)s->pid };

	if (s->pid_ns)
		return seccomp_rule_add_array(ctx, in, nr, extra ? 1 : 0,
					      extra);
	return scmp_only(ctx, nr, arg, own, 2, in, out, extra);
}

/* kill(pid), tgkill(tgid), tkill(tid), rt_(tg)sigqueueinfo(pid). */
static int rules_signal_a0(scmp_filter_ctx ctx, int nr, const struct seal *s)
{
	if (s->signals_scoped)
		return ADD(ctx, SCMP_ACT_ALLOW, nr, 0);
	return policy_own_pid(ctx, nr, 0, s, SCMP_ACT_ALLOW,
			      SCMP_ACT_ERRNO(EPERM), NULL);
}

/* The sched_* family, getsid, getpgid, get_robust_list: arg 0. */
static int rules_pid_a0(scmp_filter_ctx ctx, int nr, const struct seal *s)
{
	return policy_own_pid(ctx, nr, 0, s, SCMP_ACT_ALLOW,
			      SCMP_ACT_ERRNO(ESRCH), NULL);
}

/* setpgid(pid, pgid): both the sandbox's. */
static int rules_setpgid(scmp_filter_ctx ctx, int nr, const struct seal *s)
{
	const uint32_t own[] = { 0, (uint32_t)s->pid };
	size_t i;
	int r = 0;

	if (s->pid_ns)
		return ADD(ctx, SCMP_ACT_ALLOW, nr, 0);
	for (i = 0; r == 0 && i < 2; i++) {
		struct scmp_arg_cmp pid = SCMP_A0_64(SCMP_CMP_MASKED_EQ,
						     0xffffffffULL, own[i]);

		r = scmp_only(ctx, nr, 1, own, 2, SCMP_ACT_ALLOW,
			      SCMP_ACT_ERRNO(ESRCH), &pid);
	}
	if (r == 0)
		r = ADD(ctx, SCMP_ACT_ERRNO(ESRCH), nr, 1,
			SCMP_A0_64(SCMP_CMP_NE, own[0]));
	return r;
}

/*
 * (which, who) of getpriority and ioprio_get and their setters: the user
 * form reaches every process of a uid, host ones included; the process
 * and group forms name the sandbox's own; any other which is the
 * kernel's EINVAL.
 */
static int prio_split(scmp_filter_ctx ctx, int nr, const struct seal *s,
		      uint32_t proc, uint32_t pgrp, uint32_t user)
{
	const uint32_t known[] = { proc, pgrp, user };
	size_t i;
	int r = ADD(ctx, SCMP_ACT_ERRNO(EPERM), nr, 1,
		    SCMP_A0_64(SCMP_CMP_MASKED_EQ, 0xffffffffULL, user));

	for (i = 0; r == 0 && i < 2; i++) {
		struct scmp_arg_cmp which = SCMP_A0_64(SCMP_CMP_MASKED_EQ,
						       0xffffffffULL,
						       known[i]);

		r = policy_own_pid(ctx, nr, 1, s, SCMP_ACT_ALLOW,
				   SCMP_ACT_ERRNO(ESRCH), &which);
	}
	/* Any other which (the masked rules above come first). */
	if (r == 0)
		r = ADD(ctx, SCMP_ACT_ALLOW, nr, 1,
			SCMP_A0_64(SCMP_CMP_NE, proc));
	return r;
}

static int rules_prio(scmp_filter_ctx ctx, int nr, const struct seal *s)
{
	return prio_split(ctx, nr, s, PRIO_PROCESS, PRIO_PGRP, PRIO_USER);
}

/* The kernel's IOPRIO_WHO_PROCESS, _PGRP and _USER (linux/ioprio.h). */
static int rules_ioprio(scmp_filter_ctx ctx, int nr, const struct seal *s)
{
	return prio_split(ctx, nr, s, 1, 2, 3);
}

/*
 * Filters stack, and the stricter answer wins, but two filters that both
 * hand a call to a listener (SECCOMP_RET_USER_NOTIF) are decided by the
 * newer one's: a program's own listener could then let through, with
 * SECCOMP_USER_NOTIF_FLAG_CONTINUE, the fstat-with-a-path that tamago-
 * exec's first filter sends to the supervisor to refuse. No listeners.
 */
static int rules_seccomp(scmp_filter_ctx ctx, int nr, const struct seal *s)
{
	const uint64_t flag = SECCOMP_FILTER_FLAG_NEW_LISTENER;
	int r = ADD(ctx, SCMP_ACT_ERRNO(EPERM), nr, 1,
		    SCMP_A1_64(SCMP_CMP_MASKED_EQ, flag, flag));

	(void)s;
	if (r == 0)
		r = ADD(ctx, SCMP_ACT_ALLOW, nr, 1,
			SCMP_A1_64(SCMP_CMP_MASKED_EQ, flag, 0));
	return r;
}

/* capget's pid lies in memory, out of the filter's sight: without a pid
 * namespace the shim answers it (shim/cap.c). */
static int rules_capget(scmp_filter_ctx ctx, int nr, const struct seal *s)
{
	return ADD(ctx, s->pid_ns ? SCMP_ACT_ALLOW : SCMP_ACT_TRAP, nr, 0);
}

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
 * With a console handler (hooks/tamago.h), arg (an fd) equal to 1 or 2
 * meets act; any other value is allowed. The shim passes its own writes
 * to 1 and 2 tagged (arch/<arch>/filter.h), so they are allowed and not
 * seen. Where the tag rides in the fd's high half, comparing the fd in
 * full is enough; elsewhere the tag's argument is checked too. A program
 * that tags its own writes the same way goes unseen: the console handler
 * watches, it does not confine.
 */
static int console_split(scmp_filter_ctx ctx, int nr, unsigned int arg,
			 uint32_t act, const struct seal *s)
{
	const struct policy_arch *a = s->arch;
	struct scmp_arg_cmp tagged = SCMP_CMP64(a->pass_arg, SCMP_CMP_EQ,
						a->pass_tag);
	struct scmp_arg_cmp untagged = SCMP_CMP64(a->pass_arg, SCMP_CMP_NE,
						  a->pass_tag);
	uint64_t fd;
	int r;

	if (!s->console)
		return ADD(ctx, SCMP_ACT_ALLOW, nr, 0);
	r = ADD(ctx, SCMP_ACT_ALLOW, nr, 1, SCMP_CMP64(arg, SCMP_CMP_EQ, 0));
	for (fd = 1; fd <= 2 && r == 0; fd++) {
		struct scmp_arg_cmp is = SCMP_CMP64(arg, SCMP_CMP_EQ, fd);

		if (a->pass_arg == arg) {
			r = ADD(ctx, act, nr, 1, is);
			continue;
		}
		/* The tag's argument then holds nothing else. */
		r = ADD(ctx, act, nr, 2, is, untagged);
		if (r == 0)
			r = ADD(ctx, SCMP_ACT_ALLOW, nr, 2, is, tagged);
	}
	if (r == 0)
		r = ADD(ctx, SCMP_ACT_ALLOW, nr, 1,
			SCMP_CMP64(arg, SCMP_CMP_GT, 2));
	return r;
}

static int rules_console_write(scmp_filter_ctx ctx, int nr,
			       const struct seal *s)
{
	return console_split(ctx, nr, 0, SCMP_ACT_TRAP, s);
}

/* sendfile, splice, ... into 1 or 2: EINVAL, and programs fall back to
 * write, which the console handler sees. */
static int rules_console_out0(scmp_filter_ctx ctx, int nr,
			      const struct seal *s)
{
	return console_split(ctx, nr, 0, SCMP_ACT_ERRNO(EINVAL), s);
}

static int rules_console_out1(scmp_filter_ctx ctx, int nr,
			      const struct seal *s)
{
	return console_split(ctx, nr, 1, SCMP_ACT_ERRNO(EINVAL), s);
}

static int rules_console_out2(scmp_filter_ctx ctx, int nr,
			      const struct seal *s)
{
	return console_split(ctx, nr, 2, SCMP_ACT_ERRNO(EINVAL), s);
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

/*
 * utimensat(fd, NULL, ...) on the shim's own memfds sets the times the
 * kernel keeps for a regular file (fs/attr.c); any other use names a path
 * or a program fd and is emulated.
 */
static int rules_utimensat(scmp_filter_ctx ctx, int nr, const struct seal *s)
{
	int r = ADD(ctx, SCMP_ACT_ALLOW, nr, 2,
		    SCMP_A0_32(SCMP_CMP_GE, (uint32_t)s->band_base),
		    SCMP_A1(SCMP_CMP_EQ, 0));

	if (r == 0)
		r = ADD(ctx, SCMP_ACT_TRAP, nr, 1,
			SCMP_A0_32(SCMP_CMP_LT, (uint32_t)s->band_base));
	if (r == 0)
		r = ADD(ctx, SCMP_ACT_TRAP, nr, 2,
			SCMP_A0_32(SCMP_CMP_GE, (uint32_t)s->band_base),
			SCMP_A1(SCMP_CMP_NE, 0));
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
 * Tagged (arch/<arch>/filter.h): the shim asking the kernel about a socket
 * that is not a stand-in; any other call traps to the emulation. Where
 * the tag rides in the fd's high half (the kernel reads only the low
 * one), the untagged values lie below and above the tagged block; where
 * it has an argument of its own, that argument holds nothing else.
 */
static int rules_sockfd(scmp_filter_ctx ctx, int nr, const struct seal *s)
{
	const struct policy_arch *a = s->arch;
	unsigned int arg = a->pass_arg;
	int r;

	r = ADD(ctx, SCMP_ACT_ALLOW, nr, 1,
		SCMP_CMP64(arg, SCMP_CMP_MASKED_EQ, a->pass_mask,
			   a->pass_tag));
	if (r == 0 && arg != 0)
		return ADD(ctx, SCMP_ACT_TRAP, nr, 1,
			   SCMP_CMP64(arg, SCMP_CMP_NE, a->pass_tag));
	if (r == 0)
		r = ADD(ctx, SCMP_ACT_TRAP, nr, 1,
			SCMP_CMP64(arg, SCMP_CMP_LT, a->pass_tag));
	if (r == 0)
		r = ADD(ctx, SCMP_ACT_TRAP, nr, 1,
			SCMP_CMP64(arg, SCMP_CMP_GT,
				   a->pass_tag | ~a->pass_mask));
	return r;
}

/*
 * RLIMIT_NOFILE is virtual (the band); other limits, the process's own
 * (0 or its pid) only: another process's limits are not the sandbox's to
 * read or change, even in its pid namespace (a child's band).
 */
static int rules_prlimit64(scmp_filter_ctx ctx, int nr, const struct seal *s)
{
	static const uint32_t nofile = RLIMIT_NOFILE;
	const uint32_t own[] = { 0, (uint32_t)s->pid };
	size_t i;
	int r = 0;

	for (i = 0; r == 0 && i < 2; i++) {
		struct scmp_arg_cmp pid = SCMP_A0_64(SCMP_CMP_MASKED_EQ,
						     0xffffffffULL, own[i]);

		r = scmp_only(ctx, nr, 1, &nofile, 1, SCMP_ACT_TRAP,
			      SCMP_ACT_ALLOW, &pid);
	}
	if (r == 0)
		r = ADD(ctx, SCMP_ACT_ERRNO(EPERM), nr, 1,
			SCMP_A0_64(SCMP_CMP_NE, own[0]));
	return r;
}

static int rules_rlimit(scmp_filter_ctx ctx, int nr, const struct seal *s)
{
	static const uint32_t nofile = RLIMIT_NOFILE;

	(void)s;
	return partition(ctx, nr, 0, &nofile, 1, SCMP_ACT_TRAP,
			 SCMP_ACT_ALLOW);
}

/* The kernel reads the signal as an int: compare the low 32 bits only. */
static int rules_sigaction(scmp_filter_ctx ctx, int nr, const struct seal *s)
{
	static const uint32_t sigsys = SIGSYS;

	(void)s;
	return partition(ctx, nr, 0, &sigsys, 1, SCMP_ACT_ERRNO(EPERM),
			 SCMP_ACT_ALLOW);
}

/* Threads and fork, but no new namespaces (those are killed). */
static int rules_clone(scmp_filter_ctx ctx, int nr, const struct seal *s)
{
	(void)s;
	return ADD(ctx, SCMP_ACT_ALLOW, nr, 1,
		   SCMP_A0_64(SCMP_CMP_MASKED_EQ, CLONE_NS_FLAGS, 0));
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

/*
 * A test build (meson setup -Doversized_filter=true) pads the filter past
 * the kernel's limit of BPF_MAXINSNS instructions, so that loading it
 * fails: the suites that need the filter must then fail, not skip. The
 * padding is on a call no row names; placed first (priority 255), it
 * spares libseccomp long jumps over it, which would cost seconds.
 */
static int pad_filter(scmp_filter_ctx ctx, const struct seal *s)
{
	const uint64_t pad = TAMAGO_FILTER_PAD;
	uint64_t i;
	int nr, r;

	if (!pad || seccomp_syscall_resolve_name_arch(s->arch->audit,
						      "kexec_load") < 0)
		return 0;
	nr = seccomp_syscall_resolve_name("kexec_load");
	if (nr == __NR_SCMP_ERROR)
		return 0;
	r = seccomp_syscall_priority(ctx, nr, 255);
	/* Four distinct 64-bit values a rule: nothing for libseccomp to
	 * share, about 16 instructions each. */
	for (i = 0; r == 0 && i < pad; i++)
		r = ADD(ctx, SCMP_ACT_ERRNO(EPERM), nr, 4,
			SCMP_A0_64(SCMP_CMP_EQ, i << 32 | i),
			SCMP_A1_64(SCMP_CMP_EQ, i << 32 | (i + 1)),
			SCMP_A2_64(SCMP_CMP_EQ, i << 32 | (i + 2)),
			SCMP_A3_64(SCMP_CMP_EQ, i << 32 | (i + 3)));
	return r;
}

int policy_add_rules(scmp_filter_ctx ctx, const struct seal *s,
		     const char **bad)
{
	size_t i;
	int r = 0;

	for (i = 0; r == 0 && i < policy_len; i++) {
		const char *name = policy[i].name;
		int nr;

		if (seccomp_syscall_resolve_name_arch(s->arch->audit, name) < 0)
			continue;
		/*
		 * libseccomp takes numbers as the build machine's and maps
		 * them to the context's architecture by name (a name the
		 * build machine lacks has a pseudo number).
		 */
		nr = seccomp_syscall_resolve_name(name);
		r = nr == __NR_SCMP_ERROR ? -ENOENT :
					    add_entry(ctx, &policy[i], nr, s);
		if (r < 0)
			*bad = name;
	}
	if (r == 0) {
		r = pad_filter(ctx, s);
		if (r < 0)
			*bad = "(padding)";
	}
	return r;
}
