/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * AF_UNIX names: a path names a socket inode in the in-memory file system
 * (fs_sock_bind), an abstract name lives in this table only, so neither
 * ever reaches the host. The shim never calls the kernel's bind or
 * connect: every AF_UNIX socket of the program is a stand-in, and names
 * are matched here, with the machinery of the loopback mode.
 *
 * Stream and seqpacket: a bound socket's fd becomes one end of a
 * seqpacket pair whose other end the shim keeps (net_band_pair); a
 * connect makes a kernel pair of the socket's type, sends the server's
 * end to the listener with both names (struct net_uconn), and puts the
 * client's end in place of the connecting fd. Everything on a connection
 * (read, write, SCM_RIGHTS, SO_PEERCRED on the server's side, shutdown,
 * poll, EOF) is the kernel's.
 *
 * Datagram: from socket() on, the fd is one end of a seqpacket pair whose
 * other end the shim keeps, shut for reading (as udp.c does). Sending is
 * writing to the receiver's band end, with a token first among the
 * SCM_RIGHTS fds: a memfd holding the sender's name, which the emulated
 * receive reads, closes and takes out of what the program sees.
 */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <sys/un.h>

#include "core/band.h"
#include "fs/fs.h"
#include "net/internal.h"
#include "core/lock.h"

#define UN_PATH offsetof(struct sockaddr_un, sun_path)

bool unix_is(aoff_t s)
{
	return s && SOCK(s)->family == AF_UNIX;
}

static int kernel_int(int fd, int name)
{
	int v = 0;
	socklen_t l = sizeof(v);
	long r = sys_pass(SYS_getsockopt, fd, SOL_SOCKET, name, &v, &l);

	return r < 0 ? (int)r : v;
}

static aoff_t make_sock(int fd, int type)
{
	aoff_t s = sock_new(fd);

	if (s) {
		SOCK_W(s)->family = AF_UNIX;
		SOCK_W(s)->type = (uint8_t)type;
	}
	return s;
}

/*
 * Sockets socket() made have their state from the start; a socketpair's
 * end or an inherited socket gets it here, with the kernel's type.
 */
aoff_t unix_sock(int fd)
{
	aoff_t s = sock_of_fd(fd);
	int type;

	if (s)
		return unix_is(s) ? s : 0;
	if (kernel_int(fd, SO_DOMAIN) != AF_UNIX)
		return 0;
	type = kernel_int(fd, SO_TYPE);
	if (type != SOCK_STREAM && type != SOCK_SEQPACKET)
		return 0;
	return make_sock(fd, type);
}

int unix_socket(int fd, int type, int band)
{
	aoff_t s = make_sock(fd, type);
	int r;

	if (!s) {
		if (band >= 0)
			sys_close(band);
		return -ENOMEM;
	}
	if (band < 0)
		return 0;
	/* A datagram socket receives on its fd from the start (udp.c). */
	r = udp_standin(s, band);
	if (r < 0) {
		sys_close(band);
		sock_drop(s);
	}
	return r;
}

/* sun_path as the kernel reads it (unix_validate_addr, unix_mkname_bsd). */
static int parse(const struct sockaddr *addr, socklen_t len,
		 struct net_uname *u)
{
	const struct sockaddr_un *un = (const void *)addr;
	size_t n;

	if (len <= UN_PATH || len > sizeof(*un) || un->sun_family != AF_UNIX)
		return -EINVAL;
	n = len - UN_PATH;
	memset(u, 0, sizeof(*u));
	if (un->sun_path[0]) {
		n = strnlen(un->sun_path, n);
		memcpy(u->path, un->sun_path, n);
		u->len = (uint16_t)(n + 1);
	} else {
		memcpy(u->path, un->sun_path, n);
		u->len = (uint16_t)n;
	}
	return 0;
}

static void put_name(const struct net_uname *u, struct sockaddr *addr,
		     socklen_t *len)
{
	char buf[UN_PATH + sizeof(u->path)];
	sa_family_t f = AF_UNIX;
	socklen_t n = (socklen_t)(UN_PATH + (u ? u->len : 0));

	memcpy(buf, &f, sizeof(f));
	if (u)
		memcpy(buf + UN_PATH, u->path, u->len);
	if (addr && len)
		memcpy(addr, buf, *len < n ? *len : n);
	if (len)
		*len = n;
}

static aoff_t copy_name(const struct net_uname *u)
{
	aoff_t o;

	if (!u || !u->len)
		return 0;
	o = arena_alloc(sizeof(*u));
	if (o)
		*APTR_NEW(struct net_uname, o) = *u;
	return o;
}

