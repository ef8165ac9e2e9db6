/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Running another program is refused: it would leave the sandbox's file
 * system behind. Every door (the exec family, posix_spawn, system, popen,
 * and the execve system call itself) comes to refuse(): a
 * "tamago: exec <path>: refused" line, and EPERM for the calling program,
 * which goes on.
 */
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "shim/shim.h"

static long refuse(const char *path)
{
	char name[256];
	size_t n = path ? strnlen(path, sizeof(name) - 1) : 0;

	memcpy(name, path ? path : "", n);
	name[n] = '\0';
	shim_msg("exec ", name, ": refused");
	return -EPERM;
}

TAMAGO_EXPORT int execve(const char *path, char *const argv[],
			 char *const envp[])
{
	return (int)shim_ret(refuse(path));
}

TAMAGO_EXPORT int execv(const char *path, char *const argv[])
{
	return (int)shim_ret(refuse(path));
}

TAMAGO_EXPORT int execvp(const char *file, char *const argv[])
{
	return (int)shim_ret(refuse(file));
}

TAMAGO_EXPORT int execvpe(const char *file, char *const argv[],
			  char *const envp[])
{
	return (int)shim_ret(refuse(file));
}

TAMAGO_EXPORT int execl(const char *path, const char *arg, ...)
{
	return (int)shim_ret(refuse(path));
}

TAMAGO_EXPORT int execlp(const char *file, const char *arg, ...)
{
	return (int)shim_ret(refuse(file));
}

TAMAGO_EXPORT int execle(const char *path, const char *arg, ...)
{
	return (int)shim_ret(refuse(path));
}

TAMAGO_EXPORT int fexecve(int fd, char *const argv[], char *const envp[])
{
	return (int)shim_ret(refuse("(an fd)"));
}

TAMAGO_EXPORT int execveat(int dirfd, const char *path, char *const argv[],
			   char *const envp[], int flags)
{
	return (int)shim_ret(refuse(path));
}

/* posix_spawn's contract: the error number is returned, errno is not set. */
TAMAGO_EXPORT int posix_spawn(pid_t *pid, const char *path,
			      const posix_spawn_file_actions_t *fa,
			      const posix_spawnattr_t *attr,
			      char *const argv[], char *const envp[])
{
	return (int)-refuse(path);
}

TAMAGO_EXPORT int posix_spawnp(pid_t *pid, const char *file,
			       const posix_spawn_file_actions_t *fa,
			       const posix_spawnattr_t *attr,
			       char *const argv[], char *const envp[])
{
	return (int)-refuse(file);
}

/* There is no shell to run: system(NULL) says so, system(cmd) fails. */
TAMAGO_EXPORT int system(const char *command)
{
	if (!command)
		return 0;
	return (int)shim_ret(refuse("/bin/sh"));
}

TAMAGO_EXPORT FILE *popen(const char *command, const char *type)
{
	shim_ret(refuse("/bin/sh"));
	return NULL;
}

long trap_execve(const long *a)
{
	return refuse((const char *)a[0]);
}

long trap_execveat(const long *a)
{
	return refuse((const char *)a[1]);
}

/* Path-based calls the file system does not emulate yet. */
long trap_enosys(const long *a)
{
	(void)a;
	return -ENOSYS;
}
