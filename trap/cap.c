/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * capget without a pid namespace: the pid it asks about lies in memory,
 * where the filter cannot read it, so the call traps and is answered here
 * for the process itself (pid 0 or its own), from the sets the sandbox's
 * start read before the seal (core/config.h); capset and the set*id
 * family are killed, so they never change. Another pid: ESRCH, as for a
 * process the caller cannot see. In tamago-run's pid namespace the kernel
 * answers instead (seal/policy.c).
 */
#include <errno.h>
#include <linux/capability.h>

#include "core/config.h"
#include "core/sys.h"
#include "trap/trap.h"

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
	const struct core_config *cfg = core_config();
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
	for (i = 0; d && cfg && i < words; i++) {
		d[i].effective = (uint32_t)(cfg->cap_eff >> (32 * i));
		d[i].permitted = (uint32_t)(cfg->cap_prm >> (32 * i));
		d[i].inheritable = (uint32_t)(cfg->cap_inh >> (32 * i));
	}
	return 0;
}
