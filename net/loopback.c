/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * TAMAGO_NET=loopback: TCP on 127.0.0.0/8 and ::1 between the program's
 * own sockets, emulated with AF_UNIX pairs and never with the host's
 * network stack (the shim creates no internet socket, and the filter has
 * no row that would let it).
 *
 * A bound TCP socket's fd becomes one end of a SOCK_SEQPACKET pair whose
 * other end the shim keeps in its fd band. A connect to a listening port
 * makes a stream pair, sends the server's end to the listener as one
 * message (SCM_RIGHTS, with both endpoints as payload) and puts the
 * client's end in place of the connecting fd (dup3). So the listener is
 * readable exactly when a connection waits, and poll, epoll and select on
 * it, and every read, write, shutdown, MSG_PEEK and EOF on a connection,
 * are the kernel's own.
 */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <string.h>

#include "core/band.h"
#include "fs/fs.h"
#include "net/internal.h"

#define EPHEMERAL_LO 32768
#define EPHEMERAL_HI 60999

static const uint8_t mapped_prefix[12] = { 0, 0, 0, 0, 0, 0, 0, 0,
					   0, 0, 0xff, 0xff };

static bool is_zero(const uint8_t *a, size_t n)
{
	while (n--)
		if (a[n])
			return false;
	return true;
}

bool net_ep_v4(const struct net_ep *ep)
{
	return !memcmp(ep->a, mapped_prefix, 12);
}

bool net_ep_any(const struct net_ep *ep)
{
	return net_ep_v4(ep) ? is_zero(ep->a + 12, 4) : is_zero(ep->a, 16);
}

void net_ep_wildcard(struct net_ep *ep, bool v4)
{
	memset(ep, 0, sizeof(*ep));
	if (v4)
		memcpy(ep->a, mapped_prefix, 12);
}

void net_ep_loopback(struct net_ep *ep, bool v4)
{
	memset(ep->a, 0, sizeof(ep->a));
	if (v4) {
		memcpy(ep->a, mapped_prefix, 12);
		ep->a[12] = 127;
	}
	ep->a[15] = 1;
}

bool loop_is_local(const struct net_ep *ep)
{
	static const uint8_t one[16] = { [15] = 1 };

	if (net_ep_v4(ep))
		return ep->a[12] == 127 || is_zero(ep->a + 12, 4);
	return !memcmp(ep->a, one, 16) || is_zero(ep->a, 16);
}

static int v6only(const struct net_sock *s)
{
	int i;

	for (i = 0; i < NET_NOPT; i++)
		if (s->opt[i].level == IPPROTO_IPV6 &&
		    s->opt[i].name == IPV6_V6ONLY)
			return s->opt[i].value;
	return 0;
}

/* Whether bound socket s takes traffic for endpoint a. */
bool loop_covers(const struct net_sock *s, const struct net_ep *a)
{
	bool v4 = net_ep_v4(a);

	if (s->family == AF_UNIX)
		return false;	/* a name, no port (unix.c) */
	if (s->local.port != a->port)
		return false;
	if (s->family == AF_INET)
		return v4 && (is_zero(s->local.a + 12, 4) ||
			      !memcmp(s->local.a, a->a, 16));
	if (v4 && v6only(s))
		return false;
	return is_zero(s->local.a, 16) || !memcmp(s->local.a, a->a, 16);
}

static int sock_reuseaddr(int fd)
{
	int v = 0;
	socklen_t l = sizeof(v);

	if (sys_pass(SYS_getsockopt, fd, SOL_SOCKET, SO_REUSEADDR, &v, &l) < 0)
		return 0;
	return v != 0;
}

/*
 * Whether s bound to ep would clash with a bound socket: their addresses
 * overlap (either one takes the other's) and neither SO_REUSEPORT on both
 * nor SO_REUSEADDR on both with the other not listening lets them share.
 * strict: any overlap (choosing an ephemeral port).
 */
bool loop_in_use(const struct net_sock *s, const struct net_ep *ep,
		 bool strict)
{
	struct net_sock probe = *s;
	aoff_t b;

	probe.local = *ep;
	for (b = sock_bound_first(); b; b = sock_bound_next(b)) {
		const struct net_sock *o = SOCK(b);

		/* TCP and UDP ports are apart; an unbound UDP socket has 0. */
		if (o == s || o->family == AF_UNIX || o->type != s->type ||
		    o->local.port != ep->port)
			continue;
		if (!loop_covers(o, ep) && !loop_covers(&probe, &o->local))
			continue;
		if (!strict && o->reuseport && s->reuseport)
			continue;
		if (!strict && o->reuseaddr && s->reuseaddr &&
		    o->state != NS_LISTEN)
			continue;
		return true;
	}
	return false;
}

