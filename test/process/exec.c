/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Running another program is refused, whatever door the program uses;
 * the calling program is told EPERM and goes on.
 */
#include <spawn.h>
#include <sys/wait.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "test/lib/check.h"

extern char **environ;

int main(void)
{
	char *argv[] = { "true", NULL };
	pid_t pid;
	int status;
	FILE *p;

	CHECK(execv("/bin/true", argv) == -1 && errno == EPERM);
	CHECK(execvp("true", argv) == -1);
	CHECK(posix_spawn(&pid, "/bin/true", NULL, NULL, argv, environ) ==
	      EPERM);
	CHECK(execl("/bin/true", "true", (char *)NULL) == -1 &&
	      errno == EPERM);
	CHECK(posix_spawnp(&pid, "true", NULL, NULL, argv, environ) == EPERM);
	/* No shell: system(NULL) says so, a command fails with EPERM. */
	CHECK(system(NULL) == 0);
	status = system("true");
	CHECK(status == -1 && errno == EPERM);
	p = popen("echo escaped", "r");
	CHECK(p == NULL && errno == EPERM);
	/* The system call itself, made through libc's syscall(). */
	CHECK(syscall(SYS_execve, "/bin/true", argv, environ) == -1 &&
	      errno == EPERM);
	printf("exec: ok\n");
	return 0;
}
