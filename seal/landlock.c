/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Landlock, handling every file-system right it knows and granting them
 * beneath the store alone (fs/store.c: the tmpfs that holds file
 * contents): after it, a path can reach only the store's objects and
 * objects no mount makes visible (memfds, pipes). That is what lets the
 * filter allow openat() and its kin on the store's fd, and openat() on
 * the shim's /proc fd, which reopens a program's fd of a deleted file.
 * It also scopes abstract sockets and signals to the sandbox where the
 * kernel knows how. The seccomp filter stays the boundary; Landlock only
 * confines the doors the filter leaves open.
 */
#include <errno.h>
#include <linux/landlock.h>
#include <stdint.h>
#include <sys/prctl.h>

#include "seal/landlock.h"
#include "core/sys.h"

#ifndef LANDLOCK_CREATE_RULESET_VERSION
#define LANDLOCK_CREATE_RULESET_VERSION (1U << 0)
#endif

/* The ruleset attribute as of ABI 6; older kernels take a prefix. */
struct ll_attr {
	uint64_t handled_access_fs;
	uint64_t handled_access_net;
	uint64_t scoped;
};

/* See landlock.h. */
long landlock_ruleset(long *abi)
{
	struct ll_attr attr = { 0 };
	size_t size = sizeof(uint64_t);

	*abi = sys3(SYS_landlock_create_ruleset, 0, 0,
		    LANDLOCK_CREATE_RULESET_VERSION);
	if (*abi < 1)
		return -EOPNOTSUPP;
	/* ABI 1: 13 rights; 2: REFER; 3: TRUNCATE; 5: IOCTL_DEV. */
	attr.handled_access_fs = (1ULL << 13) - 1;
	if (*abi >= 2)
		attr.handled_access_fs |= 1ULL << 13;
	if (*abi >= 3)
		attr.handled_access_fs |= 1ULL << 14;
	if (*abi >= 5)
		attr.handled_access_fs |= 1ULL << 15;
	if (*abi >= 4) {
		attr.handled_access_net = 3; /* bind and connect TCP */
		size = 2 * sizeof(uint64_t);
	}
	if (*abi >= 6) {
		attr.scoped = 3; /* abstract AF_UNIX, signals */
		size = sizeof(attr);
	}
	return sys3(SYS_landlock_create_ruleset, &attr, size, 0);
}

long landlock_grant_store(long ruleset, long abi, int dir)
{
	struct landlock_path_beneath_attr pb = {
		.allowed_access = LANDLOCK_ACCESS_FS_READ_FILE |
				  LANDLOCK_ACCESS_FS_WRITE_FILE |
				  LANDLOCK_ACCESS_FS_READ_DIR |
				  LANDLOCK_ACCESS_FS_REMOVE_DIR |
				  LANDLOCK_ACCESS_FS_REMOVE_FILE |
				  LANDLOCK_ACCESS_FS_MAKE_DIR |
				  LANDLOCK_ACCESS_FS_MAKE_REG |
				  LANDLOCK_ACCESS_FS_MAKE_FIFO,
		.parent_fd = dir,
	};

	if (abi >= 2)
		pb.allowed_access |= 1ULL << 13; /* REFER: relinking */
	if (abi >= 3)
		pb.allowed_access |= 1ULL << 14; /* TRUNCATE */
	return sys6(SYS_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH,
		    &pb, 0, 0, 0);
}

/* Reading one file, or everything beneath a directory (a --ro layer:
 * its files and its listings). */
static long grant_read(long ruleset, int file)
{
	struct landlock_path_beneath_attr pb = {
		.allowed_access = LANDLOCK_ACCESS_FS_READ_FILE,
		.parent_fd = file,
	};
	arch_kstat st;

	if (sys_fstat(file, &st) == 0 && S_ISDIR(st.st_mode))
		pb.allowed_access |= LANDLOCK_ACCESS_FS_READ_DIR;

	return sys6(SYS_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH,
		    &pb, 0, 0, 0);
}

bool landlock_seal(int grant, const int *reads, size_t n, bool *scoped)
{
	long abi, fd, r = 0;
	size_t i;

	*scoped = false;
	fd = landlock_ruleset(&abi);
	if (fd < 0)
		return false;
	if (grant >= 0)
		r = landlock_grant_store(fd, abi, grant);
	for (i = 0; r == 0 && i < n; i++)
		r = grant_read(fd, reads[i]);
	if (r == 0)
		r = sys6(SYS_prctl, PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0, 0);
	if (r == 0)
		r = sys3(SYS_landlock_restrict_self, fd, 0, 0);
	sys_close((int)fd);
	*scoped = r == 0 && abi >= 6;
	return r == 0;
}
