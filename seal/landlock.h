/* SPDX-License-Identifier: BSD-3-Clause */
/* Landlock, for the sandbox's seal (launcher/start.c). */
#ifndef TAMAGO_LANDLOCK_H
#define TAMAGO_LANDLOCK_H

#include <stdbool.h>
#include <stddef.h>

/*
 * A ruleset that handles every right this kernel's Landlock knows (files,
 * TCP, scopes), granting none yet; *abi receives the ABI version. Returns
 * the ruleset fd, or -errno (-EOPNOTSUPP without Landlock).
 */
long landlock_ruleset(long *abi);

/* Grants what the store needs beneath directory fd dir (reading,
 * writing, making and removing its objects) in ruleset (of ABI abi): 0 or
 * -errno. */
long landlock_grant_store(long ruleset, long abi, int dir);

/*
 * Restricts this thread (and what it execs) to the store beneath fd
 * grant and to reading the n files of fds (placed host files, reopened
 * through /proc) or beneath them where they are directories (--ro
 * layers, fs/lower.h), scoping abstract sockets and signals where the kernel
 * knows how (*scoped). false where Landlock is missing or a rule cannot
 * be added.
 */
bool landlock_seal(int grant, const int *reads, size_t n, bool *scoped);

#endif
