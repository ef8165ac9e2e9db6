/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * TAMAGO_NET=loopback for UDP: datagrams on 127.0.0.0/8 and ::1 between
 * the program's own sockets, routed by the shim and never by the host's
 * network stack.
 *
 * In loopback mode a datagram socket's fd is, from socket() on, one end
 * of a SOCK_SEQPACKET pair whose other end (the band end) the shim keeps.
 * Delivering a datagram to a socket is writing it to that socket's band
 * end: the program's fd then holds it with its boundary, so poll, epoll,
 * select, read, recv, MSG_PEEK, MSG_TRUNC and non-blocking reads are the
 * kernel's own, and since the fd is never replaced, an epoll registration
 * made before bind, connect or the first send stays valid.
 *
 * The sender's address travels with each datagram as a file descriptor
 * (SCM_RIGHTS): a memfd holding a struct net_ep, which the emulated
 * recvfrom and recvmsg read and close. A plain read or a recv without an
 * address leaves no fd behind (the kernel drops passed fds nobody asks
 * for), and the token does not depend on the sender still existing.
 *
 * Sending is always emulated (sendto, sendmsg, send): the program's own
 * writes on its fd would go to its band end, which is shut for reading,
 * so write or writev on a loopback UDP socket fails with EPIPE instead
 * of losing the datagram (see README).
 */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/uio.h>

#include "core/band.h"
#include "fs/fs.h"
#include "net/internal.h"

/* The largest UDP payload over IPv4 and over IPv6 (no jumbograms). */
#define UDP_MAX4 65507
#define UDP_MAX6 65527

static bool ep_eq(const struct net_ep *a, const struct net_ep *b)
{
	return a->port == b->port && !memcmp(a->a, b->a, sizeof(a->a));
}

/* A datagram socket of the loopback mode, from socket() on. */
int udp_standin(aoff_t s, int band)
{
	/* The program's writes on its fd fail (EPIPE) rather than vanish. */
	long r = sys3(SYS_shutdown, band, SHUT_RD, 0);

	if (r < 0)
		return (int)r;
	sock_set_band(s, band);
	sock_bind_add(s);
	return 0;
}

/*
 * A datagram socket created otherwise (inherited, or before the mode was
 * known) gets its pair now; its fd is replaced once.
 */
static int ensure_band(aoff_t s, int fd)
{
	int band, r;

	if (SOCK(s)->band >= 0)
		return 0;
	band = net_band_pair(s, fd);
	if (band < 0)
		return band;
	r = udp_standin(s, band);
	if (r < 0)
		sys_close(band);
	return r;
}

static int take_port(aoff_t s, struct net_ep *want)
{
	struct net_sock *n = SOCK_W(s);

	if (want->port == 0)
		return loop_ephemeral(n, want);
	return loop_in_use(n, want, false) ? -EADDRINUSE : 0;
}

/* bind, or the kernel's own binding when auto (which names nothing). */
static int do_bind(aoff_t s, int fd, const struct net_ep *ep, bool autob)
{
	struct net_ep want = *ep;
	int v = 0, r;
	socklen_t l = sizeof(v);

	if (SOCK(s)->state != NS_NEW)
		return -EINVAL;
	if (!loop_is_local(&want))
		return -EADDRNOTAVAIL;
	if (sys_pass(SYS_getsockopt, fd, SOL_SOCKET, SO_REUSEADDR, &v, &l) == 0)
		SOCK_W(s)->reuseaddr = v != 0;
	r = take_port(s, &want);
	if (r < 0)
		return r;
	r = ensure_band(s, fd);
	if (r < 0)
		return r;
	SOCK_W(s)->local = want;
	if (!autob)
		SOCK_W(s)->locks = (net_ep_any(&want) ? 0 : NET_LOCK_ADDR) |
				 (ep->port ? NET_LOCK_PORT : 0);
	SOCK_W(s)->state = NS_BOUND;
	return 0;
}

