/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The handler table and its kernel-backed defaults. See tamago.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>

#include "core/band.h"
#include "core/config.h"
#include "core/sys.h"
#include "fs/fs.h"
#include "hooks/det.h"
#include "hooks/hooks.h"


static struct tamago_handlers table;
static clock_gettime_fn real_clock_gettime;
static int urandom_fd = -1;
static int sealed;

/* The kernel's randomness, read from a device opened before the seal. */
static ssize_t kernel_random(void *buf, size_t len, unsigned int flags)
{
	size_t done = 0;

	(void)flags;
	while (done < len) {
		long r = sys_read(urandom_fd, (char *)buf + done, len - done);

		if (r == -EINTR)
			continue;
		if (r <= 0)
			return done ? (ssize_t)done : (r ? r : -EIO);
		done += (size_t)r;
	}
	return (ssize_t)done;
}

/*
 * The vDSO's clock_gettime answers without a system call. When it
 * fails (a clock the kernel does not know, a bad pointer for a clock the
 * vDSO passes on), the kernel's own answer gives the errno, without
 * reading libc's errno from a core that may run in a signal handler.
 */
static int kernel_clock(clockid_t id, struct timespec *ts)
{
	if (det_on())
		return hooks_kernel_clock(id, ts);
	if (real_clock_gettime && real_clock_gettime(id, ts) == 0)
		return 0;
	return (int)sys3(SYS_clock_gettime, id, ts, 0);
}

/*
 * In a reproducible run the filter traps the program's clock calls (and
 * the vDSO's own fallback to the system call): the host's clock is read
 * by a tagged call, which it lets through, never the vDSO (whose
 * fallback, inside the SIGSYS handler, would be a fatal trap).
 */
int hooks_kernel_clock(clockid_t id, struct timespec *ts)
{
	if (!det_on()) {
		if (real_clock_gettime && real_clock_gettime(id, ts) == 0)
			return 0;
		return (int)sys3(SYS_clock_gettime, id, ts, 0);
	}
	return (int)sys_pass(SYS_clock_gettime, id, ts, 0, 0, 0);
}

int hooks_init(clock_gettime_fn clock, int urandom)
{
	long fd = urandom;

	if (urandom_fd >= 0)
		return 0;
	real_clock_gettime = clock;
	if (fd < 0) {
		fd = sys_openat(AT_FDCWD, "/dev/urandom", O_RDONLY | O_CLOEXEC,
				0);
		if (fd >= 0)
			fd = band_move((int)fd);
	}
	if (fd < 0)
		return (int)fd;
	urandom_fd = (int)fd;
	table.size = sizeof(table);
	table.random = kernel_random;
	table.clock = kernel_clock;
	hooks_det_start();
	return 0;
}

void hooks_det_start(void)
{
	const struct core_config *cfg = core_config();

	if (!cfg)
		return;
	/* Its counters move in every process: shared, atomic, unjournaled
	 * (det.h), so written through a pointer of their own. */
	det_attach((struct det_config *)(uintptr_t)&cfg->det);
	if (det_seeded() && (!table.random || table.random == kernel_random))
		table.random = det_random;
	if (det_vclock() && (!table.clock || table.clock == kernel_clock))
		table.clock = det_clock;
}

long hooks_sleep(clockid_t id, int flags, const struct timespec *req,
		 struct timespec *rem)
{
	struct timespec left;
	int r;

	if (!req)
		return -EFAULT;
	/* Tagged: in a reproducible run the program's own trap. */
	if (table.clock != det_clock)
		return sys_pass(SYS_clock_nanosleep, id, flags, req, rem, 0);
	r = det_sleep(id, flags, req, &left);
	if (r < 0)
		return r;
	if (r > 0)
		return sys_pass(SYS_clock_nanosleep, id, flags, req, rem, 0);
	if (!left.tv_sec && !left.tv_nsec)
		return 0;
	/* What is left of it in host time (an absolute sleep has no
	 * remainder to report). */
	return sys_pass(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, &left,
			(flags & TIMER_ABSTIME) ? NULL : rem, 0);
}

long hooks_uname(struct utsname *u)
{
	if (det_on())
		return det_uname(u);
	return sys3(SYS_uname, u, 0, 0);
}

bool hooks_warp_timeout(long long ns)
{
	if (table.clock != det_clock || !det_warp())
		return false;
	det_advance(ns);
	return true;
}

void hooks_seal(void)
{
	sealed = 1;
}

long hooks_random(void *buf, size_t len, unsigned int flags)
{
	/* A library constructor may ask before the shim has started. */
	if (!table.random)
		return sys3(SYS_getrandom, buf, len, flags);
	return table.random(buf, len, flags);
}

int hooks_clock(clockid_t id, struct timespec *ts)
{
	if (!table.clock)
		return kernel_clock(id, ts);
	return table.clock(id, ts);
}

bool hooks_random_is_kernel(void)
{
	return !table.random || table.random == kernel_random;
}

bool hooks_clock_is_virtual(void)
{
	return table.clock == det_clock;
}

bool hooks_clock_is_kernel(void)
{
	return !table.clock || table.clock == kernel_clock;
}

tamago_socket_fn hooks_socket_handler(void)
{
	return table.socket;
}

void hooks_exit(int status, int sig)
{
	static int done;
	tamago_exit_fn fn = table.exit;

	if (fn && !__atomic_exchange_n(&done, 1, __ATOMIC_ACQ_REL))
		fn(status, sig);
}

bool hooks_exit_handler(void)
{
	return table.exit != NULL;
}

bool hooks_console_handler(void)
{
	return table.console != NULL;
}

void hooks_console(int fd, const void *buf, size_t len)
{
	if (table.console && len)
		table.console(fd, buf, len);
}

int hooks_register(const struct tamago_handlers *h)
{
	struct tamago_handlers in = { 0 };

	if (!h || h->size < sizeof(size_t))
		return -EINVAL;
	if (sealed)
		return -EPERM;
	memcpy(&in, h, h->size < sizeof(in) ? h->size : sizeof(in));
	if (in.socket)
		table.socket = in.socket;
	if (in.random)
		table.random = in.random;
	if (in.clock)
		table.clock = in.clock;
	/* Version 2 (a table that has this field). */
	if (in.exit)
		table.exit = in.exit;
	/* Version 3. */
	if (in.console)
		table.console = in.console;
	return 0;
}
