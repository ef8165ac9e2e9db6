/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The cores' face to the shared object. In a sandboxed process the cores
 * live once, in the loader (loader/), which maps the program and serves
 * the trap path; the shared object (shim/) finds this table through the
 * auxiliary vector (AT_TAMAGO) and its libc overrides call the cores
 * through it, so that both paths share one copy of every per-process
 * state (working directory, umask, caches) and the lock.
 *
 * CORE_API(X) and CORE_API_VOID(X) list each entry as X(return type,
 * name, (parameters), (arguments)); shim/api.c makes a function of each
 * name that calls the table, so the overrides call fs_openat() and the
 * like as before.
 */
#ifndef TAMAGO_API_H
#define TAMAGO_API_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>

#include "hooks/tamago.h"

/* The auxiliary vector entry whose value is the table's address. */
#define AT_TAMAGO 0x54414d47

/* Bumped with every change of the table's layout. */
#define CORE_API_VERSION 2

struct core_config;
struct rlimit;
struct statfs64;
struct statx;

/* What the shim tells the core once it runs (core_api.shim_started). */
struct core_shim {
	/* This process's libc and loader text: trapped calls from there
	 * are libc's (raw=kill judges the others). */
	unsigned long text_lo[16], text_hi[16];
	int ntext;
	/* The calling thread's kernel id, cached per thread while it is in
	 * the shim (a system call otherwise). */
	uint32_t (*tid)(void);
};

