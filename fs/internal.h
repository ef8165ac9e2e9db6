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
#include "fs/lower.h"

/*
 * A placed host file is the host's own file (read-only) or a copy in a
 * memfd (host.c): either way an object of another file system than the
 * store's, whose inode numbers may be the same (a memfd and the store
 * are both tmpfs, numbered from small values: Debian 12's 6.1 gives equal
 * ones). The fd map keys those with this bit and the index of their
 * device in fs_shared's host_devs (bits 58 to 61), so that fd_lookup never
 * takes one for another; a file whose inode number does not fit below
 * bit 58, or of a device past the table, is copied.
 */
#define KINO_HOST (1ULL << 63)
#define KINO_DEV_SHIFT 58
#define HOST_DEVS 16

struct fs_inode {
	uint64_t serial;	/* st_ino */
	uint64_t kino;		/* kernel inode number of its store object,
				 * or of its placed copy | KINO_HOST */
	uint64_t size;		/* symlinks; files before they get an object */
	uint32_t mode, nlink, uid, gid;
	uint32_t rdev;		/* device nodes: the host device they stand for */
	int32_t hostfd;		/* devices, and regular files placed from the
				 * host (host.c): a band fd every process
				 * inherits; -1 for none */
	uint8_t named;		/* its store object has its name (store.c) */
	uint8_t pinned;		/* a directory some process worked in or
				 * opened: never freed (tree.c) */
	uint8_t buried;		/* a regular file with no name left, in
				 * the graveyard (tree.c) */
	uint8_t placed;		/* a directory made for host files; a
				 * regular file placed as the host's own
				 * (not a copy) (host.c); a directory of
				 * a --ro layer (lower.c) */
	uint8_t filled;		/* a directory of a layer: listed */
	uint8_t kstate;		/* regular files: KC_VALID if kc below holds
				 * the object's numbers; else stats missed
				 * since the last open (store.c) */
	aoff_t dentry;		/* directories: their entry in the parent;
				 * others: one of their names, or 0 */
	aoff_t data;		/* symlink target (size bytes and a NUL);
				 * regular files: image content (image.c) */
	aoff_t lower;		/* directories and regular files of a --ro
				 * layer: where (struct fs_lower, lower.c) */
	uint32_t refs;		/* removed directories whose ".." this is */
	union {
		struct {	/* directories */
			aoff_t first, last;	/* entries in slot order */
			uint32_t nentries;
			uint32_t next_slot;	/* next readdir cookie */
			aoff_t parent;		/* "..", kept once removed */
		};
		struct {	/* regular files */
			int64_t kctime;		/* the object's ctime (ns)
						 * when the set-ID bits were
						 * last looked at */
			uint32_t linkable;	/* made by O_TMPFILE (without
						 * O_EXCL) and never named
						 * yet, so linkat may name it */
			uint32_t kc_rollbacks;	/* journal_rollbacks() when
						 * kc was kept */
			/*
			 * The object's size, blocks and times (ns) as
			 * fstat gave them while no open file description
			 * of it but the reader's existed; they hold until
			 * store.c opens it again (store_stat, kstate).
			 */
			struct fs_kcache {
				uint64_t size, blocks;
				int64_t atime, mtime, ctime;
			} kc;
		};
	};
	/*
	 * Regular files with an object keep atime and mtime there, where
	 * native reads and writes update them; ctime is the later of the
	 * kernel's and this one (chmod, link, ... change only this).
	 */
	struct timespec atime, mtime, ctime, btime;
};

struct fs_dentry {
	aoff_t parent, child;
	aoff_t next, prev;	/* the parent's list, in slot order */
	uint32_t slot;		/* readdir cookie */
	uint16_t namelen;
	char name[];		/* NUL-terminated */
};

/* Read access; writes go through the journaled _W forms (core/arena.h). */
#define INO(off) APTR(struct fs_inode, (off))
#define DENT(off) APTR(struct fs_dentry, (off))
#define INO_W(off) APTR_W(struct fs_inode, (off))
#define DENT_W(off) APTR_W(struct fs_dentry, (off))

#define MAX_DEVICES 8
#define PROC_SCRATCH 4
#define MAX_IMAGES 32
#define GRAVEYARD 1024

/*
 * The file system's state that every process of the sandbox shares, in
 * the arena (root ROOT_FS). Per-process state (working directory, umask,
 * credentials, the band) stays in each process.
 */
