/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * tamago-exec: what tamago-run execs to start the program (and what the
 * shim, preloaded alone, runs the program again through):
 *
 *   TAMAGO_EXEC_PRELOAD=shim.so tamago-exec PATH ARGV0 [ARGS...]
 *
 * It refuses (exit 126, "tamago: <prog>: <why>") what is not a regular
 * file, and a setuid or setgid program (it would run with another
 * identity). Then it builds the sandbox in this process, seals it and
 * execs the program through the loader (start.c), so that no instruction
 * of the program runs unconfined: a statically linked program (Go's, a
 * static C one) is confined as any other, and a script runs with its
 * interpreter from the sandbox's file system (the host's, placed there,
 * with what it needs).
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "launcher/start.h"

#define REFUSED 126
#define FAILED 125

#ifndef TAMAGO_LOADER_INSTALLED
#define TAMAGO_LOADER_INSTALLED "/usr/local/libexec/tamago-loader"
#endif

static const char *prog_name;

static void die(int status, const char *what, const char *why)
{
	fprintf(stderr, "tamago: %s: %s\n", what, why);
	exit(status);
}

/*
 * The program: a regular file, not set-ID. A script ("#!") names its
 * interpreter, which goes into the sandbox too: into interp.
 */
static void inspect(const char *path, char *interp, size_t size)
{
	char head[256];
	struct stat st;
	ssize_t n;
	size_t i, j;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	interp[0] = '\0';
	if (fd < 0 || fstat(fd, &st) < 0)
		die(errno == ENOENT ? 127 : FAILED, prog_name, strerror(errno));
	if (!S_ISREG(st.st_mode))
		die(REFUSED, prog_name, "not a regular file");
	if (st.st_mode & (S_ISUID | S_ISGID))
		die(REFUSED, prog_name,
		    "setuid or setgid program refused (it would run with "
		    "another identity, without the shim)");
	n = pread(fd, head, sizeof(head) - 1, 0);
	close(fd);
	if (n < 2 || head[0] != '#' || head[1] != '!')
		return;
	head[n] = '\0';
	for (i = 2; head[i] == ' ' || head[i] == '\t'; i++)
		;
	for (j = i; head[j] && !strchr(" \t\n", head[j]); j++)
		;
	if (j == i || j - i >= size || head[i] != '/')
		die(REFUSED, prog_name, "a script whose first line names no "
					"interpreter by an absolute path");
	memcpy(interp, head + i, j - i);
	interp[j - i] = '\0';
}

/* A file beside this one (a build tree) or where it is installed. */
static const char *find(const char *beside, const char *installed,
			char *buf, size_t size)
{
	char self[PATH_MAX], *slash;
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

	if (n > 0) {
		self[n] = '\0';
		slash = strrchr(self, '/');
		if (slash) {
			*slash = '\0';
			if (snprintf(buf, size, "%s/%s", self, beside) <
				    (int)size &&
			    access(buf, R_OK) == 0)
				return buf;
		}
	}
	return installed;
}

int main(int argc, char **argv)
{
	static char interp[PATH_MAX], path[PATH_MAX], loader[PATH_MAX];
	const char *preload, *given;
	struct start_args a;

	if (argc < 3)
		die(FAILED, "tamago-exec",
		    "usage: tamago-exec PATH ARGV0 ARGS...");
	prog_name = argv[1];
	inspect(argv[1], interp, sizeof(interp));
	/* Where the sandbox has it: as named if absolute (a symlink's name
	 * is the program's name), else resolved. */
	if (argv[1][0] == '/')
		snprintf(path, sizeof(path), "%s", argv[1]);
	else if (!realpath(argv[1], path))
		die(FAILED, prog_name, strerror(errno));
	preload = getenv("TAMAGO_EXEC_PRELOAD");
	if (!preload || !*preload)
		die(FAILED, "tamago-exec", "TAMAGO_EXEC_PRELOAD is not set");
	/* The shim alone: other preloaded libraries are not placed. */
	if (strchr(preload, ':')) {
		static char first[PATH_MAX];

		snprintf(first, sizeof(first), "%.*s",
			 (int)(strchr(preload, ':') - preload), preload);
		preload = first;
	}
	given = getenv("TAMAGO_LOADER");
	memset(&a, 0, sizeof(a));
	a.prog = prog_name;
	a.path = path;
	a.interp = interp[0] ? interp : NULL;
	a.shim = preload;
	a.loader = given && *given ? given :
		   find("../loader/tamago-loader", TAMAGO_LOADER_INSTALLED,
			loader, sizeof(loader));
	a.argv = argv + 2;
	/* The program's environment: the caller's, without the launcher's
	 * own (the loader preloads the shim itself). */
	unsetenv("TAMAGO_EXEC_PRELOAD");
	unsetenv("LD_PRELOAD");
	a.envp = environ;
	start_sandbox(&a);
}
