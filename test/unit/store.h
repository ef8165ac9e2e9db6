/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * For programs that link the cores alone (unit tests, the fuzz target,
 * benchmarks): a store (fs/store.c) in a fresh directory of their own
 * under TMPDIR, removed when the process that made it exits; and images
 * in a memfd, as the shim hands them to the core.
 */
#ifndef TAMAGO_TEST_STORE_H
#define TAMAGO_TEST_STORE_H

#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* Every store this process made: with CK_FORK=no (valgrind) a checked
 * fixture makes one per test in the same process. */
#define TEST_STORES 256
static char test_store_dirs[TEST_STORES][32];
static int test_store_count;
static pid_t test_store_owner;

static int test_store_rm_one(const char *path, const struct stat *st,
			     int type, struct FTW *f)
{
	(void)st;
	(void)f;
	return type == FTW_DP ? rmdir(path) : unlink(path);
}

static void test_store_rm(void)
{
	int i;

	/* Only the process that made them: forked children share them. */
	for (i = 0; i < test_store_count; i++)
		if (getpid() == test_store_owner &&
		    !strncmp(test_store_dirs[i], "/tmp/tamago-store.", 18))
			nftw(test_store_dirs[i], test_store_rm_one, 16,
			     FTW_DEPTH | FTW_PHYS);
	test_store_count = 0;
}

/* The store's fd, or exits: a scratch directory made here, only. */
static inline int test_store(void)
{
	char *dir;
	int fd;

	/* A forked test's child makes its own, removed by its own exit. */
	if (test_store_owner != getpid()) {
		test_store_owner = getpid();
		test_store_count = 0;
		atexit(test_store_rm);
	}
	if (test_store_count == TEST_STORES) {
		fprintf(stderr, "tamago test store: more than %d\n",
			TEST_STORES);
		exit(2);
	}
	dir = test_store_dirs[test_store_count];
	snprintf(dir, sizeof(test_store_dirs[0]), "/tmp/tamago-store.XXXXXX");
	if (!mkdtemp(dir)) {
		perror("tamago test store");
		exit(2);
	}
	test_store_count++;
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	/* Open to every uid, as the shim's tmpfs is (fs/store.c): tests
	 * change their ids. */
	if (fd < 0 || fchmod(fd, 0777) < 0) {
		perror(dir);
		exit(2);
	}
	return fd;
}

/* buf's bytes in a memfd, mapped at *map: what fs_image_load takes. */
static inline int test_image_fd(const void *buf, size_t len,
				const unsigned char **map)
{
	int fd = memfd_create("tamago-test-image", MFD_CLOEXEC);
	void *p;

	if (fd < 0 || write(fd, buf, len) != (ssize_t)len) {
		perror("tamago test image");
		exit(2);
	}
	p = len ? mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0) : (void *)"";
	if (p == MAP_FAILED) {
		perror("tamago test image");
		exit(2);
	}
	*map = p;
	return fd;
}

#endif
