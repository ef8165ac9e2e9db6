/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The in-memory file system: the core that both the libc overrides and the
 * SIGSYS trap path call. Every function returns a value or -errno, takes
 * the core lock itself, allocates only from the arena, and after sealing
 * makes only system calls the filter allows (memfd_create, fstat, dup,
 * reopening its own memfds, ...). It never opens a host path after
 * fs_init().
 *
 * Regular files and directories are backed by memfds held in the shim's fd
 * band; a program's fd is a fresh open file description of that memfd
 * (reopened through /proc/self/fd, which the seal confines to memfds), so
 * read, write, mmap, lseek and poll work natively, and the core recognises
 * its fds by the memfd's kernel inode number.
 */
#ifndef TAMAGO_FS_H
#define TAMAGO_FS_H

#include <fcntl.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/types.h>


/* The st_dev every in-memory file reports. */
#define FS_DEV_MAJOR 0
#define FS_DEV_MINOR 42

struct fs_options {
	/* At most this many inodes, the initial tree's included (0: no
	 * limit); past it, making a file or directory fails with ENOSPC. */
	uint32_t max_inodes;
	/* At most this many bytes of file contents (0: no limit), kept in
	 * the tmpfs whose root is size_fd (shim/fssize.c makes it); the
	 * core takes size_fd over. */
	uint64_t size;
	int size_fd;
	/* /proc as an O_PATH fd that tamago-exec opened before its first
	 * filter (which refuses O_PATH to everything after it), or 0: the
	 * core opens /proc itself. The core takes it over. */
	int proc_fd;
};

/* Before sealing: the initial tree (/, /tmp, /dev/...), the fd band. */
int fs_init(const struct fs_options *opt);

/*
 * Whether fds may still be reopened through /proc after sealing (the seal
 * confines that door with Landlock). When not, a program's fds share one
 * open file description per file (dup), and the README says so.
 */
void fs_set_reopen(bool on);
/* The band fd of /proc that the filter lets openat() use, or -1. */
int fs_proc_fd(void);
/* The root of the sized tmpfs that holds file contents, or -1. */
int fs_size_dir(void);

/* Moves fd into the shim's band (close-on-exec); returns the new fd. */
int fs_band_fd(int fd);
/* The lowest fd of the band: the program's fds stay below it. */
int fs_band_base(void);
/* RLIMIT_NOFILE as the program sees and sets it (prlimit's contract). */
struct rlimit;
int fs_prlimit_nofile(const struct rlimit *nw, struct rlimit *old);

int fs_openat(int dirfd, const char *path, int flags, mode_t mode);
int fs_statx(int dirfd, const char *path, int flags, unsigned int mask,
	     struct statx *stx);
int fs_mkdirat(int dirfd, const char *path, mode_t mode);
int fs_unlinkat(int dirfd, const char *path, int flags);
int fs_renameat2(int olddirfd, const char *oldpath, int newdirfd,
		 const char *newpath, unsigned int flags);
int fs_faccessat(int dirfd, const char *path, int mode, int flags);
long fs_readlinkat(int dirfd, const char *path, char *buf, size_t size);
int fs_symlinkat(const char *target, int dirfd, const char *path);
int fs_linkat(int olddirfd, const char *oldpath, int newdirfd,
	      const char *newpath, int flags);
int fs_mknodat(int dirfd, const char *path, mode_t mode, dev_t dev);
/*
 * AF_UNIX names (net/unix.c), paths from the working directory: bind
 * makes a socket inode at path and returns its serial (st_ino); find
 * returns the serial of the socket path names (write permission needed;
 * -ECONNREFUSED when it is not a socket). Both take the core lock.
 */
long fs_sock_bind(const char *path);
long fs_sock_find(const char *path);
/* AT_EMPTY_PATH with "" names dirfd itself: fchmod, fchown and futimens
 * are these calls on (fd, "", AT_EMPTY_PATH). */
int fs_fchmodat(int dirfd, const char *path, mode_t mode, int flags);
int fs_fchownat(int dirfd, const char *path, uid_t uid, gid_t gid,
		int flags);
/* path NULL: dirfd itself (the utimensat system call's futimens). */
int fs_utimensat(int dirfd, const char *path, const struct timespec ts[2],
		 int flags);
/*
 * Sizes and statfs in their 64-bit forms: the cores are built with
 * 64-bit off_t, the shim's libc faces without (it defines both stat and
 * stat64), and on 32-bit arm those differ.
 */
int fs_truncate(const char *path, int64_t length);
/* path NULL: the file system of fd dirfd (fstatfs). */
struct statfs64;
int fs_statfs(int dirfd, const char *path, struct statfs64 *sf);
long fs_getdents64(int fd, void *buf, size_t size);
long fs_getcwd(char *buf, size_t size);
int fs_chdir(const char *path);
int fs_fchdir(int fd);
mode_t fs_umask(mode_t mask);

/* Re-reads the caller's ids for permission checks (read once otherwise:
 * under the seal they cannot change). */
void fs_creds_reload(void);

/* Extended attributes: none are stored; -ENOTSUP once the file exists. */
int fs_xattr_path(int dirfd, const char *path, bool follow);
int fs_xattr_fd(int fd);

/* The resolved absolute path of path into buf; returns its length. */
long fs_realpath(const char *path, char *buf, size_t size);

/* Is fd one of the file system's (a file, directory or device)? */
bool fs_is_fs_fd(int fd);

/* Bytes of arena metadata one inode costs (the memory benchmark). */
size_t fs_inode_size(void);

#endif
