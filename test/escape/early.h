/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Code that runs before the shim's constructor (a library's constructor,
 * the program's IFUNC resolver and preinit_array entry) tries to read a
 * host file with a raw call and reports with raw writes only (no libc is
 * ready in a resolver): "early-KIND: escaped ..." or "early-KIND: errno X".
 */
#ifndef TAMAGO_ESCAPE_EARLY_H
#define TAMAGO_ESCAPE_EARLY_H

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <string.h>
#include <sys/ioctl.h>

#include "core/sys.h"

static inline void early_say(const char *kind, const char *what, bool err)
{
	char line[96];
	size_t i, n = 0;

	for (i = 0; kind[i] && n < 40; i++)
		line[n++] = kind[i];
	memcpy(line + n, ": ", 2);
	n += 2;
	if (err) {
		memcpy(line + n, "errno ", 6);
		n += 6;
	}
	for (i = 0; what[i] && n < sizeof(line) - 1; i++)
		line[n++] = what[i];
	line[n++] = '\n';
	sys_write(1, line, n);
}

static inline const char *early_errno(long e)
{
	static const struct {
		int e;
		const char *name;
	} names[] = { { EACCES, "EACCES" }, { ENOENT, "ENOENT" },
		      { EPERM, "EPERM" }, { ENOTTY, "ENOTTY" } };
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (-e == names[i].e)
			return names[i].name;
	return "EOTHER";
}

/* A terminal request that reaches beyond the fd, before the shim. */
static inline void early_tiocsti(const char *kind)
{
	char c = '\n';
	long r = sys3(SYS_ioctl, 0, TIOCSTI, &c);

	if (r == 0)
		early_say(kind, "escaped typed into the terminal", false);
	else
		early_say(kind, early_errno(r), true);
}

static inline void early_try(const char *kind)
{
	long fd = sys_openat(AT_FDCWD, "/etc/passwd", O_RDONLY, 0);
	char buf[16];

	if (fd >= 0 && sys_read((int)fd, buf, sizeof(buf)) > 0)
		early_say(kind, "escaped read /etc/passwd", false);
	else if (fd >= 0)
		early_say(kind, "contained read nothing", false);
	else
		early_say(kind, early_errno(fd), true);
	if (fd >= 0)
		sys_close((int)fd);
}

#endif