static bool same_name(const struct net_uname *a, const struct net_uname *b)
{
	if (a->serial || b->serial)
		return a->serial == b->serial;
	return a->len == b->len && !memcmp(a->path, b->path, a->len);
}

/* The live socket bound to u, or 0. */
static aoff_t find_bound(const struct net_uname *u)
{
	aoff_t b;

	for (b = sock_bound_first(); b; b = sock_bound_next(b))
		if (unix_is(b) && SOCK(b)->uname &&
		    same_name(UNAME(SOCK(b)->uname), u))
			return b;
	return 0;
}

/* Autobind: "\0" and five hex digits not in use, as Linux picks them. */
static int auto_name(struct net_uname *u)
{
	static unsigned int next;
	static const char hex[] = "0123456789abcdef";
	unsigned int i, k, v;

	if (!next)
		next = (unsigned int)sys_gettid() * 2654435761u;
	for (i = 0; i < 0x100000; i++) {
		v = next++ & 0xfffff;
		memset(u, 0, sizeof(*u));
		u->len = 6;
		for (k = 0; k < 5; k++)
			u->path[5 - k] = hex[(v >> (4 * k)) & 0xf];
		if (!find_bound(u))
			return 0;
	}
	return -ENOSPC;
}

/*
 * A name for s (core lock held). A new stream socket's fd becomes one end
 * of a pair whose other end a listener's connections arrive on.
 */
static int name_sock(aoff_t s, int fd, const struct net_uname *u)
{
	aoff_t o = copy_name(u);
	int band;

	if (!o)
		return -ENOMEM;
	if (SOCK(s)->type != SOCK_DGRAM && SOCK(s)->state == NS_NEW) {
		band = net_band_pair(s, fd);
		if (band < 0) {
			arena_free(o, sizeof(*u));
			return band;
		}
		sock_set_band(s, band);
		SOCK_W(s)->state = NS_BOUND;
		sock_bind_add(s);
	}
	SOCK_W(s)->uname = o;
	/* A datagram token names the sender as it was: a new one now. */
	if (SOCK(s)->token >= 0) {
		sys_close(SOCK(s)->token);
		SOCK_W(s)->token = -1;
	}
	return 0;
}

static int autobind_locked(aoff_t s, int fd)
{
	struct net_uname u;
	int r;

	if (SOCK(s)->uname)
		return 0;	/* as unix_autobind: already named */
	r = auto_name(&u);
	return r < 0 ? r : name_sock(s, fd, &u);
}

/* Not an AF_UNIX socket: the kernel's errno for fd, or EAFNOSUPPORT. */
static int not_unix(int fd)
{
	int d = kernel_int(fd, SO_DOMAIN);

	return d < 0 ? d : d == AF_UNIX ? -EOPNOTSUPP : -EAFNOSUPPORT;
}

/*
 * As the kernel's unix_bind: autobind for a bare family; a path's socket
 * inode is made first, so a name that exists is EADDRINUSE even on a
 * socket already bound (EINVAL then, and the new name goes again).
 */
int unix_bind(int fd, const struct sockaddr *addr, socklen_t len)
{
	struct net_uname u;
	aoff_t s;
	long serial = 0;
	int r;

	if (len == sizeof(sa_family_t)) {
		r = core_lock();
		if (r < 0)
			return r;
		s = unix_sock(fd);
		r = s ? autobind_locked(s, fd) : not_unix(fd);
		core_unlock();
		return r;
	}
	r = parse(addr, len, &u);
	if (r < 0)
		return r;
	if (u.path[0]) {
		serial = fs_sock_bind(u.path);
		if (serial < 0)
			return (int)serial;
		u.serial = (uint64_t)serial;
	}
	r = core_lock();
	if (r < 0)
		goto undo;
	s = unix_sock(fd);
	if (!s)
		r = not_unix(fd);
	else if (SOCK(s)->uname)
		r = -EINVAL;
	else if (!u.serial && find_bound(&u))
		r = -EADDRINUSE;
	else
		r = name_sock(s, fd, &u);
	core_unlock();
	if (r == 0)
		return 0;
undo:
	if (serial > 0)
		fs_unlinkat(AT_FDCWD, u.path, 0);
	return r;
}

