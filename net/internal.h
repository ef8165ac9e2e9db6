/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What the files of net/ share: the per-socket state of the stand-ins and
 * its table (table.c), the bound ports, the built-in loopback
 * (loopback.c, udp.c, unix.c), and the stub's helpers (net.c) that
 * options (sockopt.c) and sending (sendrecv.c) use. Callers hold the
 * core lock (core/lock.h) unless a comment says otherwise.
 */
#ifndef TAMAGO_NET_INTERNAL_H
#define TAMAGO_NET_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

#include "core/arena.h"
#include "core/sys.h"
#include "hooks/hooks.h"

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
	int32_t band;		/* bound: the shim's end, or -1: an fd of the
				 * process that bound it and of those it
				 * forks after (sock_band) */
	int32_t owner;		/* the pid that made this entry */
	uint64_t band_kino;	/* the shim's end's kernel inode number */
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
	/* AF_UNIX (unix.c) */
	aoff_t uname;		/* its name (struct net_uname), or 0 */
	aoff_t upeer;		/* connected: the peer's name, or 0 */
	uint64_t peer_kino;	/* datagram: the connected receiver */
	int32_t cred_pid;	/* a listener's SO_PEERCRED, at listen; */
	uint32_t cred_uid;	/* a connected client's: its listener's */
	uint32_t cred_gid;
};

/*
 * An AF_UNIX name, as the kernel keeps sun_path: a path (NUL-terminated,
 * the NUL counted in len) or an abstract name (a leading NUL, len bytes).
 */
struct net_uname {
	uint64_t serial;	/* a path: its socket inode (fs/); 0: abstract */
	uint16_t len;
	char path[110];
};

#define UNAME(off) APTR(struct net_uname, off)
#define UNAME_W(off) APTR_W(struct net_uname, off)

/* AF_UNIX: what a connect sends the listener (unix.c). */
struct net_uconn {
	struct net_uname local, peer;	/* as the server sees them */
};

/* What a connect sends the listener, with the server's end of the pair. */
struct net_conn {
	struct net_ep local, peer;	/* as the server sees them */
};

/* Read access; writes through SOCK_W (journaled, core/arena.h). */
#define SOCK(off) APTR(struct net_sock, off)
#define SOCK_W(off) APTR_W(struct net_sock, off)

/*
 * The state every process of the sandbox shares (root ROOT_NET): the
 * sockets by kernel inode number (chained), and those holding a port.
 */
struct net_shared {
	aoff_t buckets;
	uint32_t nbuckets, count, limit;
	aoff_t bound_head;
};

/* table.c */
/* s's band end as an fd of this process, or -ECONNREFUSED where this
 * process does not hold it (bound in another process after a fork). */
int sock_band(aoff_t s);
/* Records fd, a band fd, as s's band end. */
void sock_set_band(aoff_t s, int fd);
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

/* loopback.c */
/*
 * Puts the kernel socket nfd in place of the program's fd (its number,
 * close-on-exec, O_NONBLOCK and usual SOL_SOCKET options); closes nfd and
 * moves s to the new socket.
 */
int net_replace_fd(aoff_t s, int fd, int nfd);
/*
 * fd becomes one end of a new seqpacket pair (net_replace_fd); returns
 * the other end, moved to the shim's band, or -errno.
 */
int net_band_pair(aoff_t s, int fd);
/* The program's control messages that a relayed datagram can carry. */
#define NET_CMSG_MAX 2048
/*
 * Sends iov to a band end with pass as the first SCM_RIGHTS fd, then the
 * control messages more (morelen bytes, at most NET_CMSG_MAX).
 */
struct iovec;
long net_send_fd(int band, const struct iovec *iov, size_t iovlen,
		 int pass, const void *more, size_t morelen, int flags);
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

/* unix.c: AF_UNIX names, in the file system or abstract (net.h's calls). */
bool unix_is(aoff_t s);
/* The state of an AF_UNIX fd, made on first use (0: not AF_UNIX). */
aoff_t unix_sock(int fd);
/* A new socket's state; band: a datagram socket's band end, or -1. */
int unix_socket(int fd, int type, int band);
int unix_bind(int fd, const struct sockaddr *addr, socklen_t len);
int unix_connect(int fd, const struct sockaddr *addr, socklen_t len);
int unix_listen(aoff_t s);
int unix_accept(int fd, struct sockaddr *addr, socklen_t *len, int flags);
int unix_getname(aoff_t s, struct sockaddr *addr, socklen_t *len,
		 bool peer);
/* 1: not a virtual option (ask the kernel). */
int unix_getsockopt(aoff_t s, int name, void *val, socklen_t *len);
/* Called with the core lock held; returns with it released. */
long unix_send(aoff_t s, int fd, const struct msghdr *m, int flags);
long unix_recv(int fd, struct msghdr *m, int flags);

/* net.c */
/*
 * Receives a connection from a listener fd: payload size bytes and the
 * server's end of the pair, which it returns (without the core lock).
 */
int net_take_conn(int fd, void *msg, size_t size, int flags);
/* "tamago: <what> <addr>: no socket handler", once per what and addr. */
void net_report(const char *what, const struct sockaddr *addr,
		socklen_t len);
/* A datagram socket that TAMAGO_NET=loopback emulates (udp.c). */
bool net_is_loop_udp(aoff_t s);
bool net_is_inet(const struct sockaddr *addr, socklen_t len);
/* SO_TYPE of fd, from the kernel. */
int net_sock_type(int fd);
/*
 * Asks the socket handler fn for op on fd's behalf; its fd takes the
 * place of the program's socket (a refusal is audited).
 */
int net_call_handler(tamago_socket_fn fn, enum tamago_socket_op op, int fd,
		     const struct sockaddr *addr, socklen_t len);
/*
 * Checks an internet address against socket s's family as the kernel
 * does (an AF_INET6 socket takes an AF_INET address for connect only).
 */
int net_check_addr(aoff_t s, const struct sockaddr *addr, socklen_t len,
		   bool for_connect);
void net_ep_from(struct net_ep *ep, const struct sockaddr *a);
bool net_ep_v4(const struct net_ep *ep);
/* Writes ep as family's sockaddr into addr (truncated as the kernel does). */
void net_ep_put(int family, const struct net_ep *ep, struct sockaddr *addr,
		socklen_t *len);

#endif
