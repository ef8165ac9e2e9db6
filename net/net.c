/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The nil-socket stub (TamaGo's "net.SocketFunc is nil") and the call
 * into a plugged-in socket handler: sockets made, connected, bound,
 * listening and accepting, and their names. Options are sockopt.c's,
 * sending and receiving sendrecv.c's. See net.h.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/un.h>

#include "core/band.h"
#include "fs/fs.h"
#include "hooks/hooks.h"
#include "net/internal.h"
#include "core/lock.h"
#include "net/net.h"
#include "core/sys.h"

#define TYPE_MASK 0xf

static enum net_mode mode = NET_NONE;

int net_set_mode(const char *name)
{
	static const struct {
		const char *name;
		enum net_mode mode;
	} modes[] = {
		{ "none", NET_NONE },
		{ "loopback", NET_LOOPBACK },
	};
	size_t i;

	if (!name || !*name) {
		mode = NET_NONE;
		return 0;
	}
	for (i = 0; i < sizeof(modes) / sizeof(modes[0]); i++)
		if (!strcmp(name, modes[i].name)) {
			mode = modes[i].mode;
			return 0;
		}
	return -EINVAL;
}

enum net_mode net_get_mode(void)
{
	return mode;
}

void net_ep_from(struct net_ep *ep, const struct sockaddr *a)
{
	memset(ep, 0, sizeof(*ep));
	if (a->sa_family == AF_INET) {
		const struct sockaddr_in *in = (const void *)a;

		ep->a[10] = ep->a[11] = 0xff;
		memcpy(ep->a + 12, &in->sin_addr, 4);
		ep->port = ntohs(in->sin_port);
	} else {
		const struct sockaddr_in6 *in6 = (const void *)a;

		memcpy(ep->a, &in6->sin6_addr, 16);
		ep->port = ntohs(in6->sin6_port);
	}
}

void net_ep_put(int family, const struct net_ep *ep, struct sockaddr *addr,
		socklen_t *len)
{
	union {
		struct sockaddr_in in;
		struct sockaddr_in6 in6;
	} u;
	socklen_t n;

	memset(&u, 0, sizeof(u));
	if (family == AF_INET) {
		u.in.sin_family = AF_INET;
		u.in.sin_port = htons(ep->port);
		memcpy(&u.in.sin_addr, ep->a + 12, 4);
		n = sizeof(u.in);
	} else {
		u.in6.sin6_family = AF_INET6;
		u.in6.sin6_port = htons(ep->port);
		memcpy(&u.in6.sin6_addr, ep->a, 16);
		n = sizeof(u.in6);
	}
	if (addr && len)
		memcpy(addr, &u, *len < n ? *len : n);
	if (len)
		*len = n;
}

static int standin_type(int type)
{
	switch (type & TYPE_MASK) {
	case SOCK_STREAM:
		return SOCK_STREAM;
	case SOCK_DGRAM:
	case SOCK_SEQPACKET:
		return SOCK_SEQPACKET;
	default:
		return -1;
	}
}

int net_socketpair(int domain, int type, int protocol, int sv[2])
{
	int t;

	if (domain != AF_UNIX)
		return -EOPNOTSUPP;
	if (type & ~(TYPE_MASK | SOCK_NONBLOCK | SOCK_CLOEXEC))
		return -EINVAL;
	t = standin_type(type);
	if (t < 0)
		return -EPROTONOSUPPORT;
	return (int)sys_socketpair(AF_UNIX,
				   t | (type & (SOCK_NONBLOCK | SOCK_CLOEXEC)),
				   protocol, sv);
}

static int inet_protocol(int type, int protocol)
{
	int want = type == SOCK_STREAM ? IPPROTO_TCP : IPPROTO_UDP;

	if (protocol == 0 || protocol == want)
		return want;
	return -EPROTONOSUPPORT;
}

static int sock_int(int fd, int name)
{
	int v = 0;
	socklen_t l = sizeof(v);
	long r = sys_pass(SYS_getsockopt, fd, SOL_SOCKET, name, &v, &l);

	return r < 0 ? (int)r : v;
}

static int cut_one(int fd)
{
	arch_kstat st;
	int family, type, protocol, nfd, sv[2];
	long fdfl, r;

	if (sys_fstat(fd, &st) < 0 || !S_ISSOCK(st.st_mode))
		return 0;
	family = sock_int(fd, SO_DOMAIN);
	if (family == AF_UNIX)
		return 0;
	type = sock_int(fd, SO_TYPE);
	protocol = sock_int(fd, SO_PROTOCOL);
	fdfl = sys_fcntl(fd, F_GETFD, 0);
	if (family < 0 || type < 0 || fdfl < 0)
		return family < 0 ? family : type < 0 ? type : (int)fdfl;
	if ((family == AF_INET || family == AF_INET6) &&
	    (type == SOCK_STREAM || type == SOCK_DGRAM)) {
		nfd = net_socket(family, type, protocol);
	} else {
		r = sys_socketpair(AF_UNIX, type == SOCK_STREAM ?
					  SOCK_STREAM : SOCK_SEQPACKET,
				   0, sv);
		if (r < 0)
			return (int)r;
		sys_close(sv[1]);
		nfd = sv[0];
	}
	if (nfd < 0)
		return nfd;
	r = sys3(SYS_dup3, nfd, fd, (fdfl & FD_CLOEXEC) ? O_CLOEXEC : 0);
	if (r >= 0 && !core_lock()) {
		aoff_t s = sock_of_fd(nfd);

		if (s)
			sock_rekey(s, fd);
		core_unlock();
	}
	sys_close(nfd);
	return r < 0 ? (int)r : 0;
}

/*
 * A socket the program inherits is a door the filter cannot see: an
 * internet socket sends to the host's network with a plain sendmsg. The
 * shim closes inherited fds the user did not keep (TAMAGO_KEEP_FDS); a
 * kept internet, netlink or packet socket is replaced, before the seal
 * and before a hooks library opens sockets of its own on purpose, by an
 * unconnected stand-in of the same family and type with the same number
 * and close-on-exec flag: only a socket handler gives network access. A
 * kept AF_UNIX socket stays: it is a channel to a local process that the
 * user asked for by name. Fds 0, 1 and 2 stay what the caller gave.
 */
int net_cut_inherited(void)
{
	char buf[1024];
	long dfd, n;
	int r = 0;

	dfd = sys_openat(AT_FDCWD, "/proc/self/fd",
			 O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
	if (dfd < 0)
		return (int)dfd;
	while (r == 0) {
		long off = 0;

		n = sys3(SYS_getdents64, dfd, buf, sizeof(buf));
		if (n <= 0) {
			r = (int)n;
			break;
		}
		while (r == 0 && off < n) {
			struct linux_dirent64 {
				uint64_t ino;
				int64_t off;
				unsigned short reclen;
				unsigned char type;
				char name[];
			} *d = (void *)(buf + off);
			int fd = 0;
			const char *p;

			off += d->reclen;
			for (p = d->name; *p >= '0' && *p <= '9'; p++)
				fd = fd * 10 + (*p - '0');
			if (p == d->name || *p || fd < 3 || fd == dfd ||
			    fd >= band_base())
				continue;
			r = cut_one(fd);
		}
	}
	sys_close((int)dfd);
	return r;
}

int net_socket(int domain, int type, int protocol)
{
	int sv[2], r, t = type & TYPE_MASK, band = -1;
	aoff_t s;

	switch (domain) {
	case AF_INET:
	case AF_INET6:
		if (t == SOCK_RAW)
			return -EPERM;
		if (t != SOCK_STREAM && t != SOCK_DGRAM)
			return -ESOCKTNOSUPPORT;
		protocol = inet_protocol(t, protocol);
		if (protocol < 0)
			return protocol;
		break;
	case AF_UNIX:
		break;
	default:
		/* Netlink, packet and the rest: no such family here. */
		return -EAFNOSUPPORT;
	}
	if (type & ~(TYPE_MASK | SOCK_NONBLOCK | SOCK_CLOEXEC))
		return -EINVAL;
	if (standin_type(type) < 0)
		return domain == AF_UNIX ? -ESOCKTNOSUPPORT : -EPROTONOSUPPORT;
	/*
	 * A real fd standing in for the socket: one end of a pair whose
	 * other end is closed, so fcntl, poll and close work on it.
	 */
	r = net_socketpair(AF_UNIX, type, 0, sv);
	if (r < 0)
		return r;
	/*
	 * A loopback UDP socket keeps the other end: datagrams for it are
	 * written there (udp.c), so epoll sees them from the start.
	 */
	if (t == SOCK_DGRAM && (domain == AF_UNIX || mode == NET_LOOPBACK)) {
		band = band_move(sv[1]);
		if (band < 0) {
			r = band;
			goto fail;
		}
	} else {
		sys_close(sv[1]);
	}
	r = core_lock();
	if (r < 0)
		goto fail;
	if (domain == AF_UNIX) {
		/* Its own type, and a datagram socket's band end (unix.c). */
		r = unix_socket(sv[0], t, band);
		band = -1;
		core_unlock();
		if (r < 0)
			goto fail;
		return sv[0];
	}
	s = sock_new(sv[0]);
	if (s) {
		SOCK_W(s)->family = (uint16_t)domain;
		SOCK_W(s)->type = (uint8_t)t;
		SOCK_W(s)->protocol = protocol;
		if (band >= 0) {
			r = udp_standin(s, band);
			band = -1;
			if (r < 0) {
				sock_drop(s);
				core_unlock();
				goto fail;
			}
		}
	}
	core_unlock();
	if (s)
		return sv[0];
	r = -ENOMEM;
fail:
	if (band >= 0)
		sys_close(band);
	sys_close(sv[0]);
	return r;
}

void net_format_addr(char *buf, size_t size, const struct sockaddr *addr,
		     socklen_t len)
{
	char host[INET6_ADDRSTRLEN];
	unsigned int port = 0;
	size_t n;

	buf[0] = '\0';
	if (addr->sa_family == AF_INET && len >= sizeof(struct sockaddr_in)) {
		const struct sockaddr_in *in = (const void *)addr;

		net_ntop(AF_INET, &in->sin_addr, host);
		port = ntohs(in->sin_port);
		n = strlen(host);
	} else if (addr->sa_family == AF_INET6 &&
		   len >= sizeof(struct sockaddr_in6)) {
		const struct sockaddr_in6 *in6 = (const void *)addr;

		host[0] = '[';
		net_ntop(AF_INET6, &in6->sin6_addr, host + 1);
		n = strlen(host);
		host[n++] = ']';
		host[n] = '\0';
		port = ntohs(in6->sin6_port);
	} else {
		return;
	}
	if (n + 8 > size)
		return;
	memcpy(buf, host, n);
	buf[n++] = ':';
	{
		char d[6];
		int k = 0;

		do {
			d[k++] = (char)('0' + port % 10);
			port /= 10;
		} while (port);
		while (k)
			buf[n++] = d[--k];
	}
	buf[n] = '\0';
}

/*
 * "tamago: connect 1.2.3.4:53: no socket handler", once per operation,
 * protocol and destination in a process: glibc's resolver retries each
 * name server several times, and that would only repeat the same line.
 */
static void report_why(const char *what, const struct sockaddr *addr,
		       socklen_t len, const char *why)
{
	static uint32_t seen[32];
	static unsigned int nseen;
	char line[200] = "tamago: ";
	uint32_t h = 2166136261u;
	const unsigned char *p = (const void *)addr;
	size_t n, i;

	for (i = 0; what[i]; i++)
		h = (h ^ (unsigned char)what[i]) * 16777619u;
	for (i = 0; i < len && i < sizeof(struct sockaddr_in6); i++)
		h = (h ^ p[i]) * 16777619u;
	for (i = 0; i < nseen && i < 32; i++)
		if (seen[i] == h)
			return;
	seen[nseen++ % 32] = h;
	n = strlen(line);
	memcpy(line + n, what, strlen(what));
	n += strlen(what);
	line[n++] = ' ';
	net_format_addr(line + n, sizeof(line) - n - 80, addr, len);
	n += strlen(line + n);
	memcpy(line + n, why, strlen(why) + 1);
	sys_write_stderr(line, strlen(line));
}

void net_report(const char *what, const struct sockaddr *addr, socklen_t len)
{
	report_why(what, addr, len, ": no socket handler\n");
}

bool net_is_loop_udp(aoff_t s)
{
	return s && mode == NET_LOOPBACK && SOCK(s)->type == SOCK_DGRAM;
}

static bool loop_udp(aoff_t s, const struct net_ep *ep)
{
	return net_is_loop_udp(s) && loop_is_local(ep);
}

bool net_is_inet(const struct sockaddr *addr, socklen_t len)
{
	return len >= sizeof(sa_family_t) &&
	       (addr->sa_family == AF_INET || addr->sa_family == AF_INET6);
}

int net_sock_type(int fd)
{
	int type = 0;
	socklen_t l = sizeof(type);
	long r = sys_pass(SYS_getsockopt, fd, SOL_SOCKET, SO_TYPE, &type, &l);

	return r < 0 ? (int)r : type;
}

int net_call_handler(tamago_socket_fn fn, enum tamago_socket_op op, int fd,
		     const struct sockaddr *addr, socklen_t len)
{
	bool local = op == TAMAGO_SOCKET_BIND;
	struct tamago_socket_req req = { 0 };
	aoff_t s = sock_of_fd(fd);
	int type = s ? SOCK(s)->type : net_sock_type(fd), nfd, r, cloexec;

	if (type < 0)
		return type;
	req.op = op;
	req.family = addr->sa_family;
	req.type = type == SOCK_SEQPACKET ? SOCK_DGRAM : type;
	req.protocol = s ? SOCK(s)->protocol : 0;
	req.network = req.type == SOCK_STREAM ?
			      (req.family == AF_INET ? "tcp" : "tcp6") :
			      (req.family == AF_INET ? "udp" : "udp6");
	req.laddr = local ? addr : NULL;
	req.laddrlen = local ? len : 0;
	req.raddr = local ? NULL : addr;
	req.raddrlen = local ? 0 : len;
	nfd = fn(&req);
	if (nfd < 0) {
		net_audit(op == TAMAGO_SOCKET_CONNECT ? "connect" :
			  op == TAMAGO_SOCKET_BIND    ? "bind" :
							"sendto",
			  req.type, addr, -nfd);
		return nfd;
	}
	cloexec = (int)sys_fcntl(fd, F_GETFD, 0);
	r = (int)sys3(SYS_dup3, nfd, fd, cloexec > 0 ? O_CLOEXEC : 0);
	sys_close(nfd);
	/* The handler's socket is real: the kernel answers for it now. */
	if (r >= 0 && s)
		sock_drop(s);
	return r < 0 ? r : 0;
}

int net_check_addr(aoff_t s, const struct sockaddr *addr, socklen_t len,
		   bool for_connect)
{
	int family = s ? SOCK(s)->family : addr->sa_family;

	if (addr->sa_family == AF_INET &&
	    (family == AF_INET || (for_connect && family == AF_INET6)))
		return len < sizeof(struct sockaddr_in) ? -EINVAL : 0;
	if (addr->sa_family == AF_INET6 && family == AF_INET6)
		return len < 24 ? -EINVAL : 0;
	return family == AF_INET6 ? -EINVAL : -EAFNOSUPPORT;
}

static int connect_locked(int fd, const struct sockaddr *addr, socklen_t len)
{
	aoff_t s = sock_of_fd(fd);
	tamago_socket_fn fn;
	struct net_ep ep;
	int r;

	if (unix_is(s))
		return -EINVAL;	/* unix_validate_addr: not AF_UNIX */
	if (s) {
		r = net_check_addr(s, addr, len, true);
		if (r < 0)
			return r;
	} else if (len < (addr->sa_family == AF_INET ?
				  sizeof(struct sockaddr_in) :
				  sizeof(struct sockaddr_in6))) {
		return -EINVAL;
	}
	fn = hooks_socket_handler();
	if (fn)
		return net_call_handler(fn, TAMAGO_SOCKET_CONNECT, fd, addr, len);
	net_ep_from(&ep, addr);
	if (s && mode == NET_LOOPBACK && SOCK(s)->type == SOCK_STREAM &&
	    loop_is_local(&ep))
		return loop_connect(s, fd, &ep);
	if (loop_udp(s, &ep))
		return udp_connect(s, fd, &ep);
	/*
	 * A datagram connect to port 0 sends nothing: it is how glibc's
	 * getaddrinfo asks for the source address it would use.
	 */
	if (!(s && SOCK(s)->type == SOCK_DGRAM && ep.port == 0)) {
		net_report(s && SOCK(s)->type == SOCK_DGRAM ? "connect udp" :
							  "connect",
		       addr, len);
		net_audit("connect", s ? SOCK(s)->type : net_sock_type(fd), addr,
			  ENETUNREACH);
	}
	return -ENETUNREACH;
}

int net_connect(int fd, const struct sockaddr *addr, socklen_t len)
{
	int r;

	if (!addr || len < sizeof(sa_family_t))
		return -EINVAL;
	switch (addr->sa_family) {
	case AF_INET:
	case AF_INET6:
		r = core_lock();
		if (r < 0)
			return r;
		r = connect_locked(fd, addr, len);
		core_unlock();
		return r;
	case AF_UNIX:
		/* Names in the in-memory file system, or abstract ones. */
		return unix_connect(fd, addr, len);
	case AF_UNSPEC: {
		/* A datagram socket forgets its peer; others ignore it. */
		aoff_t s;

		r = core_lock();
		if (r < 0)
			return r;
		s = sock_of_fd(fd);
		if (unix_is(s)) {
			core_unlock();
			return unix_connect(fd, addr, len);
		}
		r = net_is_loop_udp(s) ? udp_disconnect(s) : 0;
		core_unlock();
		return r;
	}
	default:
		return -EAFNOSUPPORT;
	}
}

static int bind_locked(int fd, const struct sockaddr *addr, socklen_t len)
{
	aoff_t s = sock_of_fd(fd);
	tamago_socket_fn fn;
	struct net_ep ep;
	int r;

	if (unix_is(s))
		return -EINVAL;
	if (s) {
		r = net_check_addr(s, addr, len, false);
		if (r < 0)
			return r;
	}
	fn = hooks_socket_handler();
	if (fn)
		return net_call_handler(fn, TAMAGO_SOCKET_BIND, fd, addr, len);
	if (!s)
		return -EADDRNOTAVAIL;
	net_ep_from(&ep, addr);
	/*
	 * No interfaces, not even loopback: only the wildcard address can
	 * be bound (and then listened on), as on a host without network.
	 */
	if (mode != NET_LOOPBACK && !net_ep_any(&ep))
		return -EADDRNOTAVAIL;
	if (SOCK(s)->type == SOCK_DGRAM)
		return udp_bind(s, fd, &ep);
	return loop_bind(s, fd, &ep);
}

int net_bind(int fd, const struct sockaddr *addr, socklen_t len)
{
	int r;

	if (!addr || len < sizeof(sa_family_t))
		return -EINVAL;
	if (addr->sa_family == AF_UNIX)
		return unix_bind(fd, addr, len);
	if (!net_is_inet(addr, len))
		return -EAFNOSUPPORT;
	r = core_lock();
	if (r < 0)
		return r;
	r = bind_locked(fd, addr, len);
	core_unlock();
	return r;
}

int net_listen(int fd, int backlog)
{
	aoff_t s;
	int r = core_lock();

	if (r < 0)
		return r;
	s = sock_of_fd(fd);
	if (!s)
		r = (int)sys_pass(SYS_listen, fd, backlog, 0, 0, 0);
	else if (unix_is(s))
		/* The backlog is the band's queue (see README). */
		r = unix_listen(s);
	else
		/*
		 * In none mode too: a host without interfaces listens on the
		 * wildcard address; nobody can connect, so accept waits.
		 */
		r = loop_listen(s, fd);
	core_unlock();
	return r;
}

int net_take_conn(int fd, void *msg, size_t size, int flags)
{
	struct iovec iov = { msg, size };
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(int))];
	} c;
	struct msghdr mh = { 0 };
	int nfd = -1;

	/* Outside the lock: a blocking accept waits in the kernel. */
	while (nfd < 0) {
		struct cmsghdr *h;
		long n;

		mh.msg_iov = &iov;
		mh.msg_iovlen = 1;
		mh.msg_control = c.buf;
		mh.msg_controllen = sizeof(c.buf);
		n = sys3(SYS_recvmsg, fd, &mh,
			 (flags & SOCK_CLOEXEC) ? MSG_CMSG_CLOEXEC : 0);
		if (n < 0)
			return (int)n;
		h = CMSG_FIRSTHDR(&mh);
		if ((size_t)n == size && h && h->cmsg_level == SOL_SOCKET &&
		    h->cmsg_type == SCM_RIGHTS)
			memcpy(&nfd, CMSG_DATA(h), sizeof(int));
		else if (h && h->cmsg_type == SCM_RIGHTS)
			/* Not ours: something the program wrote itself. */
			sys_close(*(int *)CMSG_DATA(h));
	}
	if (flags & SOCK_NONBLOCK)
		sys_fcntl(nfd, F_SETFL, O_NONBLOCK);
	return nfd;
}

