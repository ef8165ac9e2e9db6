/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * resolve-names NAME...            fails for each name that no supported
 *                                  architecture knows
 * resolve-names --below N NAME...  fails for each name whose number is N
 *                                  or more on a supported architecture
 *                                  (trapped calls and the shim's dispatch
 *                                  table)
 */
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const uint32_t arches[] = {
	SCMP_ARCH_X86_64, SCMP_ARCH_AARCH64, SCMP_ARCH_ARM, SCMP_ARCH_RISCV64,
};
static const char *const arch_names[] = {
	"x86_64", "aarch64", "arm", "riscv64",
};
#define NARCH (sizeof(arches) / sizeof(arches[0]))

int main(int argc, char **argv)
{
	int i = 1, bad = 0;
	long below = -1;
	size_t a;

	if (argc > 2 && !strcmp(argv[1], "--below")) {
		below = strtol(argv[2], NULL, 10);
		i = 3;
	}
	for (; i < argc; i++) {
		int known = 0;

		for (a = 0; a < NARCH; a++) {
			int nr = seccomp_syscall_resolve_name_arch(arches[a],
								   argv[i]);

			if (nr < 0)
				continue;
			known = 1;
			if (below >= 0 && nr >= below) {
				printf("FAIL: %s is %d on %s, not below %ld\n",
				       argv[i], nr, arch_names[a], below);
				bad = 1;
			}
		}
		if (!known && below < 0) {
			printf("FAIL: no architecture has %s\n", argv[i]);
			bad = 1;
		}
	}
	printf("%d names checked\n", argc - (below >= 0 ? 3 : 1));
	return bad;
}
