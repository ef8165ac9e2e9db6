/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Addresses as text, as libc's inet_ntop writes them (the cores have no
 * libc in the loader): dotted quads, and IPv6 with its longest run of
 * zero groups as "::" (RFC 5952), IPv4-mapped as ::ffff:a.b.c.d.
 */
#include <stdint.h>
#include <string.h>

#include "net/net.h"

static size_t put_dec(char *buf, unsigned int v)
{
	char d[4];
	size_t n = 0, k = 0;

	do {
		d[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		buf[k++] = d[--n];
	return k;
}

static size_t put_quad(char *buf, const uint8_t *a)
{
	size_t n = 0;
	int i;

	for (i = 0; i < 4; i++) {
		if (i)
			buf[n++] = '.';
		n += put_dec(buf + n, a[i]);
	}
	buf[n] = '\0';
	return n;
}

void net_ntop(int family, const void *src, char *buf)
{
	static const char hex[] = "0123456789abcdef";
	const uint8_t *a = src;
	int best = -1, bestlen = 0, run = -1, i;
	size_t n = 0;

	if (family == AF_INET) {
		put_quad(buf, a);
		return;
	}
	/* ::ffff:a.b.c.d, and the old ::a.b.c.d (not :: nor ::1). */
	for (i = 0; i < 10 && !a[i]; i++)
		;
	if (i == 10 && a[10] == 0xff && a[11] == 0xff) {
		memcpy(buf, "::ffff:", 7);
		put_quad(buf + 7, a + 12);
		return;
	}
	if (i == 10 && !a[10] && !a[11] && (a[12] || a[13] || a[14] > 0 ||
					    (a[15] != 0 && a[15] != 1))) {
		memcpy(buf, "::", 2);
		put_quad(buf + 2, a + 12);
		return;
	}
	for (i = 0; i < 8; i++) {
		if (!a[2 * i] && !a[2 * i + 1]) {
			if (run < 0)
				run = i;
			if (i - run + 1 > bestlen) {
				best = run;
				bestlen = i - run + 1;
			}
		} else {
			run = -1;
		}
	}
	if (bestlen < 2)
		best = -1;
	for (i = 0; i < 8; i++) {
		unsigned int g = (unsigned int)a[2 * i] << 8 | a[2 * i + 1];
		int shift, started = 0;

		if (i == best) {
			buf[n++] = ':';
			buf[n++] = ':';
			i += bestlen - 1;
			continue;
		}
		if (i && !(best >= 0 && i == best + bestlen))
			buf[n++] = ':';
		for (shift = 12; shift >= 0; shift -= 4) {
			unsigned int d = (g >> shift) & 15;

			if (d || started || !shift) {
				buf[n++] = hex[d];
				started = 1;
			}
		}
	}
	buf[n] = '\0';
}
