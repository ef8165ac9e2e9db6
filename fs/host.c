/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Host files the sandbox needs to run its programs (tamago-exec places
 * them, before the seal): the program, its interpreter, its libraries,
 * the shim. Each becomes a regular file of the sandbox's file system at
 * its host path, backed by a band fd every process inherits: the host's
 * own file, read-only, where it lies on a read-only mount (the sandbox's
 * view of the host; the seal grants reading exactly these files, so a
 * program's open of one is a fresh reopen), else a copy of its content in
 * a sealed memfd. The loader and the dynamic loader find them as any
 * other file, in every process, and nothing else of the host is reached
 * after the seal. They are the sandbox's means, not the program's data: a
 * size limit does not count them and the export leaves them out, until
 * the program writes one, which then becomes a file of the store like
 * any.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>

#include "core/band.h"
#include "core/lock.h"
#include "core/sys.h"
#include "fs/internal.h"

/*
 * The directory that holds path's last name, made as needed (0755, like
 * mkdir -p: an image's symlinks on the way are followed, as the dynamic
 * loader will follow them).
 */
int place_parent(const char *path, aoff_t *dir, const char **last,
		 size_t *len)
{
	char sub[FS_PATH_MAX];
	struct walk w;
	size_t n = strlen(path), i;
	int r;

	if (path[0] != '/' || n >= sizeof(sub))
		return -EINVAL;
	for (i = 1; i <= n; i++) {
		aoff_t ino;

		if (path[i] != '/' && path[i] != '\0')
			continue;
		if (path[i] == '\0')
			break;
		memcpy(sub, path, i);
		sub[i] = '\0';
		r = walk(AT_FDCWD, sub, WALK_FOLLOW, &w);
		if (r < 0)
			return r;
		if (w.ino) {
			if (!S_ISDIR(INO(w.ino)->mode))
				return -ENOTDIR;
			continue;
		}
		ino = inode_new(S_IFDIR | 0755);
		if (!ino)
			return -ENOSPC;
		INO_W(ino)->uid = INO_W(ino)->gid = 0;
		INO_W(ino)->placed = 1;
		r = dentry_add_new(&w, ino);
		if (r < 0)
			return r;
	}
	r = walk(AT_FDCWD, path, WALK_PARENT, &w);
	if (r < 0)
		return r;
	if (!w.len || is_dot(&w) || w.len > FS_NAME_MAX)
		return -EINVAL;
	*dir = w.dir;
	*last = w.name;
	*len = w.len;
	return 0;
}

/* A new regular file with fd's metadata and content (not named yet). */
static int copy_in(int fd, bool as_is, aoff_t *out);

static int host_file_locked(const char *path, int fd, bool as_is)
{
	struct timespec mtime, ctime;
	const char *last;
	size_t len;
	aoff_t dir, ino, de;
	long r;

	r = place_parent(path, &dir, &last, &len);
	if (r < 0)
		return (int)r;
	/* An image's file there wins: it is what the user gave. */
	de = dentry_find(dir, last, len);
	if (de)
		return 0;
	r = copy_in(fd, as_is, &ino);
	if (r < 0)
		return (int)r;
	/* Placing is not a change of the image's directory: its times
	 * stay what the image gave (an export of changes leaves it out). */
	mtime = INO(dir)->mtime;
	ctime = INO(dir)->ctime;
	r = dentry_add(dir, last, len, ino);
	if (r < 0) {
		INO_W(ino)->nlink = 0;
		inode_put(ino);
	}
	INO_W(dir)->mtime = mtime;
	INO_W(dir)->ctime = ctime;
	return (int)r;
}

/* The index of dev in the table of placed files' devices, added if need
 * be; -1 when the table is full. */
static int dev_index(uint64_t dev, bool add)
{
	uint32_t i;

	for (i = 0; i < fsh->nhost_devs; i++)
		if (fsh->host_devs[i] == dev)
			return (int)i;
	if (!add || i == HOST_DEVS)
		return -1;
	FSH_W()->host_devs[i] = dev;
	FSH_W()->nhost_devs = i + 1;
	return (int)i;
}

static uint64_t key_of(const arch_kstat *kst, bool add)
{
	uint64_t ino = (uint64_t)kst->st_ino;
	int i;

	if (ino >> KINO_DEV_SHIFT)
		return 0;
	i = dev_index((uint64_t)kst->st_dev, add);
	if (i < 0)
		return 0;
	return ino | KINO_HOST | ((uint64_t)i << KINO_DEV_SHIFT);
}

uint64_t host_key(const arch_kstat *kst)
{
	return key_of(kst, false);
}

uint64_t host_key_add(const arch_kstat *kst)
{
	return key_of(kst, true);
}

/*
 * fd's content as a sealed memfd, not the store: what the program runs
 * by is not its own data (a size limit does not count it, the export
 * leaves it out) until the program writes it (host_copy_up).
 */
static long copy_to_memfd(int fd, const arch_kstat *host)
{
	off_t off = 0;
	long r, mfd;

	mfd = sys_memfd_create("tamago-host", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	while (mfd >= 0 && off < host->st_size) {
		r = sys6(SYS_sendfile, mfd, fd, &off,
			 (size_t)(host->st_size - off), 0, 0);
		if (r <= 0) {
			sys_close((int)mfd);
			return r < 0 ? r : -EIO;
		}
	}
	if (mfd < 0)
		return mfd;
	sys_fcntl((int)mfd, F_ADD_SEALS, F_SEAL_SEAL | F_SEAL_SHRINK |
					       F_SEAL_GROW | F_SEAL_WRITE);
	return mfd;
}

static int copy_in(int fd, bool as_is, aoff_t *out)
{
	struct fs_inode *in;
	arch_kstat host, st;
	uint64_t key = 0;
	aoff_t ino;
	long r, bfd;

	r = sys_fstat(fd, &host);
	if (r < 0)
		return (int)r;
	if (!S_ISREG(host.st_mode))
		return -EINVAL;
	/*
	 * The host's own file, as it is: no copy of a C library at every
	 * start, and the page cache's pages shared with the host. A second
	 * placement of the same file (a hard link, or a path given twice)
	 * gets a copy: the fd map has one inode per key.
	 */
	if (as_is) {
		key = key_of(&host, true);
		if (key && kmap_find(key))
			key = 0;
	}
	if (key) {
		bfd = sys_fcntl(fd, F_DUPFD_CLOEXEC, 0);
		st = host;
	} else {
		bfd = copy_to_memfd(fd, &host);
		r = bfd < 0 ? bfd : sys_fstat((int)bfd, &st);
		if (r < 0) {
			if (bfd >= 0)
				sys_close((int)bfd);
			return (int)r;
		}
		key = key_of(&st, true);
		if (!key) {
			sys_close((int)bfd);
			return -EOVERFLOW;
		}
	}
	if (bfd < 0)
		return (int)bfd;
	/* Every process of the sandbox inherits it at this number. */
	bfd = band_keep((int)bfd);
	if (bfd < 0)
		return (int)bfd;
	ino = inode_new(S_IFREG | (host.st_mode & 0755));
	if (!ino) {
		sys_close((int)bfd);
		return -ENOSPC;
	}
	in = INO_W(ino);
	in->uid = host.st_uid;
	in->gid = host.st_gid;
	in->mode = S_IFREG | (host.st_mode & 07777 & ~(S_ISUID | S_ISGID));
	in->atime = host.st_atim;
	in->mtime = host.st_mtim;
	in->ctime = host.st_ctim;
	in->hostfd = (int32_t)bfd;
	in->placed = st.st_dev == host.st_dev && st.st_ino == host.st_ino;
	in->kino = key;
	in->size = (uint64_t)st.st_size;
	r = kmap_add(ino);
	if (r < 0) {
		INO_W(ino)->nlink = 0;
		inode_put(ino);
		return (int)r;
	}
	*out = ino;
	return 0;
}

bool host_only(aoff_t ino)
{
	aoff_t d;

	/* A layer's files and symlinks, never written (lower.c). */
	if (is_host(ino) || (!S_ISDIR(INO(ino)->mode) && INO(ino)->lower))
		return true;
	if (!S_ISDIR(INO(ino)->mode) || !INO(ino)->placed)
		return false;
	for (d = INO(ino)->first; d; d = DENT(d)->next)
		if (!host_only(DENT(d)->child))
			return false;
	return true;
}

int host_open(aoff_t ino, int flags)
{
	int keep = O_ACCMODE | O_NONBLOCK | O_CLOEXEC | O_PATH | O_NOATIME;
	int fd = INO(ino)->hostfd, r;

	/* A fresh open file description, through /proc where it may. */
	r = store_reopen(fd, (flags & keep & ~O_ACCMODE) | O_RDONLY);
	if (r == -ENOENT)
		r = (int)sys_fcntl(fd, (flags & O_CLOEXEC) ? F_DUPFD_CLOEXEC :
							     F_DUPFD, 0);
	return r;
}

int host_dup(aoff_t ino)
{
	return (int)sys_fcntl(INO(ino)->hostfd, F_DUPFD_CLOEXEC, 0);
}

int host_copy_up(aoff_t ino)
{
	int from = INO(ino)->hostfd, to;
	off_t off = 0;
	uint64_t size = INO(ino)->size;
	long r;

	/* The memfd's kernel inode is no longer the file's. */
	fd_map_remove(ino);
	INO_W(ino)->hostfd = -1;
	r = store_make(ino);
	to = r < 0 ? (int)r : store_fd(ino);
	while (to >= 0 && (uint64_t)off < size) {
		r = sys6(SYS_sendfile, to, from, &off, (size_t)(size - off), 0,
			 0);
		if (r <= 0) {
			to = r < 0 ? (int)r : -EIO;
			break;
		}
	}
	if (to < 0)
		return to;
	INO_W(ino)->size = 0;
	return 0;
}

int fs_host_hidden(int which, int fd, bool as_is)
{
	aoff_t ino;
	int r;

	if (which < 0 || which > 1)
		return -EINVAL;
	r = core_lock_bulk();
	if (r < 0)
		return r;
	r = copy_in(fd, as_is, &ino);
	if (r == 0)
		FSH_W()->hidden[which] = ino;
	core_unlock();
	return r;
}

int fs_host_file(const char *path, int fd, bool as_is)
{
	int r = core_lock_bulk();

	if (r < 0)
		return r;
	r = host_file_locked(path, fd, as_is);
	core_unlock();
	return r;
}