#define CORE_API(X)                                                          \
	X(int, fs_openat, (int dirfd, const char *path, int flags,           \
			   mode_t mode), (dirfd, path, flags, mode))         \
	X(int, fs_statx, (int dirfd, const char *path, int flags,            \
			  unsigned int mask, struct statx *stx),             \
	  (dirfd, path, flags, mask, stx))                                   \
	X(int, fs_mkdirat, (int dirfd, const char *path, mode_t mode),       \
	  (dirfd, path, mode))                                               \
	X(int, fs_unlinkat, (int dirfd, const char *path, int flags),        \
	  (dirfd, path, flags))                                              \
	X(int, fs_renameat2, (int olddirfd, const char *oldpath,             \
			      int newdirfd, const char *newpath,             \
			      unsigned int flags),                           \
	  (olddirfd, oldpath, newdirfd, newpath, flags))                     \
	X(int, fs_faccessat, (int dirfd, const char *path, int mode,         \
			      int flags), (dirfd, path, mode, flags))        \
	X(long, fs_readlinkat, (int dirfd, const char *path, char *buf,      \
				size_t size), (dirfd, path, buf, size))      \
	X(int, fs_symlinkat, (const char *target, int dirfd,                 \
			      const char *path), (target, dirfd, path))      \
	X(int, fs_linkat, (int olddirfd, const char *oldpath, int newdirfd,  \
			   const char *newpath, int flags),                  \
	  (olddirfd, oldpath, newdirfd, newpath, flags))                     \
	X(int, fs_mknodat, (int dirfd, const char *path, mode_t mode,        \
			    dev_t dev), (dirfd, path, mode, dev))            \
	X(int, fs_fchmodat, (int dirfd, const char *path, mode_t mode,       \
			     int flags), (dirfd, path, mode, flags))         \
	X(int, fs_fchownat, (int dirfd, const char *path, uid_t uid,         \
			     gid_t gid, int flags),                          \
	  (dirfd, path, uid, gid, flags))                                    \
	X(int, fs_utimensat, (int dirfd, const char *path,                   \
			      const struct timespec ts[2], int flags),       \
	  (dirfd, path, ts, flags))                                          \
	X(int, fs_truncate, (const char *path, int64_t length),                \
	  (path, length))                                                    \
	X(int, fs_statfs, (int dirfd, const char *path, struct statfs64 *sf),  \
	  (dirfd, path, sf))                                                 \
	X(long, fs_getdents64, (int fd, void *buf, size_t size),             \
	  (fd, buf, size))                                                   \
	X(long, fs_getcwd, (char *buf, size_t size), (buf, size))            \
	X(int, fs_chdir, (const char *path), (path))                         \
	X(int, fs_fchdir, (int fd), (fd))                                    \
	X(mode_t, fs_umask, (mode_t mask), (mask))                           \
	X(int, fs_xattr_path, (int dirfd, const char *path, bool follow),    \
	  (dirfd, path, follow))                                             \
	X(int, fs_xattr_fd, (int fd), (fd))                                  \
	X(long, fs_realpath, (const char *path, char *buf, size_t size),     \
	  (path, buf, size))                                                 \
	X(int, fs_execveat, (int dirfd, const char *path,                    \
			     char *const argv[], char *const envp[],         \
			     int flags), (dirfd, path, argv, envp, flags))   \
	X(int, band_base, (void), ())                                        \
	X(long, band_prlimit, (int resource, const struct rlimit *nw,        \
			       struct rlimit *old), (resource, nw, old))     \
	X(long, hooks_random, (void *buf, size_t len, unsigned int flags),   \
	  (buf, len, flags))                                                 \
	X(int, hooks_clock, (clockid_t id, struct timespec *ts), (id, ts))   \
	X(int, hooks_register, (const struct tamago_handlers *h), (h))       \
	X(long, hooks_sleep, (clockid_t id, int flags,                       \
			      const struct timespec *req,                    \
			      struct timespec *rem), (id, flags, req, rem))  \
	X(bool, hooks_warp_timeout, (long long ns), (ns))                    \
	X(bool, hooks_clock_is_virtual, (void), ())                          \
	X(bool, hooks_exit_handler, (void), ())                              \
	X(int, net_socket, (int domain, int type, int protocol),             \
	  (domain, type, protocol))                                          \
	X(int, net_socketpair, (int domain, int type, int protocol,          \
				int sv[2]), (domain, type, protocol, sv))    \
	X(int, net_connect, (int fd, const struct sockaddr *addr,            \
			     socklen_t len), (fd, addr, len))                \
	X(int, net_bind, (int fd, const struct sockaddr *addr,               \
			  socklen_t len), (fd, addr, len))                   \
	X(long, net_sendto, (int fd, const void *buf, size_t len, int flags, \
			     const struct sockaddr *addr, socklen_t alen),   \
	  (fd, buf, len, flags, addr, alen))                                 \
	X(long, net_sendmsg, (int fd, const struct msghdr *msg, int flags),  \
	  (fd, msg, flags))                                                  \
	X(long, net_recvfrom, (int fd, void *buf, size_t len, int flags,     \
			       struct sockaddr *addr, socklen_t *alen),      \
	  (fd, buf, len, flags, addr, alen))                                 \
	X(long, net_recvmsg, (int fd, struct msghdr *msg, int flags),        \
	  (fd, msg, flags))                                                  \
	X(int, net_listen, (int fd, int backlog), (fd, backlog))             \
	X(int, net_accept4, (int fd, struct sockaddr *addr, socklen_t *len,  \
			     int flags), (fd, addr, len, flags))             \
	X(int, net_getname, (int fd, struct sockaddr *addr, socklen_t *len,  \
			     bool peer), (fd, addr, len, peer))              \
	X(int, net_getsockopt, (int fd, int level, int name, void *val,      \
				socklen_t *len), (fd, level, name, val, len)) \
	X(int, net_setsockopt, (int fd, int level, int name,                 \
				const void *val, socklen_t len),             \
	  (fd, level, name, val, len))                                       \
	X(int, net_audit_write, (int fd), (fd))                              \
	X(int, core_lock_fork, (void), ())                                   \
	X(const struct core_config *, core_config, (void), ())               \
	X(int, fs_export, (int fd, bool changes, const char **why),          \
	  (fd, changes, why))

/* The entries that return nothing. */
#define CORE_API_VOID(X)                                                     \
	X(void, hooks_exit, (int status, int sig), (status, sig))            \
	X(void, core_unlock_fork, (void), ())                                \
	X(void, core_shim_started, (const struct core_shim *s), (s))         \
	X(void, hooks_seal, (void), ())

struct core_api {
	uint32_t version;
	uint32_t size;
#define CORE_API_FIELD(ret, name, params, args) ret(*name) params;
	CORE_API(CORE_API_FIELD)
	CORE_API_VOID(CORE_API_FIELD)
#undef CORE_API_FIELD
};

#endif
