/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The program's own /proc: self, exe, cwd and fd/ agree with the shim's
 * state; another process's entries are not there. fd/N of a pipe opens
 * the pipe, as /dev/fd/N and /dev/stdin do (a shell's process
 * substitution, "> /dev/stderr"), and nothing can be made in /proc.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <limits.h>
#include <sys/socket.h>
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

/* fd/N and /dev/fd/N of a pipe's ends open the pipe; a socket's, ENXIO. */
static void kernel_fds(void)
{
	char path[64], buf[16] = { 0 };
	struct stat st, fst;
	int p[2], s[2], w, r, err;

	CHECK(pipe(p) == 0);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", p[1]);
	w = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	CHECK(w >= 0 && write(w, "one", 3) == 3);
	snprintf(path, sizeof(path), "/dev/fd/%d", p[0]);
	r = open(path, O_RDONLY);
	CHECK(r >= 0 && read(r, buf, sizeof(buf)) == 3 && !memcmp(buf, "one", 3));
	CHECK(stat(path, &st) == 0 && S_ISFIFO(st.st_mode));
	CHECK(fstat(p[0], &fst) == 0 && st.st_ino == fst.st_ino);
	CHECK(open(path, O_RDONLY | O_DIRECTORY) < 0 && errno == ENOTDIR);
	strcat(path, "/x");
	CHECK(open(path, O_RDONLY) < 0 && errno == ENOTDIR);
	close(w);
	close(r);
	/* The standard names, as a host's /dev has them. */
	link_is("/dev/fd", "/proc/self/fd");
	link_is("/dev/stdin", "/proc/self/fd/0");
	link_is("/dev/stdout", "/proc/self/fd/1");
	link_is("/dev/stderr", "/proc/self/fd/2");
	err = dup(2);
	CHECK(err >= 0 && dup2(p[1], 2) == 2);
	w = open("/dev/stderr", O_WRONLY | O_CREAT | O_TRUNC, 0644);
	CHECK(dup2(err, 2) == 2 && close(err) == 0);
	CHECK(w >= 0 && write(w, "two", 3) == 3);
	CHECK(read(p[0], buf, sizeof(buf)) == 3 && !memcmp(buf, "two", 3));
	close(w);
	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, s) == 0);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", s[0]);
	CHECK(open(path, O_RDWR) < 0 && errno == ENXIO);
	close(s[0]);
	close(s[1]);
	close(p[0]);
	close(p[1]);
}

/* Nothing is made in /proc: its names are the process's own. */
static void nothing_made(void)
{
	struct stat st;

	CHECK(open("/proc/self/new", O_WRONLY | O_CREAT, 0644) < 0 &&
	      errno == ENOENT);
	CHECK(open("/proc/self/fd/999", O_WRONLY | O_CREAT, 0644) < 0 &&
	      errno == ENOENT);
	CHECK(open("/proc/new", O_WRONLY | O_CREAT, 0644) < 0 &&
	      errno == ENOENT);
	CHECK(mkdir("/proc/self/fd/d", 0755) < 0 && errno == ENOENT);
	CHECK(symlink("/tmp", "/proc/self/l") < 0 && errno == ENOENT);
	CHECK(mknod("/proc/self/fifo", S_IFIFO | 0600, 0) < 0 &&
	      errno == ENOENT);
	CHECK(stat("/proc/self/new", &st) < 0 && errno == ENOENT);
	CHECK(stat("/proc/new", &st) < 0 && errno == ENOENT);
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
	/* The program's absolute path in the sandbox, where the launcher
	 * placed it (its host path): a file that opens. */
	(void)argc;
	{
		char exe[PATH_MAX];
		const char *base = strrchr(argv[0], '/');
		ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
		struct stat there;

		CHECK(n > 0);
		exe[n] = '\0';
		base = base ? base : argv[0];
		CHECK(exe[0] == '/' && n > (ssize_t)strlen(base) &&
		      !strcmp(exe + n - strlen(base), base));
		CHECK(stat("/proc/self/exe", &st) == 0 && S_ISREG(st.st_mode));
		CHECK(stat(exe, &there) == 0 && there.st_ino == st.st_ino);
	}

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

	kernel_fds();
	nothing_made();
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
