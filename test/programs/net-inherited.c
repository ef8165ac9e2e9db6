/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Run with a host UDP socket inherited on fd 3 and an AF_UNIX one on fd 4
 * (test/net-inherited.py): the shim has replaced both with unconnected
 * stand-ins before the program runs, so neither a raw sendmsg with an
 * address nor a write reaches the host listener or the peer.
 *   net-inherited PORT        prints "net-inherited: ok"
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "check.h"

int main(int argc, char **argv)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	struct iovec iov = { "escape", 6 };
	struct msghdr m = { .msg_name = &a, .msg_namelen = sizeof(a),
			    .msg_iov = &iov, .msg_iovlen = 1 };
	int v = 0;
	socklen_t l = sizeof(v);

	CHECK(argc == 2);
	/* A write on a stand-in with no peer raises SIGPIPE, as on Linux. */
	signal(SIGPIPE, SIG_IGN);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	a.sin_port = htons((unsigned short)atoi(argv[1]));
	/* Still an internet datagram socket, as far as the program sees. */
	CHECK(getsockopt(3, SOL_SOCKET, SO_DOMAIN, &v, &l) == 0 &&
	      v == AF_INET);
	CHECK(getsockopt(3, SOL_SOCKET, SO_TYPE, &v, &l) == 0 &&
	      v == SOCK_DGRAM);
	CHECK(syscall(SYS_sendmsg, 3, &m, 0) < 0);
	CHECK(syscall(SYS_sendto, 3, "x", 1, 0, NULL, 0) < 0);
	CHECK(write(3, "x", 1) < 0);
	CHECK(write(4, "x", 1) < 0);
	printf("net-inherited: ok\n");
	return 0;
}
