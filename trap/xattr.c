/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Extended attributes, as trapped system calls.
 */
#include <fcntl.h>
#include <sys/xattr.h>

#include "fs/fs.h"
#include "trap/trap.h"

long trap_xattr_path(const long *a)
{
	return fs_xattr_path(AT_FDCWD, (const char *)a[0], true);
}

long trap_lxattr_path(const long *a)
{
	return fs_xattr_path(AT_FDCWD, (const char *)a[0], false);
}

long trap_xattr_fd(const long *a)
{
	return fs_xattr_fd((int)a[0]);
}
