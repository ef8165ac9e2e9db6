/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * TAMAGO_NET=loopback, UDP: what a program sees of datagrams on a
 * kernel's loopback (implicit and explicit bind, source addresses,
 * boundaries, MSG_PEEK, MSG_TRUNC, non-blocking reads, connect and its
 * filtering, poll, epoll and select readiness, SO_REUSEADDR, IPv6), then
 * an epoll echo server with non-blocking clients in threads, and a DNS
 * server on 127.0.0.1:5353 answering a client of the same process.
 *   net-udp            prints "net-udp: ok"
 */
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdbool.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <unistd.h>

#include "test/lib/check.h"

#define CLIENTS 6
#define ROUNDS 20

static struct sockaddr_in v4(uint32_t addr, uint16_t port)
{
	struct sockaddr_in a = { .sin_family = AF_INET };

	a.sin_addr.s_addr = htonl(addr);
	a.sin_port = htons(port);
	return a;
}

static struct sockaddr_in name_of(int fd)
{
	struct sockaddr_in a;
	socklen_t l = sizeof(a);

	CHECK(getsockname(fd, (struct sockaddr *)&a, &l) == 0);
	CHECK(l == sizeof(a) && a.sin_family == AF_INET);
	return a;
}

static bool same(const struct sockaddr_in *a, const struct sockaddr_in *b)
{
	return a->sin_port == b->sin_port &&
	       a->sin_addr.s_addr == b->sin_addr.s_addr;
}

static void seti(int fd, int level, int name, int v)
{
	CHECK(setsockopt(fd, level, name, &v, sizeof(v)) == 0);
}

/* Receives one datagram and checks its payload and sender. */
static void expect_from(int fd, const char *want,
			const struct sockaddr_in *from)
{
	struct sockaddr_in a;
	socklen_t l = sizeof(a);
	char buf[256];
	ssize_t n = recvfrom(fd, buf, sizeof(buf), 0, (struct sockaddr *)&a,
			     &l);

	CHECK(n == (ssize_t)strlen(want) && !memcmp(buf, want, (size_t)n));
	CHECK(l == sizeof(a) && a.sin_family == AF_INET && same(&a, from));
}

