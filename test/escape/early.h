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
#include <string.h>

#include "sys.h"

static inline void early_try(const char *kind)
{
	static const struct {
		int e;
		const char *name;
	} names[] = { { EACCES, "EACCES" }, { ENOENT, "ENOENT" },
		      { EPERM, "EPERM" } };
	const char *what = "errno EOTHER";
	char line[96], buf[16];
	long fd = sys_openat(AT_FDCWD, "/etc/passwd", O_RDONLY, 0);
	size_t i, n = 0;

	if (fd >= 0 && sys_read((int)fd, buf, sizeof(buf)) > 0)
		what = "escaped read /etc/passwd";
	for (i = 0; fd < 0 && i < sizeof(names) / sizeof(names[0]); i++)
		if (-fd == names[i].e)
			what = names[i].name;
	line[0] = '\0';
	for (i = 0; kind[i] && n < 40; i++)
		line[n++] = kind[i];
	memcpy(line + n, ": ", 2);
	n += 2;
	if (fd < 0 && what[0] != 'e') {
		memcpy(line + n, "errno ", 6);
		n += 6;
	}
	for (i = 0; what[i] && n < sizeof(line) - 1; i++)
		line[n++] = what[i];
	line[n++] = '\n';
	sys_write(1, line, n);
	if (fd >= 0)
		sys_close((int)fd);
}

#endif
