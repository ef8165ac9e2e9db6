/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Attributes: mode, owner, time stamps, length by path, and the file
 * system's own numbers (statfs). Each takes the core lock. fchmod, fchown
 * and futimens are the same calls on an fd (AT_EMPTY_PATH).
 */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysinfo.h>

#include "core/band.h"
#include "fs/internal.h"
#include "core/lock.h"
#include "core/sys.h"

#ifndef TMPFS_MAGIC
#define TMPFS_MAGIC 0x01021994
#endif
#define PIPEFS_MAGIC 0x50495045
#define SOCKFS_MAGIC 0x534f434b
#define ANON_INODE_FS_MAGIC 0x09041934
#ifndef ST_VALID
#define ST_VALID 0x0020
#endif
#ifndef ST_RELATIME
#define ST_RELATIME 0x1000
#endif

/*
 * The inode a path call names; empty: AT_EMPTY_PATH's dirfd itself. An
 * fd that is not the file system's (stdin, a pipe) is the host's, which
 * these calls leave alone: EPERM.
 */
static int lookup(int dirfd, const char *path, bool empty, bool follow,
		  aoff_t *ino)
{
	struct walk w;
	int r;

	if (path[0] == '\0' && empty) {
		r = empty_path_inode(dirfd, ino);
		return r == -ENOENT ? -EPERM : r;
	}
	r = walk(dirfd, path, follow ? WALK_FOLLOW : 0, &w);
	if (r < 0)
		return r;
	if (!w.ino)
		return -ENOENT;
	*ino = w.ino;
	return 0;
}

/*
 * Before a change of mode or owner: writes so far count against the old
 * set-ID bits. A file that is unlinked but open has no named object any
 * more: the program's fd (AT_EMPTY_PATH) shows its ctime.
 */
static void sync_privs(aoff_t ino, int dirfd, bool by_fd)
{
	arch_kstat k;

	if (!INO(ino)->named && by_fd) {
		if (sys_fstat(dirfd, &k) == 0)
			inode_sync_privs(ino, &k, false);
		return;
	}
	inode_sync_privs(ino, NULL, false);
}

static int chmod_locked(int dirfd, const char *path, mode_t mode, int flags)
{
	struct fs_inode *in;
	aoff_t ino;
	int r;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	r = lookup(dirfd, path, flags & AT_EMPTY_PATH,
		   !(flags & AT_SYMLINK_NOFOLLOW), &ino);
	if (r < 0)
		return r;
	if (S_ISLNK(INO(ino)->mode))
		return -EOPNOTSUPP;
	if (!is_owner(ino))
		return -EPERM;
	sync_privs(ino, dirfd, (flags & AT_EMPTY_PATH) && !path[0]);
	in = INO_W(ino);
	/* Only a member of the group may leave the set-group-ID bit. */
	if (cur_euid() != 0 && !in_group_p(in->gid))
		mode &= ~(mode_t)S_ISGID;
	in->mode = (in->mode & S_IFMT) | (mode & 07777);
	touch(ino, 2);
	return 0;
}

int fs_fchmodat(int dirfd, const char *path, mode_t mode, int flags)
{
	int r = core_lock();

	if (r < 0)
		return r;
	r = chmod_locked(dirfd, path, mode, flags);
	core_unlock();
	return r;
}

/* The kernel's chown_ok() and chgrp_ok(): root, or the owner keeping
 * itself as owner and choosing one of its own groups. */
static bool may_chown(aoff_t ino, uint32_t uid, uint32_t gid)
{
	const struct fs_inode *in = INO(ino);
	uint32_t me = cur_euid();

	if (me == 0)
		return true;
	if (uid != (uint32_t)-1 && (uid != in->uid || me != in->uid))
		return false;
	if (gid != (uint32_t)-1 &&
	    (me != in->uid || (gid != in->gid && !in_group_p(gid))))
		return false;
	return true;
}

