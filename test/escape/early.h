/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Code that runs before the shim's constructor (a library's constructor,
 * the program's IFUNC resolver and preinit_array entry) tries to read a
 * host file with a raw call and reports with raw writes only (no libc is
 * ready in a resolver): "early-KIND: escaped ..." or "early-KIND: errno X".
 */
#ifndef TAMAGO_ESCAPE_EARLY_H
#define TAMAGO_ESCAPE_EARLY_H

/* The host file the early probes aim at (the run with --ro=/etc: one
 * beyond it). */
#ifndef EARLY_HOST_FILE
#define EARLY_HOST_FILE "/etc/ld.so.cache"
#endif

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/resource.h>

#include "core/sys.h"
#include "test/lib/legacy.h"

/*
 * Calls newer than this toolchain's headers: their numbers are the ones
 * every architecture shares since the unified table (asm-generic), so
 * one definition serves all.
 */
#ifndef SYS_setxattrat
#define SYS_setxattrat 463
#define SYS_getxattrat 464
#define SYS_removexattrat 466
#define SYS_file_getattr 468
#define SYS_file_setattr 469
/* NAME=value from a process's environment, before libc's is set up. */
#endif

/*
 * The old path calls where the architecture has them, else their *at
 * forms, which both filters treat alike (trapped rows, refused before
 * the seal); probes of the old calls themselves are the architecture's
 * (arch/<arch>/escape-probes.h). fstatat's number is test/lib/legacy.h's.
 */
static inline long early_readlink(const char *path, char *buf, size_t n)
{
#ifdef SYS_readlink
	return sys3(SYS_readlink, path, buf, n);
#else
	return sys6(SYS_readlinkat, AT_FDCWD, path, buf, n, 0, 0);
#endif
}

static inline long early_stat(const char *path, arch_kstat *st)
{
#ifdef SYS_stat
	return sys3(SYS_stat, path, st, 0);
#else
	return sys6(LEGACY_SYS_FSTATAT, AT_FDCWD, path, st, 0, 0, 0);
#endif
}

static inline void early_say(const char *kind, const char *what, bool err)
{
	char line[96];
	size_t i, n = 0;

	for (i = 0; kind[i] && n < 40; i++)
		line[n++] = kind[i];
	memcpy(line + n, ": ", 2);
	n += 2;
	if (err) {
		memcpy(line + n, "errno ", 6);
		n += 6;
	}
	for (i = 0; what[i] && n < sizeof(line) - 1; i++)
		line[n++] = what[i];
	line[n++] = '\n';
	sys_write(1, line, n);
}

static inline const char *early_errno(long e)
{
	static const struct {
		int e;
		const char *name;
	} names[] = { { EACCES, "EACCES" }, { ENOENT, "ENOENT" },
		      { EPERM, "EPERM" }, { ENOTTY, "ENOTTY" },
		      { EROFS, "EROFS" }, { ESRCH, "ESRCH" },
		      { ENOSYS, "ENOSYS" }, { EFAULT, "EFAULT" },
		      { EINVAL, "EINVAL" }, { ENODATA, "ENODATA" },
		      { EOPNOTSUPP, "EOPNOTSUPP" }, { EBADF, "EBADF" } };
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (-e == names[i].e)
			return names[i].name;
	return "EOTHER";
}

/* A terminal request that reaches beyond the fd, before the shim. */
static inline void early_tiocsti(const char *kind)
{
	char c = '\n';
	long r = sys3(SYS_ioctl, 0, TIOCSTI, &c);

	if (r == 0)
		early_say(kind, "escaped typed into the terminal", false);
	else
		early_say(kind, early_errno(r), true);
}

/* A host file the sandbox never holds (its /etc has presets of its
 * own: launcher/preset.c). */
static inline void early_try(const char *kind)
{
	long fd = sys_openat(AT_FDCWD, EARLY_HOST_FILE, O_RDONLY, 0);
	char buf[16];

	if (fd >= 0 && sys_read((int)fd, buf, sizeof(buf)) > 0)
		early_say(kind, "escaped read " EARLY_HOST_FILE, false);
	else if (fd >= 0)
		early_say(kind, "contained read nothing", false);
	else
		early_say(kind, early_errno(fd), true);
	if (fd >= 0)
		sys_close((int)fd);
}

/* NAME=value from a process's environment, before libc's is set up. */
static inline const char *early_env(char **envp, const char *name)
{
	size_t n = strlen(name);

	for (; envp && *envp; envp++)
		if (!strncmp(*envp, name, n) && (*envp)[n] == '=')
			return *envp + n + 1;
	return NULL;
}

/* "early-MODE: escaped WHAT" for r >= 0, else the errno. */
static inline void early_result(const char *kind, long r, const char *what)
{
	if (r >= 0)
		early_say(kind, what, false);
	else
		early_say(kind, early_errno(r), true);
}

static inline void early_path(char *buf, size_t len, const char *dir,
			      const char *name)
{
	size_t d = strlen(dir ? dir : "/nonexistent"), n = strlen(name);

	if (d + n + 2 > len)
		d = n = 0;
	memcpy(buf, dir ? dir : "/nonexistent", d);
	buf[d] = '/';
	memcpy(buf + d + 1, name, n + 1);
}

/*
 * One attempt of code that runs before the shim's seal, chosen by
 * EARLY_MODE (some are killed outright, so one per run): changing the
 * metadata of its own host executable (a scratch copy, run.sh sees to
 * it), reading host metadata Landlock does not cover, and reaching other
 * processes (ESCAPE_VICTIM). Each prints "early-MODE: ...".
 */
