/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef TAMAGO_KEEPFDS_H
#define TAMAGO_KEEPFDS_H

/*
 * Closes every fd from 3 up but those listed in keep ("5,7", may be NULL);
 * returns 0, -EINVAL for a bad list, or another -errno.
 */
int fd_close_inherited(const char *keep);

/*
 * The fds that survive: TAMAGO_KEEP_FDS's, and those that TAMAGO_FS_FD,
 * TAMAGO_EXPORT_FD, TAMAGO_AUDIT_FD, TAMAGO_PROC_FD and TAMAGO_FS_SIZE_FD
 * name (the shim takes them over at start-up).
 */
const char *fd_keep_list(void);

#endif
