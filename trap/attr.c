/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Mode, owner, times, truncation and statfs, as trapped system calls.
 */
#include <errno.h>
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
	return fs_truncate((const char *)a[0], a[1]);
}

/* truncate64(path, length): a register pair on 32-bit arm (arch.h). */
long trap_truncate64(const long *a)
{
	int i = 1;

	return fs_truncate((const char *)a[0], arch_trap_arg64(a, &i));
}

long trap_statfs(const long *a)
{
	return abi_statfs_of(AT_FDCWD, (const char *)a[0],
			     (struct statfs *)a[1]);
}

long trap_fstatfs(const long *a)
{
	return abi_statfs_of((int)a[0], NULL, (struct statfs *)a[1]);
}

/*
 * statfs64(path, size, buf), fstatfs64(fd, size, buf) (32-bit arm): the
 * kernel's struct statfs64 there is libc's without the tail padding, and
 * it takes either size, as the kernel does.
 */
static long statfs64_at(int fd, const char *path, size_t size, void *buf)
{
	const size_t bare = offsetof(struct statfs64, f_spare) +
			    sizeof(((struct statfs64 *)0)->f_spare);
	struct statfs64 s;
	long r;

	if (size != sizeof(s) && size != bare)
		return -EINVAL;
	r = fs_statfs(fd, path, &s);
	if (r == 0)
		memcpy(buf, &s, bare);
	return r;
}

long trap_statfs64(const long *a)
{
	return statfs64_at(AT_FDCWD, (const char *)a[0], (size_t)a[1],
			   (void *)a[2]);
}

long trap_fstatfs64(const long *a)
{
	return statfs64_at((int)a[0], NULL, (size_t)a[1], (void *)a[2]);
}
