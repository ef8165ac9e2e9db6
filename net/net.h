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
 *
 * An internet socket's own state (family, type, protocol, addresses,
 * listening, IP-level options) lives in the core (table.c), keyed by the
 * stand-in's kernel inode number, and getsockname, getpeername,
 * getsockopt and friends answer from it; for any other socket (AF_UNIX,
 * or a socket handler's real fd) they ask the kernel.
 */
#ifndef TAMAGO_NET_H
#define TAMAGO_NET_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/types.h>

/*
 * TAMAGO_NET: none (the nil stub) or loopback (TCP and UDP between the
 * program's own sockets on 127.0.0.0/8 and ::1, see loopback.c, udp.c). net_set_mode
 * returns -EINVAL for an unknown name; NULL or "" is none.
 */
enum net_mode { NET_NONE, NET_LOOPBACK };
int net_set_mode(const char *name);
enum net_mode net_get_mode(void);

/* Before the seal: inherited sockets on fds 3 and up become stand-ins. */
int net_cut_inherited(void);
int net_socket(int domain, int type, int protocol);
int net_socketpair(int domain, int type, int protocol, int sv[2]);
int net_connect(int fd, const struct sockaddr *addr, socklen_t len);
int net_bind(int fd, const struct sockaddr *addr, socklen_t len);
long net_sendto(int fd, const void *buf, size_t len, int flags,
		const struct sockaddr *addr, socklen_t alen);
long net_sendmsg(int fd, const struct msghdr *msg, int flags);
/*
 * recvfrom and recvmsg: a loopback UDP socket's sender (udp.c), no name
 * for a TCP stand-in; the kernel's answer for any other socket.
 */
long net_recvfrom(int fd, void *buf, size_t len, int flags,
		  struct sockaddr *addr, socklen_t *alen);
long net_recvmsg(int fd, struct msghdr *msg, int flags);
int net_listen(int fd, int backlog);
int net_accept4(int fd, struct sockaddr *addr, socklen_t *len, int flags);
/* getsockname, or getpeername when peer. */
int net_getname(int fd, struct sockaddr *addr, socklen_t *len, bool peer);
int net_getsockopt(int fd, int level, int name, void *val, socklen_t *len);
int net_setsockopt(int fd, int level, int name, const void *val,
		   socklen_t len);

/*
 * The audit (audit.c): a refused connect, send or bind (err > 0) of a
 * socket of type to addr (AF_INET or AF_INET6), counted; written to fd
 * as JSON lines, once per process, by net_audit_write.
 */
void net_audit(const char *call, int type, const struct sockaddr *addr,
	       int err);
int net_audit_write(int fd);

/* Internet sockets the core keeps state for (tests and benchmarks). */
size_t net_sock_count(void);

/* An address as inet_ntop writes it (ntop.c), into buf (46 bytes). */
void net_ntop(int family, const void *src, char *buf);

/* Formats "a.b.c.d:port" or "[v6]:port" into buf (at least 64 bytes). */
void net_format_addr(char *buf, size_t size, const struct sockaddr *addr,
		     socklen_t len);

#endif
