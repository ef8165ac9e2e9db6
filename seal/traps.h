/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The trap ids: each row of the filter's table (policy.c) that traps
 * names its emulation by one of these, not by a function, so the table is
 * data that the build-time generator (gen-filter.c) can read without the
 * shim. The loader's trap path dispatches by the row's function name
 * (tools/traps.py, trap/table.c). A new trapped row adds its decoder here.
 */
#ifndef TAMAGO_TRAPS_H
#define TAMAGO_TRAPS_H

#define TRAP_LIST(X)                                                         \
	X(trap_console_write)                                                \
	X(trap_console_writev)                                               \
	X(trap_console_pwrite64)                                             \
	X(trap_console_pwritev)                                              \
	X(trap_console_pwritev2)                                             \
	X(trap_close_range)                                                  \
	X(trap_prlimit64)                                                    \
	X(trap_getrlimit)                                                    \
	X(trap_capget)                                                       \
	X(trap_setrlimit)                                                    \
	X(trap_getsockname)                                                  \
	X(trap_getpeername)                                                  \
	X(trap_getsockopt)                                                   \
	X(trap_setsockopt)                                                   \
	X(trap_listen)                                                       \
	X(trap_accept)                                                       \
	X(trap_accept4)                                                      \
	X(trap_open)                                                         \
	X(trap_openat)                                                       \
	X(trap_creat)                                                        \
	X(trap_stat)                                                         \
	X(trap_lstat)                                                        \
	X(trap_newfstatat)                                                   \
	X(trap_stat64)                                                       \
	X(trap_lstat64)                                                      \
	X(trap_statx)                                                        \
	X(trap_access)                                                       \
	X(trap_faccessat)                                                    \
	X(trap_faccessat2)                                                   \
	X(trap_mkdir)                                                        \
	X(trap_mkdirat)                                                      \
	X(trap_rmdir)                                                        \
	X(trap_unlink)                                                       \
	X(trap_unlinkat)                                                     \
	X(trap_rename)                                                       \
	X(trap_renameat)                                                     \
	X(trap_renameat2)                                                    \
	X(trap_readlink)                                                     \
	X(trap_readlinkat)                                                   \
	X(trap_getdents64)                                                   \
	X(trap_getcwd)                                                       \
	X(trap_chdir)                                                        \
	X(trap_fchdir)                                                       \
	X(trap_umask)                                                        \
	X(trap_xattr_path)                                                   \
	X(trap_lxattr_path)                                                  \
	X(trap_xattr_fd)                                                     \
	X(trap_link)                                                         \
	X(trap_linkat)                                                       \
	X(trap_symlink)                                                      \
	X(trap_symlinkat)                                                    \
	X(trap_mknod)                                                        \
	X(trap_mknodat)                                                      \
	X(trap_chmod)                                                        \
	X(trap_fchmod)                                                       \
	X(trap_fchmodat)                                                     \
	X(trap_fchmodat2)                                                    \
	X(trap_chown)                                                        \
	X(trap_lchown)                                                       \
	X(trap_fchown)                                                       \
	X(trap_fchownat)                                                     \
	X(trap_utime)                                                        \
	X(trap_utimes)                                                       \
	X(trap_futimesat)                                                    \
	X(trap_utimensat)                                                    \
	X(trap_truncate)                                                     \
	X(trap_truncate64)                                                   \
	X(trap_statfs)                                                       \
	X(trap_fstatfs)                                                      \
	X(trap_statfs64)                                                     \
	X(trap_fstatfs64)                                                    \
	X(trap_enosys)                                                       \
	X(trap_execve)                                                       \
	X(trap_execveat)                                                     \
	X(trap_socket)                                                       \
	X(trap_connect)                                                      \
	X(trap_bind)                                                         \
	X(trap_socketpair)                                                   \
	X(trap_sendto)                                                       \
	X(trap_getrandom)                                                     \
	X(trap_clock_gettime)                                                 \
	X(trap_clock_gettime64)                                               \
	X(trap_gettimeofday)                                                  \
	X(trap_time)                                                          \
	X(trap_clock_nanosleep)                                               \
	X(trap_clock_nanosleep_time64)                                        \
	X(trap_uname)                                                         \
	X(trap_rt_sigaction)                                                 \
	X(trap_rt_sigprocmask)

enum trap_id {
	TRAP_NONE,
#define TRAP_ENUM(fn) TRAP_ID_##fn,
	TRAP_LIST(TRAP_ENUM)
#undef TRAP_ENUM
	TRAP_COUNT
};

#endif
