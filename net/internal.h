/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What the files of net/ share: the per-socket state of the stand-ins and
 * its table (table.c), the bound ports, and the built-in loopback
 * (loopback.c). Callers hold the core lock (fs/lock.h) unless a comment
 * says otherwise.
 */
#ifndef TAMAGO_NET_INTERNAL_H
#define TAMAGO_NET_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

#include "arena.h"
#include "sys.h"

/* An endpoint: IPv4 addresses are kept v4-mapped (::ffff:a.b.c.d). */
struct net_ep {
	uint8_t a[16];
	uint16_t port;		/* host order */
};

enum net_state { NS_NEW, NS_BOUND, NS_LISTEN, NS_CONNECTED };

/* An IPPROTO_TCP/IP/IPV6 option the program set, remembered. */
struct net_opt {
	int32_t level, name, value;
};
#define NET_NOPT 12

/* As the kernel's SOCK_BINDADDR_LOCK and SOCK_BINDPORT_LOCK. */
#define NET_LOCK_ADDR 1
#define NET_LOCK_PORT 2

/*
 * One internet socket the program holds, as the program believes it to
 * be; the fd itself is an AF_UNIX stand-in. Keyed by the stand-in's
 * kernel inode number, so dup, fork and raw calls on the fd all find it.
 */
struct net_sock {
	uint64_t kino;
	aoff_t next;		/* hash chain */
	aoff_t bnext;		/* list of sockets holding a port */
	int32_t band;		/* bound: the shim's end, or -1 */
	uint16_t family;	/* AF_INET or AF_INET6 */
	uint8_t type;		/* SOCK_STREAM or SOCK_DGRAM */
	uint8_t state;		/* enum net_state */
	int32_t protocol;
	int32_t error;		/* pending SO_ERROR */
	uint8_t reuseport;	/* SO_REUSEPORT (AF_UNIX refuses it) */
	uint8_t reuseaddr;	/* SO_REUSEADDR when it was bound */
	uint8_t mark;		/* sweep */
	uint8_t locks;		/* UDP: what bind named (NET_LOCK_*) */
	int32_t token;		/* UDP: the shim's memfd naming token_ep, or -1 */
	struct net_ep local, peer;
	struct net_ep token_ep;
	struct net_opt opt[NET_NOPT];
};

/* What a connect sends the listener, with the server's end of the pair. */
struct net_conn {
	struct net_ep local, peer;	/* as the server sees them */
};

#define SOCK(off) APTR(struct net_sock, off)

/* table.c */
/* The state of fd, or 0 when fd is no stand-in (kino set if a socket). */
aoff_t sock_of_fd(int fd);
aoff_t sock_new(int fd);
/* fd now holds another kernel socket for the same program socket. */
int sock_rekey(aoff_t s, int fd);
void sock_drop(aoff_t s);
/* Sockets holding a port, forgotten once their fd is closed everywhere. */
aoff_t sock_bound_first(void);
void sock_bind_add(aoff_t s);
/* s no longer holds a port: its band end is closed. */
void sock_unbind(aoff_t s);
/* The next live bound socket after prev (0: the first). */
aoff_t sock_bound_next(aoff_t prev);

/* Pass-through calls to the kernel (tagged, see arch.h). */
#define NET_PASS(fd) ((long)(unsigned int)(fd) | ARCH_FD_PASS)

/* loopback.c */
int loop_bind(aoff_t s, int fd, const struct net_ep *ep);
int loop_listen(aoff_t s, int fd);
int loop_connect(aoff_t s, int fd, const struct net_ep *ep);
bool loop_is_local(const struct net_ep *ep);
bool loop_covers(const struct net_sock *s, const struct net_ep *a);
bool loop_in_use(const struct net_sock *s, const struct net_ep *ep,
		 bool strict);
int loop_ephemeral(const struct net_sock *s, struct net_ep *ep);
bool net_ep_any(const struct net_ep *ep);
/* The address 127.0.0.1 (v4-mapped) or ::1, as ep's family. */
void net_ep_loopback(struct net_ep *ep, bool v4);
/* 0.0.0.0 (v4-mapped) or ::, port 0. */
void net_ep_wildcard(struct net_ep *ep, bool v4);

/* udp.c: TAMAGO_NET=loopback for datagram sockets. */
int udp_standin(aoff_t s, int band);
int udp_bind(aoff_t s, int fd, const struct net_ep *ep);
int udp_connect(aoff_t s, int fd, const struct net_ep *ep);
int udp_disconnect(aoff_t s);
long udp_send(aoff_t s, int fd, const struct msghdr *m, int flags,
	      const struct net_ep *dst);
long udp_recv(int fd, struct msghdr *m, int flags, int family);

/* net.c */
void net_ep_from(struct net_ep *ep, const struct sockaddr *a);
bool net_ep_v4(const struct net_ep *ep);
/* Writes ep as family's sockaddr into addr (truncated as the kernel does). */
void net_ep_put(int family, const struct net_ep *ep, struct sockaddr *addr,
		socklen_t *len);

#endif
