/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The set*id calls inside the sandbox: one that names only the ids the
 * process already has changes nothing and succeeds (posix_spawn's
 * POSIX_SPAWN_RESETIDS calls seteuid(getuid()) in the child: GNU make
 * spawns every recipe so); one that would change an id is killed.
 *
 * "setid" is the parent; "setid child" is what it spawns.
 */
#include <grp.h>
#include <signal.h>
#include <spawn.h>
#include <sys/fsuid.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "test/lib/check.h"

extern char **environ;

/* Runs fn in a forked child; returns its wait status. */
static int in_child(void (*fn)(void))
{
	int status;
	pid_t pid = fork();

	CHECK(pid >= 0);
	if (pid == 0) {
		fn();
		_exit(0);
	}
	CHECK(waitpid(pid, &status, 0) == pid);
	return status;
}

static void same_ids(void)
{
	uid_t u = getuid();
	gid_t g = getgid();

	CHECK(seteuid(u) == 0 && setegid(g) == 0);
	CHECK(setuid(u) == 0 && setgid(g) == 0);
	CHECK(setreuid(u, (uid_t)-1) == 0 && setregid((gid_t)-1, g) == 0);
	CHECK(setresuid((uid_t)-1, u, u) == 0);
	CHECK(setresgid(g, (gid_t)-1, g) == 0);
	CHECK(setresuid((uid_t)-1, (uid_t)-1, (uid_t)-1) == 0);
	CHECK(setfsuid(u) == (int)u && setfsgid(g) == (int)g);
	/* The raw calls, as a static program makes them. */
	CHECK(syscall(SYS_setresuid, -1, u, -1) == 0);
	CHECK(syscall(SYS_setresgid, g, g, g) == 0);
}

static void other_uid(void)
{
	syscall(SYS_setresuid, -1, getuid() + 1, -1);
}

static void other_gid(void)
{
	syscall(SYS_setgid, getgid() + 1);
}

int main(int argc, char **argv)
{
	static char self[4096];
	char *child[] = { self, "child", NULL };
	posix_spawnattr_t attr;
	int status;
	pid_t pid;

	if (argc > 1)
		return !strcmp(argv[1], "child") ? 42 : 1;
	/* Where the sandbox placed this program. */
	CHECK(readlink("/proc/self/exe", self, sizeof(self) - 1) > 0);
	status = in_child(same_ids);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);

	CHECK(posix_spawnattr_init(&attr) == 0);
	CHECK(posix_spawnattr_setflags(&attr, POSIX_SPAWN_RESETIDS) == 0);
	CHECK(posix_spawn(&pid, self, NULL, &attr, child, environ) == 0);
	CHECK(waitpid(pid, &status, 0) == pid);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 42) {
		fprintf(stderr, "spawned with RESETIDS: status %#x\n", status);
		return 1;
	}
	posix_spawnattr_destroy(&attr);

	/* A change of identity is not let through. */
	status = in_child(other_uid);
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGSYS);
	status = in_child(other_gid);
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGSYS);
	printf("setid: ok\n");
	return 0;
}
