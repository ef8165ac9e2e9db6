/* SPDX-License-Identifier: BSD-3-Clause */
/* resolve-names NAME...: fails for each name that no supported
 * architecture knows. */
#include <seccomp.h>
#include <stdio.h>

static const uint32_t arches[] = {
	SCMP_ARCH_X86_64, SCMP_ARCH_AARCH64, SCMP_ARCH_ARM, SCMP_ARCH_RISCV64,
};
#define NARCH (sizeof(arches) / sizeof(arches[0]))

int main(int argc, char **argv)
{
	int i, bad = 0;
	size_t a;

	for (i = 1; i < argc; i++) {
		int known = 0;

		for (a = 0; a < NARCH; a++)
			if (seccomp_syscall_resolve_name_arch(arches[a],
							      argv[i]) >= 0)
				known = 1;
		if (!known) {
			printf("FAIL: no architecture has %s\n", argv[i]);
			bad = 1;
		}
	}
	printf("%d names checked\n", argc - 1);
	return bad;
}
