/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The seed's example in C: try to get out twice, through the network and
 * through the host's file system, and say what happened.
 *
 *   cant-get-out [address [port]]     (default 8.8.8.8 53)
 *
 * Exits 0 when both attempts were refused, 1 when one got out. Outside the
 * sandbox it dials nothing but loopback, so running it by mistake on the
 * host sends no traffic anywhere.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

static int try_connect(const char *host, const char *port)
{
	struct sockaddr_storage ss;
	struct sockaddr_in *in = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&ss;
	socklen_t len;
	int fd, loopback;

	memset(&ss, 0, sizeof(ss));
	if (inet_pton(AF_INET, host, &in->sin_addr) == 1) {
		in->sin_family = AF_INET;
		in->sin_port = htons((unsigned short)atoi(port));
		len = sizeof(*in);
		loopback = (ntohl(in->sin_addr.s_addr) >> 24) == 127;
	} else if (inet_pton(AF_INET6, host, &in6->sin6_addr) == 1) {
		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons((unsigned short)atoi(port));
		len = sizeof(*in6);
		loopback = IN6_IS_ADDR_LOOPBACK(&in6->sin6_addr);
	} else {
		fprintf(stderr, "cant-get-out: %s: not an IP address\n", host);
		exit(2);
	}
	if (!loopback && prctl(PR_GET_SECCOMP) != 2) {
		fprintf(stderr, "cant-get-out: not inside the tamago sandbox: "
				"refusing to dial %s from the host\n",
			host);
		exit(2);
	}
	fd = socket(ss.ss_family, SOCK_STREAM, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&ss, len) < 0) {
		printf("** I can't get out! ;-( ** connect %s:%s: %s\n", host,
		       port, strerror(errno));
		if (fd >= 0)
			close(fd);
		return 0;
	}
	printf("** I got out! ** connect %s:%s succeeded\n", host, port);
	close(fd);
	return 1;
}

static int try_open(const char *path)
{
	char buf[64];
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0) {
		printf("** I can't get out! ;-( ** open %s: %s\n", path,
		       strerror(errno));
		return 0;
	}
	n = read(fd, buf, sizeof(buf));
	printf("** I got out! ** read %zd bytes of %s\n", n, path);
	close(fd);
	return 1;
}

int main(int argc, char **argv)
{
	const char *host = argc > 1 ? argv[1] : "8.8.8.8";
	const char *port = argc > 2 ? argv[2] : "53";
	int out = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	out |= try_connect(host, port);
	out |= try_open("/etc/shadow");
	return out;
}