static inline void early_mode(const char *mode, char **argv, char **envp)
{
	const char *tmp = early_env(envp, "ESCAPE_TMP");
	const char *v = early_env(envp, "ESCAPE_VICTIM");
	long victim = v ? atol(v) : 1, fd, r = -EINVAL;
	char kind[48] = "early-", path[512], buf[256];
	struct {
		uint64_t value;
		uint32_t size, flags;
	} xa = { (uint64_t)(uintptr_t)"x", 1, 0 };
	arch_kstat st;

	strncat(kind, mode, sizeof(kind) - 7);
	fd = sys_openat(AT_FDCWD, argv[0], O_RDONLY | O_CLOEXEC, 0);
	if (!strcmp(mode, "fchmod")) {
		if (fd >= 0 && sys_fstat((int)fd, &st) == 0)
			r = sys3(SYS_fchmod, fd, st.st_mode & 07777, 0);
		early_result(kind, r, "escaped changed its host executable");
	} else if (!strcmp(mode, "fsetxattr")) {
		r = sys6(SYS_fsetxattr, fd, "user.tamago", "x", 1, 0, 0);
		early_result(kind, r, "escaped set an xattr on a host file");
	} else if (!strcmp(mode, "utimes")) {
		if (fd >= 0 && sys_fstat((int)fd, &st) == 0) {
			struct timespec t[2] = { st.st_atim, st.st_mtim };

			r = sys6(SYS_utimensat, fd, 0, t, 0, 0, 0);
		}
		early_result(kind, r, "escaped set a host file's times");
	} else if (!strcmp(mode, "setxattrat")) {
		r = sys6(SYS_setxattrat, AT_FDCWD, argv[0], 0, "user.tamago",
			 &xa, sizeof(xa));
		early_result(kind, r, "escaped set an xattr by path");
	} else if (!strcmp(mode, "removexattrat")) {
		r = sys6(SYS_removexattrat, AT_FDCWD, argv[0], 0, "user.none",
			 0, 0);
		early_result(kind, r == -ENODATA ? 0 : r,
			     "escaped may remove a host file's xattrs");
	} else if (!strcmp(mode, "file-setattr")) {
		uint64_t fa[3] = { 0, 0, 0 };

		r = sys6(SYS_file_getattr, AT_FDCWD, argv[0], fa, 24, 0, 0);
		if (r == 0)
			r = sys6(SYS_file_setattr, AT_FDCWD, argv[0], fa, 24, 0,
				 0);
		early_result(kind, r, "escaped set a host file's attributes");
	} else if (!strcmp(mode, "getxattr")) {
		early_path(path, sizeof(path), tmp, "secret");
		r = sys6(SYS_getxattr, path, "user.secret", buf, sizeof(buf),
			 0, 0);
		early_result(kind, r, "escaped read a host file's xattr");
	} else if (!strcmp(mode, "readlink")) {
		early_path(path, sizeof(path), tmp, "link");
		r = early_readlink(path, buf, sizeof(buf));
		early_result(kind, r, "escaped read a host symlink");
	} else if (!strcmp(mode, "stat")) {
		early_path(path, sizeof(path), tmp, "secret");
		r = early_stat(path, &st);
		early_result(kind, r, "escaped read a host path's metadata");
	} else if (!strcmp(mode, "stat-dirfd")) {
		/* fstat's own form, a directory fd and a path. */
		long dir = sys_openat(AT_FDCWD, tmp ? tmp : "/", O_PATH, 0);

		r = sys6(LEGACY_SYS_FSTATAT, dir, "secret", &st, AT_EMPTY_PATH,
			 0, 0);
		early_result(kind, r, "escaped read a host path's metadata");
	} else if (!strcmp(mode, "opath-fstat")) {
		/* O_PATH, which Landlock does not check, then plain fstat. */
		long o;

		early_path(path, sizeof(path), tmp, "secret");
		o = sys_openat(AT_FDCWD, path, O_PATH, 0);
		r = o < 0 ? o : sys_fstat((int)o, &st);
		early_result(kind, r, "escaped read a host path's metadata");
	} else if (!strcmp(mode, "listener")) {
		/* A filter of its own whose listener would be asked first
		 * about fstat (and could let a path through). */
		struct sock_filter f[] = {
			BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
				 offsetof(struct seccomp_data, nr)),
			BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, LEGACY_SYS_FSTATAT,
				 0, 1),
			BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF),
			BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		};
		struct sock_fprog prog = { 4, f };

		sys6(SYS_prctl, PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0, 0);
		r = sys3(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
			 SECCOMP_FILTER_FLAG_NEW_LISTENER, &prog);
		early_result(kind, r, "escaped holds a listener of its own");
	} else if (!strcmp(mode, "prlimit")) {
		struct rlimit rl;

		r = sys6(SYS_prlimit64, victim, RLIMIT_NOFILE, 0, &rl, 0, 0);
		early_result(kind, r, "escaped read a host process's limits");
	} else if (!strcmp(mode, "setpriority")) {
		r = sys3(SYS_setpriority, PRIO_PROCESS, victim, 19);
		early_result(kind, r, "escaped changed a host process");
	} else if (!strcmp(mode, "setscheduler")) {
		struct sched_param sp = { 0 };

		r = sys3(SYS_sched_setscheduler, victim, SCHED_BATCH, &sp);
		early_result(kind, r, "escaped changed a host process");
	} else if (!strcmp(mode, "ioprio")) {
		r = sys3(SYS_ioprio_set, 1, victim, (2 << 13) | 7);
		early_result(kind, r, "escaped changed a host process");
	} else if (!strcmp(mode, "interp2")) {
		/* The copy with a second PT_INTERP naming /etc. */
		early_try(kind);
	} else {
		early_say(kind, "unknown mode", false);
	}
	if (fd >= 0)
		sys_close((int)fd);
}

#endif
