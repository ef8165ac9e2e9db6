/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A minimal /proc of the program itself, only what real programs ask for:
 *
 *   /proc/self        -> <pid>              (a symlink, renamed at fork)
 *   /proc/<pid>/exe   -> the program as its caller named it (argv[0])
 *   /proc/<pid>/cwd   -> the working directory, as the shim keeps it
 *   /proc/<pid>/fd/N  -> what fd N is: a path in the in-memory file system,
 *                        or "pipe:[ino]", "socket:[ino]", "anon_inode:..."
 *
 * Nothing of another process or of the host is there. cwd and the fd
 * directory are "magic": their targets and entries are made when they
 * are looked at (the kind sits in rdev, which no directory or symlink
 * uses otherwise). Opening /proc/self/fd/N of an in-memory file opens
 * that file, as Linux does, even after it was deleted.
 */
#include <dirent.h>
#include <errno.h>
#include <stddef.h>
#include <fcntl.h>
#include <pthread.h>
#include <string.h>
#include <sys/sysmacros.h>

#include "fs/internal.h"
#include "core/lock.h"
#include "core/sys.h"

#define KIND_MASK 0xff
#define KIND_CWD 0x70
#define KIND_FD_DIR 0x71
#define KIND_FD_LINK 0x72

static aoff_t proc_dir, pid_dir, self_link, fd_dir;
static aoff_t pid_dentry;

/* Links made for one lookup of fd/N; the core lock covers their use. */
#define NSCRATCH 4
static aoff_t scratch[NSCRATCH];
static unsigned int scratch_next;

static unsigned int kind(aoff_t ino)
{
	struct fs_inode *in = INO(ino);

	if (!S_ISDIR(in->mode) && !S_ISLNK(in->mode))
		return 0;
	return in->rdev & KIND_MASK;
}

bool proc_is_root(aoff_t ino)
{
	return ino && ino == proc_dir;
}

bool proc_is_magic(aoff_t ino)
{
	return ino && kind(ino) != 0;
}

