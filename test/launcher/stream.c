/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The relay benchmark's two ends (bench-relay.sh):
 *   stream write BYTES   BYTES of zeros to stdout, 64 KiB per write
 *   stream read          stdin to its end; prints how many bytes
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	static char buf[1 << 16];
	unsigned long long total = 0, want;
	ssize_t n;

	if (argc == 3 && !strcmp(argv[1], "write")) {
		want = strtoull(argv[2], NULL, 0);
		while (total < want) {
			size_t k = want - total < sizeof(buf) ?
					   (size_t)(want - total) :
					   sizeof(buf);

			n = write(1, buf, k);
			if (n <= 0)
				return 1;
			total += (unsigned long long)n;
		}
		return 0;
	}
	if (argc == 2 && !strcmp(argv[1], "read")) {
		while ((n = read(0, buf, sizeof(buf))) > 0)
			total += (unsigned long long)n;
		printf("%llu\n", total);
		return n < 0;
	}
	fprintf(stderr, "usage: stream write BYTES | stream read\n");
	return 2;
}
