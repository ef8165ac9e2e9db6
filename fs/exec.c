/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Running a program inside the sandbox. The path is looked up in the
 * sandbox's file system (never the host's), with the checks and errors of
 * the kernel's execve: ENOENT, EACCES for no execute permission or not a
 * regular file, ENOEXEC for what is neither ELF nor "#!". A script names
 * its interpreter, looked up the same way (at most four deep, as the
 * kernel's). Set-ID bits are ignored, as on a nosuid mount.
 *
 * Then the one exec the filter allows: of the loader (loader/), with the
 * program's object open on an fd and this process's state (working
 * directory, umask, fd limit) in its arguments; the loader maps the
 * program, installs the trap path and jumps to it. So every exec runs
 * under the same filter, Landlock layers, file system and handlers,
 * whatever environment the caller gives it.
 *
 * The loader's arguments: "tamago-loader", the handover (see fs.h),
 * the path as the caller gave it (AT_EXECFN), the program's absolute path
 * in the sandbox (/proc/self/exe), then the program's argv
 * (the interpreter's, for a script: interpreter, its argument, the
 * script, the rest).
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>

#include "core/band.h"
#include "core/config.h"
#include "core/lock.h"
#include "core/sys.h"
#include "fs/internal.h"

#define MAX_SCRIPTS 4
#define HEAD_LEN 256

const uint64_t *fs_exec_sigmask;

struct script {
	char interp[HEAD_LEN];
	char arg[HEAD_LEN];	/* "" if none */
	bool has_arg;
};

/*
 * "#!interp [arg]\n" of a script's first line, as the kernel reads it:
 * leading blanks skipped, one argument (the rest of the line, trailing
 * blanks dropped). 0, or -ENOEXEC for a line with no interpreter.
 */
static int parse_script(const char *head, size_t n, struct script *s)
{
	size_t i = 2, j, end;

	for (end = 2; end < n && head[end] != '\n'; end++)
		;
	while (i < end && (head[i] == ' ' || head[i] == '\t'))
		i++;
	for (j = i; j < end && head[j] != ' ' && head[j] != '\t'; j++)
		;
	if (j == i || j - i >= sizeof(s->interp))
		return -ENOEXEC;
	memcpy(s->interp, head + i, j - i);
	s->interp[j - i] = '\0';
	while (j < end && (head[j] == ' ' || head[j] == '\t'))
		j++;
	while (end > j && (head[end - 1] == ' ' || head[end - 1] == '\t' ||
			   head[end - 1] == '\r'))
		end--;
	s->has_arg = end > j;
	memcpy(s->arg, head + j, end - j);
	s->arg[end - j] = '\0';
	return 0;
}

/*
 * fexecve of a file the program holds outside the sandbox's file system
 * (a memfd it wrote): the loader maps it like any program, under the
 * same filter. Its name, as Linux shows one, is unknown here.
 */
static int open_own_fd(int fd, char *head, size_t *headlen, char *exe)
{
	arch_kstat k;
	long n;
	int own;

	if (fd < 0 || fd >= band_base() || sys_fstat(fd, &k) < 0)
		return -EBADF;
	if (!S_ISREG(k.st_mode) || !(k.st_mode & 0111))
		return -EACCES;
	own = (int)sys_fcntl(fd, F_DUPFD_CLOEXEC, 0);
	if (own < 0)
		return own;
	n = sys_pread(own, head, HEAD_LEN - 1, 0);
	if (n < 0) {
		sys_close(own);
		return (int)n;
	}
	head[n] = '\0';
	*headlen = (size_t)n;
	memcpy(exe, "/memfd: (deleted)", 18);
	return own;
}

/*
 * Looks path up and opens its object read-only: the program, or a
 * script's (whose first line is then in *script). Returns the fd.
 */
static int open_program(int dirfd, const char *path, int flags,
			char *head, size_t *headlen, char *exe)
{
	struct walk w;
	aoff_t ino;
	long n;
	int r, fd;

	if (path[0] == '\0' && (flags & AT_EMPTY_PATH)) {
		r = empty_path_inode(dirfd, &ino);
		if (r == -ENOENT)
			return open_own_fd(dirfd, head, headlen, exe);
		if (r < 0)
			return r;
	} else {
		r = walk(dirfd, path,
			 (flags & AT_SYMLINK_NOFOLLOW) ? 0 : WALK_FOLLOW, &w);
		if (r < 0)
			return r;
		if (!w.ino)
			return -ENOENT;
		ino = w.ino;
		if (S_ISLNK(INO(ino)->mode))
			return -ELOOP;
	}
	if (!S_ISREG(INO(ino)->mode))
		return -EACCES;
	r = permission(ino, MAY_EXEC, false);
	if (r < 0)
		return r;
	if (is_host(ino)) {
		/* The loader only reads and maps it: no fresh description. */
		fd = host_dup(ino);
	} else if (is_lower(ino)) {
		fd = lower_open(ino, O_CLOEXEC);
	} else {
		if (!INO(ino)->named) {
			r = store_make(ino);
			if (r < 0)
				return r;
		}
		fd = store_open(ino, O_RDONLY | O_CLOEXEC);
	}
	if (fd < 0)
		return fd;
	n = sys_pread(fd, head, HEAD_LEN - 1, 0);
	if (n < 0) {
		sys_close(fd);
		return (int)n;
	}
	/* /proc/self/exe: where the sandbox has it, absolute (a deleted
	 * one's name is the one it was run by). */
	if (inode_path(ino, exe, FS_PATH_MAX) < 0)
		memcpy(exe, "(deleted)", 10);
	head[n] = '\0';
	*headlen = (size_t)n;
	touch_atime(ino);
	return fd;
}

static bool is_elf(const char *head, size_t n)
{
	return n >= 4 && head[0] == 0x7f && head[1] == 'E' &&
	       head[2] == 'L' && head[3] == 'F';
}

static size_t fmt_num(char *buf, unsigned long v)
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

/* "tamago:1:<arena>:<prog>:<cwd>:<umask>:<nofile>" (loader/handover.c). */
static void handover(char *buf, int prog)
{
	struct rlimit nofile = { 0, 0 };
	unsigned long v[5];
	size_t n, i;

	band_prlimit_nofile(NULL, &nofile);
	v[0] = (unsigned long)arena_fd();
	v[1] = (unsigned long)prog;
	v[2] = fs_cwd;
	v[3] = fs_cur_umask;
	v[4] = (unsigned long)nofile.rlim_cur;
	memcpy(buf, FS_HANDOVER, sizeof(FS_HANDOVER) - 1);
	n = sizeof(FS_HANDOVER) - 1;
	for (i = 0; i < 5; i++) {
		buf[n++] = ':';
		n += fmt_num(buf + n, v[i]);
	}
}

int fs_execveat(int dirfd, const char *path, char *const argv[],
		char *const envp[], int flags)
{
	static const char *const none[] = { NULL };
	static char exe[FS_PATH_MAX];
	struct script scripts[MAX_SCRIPTS];
	char head[HEAD_LEN], hand[128], *const *args;
	const struct core_config *cfg = core_config();
	const char *name = path;
	size_t headlen = 0, nargs, nscripts = 0, i, k, size;
	char **vec;
	int fd, r, d = dirfd, f = flags;

	if (!path)
		return -EFAULT;
	if (flags & ~(AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW))
		return -EINVAL;
	if (!cfg || cfg->loader_fd < 0)
		return -ENOEXEC;
	args = argv ? argv : (char *const *)none;
	if (!envp)
		envp = (char *const *)none;
	r = core_lock();
	if (r < 0)
		return r;
	for (;;) {
		fd = open_program(d, name, f, head, &headlen, exe);
		if (fd < 0)
			break;
		if (is_elf(head, headlen))
			break;
		sys_close(fd);
		if (headlen < 2 || head[0] != '#' || head[1] != '!') {
			fd = -ENOEXEC;
			break;
		}
		if (nscripts == MAX_SCRIPTS) {
			fd = -ELOOP;
			break;
		}
		fd = parse_script(head, headlen, &scripts[nscripts]);
		if (fd < 0)
			break;
		name = scripts[nscripts++].interp;
		d = AT_FDCWD;
		f = 0;
	}
	if (fd >= 0) {
		/* Out of the program's sight, and across the exec. */
		fd = band_move(fd);
		if (fd >= 0)
			sys_fcntl(fd, F_SETFD, 0);
	}
	if (fd >= 0)
		handover(hand, fd);
	core_unlock();
	if (fd < 0)
		return fd;

	/*
	 * The loader's argv: itself, the handover, the path, then the
	 * program's, each script's interpreter (and argument) before the
	 * script's path in place of its argv[0]. On the stack of no one: a
	 * vfork child's caller must find its memory as it was.
	 */
	for (nargs = 0; args[nargs]; nargs++)
		;
	size = (nargs + 5 + 3 * MAX_SCRIPTS) * sizeof(char *);
	vec = sys_mmap(NULL, size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1);
	if (sys_mmap_failed(vec)) {
		sys_close(fd);
		return (int)(long)vec;
	}
	k = 0;
	vec[k++] = (char *)"tamago-loader";
	vec[k++] = hand;
	vec[k++] = (char *)(nscripts ? scripts[nscripts - 1].interp : path);
	vec[k++] = exe;
	/* The kernel's order: the last interpreter first, down to the
	 * first script's, then the script itself in place of argv[0]. */
	for (i = nscripts; i-- > 0;) {
		vec[k++] = scripts[i].interp;
		if (scripts[i].has_arg)
			vec[k++] = scripts[i].arg;
	}
	if (nscripts)
		vec[k++] = (char *)path;
	for (i = nscripts ? 1 : 0; i < nargs; i++)
		vec[k++] = args[i];
	/* An empty argv gets "" as argv[0], as Linux gives it. */
	if (!nscripts && !nargs)
		vec[k++] = (char *)"";
	vec[k] = NULL;
	/*
	 * From the trap path, the handler's mask (everything blocked) would
	 * be the new program's: it gets its caller's instead, as an exec
	 * keeps the mask (SIGSYS open: the new image's first trapped call
	 * must reach its trap path).
	 */
	if (fs_exec_sigmask) {
		uint64_t m = *fs_exec_sigmask & ~(1ULL << (SIGSYS - 1)), all;

		sys_sigmask(SIG_SETMASK, &m, &all);
		r = (int)sys6(SYS_execveat, cfg->loader_fd, "", vec, envp,
			      AT_EMPTY_PATH, 0);
		sys_sigmask(SIG_SETMASK, &all, NULL);
	} else {
		r = (int)sys6(SYS_execveat, cfg->loader_fd, "", vec, envp,
			      AT_EMPTY_PATH, 0);
	}
	/* Still here: the exec failed. */
	sys_munmap(vec, size);
	sys_close(fd);
	return r;
}
