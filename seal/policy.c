/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The filter, as data: every system call the sandbox lets through, traps,
 * or answers with an errno is a row of policy[]; everything else is killed
 * by the kernel (default action kill-process). The table is read at build
 * time (gen-filter.c): names are resolved by libseccomp for each target
 * architecture, and a name an architecture lacks is skipped there.
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
 * setting the clock or the host name, the set*id family but for calls
 * that change no id (rules_uid*, rules_gid*), setgroups, capset,
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
#define STORE "on the store's fd: allowed (the store's door); else trapped"
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
static int rules_store_a0(scmp_filter_ctx, int, const struct seal *);
static int rules_mknodat(scmp_filter_ctx, int, const struct seal *);
static int rules_linkat(scmp_filter_ctx, int, const struct seal *);
static int rules_execveat(scmp_filter_ctx, int, const struct seal *);
static int rules_socketpair(scmp_filter_ctx, int, const struct seal *);
static int rules_sendto(scmp_filter_ctx, int, const struct seal *);
static int rules_sockfd(scmp_filter_ctx, int, const struct seal *);
static int rules_prlimit64(scmp_filter_ctx, int, const struct seal *);
static int rules_rlimit(scmp_filter_ctx, int, const struct seal *);
static int rules_sigaction(scmp_filter_ctx, int, const struct seal *);
static int rules_sigprocmask(scmp_filter_ctx, int, const struct seal *);
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
static int rules_uid1(scmp_filter_ctx, int, const struct seal *);
static int rules_uid2(scmp_filter_ctx, int, const struct seal *);
static int rules_uid3(scmp_filter_ctx, int, const struct seal *);
static int rules_gid1(scmp_filter_ctx, int, const struct seal *);
static int rules_gid2(scmp_filter_ctx, int, const struct seal *);
static int rules_gid3(scmp_filter_ctx, int, const struct seal *);
#define SAME_ID                                                              \
	"each id -1 or the process's own (a no-op): allowed; else killed"

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
#define DET "in a reproducible run (TAMAGO_TIME, TAMAGO_SEED): trapped; " \
	"else allowed"
#define DET_TAGGED                                                           \
	"in a reproducible run: tagged by the shim (the host's clock) "      \
	"allowed, else trapped; else allowed"
