/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Sending and receiving: a destination address goes to the socket
 * handler or the nil stub (net.c), a loopback UDP datagram to udp.c, an
 * AF_UNIX one to unix.c; a stand-in's own AF_UNIX name is never shown.
 * Data on a connected socket needs none of this: the filter lets those
 * calls through. See net.h.
 */
#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/uio.h>

#include "core/lock.h"
#include "core/sys.h"
#include "hooks/hooks.h"
#include "net/internal.h"
#include "net/net.h"

static int check_send(int fd, const struct sockaddr *addr, socklen_t alen)
{
	tamago_socket_fn fn;
	aoff_t st;
	int r;

	if (!addr || !alen)
		return 0;
	if (!net_is_inet(addr, alen))
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
	} else if (st && (r = net_check_addr(st, addr, alen, true)) < 0) {
		/* r is the kernel's answer to a bad address. */
	} else if (fn) {
		r = net_call_handler(fn, TAMAGO_SOCKET_SEND, fd, addr, alen);
	} else {
		net_report("sendto", addr, alen);
		net_audit("sendto", st ? SOCK(st)->type : net_sock_type(fd), addr,
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
	if (!net_is_inet(addr, alen))
		return addr->sa_family == AF_UNIX ? -EINVAL : -EAFNOSUPPORT;
	r = net_check_addr(s, addr, alen, true);
	if (r < 0)
		return r;
	net_ep_from(&ep, addr);
	if (!loop_is_local(&ep)) {
		net_report("sendto", addr, alen);
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
	if (net_is_loop_udp(s) && !hooks_socket_handler()) {
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