static void basics(void)
{
	struct sockaddr_in sa, ca, any = v4(INADDR_ANY, 0), from;
	struct sockaddr_in6 a6;
	int s = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
	int c = socket(AF_INET, SOCK_DGRAM, 0), d, ep;
	struct epoll_event ev = { .events = EPOLLIN };
	struct pollfd p = { .events = POLLIN | POLLOUT };
	struct iovec iov[2];
	struct msghdr mh = { 0 };
	struct timeval tv = { 0, 0 };
	socklen_t l = sizeof(from);
	fd_set rd;
	char buf[16];

	CHECK(s >= 0 && c >= 0);
	sa = name_of(s);
	CHECK(sa.sin_port == 0 && sa.sin_addr.s_addr == 0);
	/* Registered before bind: the registration stays good. */
	ep = epoll_create1(0);
	ev.data.fd = s;
	CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, s, &ev) == 0);
	sa = v4(0x0a000001, 0);
	CHECK(bind(s, (struct sockaddr *)&sa, sizeof(sa)) < 0 &&
	      errno == EADDRNOTAVAIL);
	sa = v4(INADDR_LOOPBACK, 0);
	CHECK(bind(s, (struct sockaddr *)&sa, sizeof(sa)) == 0);
	CHECK(bind(s, (struct sockaddr *)&sa, sizeof(sa)) < 0 &&
	      errno == EINVAL);
	sa = name_of(s);
	CHECK(sa.sin_addr.s_addr == htonl(INADDR_LOOPBACK) &&
	      ntohs(sa.sin_port) >= 1024);
	CHECK(listen(s, 1) < 0 && errno == EOPNOTSUPP);

	/* Nothing yet: not readable, but writable. */
	CHECK(recv(s, buf, sizeof(buf), 0) < 0 && errno == EAGAIN);
	CHECK(recvfrom(c, buf, sizeof(buf), MSG_DONTWAIT,
		       (struct sockaddr *)&from, &l) < 0 && errno == EAGAIN);
	p.fd = s;
	CHECK(poll(&p, 1, 0) == 1 && p.revents == POLLOUT);
	CHECK(epoll_wait(ep, &ev, 1, 0) == 0);

	/* The first send binds the wildcard address and a free port. */
	ca = name_of(c);
	CHECK(ca.sin_port == 0);
	CHECK(sendto(c, "one", 3, 0, (struct sockaddr *)&sa, sizeof(sa)) ==
	      3);
	ca = name_of(c);
	CHECK(ca.sin_addr.s_addr == 0 && ca.sin_port != 0);
	CHECK(sendto(c, "two!!", 5, 0, (struct sockaddr *)&sa, sizeof(sa)) ==
	      5);
	CHECK(sendto(c, "", 0, 0, (struct sockaddr *)&sa, sizeof(sa)) == 0);
	iov[0].iov_base = "thr";
	iov[0].iov_len = 3;
	iov[1].iov_base = "ee";
	iov[1].iov_len = 2;
	mh.msg_name = &sa;
	mh.msg_namelen = sizeof(sa);
	mh.msg_iov = iov;
	mh.msg_iovlen = 2;
	CHECK(sendmsg(c, &mh, 0) == 5);

	CHECK(epoll_wait(ep, &ev, 1, 5000) == 1 && ev.data.fd == s);
	CHECK(poll(&p, 1, 0) == 1 && p.revents == (POLLIN | POLLOUT));
	FD_ZERO(&rd);
	FD_SET(s, &rd);
	CHECK(select(s + 1, &rd, NULL, NULL, &tv) == 1 && FD_ISSET(s, &rd));

	/* From the loopback address, one datagram at a time. */
	ca.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	CHECK(recv(s, buf, 2, MSG_PEEK | MSG_TRUNC) == 3);
	l = sizeof(from);
	CHECK(recvfrom(s, buf, sizeof(buf), MSG_PEEK,
		       (struct sockaddr *)&from, &l) == 3 && same(&from, &ca));
	expect_from(s, "one", &ca);
	memset(&mh, 0, sizeof(mh));
	iov[0].iov_base = buf;
	iov[0].iov_len = 2;
	mh.msg_name = &from;
	mh.msg_namelen = sizeof(from);
	mh.msg_iov = iov;
	mh.msg_iovlen = 1;
	CHECK(recvmsg(s, &mh, 0) == 2 && (mh.msg_flags & MSG_TRUNC) &&
	      mh.msg_namelen == sizeof(from) && same(&from, &ca) &&
	      !memcmp(buf, "tw", 2));
	expect_from(s, "", &ca);
	expect_from(s, "three", &ca);
	CHECK(recv(s, buf, sizeof(buf), 0) < 0 && errno == EAGAIN);

	/* The answer goes back to the sender's address. */
	CHECK(sendto(s, "back", 4, 0, (struct sockaddr *)&ca, sizeof(ca)) ==
	      4);
	expect_from(c, "back", &sa);

	/* connect: a default destination and a filter on what comes in. */
	d = socket(AF_INET, SOCK_DGRAM, 0);
	CHECK(send(d, "x", 1, 0) < 0 && errno == EDESTADDRREQ);
	CHECK(connect(c, (struct sockaddr *)&sa, sizeof(sa)) == 0);
	ca = name_of(c);
	CHECK(ca.sin_addr.s_addr == htonl(INADDR_LOOPBACK));
	l = sizeof(from);
	CHECK(getpeername(c, (struct sockaddr *)&from, &l) == 0 &&
	      same(&from, &sa));
	CHECK(send(c, "conn", 4, 0) == 4);
	expect_from(s, "conn", &ca);
	CHECK(sendto(d, "not from s", 10, 0, (struct sockaddr *)&ca,
		     sizeof(ca)) == 10);
	CHECK(sendto(s, "from s", 6, 0, (struct sockaddr *)&ca, sizeof(ca)) ==
	      6);
	expect_from(c, "from s", &sa);
	CHECK(recv(c, buf, sizeof(buf), MSG_DONTWAIT) < 0 && errno == EAGAIN);
	/* A datagram written on the fd is refused, not lost (README). */
	CHECK(write(c, "w", 1) < 0 && errno == EPIPE);

	/*
	 * Disconnected: the port the kernel picked is given back; one that
	 * bind named stays, and any sender reaches it again.
	 */
	any.sin_family = AF_UNSPEC;
	CHECK(connect(c, (struct sockaddr *)&any, sizeof(any)) == 0);
	l = sizeof(from);
	CHECK(getpeername(c, (struct sockaddr *)&from, &l) < 0 &&
	      errno == ENOTCONN);
	from = name_of(c);
	CHECK(from.sin_addr.s_addr == 0 && from.sin_port == 0);
	from = v4(INADDR_ANY, ntohs(ca.sin_port));
	CHECK(bind(c, (struct sockaddr *)&from, sizeof(from)) == 0);
	CHECK(connect(c, (struct sockaddr *)&sa, sizeof(sa)) == 0);
	CHECK(connect(c, (struct sockaddr *)&any, sizeof(any)) == 0);
	from = name_of(c);
	CHECK(from.sin_addr.s_addr == 0 && from.sin_port == ca.sin_port);
	CHECK(sendto(d, "from d", 6, 0, (struct sockaddr *)&ca, sizeof(ca)) ==
	      6);
	from = name_of(d);
	from.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	expect_from(c, "from d", &from);

	/* Only loopback exists; a closed port swallows datagrams. */
	from = v4(0x0a010203, 53);
	CHECK(sendto(d, "x", 1, 0, (struct sockaddr *)&from, sizeof(from)) <
		      0 && errno == ENETUNREACH);
	close(s);
	CHECK(sendto(c, "lost", 4, 0, (struct sockaddr *)&sa, sizeof(sa)) ==
	      4);
	s = socket(AF_INET, SOCK_DGRAM, 0);
	CHECK(bind(s, (struct sockaddr *)&sa, sizeof(sa)) == 0);
	CHECK(recv(s, buf, sizeof(buf), MSG_DONTWAIT) < 0 && errno == EAGAIN);

	/* A taken port; SO_REUSEADDR on both shares it; TCP is apart. */
	close(d);
	d = socket(AF_INET, SOCK_DGRAM, 0);
	CHECK(bind(d, (struct sockaddr *)&sa, sizeof(sa)) < 0 &&
	      errno == EADDRINUSE);
	any = v4(INADDR_ANY, ntohs(sa.sin_port));
	CHECK(bind(d, (struct sockaddr *)&any, sizeof(any)) < 0 &&
	      errno == EADDRINUSE);
	close(d);
	d = socket(AF_INET, SOCK_STREAM, 0);
	CHECK(bind(d, (struct sockaddr *)&sa, sizeof(sa)) == 0);
	close(d);
	close(s);
	s = socket(AF_INET, SOCK_DGRAM, 0);
	d = socket(AF_INET, SOCK_DGRAM, 0);
	seti(s, SOL_SOCKET, SO_REUSEADDR, 1);
	seti(d, SOL_SOCKET, SO_REUSEADDR, 1);
	CHECK(bind(s, (struct sockaddr *)&sa, sizeof(sa)) == 0);
	CHECK(bind(d, (struct sockaddr *)&sa, sizeof(sa)) == 0);
	close(s);
	close(d);

	/* A dual-stack socket sees IPv4 senders v4-mapped, and ::1. */
	s = socket(AF_INET6, SOCK_DGRAM, 0);
	memset(&a6, 0, sizeof(a6));
	a6.sin6_family = AF_INET6;
	CHECK(bind(s, (struct sockaddr *)&a6, sizeof(a6)) == 0);
	l = sizeof(a6);
	CHECK(getsockname(s, (struct sockaddr *)&a6, &l) == 0 && a6.sin6_port);
	sa = v4(INADDR_LOOPBACK, ntohs(a6.sin6_port));
	CHECK(sendto(c, "v4", 2, 0, (struct sockaddr *)&sa, sizeof(sa)) == 2);
	d = socket(AF_INET6, SOCK_DGRAM, 0);
	a6.sin6_addr = in6addr_loopback;
	CHECK(sendto(d, "v6", 2, 0, (struct sockaddr *)&a6, sizeof(a6)) == 2);
	{
		struct sockaddr_in6 f6;

		l = sizeof(f6);
		CHECK(recvfrom(s, buf, sizeof(buf), 0, (struct sockaddr *)&f6,
			       &l) == 2 && !memcmp(buf, "v4", 2));
		CHECK(l == sizeof(f6) && IN6_IS_ADDR_V4MAPPED(&f6.sin6_addr) &&
		      f6.sin6_port == ca.sin_port);
		l = sizeof(f6);
		CHECK(recvfrom(s, buf, sizeof(buf), 0, (struct sockaddr *)&f6,
			       &l) == 2 && !memcmp(buf, "v6", 2));
		CHECK(IN6_IS_ADDR_LOOPBACK(&f6.sin6_addr) && f6.sin6_port);
	}
	close(d);
	close(s);
	close(c);
	close(ep);
}