static int chown_locked(int dirfd, const char *path, uid_t uid, gid_t gid,
			int flags)
{
	struct fs_inode *in;
	aoff_t ino;
	int r;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	r = lookup(dirfd, path, flags & AT_EMPTY_PATH,
		   !(flags & AT_SYMLINK_NOFOLLOW), &ino);
	if (r < 0)
		return r;
	if (!may_chown(ino, uid, gid))
		return -EPERM;
	sync_privs(ino, dirfd, (flags & AT_EMPTY_PATH) && !path[0]);
	in = INO_W(ino);
	if (uid != (uid_t)-1)
		in->uid = uid;
	if (gid != (gid_t)-1)
		in->gid = gid;
	/* A new owner does not inherit set-ID powers (not on directories). */
	if (!S_ISDIR(in->mode) && !S_ISLNK(in->mode)) {
		in->mode &= ~(uint32_t)S_ISUID;
		if ((in->mode & (S_ISGID | S_IXGRP)) == (S_ISGID | S_IXGRP))
			in->mode &= ~(uint32_t)S_ISGID;
	}
	touch(ino, 2);
	return 0;
}

int fs_fchownat(int dirfd, const char *path, uid_t uid, gid_t gid, int flags)
{
	int r = core_lock();

	if (r < 0)
		return r;
	r = chown_locked(dirfd, path, uid, gid, flags);
	core_unlock();
	return r;
}

static bool ts_valid(const struct timespec *t)
{
	return t->tv_nsec == UTIME_NOW || t->tv_nsec == UTIME_OMIT ||
	       (t->tv_nsec >= 0 && t->tv_nsec < 1000000000);
}

static int utimens_locked(int dirfd, const char *path,
			  const struct timespec *ts, int flags)
{
	struct timespec t[2], now;
	struct fs_inode *in;
	bool explicit;
	aoff_t ino;
	int r, i;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if (ts && (!ts_valid(&ts[0]) || !ts_valid(&ts[1])))
		return -EINVAL;
	/* Nothing to do: the kernel does not even look the path up. */
	if (ts && ts[0].tv_nsec == UTIME_OMIT && ts[1].tv_nsec == UTIME_OMIT)
		return 0;
	if (!path) {
		if (dirfd == AT_FDCWD)
			return -EFAULT;
		r = lookup(dirfd, "", true, false, &ino);
	} else {
		r = lookup(dirfd, path, flags & AT_EMPTY_PATH,
			   !(flags & AT_SYMLINK_NOFOLLOW), &ino);
	}
	if (r < 0)
		return r;
	fs_now(&now);
	for (i = 0; i < 2; i++)
		t[i] = !ts || ts[i].tv_nsec == UTIME_NOW ? now : ts[i];
	/* Setting a time of one's choice needs ownership; "now" needs only
	 * write permission. */
	explicit = ts && (ts[0].tv_nsec != UTIME_NOW ||
			  ts[1].tv_nsec != UTIME_NOW);
	if (!is_owner(ino)) {
		if (explicit)
			return -EPERM;
		r = permission(ino, MAY_WRITE, false);
		if (r < 0)
			return r;
	}
	if (S_ISREG(INO(ino)->mode) && INO(ino)->named) {
		/* The object keeps a regular file's atime and mtime. */
		inode_sync_privs(ino, NULL, false);
		r = (int)sys6(SYS_utimensat, store_fd(ino), NULL, t, 0, 0, 0);
		if (r < 0)
			return r;
		inode_sync_privs(ino, NULL, true);
	} else if (S_ISREG(INO(ino)->mode) && (!path || !path[0])) {
		/* Unlinked but open: the program's fd reaches the object. */
		int fd = store_reopen(dirfd, O_RDONLY | O_CLOEXEC);

		/* In the band: the filter lets the core set times there. */
		if (fd >= 0)
			fd = band_move(fd);

		if (fd >= 0) {
			arch_kstat k;

			if (sys_fstat(fd, &k) == 0)
				inode_sync_privs(ino, &k, false);
			r = (int)sys6(SYS_utimensat, fd, NULL, t, 0, 0, 0);
			if (r == 0 && sys_fstat(fd, &k) == 0)
				inode_sync_privs(ino, &k, true);
			sys_close(fd);
			if (r < 0)
				return r;
		}
	}
	in = INO_W(ino);
	if (!ts || ts[0].tv_nsec != UTIME_OMIT)
		in->atime = t[0];
	if (!ts || ts[1].tv_nsec != UTIME_OMIT)
		in->mtime = t[1];
	in->ctime = now;
	return 0;
}

int fs_utimensat(int dirfd, const char *path, const struct timespec ts[2],
		 int flags)
{
	int r = core_lock();

	if (r < 0)
		return r;
	r = utimens_locked(dirfd, path, ts, flags);
	core_unlock();
	return r;
}

