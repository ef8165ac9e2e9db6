/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The trap path: SIGSYS from the filter's SECCOMP_RET_TRAP, decoded and
 * served by the same core functions as the libc overrides. It lives in
 * the loader (loader/), which installs it before a program's first
 * instruction, in every process of the sandbox.
 */
#ifndef TAMAGO_TRAP_H
#define TAMAGO_TRAP_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/api.h"

/* A trapped call's emulation: decoded raw arguments in, value or -errno. */
typedef long (*trap_fn)(const long *a);

/* table.c: the emulation of trapped call nr, and its name; NULL if none. */
trap_fn trap_lookup(long nr, const char **name);

/* What a trapped call made outside libc meets (TAMAGO_RAW). */
enum raw_mode { RAW_KILL, RAW_EMULATE, RAW_LOG };

/*
 * sigsys.c: installs the handler (0 or -errno). raw: this process's rule
 * for calls made outside libc; until the shim says where libc is
 * (trap_shim_started), every trapped call is served, as in a program with
 * no libc at all (a static one).
 */
int trap_init(enum raw_mode raw);
void trap_shim_started(const struct core_shim *s);

/* report.c: "raw syscall openat(AT_FDCWD, ...) at 0x... (obj+0x...)". */
void report_raw(const char *verb, const char *name, long nr, const long *a,
		unsigned long pc, const char *tail);

/* The trap decoders, one family per file. */
long trap_open(const long *a);
long trap_openat(const long *a);
long trap_creat(const long *a);
long trap_stat(const long *a);
long trap_lstat(const long *a);
/* 32-bit arm's stat64, lstat64, truncate64, statfs64, fstatfs64. */
long trap_stat64(const long *a);
long trap_lstat64(const long *a);
long trap_newfstatat(const long *a);
long trap_statx(const long *a);
long trap_access(const long *a);
long trap_faccessat(const long *a);
long trap_faccessat2(const long *a);
long trap_mkdir(const long *a);
long trap_mkdirat(const long *a);
long trap_rmdir(const long *a);
long trap_unlink(const long *a);
long trap_unlinkat(const long *a);
long trap_rename(const long *a);
long trap_renameat(const long *a);
long trap_renameat2(const long *a);
long trap_readlink(const long *a);
long trap_readlinkat(const long *a);
long trap_getdents64(const long *a);
long trap_getcwd(const long *a);
long trap_chdir(const long *a);
long trap_fchdir(const long *a);
long trap_umask(const long *a);
long trap_symlink(const long *a);
long trap_symlinkat(const long *a);
long trap_link(const long *a);
long trap_linkat(const long *a);
long trap_mknod(const long *a);
long trap_mknodat(const long *a);
long trap_chmod(const long *a);
long trap_fchmod(const long *a);
long trap_fchmodat(const long *a);
long trap_fchmodat2(const long *a);
long trap_chown(const long *a);
long trap_lchown(const long *a);
long trap_fchown(const long *a);
long trap_fchownat(const long *a);
long trap_utimensat(const long *a);
long trap_utimes(const long *a);
long trap_futimesat(const long *a);
long trap_utime(const long *a);
long trap_truncate(const long *a);
long trap_truncate64(const long *a);
long trap_statfs(const long *a);
long trap_fstatfs(const long *a);
long trap_statfs64(const long *a);
long trap_fstatfs64(const long *a);
long trap_socket(const long *a);
long trap_socketpair(const long *a);
long trap_connect(const long *a);
long trap_bind(const long *a);
long trap_sendto(const long *a);
long trap_listen(const long *a);
long trap_accept(const long *a);
long trap_accept4(const long *a);
long trap_getsockname(const long *a);
long trap_getpeername(const long *a);
long trap_getsockopt(const long *a);
long trap_setsockopt(const long *a);
long trap_getrandom(const long *a);
/* time.c: under the virtual clock. */
long trap_clock_gettime(const long *a);
long trap_clock_gettime64(const long *a);
long trap_gettimeofday(const long *a);
long trap_time(const long *a);
long trap_clock_nanosleep(const long *a);
long trap_clock_nanosleep_time64(const long *a);
long trap_uname(const long *a);
long trap_prlimit64(const long *a);
/* cap.c: capget of the process itself, without a pid namespace. */
long trap_capget(const long *a);
long trap_getrlimit(const long *a);
long trap_setrlimit(const long *a);
long trap_close_range(const long *a);
long trap_execve(const long *a);
long trap_execveat(const long *a);
long trap_xattr_path(const long *a);
long trap_lxattr_path(const long *a);
long trap_xattr_fd(const long *a);
long trap_enosys(const long *a);
/* console.c: writes to fds 1 and 2 under a console handler. */
long trap_console_write(const long *a);
long trap_console_writev(const long *a);
long trap_console_pwrite64(const long *a);
long trap_console_pwritev(const long *a);
long trap_console_pwritev2(const long *a);
/* Is fn one of them (served for raw calls too: writing is no way out)? */
bool console_serves_raw(trap_fn fn);
/* sigsys.c: rt_sigaction of SIGSYS by the program (its disposition is
 * kept; the kernel's stays the loader's). */
long trap_rt_sigaction(const long *a);
/* rt_sigprocmask that may block: served on the handler's saved mask
 * (sigsys.c, which calls it with the context). */
long trap_rt_sigprocmask(const long *a);


#endif