/* The echo server: epoll, a non-blocking socket, every datagram back. */
static void *echo(void *arg)
{
	int s = *(int *)arg, ep = epoll_create1(0), done = 0;
	struct epoll_event ev = { .events = EPOLLIN, .data.fd = s };

	CHECK(ep >= 0 && epoll_ctl(ep, EPOLL_CTL_ADD, s, &ev) == 0);
	while (done < CLIENTS) {
		CHECK(epoll_wait(ep, &ev, 1, 10000) == 1);
		for (;;) {
			struct sockaddr_in from;
			socklen_t l = sizeof(from);
			char buf[128];
			ssize_t n = recvfrom(s, buf, sizeof(buf), 0,
					     (struct sockaddr *)&from, &l);

			if (n < 0) {
				CHECK(errno == EAGAIN);
				break;
			}
			CHECK(l == sizeof(from) &&
			      from.sin_addr.s_addr == htonl(INADDR_LOOPBACK));
			if (n == 3 && !memcmp(buf, "bye", 3))
				done++;
			CHECK(sendto(s, buf, (size_t)n, 0,
				     (struct sockaddr *)&from, l) == n);
		}
	}
	close(ep);
	return NULL;
}

static void *echo_client(void *arg)
{
	const struct sockaddr_in *srv = arg;
	int c = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0), ep, i;
	struct epoll_event ev = { .events = EPOLLIN };
	char msg[64], buf[128];

	ep = epoll_create1(0);
	ev.data.fd = c;
	CHECK(c >= 0 && epoll_ctl(ep, EPOLL_CTL_ADD, c, &ev) == 0);
	for (i = 0; i <= ROUNDS; i++) {
		int len = i == ROUNDS ?
				  snprintf(msg, sizeof(msg), "bye") :
				  snprintf(msg, sizeof(msg), "%d says %d",
					   c, i);
		ssize_t n;

		CHECK(sendto(c, msg, (size_t)len, 0,
			     (const struct sockaddr *)srv,
			     sizeof(*srv)) == len);
		CHECK(epoll_wait(ep, &ev, 1, 10000) == 1);
		n = recv(c, buf, sizeof(buf), 0);
		CHECK(n == len && !memcmp(buf, msg, (size_t)len));
	}
	close(ep);
	close(c);
	return NULL;
}

