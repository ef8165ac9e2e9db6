/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The memory the file system's metadata costs per inode, in the arena
 * (fs/arena.c), names and contents excluded, against the 256-byte target
 * of issue 3. Three ways to make 100,000 inodes: regular files from an
 * image (no memfd until opened), directories, and a fiftieth as many
 * files created with fs_openat (each holds a memfd in the shim's fd band,
 * which RLIMIT_NOFILE bounds; the program's fds are closed again). Prints
 * figures;
 * it does not pass or fail on them.
 *   bench-inode [count]
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/arena.h"
#include "fs/fs.h"
#include "hooks/hooks.h"
#include "../unit/store.h"
#include "fs/image.h"

#define TARGET 256

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void report(const char *what, long n, size_t before, size_t names,
		   double secs)
{
	size_t used = arena_used() - before;
	double per = (double)used / (double)n;
	double meta = (double)(used - names) / (double)n;

	printf("%-28s %7ld inodes  arena %6.1f B/inode, names %4.1f B, "
	       "metadata %6.1f B/inode (target %d: %.2fx)  %.0f ns/inode\n",
	       what, n, per, (double)names / (double)n, meta, TARGET,
	       meta / TARGET, secs * 1e9 / (double)n);
}

static size_t put_entry(char *buf, long ino, unsigned mode,
			const char *name)
{
	size_t nl = strlen(name) + 1, at;

	at = (size_t)sprintf(buf, "070701%08lX%08X%08X%08X%08X%08X%08X%08X"
			     "%08X%08X%08X%08zX%08X", ino, mode, 0, 0, 1,
			     1000000000, 0, 0, 0, 0, 0, nl, 0);
	memcpy(buf + at, name, nl);
	at += nl;
	while (at & 3)
		buf[at++] = 0;
	return at;
}

/* A newc archive of n empty files in directories of 1000. */
static char *make_image(long n, size_t *len, size_t *names)
{
	char *buf = malloc((size_t)n * 160 + 4096), name[64];
	size_t at = 0;
	long i;

	if (!buf)
		exit(1);
	*names = 0;
	for (i = 0; i < n; i++) {
		if (i % 1000 == 0) {
			snprintf(name, sizeof(name), "d%03ld", i / 1000);
			at += put_entry(buf + at, n + i / 1000 + 1,
					S_IFDIR | 0755, name);
			*names += strlen(name) + 1;
		}
		snprintf(name, sizeof(name), "d%03ld/f%06ld", i / 1000, i);
		at += put_entry(buf + at, i + 1, S_IFREG | 0644, name);
		*names += strlen(name) - 5 + 1;
	}
	at += put_entry(buf + at, 0, 0, "TRAILER!!!");
	*len = at;
	return buf;
}

int main(int argc, char **argv)
{
	struct fs_options o = { .store_fd = test_store() };
	struct fs_image_error err;
	const unsigned char *map;
	int ifd;
	long n = argc > 1 ? atol(argv[1]) : 100000, i;
	size_t before, len, names, block;
	char *img, path[64];
	double t;

	if (fs_init(&o) < 0 || hooks_init(NULL, -1) < 0) {
		fprintf(stderr, "bench-inode: cannot set up the file system\n");
		return 1;
	}
	block = (fs_inode_size() + 15) & ~(size_t)15;
	printf("struct fs_inode: %zu bytes, a %zu-byte arena block; the rest "
	       "below is the directory entry (its fixed part, and the name's "
	       "rounding to 16 bytes) and the name hash table\n",
	       fs_inode_size(), block);

	img = make_image(n, &len, &names);
	ifd = test_image_fd(img, len, &map);
	before = arena_used();
	t = now();
	if (fs_image_load(ifd, map, len, 0, &err) < 0) {
		fprintf(stderr, "bench-inode: image: offset %zu: %s\n",
			err.offset, err.reason);
		return 1;
	}
	t = now() - t;
	report("files from an image", n + (n + 999) / 1000, before, names, t);

	before = arena_used();
	names = 0;
	t = now();
	for (i = 0; i < n; i++) {
		int l = snprintf(path, sizeof(path), "/tmp/m%06ld", i);

		if (fs_mkdirat(AT_FDCWD, path, 0755) < 0) {
			fprintf(stderr, "bench-inode: mkdir %s failed\n", path);
			return 1;
		}
		names += (size_t)l - 5 + 1;
	}
	t = now() - t;
	report("directories (mkdir)", n, before, names, t);

	before = arena_used();
	names = 0;
	t = now();
	for (i = 0; i < n / 50; i++) {
		int l = snprintf(path, sizeof(path), "/tmp/c%06ld", i);
		int fd = fs_openat(AT_FDCWD, path, O_CREAT | O_WRONLY, 0644);

		if (fd < 0) {
			fprintf(stderr, "bench-inode: create %s: %s\n", path,
				strerror(-fd));
			return 1;
		}
		close(fd);
		names += (size_t)l - 5 + 1;
	}
	t = now() - t;
	report("files created (memfd each)", n / 50, before, names, t);
	free(img);
	return 0;
}
