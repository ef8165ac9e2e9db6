/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * capget without a pid namespace: the pid it asks about lies in memory,
 * where the filter cannot read it, so the call traps and is answered here
 * for the process itself (pid 0 or its own), from the sets read at the
 * seal; capset and the set*id family are killed, so they never change.
 * Another pid is not the sandbox's: ESRCH. The sets come from
 * /proc/self/status, read before the seal (init.c). In tamago-run's pid
 * namespace the kernel answers instead (policy.c).
 */
#include <linux/capability.h>

#include "shim/shim.h"
#include "core/sys.h"

static struct __user_cap_data_struct caps[_LINUX_CAPABILITY_U32S_3];

void cap_set(uint64_t eff, uint64_t prm, uint64_t inh)
{
	int i;

	for (i = 0; i < _LINUX_CAPABILITY_U32S_3; i++) {
		caps[i].effective = (uint32_t)(eff >> (32 * i));
		caps[i].permitted = (uint32_t)(prm >> (32 * i));
		caps[i].inheritable = (uint32_t)(inh >> (32 * i));
	}
}

/* Sets of 32 bits per version (the kernel's cap_validate_magic). */
static int cap_words(uint32_t version)
{
	switch (version) {
	case _LINUX_CAPABILITY_VERSION_1:
		return _LINUX_CAPABILITY_U32S_1;
	case _LINUX_CAPABILITY_VERSION_2:
	case _LINUX_CAPABILITY_VERSION_3:
		return _LINUX_CAPABILITY_U32S_3;
	default:
		return 0;
	}
}

long trap_capget(const long *a)
{
	struct __user_cap_header_struct *h = (void *)a[0];
	struct __user_cap_data_struct *d = (void *)a[1];
	int words, i;

	if (!h)
		return -EFAULT;
	words = cap_words(h->version);
	if (!words) {
		/* As the kernel: the version it prefers, and EINVAL. */
		h->version = _LINUX_CAPABILITY_VERSION_3;
		return d ? -EINVAL : 0;
	}
	if (h->pid != 0 && h->pid != (int)sys3(SYS_getpid, 0, 0, 0))
		return -ESRCH;
	for (i = 0; d && i < words; i++)
		d[i] = caps[i];
	return 0;
}
