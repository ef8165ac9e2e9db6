/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Closing inherited fds, shared by the shim's constructor and tamago-exec
 * (which closes them before the program's first instruction, so that code
 * running before the constructor cannot use them either).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "seal/fssize.h"
#include "seal/keepfds.h"
#include "core/sys.h"

/*
 * Fds inherited from the parent, other than 0, 1, 2 and those listed in
 * keep ("5,7"), are closed before sealing: an inherited host directory or
 * socket must not become a way out. Nothing of the shim's is open yet.
 */
int fd_close_inherited(const char *keep)
{
	unsigned int kept[64], first = 3;
	unsigned long n = 0, i, j;
	const char *p = keep;

	while (p && *p) {
		unsigned long v = 0;

		if (*p < '0' || *p > '9' || n == 64)
			return -EINVAL;
		while (*p >= '0' && *p <= '9' && v <= 1U << 30)
			v = v * 10 + (unsigned long)(*p++ - '0');
		if (v > 1U << 30 || (*p && *p != ',' && *p != ':'))
			return -EINVAL;
		if (*p == ',' || *p == ':')
			p++;
		for (j = n; j > 0 && kept[j - 1] > v; j--)
			kept[j] = kept[j - 1];
		kept[j] = (unsigned int)v;
		n++;
	}
	for (i = 0; i < n; i++) {
		if (kept[i] > first)
			sys3(SYS_close_range, first, kept[i] - 1, 0);
		if (kept[i] + 1 > first)
			first = kept[i] + 1;
	}
	return (int)sys3(SYS_close_range, first, ~0U, 0);
}

/* Appends s to list (a separator first) when it is all digits and ':'. */
static void append(char *list, size_t size, const char *s)
{
	size_t n = strlen(list), l;

	if (!s || !*s || strspn(s, "0123456789:") != strlen(s))
		return;
	l = strlen(s);
	if (n + l + 2 > size)
		return;
	if (n)
		list[n++] = ',';
	memcpy(list + n, s, l + 1);
}

const char *fd_keep_list(void)
{
	static char list[512];
	const char *keep = getenv("TAMAGO_KEEP_FDS");
	size_t n = keep ? strnlen(keep, sizeof(list) - 1) : 0;

	/* TAMAGO_KEEP_FDS as given (fd_close_inherited judges it). */
	memcpy(list, keep ? keep : "", n);
	list[n] = '\0';
	/* A malformed one of these is left for the start to report. */
	append(list, sizeof(list), getenv("TAMAGO_FS_FD"));
	append(list, sizeof(list), getenv("TAMAGO_EXPORT_FD"));
	append(list, sizeof(list), getenv("TAMAGO_AUDIT_FD"));
	append(list, sizeof(list), getenv("TAMAGO_REPORT_FD"));
	append(list, sizeof(list), getenv("TAMAGO_RO_FDS"));
	return list;
}
