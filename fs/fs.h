/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The in-memory file system: the core that both the libc overrides and the
 * SIGSYS trap path call. Every function returns a value or -errno, takes
 * the core lock itself, allocates only from the arena, and after sealing
 * makes only system calls the filter allows (calls on the store's fd,
 * fstat, dup, ...). It never opens a host path after fs_init().
 *
 * Regular files, directories and FIFOs have an object in the store (a
 * directory of the sandbox's own, fs/store.c), named by inode serial; a
 * program's fd is a fresh open file description of it, so read, write,
 * mmap, lseek and poll work natively, and the core recognises its fds by
 * the object's kernel inode number. The metadata (names, modes, owners,
 * links) lives in the arena, shared by every process of the sandbox.
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
	/* The store's size limit in bytes (0: none), for statfs and the
	 * room image contents hold; the store itself enforces it. */
	uint64_t size;
	/* The store: the directory file contents live in (fs/store.c),
	 * taken over into the band. */
	int store_fd;
};

/*
 * Before sealing, once per sandbox: a new arena, the band, the store, and
 * the initial tree (/, /tmp, /dev/..., /proc).
 */
int fs_init(const struct fs_options *opt);
/* Seeded runs: /proc/sys/kernel/random/uuid and boot_id from the random
 * stream (before the seal). 0 or -errno. */
int fs_proc_random(void);

/*
 * Whether a deleted file may still be reopened through /proc/self/fd
 * after sealing (the seal confines that door with Landlock).
 */
void fs_set_reopen(bool on);
/* The band fd of /proc that the filter lets openat() use, or -1. */
int fs_proc_fd(void);
/* The band fd of the store, whose door the filter opens (store.c). */
int fs_store_fd(void);

int fs_openat(int dirfd, const char *path, int flags, mode_t mode);
/*
 * fs_openat(O_RDONLY | O_CLOEXEC) for the loader's own use of a file
 * (pread and mmap only): the fd may share its open file description.
 */
int fs_open_mapped(int dirfd, const char *path);
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

/*
 * exec inside the sandbox (exec.c): execve's and execveat's contract,
 * ending in the loader. Returns only on failure, -errno.
 */
int fs_execveat(int dirfd, const char *path, char *const argv[],
		char *const envp[], int flags);
/* The signal mask the program had when its exec trapped (the trap path
 * sets it for the call), or NULL on the libc path. */
extern const uint64_t *fs_exec_sigmask;
/* The loader's argv[1] begins so (loader/loader.c parses it). */
#define FS_HANDOVER "tamago:1"

/*
 * In the loader, after exec: this process joins the sandbox of the
 * arena in arena_fd, with the working directory cwd (an inode offset),
 * umask and the fd limit the exec'ing process had. 0 or -errno.
 */
int fs_attach(int arena_fd, uint32_t cwd, mode_t umask, uint64_t nofile);

/*
 * Before the seal, for the loader's needs (tamago-exec): a regular file
 * at path in the sandbox, parents made as needed, with host file fd's
 * content, mode, owner and times. With as_is, fd (read-only, on a
 * read-only mount: nothing the program does to it reaches the host) is
 * kept as the file itself; otherwise its content is copied into a sealed
 * memfd. 0 or -errno.
 */
int fs_host_file(const char *path, int fd, bool as_is);

/*
 * --trace-missing (missing.c): before the seal, the table of paths looked
 * for and not found, shared by the tree (0 or -errno); at the end, its
 * lines on stderr ("tamago: missing: PATH").
 */
int fs_missing_init(void);
int fs_missing_write(void);
/* The same for the run report, on fd: "missing COUNT PATH" lines and a
 * last "missing-more N". 0 or -errno. */
int fs_missing_lines(int fd);
/*
 * The same for the shim (which = 0) and a hooks library (1), in no
 * directory of the tree: listed nowhere, exported never, found by the
 * dynamic loader and dlopen at these paths.
 */
#define FS_HIDDEN_SHIM "/proc/tamago-shim.so"
#define FS_HIDDEN_HOOKS "/proc/tamago-hooks.so"
int fs_host_hidden(int which, int fd, bool as_is);

/*
 * The band fds of the host files placed as they are (not copied), at
 * most max of them into fds: the seal grants reading them, and only
 * them, beneath the store (Landlock), so that a program's open of one is
 * a fresh reopen. Returns how many there are (more than max: the caller
 * must not seal with a partial list).
 */
size_t fs_host_fds(int *fds, size_t max);

/* The band fd every process holds of /dev's device rdev, or -1. */
int fs_device_fd(dev_t rdev);

/* What this process's /proc/self/exe shows (argv[0] as given). */
void proc_set_exe(const char *name);

/* Is fd one of the file system's (a file, directory or device)? */
bool fs_is_fs_fd(int fd);

/*
 * Checks the tree's consistency (fs/check.c), for the tests that kill a
 * process in the middle of an operation: 0, or -EUCLEAN with why saying
 * what is wrong.
 */
int fs_check(char *why, size_t size);

/* Bytes of arena metadata one inode costs (the memory benchmark). */
size_t fs_inode_size(void);

#endif