struct fs_shared {
	aoff_t root;		/* the root directory */
	uint32_t ninodes;	/* inodes alive (statfs, the inode limit) */
	uint32_t max_inodes;	/* 0: no limit (TAMAGO_FS_INODES) */
	uint64_t next_serial;
	/* Directory entries by (parent, name): open addressing, XXH3. */
	aoff_t htab;
	uint32_t hmask, hcount, hdead;
	/* Inodes by the kernel inode number of their backing. */
	aoff_t kmap;
	uint32_t kmask, kcount, kdead;
	/* The devices of /dev, their band fds inherited by every process. */
	aoff_t devices[MAX_DEVICES];
	uint32_t ndevices;
	/* TAMAGO_FS_SIZE in pages, and the ballast holding image room. */
	uint64_t size_pages, ballast_pages;
	/* Images whose contents files still refer to (image.c): band fds
	 * every process inherits, mapped by each on first use. */
	struct {
		int32_t fd;
		uint32_t unused;
		uint64_t len;
	} images[MAX_IMAGES];
	uint32_t nimages;
	/* Regular files without a name that fds may still hold: the last
	 * GRAVEYARD of them keep their metadata (tree.c). */
	aoff_t grave;		/* GRAVEYARD slots, apart: a write to this
				 * record journals all of it (core/arena.h) */
	uint32_t grave_next;
	/* /proc (proc.c). */
	aoff_t proc_dir, pid_dir, fd_dir, self_link;
	/* /proc/sys/kernel/random and its two files, in a seeded run
	 * (fs_proc_random). */
	aoff_t sys_dir, uuid_file, boot_id_file;
	/* The shim and the hooks library, in no directory: /proc names
	 * them (fs_host_hidden). */
	aoff_t hidden[2];
	/* The devices of placed host files and of their copies (host.c). */
	uint64_t host_devs[HOST_DEVS];
	uint32_t nhost_devs;
	aoff_t scratch[PROC_SCRATCH];
	uint32_t scratch_next;
	/* The --ro layers (lower.c): their host directories' band fds, and
	 * the socket to the supervisor that lists them. */
	int32_t lower_fd[LOWER_MAX];
	uint32_t nlowers;
	int32_t lower_sock;
};

/* This process's view of it, and write access (journaled). */
extern const struct fs_shared *fsh;
#define FSH_W() ((struct fs_shared *)arena_w((void *)fsh, sizeof(*fsh)))
/* Write access to one field: the hot paths' counters, journaled alone
 * rather than with the whole record (a create saved it twice). */
#define FSH_FIELD_W(f)                                                       \
	(*(__typeof__(((struct fs_shared *)0)->f) *)arena_w(                 \
		(void *)&fsh->f, sizeof(fsh->f)))
#define fs_root (fsh->root)

#define FS_NAME_MAX 255
#define FS_PATH_MAX 4096

/*
 * store.c: contents, one kernel object per inode in the store directory,
 * named by its serial (see there). Callers hold the core lock.
 */
/* Takes over fd, the store directory, into the band. */
int store_init(int fd);
/* After exec: the store and /proc fds the configuration names. */
struct core_config;
int store_attach(const struct core_config *cfg);
/* Makes ino's object (regular file, directory or FIFO), records its
 * kernel inode number and maps it (kmap_add). */
int store_make(aoff_t ino);
/* A program fd of ino's object: a fresh open file description. */
int store_open(aoff_t ino, int flags);
/* store_make and store_open in one, for a regular file just made (times
 * now): the object is created open as flags ask, and that fd is the
 * program's. */
int store_create(aoff_t ino, int flags);
/* O_TMPFILE: ino's object made unnamed, open as flags ask (O_EXCL: never
 * to be named); returns the program's fd. */
int store_tmpfile(aoff_t ino, int flags);
/* This process's band fd of ino's object (cached; do not close). */
int store_fd(aoff_t ino);
int store_stat(aoff_t ino, arch_kstat *st);
/* Drops ino's object's name: program fds keep what they hold. */
void store_unname(aoff_t ino);
/* Program fd fd of a deleted file, opened again through /proc (flags),
 * or its object named again for ino (linkat); -ENOENT without the door. */
int store_reopen(int fd, int flags);
int store_relink(aoff_t ino, int fd);
/* Is st (a kernel stat) of a store object? */
bool store_is(const arch_kstat *st);
/* Holds (pages > 0) or gives back room in a sized store for image
 * contents not yet in an object: 0, or -ENOSPC when it is full. A no-op
 * without a size limit. */
int fd_reserve(int64_t pages);

/*
 * host.c: a regular file placed from the host (hostfd >= 0): a program fd
 * reading it; or, before the file is written, its content moved into
 * the store (it is then the program's like any other).
 */
int host_open(aoff_t ino, int flags);
/* Or, for the sandbox's own reads and mappings of it (pread, mmap: no
 * file offset), its band fd itself, duplicated (close-on-exec). */
int host_dup(aoff_t ino);
int host_copy_up(aoff_t ino);
/* The fd map's key of a placed file whose fd has this kernel stat, or 0
 * when it is of no device placed files come from. */
uint64_t host_key(const arch_kstat *kst);
/* Is ino such a file, or a directory made for them holding only them
 * (the export leaves them out)? */
bool host_only(aoff_t ino);
/* A time in nanoseconds since the epoch, as the inode keeps the object's
 * (kctime, kc). */