int unix_listen(aoff_t s)
{
	struct net_sock *n = SOCK_W(s);

	if (n->type == SOCK_DGRAM)
		return -EOPNOTSUPP;
	if (n->state == NS_LISTEN)
		return 0;
	if (n->state != NS_BOUND || !n->uname)
		return -EINVAL;
	n->state = NS_LISTEN;
	/* The credentials a client's SO_PEERCRED shows, as at listen. */
	n->cred_pid = (int32_t)sys3(SYS_getpid, 0, 0, 0);
	n->cred_uid = (uint32_t)sys3(SYS_geteuid, 0, 0, 0);
	n->cred_gid = (uint32_t)sys3(SYS_getegid, 0, 0, 0);
	return 0;
}

/*
 * The socket a name leads to (core lock not held for a path: the file
 * system takes it). u->serial is set for a path.
 */
static int resolve(struct net_uname *u)
{
	long serial;

	if (!u->path[0])
		return 0;
	serial = fs_sock_find(u->path);
	if (serial < 0)
		return (int)serial;
	u->serial = (uint64_t)serial;
	return 0;
}

/* Linux autobinds a sender that asks for SO_PASSCRED. */
static int passcred_bind(aoff_t s, int fd)
{
	if (SOCK(s)->uname || kernel_int(fd, SO_PASSCRED) <= 0)
		return 0;
	return autobind_locked(s, fd);
}

/*
 * Sends pass with payload to a band end: without waiting under the core
 * lock; when the queue is full and the caller may block, the lock is let
 * go (*unlocked) and the send waits on a duplicate of the band end.
 */
static long relay(int band, const struct iovec *iov, size_t iovlen, int pass,
		  const void *more, size_t morelen, bool block, bool *unlocked)
{
	long r = net_send_fd(band, iov, iovlen, pass, more, morelen,
			     MSG_DONTWAIT);
	int dup;

	if (r != -EAGAIN || !block)
		return r;
	dup = band_move((int)sys3(SYS_fcntl, band, F_DUPFD_CLOEXEC, 0));
	if (dup < 0)
		return dup;
	core_unlock();
	*unlocked = true;
	r = net_send_fd(dup, iov, iovlen, pass, more, morelen, 0);
	sys_close(dup);
	return r;
}

static int stream_connect(int fd, const struct net_uname *u)
{
	struct net_uconn msg;
	struct iovec iov = { &msg, sizeof(msg) };
	aoff_t s, l;
	long fl = sys_fcntl(fd, F_GETFL, 0);
	bool unlocked = false;
	int sv[2], r;

	if (fl < 0)
		return (int)fl;
	r = core_lock();
	if (r < 0)
		return r;
	s = unix_sock(fd);
	if (!s) {
		r = -ENOTSOCK;
		goto out;
	}
	if (SOCK(s)->state == NS_CONNECTED) {
		r = -EISCONN;
		goto out;
	}
	if (SOCK(s)->state == NS_LISTEN) {
		r = -EINVAL;
		goto out;
	}
	l = find_bound(u);
	if (!l || SOCK(l)->type == SOCK_DGRAM) {
		r = l ? -EPROTOTYPE : -ECONNREFUSED;
		goto out;
	}
	if (SOCK(l)->state != NS_LISTEN) {
		r = -ECONNREFUSED;
		goto out;
	}
	if (SOCK(l)->type != SOCK(s)->type) {
		r = -EPROTOTYPE;
		goto out;
	}
	r = passcred_bind(s, fd);
	if (r < 0)
		goto out;
	memset(&msg, 0, sizeof(msg));
	msg.local = *UNAME(SOCK(l)->uname);
	if (SOCK(s)->uname)
		msg.peer = *UNAME(SOCK(s)->uname);
	r = (int)sys_socketpair(AF_UNIX, SOCK(s)->type | SOCK_CLOEXEC, 0, sv);
	if (r < 0)
		goto out;
	r = sock_band(l);
	if (r < 0) {
		sys_close(sv[0]);
		sys_close(sv[1]);
		goto out;
	}
	r = (int)relay(r, &iov, 1, sv[1], NULL, 0, !(fl & O_NONBLOCK),
		       &unlocked);
	sys_close(sv[1]);
	if (unlocked) {
		int e = core_lock();

		if (e < 0) {
			sys_close(sv[0]);
			return e;
		}
		s = unix_sock(fd);
		if (r >= 0 && !s)
			r = -ENOTSOCK;
	}
	if (r < 0) {
		sys_close(sv[0]);
		/* A closed listener (EPIPE): nobody listens any more. */
		r = r == -EPIPE || r == -ECONNRESET ? -ECONNREFUSED : r;
		goto out;
	}
	l = find_bound(u);
	r = net_replace_fd(s, fd, sv[0]);
	if (r < 0)
		goto out;
	/* The name stays the socket's; the band end is a listener's only. */
	if (SOCK(s)->state == NS_BOUND)
		sock_unbind(s);
	SOCK_W(s)->state = NS_CONNECTED;
	SOCK_W(s)->upeer = copy_name(&msg.local);
	if (l) {
		SOCK_W(s)->cred_pid = SOCK(l)->cred_pid;
		SOCK_W(s)->cred_uid = SOCK(l)->cred_uid;
		SOCK_W(s)->cred_gid = SOCK(l)->cred_gid;
	}
out:
	core_unlock();
	return r;
}

