/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libFuzzer target for the image loader (fs/image.c), built with
 * -Dfuzz=true and clang. Each input is loaded into the tree; one that
 * loads is exported (fs/export.c) and the export must load again, since
 * an export the loader refuses is a bug. The tree is reset after each
 * input, before the input's buffer goes away (files refer into it).
 */
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fs/fs.h"
#include "hooks/hooks.h"
#include "fs/image.h"
#include "../unit/store.h"

static int out_fd = -1;

static void setup(void)
{
	struct fs_options o = { .store_fd = test_store() };

	if (fs_init(&o) < 0 || hooks_init(NULL, -1) < 0)
		abort();
	out_fd = memfd_create("fuzz-export", 0);
	if (out_fd < 0)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fs_image_error err;
	const char *why;
	void *map;
	off_t len;

	if (out_fd < 0)
		setup();
	if (fs_image_load(-1, data, size, 0, &err) == 0) {
		if (ftruncate(out_fd, 0) < 0 || lseek(out_fd, 0, SEEK_SET) < 0)
			abort();
		if (fs_export(out_fd, false, &why) < 0)
			abort();
		len = lseek(out_fd, 0, SEEK_END);
		map = mmap(NULL, (size_t)len, PROT_READ, MAP_PRIVATE, out_fd,
			   0);
		if (map == MAP_FAILED)
			abort();
		fs_image_reset();
		if (fs_image_load(-1, map, (size_t)len, 0, &err) < 0)
			abort();	/* our own export refused */
		fs_image_reset();
		munmap(map, (size_t)len);
	}
	fs_image_reset();
	return 0;
}
