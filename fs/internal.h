/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Internal structures of the file system core, shared by its files only.
 * All links are arena offsets (aoff_t); 0 means none.
 */
#ifndef TAMAGO_FS_INTERNAL_H
#define TAMAGO_FS_INTERNAL_H

#include "arena.h"
#include "arch.h"
#include "fs.h"

struct fs_inode {
	uint64_t serial;	/* st_ino */
	uint64_t kino;		/* kernel inode number of the backing memfd */
	uint64_t size;		/* symlinks; files before they get a backing */
	uint32_t mode, nlink, uid, gid;
	uint32_t rdev;		/* device nodes: the host device they stand for */
	int32_t backing;	/* band fd (memfd or device), -1 for none */
	aoff_t knext;		/* chain in the kernel-inode map */
	aoff_t dentry;		/* directories: their entry in the parent */
	aoff_t first, last;	/* directories: entries in slot order */
	uint32_t nentries;
	uint32_t next_slot;	/* directories: next readdir cookie */
	aoff_t data;		/* symlink target; image content (image.c) */
	struct timespec atime, mtime, ctime, btime;
};

struct fs_dentry {
	aoff_t parent, child;
	aoff_t hnext;		/* chain in the name hash */
	aoff_t next, prev;	/* the parent's list, in slot order */
	uint32_t slot;		/* readdir cookie */
	uint16_t namelen;
	char name[];		/* NUL-terminated */
};

#define INO(off) APTR(struct fs_inode, (off))
#define DENT(off) APTR(struct fs_dentry, (off))

#define FS_NAME_MAX 255
#define FS_PATH_MAX 4096

/* fd.c: band, backing memfds, and recognising the core's fds. */
int fd_band_init(void);
int fd_new_backing(aoff_t ino);
int fd_open_inode(aoff_t ino, int flags);
/* The inode an fd stands for: 0 when the fd is valid but not ours, -errno
 * when it is not open. kst receives the fd's own kernel stat. */
long fd_lookup(int fd, aoff_t *ino, arch_kstat *kst);
void fd_map_remove(aoff_t ino);
void fd_register_device(aoff_t ino);

/* tree.c: the tree and its primitives (callers hold the core lock). */
extern aoff_t fs_root;	/* the root directory */
extern aoff_t fs_cwd;	/* the working directory, 0 once removed */
extern mode_t fs_cur_umask;

/* The clock handler's CLOCK_REALTIME, for time stamps. */
void fs_now(struct timespec *ts);
/* Sets mtime (what & 1) and ctime (what & 2) of ino to now. */
void touch(aoff_t ino, int what);
aoff_t inode_new(mode_t mode);
/* Frees ino once nothing names it (nlink 0) and no fd can reach it. */
void inode_put(aoff_t ino);
aoff_t dentry_find(aoff_t parent, const char *name, size_t len);
int dentry_add(aoff_t dir, const char *name, size_t len, aoff_t child);
void dentry_del(aoff_t dentry);
aoff_t dir_parent(aoff_t dir);

struct walk {
	aoff_t dir;		/* the directory that holds the last name */
	aoff_t ino;		/* what the last name names, or 0 */
	const char *name;	/* the last name (not NUL-terminated) */
	size_t len;
	bool slash;		/* the path ends in '/' */
};

int walk(int dirfd, const char *path, struct walk *w);
/* Is the last name of w "." or ".."? */
bool is_dot(const struct walk *w);

/* image.c: a regular file's data field may refer to its content in a
 * mapped image (size in the inode) until its backing is made. */
int image_materialize(aoff_t ino);
const void *image_content(aoff_t ino);
/* A regular file's times given its memfd's stat (a copy is no write). */
void image_file_times(aoff_t ino, const arch_kstat *kst,
		      struct timespec *mtime, struct timespec *ctime);
size_t image_ref_size(void);

#endif
