/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * TAMAGO_FS_SIZE: the tmpfs that holds the store's file contents (sized
 * when asked), made by tamago-exec before its Landlock layer, so that the
 * layer can grant it (see fssize.c).
 */
#ifndef TAMAGO_FSSIZE_H
#define TAMAGO_FSSIZE_H

#include <stdint.h>

#define FSSIZE_BAD "expected a size in bytes, as in 65536, 512K or 2G"

/*
 * Parses a size: digits with an optional K, M, G or T suffix (powers of
 * 1024). NULL or "" or "0" is no limit (*bytes = 0). Returns 0 or -EINVAL.
 */
int fssize_parse(const char *s, uint64_t *bytes);

/*
 * A detached tmpfs of at most bytes (rounded up to pages): its root as an
 * fd, not close-on-exec, or -errno. Where the caller may not mount, it
 * first enters a user and mount namespace of its own, its uid and gid
 * mapped to themselves (so the program sees the same ids).
 */
long fssize_mount(uint64_t bytes);

/* What a failure of fssize_mount means, for the "tamago: " line. */
const char *fssize_why(long err);

#endif
