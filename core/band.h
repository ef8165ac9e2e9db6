/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The fd band: the shim's own fds sit above the program's RLIMIT_NOFILE
 * soft limit, which the program sees lowered to the band's base. The
 * program can neither see nor (by accident) close them: its fd limit,
 * dup2 and close_range stop below the band (the filter keeps dup2 out).
 */
#ifndef TAMAGO_BAND_H
#define TAMAGO_BAND_H

struct rlimit;

/*
 * Before the seal, once per sandbox: places the band (raising the
 * kernel's soft limit to the hard one). base: the band's base another
 * image of the same process or an ancestor placed (passed across exec),
 * or -1 to choose it. Returns 0 or -errno.
 */
int band_setup(int base);
/* Moves fd into the band (close-on-exec); returns the new fd. */
int band_move(int fd);
/* The same for an fd every process of the sandbox keeps, across exec:
 * the arena, the store, images, devices (not close-on-exec). */
int band_keep(int fd);
/* The lowest fd of the band: the program's fds stay below it. */
int band_base(void);
/* RLIMIT_NOFILE as the program sees and sets it (prlimit's contract). */
int band_prlimit_nofile(const struct rlimit *nw, struct rlimit *old);
/* This process's limit resource: RLIMIT_NOFILE as above, the rest the
 * kernel's. */
long band_prlimit(int resource, const struct rlimit *nw, struct rlimit *old);

#endif
