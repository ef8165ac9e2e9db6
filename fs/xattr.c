/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Extended attributes: the in-memory file system stores none, and answers
 * as a file system without xattr support does (ENOTSUP), after resolving
 * the path or fd as the kernel would. A deliberate difference from tmpfs,
 * which supports some namespaces.
 */
#include <errno.h>

#include "fs/internal.h"
#include "core/lock.h"

int fs_xattr_path(int dirfd, const char *path, bool follow)
{
	struct walk w;
	int r = core_lock();

	if (r < 0)
		return r;
	r = walk(dirfd, path, follow ? WALK_FOLLOW : 0, &w);
	if (r == 0)
		r = w.ino ? -ENOTSUP : -ENOENT;
	core_unlock();
	return r;
}

int fs_xattr_fd(int fd)
{
	aoff_t ino;
	long r = core_lock();

	if (r < 0)
		return (int)r;
	r = fd_lookup(fd, &ino, NULL);
	core_unlock();
	return r < 0 ? (int)r : -ENOTSUP;
}
