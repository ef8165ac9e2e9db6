/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <fcntl.h>
#include <sys/resource.h>

#include "core/band.h"
#include "core/sys.h"

static int base = -1;

/* What the program sees of RLIMIT_NOFILE: never the band. */
static struct rlimit nofile_view;

int band_setup(int given)
{
	struct rlimit rl;
	long r;

	if (given > 0) {
		/*
		 * An earlier image placed it (the loader, after exec: the
		 * kernel's limit is virtual now, and the exec'ing process's
		 * view comes with the exec, fs_attach).
		 */
		base = given;
		nofile_view.rlim_cur = nofile_view.rlim_max = (rlim_t)given;
		return 0;
	}
	r = sys6(SYS_prlimit64, 0, RLIMIT_NOFILE, 0, &rl, 0, 0);
	if (r < 0)
		return (int)r;
	if (rl.rlim_max == RLIM_INFINITY || rl.rlim_max > (1U << 30))
		rl.rlim_max = 1U << 20;
	if (rl.rlim_max < 64)
		return -EMFILE;
	if (rl.rlim_cur < rl.rlim_max) {
		base = (int)rl.rlim_cur;
	} else if (rl.rlim_max / 4 > 1024) {
		/*
		 * Every file the program has open in this process may hold
		 * one band fd, so the band bounds them: where the soft limit
		 * leaves no room above it, the program keeps a quarter (at
		 * least 1024) and the band takes the rest.
		 */
		base = (int)(rl.rlim_max / 4);
	} else {
		base = (int)(rl.rlim_max < 2048 ? rl.rlim_max / 2 : 1024);
	}
	nofile_view.rlim_cur = (rlim_t)base;
	nofile_view.rlim_max = (rlim_t)base;
	rl.rlim_cur = rl.rlim_max;
	return (int)sys6(SYS_prlimit64, 0, RLIMIT_NOFILE, &rl, 0, 0, 0);
}

int band_base(void)
{
	return base;
}

int band_move(int fd)
{
	long nfd = sys_fcntl(fd, F_DUPFD_CLOEXEC, base);

	sys_close(fd);
	if (nfd == -EINVAL)
		return -EMFILE;
	return (int)nfd;
}

int band_keep(int fd)
{
	int r = band_move(fd);

	if (r >= 0)
		sys_fcntl(r, F_SETFD, 0);
	return r;
}

int band_prlimit_nofile(const struct rlimit *nw, struct rlimit *old)
{
	struct rlimit v = nofile_view;

	if (nw) {
		if (nw->rlim_cur > nw->rlim_max)
			return -EINVAL;
		if (nw->rlim_max > (rlim_t)base)
			return -EPERM;
		nofile_view = *nw;
	}
	if (old)
		*old = v;
	return 0;
}

long band_prlimit(int resource, const struct rlimit *nw, struct rlimit *old)
{
	if (resource == RLIMIT_NOFILE)
		return band_prlimit_nofile(nw, old);
	return sys6(SYS_prlimit64, 0, resource, nw, old, 0, 0);
}
