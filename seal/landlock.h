/* SPDX-License-Identifier: BSD-3-Clause */
/* Landlock rulesets, shared by the shim's seal and tamago-exec. */
#ifndef TAMAGO_LANDLOCK_H
#define TAMAGO_LANDLOCK_H

/*
 * A ruleset that handles every right this kernel's Landlock knows (files,
 * TCP, scopes), granting none yet; *abi receives the ABI version. Returns
 * the ruleset fd, or -errno (-EOPNOTSUPP without Landlock).
 */
long landlock_ruleset(long *abi);

/* Grants reading, writing and truncating files beneath directory fd dir
 * in ruleset (of ABI abi): 0 or -errno. */
long landlock_grant_rw(long ruleset, long abi, int dir);

#endif
