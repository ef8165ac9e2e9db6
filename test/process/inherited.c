/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Run with a host directory on fd 3 and /dev/null on fd 4, TAMAGO_KEEP_FDS
 * naming 4: fd 3 must be gone before main (it would be a way out), fd 4
 * kept, and 0, 1, 2 untouched.
 */
#include <fcntl.h>
#include <unistd.h>

#include "test/lib/check.h"

int main(void)
{
	errno = 0;
	CHECK(fcntl(3, F_GETFD) == -1 && errno == EBADF);
	CHECK(fcntl(4, F_GETFD) >= 0);
	CHECK(fcntl(5, F_GETFD) == -1 && errno == EBADF);
	CHECK(fcntl(0, F_GETFD) >= 0 && fcntl(1, F_GETFD) >= 0);
	printf("inherited: ok\n");
	return 0;
}
