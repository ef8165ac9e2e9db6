/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Run with host sockets inherited (test/net-inherited.py): a UDP socket on
 * fd 3 and an AF_UNIX one on fd 4, both kept by TAMAGO_KEEP_FDS, and a
 * UDP socket on fd 5, not kept. Fd 3 is an unconnected stand-in by now, so
 * neither a raw sendmsg with an address nor a write reaches the host
 * listener; fd 4 is the channel the user asked for and works; fd 5 is
 * closed.
 *   net-inherited PORT        prints "net-inherited: ok"
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "test/lib/check.h"

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
	CHECK(write(4, "kept", 4) == 4);
	CHECK(write(5, "x", 1) < 0 && errno == EBADF);
	printf("net-inherited: ok\n");
	return 0;
}