int loop_ephemeral(const struct net_sock *s, struct net_ep *ep)
{
	static unsigned int next;
	unsigned int n = EPHEMERAL_HI - EPHEMERAL_LO + 1, i;

	if (!next)
		next = EPHEMERAL_LO + (unsigned int)(sys_gettid() % n);
	for (i = 0; i < n; i++) {
		ep->port = (uint16_t)next;
		next = next == EPHEMERAL_HI ? EPHEMERAL_LO : next + 1;
		if (!loop_in_use(s, ep, true))
			return 0;
	}
	return -EADDRINUSE;
}

/* SOL_SOCKET options that a replaced fd keeps (they live in the kernel). */
static const int kept_opts[] = {
	SO_REUSEADDR, SO_KEEPALIVE, SO_OOBINLINE, SO_LINGER, SO_RCVTIMEO,
	SO_SNDTIMEO, SO_PRIORITY,
};

/*
 * Puts the kernel socket nfd in place of the program's fd, with fd's
 * number, close-on-exec flag, O_NONBLOCK and socket options; closes nfd
 * and moves s to the new socket.
 */
int net_replace_fd(aoff_t s, int fd, int nfd)
{
	long fl = sys_fcntl(fd, F_GETFL, 0), fdfl = sys_fcntl(fd, F_GETFD, 0);
	unsigned char v[32];
	size_t i;
	long r;

	if (fl < 0 || fdfl < 0) {
		sys_close(nfd);
		return (int)(fl < 0 ? fl : fdfl);
	}
	for (i = 0; i < sizeof(kept_opts) / sizeof(kept_opts[0]); i++) {
		socklen_t l = sizeof(v);

		if (sys_pass(SYS_getsockopt, fd, SOL_SOCKET, kept_opts[i], v,
			     &l) == 0)
			sys_pass(SYS_setsockopt, nfd, SOL_SOCKET, kept_opts[i],
				 v, l);
	}
	sys_fcntl(nfd, F_SETFL, fl & O_NONBLOCK);
	r = sys3(SYS_dup3, nfd, fd, (fdfl & FD_CLOEXEC) ? O_CLOEXEC : 0);
	sys_close(nfd);
	if (r < 0)
		return (int)r;
	return sock_rekey(s, fd);
}

int net_band_pair(aoff_t s, int fd)
{
	int sv[2], band, r;

	r = (int)sys_socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv);
	if (r < 0)
		return r;
	band = band_move(sv[1]);
	if (band < 0) {
		sys_close(sv[0]);
		return band;
	}
	r = net_replace_fd(s, fd, sv[0]);
	if (r < 0) {
		sys_close(band);
		return r;
	}
	return band;
}

long net_send_fd(int band, const struct iovec *iov, size_t iovlen,
		 int pass, const void *more, size_t morelen, int flags)
{
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(int)) + NET_CMSG_MAX];
	} c;
	struct msghdr mh = { 0 };
	size_t first = CMSG_SPACE(sizeof(int));

	if (morelen > NET_CMSG_MAX)
		return -ENOBUFS;
	memset(&c, 0, first);
	mh.msg_iov = (struct iovec *)iov;
	mh.msg_iovlen = iovlen;
	mh.msg_control = c.buf;
	mh.msg_controllen = first + morelen;
	c.h.cmsg_level = SOL_SOCKET;
	c.h.cmsg_type = SCM_RIGHTS;
	c.h.cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(&c.h), &pass, sizeof(int));
	if (morelen)
		memcpy(c.buf + first, more, morelen);
	return sys3(SYS_sendmsg, band, &mh, flags | MSG_NOSIGNAL);
}