static int dgram_connect(aoff_t s, int fd, const struct net_uname *u)
{
	aoff_t rcv;
	int r;

	rcv = find_bound(u);
	if (!rcv)
		return -ECONNREFUSED;
	if (SOCK(rcv)->type != SOCK_DGRAM)
		return -EPROTOTYPE;
	r = passcred_bind(s, fd);
	if (r < 0)
		return r;
	if (SOCK(s)->upeer)
		arena_free(SOCK(s)->upeer, sizeof(struct net_uname));
	SOCK_W(s)->upeer = copy_name(u);
	SOCK_W(s)->peer_kino = SOCK(rcv)->kino;
	SOCK_W(s)->state = NS_CONNECTED;
	return 0;
}

static void dgram_disconnect(aoff_t s)
{
	if (SOCK(s)->upeer)
		arena_free(SOCK(s)->upeer, sizeof(struct net_uname));
	SOCK_W(s)->upeer = 0;
	SOCK_W(s)->peer_kino = 0;
	if (SOCK(s)->state == NS_CONNECTED)
		SOCK_W(s)->state = NS_NEW;
}

int unix_connect(int fd, const struct sockaddr *addr, socklen_t len)
{
	struct net_uname u;
	aoff_t s;
	int r, type;

	r = core_lock();
	if (r < 0)
		return r;
	s = unix_sock(fd);
	type = s ? SOCK(s)->type : -1;
	if (s && type == SOCK_DGRAM && len >= sizeof(sa_family_t) &&
	    addr->sa_family == AF_UNSPEC) {
		dgram_disconnect(s);
		core_unlock();
		return 0;
	}
	core_unlock();
	if (!s)
		return not_unix(fd);
	r = parse(addr, len, &u);
	if (r < 0)
		return r;
	r = resolve(&u);
	if (r < 0)
		return r;
	if (type != SOCK_DGRAM)
		return stream_connect(fd, &u);
	r = core_lock();
	if (r < 0)
		return r;
	s = unix_sock(fd);
	r = s ? dgram_connect(s, fd, &u) : -ENOTSOCK;
	core_unlock();
	return r;
}

int unix_accept(int fd, struct sockaddr *addr, socklen_t *len, int flags)
{
	struct net_uconn conn;
	aoff_t s;
	int type, nfd, r = core_lock();

	if (r < 0)
		return r;
	s = sock_of_fd(fd);
	type = SOCK(s)->type;
	r = SOCK(s)->state == NS_LISTEN ? 0 :
	    type == SOCK_DGRAM	       ? -EOPNOTSUPP : -EINVAL;
	core_unlock();
	if (r < 0)
		return r;
	nfd = net_take_conn(fd, &conn, sizeof(conn), flags);
	if (nfd < 0)
		return nfd;
	r = core_lock();
	if (r < 0)
		goto fail;
	s = make_sock(nfd, type);
	if (s) {
		SOCK_W(s)->state = NS_CONNECTED;
		SOCK_W(s)->uname = copy_name(&conn.local);
		SOCK_W(s)->upeer = copy_name(&conn.peer);
	}
	core_unlock();
	if (!s) {
		r = -ENOMEM;
		goto fail;
	}
	if (addr || len)
		put_name(conn.peer.len ? &conn.peer : NULL, addr, len);
	return nfd;
fail:
	sys_close(nfd);
	return r;
}

int unix_getname(aoff_t s, struct sockaddr *addr, socklen_t *len, bool peer)
{
	aoff_t o = peer ? SOCK(s)->upeer : SOCK(s)->uname;

	if (peer && SOCK(s)->state != NS_CONNECTED)
		return -ENOTCONN;
	put_name(o ? UNAME(o) : NULL, addr, len);
	return 0;
}

