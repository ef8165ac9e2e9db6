/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The file a library constructor created before the shim's own
 * constructor ran must live in the in-memory file system, and the process
 * must be sealed by the time main runs.
 */
#include <fcntl.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "test/lib/check.h"

extern int early_fd;

int main(void)
{
	char buf[8] = { 0 };

	CHECK(prctl(PR_GET_SECCOMP) == 2);
	CHECK(early_fd >= 0);
	CHECK(pread(early_fd, buf, 5, 0) == 5 && !strcmp(buf, "early"));
	CHECK(access("/tmp/tamago-early-probe", F_OK) == 0);
	printf("early: ok\n");
	return 0;
}