int loop_bind(aoff_t s, int fd, const struct net_ep *ep)
{
	struct net_sock *n = SOCK_W(s);
	struct net_ep want = *ep;
	int band, r;

	if (n->state != NS_NEW)
		return -EINVAL;
	if (!loop_is_local(&want))
		return -EADDRNOTAVAIL;
	n->reuseaddr = (uint8_t)sock_reuseaddr(fd);
	if (want.port == 0)
		r = loop_ephemeral(n, &want);
	else
		r = loop_in_use(n, &want, false) ? -EADDRINUSE : 0;
	if (r < 0)
		return r;
	if (n->type != SOCK_STREAM)
		return -EOPNOTSUPP;
	band = net_band_pair(s, fd);
	if (band < 0)
		return band;
	sock_set_band(s, band);
	n = SOCK_W(s);
	n->local = want;
	n->state = NS_BOUND;
	sock_bind_add(s);
	return 0;
}

int loop_listen(aoff_t s, int fd)
{
	struct net_sock *n = SOCK_W(s);
	int r;

	if (n->type != SOCK_STREAM)
		return -EOPNOTSUPP;
	if (n->state == NS_CONNECTED)
		return -EINVAL;
	if (n->state == NS_NEW) {
		/* listen on an unbound socket binds the wildcard address. */
		struct net_ep any = { .port = 0 };

		if (n->family == AF_INET)
			memcpy(any.a, mapped_prefix, 12);
		r = loop_bind(s, fd, &any);
		if (r < 0)
			return r;
		n = SOCK_W(s);
	}
	n->state = NS_LISTEN;
	return 0;
}

/* The listening socket that takes a connection to ep, or 0. */
static aoff_t find_listener(const struct net_ep *ep)
{
	aoff_t b;

	for (b = sock_bound_first(); b; b = sock_bound_next(b))
		if (SOCK(b)->state == NS_LISTEN && loop_covers(SOCK(b), ep))
			return b;
	return 0;
}

int loop_connect(aoff_t s, int fd, const struct net_ep *ep)
{
	struct net_sock *n = SOCK_W(s);
	struct net_conn msg;
	struct net_ep dst = *ep;
	struct iovec iov = { &msg, sizeof(msg) };
	aoff_t l;
	int sv[2], r;
	long nb = sys_fcntl(fd, F_GETFL, 0);

	if (nb < 0)
		return (int)nb;
	if (n->state == NS_CONNECTED)
		return -EISCONN;
	if (n->state == NS_LISTEN)
		return -EINVAL;
	if (n->error) {
		/* The answer to a non-blocking connect, asked again. */
		r = -n->error;
		n->error = 0;
		return r;
	}
	if (n->type != SOCK_STREAM)
		return -EOPNOTSUPP;
	/* Connecting to the wildcard address reaches this host. */
	if (net_ep_v4(&dst) && is_zero(dst.a + 12, 4))
		dst.a[12] = 127, dst.a[15] = 1;
	else if (is_zero(dst.a, 16))
		dst.a[15] = 1;
	l = find_listener(&dst);
	if (!l) {
		if (!(nb & O_NONBLOCK))
			return -ECONNREFUSED;
		/* As the kernel's loopback: the refusal comes as SO_ERROR. */
		n->error = ECONNREFUSED;
		return -EINPROGRESS;
	}
	msg.local = dst;
	if (n->state == NS_BOUND) {
		msg.peer = n->local;
	} else {
		memset(&msg.peer, 0, sizeof(msg.peer));
		if (net_ep_v4(&dst)) {
			memcpy(msg.peer.a, mapped_prefix, 12);
			msg.peer.a[12] = 127;
		}
		msg.peer.a[15] = 1;
		r = loop_ephemeral(n, &msg.peer);
		if (r < 0)
			return -EADDRNOTAVAIL;
	}
	r = (int)sys_socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv);
	if (r < 0)
		return r;
	r = sock_band(l);
	if (r < 0) {
		sys_close(sv[0]);
		sys_close(sv[1]);
		return r;
	}
	r = (int)net_send_fd(r, &iov, 1, sv[1], NULL, 0, MSG_DONTWAIT);
	sys_close(sv[1]);
	if (r < 0) {
		sys_close(sv[0]);
		/* The backlog is full (the listener's queue holds 512). */
		return r == -EAGAIN ? -ECONNREFUSED : r;
	}
	r = net_replace_fd(s, fd, sv[0]);
	if (r < 0)
		return r;
	n = SOCK_W(s);
	/* The connection keeps the address, not the port (see README). */
	if (n->state == NS_BOUND)
		sock_unbind(s);
	n->local = msg.peer;
	n->peer = dst;
	n->state = NS_CONNECTED;
	return (nb & O_NONBLOCK) ? -EINPROGRESS : 0;
}