static int put_opt(const void *v, socklen_t n, void *val, socklen_t *len)
{
	if (!len)
		return -EFAULT;
	if ((int)*len < 0)
		return -EINVAL;
	if (*len < n)
		n = *len;
	if (n && !val)
		return -EFAULT;
	memcpy(val, v, n);
	*len = n;
	return 0;
}

int unix_getsockopt(aoff_t s, int name, void *val, socklen_t *len)
{
	struct net_sock *n = SOCK_W(s);
	int v;

	switch (name) {
	case SO_TYPE:
		v = n->type;
		break;
	case SO_DOMAIN:
		v = AF_UNIX;
		break;
	case SO_PROTOCOL:
		v = 0;
		break;
	case SO_ACCEPTCONN:
		v = n->state == NS_LISTEN;
		break;
	case SO_PEERCRED: {
		/* A client's peer is the listener (the kernel saw the
		 * client make the pair); an accepted socket's is right. */
		struct ucred c = { n->cred_pid, n->cred_uid, n->cred_gid };

		if (n->state != NS_CONNECTED || !n->cred_pid ||
		    n->type == SOCK_DGRAM)
			return 1;
		return put_opt(&c, sizeof(c), val, len);
	}
	default:
		return 1;
	}
	return put_opt(&v, sizeof(v), val, len);
}

/* The memfd that names s to a receiver (its name now, or unnamed). */
static int token_of(aoff_t s)
{
	struct net_uname none = { 0 };
	const struct net_uname *u;
	long fd, r;

	if (SOCK(s)->token >= 0)
		return SOCK(s)->token;
	u = SOCK(s)->uname ? UNAME(SOCK(s)->uname) : &none;
	fd = sys_memfd_create("tamago-unix", MFD_CLOEXEC);
	if (fd < 0)
		return (int)fd;
	r = sys_pwrite((int)fd, u, sizeof(*u), 0);
	if (r < 0) {
		sys_close((int)fd);
		return (int)r;
	}
	r = band_move((int)fd);
	if (r < 0)
		return (int)r;
	SOCK_W(s)->token = (int32_t)r;
	return (int)r;
}

/* The receiver whose stand-in is kino (a connected datagram socket's). */
static aoff_t find_kino(uint64_t kino)
{
	aoff_t b;

	for (b = sock_bound_first(); b; b = sock_bound_next(b))
		if (SOCK(b)->kino == kino)
			return b;
	return 0;
}

static long dgram_send(aoff_t s, int fd, const struct msghdr *m, int flags)
{
	struct net_uname u;
	aoff_t rcv;
	long fl, r;
	bool unlocked = false;
	int token;

	if (m->msg_name && m->msg_namelen) {
		/* The name first: a path's lookup takes the core lock. */
		core_unlock();
		r = parse(m->msg_name, m->msg_namelen, &u);
		if (r == 0)
			r = resolve(&u);
		if (r < 0)
			return r;
		r = core_lock();
		if (r < 0)
			return r;
		s = unix_sock(fd);
		if (!s) {
			r = -ENOTSOCK;
			goto out;
		}
		rcv = find_bound(&u);
		if (!rcv) {
			r = -ECONNREFUSED;
			goto out;
		}
		if (SOCK(rcv)->type != SOCK_DGRAM) {
			r = -EPROTOTYPE;
			goto out;
		}
	} else if (SOCK(s)->state == NS_CONNECTED) {
		rcv = find_kino(SOCK(s)->peer_kino);
		if (!rcv) {
			r = -ECONNREFUSED;
			goto out;
		}
	} else {
		r = -ENOTCONN;
		goto out;
	}
	/* A receiver connected to another socket takes nothing from us. */
	if (SOCK(rcv)->state == NS_CONNECTED &&
	    SOCK(rcv)->peer_kino != SOCK(s)->kino) {
		r = -EPERM;
		goto out;
	}
	r = passcred_bind(s, fd);
	if (r < 0)
		goto out;
	token = token_of(s);
	if (token < 0) {
		r = token;
		goto out;
	}
	fl = sys_fcntl(fd, F_GETFL, 0);
	if (fl < 0) {
		r = fl;
		goto out;
	}
	r = sock_band(rcv);
	if (r >= 0)
		r = relay((int)r, m->msg_iov, m->msg_iovlen, token,
			  m->msg_control,
			  m->msg_control ? m->msg_controllen : 0,
			  !(fl & O_NONBLOCK) && !(flags & MSG_DONTWAIT),
			  &unlocked);
	if (unlocked)
		return r;
out:
	core_unlock();
	return r;
}

