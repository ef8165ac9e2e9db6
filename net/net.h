/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Sockets: the nil-socket stub and the call into a plugged-in socket
 * handler. Like fs/, every function returns a value or -errno and is safe
 * in the SIGSYS handler.
 *
 * Every socket a sandboxed program holds is an AF_UNIX stream or seqpacket
 * socket (a datagram socket is stood in for by a seqpacket one): such
 * sockets ignore or refuse a destination address, so sendmsg and friends
 * can be allowed by the filter without reaching any host socket.
 */
#ifndef TAMAGO_NET_H
#define TAMAGO_NET_H

#include <stddef.h>
#include <sys/socket.h>
#include <sys/types.h>

int net_socket(int domain, int type, int protocol);
int net_socketpair(int domain, int type, int protocol, int sv[2]);
int net_connect(int fd, const struct sockaddr *addr, socklen_t len);
int net_bind(int fd, const struct sockaddr *addr, socklen_t len);
long net_sendto(int fd, const void *buf, size_t len, int flags,
		const struct sockaddr *addr, socklen_t alen);
/* Checks a sendmsg destination; 0 when the call may go to the kernel. */
int net_check_send(int fd, const struct sockaddr *addr, socklen_t alen);

/* Formats "a.b.c.d:port" or "[v6]:port" into buf (at least 64 bytes). */
void net_format_addr(char *buf, size_t size, const struct sockaddr *addr,
		     socklen_t len);

#endif
