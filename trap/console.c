/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The console handler's writes (hooks/tamago.h): with one registered, the
 * filter traps write, writev, pwrite64, pwritev and pwritev2 on fds 1 and
 * 2 (policy.c). Each is made here as asked, on the same fd tagged
 * (sys_pass) so that the filter lets it through, and the handler then
 * sees the bytes the kernel took. They are served whoever called: a raw
 * write to stdout bypasses nothing (sigsys.c). Offsets are decoded by the
 * architecture's helpers (arch.h): on 32-bit arm they take two registers.
 */
#include <sys/uio.h>

#include "core/sys.h"
#include "hooks/hooks.h"
#include "trap/trap.h"

/* What a vectored write took, buffer by buffer. */
static void seen_iov(int fd, const struct iovec *iov, long cnt, long took)
{
	long i;

	for (i = 0; i < cnt && took > 0; i++) {
		size_t n = iov[i].iov_len < (size_t)took ? iov[i].iov_len :
							   (size_t)took;

		hooks_console(fd, iov[i].iov_base, n);
		took -= (long)n;
	}
}

long trap_console_write(const long *a)
{
	long r = sys_pass(SYS_write, a[0], a[1], a[2], 0, 0);

	if (r > 0)
		hooks_console((int)a[0], (const void *)a[1], (size_t)r);
	return r;
}

long trap_console_pwrite64(const long *a)
{
	struct iovec one = { (void *)a[1], (size_t)a[2] };
	int i = 3;	/* pwrite64(fd, buf, count, pos) */
	long r = arch_pwritev_pass((int)a[0], &one, 1, arch_trap_arg64(a, &i),
				   0);

	if (r > 0)
		hooks_console((int)a[0], (const void *)a[1], (size_t)r);
	return r;
}

long trap_console_writev(const long *a)
{
	long r = sys_pass(SYS_writev, a[0], a[1], a[2], 0, 0);

	if (r > 0)
		seen_iov((int)a[0], (const struct iovec *)a[1], a[2], r);
	return r;
}

long trap_console_pwritev(const long *a)
{
	long r = arch_pwritev_pass((int)a[0], (const struct iovec *)a[1], a[2],
				   arch_trap_hilo(a[3], a[4]), 0);

	if (r > 0)
		seen_iov((int)a[0], (const struct iovec *)a[1], a[2], r);
	return r;
}

long trap_console_pwritev2(const long *a)
{
	long r = arch_pwritev_pass((int)a[0], (const struct iovec *)a[1], a[2],
				   arch_trap_hilo(a[3], a[4]), (int)a[5]);

	if (r > 0)
		seen_iov((int)a[0], (const struct iovec *)a[1], a[2], r);
	return r;
}

bool console_serves_raw(trap_fn fn)
{
	return fn == trap_console_write || fn == trap_console_writev ||
	       fn == trap_console_pwrite64 || fn == trap_console_pwritev ||
	       fn == trap_console_pwritev2;
}