static int truncate_locked(const char *path, off_t length)
{
	arch_kstat kst;
	const struct fs_inode *in;
	aoff_t ino;
	int r;

	if (length < 0)
		return -EINVAL;
	r = lookup(AT_FDCWD, path, false, true, &ino);
	if (r < 0)
		return r;
	in = INO(ino);
	if (S_ISDIR(in->mode))
		return -EISDIR;
	if (!S_ISREG(in->mode))
		return -EINVAL;
	r = permission(ino, MAY_WRITE, false);
	if (r < 0)
		return r;
	if (is_host(ino))
		r = host_copy_up(ino);
	else if (!in->named)
		r = store_make(ino);
	if (r < 0)
		return r;
	/* truncate(2), unlike ftruncate(2), leaves the times alone when
	 * the length does not change (the kernel's vfs_truncate()). */
	r = store_stat(ino, &kst);
	if (r < 0 || kst.st_size == length)
		return r;
	return (int)sys_ftruncate(store_fd(ino), length);
}

int fs_truncate(const char *path, int64_t length)
{
	int r = core_lock();

	if (r < 0)
		return r;
	r = truncate_locked(path, length);
	core_unlock();
	return r;
}

/* An fd that is not the file system's: what kind of kernel object. */
static long foreign_type(const arch_kstat *kst)
{
	switch (kst->st_mode & S_IFMT) {
	case S_IFIFO:
		return PIPEFS_MAGIC;
	case S_IFSOCK:
		return SOCKFS_MAGIC;
	case 0:
		return ANON_INODE_FS_MAGIC;
	default:
		return -ENOSYS;
	}
}

/*
 * tmpfs's numbers: half of the memory by default, as tmpfs sizes itself
 * (or TAMAGO_FS_SIZE), and as many inodes as half of the memory's pages
 * (or TAMAGO_FS_INODES).
 */
static int statfs_locked(int dirfd, const char *path,
			 struct statfs64 *sf)
{
	struct sysinfo si;
	uint64_t pages, used;
	arch_kstat kst;
	aoff_t ino;
	long r;

	if (!path) {
		r = fd_lookup(dirfd, &ino, &kst);
		if (r < 0)
			return (int)r;
		if (!ino) {
			r = foreign_type(&kst);
			if (r < 0)
				return (int)r;
			memset(sf, 0, sizeof(*sf));
			sf->f_type = r;
			sf->f_bsize = sf->f_frsize = sys_page_size();
			sf->f_namelen = FS_NAME_MAX;
			sf->f_flags = ST_VALID;
			return 0;
		}
	} else {
		r = lookup(dirfd, path, false, true, &ino);
		if (r < 0)
			return (int)r;
	}
	r = sys3(SYS_sysinfo, &si, 0, 0);
	if (r < 0)
		return (int)r;
	/* In the kernel's pages, as tmpfs counts (16 or 64 KiB on arm64). */
	pages = (uint64_t)si.totalram * si.mem_unit / sys_page_size() / 2;
	/* TAMAGO_FS_SIZE, and the room image contents hold in it. */
	if (fsh->size_pages)
		pages = fsh->size_pages;
	used = fd_used_blocks() / (sys_page_size() / 512) + fsh->ballast_pages;
	memset(sf, 0, sizeof(*sf));
	sf->f_type = TMPFS_MAGIC;
	sf->f_bsize = sf->f_frsize = sys_page_size();
	sf->f_blocks = pages;
	sf->f_bfree = sf->f_bavail = pages > used ? pages - used : 0;
	sf->f_files = fsh->max_inodes ? fsh->max_inodes : pages;
	sf->f_ffree = sf->f_files > fsh->ninodes ?
			      sf->f_files - fsh->ninodes : 0;
	sf->f_fsid.__val[0] = FS_DEV_MINOR;
	sf->f_namelen = FS_NAME_MAX;
	sf->f_flags = ST_VALID | ST_RELATIME;
	return 0;
}

int fs_statfs(int dirfd, const char *path, struct statfs64 *sf)
{
	int r = core_lock();

	if (r < 0)
		return r;
	r = statfs_locked(dirfd, path, sf);
	core_unlock();
	return r;
}
