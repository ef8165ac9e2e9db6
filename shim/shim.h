/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Internals of the shim proper: the boundary between libc's calling
 * convention and the cores, start-up and sealing, and the SIGSYS path.
 */
#ifndef TAMAGO_SHIM_H
#define TAMAGO_SHIM_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/sysmacros.h>

#include "hooks/hooks.h"

/* What happens to a trapped call made outside libc and the loader. */
enum raw_mode { RAW_KILL, RAW_EMULATE, RAW_LOG };

struct shim_config {
	enum raw_mode raw;
	const char *hooks;	/* TAMAGO_HOOKS */
	uint32_t max_inodes;	/* TAMAGO_FS_INODES, 0 for none */
	uint64_t fs_size;	/* TAMAGO_FS_SIZE in bytes, 0 for none */
	const char *images;	/* TAMAGO_FS: paths, ':'-separated */
	const char *image_fds;	/* TAMAGO_FS_FD: fds, ':'-separated */
	int export_fd;		/* TAMAGO_EXPORT_FD, moved into the band */
	bool export_changes;	/* TAMAGO_EXPORT_CHANGES=1 */
	int audit_fd;		/* TAMAGO_AUDIT_FD, moved into the band */
};

extern struct shim_config shim_config;

/* glibc's fortify failure (exported by libc): "buffer overflow detected". */
extern void __chk_fail(void) __attribute__((noreturn));

/* The boundary: a core result to libc's errno convention. */
static inline long shim_ret(long r)
{
	if (r < 0) {
		errno = (int)-r;
		return -1;
	}
	return r;
}

#include "seal/traps.h"

/* A trapped call's emulation: decoded raw arguments in, value or -errno. */
typedef long (*trap_fn)(const long *a);

/* Fills any struct stat-shaped struct from a statx (fields by name):
 * stat.c's family and fts.c's entries. */
#define STAT_FROM_STATX(st, x)                                               \
	do {                                                                 \
		memset((st), 0, sizeof(*(st)));                              \
		(st)->st_dev = makedev((x)->stx_dev_major,                   \
				       (x)->stx_dev_minor);                  \
		(st)->st_ino = (x)->stx_ino;                                 \
		(st)->st_mode = (x)->stx_mode;                               \
		(st)->st_nlink = (x)->stx_nlink;                             \
		(st)->st_uid = (x)->stx_uid;                                 \
		(st)->st_gid = (x)->stx_gid;                                 \
		(st)->st_rdev = makedev((x)->stx_rdev_major,                 \
					(x)->stx_rdev_minor);                \
		(st)->st_size = (off_t)(x)->stx_size;                        \
		(st)->st_blksize = (x)->stx_blksize;                         \
		(st)->st_blocks = (x)->stx_blocks;                           \
		(st)->st_atim.tv_sec = (x)->stx_atime.tv_sec;                \
		(st)->st_atim.tv_nsec = (x)->stx_atime.tv_nsec;              \
		(st)->st_mtim.tv_sec = (x)->stx_mtime.tv_sec;                \
		(st)->st_mtim.tv_nsec = (x)->stx_mtime.tv_nsec;              \
		(st)->st_ctim.tv_sec = (x)->stx_ctime.tv_sec;                \
		(st)->st_ctim.tv_nsec = (x)->stx_ctime.tv_nsec;              \
	} while (0)


/*
 * exit.c: the end of the program (export, audit, exit handler). status:
 * the exit status, or -1 with sig the signal that ends the program.
 */
int shim_end_init(void);
void shim_end(int status, int sig);

#include "seal/keepfds.h"

/* sigsys.c */
int sigsys_init(void);

/*
 * signal.c: installs the trap handler with libc's real sigaction; hands a
 * SIGSYS that is not a seccomp trap to the program's own disposition
 * (false: it is SIG_DFL, the process must die of it).
 */
#include <signal.h>
int signal_install_sigsys(void (*fn)(int, siginfo_t *, void *));
bool signal_pass_sigsys(int sig, siginfo_t *si, void *ctx);

/* report.c: "raw syscall openat(AT_FDCWD, ...) at 0x... (obj+0x...)". */
void report_init(void);
void report_raw(const char *verb, const char *name, long nr, const long *a,
		unsigned long pc, const char *tail);

/*
 * landlock.c: confines the reopen door; false where it cannot. *scoped
 * tells whether it also keeps signals (and abstract sockets) inside.
 * Files beneath directory fd grant (the sized tmpfs; -1 for none) may
 * be read, written and truncated.
 */
bool landlock_seal(int grant, bool *scoped);

/* msg.c: async-signal-safe messages on stderr. */
void msg_write(const char *const *parts);
#define shim_msg(...)                                                        \
	msg_write((const char *const[]){ "tamago: ", __VA_ARGS__, "\n", NULL })
char *msg_hex(char *buf, unsigned long v);
char *msg_dec(char *buf, long v);
/* Prints "tamago: <what>: <why>" and exits 125, before the program runs. */
__attribute__((noreturn)) void shim_fatal(const char *what, const char *why);

/* The trap decoders, one family per file. */
long trap_open(const long *a);
long trap_openat(const long *a);
long trap_creat(const long *a);
long trap_stat(const long *a);
long trap_lstat(const long *a);
long trap_newfstatat(const long *a);
long trap_stat64(const long *a);
long trap_lstat64(const long *a);
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
long trap_prlimit64(const long *a);
long trap_getrlimit(const long *a);
long trap_setrlimit(const long *a);
long trap_close_range(const long *a);
long trap_execve(const long *a);
long trap_execveat(const long *a);
long trap_xattr_path(const long *a);
long trap_lxattr_path(const long *a);
long trap_xattr_fd(const long *a);
long trap_enosys(const long *a);
/* cap.c: capget for the process itself, from the sets given at start. */
long trap_capget(const long *a);
void cap_set(uint64_t eff, uint64_t prm, uint64_t inh);
/* console.c: writes to fds 1 and 2 under a console handler. */
long trap_console_write(const long *a);
long trap_console_writev(const long *a);
long trap_console_pwrite64(const long *a);
long trap_console_pwritev(const long *a);
long trap_console_pwritev2(const long *a);
/* Is it one of them (served for raw calls too: writing is no way out)? */
bool console_serves_raw(enum trap_id trap);

/*
 * traps.c: the emulation of trapped call nr on this architecture, its
 * trap id and name; NULL if it is not trapped.
 */
trap_fn trap_lookup(long nr, enum trap_id *trap, const char **name);

#endif
