/* SPDX-License-Identifier: BSD-3-Clause */
/* Prints the seccomp mode the program runs in: 2 under the shim. */
#include <stdio.h>
#include <sys/prctl.h>

int main(void)
{
	int mode = prctl(PR_GET_SECCOMP);

	printf("seccomp mode %d\n", mode);
	return mode == 2 ? 0 : 1;
}
