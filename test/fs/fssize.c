/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Run with TAMAGO_FS_SIZE=<limit>:
 *
 *   fssize LIMIT [IMAGE_FILE IMAGE_SIZE]
 *
 * statfs shows the limit; a file written through libc fills the file
 * system to the byte statfs promised and then gets ENOSPC, as do stdio,
 * a raw write that bypasses libc and fallocate; everything written reads
 * back intact; removing the file makes the room usable again. With an
 * image file (IMAGE_SIZE bytes of 'i', a multiple of 4096): its content
 * counts from the start, and opening it for writing on a full file
 * system still works (its room was its own all along).
 */
#include <fcntl.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "test/lib/check.h"
#include "core/sys.h"

static char pattern(long off)
{
	return (char)('a' + (off / 4096) % 26);
}

static void check_image(const char *path, long size, int flags)
{
	char buf[4096];
	long got = 0, n, i;
	int fd = open(path, flags);

	CHECK(fd >= 0);
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		for (i = 0; i < n; i++)
			CHECK(buf[i] == 'i');
		got += n;
	}
	CHECK(n == 0 && got == size);
	if (flags & O_RDWR) {
		/* Full: the image's last page is full too. */
		errno = 0;
		CHECK(write(fd, "j", 1) < 0 && errno == ENOSPC);
	}
	CHECK(close(fd) == 0);
}

int main(int argc, char **argv)
{
	long limit = argc > 1 ? atol(argv[1]) : 0;
	const char *image = argc > 3 ? argv[2] : NULL;
	long image_size = argc > 3 ? atol(argv[3]) : 0;
	long total = 0, off, n, free_bytes;
	struct statfs sf;
	char buf[4096];
	FILE *f;
	int fd, c;

	CHECK(limit > 0);
	CHECK(statfs("/tmp", &sf) == 0);
	CHECK(sf.f_bsize == 4096);
	CHECK((long)sf.f_blocks == (limit + 4095) / 4096);
	CHECK((long)sf.f_bfree == (long)sf.f_blocks - image_size / 4096);
	free_bytes = (long)sf.f_bfree * 4096;
	if (image)
		check_image(image, image_size, O_RDONLY);

	/* libc's write until the file system is full. */
	fd = open("/tmp/a", O_CREAT | O_RDWR | O_TRUNC, 0644);
	CHECK(fd >= 0);
	for (;;) {
		for (off = 0; off < (long)sizeof(buf); off++)
			buf[off] = pattern(total);
		n = write(fd, buf, sizeof(buf));
		if (n <= 0)
			break;
		total += n;
	}
	CHECK(n < 0 && errno == ENOSPC);
	CHECK(total == free_bytes);
	CHECK(statfs("/tmp", &sf) == 0 && sf.f_bfree == 0 && sf.f_bavail == 0);

	/* stdio, through glibc's internal write. */
	f = fopen("/tmp/b", "w");
	CHECK(f != NULL);
	CHECK(fputs("more", f) >= 0);
	errno = 0;
	CHECK(fflush(f) == EOF && errno == ENOSPC);
	fclose(f);

	/* A raw write that bypasses libc: the kernel refuses it too. */
	c = open("/tmp/c", O_CREAT | O_RDWR, 0644);
	CHECK(c >= 0);
	CHECK(sys_write(c, "x", 1) == -ENOSPC);
	CHECK(fallocate(c, 0, 0, 4096) < 0 && errno == ENOSPC);
	/* A sparse file takes no room. */
	CHECK(ftruncate(c, 1 << 20) == 0 && ftruncate(c, 0) == 0);

	/* An image file opened for writing keeps its content. */
	if (image)
		check_image(image, image_size, O_RDWR);

	/* Everything written before reads back intact. */
	CHECK(lseek(fd, 0, SEEK_SET) == 0);
	for (off = 0; off < total; off += n) {
		long i;

		n = read(fd, buf, sizeof(buf));
		CHECK(n == (long)sizeof(buf));
		for (i = 0; i < n; i++)
			CHECK(buf[i] == pattern(off));
	}
	CHECK(read(fd, buf, 1) == 0);

	/* Removing it gives the room back. */
	CHECK(close(fd) == 0 && unlink("/tmp/a") == 0);
	CHECK(statfs("/tmp", &sf) == 0);
	CHECK((long)sf.f_bfree * 4096 >= total);
	CHECK(write(c, buf, sizeof(buf)) == (ssize_t)sizeof(buf));
	CHECK(close(c) == 0);
	printf("fssize: ok (%ld bytes written)\n", total);
	return 0;
}