int udp_bind(aoff_t s, int fd, const struct net_ep *ep)
{
	return do_bind(s, fd, ep, false);
}

/* As the kernel on a first send or connect: the wildcard, a free port. */
static int autobind(aoff_t s, int fd)
{
	struct net_ep any;

	/* An address bind named stays across a disconnect (udp_disconnect). */
	if (SOCK(s)->locks & NET_LOCK_ADDR)
		any = SOCK(s)->local;
	else
		net_ep_wildcard(&any, SOCK(s)->family == AF_INET);
	any.port = 0;
	return do_bind(s, fd, &any, true);
}

/* 0.0.0.0 and :: as a destination are this host (127.0.0.1, ::1). */
static void route_dst(struct net_ep *dst)
{
	if (net_ep_any(dst))
		net_ep_loopback(dst, net_ep_v4(dst));
}

/* The source address of a datagram from s to dst, as routing picks it. */
static void source_for(const struct net_sock *n, const struct net_ep *dst,
		       struct net_ep *src)
{
	*src = n->local;
	if (net_ep_any(&n->local) || net_ep_v4(&n->local) != net_ep_v4(dst))
		net_ep_loopback(src, net_ep_v4(dst));
	src->port = n->local.port;
}

int udp_connect(aoff_t s, int fd, const struct net_ep *ep)
{
	struct net_ep dst = *ep;
	int r;

	route_dst(&dst);
	if (SOCK(s)->state == NS_NEW) {
		r = autobind(s, fd);
		if (r < 0)
			return r;
	}
	/* Connecting fixes the local address (getsockname shows it). */
	if (!(SOCK(s)->locks & NET_LOCK_ADDR))
		source_for(SOCK(s), &dst, &SOCK_W(s)->local);
	SOCK_W(s)->peer = dst;
	SOCK_W(s)->state = NS_CONNECTED;
	return 0;
}

int udp_disconnect(aoff_t s)
{
	struct net_sock *n = SOCK_W(s);

	if (n->state != NS_CONNECTED)
		return 0;
	/*
	 * As the kernel: what bind did not name is given back, the address
	 * connect chose and a port the kernel picked (the socket is then
	 * unbound, and its next send picks a new one).
	 */
	memset(&n->peer, 0, sizeof(n->peer));
	n->state = NS_BOUND;
	if (!(n->locks & NET_LOCK_ADDR)) {
		uint16_t port = n->local.port;

		net_ep_wildcard(&n->local, n->family == AF_INET);
		n->local.port = port;
	}
	if (!(n->locks & NET_LOCK_PORT)) {
		n->local.port = 0;
		n->state = NS_NEW;
	}
	return 0;
}

/*
 * The socket that takes a datagram from src to dst, as the kernel's
 * lookup scores them: a connected socket whose peer is src first, then a
 * socket bound to dst's own address, then a wildcard one; among equals,
 * the socket created last. 0 when nobody has the port.
 */
static aoff_t find_receiver(const struct net_ep *dst, const struct net_ep *src)
{
	aoff_t b, best = 0;
	int best_score = 0;

	for (b = sock_bound_first(); b; b = sock_bound_next(b)) {
		const struct net_sock *o = SOCK(b);
		int score = 1;

		if (o->type != SOCK_DGRAM || o->state == NS_NEW ||
		    !loop_covers(o, dst))
			continue;
		if (o->state == NS_CONNECTED) {
			if (!ep_eq(&o->peer, src))
				continue;
			score += 4;
		}
		if (!net_ep_any(&o->local))
			score += 2;
		if (score > best_score) {
			best = b;
			best_score = score;
		}
	}
	return best;
}

