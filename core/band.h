/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The fd band: the shim's own fds sit above the program's RLIMIT_NOFILE
 * soft limit, which the program sees lowered to the band's base. The
 * program can neither see nor (by accident) close them: its fd limit,
 * dup2 and close_range stop below the band (the filter keeps dup2 out).
 */
#ifndef TAMAGO_BAND_H
#define TAMAGO_BAND_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/resource.h>

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

/*
 * The same with unsigned long fields (lim[0] the soft limit, lim[1] the
 * hard): the kernel's struct rlimit of getrlimit, ugetrlimit and
 * setrlimit, and libc's without _FILE_OFFSET_BITS=64. band_prlimit's are
 * 64-bit (prlimit64's), which on 32-bit arm is twice as wide. Converted
 * as the kernel converts: a limit that does not fit reads as
 * RLIM_INFINITY (ULONG_MAX), and ULONG_MAX set is infinity.
 */
static inline long band_prlimit_ul(int resource, const unsigned long nw[2],
				   unsigned long old[2])
{
	struct rlimit64 n, o;
	long r;

	if (nw) {
		n.rlim_cur = nw[0] == ULONG_MAX ? UINT64_MAX : nw[0];
		n.rlim_max = nw[1] == ULONG_MAX ? UINT64_MAX : nw[1];
	}
	r = band_prlimit(resource, nw ? (const struct rlimit *)&n : NULL,
			 old ? (struct rlimit *)&o : NULL);
	if (r < 0 || !old)
		return r;
	old[0] = o.rlim_cur >= ULONG_MAX ? ULONG_MAX
					 : (unsigned long)o.rlim_cur;
	old[1] = o.rlim_max >= ULONG_MAX ? ULONG_MAX
					 : (unsigned long)o.rlim_max;
	return r;
}

#endif
