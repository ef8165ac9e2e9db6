/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Kept AF_UNIX datagram sockets. TAMAGO_KEEP_FDS is the user's choice of
 * a channel, but a datagram socket can send to any name given in the
 * call (a raw sendmsg with an address, which the filter cannot read),
 * connected or not: to a host socket the user never named. So the
 * program gets a seqpacket stand-in under the same number instead, whose
 * sends cannot carry an address, and the supervisor passes each message
 * on to the kept socket's connected peer, and each datagram from it back.
 * An unconnected one has no peer to keep it to: refused, with the way out.
 * Stream and seqpacket sockets stay as they are: once connected, their
 * sends go to their connection only (the shim emulates connect, so an
 * unconnected one never reaches a host name either).
 *
 * Credentials and fds passed along with a message are not passed on.
 */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "launcher/launcher.h"

#define MAX_KEPT 64
#define DGRAM_MAX (256 << 10)

struct kept {
	int real;	/* the user's socket, the supervisor's now */
	int stand;	/* the supervisor's end of the stand-in */
};

static struct kept kept[MAX_KEPT];
static int nkept;

static int sock_int(int fd, int opt)
{
	int v = -1;
	socklen_t len = sizeof(v);

	return getsockopt(fd, SOL_SOCKET, opt, &v, &len) < 0 ? -1 : v;
}

static bool is_unix_dgram(int fd)
{
	struct stat st;

	return fstat(fd, &st) == 0 && S_ISSOCK(st.st_mode) &&
	       sock_int(fd, SO_DOMAIN) == AF_UNIX &&
	       sock_int(fd, SO_TYPE) == SOCK_DGRAM;
}

int kept_prepare(const char *keep, int *kept_fd, int *child_fd, int max)
{
	const char *p = keep;
	int n = 0;

	while (p && *p) {
		char *end;
		long fd = strtol(p, &end, 10);
		struct sockaddr_un peer;
		socklen_t len = sizeof(peer);
		int sv[2];

		p = *end ? end + 1 : end;
		if (fd < 3 || !is_unix_dgram((int)fd))
			continue;
		if (getpeername((int)fd, (struct sockaddr *)&peer, &len) < 0)
			die(FAILED, "TAMAGO_KEEP_FDS",
			    "fd %ld is an unconnected AF_UNIX datagram socket: "
			    "its sends could name any socket of the host; "
			    "connect it to its peer first, or keep a stream "
			    "socket",
			    fd);
		if (n == max || nkept == MAX_KEPT)
			die(FAILED, "TAMAGO_KEEP_FDS",
			    "too many datagram sockets");
		if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) <
		    0)
			die(FAILED, "TAMAGO_KEEP_FDS", "fd %ld: %s", fd,
			    strerror(errno));
		kept[nkept].real = own_fd(dup((int)fd));
		kept[nkept].stand = own_fd(sv[0]);
		kept_fd[n] = (int)fd;
		child_fd[n] = own_fd(sv[1]);
		nkept++;
		n++;
	}
	return n;
}

/*
 * One message from one end to the other; false when from has ended (hup:
 * poll said so, and then an empty read is the end, not an empty message).
 */
static bool pass(int from, int to, char *buf, bool hup)
{
	ssize_t n = recv(from, buf, DGRAM_MAX, MSG_DONTWAIT);

	if (n == 0 && hup)
		return false;
	if (n < 0)
		return errno == EAGAIN || errno == EINTR ||
		       errno == ECONNREFUSED;
	/* send, never sendto: to the connected peer and nowhere else. */
	if (send(to, buf, (size_t)n, MSG_NOSIGNAL) < 0 && errno == EPIPE)
		return false;
	return true;
}

static void *kept_main(void *arg)
{
	struct kept *k = arg;
	char *buf = malloc(DGRAM_MAX);

	while (buf) {
		struct pollfd p[2] = { { k->stand, POLLIN, 0 },
				       { k->real, POLLIN, 0 } };

		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		/* The sandbox has closed its end. */
		if ((p[0].revents & (POLLHUP | POLLERR)) &&
		    !(p[0].revents & POLLIN))
			break;
		if ((p[0].revents & POLLIN) &&
		    !pass(k->stand, k->real, buf, p[0].revents & POLLHUP))
			break;
		if ((p[1].revents & POLLIN) &&
		    !pass(k->real, k->stand, buf, false))
			break;
	}
	free(buf);
	close(k->stand);
	close(k->real);
	return NULL;
}

void kept_start(void)
{
	int i;

	for (i = 0; i < nkept; i++) {
		pthread_t t;

		if (pthread_create(&t, NULL, kept_main, &kept[i]) != 0)
			die(FAILED, "TAMAGO_KEEP_FDS",
			    "cannot start a relay");
		pthread_detach(t);
	}
}
