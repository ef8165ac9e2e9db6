/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A loopback listener for the network-refusal tests, run on the host
 * (never under the shim): binds 127.0.0.1 on a free port, prints the port,
 * and counts the connections it accepts until its stdin closes; then prints
 * "connections N". Tests aim the sandboxed program at this port, so a broken
 * stub shows up as a connection here instead of traffic leaving the host.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

int main(void)
{
	struct sockaddr_in in = { .sin_family = AF_INET };
	socklen_t len = sizeof(in);
	int fd = socket(AF_INET, SOCK_STREAM, 0), count = 0;
	struct pollfd p[2];

	in.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || bind(fd, (struct sockaddr *)&in, sizeof(in)) < 0 ||
	    listen(fd, 16) < 0 ||
	    getsockname(fd, (struct sockaddr *)&in, &len) < 0) {
		perror("listener");
		return 2;
	}
	printf("%d\n", ntohs(in.sin_port));
	fflush(stdout);
	p[0] = (struct pollfd){ .fd = fd, .events = POLLIN };
	p[1] = (struct pollfd){ .fd = 0, .events = POLLIN };
	for (;;) {
		if (poll(p, 2, 60000) <= 0)
			break;
		if (p[0].revents & POLLIN) {
			int c = accept(fd, NULL, NULL);

			if (c >= 0) {
				count++;
				close(c);
			}
		}
		if (p[1].revents) {
			char b;

			if (read(0, &b, 1) <= 0)
				break;
		}
	}
	printf("connections %d\n", count);
	return 0;
}
