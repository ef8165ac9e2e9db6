/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Images: cpio "newc" archives (magic 070701, and 070702 with a checksum)
 * loaded into the tree before sealing, and the tree written back out as
 * one (export.c). The loader takes a buffer and its length so that the
 * shim, the unit tests and the fuzz target all call the same code.
 */
#ifndef TAMAGO_IMAGE_H
#define TAMAGO_IMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct fs_image_error {
	size_t offset;		/* where in the archive */
	const char *reason;	/* a static string */
};

/*
 * Copy regular files' contents into their objects now instead of
 * referring to the image until a file is first opened (for a buffer that
 * will not outlive the call, such as a fuzzer's input).
 */
#define FS_IMAGE_COPY 1u

/*
 * Lays the archive buf[0..len) over the tree. The whole archive is
 * checked before the tree is touched; a refusal returns -EINVAL with
 * err set. Past that check only the tree can refuse (a name under a
 * symlink or a file, the arena full): the tree is then partly changed,
 * and the shim exits 125 before the program runs.
 *
 * fd: the image's file (a regular file or a memfd) of which buf is this
 * process's mapping from offset 0; the core takes it over into the band,
 * so that every process of the sandbox can map it again and files keep
 * referring to it until first opened. fd -1: contents are copied now, as
 * with FS_IMAGE_COPY, and buf need not outlive the call.
 */
int fs_image_load(int fd, const void *buf, size_t len, unsigned int flags,
		  struct fs_image_error *err);

/*
 * Export (export.c): writes the tree to fd as a newc archive (070701).
 * With changes, only what differs from the tree as it stood at
 * fs_export_baseline(), plus whiteouts for what was removed. Returns 0
 * or -errno with *why naming what failed (a static string or NULL).
 */
int fs_export_baseline(void);
int fs_export(int fd, bool changes, const char **why);

/*
 * How many paths were created, changed or removed since the baseline (a
 * directory counts when it is new, not when it only holds something new):
 * for the note at the end of a run that exports nothing. -ENOENT when no
 * baseline was taken. Marks what it saw, as fs_export does: call one of
 * them, once.
 */
int fs_changes_count(uint32_t *n);

/* Tests and the fuzz target: removes everything the images could have
 * added, leaving / with empty /tmp and /dev as fs_init made it. */
void fs_image_reset(void);

#endif
