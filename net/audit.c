/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The audit of refused network attempts (TAMAGO_AUDIT_FD): every connect
 * or send the nil stub answers with ENETUNREACH, and every call a socket
 * handler refuses, counted per call, protocol, destination and errno,
 * and written as JSON lines when the process ends (see README).
 *
 * A fixed table, so that recording is safe in the SIGSYS handler; a
 * forked child starts with an empty one and writes its own lines.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>

#include "core/msg.h"
#include "net/internal.h"
#include "net/net.h"
#include "core/sys.h"

#define AUDIT_MAX 256

static struct refusal {
	const char *call;	/* "connect", "sendto", "bind" */
	const char *proto;	/* "tcp", "udp" */
	uint16_t family;
	int32_t err;
	uint32_t count;
	struct net_ep ep;
} table[AUDIT_MAX];
static unsigned int used;
static uint64_t more;		/* attempts past a full table */
static long owner;		/* the process the table belongs to */

void net_audit(const char *call, int type, const struct sockaddr *addr,
	       int err)
{
	const char *proto = type == SOCK_STREAM ? "tcp" : "udp";
	long pid = sys3(SYS_getpid, 0, 0, 0);
	struct net_ep ep;
	unsigned int i;

	if (pid != owner) {
		used = 0;
		more = 0;
		owner = pid;
	}
	net_ep_from(&ep, addr);
	for (i = 0; i < used; i++) {
		struct refusal *r = &table[i];

		if (r->call == call && r->proto == proto && r->err == err &&
		    r->family == addr->sa_family && r->ep.port == ep.port &&
		    !memcmp(r->ep.a, ep.a, sizeof(ep.a))) {
			r->count++;
			return;
		}
	}
	if (used == AUDIT_MAX) {
		more++;
		return;
	}
	table[used++] = (struct refusal){ call, proto, addr->sa_family, err,
					  1, ep };
}

static void put(char *buf, size_t *n, const char *s)
{
	size_t l = strlen(s);

	memcpy(buf + *n, s, l);
	*n += l;
}

static void put_num(char *buf, size_t *n, unsigned long long v)
{
	char d[24];
	int k = 0;

	do {
		d[k++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (k)
		buf[(*n)++] = d[--k];
}

static long write_all(int fd, const char *buf, size_t n)
{
	while (n) {
		long r = sys_write(fd, buf, n);

		if (r == -EINTR)
			continue;
		if (r < 0)
			return r;
		buf += r;
		n -= (size_t)r;
	}
	return 0;
}

int net_audit_write(int fd)
{
	char line[256], host[INET6_ADDRSTRLEN];
	unsigned int i;
	long r;

	if (owner != sys3(SYS_getpid, 0, 0, 0))
		return 0;
	for (i = 0; i < used; i++) {
		const struct refusal *e = &table[i];
		char num[24];
		const char *name = msg_errname(e->err, num);
		size_t n = 0;

		if (e->family == AF_INET)
			net_ntop(AF_INET, e->ep.a + 12, host);
		else
			net_ntop(AF_INET6, e->ep.a, host);
		put(line, &n, "{\"call\":\"");
		put(line, &n, e->call);
		put(line, &n, "\",\"protocol\":\"");
		put(line, &n, e->proto);
		put(line, &n, "\",\"address\":\"");
		put(line, &n, host);
		put(line, &n, "\",\"port\":");
		put_num(line, &n, e->ep.port);
		put(line, &n, ",\"count\":");
		put_num(line, &n, e->count);
		put(line, &n, ",\"errno\":\"");
		put(line, &n, name ? name : "EIO");
		put(line, &n, "\"}\n");
		r = write_all(fd, line, n);
		if (r < 0)
			return (int)r;
	}
	if (more) {
		size_t n = 0;

		put(line, &n, "{\"call\":\"more\",\"count\":");
		put_num(line, &n, more);
		put(line, &n, "}\n");
		r = write_all(fd, line, n);
		if (r < 0)
			return (int)r;
	}
	return 0;
}
