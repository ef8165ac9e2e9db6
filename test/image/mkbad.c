/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Writes one of the malformed archives of cpio-build.h, for the tests
 * that run the shim on it:
 *   mkbad --list          the case names, one a line
 *   mkbad NAME FILE       writes FILE; prints "OFFSET REASON"
 */
#include <stdio.h>
#include <string.h>

#include "test/image/cpio-build.h"

int main(int argc, char **argv)
{
	static struct cpio c;
	size_t i, off;
	FILE *f;

	if (argc == 2 && !strcmp(argv[1], "--list")) {
		for (i = 0; i < N_BAD_CASES; i++)
			printf("%s\n", bad_cases[i].name);
		return 0;
	}
	if (argc != 3) {
		fprintf(stderr, "usage: mkbad --list | mkbad NAME FILE\n");
		return 2;
	}
	for (i = 0; i < N_BAD_CASES; i++)
		if (!strcmp(argv[1], bad_cases[i].name))
			break;
	if (i == N_BAD_CASES) {
		fprintf(stderr, "mkbad: no case %s\n", argv[1]);
		return 2;
	}
	off = bad_cases[i].build(&c);
	f = fopen(argv[2], "wb");
	if (!f || fwrite(c.buf, 1, c.len, f) != c.len || fclose(f)) {
		perror(argv[2]);
		return 1;
	}
	printf("%zu %s\n", off, bad_cases[i].reason);
	return 0;
}