static inline int64_t ts_ns(const struct timespec *t)
{
	return (int64_t)t->tv_sec * 1000000000 + t->tv_nsec;
}

static inline bool is_host(aoff_t ino)
{
	return S_ISREG(INO(ino)->mode) && INO(ino)->hostfd >= 0;
}

/*
 * lower.c: a directory of a layer gets its entries from the host on its
 * first lookup miss or listing (0 or -errno; a no-op once listed, or for
 * any other directory). A regular file of a layer (is_lower) has no
 * object until it is written: lower_open gives a program fd reading the
 * host's file; store_make copies it up (lower_copy_in, with the object's
 * fd), after which it is the store's like any.
 */
int lower_fill(aoff_t dir);
static inline bool is_lower(aoff_t ino)
{
	return S_ISREG(INO(ino)->mode) && INO(ino)->lower;
}
int lower_open(aoff_t ino, int flags);
int lower_copy_in(aoff_t ino, int to);
void lower_drop(aoff_t ino);
/* host.c, for lower.c: the fd map's key of a host file, its device added
 * to the table if need be (0 when it does not fit). */
uint64_t host_key_add(const arch_kstat *kst);
/* The directory that holds path's last name, made as needed. */
int place_parent(const char *path, aoff_t *dir, const char **last,
		 size_t *len);

/* fd.c: which inode a program's fd stands for. */
int kmap_add(aoff_t ino);
/* The inode whose kino is kino, or 0. */
aoff_t kmap_find(uint64_t kino);
void fd_map_remove(aoff_t ino);
/* The inode an fd stands for: 0 when the fd is valid but not ours, -errno
 * when it is not open. kst receives the fd's own kernel stat. */
long fd_lookup(int fd, aoff_t *ino, arch_kstat *kst);
void fd_register_device(aoff_t ino);
/* A program fd of device ino (a dup of the band's). */
int fd_open_device(aoff_t ino, int flags);
/* 512-byte blocks the live regular files hold (statfs). */
uint64_t fd_used_blocks(void);

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
/* Is ino /proc/sys/kernel/random/uuid or boot_id? Then an open of it is
 * proc_open_random's. */
bool proc_is_random(aoff_t ino);
int proc_open_random(aoff_t ino, int flags);
/* What this process's /proc/self/exe shows (argv[0] as given). */
void proc_set_exe(const char *name);
bool proc_is_magic(aoff_t ino);
/* Is ino /proc itself (which the export leaves out)? */
bool proc_is_root(aoff_t ino);
aoff_t proc_lookup(aoff_t dir, const char *name, size_t len);
long proc_target(aoff_t ino, char *buf, size_t size);
/* Where /proc/self/fd/N (ino) leads: the file fd N holds, or 0. A file
 * that lost its last name leads nowhere unless deleted; *fd gets N. */
aoff_t proc_jump(aoff_t ino, bool deleted, int *fd);
/* N if ino is /proc/self/fd/N and fd N holds a kernel object that is no
 * file of the sandbox (a pipe, a socket, a memfd), else -1. */
int proc_kernel_fd(aoff_t ino);
/* Is dir /proc or one of its directories (where nothing can be made)? */
bool proc_holds(aoff_t dir);
long proc_getdents(aoff_t dir, long pos, char *buf, size_t size,
		   long *next);

/* tree.c: the tree and its primitives (callers hold the core lock). */
/* The initial tree's links in /dev: {name, target}. */
#define FS_DEV_LINKS 4
extern const char *const fs_dev_links[FS_DEV_LINKS][2];
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
/* ino, a file without a name, gets one again (linkat): out of the
 * graveyard, and it counts as an inode again. */
void inode_unbury(aoff_t ino);
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
	int kernel_fd;		/* ... of no in-memory file (a pipe, a
				 * socket): N, and ino is 0 */
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
/* missing.c: a lookup of path missed (--trace-missing; nothing unless
 * fs_missing_init made the table). */
void missing_note(const char *path);

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
uint32_t cur_egid(void);
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
/* Follows the symlink w names, from w's directory, with walk()'s flags:
 * w then describes the link's target. */
int walk_link(struct walk *w, int flags);
/* Is the last name of w "." or "..", or is the path the root ("/",
 * which w names "/")? */
bool is_dot(const struct walk *w);

/* image.c: a regular file's data field may refer to its content in an
 * image (size in the inode) until its object is made: store_make() then
 * copies it there. */
int image_materialize(aoff_t ino);
/* Forgets a regular file's image content, giving back its room. */
void image_ref_drop(aoff_t ino);
/* The content in this process's mapping of its image, or NULL. */
const void *image_content(aoff_t ino);
/* Where that content is: image number + 1 and offset (0 for none); and
 * this process's mapping of image i. */
void image_where(aoff_t ino, uint32_t *img, uint64_t *off);
const unsigned char *image_map(uint32_t i);

#endif
