/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Internal structures of the file system core, shared by its files only.
 * All links are arena offsets (aoff_t); 0 means none.
 */
#ifndef TAMAGO_FS_INTERNAL_H
#define TAMAGO_FS_INTERNAL_H

#include "core/arena.h"
#include "arch.h"
#include "fs/fs.h"

struct fs_inode {
	uint64_t serial;	/* st_ino */
	uint64_t kino;		/* kernel inode number of the backing memfd */
	uint64_t size;		/* symlinks; files before they get a backing */
	uint32_t mode, nlink, uid, gid;
	uint32_t rdev;		/* device nodes: the host device they stand for */
	int32_t backing;	/* band fd (memfd or device), -1 for none */
	aoff_t knext;		/* chain in the kernel-inode map */
	aoff_t dentry;		/* directories: their entry in the parent;
				 * others: one of their names, or 0 */
	aoff_t first, last;	/* directories: entries in slot order */
	uint32_t nentries;
	uint32_t next_slot;	/* directories: next readdir cookie */
	aoff_t data;		/* symlink target (size bytes and a NUL);
				 * regular files: image content (image.c) */
	aoff_t parent;		/* directories: their "..", kept once removed */
	uint32_t refs;		/* removed directories whose ".." this is */
	union {
		uint32_t fifo_opens;	/* FIFOs: opens for writing (a
					 * futex word) */
		uint32_t linkable;	/* regular files: made by O_TMPFILE
					 * (without O_EXCL) and never named
					 * yet, so linkat may name it */
	};
	int64_t kctime;		/* regular files: the memfd's ctime (ns) when
				 * the set-ID bits were last looked at */
	/*
	 * Regular files with a backing keep atime and mtime in the memfd,
	 * where native reads and writes update them; ctime is the later of
	 * the kernel's and this one (chmod, link, ... change only this).
	 */
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
int fd_band_init(const struct fs_options *opt);
int fd_new_backing(aoff_t ino);
int fd_open_inode(aoff_t ino, int flags);
/* A FIFO's pipe: its read end in the band is the backing (0 or -errno). */
int fd_fifo_backing(aoff_t ino);
/* Opens FIFO ino (without the core lock: a reader waits for a writer). */
int fd_open_fifo(aoff_t ino, int flags);
/* The inode an fd stands for: 0 when the fd is valid but not ours, -errno
 * when it is not open. kst receives the fd's own kernel stat. */
long fd_lookup(int fd, aoff_t *ino, arch_kstat *kst);
void fd_map_remove(aoff_t ino);
/* A band fd of the file a program fd holds open (for a file whose
 * backing is gone: unlinked, open only through program fds). */
int fd_reopen(int fd);
/*
 * ino lost its last name and its backing (unlinked, or made by O_TMPFILE)
 * but program fd fd still holds it: it gets a backing again, reopened
 * from fd, and counts as a live inode, until inode_put lets it go.
 */
int fd_adopt(aoff_t ino, int fd);
void fd_register_device(aoff_t ino);
/* 512-byte blocks the live regular files hold (statfs). */
uint64_t fd_used_blocks(void);
/* TAMAGO_FS_SIZE in 4 KiB pages (0: no limit). */
uint64_t fd_size_pages(void);
/* Holds (pages > 0) or gives back room in the sized tmpfs for image
 * contents not yet in a backing: 0, or -ENOSPC when it is full. A no-op
 * without a size limit. */
int fd_reserve(int64_t pages);
uint64_t fd_reserved_pages(void);

/* A linux_dirent64 record, as getdents64 fills them (ops.c writes one
 * with put_dirent; 0 when it does not fit in room). */
struct kdirent64 {
	uint64_t d_ino;
	int64_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};
size_t put_dirent(char *buf, size_t room, uint64_t ino, int64_t off,
		  unsigned char type, const char *name, size_t len);

/* proc.c: the program's own /proc (magic directories and links). */
int proc_init(void);
bool proc_is_magic(aoff_t ino);
/* Is ino /proc itself (which the export leaves out)? */
bool proc_is_root(aoff_t ino);
aoff_t proc_lookup(aoff_t dir, const char *name, size_t len);
long proc_target(aoff_t ino, char *buf, size_t size);
/* Where /proc/self/fd/N (ino) leads: the file fd N holds, or 0. A file
 * that lost its last name leads nowhere unless deleted; *fd gets N. */
aoff_t proc_jump(aoff_t ino, bool deleted, int *fd);
long proc_getdents(aoff_t dir, long pos, char *buf, size_t size,
		   long *next);

/* tree.c: the tree and its primitives (callers hold the core lock). */
extern aoff_t fs_root;	/* the root directory */
extern aoff_t fs_cwd;	/* the working directory, 0 once removed */
extern mode_t fs_cur_umask;

/* The clock handler's CLOCK_REALTIME, for time stamps. */
void fs_now(struct timespec *ts);
/* Sets mtime (what & 1) and ctime (what & 2) of ino to now. */
void touch(aoff_t ino, int what);
aoff_t inode_new(mode_t mode);
/* A new inode for a name in dir: owner and group as the kernel sets them. */
aoff_t inode_create(aoff_t dir, mode_t mode);
/* Frees ino once nothing names it (nlink 0) and no fd can reach it. */
void inode_put(aoff_t ino);
aoff_t dentry_find(aoff_t parent, const char *name, size_t len);
int dentry_add(aoff_t dir, const char *name, size_t len, aoff_t child);
void dentry_del(aoff_t dentry);
aoff_t dir_parent(aoff_t dir);
/* dir lost its name (rmdir, or replaced by rename): it lives on, empty,
 * while it is the working directory or open, and its ".." with it. */
void dir_removed(aoff_t dir);
/* The working directory changes to dir (chdir, fchdir). */
void set_cwd(aoff_t dir);

struct walk {
	aoff_t dir;		/* the directory that holds the last name */
	aoff_t ino;		/* what the last name names, or 0 */
	const char *name;	/* the last name (not NUL-terminated) */
	size_t len;
	bool slash;		/* the path ends in '/' */
	unsigned int links;	/* symlinks followed so far */
	int via_fd;		/* the last name was /proc/self/fd/N: N */
};

/* Symbolic links one lookup may cross, as the kernel's MAXSYMLINKS. */
#define FS_MAXSYMLINKS 40

/* walk() flags. */
#define WALK_FOLLOW 1	/* a symlink as the last name is followed */
#define WALK_PARENT 2	/* the caller creates or removes the last name:
			 * a trailing slash neither follows nor checks */
#define WALK_DELETED 4	/* a last name /proc/self/fd/N may lead to a
			 * file that has no name any more (w->via_fd is N;
			 * fd_adopt gives it a backing again) */

/*
 * Resolves path from dirfd: every directory crossed needs search
 * permission and symlinks in it are followed; the last name is looked up
 * without having to exist. Returns 0 or -errno.
 */
int walk(int dirfd, const char *path, int flags, struct walk *w);
/* Names a new inode at w's last name; on failure the inode is dropped. */
int dentry_add_new(const struct walk *w, aoff_t ino);
/* The path that names ino in the tree (its first name for a file with
 * several), or -ENOENT once it has none. Returns its length. */
long inode_path(aoff_t ino, char *buf, size_t size);

/* Permission bits (MAY_*) of the calling process on ino: 0 or -EACCES.
 * real: the real rather than the effective ids (access(2)). */
#define MAY_EXEC 1
#define MAY_WRITE 2
#define MAY_READ 4
int permission(aoff_t ino, int mask, bool real);
/* Is gid the caller's (effective or real) group or a supplementary one? */
bool in_group(uint32_t gid, bool real);
#define in_group_p(gid) in_group((gid), false)
/* Is the caller the owner of ino, or privileged (chmod, utimes)? */
bool is_owner(aoff_t ino);
/* May the caller remove or replace the entry for child in sticky dir? */
bool may_delete_sticky(aoff_t dir, aoff_t child);
/* The caller's effective uid (the kernel's answer, never cached). */
uint32_t cur_euid(void);
/* May the caller add a name to dir (search and write, dir not removed)? */
int may_create(aoff_t dir);
/* May the caller remove the entry of child from dir? */
int may_delete(aoff_t dir, aoff_t child);
/* The inode of dirfd for an AT_EMPTY_PATH call: -ENOENT unless ours. */
int empty_path_inode(int dirfd, aoff_t *ino);
/*
 * A write or truncate by an unprivileged process clears a regular file's
 * set-ID bits (the kernel's file_remove_privs()). Writes are native, so
 * the core notices them by the memfd's ctime; kst: the memfd's stat, or
 * NULL to fetch it. Records the ctime seen; ours: the change since was
 * the core's own (utimensat on the memfd), not the program's.
 */
void inode_sync_privs(aoff_t ino, const arch_kstat *kst, bool ours);
/*
 * With a clock handler of the program's own, native reads and writes of a
 * regular file must not show the kernel's clock: kst (the file's kernel
 * stat) differs from the times the core last set when one happened, and
 * the core stamps the file with the handler's now instead (in the memfd
 * too), and fixes kst's atime and mtime. Returns false with the kernel's
 * clock (kst is then right as it is); true: the inode's own ctime is the
 * one to show.
 */
bool inode_sync_times(aoff_t ino, arch_kstat *kst);
/* Atime on access, as the kernel's relatime does it. */
void touch_atime(aoff_t ino);
/* Is anc dir itself or one of dir's ancestors? */
bool is_ancestor(aoff_t anc, aoff_t dir);
/* Inodes alive (for statfs and the inode limit). */
extern uint32_t fs_ninodes;
extern uint32_t fs_max_inodes;	/* 0: no limit (TAMAGO_FS_INODES) */
/* Follows the symlink w names, from w's directory, with walk()'s flags:
 * w then describes the link's target. */
int walk_link(struct walk *w, int flags);
/* Is the last name of w "." or "..", or is the path the root ("/",
 * which w names "/")? */
bool is_dot(const struct walk *w);

/* image.c: a regular file's data field may refer to its content in a
 * mapped image (size in the inode) until its backing is made. */
int image_materialize(aoff_t ino);
/* Forgets a regular file's image content, giving back its room. */
void image_ref_drop(aoff_t ino);
const void *image_content(aoff_t ino);

#endif
