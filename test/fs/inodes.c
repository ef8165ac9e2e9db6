/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Run with TAMAGO_FS_INODES=200: files are made until the limit answers
 * ENOSPC, everything written before reads back intact, statfs counts the
 * inodes, and deleting one makes room for one.
 */
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "test/lib/check.h"

int main(void)
{
	char name[64], buf[64];
	struct statfs sf;
	int fd, n, i;

	CHECK(mkdir("/tmp/l", 0755) == 0);
	for (n = 0;; n++) {
		snprintf(name, sizeof(name), "/tmp/l/%d", n);
		fd = open(name, O_CREAT | O_WRONLY, 0644);
		if (fd < 0)
			break;
		CHECK(write(fd, name, strlen(name)) == (ssize_t)strlen(name));
		CHECK(close(fd) == 0);
	}
	CHECK(errno == ENOSPC && n > 100 && n < 200);
	CHECK(mkdir("/tmp/l/d", 0755) < 0 && errno == ENOSPC);
	CHECK(symlink("x", "/tmp/l/s") < 0 && errno == ENOSPC);
	for (i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "/tmp/l/%d", i);
		fd = open(name, O_RDONLY);
		CHECK(fd >= 0);
		memset(buf, 0, sizeof(buf));
		CHECK(read(fd, buf, sizeof(buf)) == (ssize_t)strlen(name));
		CHECK(!strcmp(buf, name) && close(fd) == 0);
	}
	CHECK(statfs("/tmp", &sf) == 0 && sf.f_files == 200 && sf.f_ffree == 0);
	CHECK(unlink("/tmp/l/0") == 0);
	fd = open("/tmp/l/again", O_CREAT | O_WRONLY, 0644);
	CHECK(fd >= 0 && close(fd) == 0);
	printf("inodes: ok (%d files)\n", n);
	return 0;
}
