/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Messages on stderr, built without stdio or malloc so that the SIGSYS
 * handler and the constructor can both use them. One write per line.
 */
#include <string.h>

#include "shim/shim.h"
#include "core/sys.h"

void msg_write(const char *const *parts)
{
	char line[1024];
	size_t n = 0;

	for (; *parts; parts++) {
		size_t l = strlen(*parts);

		if (l > sizeof(line) - 1 - n)
			l = sizeof(line) - 1 - n;
		memcpy(line + n, *parts, l);
		n += l;
	}
	if (n == sizeof(line) - 1)
		line[n - 1] = '\n';
	sys_write_stderr(line, n);
}

/* Formats v as 0x... into buf (at least 19 bytes); returns buf. */
char *msg_hex(char *buf, unsigned long v)
{
	static const char digits[] = "0123456789abcdef";
	char tmp[16];
	int n = 0, i = 2;

	do {
		tmp[n++] = digits[v & 15];
		v >>= 4;
	} while (v);
	buf[0] = '0';
	buf[1] = 'x';
	while (n)
		buf[i++] = tmp[--n];
	buf[i] = '\0';
	return buf;
}

/* Formats v in decimal into buf (at least 21 bytes); returns buf. */
char *msg_dec(char *buf, long v)
{
	char tmp[20];
	unsigned long u = v < 0 ? -(unsigned long)v : (unsigned long)v;
	int n = 0, i = 0;

	do {
		tmp[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		buf[i++] = '-';
	while (n)
		buf[i++] = tmp[--n];
	buf[i] = '\0';
	return buf;
}

void shim_fatal(const char *what, const char *why)
{
	shim_msg(what, ": ", why);
	for (;;)
		sys3(SYS_exit_group, 125, 0, 0);
}