long unix_send(aoff_t s, int fd, const struct msghdr *m, int flags)
{
	long r;

	if (SOCK(s)->type == SOCK_DGRAM)
		return dgram_send(s, fd, m, flags);
	/* unix_stream_sendmsg; a seqpacket socket ignores the name. */
	if (SOCK(s)->type == SOCK_STREAM && m->msg_name && m->msg_namelen) {
		r = SOCK(s)->state == NS_CONNECTED ? -EISCONN : -EOPNOTSUPP;
		core_unlock();
		return r;
	}
	core_unlock();
	if (m->msg_name) {
		struct msghdr c = *m;

		c.msg_name = NULL;
		c.msg_namelen = 0;
		return sys3(SYS_sendmsg, fd, &c, flags);
	}
	return sys3(SYS_sendmsg, fd, m, flags);
}

/*
 * A datagram's first passed fd is the sender's token: read and closed,
 * and taken out of the control messages the program gets.
 */
long unix_recv(int fd, struct msghdr *m, int flags)
{
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(int)) + NET_CMSG_MAX];
	} c;
	struct msghdr mh = { 0 };
	struct net_uname src = { 0 };
	struct cmsghdr *h;
	size_t room = m->msg_control ? m->msg_controllen : 0, used = 0;
	bool first = true, trunc = false;
	long n;

	mh.msg_iov = m->msg_iov;
	mh.msg_iovlen = m->msg_iovlen;
	mh.msg_control = c.buf;
	mh.msg_controllen = CMSG_SPACE(sizeof(int)) +
			    (room < NET_CMSG_MAX ? room : NET_CMSG_MAX);
	n = sys3(SYS_recvmsg, fd, &mh, flags | MSG_CMSG_CLOEXEC);
	if (n < 0)
		return n;
	for (h = CMSG_FIRSTHDR(&mh); h; h = CMSG_NXTHDR(&mh, h)) {
		unsigned char *data = CMSG_DATA(h);
		size_t len = h->cmsg_len - CMSG_LEN(0), k;

		if (h->cmsg_level == SOL_SOCKET && h->cmsg_type == SCM_RIGHTS &&
		    first && len >= sizeof(int)) {
			int t;

			memcpy(&t, data, sizeof(t));
			if (sys_pread(t, &src, sizeof(src), 0) !=
			    (long)sizeof(src))
				memset(&src, 0, sizeof(src));
			sys_close(t);
			data += sizeof(int);
			len -= sizeof(int);
			first = false;
			if (!len)
				continue;
		}
		if (!m->msg_control || used + CMSG_SPACE(len) > room) {
			/* No room: passed fds would leak, as MSG_CTRUNC. */
			trunc = true;
			if (h->cmsg_level == SOL_SOCKET &&
			    h->cmsg_type == SCM_RIGHTS)
				for (k = 0; k + sizeof(int) <= len;
				     k += sizeof(int)) {
					int t;

					memcpy(&t, data + k, sizeof(t));
					sys_close(t);
				}
			continue;
		}
		{
			struct cmsghdr out = { .cmsg_len = CMSG_LEN(len),
					       .cmsg_level = h->cmsg_level,
					       .cmsg_type = h->cmsg_type };
			char *dst = (char *)m->msg_control + used;

			memcpy(dst, &out, sizeof(out));
			memcpy(CMSG_DATA((struct cmsghdr *)dst), data, len);
			/* Without MSG_CMSG_CLOEXEC, the program's fds as sent. */
			if (!(flags & MSG_CMSG_CLOEXEC) &&
			    h->cmsg_level == SOL_SOCKET &&
			    h->cmsg_type == SCM_RIGHTS)
				for (k = 0; k + sizeof(int) <= len;
				     k += sizeof(int)) {
					int t;

					memcpy(&t, data + k, sizeof(t));
					sys_fcntl(t, F_SETFD, 0);
				}
			used += CMSG_SPACE(len);
		}
	}
	/* An unnamed sender: no address at all (recvmsg's namelen 0). */
	if (m->msg_name && src.len)
		put_name(&src, m->msg_name, &m->msg_namelen);
	else
		m->msg_namelen = 0;
	if (m->msg_control)
		m->msg_controllen = used;
	m->msg_flags = mh.msg_flags | (trunc ? MSG_CTRUNC : 0);
	return n;
}