/* The memfd that names src to a receiver; kept while src stays the same. */
static int token_for(aoff_t s, const struct net_ep *src)
{
	struct net_sock *n = SOCK_W(s);
	long fd, r;

	if (n->token >= 0 && ep_eq(&n->token_ep, src))
		return n->token;
	fd = sys_memfd_create("tamago-udp", MFD_CLOEXEC);
	if (fd < 0)
		return (int)fd;
	r = sys_pwrite((int)fd, src, sizeof(*src), 0);
	if (r < 0) {
		sys_close((int)fd);
		return (int)r;
	}
	r = band_move((int)fd);	/* closes fd */
	if (r < 0)
		return (int)r;
	n = SOCK_W(s);
	if (n->token >= 0)
		sys_close(n->token);
	n->token = (int32_t)r;
	n->token_ep = *src;
	return n->token;
}

long udp_send(aoff_t s, int fd, const struct msghdr *m, int flags,
	      const struct net_ep *to)
{
	struct net_ep dst, src;
	size_t len = 0, i;
	aoff_t rcv;
	int token, r;
	long n;

	(void)flags;	/* never blocks: a full receiver drops, as UDP does */
	if (to) {
		dst = *to;
	} else if (SOCK(s)->state == NS_CONNECTED) {
		dst = SOCK(s)->peer;
	} else {
		return -EDESTADDRREQ;
	}
	if (dst.port == 0)
		return -EINVAL;
	route_dst(&dst);
	for (i = 0; i < m->msg_iovlen; i++)
		len += m->msg_iov[i].iov_len;
	if (len > (net_ep_v4(&dst) ? UDP_MAX4 : UDP_MAX6))
		return -EMSGSIZE;
	if (SOCK(s)->state == NS_NEW) {
		r = autobind(s, fd);
		if (r < 0)
			return r;
	}
	source_for(SOCK(s), &dst, &src);
	rcv = find_receiver(&dst, &src);
	if (!rcv)
		/* Nobody has the port: gone, as the kernel's is (no ICMP). */
		return (long)len;
	token = token_for(s, &src);
	if (token < 0)
		return token;
	n = sock_band(rcv);
	if (n < 0)
		/* Bound in another process after a fork: out of reach. */
		return (long)len;
	n = net_send_fd((int)n, m->msg_iov, m->msg_iovlen, token, NULL, 0,
			MSG_DONTWAIT);
	/* A full receive queue drops the datagram, as a full UDP buffer. */
	if (n == -EAGAIN || n == -ENOBUFS || n == -ETOOMANYREFS)
		return (long)len;
	return n;
}

/* Called without the core lock: a blocking receive waits in the kernel. */
long udp_recv(int fd, struct msghdr *m, int flags, int family)
{
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(4 * sizeof(int))];
	} c;
	struct msghdr mh = { 0 };
	struct cmsghdr *h;
	struct net_ep src;
	bool have = false;
	long n;

	mh.msg_iov = m->msg_iov;
	mh.msg_iovlen = m->msg_iovlen;
	mh.msg_control = c.buf;
	mh.msg_controllen = sizeof(c.buf);
	n = sys3(SYS_recvmsg, fd, &mh, flags | MSG_CMSG_CLOEXEC);
	if (n < 0)
		return n;
	for (h = CMSG_FIRSTHDR(&mh); h; h = CMSG_NXTHDR(&mh, h)) {
		size_t k, nfd;

		if (h->cmsg_level != SOL_SOCKET || h->cmsg_type != SCM_RIGHTS)
			continue;
		nfd = (h->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		for (k = 0; k < nfd; k++) {
			int t;

			memcpy(&t, CMSG_DATA(h) + k * sizeof(int), sizeof(t));
			if (!have && sys_pread(t, &src, sizeof(src), 0) ==
					     (long)sizeof(src))
				have = true;
			sys_close(t);
		}
	}
	/* No token (the fd table was full): the sender is unknown. */
	if (!have)
		net_ep_wildcard(&src, family == AF_INET);
	if (m->msg_name)
		net_ep_put(family, &src, m->msg_name, &m->msg_namelen);
	else
		m->msg_namelen = 0;
	m->msg_controllen = 0;
	m->msg_flags = mh.msg_flags & ~MSG_CTRUNC;
	return n;
}