int net_accept4(int fd, struct sockaddr *addr, socklen_t *len, int flags)
{
	struct net_conn conn;
	int family, protocol, nfd, r;
	aoff_t s;

	if (flags & ~(SOCK_NONBLOCK | SOCK_CLOEXEC))
		return -EINVAL;
	r = core_lock();
	if (r < 0)
		return r;
	s = sock_of_fd(fd);
	if (!s) {
		core_unlock();
		return (int)sys_pass(SYS_accept4, fd, addr, len, flags, 0);
	}
	if (unix_is(s)) {
		core_unlock();
		return unix_accept(fd, addr, len, flags);
	}
	family = SOCK(s)->family;
	protocol = SOCK(s)->protocol;
	r = SOCK(s)->state == NS_LISTEN ? 0 :
	    SOCK(s)->type == SOCK_STREAM ? -EINVAL : -EOPNOTSUPP;
	core_unlock();
	if (r < 0)
		return r;
	nfd = net_take_conn(fd, &conn, sizeof(conn), flags);
	if (nfd < 0)
		return nfd;
	r = core_lock();
	if (r < 0)
		goto fail;
	s = sock_new(nfd);
	if (s) {
		SOCK_W(s)->family = (uint16_t)family;
		SOCK_W(s)->type = SOCK_STREAM;
		SOCK_W(s)->protocol = protocol;
		SOCK_W(s)->state = NS_CONNECTED;
		SOCK_W(s)->local = conn.local;
		SOCK_W(s)->peer = conn.peer;
	}
	core_unlock();
	if (!s) {
		r = -ENOMEM;
		goto fail;
	}
	if (addr || len)
		net_ep_put(family, &conn.peer, addr, len);
	return nfd;
fail:
	sys_close(nfd);
	return r;
}

int net_getname(int fd, struct sockaddr *addr, socklen_t *len, bool peer)
{
	aoff_t s;
	int r;

	if (!len)
		return -EFAULT;
	r = core_lock();
	if (r < 0)
		return r;
	s = sock_of_fd(fd);
	if (!s)
		r = (int)sys_pass(peer ? SYS_getpeername : SYS_getsockname,
				  fd, addr, len, 0, 0);
	else if (unix_is(s))
		r = unix_getname(s, addr, len, peer);
	else if (peer && SOCK(s)->state != NS_CONNECTED)
		r = -ENOTCONN;
	else
		net_ep_put(SOCK(s)->family, peer ? &SOCK(s)->peer : &SOCK(s)->local,
		      addr, len);
	core_unlock();
	return r;
}
