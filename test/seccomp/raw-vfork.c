/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Reports of raw calls (run with --raw=log) on both sides of a vfork and
 * a fork: the vfork child, which shares its parent's memory but not its
 * fd table, reports first, then the parent, a forked child and the parent
 * again. Each report must show its own path: the trap path copies it
 * through a scratch memfd of the reporting process's own, made at its
 * first report.
 */
#include <fcntl.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/sys.h"

static int wait_ok(pid_t pid)
{
	int status;

	return pid > 0 && waitpid(pid, &status, 0) == pid &&
	       WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

int main(void)
{
	pid_t pid;

	pid = vfork();
	if (pid == 0) {
		sys_openat(AT_FDCWD, "/tmp/vfork-child", O_RDONLY, 0);
		_exit(0);
	}
	if (!wait_ok(pid))
		return 1;
	sys_openat(AT_FDCWD, "/tmp/parent-after-vfork", O_RDONLY, 0);
	pid = fork();
	if (pid == 0) {
		sys_openat(AT_FDCWD, "/tmp/fork-child", O_RDONLY, 0);
		_exit(0);
	}
	if (!wait_ok(pid))
		return 1;
	sys_openat(AT_FDCWD, "/tmp/parent-after-fork", O_RDONLY, 0);
	printf("raw-vfork: ok\n");
	return 0;
}
