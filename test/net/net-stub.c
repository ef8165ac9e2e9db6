/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The nil-socket stub, call by call, as a program sees it (TAMAGO_NET
 * none): internet sockets that say they are internet sockets, no address
 * to bind or reach, netlink and packet sockets refused, AF_UNIX pairs
 * working, and name resolution failing cleanly until /etc/hosts (written
 * by the program into the in-memory file system) knows the name.
 * glibc's own calls take the trap path: syscall() checks that too.
 *   net-stub           prints "net-stub: ok"
 */
#include <arpa/inet.h>
#include <linux/netlink.h>
#include <net/if.h>
#include <netdb.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "test/lib/check.h"

static int geti(int fd, int level, int name)
{
	int v = -1;
	socklen_t l = sizeof(v);

	CHECK(getsockopt(fd, level, name, &v, &l) == 0 && l == sizeof(v));
	return v;
}

static void put(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	CHECK(f && fputs(text, f) >= 0 && fclose(f) == 0);
}

static void sockets(void)
{
	struct sockaddr_in6 a6 = { .sin6_family = AF_INET6 };
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t l = sizeof(a6);
	int fd = socket(AF_INET6, SOCK_DGRAM, 0), v = 1, sv[2];
	struct ifreq ifr, req[4];
	struct ifconf ifc = { .ifc_len = sizeof(req), .ifc_req = req };
	char c;

	CHECK(fd >= 0);
	CHECK(getsockname(fd, (struct sockaddr *)&a6, &l) == 0);
	CHECK(l == sizeof(a6) && a6.sin6_family == AF_INET6);
	/* The trap path answers the same (libc's syscall()). */
	l = sizeof(a6);
	memset(&a6, 0, sizeof(a6));
	CHECK(syscall(SYS_getsockname, fd, &a6, &l) == 0 &&
	      a6.sin6_family == AF_INET6);
	CHECK(geti(fd, SOL_SOCKET, SO_TYPE) == SOCK_DGRAM);
	CHECK(geti(fd, SOL_SOCKET, SO_DOMAIN) == AF_INET6);
	CHECK(geti(fd, SOL_SOCKET, SO_PROTOCOL) == IPPROTO_UDP);
	l = sizeof(v);
	CHECK(syscall(SYS_getsockopt, fd, SOL_SOCKET, SO_DOMAIN, &v, &l) ==
		      0 && v == AF_INET6);
	CHECK(getpeername(fd, (struct sockaddr *)&a6, &l) < 0 &&
	      errno == ENOTCONN);
	CHECK(geti(fd, IPPROTO_IPV6, IPV6_V6ONLY) == 0);
	v = 1;
	CHECK(setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &v, sizeof(v)) == 0);
	CHECK(geti(fd, IPPROTO_IPV6, IPV6_V6ONLY) == 1);
	CHECK(setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &v, sizeof(v)) == 0);
	/* No loopback interface: ::1 is nobody's address. */
	a6.sin6_addr = in6addr_loopback;
	CHECK(bind(fd, (struct sockaddr *)&a6, sizeof(a6)) < 0 &&
	      errno == EADDRNOTAVAIL);
	close(fd);

	fd = socket(AF_INET, SOCK_STREAM, 0);
	CHECK(geti(fd, SOL_SOCKET, SO_DOMAIN) == AF_INET);
	CHECK(setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &v, sizeof(v)) == 0);
	CHECK(geti(fd, IPPROTO_TCP, TCP_NODELAY) == 1);
	CHECK(setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &v, sizeof(v)) < 0 &&
	      errno == ENOPROTOOPT);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	CHECK(bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0 &&
	      errno == EADDRNOTAVAIL);
	CHECK(accept(fd, NULL, NULL) < 0 && errno == EINVAL);
	/* As on a host without interfaces: the wildcard binds, listens. */
	CHECK(listen(fd, 1) == 0);
	l = sizeof(a);
	CHECK(getsockname(fd, (struct sockaddr *)&a, &l) == 0 &&
	      a.sin_addr.s_addr == 0 && ntohs(a.sin_port) >= 1024);
	CHECK(fcntl(fd, F_SETFL, O_NONBLOCK) == 0);
	CHECK(accept(fd, NULL, NULL) < 0 && errno == EAGAIN);
	close(fd);
	fd = socket(AF_INET, SOCK_STREAM, 0);
	a.sin_addr.s_addr = htonl(INADDR_ANY);
	a.sin_port = htons(4444);
	CHECK(bind(fd, (struct sockaddr *)&a, sizeof(a)) == 0);
	close(fd);
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	CHECK(bind(fd, (struct sockaddr *)&a, sizeof(a)) == 0);
	CHECK(listen(fd, 1) < 0 && errno == EOPNOTSUPP);
	CHECK(recv(fd, &c, 1, MSG_DONTWAIT) < 0 && errno == EAGAIN);
	close(fd);

	CHECK(socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE) < 0 &&
	      errno == EAFNOSUPPORT);
	CHECK(socket(AF_PACKET, SOCK_RAW, 0) < 0 && errno == EAFNOSUPPORT);
	CHECK(socket(AF_INET, SOCK_RAW, IPPROTO_ICMP) < 0 && errno == EPERM);

	/* AF_UNIX pairs are the kernel's, and answer as such. */
	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
	CHECK(geti(sv[0], SOL_SOCKET, SO_DOMAIN) == AF_UNIX);
	CHECK(write(sv[0], "x", 1) == 1);
	CHECK(ioctl(sv[1], FIONREAD, &v) == 0 && v == 1);
	CHECK(read(sv[1], &c, 1) == 1);
	/*
	 * No socket reaches the host's interfaces, whatever cmd's high half.
	 * (Only reading calls here: a regression must not change the host.)
	 */
	CHECK(ioctl(sv[0], SIOCGIFCONF, &ifc) < 0 && errno == ENOTTY);
	CHECK(syscall(SYS_ioctl, sv[0],
		      ((unsigned long)1 << 16 << 16) | SIOCGIFCONF, &ifc) < 0 &&
	      errno == ENOTTY);
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	memset(&ifr, 0, sizeof(ifr));
	strcpy(ifr.ifr_name, "lo");
	CHECK(ioctl(fd, SIOCGIFFLAGS, &ifr) < 0 && errno == ENOTTY);
	close(fd);
	close(sv[0]);
	close(sv[1]);
}

static void names(void)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM };
	struct addrinfo *ai = NULL;
	int r;

	/*
	 * The presets' nsswitch.conf names files alone; here glibc's
	 * resolver is asked too, as by a host's ("files dns"), and without
	 * /etc/hosts. No /etc/resolv.conf: glibc asks 127.0.0.1:53, which is
	 * refused.
	 */
	put("/etc/nsswitch.conf", "hosts: files dns\n");
	CHECK(unlink("/etc/hosts") == 0);
	r = getaddrinfo("example.com", "80", &hints, &ai);
	CHECK(r == EAI_AGAIN || r == EAI_NONAME);
	CHECK(getaddrinfo("localhost", "80", &hints, &ai) != 0);

	put("/etc/hosts", "127.0.0.1 localhost\n::1 localhost\n");
	hints.ai_family = AF_UNSPEC;
	CHECK(getaddrinfo("localhost", "80", &hints, &ai) == 0);
	CHECK(ai->ai_family == AF_INET || ai->ai_family == AF_INET6);
	freeaddrinfo(ai);
	r = getaddrinfo("example.com", "80", &hints, &ai);
	CHECK(r == EAI_AGAIN || r == EAI_NONAME);
}

int main(void)
{
	sockets();
	names();
	printf("net-stub: ok\n");
	return 0;
}
