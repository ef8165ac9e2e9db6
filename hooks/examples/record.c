/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * An example hooks library: the smallest useful model for writing your
 * own. Load it with `tamago-run --hooks=./librecord.so -- prog`.
 *
 * - socket: records every connection attempt (address, port, how many
 *   times) on stderr and refuses it with ECONNREFUSED;
 * - random: a deterministic stream (splitmix64, seed TAMAGO_RECORD_SEED or
 *   42), so runs are reproducible;
 * - clock: a virtual clock that starts at 2000-01-01T00:00:00Z (realtime)
 *   and 0 (every other clock) and advances one millisecond per reading;
 * - exit: when the program ends, one line with its status and how many
 *   connection attempts it made to how many peers;
 * - console: counts the bytes the program writes to stdout and stderr,
 *   and the exit line reports them.
 *
 * Its own lines go to a copy of stderr made in the constructor: with a
 * console handler, a handler that wrote to fd 1 or 2 would be writing to
 * the console it watches (tamago.h).
 *
 * Handlers may run inside a signal handler with the shim's lock held: they
 * use no malloc and no stdio, only write(2) and their own state.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <tamago.h>

#define MAX_PEERS 64

static struct peer {
	char addr[INET6_ADDRSTRLEN];
	unsigned int port;
	unsigned int count;
} peers[MAX_PEERS];
static int npeers;
static uint64_t seed = 42;
static unsigned long console_bytes[3];
static int err_fd = 2;	/* the copy of stderr, once made */
static uint64_t ticks;

static void put_str(char *buf, size_t *n, size_t size, const char *s)
{
	size_t l = strlen(s);

	if (*n + l >= size)
		l = size - 1 - *n;
	memcpy(buf + *n, s, l);
	*n += l;
}

static void put_num(char *buf, size_t *n, size_t size, unsigned long v)
{
	char d[24];
	int k = 0;

	do {
		d[k++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (k && *n + 1 < size)
		buf[(*n)++] = d[--k];
}

static int record_socket(const struct tamago_socket_req *req)
{
	const struct sockaddr *sa = req->raddr ? req->raddr : req->laddr;
	char addr[INET6_ADDRSTRLEN] = "?", line[160];
	unsigned int port = 0;
	struct peer *p = NULL;
	size_t n = 0;
	int i;

	if (sa && sa->sa_family == AF_INET) {
		const struct sockaddr_in *in = (const void *)sa;

		inet_ntop(AF_INET, &in->sin_addr, addr, sizeof(addr));
		port = ntohs(in->sin_port);
	} else if (sa && sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *in6 = (const void *)sa;

		inet_ntop(AF_INET6, &in6->sin6_addr, addr, sizeof(addr));
		port = ntohs(in6->sin6_port);
	}
	for (i = 0; i < npeers; i++)
		if (peers[i].port == port && !strcmp(peers[i].addr, addr))
			p = &peers[i];
	if (!p && npeers < MAX_PEERS) {
		p = &peers[npeers++];
		memcpy(p->addr, addr, sizeof(addr));
		p->port = port;
	}
	if (p)
		p->count++;
	put_str(line, &n, sizeof(line), "record: ");
	put_str(line, &n, sizeof(line),
		req->op == TAMAGO_SOCKET_CONNECT ? "connect " :
		req->op == TAMAGO_SOCKET_BIND	 ? "bind " :
						   "send ");
	put_str(line, &n, sizeof(line), req->network);
	put_str(line, &n, sizeof(line), " ");
	put_str(line, &n, sizeof(line), addr);
	put_str(line, &n, sizeof(line), ":");
	put_num(line, &n, sizeof(line), port);
	put_str(line, &n, sizeof(line), " attempt ");
	put_num(line, &n, sizeof(line), p ? p->count : 0);
	put_str(line, &n, sizeof(line), "\n");
	write(err_fd, line, n);
	return -ECONNREFUSED;
}

/* splitmix64: one 64-bit word per step. */
static uint64_t next_word(void)
{
	uint64_t z = (seed += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static ssize_t record_random(void *buf, size_t len, unsigned int flags)
{
	unsigned char *out = buf;
	size_t i = 0;

	(void)flags;
	while (i < len) {
		uint64_t w = next_word();
		size_t k;

		for (k = 0; k < 8 && i < len; k++, i++)
			out[i] = (unsigned char)(w >> (8 * k));
	}
	return (ssize_t)len;
}

static int record_clock(clockid_t id, struct timespec *ts)
{
	uint64_t ms = __atomic_add_fetch(&ticks, 1, __ATOMIC_RELAXED);

	ts->tv_sec = (time_t)(ms / 1000);
	ts->tv_nsec = (long)(ms % 1000) * 1000000;
	if (id == CLOCK_REALTIME || id == CLOCK_REALTIME_COARSE)
		ts->tv_sec += 946684800; /* 2000-01-01T00:00:00Z */
	return 0;
}

static void record_exit(int status, int sig)
{
	char line[160];
	unsigned long attempts = 0;
	size_t n = 0;
	int i;

	for (i = 0; i < npeers; i++)
		attempts += peers[i].count;
	put_str(line, &n, sizeof(line), "record: exit ");
	if (sig) {
		put_str(line, &n, sizeof(line), "signal ");
		put_num(line, &n, sizeof(line), (unsigned long)sig);
	} else {
		put_str(line, &n, sizeof(line), "status ");
		put_num(line, &n, sizeof(line), (unsigned long)status);
	}
	put_str(line, &n, sizeof(line), ", ");
	put_num(line, &n, sizeof(line), attempts);
	put_str(line, &n, sizeof(line), " attempts to ");
	put_num(line, &n, sizeof(line), (unsigned long)npeers);
	put_str(line, &n, sizeof(line), " peers, console ");
	put_num(line, &n, sizeof(line), console_bytes[1]);
	put_str(line, &n, sizeof(line), "+");
	put_num(line, &n, sizeof(line), console_bytes[2]);
	put_str(line, &n, sizeof(line), " bytes\n");
	write(err_fd, line, n);
}

static void record_console(int fd, const void *buf, size_t len)
{
	(void)buf;
	if (fd == 1 || fd == 2)
		__atomic_add_fetch(&console_bytes[fd], len, __ATOMIC_RELAXED);
}

__attribute__((constructor)) static void record_register(void)
{
	struct tamago_handlers h = {
		.size = sizeof(h),
		.socket = record_socket,
		.random = record_random,
		.clock = record_clock,
		.exit = record_exit,
		.console = record_console,
	};
	const char *s = getenv("TAMAGO_RECORD_SEED");
	/* Out of the way of the program's own low fd numbers. */
	int fd = fcntl(2, F_DUPFD_CLOEXEC, 100);

	if (fd >= 0)
		err_fd = fd;
	if (s && *s)
		seed = strtoull(s, NULL, 0);
	if (tamago_register(&h) != 0) {
		static const char msg[] = "record: tamago_register failed\n";

		write(2, msg, sizeof(msg) - 1);
		_exit(125);
	}
}
