/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * exec inside the sandbox: every door (execv, execve with an empty
 * environment, posix_spawn, the raw system call, a #! script, fexecve of
 * a memfd) runs a program of the sandbox's file system, which sees the
 * files its parent wrote and stays confined. A path that is not there is
 * ENOENT, a file without x is EACCES, a host path stays invisible, and a
 * set-user-ID bit changes no id.
 *
 * The program runs itself: "exec" with no argument is the parent; with
 * "child WHY" it is the child, which checks what it sees and exits 0.
 */
#include <spawn.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "test/lib/check.h"

extern char **environ;
static char self[4096];

static int child(int argc, char **argv)
{
	char buf[64] = "";
	struct stat st;
	FILE *f;

	/* The parent's file, and nothing of the host. */
	f = fopen("/tmp/shared", "r");
	CHECK(f && fgets(buf, sizeof(buf), f) && !strcmp(buf, "hello\n"));
	fclose(f);
	CHECK(stat("/etc/ld.so.cache", &st) < 0 && errno == ENOENT);
	CHECK(getenv("TAMAGO_SHOULD_NOT_MATTER") == NULL ||
	      !strcmp(getenv("TAMAGO_SHOULD_NOT_MATTER"), "1"));
	/* Set-ID bits are ignored: the ids stay. */
	CHECK(geteuid() == getuid() && getegid() == getgid());
	/* What it leaves, the parent reads. */
	f = fopen("/tmp/from-child", "a");
	CHECK(f != NULL);
	fprintf(f, "%s", argv[2]);
	for (int i = 3; i < argc; i++)
		fprintf(f, " %s", argv[i]);
	fprintf(f, "\n");
	CHECK(fclose(f) == 0);
	return 0;
}

static void wait_ok(pid_t pid)
{
	int status;

	CHECK(waitpid(pid, &status, 0) == pid);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "child %d: status %#x\n", (int)pid, status);
		exit(1);
	}
}

/* Runs fn in a child that must exec; its status must be 0. */
static void in_child(void (*fn)(void))
{
	pid_t pid = fork();

	CHECK(pid >= 0);
	if (pid == 0) {
		fn();
		fprintf(stderr, "exec: %s\n", strerror(errno));
		_exit(99);
	}
	wait_ok(pid);
}

static void by_execv(void)
{
	char *argv[] = { self, "child", "execv", NULL };

	execv(self, argv);
}

static void by_empty_env(void)
{
	char *argv[] = { self, "child", "empty-env", NULL };
	char *envp[] = { NULL };

	execve(self, argv, envp);
}

static void by_env_changed(void)
{
	char *argv[] = { self, "child", "env-changed", NULL };
	char *envp[] = { "LD_PRELOAD=", "TAMAGO_RAW=log",
			 "TAMAGO_SHOULD_NOT_MATTER=1", "TAMAGO_NET=loopback",
			 NULL };

	execve(self, argv, envp);
}

static void by_raw(void)
{
	char *argv[] = { self, "child", "raw", NULL };

	syscall(SYS_execve, self, argv, environ);
}

static void by_script(void)
{
	char *argv[] = { "/tmp/script.sh", "one", "two", NULL };

	execv("/tmp/script.sh", argv);
}

static void by_setuid(void)
{
	char *argv[] = { "/tmp/suid", "child", "setuid", NULL };

	execv("/tmp/suid", argv);
}

static void by_memfd(void)
{
	char *argv[] = { "memfd", "child", "memfd", NULL };
	char buf[65536];
	int in = open(self, O_RDONLY), mfd = memfd_create("copy", 0);
	ssize_t n;

	CHECK(in >= 0 && mfd >= 0);
	while ((n = read(in, buf, sizeof(buf))) > 0)
		CHECK(write(mfd, buf, (size_t)n) == n);
	CHECK(n == 0);
	close(in);
	fexecve(mfd, argv, environ);
}

static void copy_self(const char *to, mode_t mode)
{
	char buf[65536];
	int in = open(self, O_RDONLY), out;
	ssize_t n;

	out = open(to, O_CREAT | O_WRONLY | O_TRUNC, 0700);
	CHECK(in >= 0 && out >= 0);
	while ((n = read(in, buf, sizeof(buf))) > 0)
		CHECK(write(out, buf, (size_t)n) == n);
	CHECK(n == 0 && close(in) == 0 && close(out) == 0);
	CHECK(chmod(to, mode) == 0);
}

int main(int argc, char **argv)
{
	char *spawn_argv[] = { self, "child", "posix_spawn", NULL };
	char *none[] = { "x", NULL };
	char line[sizeof(self) + 16];
	const char *want =
		"execv\nempty-env\nenv-changed\nraw\nposix_spawn\n"
		"/tmp/script.sh one two\nsetuid\nmemfd\n";
	char got[512] = "";
	ssize_t n;
	pid_t pid;
	FILE *f;
	int fd;

	if (argc >= 3 && !strcmp(argv[1], "child"))
		return child(argc, argv);
	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	CHECK(n > 0);
	self[n] = '\0';

	f = fopen("/tmp/shared", "w");
	CHECK(f && fputs("hello\n", f) >= 0 && fclose(f) == 0);

	/* What is not there, or not a program. */
	CHECK(execv("/tmp/nope", none) < 0 && errno == ENOENT);
	CHECK(execv("/bin/true", none) < 0 && errno == ENOENT);
	fd = open("/tmp/data", O_CREAT | O_WRONLY, 0644);
	CHECK(fd >= 0 && write(fd, "data\n", 5) == 5 && close(fd) == 0);
	CHECK(execv("/tmp/data", none) < 0 && errno == EACCES);
	CHECK(execv("/tmp", none) < 0 && errno == EACCES);
	CHECK(chmod("/tmp/data", 0755) == 0);
	CHECK(execv("/tmp/data", none) < 0 && errno == ENOEXEC);
	CHECK(posix_spawn(&pid, "/tmp/nope", NULL, NULL, none, environ) ==
	      ENOENT);

	in_child(by_execv);
	in_child(by_empty_env);
	in_child(by_env_changed);
	in_child(by_raw);
	CHECK(posix_spawn(&pid, self, NULL, NULL, spawn_argv, environ) == 0);
	wait_ok(pid);

	/* A script whose interpreter is this program, with an argument. */
	snprintf(line, sizeof(line), "#!%s child\n", self);
	fd = open("/tmp/script.sh", O_CREAT | O_WRONLY, 0755);
	CHECK(fd >= 0 && write(fd, line, strlen(line)) == (ssize_t)strlen(line));
	CHECK(close(fd) == 0);
	in_child(by_script);

	copy_self("/tmp/suid", 06755);
	in_child(by_setuid);
	in_child(by_memfd);

	f = fopen("/tmp/from-child", "r");
	CHECK(f != NULL);
	n = (ssize_t)fread(got, 1, sizeof(got) - 1, f);
	CHECK(n > 0 && fclose(f) == 0);
	got[n] = '\0';
	if (strcmp(got, want)) {
		fprintf(stderr, "children wrote:\n%s\nexpected:\n%s", got, want);
		return 1;
	}
	printf("exec: ok\n");
	return 0;
}
