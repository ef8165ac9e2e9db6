/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * TAMAGO_NET=loopback: a TCP echo server (a thread, epoll, non-blocking
 * listener and connections) and its clients (non-blocking connect, epoll
 * for writability) in one process, over IPv4 and IPv6, with the names,
 * options and errors a program sees on a kernel's loopback (UDP:
 * net-udp.c).
 *   net-loopback            prints "net-loopback: ok"
 */
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "test/lib/check.h"

#define CLIENTS 8

static int geti(int fd, int level, int name)
{
	int v = -1;
	socklen_t l = sizeof(v);

	CHECK(getsockopt(fd, level, name, &v, &l) == 0 && l == sizeof(v));
	return v;
}

static void seti(int fd, int level, int name, int v)
{
	CHECK(setsockopt(fd, level, name, &v, sizeof(v)) == 0);
}

/* Every waiting connection, non-blocking, into the epoll set. */
static void accept_all(int lfd, int ep)
{
	struct epoll_event ev = { .events = EPOLLIN };
	struct sockaddr_in peer;
	socklen_t pl = sizeof(peer);
	int c;

	while ((c = accept4(lfd, (struct sockaddr *)&peer, &pl,
			    SOCK_NONBLOCK | SOCK_CLOEXEC)) >= 0) {
		CHECK(pl == sizeof(peer) && peer.sin_family == AF_INET);
		CHECK(peer.sin_addr.s_addr == htonl(INADDR_LOOPBACK));
		CHECK(fcntl(c, F_GETFL) & O_NONBLOCK);
		CHECK(fcntl(c, F_GETFD) & FD_CLOEXEC);
		ev.data.fd = c;
		CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, c, &ev) == 0);
		pl = sizeof(peer);
	}
	CHECK(errno == EAGAIN);
}

/* The echo server: everything read is written back; EOF closes. */
static void *serve(void *arg)
{
	int lfd = *(int *)arg, ep = epoll_create1(EPOLL_CLOEXEC), served = 0;
	struct epoll_event ev = { .events = EPOLLIN, .data.fd = lfd };

	CHECK(ep >= 0 && epoll_ctl(ep, EPOLL_CTL_ADD, lfd, &ev) == 0);
	while (served < CLIENTS) {
		struct epoll_event evs[16];
		int n = epoll_wait(ep, evs, 16, 10000), i;

		CHECK(n > 0);
		for (i = 0; i < n; i++) {
			int fd = evs[i].data.fd;
			char buf[256];
			ssize_t got;

			if (fd == lfd) {
				accept_all(lfd, ep);
				continue;
			}
			while ((got = read(fd, buf, sizeof(buf))) > 0)
				CHECK(write(fd, buf, (size_t)got) == got);
			if (got == 0) {
				close(fd);
				served++;
			} else {
				CHECK(errno == EAGAIN);
			}
		}
	}
	close(ep);
	return NULL;
}

static struct sockaddr_in loopback_any(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET };

	a.sin_addr.s_addr = htonl(INADDR_ANY);
	return a;
}

static void client(const struct sockaddr_in *srv, int i)
{
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0), ep, r;
	struct epoll_event ev = { .events = EPOLLOUT };
	struct sockaddr_in me, peer;
	socklen_t l = sizeof(me);
	char msg[64], buf[64];
	size_t len;

	CHECK(fd >= 0);
	r = connect(fd, (const struct sockaddr *)srv, sizeof(*srv));
	CHECK(r == 0 || errno == EINPROGRESS);
	ep = epoll_create1(0);
	CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) == 0);
	CHECK(epoll_wait(ep, &ev, 1, 10000) == 1 && (ev.events & EPOLLOUT));
	CHECK(geti(fd, SOL_SOCKET, SO_ERROR) == 0);
	CHECK(connect(fd, (const struct sockaddr *)srv, sizeof(*srv)) < 0 &&
	      errno == EISCONN);
	CHECK(getsockname(fd, (struct sockaddr *)&me, &l) == 0);
	CHECK(me.sin_family == AF_INET && me.sin_port != 0 &&
	      me.sin_addr.s_addr == htonl(INADDR_LOOPBACK));
	l = sizeof(peer);
	CHECK(getpeername(fd, (struct sockaddr *)&peer, &l) == 0);
	CHECK(peer.sin_port == srv->sin_port);
	seti(fd, IPPROTO_TCP, TCP_NODELAY, 1);
	CHECK(geti(fd, IPPROTO_TCP, TCP_NODELAY) == 1);

	len = (size_t)snprintf(msg, sizeof(msg), "hello from client %d", i);
	if (i % 2) {
		CHECK(write(fd, msg, len) == (ssize_t)len);
	} else {
		/* A connected stream ignores a destination, as TCP does. */
		struct iovec iov = { msg, len };
		struct msghdr mh = { .msg_name = (void *)srv,
				     .msg_namelen = sizeof(*srv),
				     .msg_iov = &iov, .msg_iovlen = 1 };

		CHECK(sendmsg(fd, &mh, 0) == (ssize_t)len);
	}
	/* Wait for the echo, look at it without taking it, then take it. */
	ev.events = EPOLLIN;
	CHECK(epoll_ctl(ep, EPOLL_CTL_MOD, fd, &ev) == 0);
	CHECK(epoll_wait(ep, &ev, 1, 10000) == 1);
	for (r = 0; r < (int)len;) {
		ssize_t n = recv(fd, buf, len, MSG_PEEK);

		CHECK(n > 0 || errno == EAGAIN);
		r = (int)n;
	}
	CHECK(recv(fd, buf, len, 0) == (ssize_t)len && !memcmp(buf, msg, len));
	/* Our EOF closes the server's end, and we see its EOF. */
	CHECK(shutdown(fd, SHUT_WR) == 0);
	CHECK(epoll_wait(ep, &ev, 1, 10000) == 1);
	CHECK(read(fd, buf, sizeof(buf)) == 0);
	close(ep);
	close(fd);
}

