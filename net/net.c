/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The nil-socket stub (TamaGo's "net.SocketFunc is nil"), the call into a
 * plugged-in socket handler, and the calls whose answers are virtual for
 * the stand-ins (names, options, listen, accept). See net.h.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/un.h>

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
			    fd >= fs_band_base())
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
		band = fs_band_fd(sv[1]);
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
		SOCK(s)->family = (uint16_t)domain;
		SOCK(s)->type = (uint8_t)t;
		SOCK(s)->protocol = protocol;
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

		inet_ntop(AF_INET, &in->sin_addr, host, sizeof(host));
		port = ntohs(in->sin_port);
		n = strlen(host);
	} else if (addr->sa_family == AF_INET6 &&
		   len >= sizeof(struct sockaddr_in6)) {
		const struct sockaddr_in6 *in6 = (const void *)addr;

		host[0] = '[';
		inet_ntop(AF_INET6, &in6->sin6_addr, host + 1,
			  sizeof(host) - 2);
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

static void report(const char *what, const struct sockaddr *addr,
		   socklen_t len)
{
	report_why(what, addr, len, ": no socket handler\n");
}

/* A datagram socket that TAMAGO_NET=loopback emulates (udp.c). */
static bool is_loop_udp(aoff_t s)
{
	return s && mode == NET_LOOPBACK && SOCK(s)->type == SOCK_DGRAM;
}

static bool loop_udp(aoff_t s, const struct net_ep *ep)
{
	return is_loop_udp(s) && loop_is_local(ep);
}

static bool is_inet(const struct sockaddr *addr, socklen_t len)
{
	return len >= sizeof(sa_family_t) &&
	       (addr->sa_family == AF_INET || addr->sa_family == AF_INET6);
}

static int sock_type(int fd)
{
	int type = 0;
	socklen_t l = sizeof(type);
	long r = sys_pass(SYS_getsockopt, fd, SOL_SOCKET, SO_TYPE, &type, &l);

	return r < 0 ? (int)r : type;
}

/* A handler's fd takes the place of the program's socket. */
static int call_handler(tamago_socket_fn fn, enum tamago_socket_op op,
			int fd, const struct sockaddr *addr, socklen_t len)
{
	bool local = op == TAMAGO_SOCKET_BIND;
	struct tamago_socket_req req = { 0 };
	aoff_t s = sock_of_fd(fd);
	int type = s ? SOCK(s)->type : sock_type(fd), nfd, r, cloexec;

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

/*
 * Checks an internet address against socket s's family as the kernel
 * does (an AF_INET6 socket takes an AF_INET address for connect only).
 */
static int check_addr(aoff_t s, const struct sockaddr *addr, socklen_t len,
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
		r = check_addr(s, addr, len, true);
		if (r < 0)
			return r;
	} else if (len < (addr->sa_family == AF_INET ?
				  sizeof(struct sockaddr_in) :
				  sizeof(struct sockaddr_in6))) {
		return -EINVAL;
	}
	fn = hooks_socket_handler();
	if (fn)
		return call_handler(fn, TAMAGO_SOCKET_CONNECT, fd, addr, len);
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
		report(s && SOCK(s)->type == SOCK_DGRAM ? "connect udp" :
							  "connect",
		       addr, len);
		net_audit("connect", s ? SOCK(s)->type : sock_type(fd), addr,
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
		r = is_loop_udp(s) ? udp_disconnect(s) : 0;
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
		r = check_addr(s, addr, len, false);
		if (r < 0)
			return r;
	}
	fn = hooks_socket_handler();
	if (fn)
		return call_handler(fn, TAMAGO_SOCKET_BIND, fd, addr, len);
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
	if (!is_inet(addr, len))
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
		SOCK(s)->family = (uint16_t)family;
		SOCK(s)->type = SOCK_STREAM;
		SOCK(s)->protocol = protocol;
		SOCK(s)->state = NS_CONNECTED;
		SOCK(s)->local = conn.local;
		SOCK(s)->peer = conn.peer;
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

static bool level_ok(const struct net_sock *n, int level)
{
	switch (level) {
	case IPPROTO_IP:
		return true;	/* an AF_INET6 socket takes IPv4 options */
	case IPPROTO_IPV6:
		return n->family == AF_INET6;
	case IPPROTO_TCP:
		return n->type == SOCK_STREAM;
	case IPPROTO_UDP:
		return n->type == SOCK_DGRAM;
	}
	return false;
}

/* What an option reads before the program sets it (Linux's defaults). */
static const struct net_opt defaults[] = {
	{ IPPROTO_TCP, TCP_NODELAY, 0 },
	{ IPPROTO_TCP, TCP_MAXSEG, 536 },
	{ IPPROTO_TCP, TCP_KEEPIDLE, 7200 },
	{ IPPROTO_TCP, TCP_KEEPINTVL, 75 },
	{ IPPROTO_TCP, TCP_KEEPCNT, 9 },
	{ IPPROTO_TCP, TCP_QUICKACK, 1 },
	{ IPPROTO_TCP, TCP_CORK, 0 },
	{ IPPROTO_TCP, TCP_DEFER_ACCEPT, 0 },
	{ IPPROTO_TCP, TCP_FASTOPEN, 0 },
	{ IPPROTO_TCP, TCP_USER_TIMEOUT, 0 },
	{ IPPROTO_IP, IP_TTL, 64 },
	{ IPPROTO_IP, IP_TOS, 0 },
	{ IPPROTO_IP, IP_RECVERR, 0 },
	{ IPPROTO_IP, IP_MTU_DISCOVER, IP_PMTUDISC_WANT },
	{ IPPROTO_IPV6, IPV6_V6ONLY, 0 },
	{ IPPROTO_IPV6, IPV6_UNICAST_HOPS, 64 },
	{ IPPROTO_IPV6, IPV6_RECVERR, 0 },
	{ IPPROTO_IPV6, IPV6_TCLASS, 0 },
};

static struct net_opt *find_opt(struct net_sock *n, int level, int name)
{
	int i;

	for (i = 0; i < NET_NOPT; i++)
		if (n->opt[i].level == level && n->opt[i].name == name &&
		    (level || name))
			return &n->opt[i];
	return NULL;
}

/* getsockopt's contract for an int: truncated to the caller's length. */
static int put_int(int v, void *val, socklen_t *len)
{
	socklen_t n;

	if (!len)
		return -EFAULT;
	if ((int)*len < 0)
		return -EINVAL;
	n = *len < sizeof(int) ? *len : sizeof(int);
	if (n && !val)
		return -EFAULT;
	memcpy(val, &v, n);
	*len = n;
	return 0;
}

static int set_ip_opt(struct net_sock *n, int level, int name,
		      const void *val, socklen_t len)
{
	struct net_opt *o = find_opt(n, level, name);
	int v = 0, i;

	if (!level_ok(n, level))
		return -ENOPROTOOPT;
	if (!val)
		return -EFAULT;
	if (len >= sizeof(int))
		memcpy(&v, val, sizeof(int));
	else if (len >= 1)
		v = *(const unsigned char *)val;
	else
		return -EINVAL;
	if (level == IPPROTO_IPV6 && name == IPV6_V6ONLY &&
	    n->state != NS_NEW)
		return -EINVAL;
	for (i = 0; !o && i < NET_NOPT; i++)
		if (!n->opt[i].level && !n->opt[i].name)
			o = &n->opt[i];
	if (!o)
		return -ENOMEM;
	/* Boolean options read back as 0 or 1, as the kernel's do. */
	if (name == TCP_NODELAY || name == IPV6_V6ONLY)
		v = !!v;
	o->level = level;
	o->name = name;
	o->value = v;
	return 0;
}

static int get_ip_opt(struct net_sock *n, int level, int name, void *val,
		      socklen_t *len)
{
	const struct net_opt *o = find_opt(n, level, name);
	size_t i;

	if (!level_ok(n, level))
		return -ENOPROTOOPT;
	for (i = 0; !o && i < sizeof(defaults) / sizeof(defaults[0]); i++)
		if (defaults[i].level == level && defaults[i].name == name)
			o = &defaults[i];
	if (!o)
		return -ENOPROTOOPT;
	return put_int(o->value, val, len);
}
int net_setsockopt(int fd, int level, int name, const void *val,
		   socklen_t len)
{
	aoff_t s;
	int r = core_lock();

	if (r < 0)
		return r;
	s = sock_of_fd(fd);
	if (unix_is(s)) {
		/* An AF_UNIX socket's options are all the kernel's. */
		s = 0;
	}
	if (s && level == SOL_SOCKET && name == SO_REUSEPORT) {
		/* AF_UNIX refuses it: remembered, for bind (loopback.c). */
		int v = 0;

		if (!val || len < sizeof(int))
			r = val ? -EINVAL : -EFAULT;
		else
			memcpy(&v, val, sizeof(v));
		if (r == 0)
			SOCK(s)->reuseport = v != 0;
	} else if (s && level != SOL_SOCKET) {
		r = set_ip_opt(SOCK(s), level, name, val, len);
	} else {
		r = (int)sys_pass(SYS_setsockopt, fd, level, name, val, len);
	}
	core_unlock();
	return r;
}

/* SOL_SOCKET options whose answer is the program's socket, not its fd. */
static int get_sol_socket(struct net_sock *n, int name, void *val,
			  socklen_t *len)
{
	int v;

	switch (name) {
	case SO_TYPE:
		v = n->type;
		break;
	case SO_DOMAIN:
		v = n->family;
		break;
	case SO_PROTOCOL:
		v = n->protocol;
		break;
	case SO_ACCEPTCONN:
		v = n->state == NS_LISTEN;
		break;
	case SO_REUSEPORT:
		v = n->reuseport;
		break;
	case SO_ERROR:
		v = n->error;
		n->error = 0;
		break;
	default:
		return 1;
	}
	return put_int(v, val, len);
}

int net_getsockopt(int fd, int level, int name, void *val, socklen_t *len)
{
	aoff_t s;
	int r = core_lock();

	if (r < 0)
		return r;
	s = sock_of_fd(fd);
	r = 1;
	if (unix_is(s))
		r = level == SOL_SOCKET ? unix_getsockopt(s, name, val, len) : 1;
	else if (s && level == SOL_SOCKET)
		r = get_sol_socket(SOCK(s), name, val, len);
	else if (s)
		r = get_ip_opt(SOCK(s), level, name, val, len);
	if (r == 1)
		r = (int)sys_pass(SYS_getsockopt, fd, level, name, val, len);
	core_unlock();
	return r;
}

static int check_send(int fd, const struct sockaddr *addr, socklen_t alen)
{
	tamago_socket_fn fn;
	aoff_t st;
	int r;

	if (!addr || !alen)
		return 0;
	if (!is_inet(addr, alen))
		return addr->sa_family == AF_UNIX ? -ENOENT : -EAFNOSUPPORT;
	r = core_lock();
	if (r < 0)
		return r;
	st = sock_of_fd(fd);
	fn = hooks_socket_handler();
	if (st && SOCK(st)->type == SOCK_STREAM &&
	    SOCK(st)->state == NS_CONNECTED) {
		/* The kernel ignores a connected stream's destination. */
		r = 0;
	} else if (st && (r = check_addr(st, addr, alen, true)) < 0) {
		/* r is the kernel's answer to a bad address. */
	} else if (fn) {
		r = call_handler(fn, TAMAGO_SOCKET_SEND, fd, addr, alen);
	} else {
		report("sendto", addr, alen);
		net_audit("sendto", st ? SOCK(st)->type : sock_type(fd), addr,
			  ENETUNREACH);
		r = -ENETUNREACH;
	}
	core_unlock();
	return r;
}

/* A datagram on a loopback UDP socket (core lock held). */
static long send_udp(aoff_t s, int fd, const struct msghdr *m, int flags)
{
	const struct sockaddr *addr = m->msg_name;
	socklen_t alen = m->msg_namelen;
	struct net_ep ep;
	int r;

	if (!addr || !alen)
		return udp_send(s, fd, m, flags, NULL);
	if (!is_inet(addr, alen))
		return addr->sa_family == AF_UNIX ? -EINVAL : -EAFNOSUPPORT;
	r = check_addr(s, addr, alen, true);
	if (r < 0)
		return r;
	net_ep_from(&ep, addr);
	if (!loop_is_local(&ep)) {
		report("sendto", addr, alen);
		net_audit("sendto", SOCK_DGRAM, addr, ENETUNREACH);
		return -ENETUNREACH;
	}
	return udp_send(s, fd, m, flags, &ep);
}

long net_sendmsg(int fd, const struct msghdr *msg, int flags)
{
	struct msghdr m;
	aoff_t s;
	long r = core_lock();

	if (r < 0)
		return r;
	s = sock_of_fd(fd);
	if (!s && msg->msg_name && msg->msg_namelen >= sizeof(sa_family_t) &&
	    ((const struct sockaddr *)msg->msg_name)->sa_family == AF_UNIX)
		s = unix_sock(fd);
	if (unix_is(s))
		return unix_send(s, fd, msg, flags);	/* unlocks */
	if (is_loop_udp(s) && !hooks_socket_handler()) {
		r = send_udp(s, fd, msg, flags);
		core_unlock();
		return r;
	}
	core_unlock();
	r = check_send(fd, (const struct sockaddr *)msg->msg_name,
		       msg->msg_namelen);
	if (r < 0)
		return r;
	/*
	 * The destination is settled (a handler's fd now, or moot for a
	 * stream): send without it.
	 */
	m = *msg;
	m.msg_name = NULL;
	m.msg_namelen = 0;
	return sys3(SYS_sendmsg, fd, &m, flags);
}

long net_sendto(int fd, const void *buf, size_t len, int flags,
		const struct sockaddr *addr, socklen_t alen)
{
	struct iovec iov = { (void *)buf, len };
	struct msghdr m = { .msg_name = (void *)addr, .msg_namelen = alen,
			    .msg_iov = &iov, .msg_iovlen = 1 };

	return net_sendmsg(fd, &m, flags);
}

long net_recvmsg(int fd, struct msghdr *m, int flags)
{
	aoff_t s;
	bool udp;
	int family;
	long r;

	/* Nothing virtual is asked for: the kernel's answer is right. */
	if (!m->msg_name && !m->msg_control)
		return sys3(SYS_recvmsg, fd, m, flags);
	r = core_lock();
	if (r < 0)
		return r;
	s = sock_of_fd(fd);
	udp = s && SOCK(s)->type == SOCK_DGRAM && SOCK(s)->band >= 0;
	family = s ? SOCK(s)->family : 0;
	core_unlock();
	if (udp && family == AF_UNIX)
		return unix_recv(fd, m, flags);
	if (udp && (flags & MSG_ERRQUEUE))
		return -EAGAIN;	/* no ICMP errors are queued */
	if (udp)
		return udp_recv(fd, m, flags, family);
	r = sys3(SYS_recvmsg, fd, m, flags);
	/* A stand-in's AF_UNIX name is not the program's: TCP has none. */
	if (r >= 0 && s)
		m->msg_namelen = 0;
	return r;
}

long net_recvfrom(int fd, void *buf, size_t len, int flags,
		  struct sockaddr *addr, socklen_t *alen)
{
	struct iovec iov = { buf, len };
	struct msghdr m = { .msg_name = addr, .msg_iov = &iov,
			    .msg_iovlen = 1 };
	long r;

	if (!addr)
		return sys6(SYS_recvfrom, fd, buf, len, flags, 0, 0);
	if (!alen)
		return -EFAULT;
	m.msg_namelen = *alen;
	r = net_recvmsg(fd, &m, flags);
	if (r >= 0)
		*alen = m.msg_namelen;
	return r;
}
