/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A connect made with the syscall instruction itself on a socket from
 * libc: under the shim (raw=kill) it dies of SIGSYS with a report naming
 * the decoded address. It aims at loopback only.
 *
 *   raw-connect [port]    (default 9, the discard port)
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>

#include "core/sys.h"

int main(int argc, char **argv)
{
	struct sockaddr_in in = { .sin_family = AF_INET };
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	long r;

	in.sin_port = htons((unsigned short)(argc > 1 ? atoi(argv[1]) : 9));
	in.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	r = sys3(SYS_connect, fd, &in, sizeof(in));
	printf("raw connect returned %ld\n", r);
	return 0;
}