struct client_arg {
	const struct sockaddr_in *srv;
	int i;
};

static void *client_thread(void *arg)
{
	struct client_arg *c = arg;

	client(c->srv, c->i);
	return NULL;
}

static void ipv4(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET }, b;
	socklen_t l = sizeof(a);
	int lfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0), fd, i;
	struct client_arg args[CLIENTS];
	pthread_t t, ct[CLIENTS];

	CHECK(lfd >= 0);
	/* An unbound internet socket is an internet socket. */
	CHECK(getsockname(lfd, (struct sockaddr *)&a, &l) == 0);
	CHECK(l == sizeof(a) && a.sin_family == AF_INET && a.sin_port == 0);
	CHECK(geti(lfd, SOL_SOCKET, SO_DOMAIN) == AF_INET);
	CHECK(geti(lfd, SOL_SOCKET, SO_TYPE) == SOCK_STREAM);
	CHECK(geti(lfd, SOL_SOCKET, SO_PROTOCOL) == IPPROTO_TCP);
	CHECK(geti(lfd, IPPROTO_TCP, TCP_NODELAY) == 0);
	seti(lfd, SOL_SOCKET, SO_REUSEADDR, 1);

	a.sin_addr.s_addr = htonl(0x0a000001);
	CHECK(bind(lfd, (struct sockaddr *)&a, sizeof(a)) < 0 &&
	      errno == EADDRNOTAVAIL);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	a.sin_port = 0;
	CHECK(bind(lfd, (struct sockaddr *)&a, sizeof(a)) == 0);
	l = sizeof(a);
	CHECK(getsockname(lfd, (struct sockaddr *)&a, &l) == 0);
	CHECK(a.sin_family == AF_INET && ntohs(a.sin_port) >= 1024);
	CHECK(geti(lfd, SOL_SOCKET, SO_REUSEADDR) == 1);
	CHECK(geti(lfd, SOL_SOCKET, SO_ACCEPTCONN) == 0);

	/* Bound but not listening: refused. */
	fd = socket(AF_INET, SOCK_STREAM, 0);
	CHECK(connect(fd, (struct sockaddr *)&a, sizeof(a)) < 0 &&
	      errno == ECONNREFUSED);
	close(fd);
	CHECK(listen(lfd, 16) == 0);
	CHECK(geti(lfd, SOL_SOCKET, SO_ACCEPTCONN) == 1);
	CHECK(accept(lfd, NULL, NULL) < 0 && errno == EAGAIN);

	/* The port is taken, for 0.0.0.0 as well. */
	fd = socket(AF_INET, SOCK_STREAM, 0);
	b = a;
	CHECK(bind(fd, (struct sockaddr *)&b, sizeof(b)) < 0 &&
	      errno == EADDRINUSE);
	b.sin_addr.s_addr = htonl(INADDR_ANY);
	CHECK(bind(fd, (struct sockaddr *)&b, sizeof(b)) < 0 &&
	      errno == EADDRINUSE);
	close(fd);

	CHECK(pthread_create(&t, NULL, serve, &lfd) == 0);
	/* Half the clients one after the other, half at once. */
	for (i = 0; i < CLIENTS / 2; i++)
		client(&a, i);
	for (i = CLIENTS / 2; i < CLIENTS; i++) {
		args[i].srv = &a;
		args[i].i = i;
		CHECK(pthread_create(&ct[i], NULL, client_thread, &args[i]) ==
		      0);
	}
	for (i = CLIENTS / 2; i < CLIENTS; i++)
		CHECK(pthread_join(ct[i], NULL) == 0);
	CHECK(pthread_join(t, NULL) == 0);
	close(lfd);

	/* Closed: the port is free again and nobody answers on it. */
	fd = socket(AF_INET, SOCK_STREAM, 0);
	CHECK(connect(fd, (struct sockaddr *)&a, sizeof(a)) < 0 &&
	      errno == ECONNREFUSED);
	close(fd);
	fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	CHECK(connect(fd, (struct sockaddr *)&a, sizeof(a)) < 0 &&
	      errno == EINPROGRESS);
	CHECK(geti(fd, SOL_SOCKET, SO_ERROR) == ECONNREFUSED);
	CHECK(geti(fd, SOL_SOCKET, SO_ERROR) == 0);
	close(fd);
	fd = socket(AF_INET, SOCK_STREAM, 0);
	CHECK(bind(fd, (struct sockaddr *)&a, sizeof(a)) == 0);
	close(fd);

	/* Only loopback exists. */
	fd = socket(AF_INET, SOCK_STREAM, 0);
	a.sin_addr.s_addr = htonl(0x0a010203);
	CHECK(connect(fd, (struct sockaddr *)&a, sizeof(a)) < 0 &&
	      errno == ENETUNREACH);
	close(fd);
}