static size_t fmt_dec(char *buf, unsigned long v)
{
	char d[24];
	size_t n = 0, k = 0;

	do {
		d[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		buf[k++] = d[--n];
	buf[k] = '\0';
	return k;
}

/* A symlink whose target is stored, as fs/link.c makes them. */
static aoff_t stored_link(const char *target)
{
	size_t len = strlen(target);
	aoff_t ino = inode_new(S_IFLNK | 0777);

	if (!ino)
		return 0;
	INO(ino)->data = arena_alloc(len + 1);
	if (!INO(ino)->data)
		return 0;
	memcpy(APTR(char, INO(ino)->data), target, len + 1);
	INO(ino)->size = len;
	return ino;
}

static aoff_t magic(mode_t mode, unsigned int k)
{
	aoff_t ino = inode_new(mode);

	if (ino)
		INO(ino)->rdev = k;
	return ino;
}

/* The pid's name in /proc and the target of /proc/self follow getpid. */
static int name_pid(void)
{
	char name[24];
	size_t n = fmt_dec(name, (unsigned long)sys3(SYS_getpid, 0, 0, 0));
	int r;

	if (pid_dentry)
		dentry_del(pid_dentry);
	r = dentry_add(proc_dir, name, n, pid_dir);
	if (r < 0)
		return r;
	pid_dentry = dentry_find(proc_dir, name, n);
	if (self_link) {
		arena_free(INO(self_link)->data, INO(self_link)->size + 1);
		INO(self_link)->data = arena_alloc(n + 1);
		if (!INO(self_link)->data)
			return -ENOSPC;
		memcpy(APTR(char, INO(self_link)->data), name, n + 1);
		INO(self_link)->size = n;
	}
	return 0;
}

static void atfork_child(void)
{
	if (core_lock() == 0) {
		name_pid();
		core_unlock();
	}
}

int proc_init(void)
{
	/*
	 * exe names the program as its caller did (argv[0]): the kernel's
	 * answer, the absolute host path, would name host directories the
	 * program was never told.
	 */
	const char *exe = program_invocation_name ? program_invocation_name :
						    "";
	aoff_t l;
	int r, i;
	proc_dir = inode_new(S_IFDIR | 0555);
	pid_dir = inode_new(S_IFDIR | 0555);
	fd_dir = magic(S_IFDIR | 0500, KIND_FD_DIR);
	self_link = stored_link("0");
	if (!proc_dir || !pid_dir || !fd_dir || !self_link)
		return -ENOSPC;
	r = dentry_add(fs_root, "proc", 4, proc_dir);
	if (r == 0)
		r = dentry_add(proc_dir, "self", 4, self_link);
	if (r == 0)
		r = name_pid();
	if (r == 0)
		r = dentry_add(pid_dir, "fd", 2, fd_dir);
	l = magic(S_IFLNK | 0777, KIND_CWD);
	if (r == 0)
		r = l ? dentry_add(pid_dir, "cwd", 3, l) : -ENOSPC;
	l = stored_link(exe);
	if (r == 0)
		r = l ? dentry_add(pid_dir, "exe", 3, l) : -ENOSPC;
	for (i = 0; r == 0 && i < NSCRATCH; i++) {
		scratch[i] = magic(S_IFLNK | 0700, KIND_FD_LINK);
		if (!scratch[i])
			r = -ENOSPC;
	}
	if (r == 0)
		r = -pthread_atfork(NULL, NULL, atfork_child);
	return r;
}

static bool fd_open(long fd)
{
	return fd >= 0 && fd < fs_band_base() && sys_fcntl((int)fd, F_GETFD, 0) >= 0;
}

static long parse_fd(const char *name, size_t len)
{
	long v = 0;
	size_t i;

	if (!len || len > 9 || (name[0] == '0' && len > 1))
		return -1;
	for (i = 0; i < len; i++) {
		if (name[i] < '0' || name[i] > '9')
			return -1;
		v = v * 10 + (name[i] - '0');
	}
	return v;
}

aoff_t proc_lookup(aoff_t dir, const char *name, size_t len)
{
	long fd;
	aoff_t l;

	if (kind(dir) != KIND_FD_DIR)
		return 0;
	fd = parse_fd(name, len);
	if (!fd_open(fd))
		return 0;
	l = scratch[scratch_next++ % NSCRATCH];
	INO(l)->rdev = KIND_FD_LINK | ((uint32_t)fd << 8);
	return l;
}

/* What Linux would show for an fd that is not an in-memory file. */
static long kernel_name(const arch_kstat *st, char *buf, size_t size)
{
	const char *what = S_ISFIFO(st->st_mode)  ? "pipe:[" :
			   S_ISSOCK(st->st_mode) ? "socket:[" :
			   S_ISREG(st->st_mode)	 ? "(deleted)" :
						   "anon_inode:[";
	size_t n = strlen(what);

	if (size < n + 24)
		return -ENAMETOOLONG;
	memcpy(buf, what, n + 1);
	if (what[0] != '(') {
		n += fmt_dec(buf + n, (unsigned long)st->st_ino);
		buf[n++] = ']';
		buf[n] = '\0';
	}
	return (long)n;
}

long proc_target(aoff_t ino, char *buf, size_t size)
{
	arch_kstat st;
	aoff_t target;
	long r;

	switch (kind(ino)) {
	case KIND_CWD:
		return fs_cwd ? inode_path(fs_cwd, buf, size) : -ENOENT;
	case KIND_FD_LINK:
		r = fd_lookup((int)(INO(ino)->rdev >> 8), &target, &st);
		if (r < 0)
			return r;
		if (!target)
			return kernel_name(&st, buf, size);
		r = inode_path(target, buf, size);
		if (r == -ENOENT && size > 10) {
			memcpy(buf, "(deleted)", 10);
			r = 9;
		}
		return r;
	}
	return -EINVAL;
}

/*
 * Where following fd/N leads: the in-memory file itself. A deleted file
 * whose backing the shim no longer holds leads somewhere only for the
 * callers that can give it one again from fd N (deleted: open, linkat;
 * fd_adopt); for the others following it fails with ENOENT.
 */
aoff_t proc_jump(aoff_t ino, bool deleted, int *fd)
{
	aoff_t target = 0;

	if (kind(ino) != KIND_FD_LINK ||
	    fd_lookup((int)(INO(ino)->rdev >> 8), &target, NULL) < 0)
		return 0;
	if (target && !INO(target)->nlink && INO(target)->backing < 0 &&
	    (!deleted || !S_ISREG(INO(target)->mode)))
		return 0;
	*fd = (int)(INO(ino)->rdev >> 8);
	return target;
}

/* fd/: one entry per open fd below the band; the cookie is the next fd. */
long proc_getdents(aoff_t dir, long pos, char *buf, size_t size,
		   long *next)
{
	size_t used = 0;
	long fd;

	if (kind(dir) != KIND_FD_DIR)
		return -ENOTDIR;
	for (fd = pos; fd < fs_band_base(); fd++) {
		char name[16];
		size_t n, reclen;

		if (fd < 2) {
			/* "." and ".." */
			n = fd + 1;
			memcpy(name, "..", n);
			name[n] = '\0';
		} else if (!fd_open(fd - 2)) {
			continue;
		} else {
			n = fmt_dec(name, (unsigned long)(fd - 2));
		}
		reclen = put_dirent(buf + used, size - used,
				    0x7000000 + (uint64_t)fd, fd + 1,
				    fd < 2 ? DT_DIR : DT_LNK, name, n);
		if (!reclen) {
			if (!used)
				return -EINVAL;
			break;
		}
		used += reclen;
	}
	*next = fd;
	return (long)used;
}
