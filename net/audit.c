/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The audit of refused network attempts (TAMAGO_AUDIT_FD): every connect
 * or send the nil stub answers with ENETUNREACH, and every call a socket
 * handler refuses, counted per call, protocol, destination and errno,
 * and written as JSON lines when the tree ends (see README).
 *
 * One fixed table for the whole tree, in the arena (root ROOT_AUDIT):
 * recording is safe in the SIGSYS handler, and a process that ends
 * without a word (a static program, a SIGKILL) loses nothing of it.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>

#include "core/lock.h"
#include "core/msg.h"
#include "net/internal.h"
#include "net/net.h"
#include "core/sys.h"

#define AUDIT_MAX 256

static const char *const calls[] = { "connect", "sendto", "bind" };
static const char *const protos[] = { "tcp", "udp" };

struct refusal {
	uint8_t call;		/* calls[] */
	uint8_t proto;		/* protos[] */
	uint16_t family;
	int32_t err;
	uint32_t count;
	struct net_ep ep;
};

struct audit_shared {
	uint32_t used;
	uint32_t pad;
	uint64_t more;		/* attempts past a full table */
	struct refusal table[AUDIT_MAX];
};

static aoff_t audit_root(void)
{
	aoff_t r = arena_root(ROOT_AUDIT);

	if (!r) {
		r = arena_alloc(sizeof(struct audit_shared));
		if (r)
			arena_set_root(ROOT_AUDIT, r);
	}
	return r;
}

void net_audit(const char *call, int type, const struct sockaddr *addr,
	       int err)
{
	const struct audit_shared *a;
	struct audit_shared *w;
	struct refusal e = { 0 };
	aoff_t root;
	unsigned int i;
	/* From a core call that holds the lock already, or alone. */
	int locked = core_lock();

	if (locked < 0 && locked != -EDEADLK)
		return;
	for (i = 0; i < 3 && strcmp(calls[i], call); i++)
		;
	e.call = (uint8_t)(i % 3);
	e.proto = type == SOCK_STREAM ? 0 : 1;
	e.family = addr->sa_family;
	e.err = err;
	e.count = 1;
	net_ep_from(&e.ep, addr);
	root = audit_root();
	if (!root)
		goto out;
	a = APTR(struct audit_shared, root);
	for (i = 0; i < a->used; i++) {
		const struct refusal *r = &a->table[i];

		if (r->call == e.call && r->proto == e.proto &&
		    r->err == e.err && r->family == e.family &&
		    r->ep.port == e.ep.port &&
		    !memcmp(r->ep.a, e.ep.a, sizeof(e.ep.a))) {
			((struct refusal *)arena_w((void *)r,
						   sizeof(*r)))->count++;
			goto out;
		}
	}
	w = arena_w((void *)a, offsetof(struct audit_shared, table));
	if (a->used == AUDIT_MAX) {
		w->more++;
		goto out;
	}
	*(struct refusal *)arena_w((void *)&a->table[a->used],
				   sizeof(e)) = e;
	w->used++;
out:
	if (locked == 0)
		core_unlock();
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
	const struct audit_shared *a;
	char line[256], host[INET6_ADDRSTRLEN];
	unsigned int i;
	long r;

	if (!arena_root(ROOT_AUDIT))
		return 0;
	a = APTR(struct audit_shared, arena_root(ROOT_AUDIT));
	for (i = 0; i < a->used && i < AUDIT_MAX; i++) {
		const struct refusal *e = &a->table[i];
		char num[24];
		const char *name = msg_errname(e->err, num);
		size_t n = 0;

		if (e->family == AF_INET)
			net_ntop(AF_INET, e->ep.a + 12, host);
		else
			net_ntop(AF_INET6, e->ep.a, host);
		put(line, &n, "{\"call\":\"");
		put(line, &n, calls[e->call % 3]);
		put(line, &n, "\",\"protocol\":\"");
		put(line, &n, protos[e->proto & 1]);
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
	if (a->more) {
		size_t n = 0;

		put(line, &n, "{\"call\":\"more\",\"count\":");
		put_num(line, &n, a->more);
		put(line, &n, "}\n");
		r = write_all(fd, line, n);
		if (r < 0)
			return (int)r;
	}
	return 0;
}
