/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Running another program is refused, whatever door the program uses;
 * the calling program is told EPERM (system: status 127, popen: the
 * child cannot run) and goes on.
 */
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

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
	status = system("true");
	CHECK(status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 127);
	p = popen("echo escaped", "r");
	if (p) {
		char line[32];

		CHECK(fgets(line, sizeof(line), p) == NULL);
		CHECK(WEXITSTATUS(pclose(p)) == 127);
	}
	printf("exec: ok\n");
	return 0;
}
