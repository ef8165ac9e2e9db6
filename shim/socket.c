/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The socket family: libc's names and the trapped calls, into net/.
 */
#include <sys/socket.h>

#include "net/net.h"
#include "shim/shim.h"
#include "core/sys.h"

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

TAMAGO_EXPORT ssize_t send(int fd, const void *buf, size_t len, int flags)
{
	return shim_ret(net_sendto(fd, buf, len, flags, NULL, 0));
}

TAMAGO_EXPORT ssize_t sendmsg(int fd, const struct msghdr *msg, int flags)
{
	return shim_ret(net_sendmsg(fd, msg, flags));
}

TAMAGO_EXPORT ssize_t recvfrom(int fd, void *buf, size_t len, int flags,
			       struct sockaddr *addr, socklen_t *alen)
{
	return shim_ret(net_recvfrom(fd, buf, len, flags, addr, alen));
}

TAMAGO_EXPORT ssize_t recvmsg(int fd, struct msghdr *msg, int flags)
{
	return shim_ret(net_recvmsg(fd, msg, flags));
}

TAMAGO_EXPORT int listen(int fd, int backlog)
{
	return (int)shim_ret(net_listen(fd, backlog));
}

TAMAGO_EXPORT int accept4(int fd, struct sockaddr *addr, socklen_t *len,
			  int flags)
{
	return (int)shim_ret(net_accept4(fd, addr, len, flags));
}

TAMAGO_EXPORT int accept(int fd, struct sockaddr *addr, socklen_t *len)
{
	return (int)shim_ret(net_accept4(fd, addr, len, 0));
}

TAMAGO_EXPORT int getsockname(int fd, struct sockaddr *addr, socklen_t *len)
{
	return (int)shim_ret(net_getname(fd, addr, len, false));
}

TAMAGO_EXPORT int getpeername(int fd, struct sockaddr *addr, socklen_t *len)
{
	return (int)shim_ret(net_getname(fd, addr, len, true));
}

TAMAGO_EXPORT int getsockopt(int fd, int level, int name, void *val,
			     socklen_t *len)
{
	return (int)shim_ret(net_getsockopt(fd, level, name, val, len));
}

TAMAGO_EXPORT int setsockopt(int fd, int level, int name, const void *val,
			     socklen_t len)
{
	return (int)shim_ret(net_setsockopt(fd, level, name, val, len));
}

