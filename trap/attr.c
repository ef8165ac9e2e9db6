/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Mode, owner, times, truncation and statfs, as trapped system calls.
 */
#include <fcntl.h>
#include <stddef.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/time.h>
#include <unistd.h>
#include <utime.h>

#include "core/abi.h"
#include "fs/fs.h"
#include "trap/trap.h"

long trap_chmod(const long *a)
{
	return fs_fchmodat(AT_FDCWD, (const char *)a[0], (mode_t)a[1], 0);
}

long trap_fchmod(const long *a)
{
	return fs_fchmodat((int)a[0], "", (mode_t)a[1], AT_EMPTY_PATH);
}

long trap_fchmodat(const long *a)
{
	return fs_fchmodat((int)a[0], (const char *)a[1], (mode_t)a[2], 0);
}

long trap_fchmodat2(const long *a)
{
	return fs_fchmodat((int)a[0], (const char *)a[1], (mode_t)a[2],
			   (int)a[3]);
}

long trap_chown(const long *a)
{
	return fs_fchownat(AT_FDCWD, (const char *)a[0], (uid_t)a[1],
			   (gid_t)a[2], 0);
}

long trap_lchown(const long *a)
{
	return fs_fchownat(AT_FDCWD, (const char *)a[0], (uid_t)a[1],
			   (gid_t)a[2], AT_SYMLINK_NOFOLLOW);
}

long trap_fchown(const long *a)
{
	return fs_fchownat((int)a[0], "", (uid_t)a[1], (gid_t)a[2],
			   AT_EMPTY_PATH);
}

long trap_fchownat(const long *a)
{
	return fs_fchownat((int)a[0], (const char *)a[1], (uid_t)a[2],
			   (gid_t)a[3], (int)a[4]);
}

long trap_utimensat(const long *a)
{
	return fs_utimensat((int)a[0], (const char *)a[1],
			    (const struct timespec *)a[2], (int)a[3]);
}

long trap_utimes(const long *a)
{
	struct timespec ts[2];

	return fs_utimensat(AT_FDCWD, (const char *)a[0],
			    abi_tv_to_ts((const struct timeval *)a[1], ts), 0);
}

long trap_futimesat(const long *a)
{
	struct timespec ts[2];

	return fs_utimensat((int)a[0], (const char *)a[1],
			    abi_tv_to_ts((const struct timeval *)a[2], ts), 0);
}

long trap_utime(const long *a)
{
	struct timespec ts[2];

	return fs_utimensat(AT_FDCWD, (const char *)a[0],
			    abi_utimbuf_to_ts((const struct utimbuf *)a[1], ts), 0);
}

long trap_truncate(const long *a)
{
	return fs_truncate((const char *)a[0], (off_t)a[1]);
}

long trap_statfs(const long *a)
{
	return fs_statfs(AT_FDCWD, (const char *)a[0], (struct statfs *)a[1]);
}

long trap_fstatfs(const long *a)
{
	return fs_statfs((int)a[0], NULL, (struct statfs *)a[1]);
}
