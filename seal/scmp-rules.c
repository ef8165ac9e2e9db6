/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Rule helpers and argument lists shared by the shim's filter (policy.c)
 * and tamago-exec's first filter, so that both refuse the same things.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <linux/sockios.h>
#include <stdint.h>
#include <sys/ioctl.h>
#include <asm/termbits.h>

#include "seal/scmp-rules.h"

/*
 * Numbers that differ between the architectures the filter is generated
 * for on one build machine (seal/gen-filter.c, whose output asserts that
 * each target's headers give one of them): FIOQSIZE is asm-generic's
 * 0x5460 but 0x545e in arm's own asm/ioctls.h, and FS_IOC_GETFLAGS has a
 * long's size in it. Both spellings are listed; the other one is no
 * request at all on each architecture (or the compat spelling of the
 * same read), so it reaches nothing more.
 */
#define FIOQSIZE_GENERIC 0x5460
#define FIOQSIZE_ARM 0x545e
#define FS_IOC_GETFLAGS_LP64 _IOR('f', 1, int64_t)
#define FS_IOC_GETFLAGS_ILP32 _IOR('f', 1, int32_t)

/*
 * ioctl requests by allowlist: what terminals, pipes, sockets and memfds
 * need for ordinary programs. Terminal requests act on the sandbox's own
 * pty (tamago-run gives it one) or on a terminal the user kept; TIOCSPGRP
 * reaches only the caller's controlling terminal, and the kernel keeps it
 * to the caller's session. Everything else (TIOCSTI, TIOCLINUX, TIOCCONS,
 * TIOCSCTTY, TIOCSETD, FS_IOC_SETFLAGS, the socket requests that read or
 * change the host's interfaces, FIOSETOWN, ...) is ENOTTY.
 */
const uint32_t scmp_ok_ioctls[] = {
	/* termios, as glibc's tcgetattr, tcsetattr, tcdrain, tcflow,
	 * tcflush, tcsendbreak and isatty use them */
	TCGETS, TCSETS, TCSETSW, TCSETSF, TCGETS2, TCSETS2, TCSETSW2,
	TCSETSF2, TCSBRK, TCSBRKP, TCXONC, TCFLSH,
	/* job control and window size (tcgetpgrp, tcsetpgrp, tcgetsid) */
	TIOCGPGRP, TIOCSPGRP, TIOCGSID, TIOCGWINSZ, TIOCSWINSZ, TIOCNOTTY,
	/* queues and modes of any fd */
	FIONREAD, TIOCOUTQ, FIONBIO, FIOASYNC, FIOCLEX, FIONCLEX,
	FIOQSIZE_GENERIC, FIOQSIZE_ARM, FIOGETOWN, SIOCGPGRP, SIOCATMARK,
	/* files: reading flags, and cloning between the program's own */
	FS_IOC_GETFLAGS_LP64, FS_IOC_GETFLAGS_ILP32, FICLONE, FICLONERANGE,
};
const size_t scmp_ok_ioctls_len =
	sizeof(scmp_ok_ioctls) / sizeof(scmp_ok_ioctls[0]);

/* fcntl commands that aim SIGIO (or any signal) at another process. */
const uint32_t scmp_bad_fcntls[] = { F_SETOWN, F_SETOWN_EX, F_SETSIG };
const size_t scmp_bad_fcntls_len =
	sizeof(scmp_bad_fcntls) / sizeof(scmp_bad_fcntls[0]);

/*
 * libseccomp takes one comparison per argument in a rule, so "every value
 * but these" is spelt as the values themselves (action in) plus aligned
 * blocks covering the rest of the 32-bit space (action out). Only the low
 * 32 bits are compared: the kernel truncates these arguments (int or
 * unsigned int) itself, so upper bits cannot smuggle a value past a rule.
 */
int scmp_partition(scmp_filter_ctx ctx, int nr, unsigned int arg,
		   const uint32_t *vals, size_t n, uint32_t in, uint32_t out,
		   const struct scmp_arg_cmp *extra)
{
	struct scmp_arg_cmp c[2];
	unsigned int nc = extra ? 2 : 1;
	uint64_t lo = 0;
	uint32_t sorted[32];
	size_t i, j;
	int r = 0;

	if (n > 32)
		return -EINVAL;
	for (i = 0; i < n; i++) {
		for (j = i; j > 0 && sorted[j - 1] > vals[i]; j--)
			sorted[j] = sorted[j - 1];
		sorted[j] = vals[i];
	}
	for (i = 0; i <= n && r == 0; i++) {
		uint64_t hi = i < n ? sorted[i] : 1ULL << 32;

		if (extra)
			c[1] = *extra;
		if (i < n && in != SCMP_PART_SKIP) {
			c[0] = SCMP_CMP(arg, SCMP_CMP_MASKED_EQ, 0xffffffffULL,
					sorted[i]);
			r = seccomp_rule_add_array(ctx, in, nr, nc, c);
		}
		/* [lo, hi) in blocks aligned to their own size. */
		while (r == 0 && lo < hi) {
			uint64_t size = lo ? lo & -lo : 1ULL << 32;

			while (lo + size > hi)
				size >>= 1;
			c[0] = SCMP_CMP(arg, SCMP_CMP_MASKED_EQ,
					0xffffffffULL & ~(size - 1), lo);
			r = seccomp_rule_add_array(ctx, out, nr, nc, c);
			lo += size;
		}
		lo = hi + 1;
	}
	return r;
}


int scmp_only(scmp_filter_ctx ctx, int nr, unsigned int arg,
	      const uint32_t *vals, size_t n, uint32_t in, uint32_t out,
	      const struct scmp_arg_cmp *extra)
{
	struct scmp_arg_cmp c[2];
	unsigned int nc = extra ? 2 : 1;
	size_t i;
	int r = 0;

	if (extra)
		c[1] = *extra;
	if (!n)
		return seccomp_rule_add_array(ctx, out, nr, nc - 1, c + 1);
	for (i = 0; r == 0 && i < n; i++) {
		c[0] = SCMP_CMP64(arg, SCMP_CMP_MASKED_EQ, 0xffffffffULL,
				  vals[i]);
		r = seccomp_rule_add_array(ctx, in, nr, nc, c);
	}
	/* Equal to vals[0] in all 64 bits was taken by its own rule. */
	c[0] = SCMP_CMP64(arg, SCMP_CMP_NE, vals[0]);
	if (r == 0 && in != out)
		r = seccomp_rule_add_array(ctx, out, nr, nc, c);
	return r;
}
