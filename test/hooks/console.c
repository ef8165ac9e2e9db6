/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Run with the example hooks library (hooks/examples/record.c), whose
 * console handler counts the bytes written to fds 1 and 2: writev and
 * pwritev2 on fd 1 are seen, a write through a dup of fd 1 is not, and
 * sendfile into fd 1 fails with EINVAL (so that programs fall back to
 * write). The test expects "console 6+0 bytes" of the 8 on stdout.
 */
#include <fcntl.h>
#include <sys/sendfile.h>
#include <sys/uio.h>
#include <unistd.h>

#include "test/lib/check.h"

int main(void)
{
	struct iovec a[2] = { { "a", 1 }, { "\n", 1 } };
	struct iovec b[1] = { { "b\n", 2 } };
	int fd, dup1;

	CHECK(writev(1, a, 2) == 2);
	CHECK(pwritev2(1, b, 1, -1, 0) == 2);
	CHECK(write(1, "c\n", 2) == 2);
	dup1 = dup(1);
	CHECK(dup1 > 2 && write(dup1, "d\n", 2) == 2 && close(dup1) == 0);
	fd = open("/tmp/f", O_CREAT | O_RDWR, 0644);
	CHECK(fd >= 0 && write(fd, "e\n", 2) == 2 && lseek(fd, 0, SEEK_SET) == 0);
	errno = 0;
	CHECK(sendfile(1, fd, NULL, 2) < 0 && errno == EINVAL);
	CHECK(close(fd) == 0);
	return 0;
}
