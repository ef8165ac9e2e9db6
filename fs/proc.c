/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A minimal /proc of the program itself, only what real programs ask for:
 *
 *   /proc/self        -> <pid>              (the caller's, however it asks)
 *   /proc/<pid>/exe   -> the program as its caller named it (argv[0])
 *   /proc/<pid>/cwd   -> the working directory, as the shim keeps it
 *   /proc/<pid>/fd/N  -> what fd N is: a path in the in-memory file system,
 *                        or "pipe:[ino]", "socket:[ino]", "anon_inode:..."
 *
 * Nothing of another process or of the host is there. /proc, self, exe,
 * cwd and the fd directory are "magic": their targets and entries are
 * made when they are looked at, for the process that looks (the kind
 * sits in rdev, which no directory or symlink uses otherwise). Opening
 * /proc/self/fd/N of an in-memory file opens that file, as Linux does,
 * even after it was deleted; of a pipe, the pipe (a shell's /dev/fd/N and
 * /dev/stdin); of a socket, ENXIO: fs_openat asks the kernel through the
 * shim's /proc door.
 */
#include <dirent.h>
#include <errno.h>
#include <stddef.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/sysmacros.h>

#include "core/band.h"
#include "fs/internal.h"
#include "core/lock.h"
#include "core/sys.h"
#include "hooks/det.h"
#include "hooks/hooks.h"

#define KIND_MASK 0xff
#define KIND_CWD 0x70
#define KIND_FD_DIR 0x71
#define KIND_FD_LINK 0x72
#define KIND_PROC 0x73
#define KIND_SELF 0x74
#define KIND_EXE 0x75

/* This process's exe (set at start-up, see proc_set_exe). */
static char exe_name[256];

static unsigned int kind(aoff_t ino)
{
	const struct fs_inode *in = INO(ino);

	if (!S_ISDIR(in->mode) && !S_ISLNK(in->mode))
		return 0;
	return in->rdev & KIND_MASK;
}

bool proc_is_root(aoff_t ino)
{
	return ino && ino == fsh->proc_dir;
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

static aoff_t magic(mode_t mode, unsigned int k)
{
	aoff_t ino = inode_new(mode);

	if (ino)
		INO_W(ino)->rdev = k;
	return ino;
}

void proc_set_exe(const char *name)
{
	size_t n = name ? strnlen(name, sizeof(exe_name) - 1) : 0;

	memcpy(exe_name, name ? name : "", n);
	exe_name[n] = '\0';
}

/*
 * /proc is one directory shared by the sandbox, whose lookups are made
 * per process: "self" and the caller's own pid lead to pid_dir (fd, cwd,
 * exe), whose targets are the caller's too. Nothing of another process
 * or of the host is there.
 */
int proc_init(void)
{
	struct fs_shared *w;
	aoff_t proc, pid, fd, cwd, exe, self;
	int r, i;

	proc = magic(S_IFDIR | 0555, KIND_PROC);
	pid = inode_new(S_IFDIR | 0555);
	fd = magic(S_IFDIR | 0500, KIND_FD_DIR);
	cwd = magic(S_IFLNK | 0777, KIND_CWD);
	exe = magic(S_IFLNK | 0777, KIND_EXE);
	self = magic(S_IFLNK | 0777, KIND_SELF);
	if (!proc || !pid || !fd || !cwd || !exe || !self)
		return -ENOSPC;
	w = FSH_W();
	w->proc_dir = proc;
	w->pid_dir = pid;
	w->fd_dir = fd;
	w->self_link = self;
	r = dentry_add(fs_root, "proc", 4, proc);
	if (r == 0) {
		/* Its name varies with the caller: no entry names it. */
		INO_W(pid)->parent = proc;
		r = dentry_add(pid, "fd", 2, fd);
	}
	if (r == 0)
		r = dentry_add(pid, "cwd", 3, cwd);
	if (r == 0)
		r = dentry_add(pid, "exe", 3, exe);
	for (i = 0; r == 0 && i < PROC_SCRATCH; i++) {
		w = FSH_W();
		w->scratch[i] = magic(S_IFLNK | 0700, KIND_FD_LINK);
		if (!fsh->scratch[i])
			r = -ENOSPC;
	}
	/*
	 * exe names the program as its caller did (argv[0]): the kernel's
	 * answer, the absolute host path, would name host directories the
	 * program was never told.
	 */
	if (r == 0 && !exe_name[0])
		proc_set_exe(program_invocation_name);
	return r;
}

/*
 * /proc/sys/kernel/random/{uuid,boot_id}, in a seeded run: plain
 * directories under /proc (found by name, listed nowhere), and two files
 * whose every open is a memfd holding a version 4 UUID, a new one from
 * the random handler for uuid, the seed's own (a stream of its own, not
 * the draws') for boot_id, as Linux's are per read and per boot.
 */
int fs_proc_random(void)
{
	static const char *const names[] = { "kernel", "random" };
	aoff_t dir, sub, uuid, boot;
	struct fs_shared *w;
	int r = 0;
	size_t i;

	if (fsh->sys_dir)
		return 0;
	dir = inode_new(S_IFDIR | 0555);
	uuid = inode_new(S_IFREG | 0444);
	boot = inode_new(S_IFREG | 0444);
	if (!dir || !uuid || !boot)
		return -ENOSPC;
	INO_W(dir)->parent = fsh->proc_dir;
	w = FSH_W();
	w->sys_dir = dir;
	w->uuid_file = uuid;
	w->boot_id_file = boot;
	for (i = 0; r == 0 && i < 2; i++) {
		sub = inode_new(S_IFDIR | 0555);
		if (!sub)
			return -ENOSPC;
		r = dentry_add(dir, names[i], strlen(names[i]), sub);
		dir = sub;
	}
	if (r == 0)
		r = dentry_add(dir, "uuid", 4, uuid);
	if (r == 0)
		r = dentry_add(dir, "boot_id", 7, boot);
	return r;
}

bool proc_is_random(aoff_t ino)
{
	return ino && (ino == fsh->uuid_file || ino == fsh->boot_id_file);
}

int proc_open_random(aoff_t ino, int flags)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char b[16];
	char text[37];
	long fd, r;
	int i, k = 0;

	if ((flags & O_ACCMODE) != O_RDONLY)
		return -EACCES;
	if (ino == fsh->boot_id_file) {
		det_fixed(1, b, sizeof(b));
	} else {
		r = hooks_random(b, sizeof(b), 0);
		if (r != (long)sizeof(b))
			return r < 0 ? (int)r : -EIO;
	}
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
	for (i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			text[k++] = '-';
		text[k++] = hex[b[i] >> 4];
		text[k++] = hex[b[i] & 15];
	}
	text[k++] = '\n';
	fd = sys_memfd_create("random", (flags & O_CLOEXEC) ? MFD_CLOEXEC : 0);
	if (fd < 0)
		return (int)fd;
	r = sys_pwrite((int)fd, text, (size_t)k, 0);
	if (r != k) {
		sys_close((int)fd);
		return r < 0 ? (int)r : -EIO;
	}
	return (int)fd;
}

static bool fd_open(long fd)
{
	return fd >= 0 && fd < band_base() && sys_fcntl((int)fd, F_GETFD, 0) >= 0;
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

/* The caller's pid, as its name in /proc. */
static size_t own_pid(char *buf)
{
	return fmt_dec(buf, (unsigned long)sys3(SYS_getpid, 0, 0, 0));
}

aoff_t proc_lookup(aoff_t dir, const char *name, size_t len)
{
	struct fs_shared *w;
	char pid[24];
	long fd;
	aoff_t l;

	if (kind(dir) == KIND_PROC) {
		if (len == 4 && !memcmp(name, "self", 4))
			return fsh->self_link;
		/* The shim and a hooks library (fs_host_hidden): found by
		 * name, listed nowhere. */
		if (len == sizeof(FS_HIDDEN_SHIM) - 7 &&
		    !memcmp(name, &FS_HIDDEN_SHIM[6], len))
			return fsh->hidden[0];
		if (len == sizeof(FS_HIDDEN_HOOKS) - 7 &&
		    !memcmp(name, &FS_HIDDEN_HOOKS[6], len))
			return fsh->hidden[1];
		if (len == own_pid(pid) && !memcmp(name, pid, len))
			return fsh->pid_dir;
		if (len == 3 && !memcmp(name, "sys", 3))
			return fsh->sys_dir;
		return 0;
	}
	if (kind(dir) != KIND_FD_DIR)
		return 0;
	fd = parse_fd(name, len);
	if (!fd_open(fd))
		return 0;
	/* Made for this lookup; the core lock covers its use. */
	w = FSH_W();
	l = w->scratch[w->scratch_next++ % PROC_SCRATCH];
	INO_W(l)->rdev = KIND_FD_LINK | ((uint32_t)fd << 8);
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
	case KIND_SELF:
		if (size < 24)
			return -ENAMETOOLONG;
		return (long)own_pid(buf);
	case KIND_EXE:
		if (size <= strlen(exe_name))
			return -ENAMETOOLONG;
		memcpy(buf, exe_name, strlen(exe_name) + 1);
		return (long)strlen(exe_name);
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
	if (target && !INO(target)->nlink && !INO(target)->named &&
	    (!deleted || !S_ISREG(INO(target)->mode)))
		return 0;
	*fd = (int)(INO(ino)->rdev >> 8);
	return target;
}

int proc_kernel_fd(aoff_t ino)
{
	arch_kstat st;
	aoff_t target;
	int fd;

	if (kind(ino) != KIND_FD_LINK)
		return -1;
	fd = (int)(INO(ino)->rdev >> 8);
	if (fd_lookup(fd, &target, &st) < 0 || target || store_is(&st))
		return -1;
	return fd;
}

bool proc_holds(aoff_t dir)
{
	return dir && (kind(dir) != 0 || dir == fsh->pid_dir);
}

/* /proc itself: ".", "..", "self" and the caller's pid. */
static long root_getdents(long pos, char *buf, size_t size, long *next)
{
	size_t used = 0, n;
	long i;

	for (i = pos; i < 4; i++) {
		char name[24];
		unsigned char type = i == 2 ? DT_LNK : DT_DIR;

		if (i < 2) {
			n = (size_t)i + 1;
			memcpy(name, "..", n);
			name[n] = '\0';
		} else if (i == 2) {
			n = 4;
			memcpy(name, "self", 5);
		} else {
			n = own_pid(name);
		}
		n = put_dirent(buf + used, size - used,
			       0x7100000 + (uint64_t)i, i + 1, type, name, n);
		if (!n) {
			if (!used)
				return -EINVAL;
			break;
		}
		used += n;
	}
	*next = i;
	return (long)used;
}

/* fd/: one entry per open fd below the band; the cookie is the next fd. */
long proc_getdents(aoff_t dir, long pos, char *buf, size_t size,
		   long *next)
{
	size_t used = 0;
	long fd;

	if (kind(dir) == KIND_PROC)
		return root_getdents(pos, buf, size, next);
	if (kind(dir) != KIND_FD_DIR)
		return -ENOTDIR;
	for (fd = pos; fd < band_base(); fd++) {
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
