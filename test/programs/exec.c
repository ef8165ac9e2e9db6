/* SPDX-License-Identifier: BSD-3-Clause */
/* execv is refused with EPERM and the program goes on. */
#include <unistd.h>

#include "check.h"

int main(void)
{
	char *argv[] = { "true", NULL };

	CHECK(execv("/bin/true", argv) == -1 && errno == EPERM);
	printf("exec: ok\n");
	return 0;
}
