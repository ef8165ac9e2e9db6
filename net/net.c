/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The nil-socket stub (TamaGo's "net.SocketFunc is nil") and the call into
 * a plugged-in socket handler. See net.h.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/un.h>

#include "hooks.h"
#include "net.h"
#include "sys.h"

#define TYPE_MASK 0xf

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

int net_socket(int domain, int type, int protocol)
{
	int sv[2], r;

	switch (domain) {
	case AF_INET:
	case AF_INET6:
		if ((type & TYPE_MASK) == SOCK_RAW)
			return -EPERM;
		/* fall through */
	case AF_UNIX:
		break;
	default:
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
	sys_close(sv[1]);
	(void)protocol;
	return sv[0];
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

static void report(const char *what, const struct sockaddr *addr,
		   socklen_t len)
{
	char line[160] = "tamago: ";
	size_t n;

	n = strlen(line);
	memcpy(line + n, what, strlen(what));
	n += strlen(what);
	line[n++] = ' ';
	net_format_addr(line + n, sizeof(line) - n - 24, addr, len);
	n += strlen(line + n);
	memcpy(line + n, ": no socket handler\n", 21);
	sys_write(2, line, strlen(line));
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
	long r = sys6(SYS_getsockopt, fd, SOL_SOCKET, SO_TYPE, &type, &l, 0);

	return r < 0 ? (int)r : type;
}

/* A handler's fd takes the place of the program's socket. */
static int call_handler(tamago_socket_fn fn, enum tamago_socket_op op,
			int fd, const struct sockaddr *addr, socklen_t len)
{
	bool local = op == TAMAGO_SOCKET_BIND;
	struct tamago_socket_req req = { 0 };
	int type = sock_type(fd), nfd, r, cloexec;

	if (type < 0)
		return type;
	req.op = op;
	req.family = addr->sa_family;
	req.type = type == SOCK_SEQPACKET ? SOCK_DGRAM : type;
	req.network = req.type == SOCK_STREAM ?
			      (req.family == AF_INET ? "tcp" : "tcp6") :
			      (req.family == AF_INET ? "udp" : "udp6");
	req.laddr = local ? addr : NULL;
	req.laddrlen = local ? len : 0;
	req.raddr = local ? NULL : addr;
	req.raddrlen = local ? 0 : len;
	nfd = fn(&req);
	if (nfd < 0)
		return nfd;
	cloexec = (int)sys_fcntl(fd, F_GETFD, 0);
	r = (int)sys3(SYS_dup3, nfd, fd, cloexec > 0 ? O_CLOEXEC : 0);
	sys_close(nfd);
	return r < 0 ? r : 0;
}

int net_connect(int fd, const struct sockaddr *addr, socklen_t len)
{
	tamago_socket_fn fn;

	if (!addr || len < sizeof(sa_family_t))
		return -EINVAL;
	switch (addr->sa_family) {
	case AF_INET:
	case AF_INET6:
		if (len < (addr->sa_family == AF_INET ?
				   sizeof(struct sockaddr_in) :
				   sizeof(struct sockaddr_in6)))
			return -EINVAL;
		fn = hooks_socket_handler();
		if (fn)
			return call_handler(fn, TAMAGO_SOCKET_CONNECT, fd, addr,
					    len);
		report("connect", addr, len);
		return -ENETUNREACH;
	case AF_UNIX: {
		const struct sockaddr_un *un = (const void *)addr;

		/* No named sockets in the in-memory file system yet. */
		if (len > offsetof(struct sockaddr_un, sun_path) &&
		    un->sun_path[0] == '\0')
			return -ECONNREFUSED;
		return -ENOENT;
	}
	case AF_UNSPEC:
		return 0;
	default:
		return -EAFNOSUPPORT;
	}
}

int net_bind(int fd, const struct sockaddr *addr, socklen_t len)
{
	tamago_socket_fn fn;

	if (!addr || len < sizeof(sa_family_t))
		return -EINVAL;
	if (addr->sa_family == AF_UNIX)
		return -EACCES;
	if (!is_inet(addr, len))
		return -EAFNOSUPPORT;
	fn = hooks_socket_handler();
	if (fn)
		return call_handler(fn, TAMAGO_SOCKET_BIND, fd, addr, len);
	/* No interfaces, not even loopback: nothing to bind to. */
	return -EADDRNOTAVAIL;
}

int net_check_send(int fd, const struct sockaddr *addr, socklen_t alen)
{
	tamago_socket_fn fn;

	(void)fd;
	if (!addr || !alen)
		return 0;
	if (!is_inet(addr, alen))
		return addr->sa_family == AF_UNIX ? -ENOENT : -EAFNOSUPPORT;
	fn = hooks_socket_handler();
	if (fn)
		return call_handler(fn, TAMAGO_SOCKET_SEND, fd, addr, alen);
	report("sendto", addr, alen);
	return -ENETUNREACH;
}

long net_sendto(int fd, const void *buf, size_t len, int flags,
		const struct sockaddr *addr, socklen_t alen)
{
	int r = net_check_send(fd, addr, alen);

	if (r < 0)
		return r;
	/* The fd is now the handler's socket: send without the address. */
	return sys6(SYS_sendto, fd, buf, len, flags, 0, 0);
}
