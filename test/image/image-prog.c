/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A program for the image and export tests. It prints "image-prog:
 * started" first (so a test can tell that it never ran), carries out its
 * arguments in order, and ends the way the last one says:
 *
 *   cat PATH          print PATH's content
 *   write PATH TEXT   create or truncate PATH and write TEXT
 *   append PATH TEXT  append TEXT (buffered stdio, never fclose'd)
 *   rm PATH           unlink PATH
 *   closefd N         close fd N (the export fd must survive it)
 *   end HOW           exit | return | _exit | abort | segv | term | raw
 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test/lib/check.h"
#include "core/sys.h"

static void cat(const char *path)
{
	char buf[4096];
	ssize_t n;
	int fd = open(path, O_RDONLY);

	CHECK(fd >= 0);
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		fwrite(buf, 1, (size_t)n, stdout);
	CHECK(n == 0);
	close(fd);
}

static void write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	CHECK(fd >= 0);
	CHECK(write(fd, text, strlen(text)) == (ssize_t)strlen(text));
	close(fd);
}

static int end(const char *how)
{
	static const char *const hows[] = { "exit", "return", "_exit",
					    "abort", "segv", "term", "raw" };
	size_t i;

	for (i = 0; i < sizeof(hows) / sizeof(hows[0]); i++)
		if (!strcmp(how, hows[i]))
			break;
	fflush(stdout);
	switch (i) {
	case 0:
		exit(3);
	case 1:
		return 4;
	case 2:
		_exit(5);
	case 3:
		abort();
	case 4: {
		/* A real fault, raised by the kernel. */
		volatile int *volatile nowhere = NULL;

		*nowhere = 1;
		break;
	}
	case 5:
		raise(SIGTERM);
		break;
	case 6:
		sys_openat(AT_FDCWD, "/etc/passwd", O_RDONLY, 0);
		break;
	}
	fprintf(stderr, "image-prog: bad end %s\n", how);
	return 2;
}

int main(int argc, char **argv)
{
	FILE *held = NULL;
	int i;

	printf("image-prog: started\n");
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "cat") && i + 1 < argc) {
			cat(argv[++i]);
		} else if (!strcmp(argv[i], "write") && i + 2 < argc) {
			write_file(argv[i + 1], argv[i + 2]);
			i += 2;
		} else if (!strcmp(argv[i], "append") && i + 2 < argc) {
			held = fopen(argv[i + 1], "a");
			CHECK(held != NULL);
			fputs(argv[i + 2], held);
			i += 2;
		} else if (!strcmp(argv[i], "rm") && i + 1 < argc) {
			CHECK(unlink(argv[++i]) == 0);
		} else if (!strcmp(argv[i], "closefd") && i + 1 < argc) {
			close(atoi(argv[++i]));
		} else if (!strcmp(argv[i], "end") && i + 1 < argc) {
			return end(argv[++i]);
		} else {
			fprintf(stderr, "image-prog: bad argument %s\n",
				argv[i]);
			return 2;
		}
	}
	return 0;
}
