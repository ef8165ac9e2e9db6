/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The socket family: libc's names and the trapped calls, into net/.
 */
#include <sys/socket.h>

#include "net.h"
#include "shim.h"
#include "sys.h"

TAMAGO_EXPORT int socket(int domain, int type, int protocol)
{
	return (int)shim_ret(net_socket(domain, type, protocol));
}

TAMAGO_EXPORT int socketpair(int domain, int type, int protocol, int sv[2])
{
	return (int)shim_ret(net_socketpair(domain, type, protocol, sv));
}

TAMAGO_EXPORT int connect(int fd, const struct sockaddr *addr, socklen_t len)
{
	return (int)shim_ret(net_connect(fd, addr, len));
}

TAMAGO_EXPORT int bind(int fd, const struct sockaddr *addr, socklen_t len)
{
	return (int)shim_ret(net_bind(fd, addr, len));
}

TAMAGO_EXPORT ssize_t sendto(int fd, const void *buf, size_t len, int flags,
			     const struct sockaddr *addr, socklen_t alen)
{
	return shim_ret(net_sendto(fd, buf, len, flags, addr, alen));
}

TAMAGO_EXPORT ssize_t sendmsg(int fd, const struct msghdr *msg, int flags)
{
	int r = net_check_send(fd, (const struct sockaddr *)msg->msg_name,
			       msg->msg_namelen);

	if (r < 0)
		return shim_ret(r);
	/* Every sandbox socket is stream or seqpacket: the name is moot. */
	return shim_ret(sys3(SYS_sendmsg, fd, msg, flags));
}

long trap_socket(const long *a)
{
	return net_socket((int)a[0], (int)a[1], (int)a[2]);
}

long trap_socketpair(const long *a)
{
	return net_socketpair((int)a[0], (int)a[1], (int)a[2], (int *)a[3]);
}

long trap_connect(const long *a)
{
	return net_connect((int)a[0], (const struct sockaddr *)a[1],
			   (socklen_t)a[2]);
}

long trap_bind(const long *a)
{
	return net_bind((int)a[0], (const struct sockaddr *)a[1],
			(socklen_t)a[2]);
}

long trap_sendto(const long *a)
{
	return net_sendto((int)a[0], (const void *)a[1], (size_t)a[2],
			  (int)a[3], (const struct sockaddr *)a[4],
			  (socklen_t)a[5]);
}
