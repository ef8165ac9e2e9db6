/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The program's own /proc: self, exe, cwd and fd/ agree with the shim's
 * state; another process's entries are not there.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <limits.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "test/lib/check.h"

static void link_is(const char *path, const char *want)
{
	char buf[PATH_MAX];
	ssize_t n = readlink(path, buf, sizeof(buf) - 1);

	CHECK(n >= 0);
	buf[n] = '\0';
	if (strcmp(buf, want)) {
		fprintf(stderr, "%s -> %s, expected %s\n", path, buf, want);
		exit(1);
	}
}

int main(int argc, char **argv)
{
	char path[64], want[PATH_MAX];
	struct dirent *e;
	struct stat st;
	int fd, p[2], found = 0;
	DIR *d;
	pid_t pid;

	snprintf(want, sizeof(want), "%d", getpid());
	link_is("/proc/self", want);
	/* The program as its caller named it, never the host's full path. */
	(void)argc;
	link_is("/proc/self/exe", argv[0]);

	CHECK(mkdir("/tmp/w", 0755) == 0 && chdir("/tmp/w") == 0);
	link_is("/proc/self/cwd", "/tmp/w");
	CHECK(stat("/proc/self/cwd", &st) == 0 && S_ISDIR(st.st_mode));

	fd = open("/tmp/w/file", O_CREAT | O_RDWR, 0600);
	CHECK(fd >= 0 && write(fd, "data", 4) == 4);
	CHECK(pipe(p) == 0);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	link_is(path, "/tmp/w/file");
	/* Opening fd/N opens the file itself, with its own offset. */
	{
		char buf[8] = { 0 };
		int again = open(path, O_RDONLY);

		CHECK(again >= 0 && read(again, buf, 4) == 4);
		CHECK(!strcmp(buf, "data"));
		close(again);
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", p[0]);
	{
		char buf[64];
		ssize_t n = readlink(path, buf, sizeof(buf) - 1);

		CHECK(n > 6 && !memcmp(buf, "pipe:[", 6));
	}
	d = opendir("/proc/self/fd");
	CHECK(d != NULL);
	while ((e = readdir(d)))
		if (atoi(e->d_name) == fd && e->d_name[0] != '.')
			found = 1;
	closedir(d);
	CHECK(found);

	CHECK(access("/proc/1/exe", F_OK) < 0 && errno == ENOENT);
	CHECK(access("/proc/self/maps", F_OK) < 0);
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		snprintf(want, sizeof(want), "%d", getpid());
		link_is("/proc/self", want);
		_exit(0);
	}
	CHECK(waitpid(pid, &fd, 0) == pid && WIFEXITED(fd) &&
	      WEXITSTATUS(fd) == 0);
	printf("proc: ok\n");
	return 0;
}