static int rules_det(scmp_filter_ctx, int, const struct seal *);
static int rules_det_tagged(scmp_filter_ctx, int, const struct seal *);

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
	RULES("rt_sigaction", rules_sigaction, trap_rt_sigaction,
	      "SIGSYS: the loader's own (tagged) allowed, the program's "
	      "trapped (its disposition kept, trap/sigsys.c); else allowed"),
	RULES("rt_sigprocmask", rules_sigprocmask, trap_rt_sigprocmask,
	      "SIG_UNBLOCK and the cores' own (tagged) allowed; any other "
	      "trapped, SIGSYS left open (trap/sigsys.c)"),
	ALLOW("sigaction"), ALLOW("sigprocmask"),
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
	/*
	 * The set*id family changes no id: posix_spawn's RESETIDS calls
	 * seteuid(getuid()) in the child (GNU make spawns so). A call that
	 * would change one meets the default action.
	 */
	RULES("setuid", rules_uid1, NULL, SAME_ID),
	RULES("setuid32", rules_uid1, NULL, SAME_ID),
	RULES("setfsuid", rules_uid1, NULL, SAME_ID),
	RULES("setfsuid32", rules_uid1, NULL, SAME_ID),
	RULES("setreuid", rules_uid2, NULL, SAME_ID),
	RULES("setreuid32", rules_uid2, NULL, SAME_ID),
	RULES("setresuid", rules_uid3, NULL, SAME_ID),
	RULES("setresuid32", rules_uid3, NULL, SAME_ID),
	RULES("setgid", rules_gid1, NULL, SAME_ID),
	RULES("setgid32", rules_gid1, NULL, SAME_ID),
	RULES("setfsgid", rules_gid1, NULL, SAME_ID),
	RULES("setfsgid32", rules_gid1, NULL, SAME_ID),
	RULES("setregid", rules_gid2, NULL, SAME_ID),
	RULES("setregid32", rules_gid2, NULL, SAME_ID),
	RULES("setresgid", rules_gid3, NULL, SAME_ID),
	RULES("setresgid32", rules_gid3, NULL, SAME_ID),
	RULES("uname", rules_det, trap_uname, DET),
	ALLOW("getrusage"), ALLOW("times"),
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

	/* Time (the vDSO usually answers without a call; under the virtual
	 * clock the loader hides it and these trap). */
	RULES("clock_gettime", rules_det_tagged, trap_clock_gettime,
	      DET_TAGGED),
	RULES("clock_gettime64", rules_det_tagged, trap_clock_gettime64,
	      DET_TAGGED),
	RULES("gettimeofday", rules_det, trap_gettimeofday, DET),
	RULES("time", rules_det, trap_time, DET),
	/* Go's runtime naps by raw nanosleep (sysmon's usleep): warped,
	 * it would spin and move the clock by the host's timing. glibc's
	 * nanosleep is clock_nanosleep. */
	ALLOW("nanosleep"),
	RULES("clock_nanosleep", rules_det_tagged, trap_clock_nanosleep,
	      DET_TAGGED),
	RULES("clock_nanosleep_time64", rules_det_tagged,
	      trap_clock_nanosleep_time64, DET_TAGGED),
	ALLOW("clock_getres"), ALLOW("clock_getres_time64"),
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
	      "on the store's fd: allowed (Landlock and the root confine it "
	      "to the store); on the shim's /proc fd without O_PATH: "
	      "allowed (Landlock confines it to the store and pipes); else "
	      "trapped"),
	ERRNO("openat2", ENOSYS),
	TRAP("creat", trap_creat),
	TRAP("stat", trap_stat), TRAP("lstat", trap_lstat),
	TRAP("newfstatat", trap_newfstatat), TRAP("statx", trap_statx),
	/* 32-bit arm's: struct stat64 (arch_kstat there). */
	TRAP("stat64", trap_stat64), TRAP("lstat64", trap_lstat64),
	TRAP("fstatat64", trap_newfstatat),
	TRAP("access", trap_access), TRAP("faccessat", trap_faccessat),
	TRAP("faccessat2", trap_faccessat2),
	TRAP("mkdir", trap_mkdir),
	RULES("mkdirat", rules_store_a0, trap_mkdirat, STORE),
	TRAP("rmdir", trap_rmdir), TRAP("unlink", trap_unlink),
	RULES("unlinkat", rules_store_a0, trap_unlinkat, STORE),
	TRAP("rename", trap_rename),
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
	TRAP("link", trap_link),
	RULES("linkat", rules_linkat, trap_linkat,
	      "from the shim's /proc fd into the store's fd: allowed (a "
	      "deleted file named again); else trapped"),
	TRAP("symlink", trap_symlink), TRAP("symlinkat", trap_symlinkat),
	TRAP("mknod", trap_mknod),
	RULES("mknodat", rules_mknodat, trap_mknodat,
	      "a FIFO on the store's fd: allowed; else trapped"),
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
	TRAP("execve", trap_execve),
	RULES("execveat", rules_execveat, trap_execveat,
	      "of the loader's fd with AT_EMPTY_PATH: allowed; else trapped "
	      "(every exec goes through the loader)"),
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

/*
 * A set*id call whose n ids are each -1 (keep) or id, the one the process
 * has as real, effective and saved id: one rule per combination (each
 * rule compares each argument once). Ids are 32 bits wide, as the kernel
 * reads them. When the process's ids differ, id is -1 and only the call
 * that keeps every id passes. The rules have the same shape either way:
 * the id is patched in at start-up (seal/filter.h).
 */
static int same_id(scmp_filter_ctx ctx, int nr, long id, unsigned int n)
{
	unsigned int combo, i;
	int r = 0;

	for (combo = 0; r == 0 && combo < (1U << n); combo++) {
		struct scmp_arg_cmp c[3];

		for (i = 0; i < n; i++)
			c[i] = (struct scmp_arg_cmp){
				.arg = i, .op = SCMP_CMP_MASKED_EQ,
				.datum_a = 0xffffffffULL,
				.datum_b = (combo & (1U << i)) ?
						   (uint32_t)id : 0xffffffffULL,
			};
		r = seccomp_rule_add_array(ctx, SCMP_ACT_ALLOW, nr, n, c);
	}
	return r;
}

