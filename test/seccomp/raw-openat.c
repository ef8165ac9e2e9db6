/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * An openat made with the syscall instruction itself, not through libc:
 * the way a hostile or static program would reach the host. Under the shim
 * (raw=kill) it must die of SIGSYS before printing "returned".
 *
 *   raw-openat [path]    (default /etc/ld.so.cache: a host file the sandbox never holds)
 *   raw-openat path text writes text to path through libc first, so that
 *                        the raw call finds an in-memory file
 *   raw-openat --bad     a path pointer that points nowhere: the report
 *                        must show the address, not fault
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/sys.h"

int main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : "/etc/ld.so.cache";

	if (!strcmp(path, "--bad"))
		path = (const char *)16;
	if (argc > 2) {
		FILE *f = fopen(path, "w");

		if (!f || fputs(argv[2], f) < 0 || fclose(f)) {
			perror(path);
			return 1;
		}
	}
	char buf[64];
	long fd = sys_openat(AT_FDCWD, path, O_RDONLY, 0);
	long n = 0;

	if (fd >= 0)
		n = sys_read((int)fd, buf, sizeof(buf));
	printf("raw openat %s returned %ld, read %ld\n",
	       (unsigned long)path < 4096 ? "(bad)" : path, fd, n);
	if (n > 0)
		printf("content: %.*s\n", (int)n, buf);
	return 0;
}