static void echo_test(void)
{
	struct sockaddr_in a = v4(INADDR_LOOPBACK, 0);
	int s = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	pthread_t t, ct[CLIENTS];
	int i;

	CHECK(bind(s, (struct sockaddr *)&a, sizeof(a)) == 0);
	a = name_of(s);
	CHECK(pthread_create(&t, NULL, echo, &s) == 0);
	for (i = 0; i < CLIENTS; i++)
		CHECK(pthread_create(&ct[i], NULL, echo_client, &a) == 0);
	for (i = 0; i < CLIENTS; i++)
		CHECK(pthread_join(ct[i], NULL) == 0);
	CHECK(pthread_join(t, NULL) == 0);
	close(s);
}

/* A DNS server on 127.0.0.1:5353: an A record for every question. */
static void *dns_server(void *arg)
{
	int s = *(int *)arg;
	unsigned char q[512];
	struct sockaddr_in from;
	socklen_t l = sizeof(from);
	ssize_t n = recvfrom(s, q, sizeof(q), 0, (struct sockaddr *)&from, &l);
	static const unsigned char answer[] = {
		0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 192, 0, 2, 7,
	};

	CHECK(n > 12 && n + sizeof(answer) <= sizeof(q));
	q[2] = 0x81;	/* a response, recursion desired */
	q[3] = 0x80;	/* recursion available, no error */
	q[7] = 1;	/* one answer */
	memcpy(q + n, answer, sizeof(answer));
	CHECK(sendto(s, q, (size_t)n + sizeof(answer), 0,
		     (struct sockaddr *)&from, l) == n + (ssize_t)sizeof(answer));
	return NULL;
}

static void dns(void)
{
	static const unsigned char query[] = {
		0x12, 0x34, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0,
		7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 4, 't', 'e', 's', 't', 0,
		0, 1, 0, 1,
	};
	struct sockaddr_in a = v4(INADDR_LOOPBACK, 5353), from;
	int s = socket(AF_INET, SOCK_DGRAM, 0), c = socket(AF_INET, SOCK_DGRAM,
							  0);
	unsigned char r[512];
	socklen_t l = sizeof(from);
	pthread_t t;
	ssize_t n;

	CHECK(bind(s, (struct sockaddr *)&a, sizeof(a)) == 0);
	CHECK(pthread_create(&t, NULL, dns_server, &s) == 0);
	CHECK(connect(c, (struct sockaddr *)&a, sizeof(a)) == 0);
	CHECK(send(c, query, sizeof(query), 0) == sizeof(query));
	n = recvfrom(c, r, sizeof(r), 0, (struct sockaddr *)&from, &l);
	CHECK(n == (ssize_t)sizeof(query) + 16 && same(&from, &a));
	CHECK(r[0] == 0x12 && r[1] == 0x34 && (r[2] & 0x80) &&
	      (r[3] & 0xf) == 0 && r[7] == 1);
	CHECK(!memcmp(r + n - 4, "\xc0\x00\x02\x07", 4));
	CHECK(pthread_join(t, NULL) == 0);
	close(c);
	close(s);
}

int main(void)
{
	basics();
	echo_test();
	dns();
	printf("net-udp: ok\n");
	return 0;
}