static int rules_uid1(scmp_filter_ctx ctx, int nr, const struct seal *s)
{
	return same_id(ctx, nr, s->uid, 1);
}

static int rules_uid2(scmp_filter_ctx ctx, int nr, const struct seal *s)
{
	return same_id(ctx, nr, s->uid, 2);
}

static int rules_uid3(scmp_filter_ctx ctx, int nr, const struct seal *s)
{
	return same_id(ctx, nr, s->uid, 3);
}

static int rules_gid1(scmp_filter_ctx ctx, int nr, const struct seal *s)
{
	return same_id(ctx, nr, s->gid, 1);
}

static int rules_gid2(scmp_filter_ctx ctx, int nr, const struct seal *s)
{
	return same_id(ctx, nr, s->gid, 2);
}

static int rules_gid3(scmp_filter_ctx ctx, int nr, const struct seal *s)
{
	return same_id(ctx, nr, s->gid, 3);
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
 * The store's door (fs/store.c): the core opens, makes and removes its
 * objects by name on the store's fd. Landlock grants nothing beyond the
 * store, and where it could the shim made the store the process's root,
 * so that an absolute path given with that fd names nothing of the host.
 * Any other dirfd is emulated.
 */
static int rules_store_a0(scmp_filter_ctx ctx, int nr, const struct seal *s)
{
	uint32_t store = (uint32_t)s->store_fd;

	/* The fd compared whole: it is patched in at start-up. */
	return scmp_only(ctx, nr, 0, &store, 1, SCMP_ACT_ALLOW, SCMP_ACT_TRAP,
			 NULL);
}

/*
 * openat: the store's door, and the shim's /proc fd, which reopens a
 * program's fd of a deleted file (Landlock confines that door to the
 * store and pipes), never as O_PATH. Anything else is emulated. The fds
 * are patched in at start-up, so each is compared whole, and the rules
 * must not overlap (libseccomp's order among rules on different values
 * of one argument is its own): the /proc fd sits right above the store's
 * (fs/store.c), and the rest lies below the one or above the other.
 */
static int rules_openat(scmp_filter_ctx ctx, int nr, const struct seal *s)
{
	uint32_t store = (uint32_t)s->store_fd, proc = (uint32_t)s->proc_fd;
	int r;

	if (s->proc_fd < 0)
		return rules_store_a0(ctx, nr, s);
	r = ADD(ctx, SCMP_ACT_ALLOW, nr, 1, SCMP_A0_32(SCMP_CMP_EQ, store));
	if (r == 0)
		r = ADD(ctx, SCMP_ACT_ALLOW, nr, 2,
			SCMP_A0_32(SCMP_CMP_EQ, proc),
			SCMP_A2_32(SCMP_CMP_MASKED_EQ, O_PATH, 0));
	if (r == 0)
		r = ADD(ctx, SCMP_ACT_TRAP, nr, 2,
			SCMP_A0_32(SCMP_CMP_EQ, proc),
			SCMP_A2_32(SCMP_CMP_MASKED_EQ, O_PATH, O_PATH));
	if (r == 0)
		r = ADD(ctx, SCMP_ACT_TRAP, nr, 1,
			SCMP_A0_32(SCMP_CMP_LT, store));
	if (r == 0)
		r = ADD(ctx, SCMP_ACT_TRAP, nr, 1,
			SCMP_A0_32(SCMP_CMP_GT, proc));
	return r;
}

/* mknodat on the store's fd makes FIFOs only; the rest is emulated. */
static int rules_mknodat(scmp_filter_ctx ctx, int nr, const struct seal *s)
{
	int r = ADD(ctx, SCMP_ACT_ALLOW, nr, 2,
		    SCMP_A0_32(SCMP_CMP_EQ, (uint32_t)s->store_fd),
		    SCMP_A2_32(SCMP_CMP_MASKED_EQ, S_IFMT, S_IFIFO));

	if (r == 0)
		r = ADD(ctx, SCMP_ACT_TRAP, nr, 1,
			SCMP_A0_32(SCMP_CMP_NE, (uint32_t)s->store_fd));
	if (r == 0)
		r = ADD(ctx, SCMP_ACT_TRAP, nr, 2,
			SCMP_A0_32(SCMP_CMP_EQ, (uint32_t)s->store_fd),
			SCMP_A2_32(SCMP_CMP_MASKED_EQ, S_IFMT, 0));
	return r;
}

/* linkat(/proc fd, "self/fd/N", store fd, name): a deleted file of the
 * program's named again in the store (fs/store.c); the rest emulated. */
static int rules_linkat(scmp_filter_ctx ctx, int nr, const struct seal *s)
{
	int r;

	if (s->proc_fd < 0)
		return ADD(ctx, SCMP_ACT_TRAP, nr, 0);
	r = ADD(ctx, SCMP_ACT_ALLOW, nr, 2,
		SCMP_A0_32(SCMP_CMP_EQ, (uint32_t)s->proc_fd),
		SCMP_A2_32(SCMP_CMP_EQ, (uint32_t)s->store_fd));
	if (r == 0)
		r = ADD(ctx, SCMP_ACT_TRAP, nr, 1,
			SCMP_A0_32(SCMP_CMP_NE, (uint32_t)s->proc_fd));
	if (r == 0)
		r = ADD(ctx, SCMP_ACT_TRAP, nr, 2,
			SCMP_A0_32(SCMP_CMP_EQ, (uint32_t)s->proc_fd),
			SCMP_A2_32(SCMP_CMP_NE, (uint32_t)s->store_fd));
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
 * In a reproducible run the virtual clock (TAMAGO_TIME) answers every
 * clock read and sleep, also raw ones: the loader hides the vDSO, so
 * glibc and Go fall back to these calls, and the trap path serves them
 * (with the host's clock when only TAMAGO_SEED is set); uname answers
 * with the sandbox's host name. Otherwise they are plain allowed rows
 * (the action cache makes them free).
 */
static int rules_det(scmp_filter_ctx ctx, int nr, const struct seal *s)
{
	return ADD(ctx, s->det ? SCMP_ACT_TRAP : SCMP_ACT_ALLOW, nr, 0);
}

/* The same, but the shim reads the host's clock (a running virtual
 * clock) and sleeps in it by a tagged call, which passes. A program
 * that tags its own reads sees the host's clock: the virtual clock
 * makes runs reproducible, it does not confine. */
static int rules_det_tagged(scmp_filter_ctx ctx, int nr,
			       const struct seal *s)
{
	if (!s->det)
		return ADD(ctx, SCMP_ACT_ALLOW, nr, 0);
	return rules_sockfd(ctx, nr, s);
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

/*
 * Argument 0 equal to value and tagged as the cores' own call (sys_pass:
 * arch/<arch>/filter.h says where the tag rides) gets tagged_act; equal
 * and untagged, plain_act. Where the tag rides in argument 0's high half
 * (the kernel reads an int there), the tagged value is one 64-bit
 * constant, tested before any rule on the low half (libseccomp tests the
 * exact value first), and plain_act is left to the caller's rule on the
 * low half; elsewhere the tag's own argument is checked in both rules.
 */
static int tagged_value(scmp_filter_ctx ctx, int nr, const struct seal *s,
			uint32_t value, uint32_t tagged_act, uint32_t plain_act)
{
	const struct policy_arch *a = s->arch;
	int r;

	if (a->pass_arg == 0)
		return ADD(ctx, tagged_act, nr, 1,
			   SCMP_A0_64(SCMP_CMP_EQ, a->pass_tag | value));
	r = ADD(ctx, tagged_act, nr, 2, SCMP_A0_32(SCMP_CMP_EQ, value),
		SCMP_CMP64(a->pass_arg, SCMP_CMP_EQ, a->pass_tag));
	if (r == 0)
		r = ADD(ctx, plain_act, nr, 2, SCMP_A0_32(SCMP_CMP_EQ, value),
			SCMP_CMP64(a->pass_arg, SCMP_CMP_NE, a->pass_tag));
	return r;
}

/*
 * SIGSYS is the trap path's: a program's rt_sigaction of it is trapped and
 * its disposition kept there (trap/sigsys.c), while the kernel's stays the
 * loader's, which installs it tagged (tagged_value). A program that does
 * the same takes SIGSYS for itself and loses its own emulation, nothing
 * more: trapped calls never run. Other signals are the program's.
 */
static int rules_sigaction(scmp_filter_ctx ctx, int nr, const struct seal *s)
{
	static const uint32_t sigsys = SIGSYS;
	bool high = s->arch->pass_arg == 0;
	int r;

	r = tagged_value(ctx, nr, s, SIGSYS, SCMP_ACT_ALLOW, SCMP_ACT_TRAP);
	if (r == 0)
		r = partition(ctx, nr, 0, &sigsys, 1,
			      high ? SCMP_ACT_TRAP : SCMP_PART_SKIP,
			      SCMP_ACT_ALLOW);
	return r;
}

/*
 * A trapped call with SIGSYS blocked is fatal (the kernel resets the
 * handler and kills), and glibc blocks every signal around a vfork child
 * (posix_spawn), as Go's runtime does around clone. So a mask that may
 * block is trapped and set on the handler's saved mask without SIGSYS
 * (trap/sigsys.c); the cores' own mask changes, which filter SIGSYS out
 * themselves, pass tagged (sys_sigmask). SIG_UNBLOCK cannot block
 * anything. A query with another how is trapped too: the filter cannot
 * tell a null set from the rest in one comparison it orders reliably.
 */
static int rules_sigprocmask(scmp_filter_ctx ctx, int nr,
			     const struct seal *s)
{
	static const uint32_t hows[] = { SIG_BLOCK, SIG_UNBLOCK, SIG_SETMASK };
	static const uint32_t unblock = SIG_UNBLOCK;
	size_t i;
	int r = 0;

	for (i = 0; i < NVALS(hows) && r == 0; i++)
		if (hows[i] != SIG_UNBLOCK || s->arch->pass_arg == 0)
			r = tagged_value(ctx, nr, s, hows[i], SCMP_ACT_ALLOW,
					 SCMP_ACT_TRAP);
	if (r || s->arch->pass_arg == 0)
		return r ? r : partition(ctx, nr, 0, &unblock, 1,
					 SCMP_ACT_ALLOW, SCMP_ACT_TRAP);
	/* The tag's own argument: SIG_UNBLOCK whatever it holds, the two
	 * other hows by tagged_value, anything else trapped. */
	r = ADD(ctx, SCMP_ACT_ALLOW, nr, 1,
		SCMP_A0_32(SCMP_CMP_EQ, SIG_UNBLOCK));
	if (r == 0)
		r = partition(ctx, nr, 0, hows, NVALS(hows), SCMP_PART_SKIP,
			      SCMP_ACT_TRAP);
	return r;
}

/*
 * Every exec of the sandbox is of the loader (loader/), which maps the
 * program after it: execveat(loader_fd, "", ..., AT_EMPTY_PATH). Any other
 * exec is emulated (fs/exec.c), which ends in that one.
 */
static int rules_execveat(scmp_filter_ctx ctx, int nr, const struct seal *s)
{
	uint32_t loader = (uint32_t)s->loader_fd;
	int r;

	if (s->loader_fd < 0)
		return ADD(ctx, SCMP_ACT_TRAP, nr, 0);
	r = ADD(ctx, SCMP_ACT_ALLOW, nr, 2, SCMP_A0_32(SCMP_CMP_EQ, loader),
		SCMP_A4_32(SCMP_CMP_EQ, AT_EMPTY_PATH));
	if (r == 0)
		r = ADD(ctx, SCMP_ACT_TRAP, nr, 1,
			SCMP_A0_32(SCMP_CMP_NE, loader));
	if (r == 0)
		r = ADD(ctx, SCMP_ACT_TRAP, nr, 2, SCMP_A0_32(SCMP_CMP_EQ, loader),
			SCMP_A4_32(SCMP_CMP_NE, AT_EMPTY_PATH));
	return r;
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