/* A dual-stack listener on :: takes ::1 and 127.0.0.1 (v4-mapped). */
static void ipv6(void)
{
	struct sockaddr_in6 a = { .sin6_family = AF_INET6 }, p;
	struct sockaddr_in v4 = { .sin_family = AF_INET };
	socklen_t l = sizeof(a);
	int lfd = socket(AF_INET6, SOCK_STREAM, 0), c, s;
	char buf[8];

	CHECK(geti(lfd, SOL_SOCKET, SO_DOMAIN) == AF_INET6);
	CHECK(geti(lfd, IPPROTO_IPV6, IPV6_V6ONLY) == 0);
	CHECK(bind(lfd, (struct sockaddr *)&a, sizeof(a)) == 0);
	CHECK(listen(lfd, 4) == 0);
	CHECK(getsockname(lfd, (struct sockaddr *)&a, &l) == 0);
	CHECK(l == sizeof(a) && a.sin6_family == AF_INET6 && a.sin6_port);

	c = socket(AF_INET6, SOCK_STREAM, 0);
	a.sin6_addr = in6addr_loopback;
	CHECK(connect(c, (struct sockaddr *)&a, sizeof(a)) == 0);
	l = sizeof(p);
	s = accept(lfd, (struct sockaddr *)&p, &l);
	CHECK(s >= 0 && p.sin6_family == AF_INET6 &&
	      IN6_IS_ADDR_LOOPBACK(&p.sin6_addr));
	CHECK(write(c, "v6", 2) == 2 && read(s, buf, 2) == 2);
	close(c);
	CHECK(read(s, buf, sizeof(buf)) == 0);
	close(s);

	c = socket(AF_INET, SOCK_STREAM, 0);
	v4.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	v4.sin_port = a.sin6_port;
	CHECK(connect(c, (struct sockaddr *)&v4, sizeof(v4)) == 0);
	l = sizeof(p);
	s = accept4(lfd, (struct sockaddr *)&p, &l, SOCK_CLOEXEC);
	CHECK(s >= 0 && IN6_IS_ADDR_V4MAPPED(&p.sin6_addr));
	CHECK(!(fcntl(s, F_GETFL) & O_NONBLOCK));
	close(c);
	close(s);
	close(lfd);

	/* An IPv6-only listener does not take IPv4. */
	lfd = socket(AF_INET6, SOCK_STREAM, 0);
	seti(lfd, IPPROTO_IPV6, IPV6_V6ONLY, 1);
	a.sin6_addr = in6addr_any;
	CHECK(bind(lfd, (struct sockaddr *)&a, sizeof(a)) == 0);
	CHECK(listen(lfd, 4) == 0);
	c = socket(AF_INET, SOCK_STREAM, 0);
	CHECK(connect(c, (struct sockaddr *)&v4, sizeof(v4)) < 0 &&
	      errno == ECONNREFUSED);
	close(c);
	close(lfd);
}

/* A forked child connects to its parent's listener. */
static void forked(void)
{
	struct sockaddr_in a = loopback_any();
	socklen_t l = sizeof(a);
	int lfd = socket(AF_INET, SOCK_STREAM, 0), s, status;
	char buf[8];
	pid_t pid;

	CHECK(bind(lfd, (struct sockaddr *)&a, sizeof(a)) == 0);
	CHECK(listen(lfd, 4) == 0);
	CHECK(getsockname(lfd, (struct sockaddr *)&a, &l) == 0);
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		int c = socket(AF_INET, SOCK_STREAM, 0);

		a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		_exit(connect(c, (struct sockaddr *)&a, sizeof(a)) == 0 &&
			      write(c, "child", 5) == 5 ?
		      0 : 1);
	}
	s = accept(lfd, NULL, NULL);
	CHECK(s >= 0 && read(s, buf, 5) == 5 && !memcmp(buf, "child", 5));
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	      WEXITSTATUS(status) == 0);
	close(s);
	close(lfd);
}

int main(void)
{
	ipv4();
	ipv6();
	forked();
	printf("net-loopback: ok\n");
	return 0;
}
