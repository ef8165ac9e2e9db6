/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Landlock, handling every file-system right it knows and granting none:
 * after it, a path can reach only objects that no mount makes visible
 * (memfds, pipes). That is what lets the filter allow openat() on the
 * shim's /proc fd, which gives each open of an in-memory file its own
 * open file description. With TAMAGO_FS_SIZE the files live in a
 * detached tmpfs instead (fssize.c): reads, writes and truncation beneath
 * its root are granted, and nothing else. It also scopes abstract sockets and signals to
 * the sandbox where the kernel knows how. The seccomp filter stays the
 * boundary; Landlock only confines the one door the filter leaves open.
 */
#include <errno.h>
#include <linux/landlock.h>
#include <stdint.h>
#include <sys/prctl.h>

#include "seal/landlock.h"
#include "shim/shim.h"
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

long landlock_grant_rw(long ruleset, long abi, int dir)
{
	struct landlock_path_beneath_attr pb = {
		.allowed_access = LANDLOCK_ACCESS_FS_READ_FILE |
				  LANDLOCK_ACCESS_FS_WRITE_FILE,
		.parent_fd = dir,
	};

	if (abi >= 3)
		pb.allowed_access |= 1ULL << 14; /* TRUNCATE */
	return sys6(SYS_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH,
		    &pb, 0, 0, 0);
}

bool landlock_seal(int grant, bool *scoped)
{
	long abi, fd, r = 0;

	*scoped = false;
	fd = landlock_ruleset(&abi);
	if (fd < 0)
		return false;
	if (grant >= 0)
		r = landlock_grant_rw(fd, abi, grant);
	if (r == 0)
		r = sys6(SYS_prctl, PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0, 0);
	if (r == 0)
		r = sys3(SYS_landlock_restrict_self, fd, 0, 0);
	sys_close((int)fd);
	*scoped = r == 0 && abi >= 6;
	return r == 0;
}
