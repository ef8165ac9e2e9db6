/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Stdio of the sandbox: the program never holds the host's fds 0, 1 and
 * 2 (a terminal whose foreground group is the host's, a file whose flags
 * and times it could change, an internet socket it could send from). It
 * gets fresh pipes, or a pty of its own for those of them that are
 * terminals, and a thread per direction passes the bytes on: splice
 * where the kernel moves pages between a pipe and the other end, read
 * and write where it cannot (a terminal, a file opened for appending).
 *
 * The host's fd 1 and 2, when they are one open file (2>&1), become one
 * pipe, so that the program's output keeps its order. A closed host fd
 * stays closed for the program. With a pty, the host terminal is put in
 * raw mode while the program runs (its own pty does the line editing and
 * turns ^C into the sandbox's SIGINT), and its window size is copied to
 * the pty at the start and at every SIGWINCH.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/kcmp.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <termios.h>
#include <unistd.h>

#include "launcher/launcher.h"

#define CHUNK (1 << 20)

/*
 * Waits until from has data (or has ended) and to has room (or has gone).
 * splice below never sleeps: a splice that waits for a socket or a full
 * pipe holds the pipe's lock meanwhile, and the program could not even
 * close its end.
 */
static void wait_both(int from, int to)
{
	bool rd = false, wr = false;

	while (!rd || !wr) {
		/* No events asked: only the end (HUP, ERR) is reported. */
		struct pollfd p[2] = { { from, rd ? 0 : POLLIN, 0 },
				       { to, wr ? 0 : POLLOUT, 0 } };

		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			return;
		}
		rd |= p[0].revents != 0;
		wr |= p[1].revents != 0;
		if ((p[0].revents | p[1].revents) &
		    (POLLHUP | POLLERR | POLLNVAL))
			return;
	}
}

static ssize_t write_all(int fd, const char *buf, size_t n)
{
	size_t done = 0;

	while (done < n) {
		ssize_t r = write(fd, buf + done, n - done);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0 && errno == EAGAIN) {
			struct pollfd p = { fd, POLLOUT, 0 };

			poll(&p, 1, -1);
			continue;
		}
		if (r <= 0)
			return -1;
		done += (size_t)r;
	}
	return (ssize_t)done;
}

/*
 * splice only from a pipe or a file: from a socket or a terminal the
 * kernel may wait for data with the pipe's lock held, whatever the flags,
 * and the program could not even close its end meanwhile.
 */
static bool splice_source(int fd)
{
	struct stat st;

	return fstat(fd, &st) == 0 &&
	       (S_ISFIFO(st.st_mode) || S_ISREG(st.st_mode));
}

static void *copy_main(void *arg)
{
	struct copy *c = arg;
	bool can_splice = splice_source(c->from);
	char *buf = NULL;
	int i;

	for (;;) {
		ssize_t n;

		/* Without a splice, a read would block on from alone. */
		if (!can_splice)
			wait_both(c->from, c->to);
		if (can_splice) {
			n = splice(c->from, NULL, c->to, NULL, CHUNK,
				   SPLICE_F_MOVE | SPLICE_F_NONBLOCK);
			/* Neither end a pipe, or one the kernel cannot
			 * splice to (a terminal, O_APPEND): copy. */
			if (n < 0 && (errno == EINVAL || errno == ENOSYS)) {
				can_splice = false;
				continue;
			}
		} else {
			if (!buf && !(buf = malloc(65536))) {
				c->err = ENOMEM;
				break;
			}
			n = read(c->from, buf, 65536);
			if (n > 0 && write_all(c->to, buf, (size_t)n) < 0) {
				c->err = errno;
				break;
			}
		}
		if (n == 0)
			break;
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN) {
			wait_both(c->from, c->to);
			continue;
		}
		if (n < 0 && errno == EIO && c->retry_eio) {
			/* A terminal read from the background (SIGTTIN is
			 * ignored here): wait to be brought back. */
			poll(NULL, 0, 100);
			continue;
		}
		if (n < 0) {
			/* A pty's master reads EIO once no slave is open:
			 * the end, not an error. */
			c->err = errno == EIO ? 0 : errno;
			break;
		}
		c->bytes += (uint64_t)n;
	}
	free(buf);
	for (i = 0; i < 2; i++)
		if (c->done_close[i] >= 0)
			close(c->done_close[i]);
	return NULL;
}

int copy_start(struct copy *c)
{
	int r = pthread_create(&c->thread, NULL, copy_main, c);

	c->started = r == 0;
	return -r;
}

void copy_join(struct copy *c)
{
	if (c->started)
		pthread_join(c->thread, NULL);
	c->started = false;
}

static struct {
	int host_tty;		/* the host terminal (0, 1, 2) or -1 */
	int master;		/* the sandbox's pty, or -1 */
	bool raw;		/* the host terminal's modes are changed */
	struct termios saved;
	int parent_end[3];	/* the supervisor's ends of the pipes */
	struct copy in, out[2], tty_out;
} io = { .host_tty = -1, .master = -1, .parent_end = { -1, -1, -1 } };

static bool is_open(int fd)
{
	return fcntl(fd, F_GETFD) >= 0;
}

/* Are host fds 1 and 2 one open file description (2>&1)? */
static bool same_description(void)
{
	struct stat a, b;
	pid_t self = getpid();
	long r = syscall(SYS_kcmp, self, self, KCMP_FILE, 1, 2);

	if (r >= 0)
		return r == 0;
	/* Without kcmp: the same object will do (the same pipe or file
	 * written from two places keeps no order anyway). */
	return fstat(1, &a) == 0 && fstat(2, &b) == 0 &&
	       a.st_dev == b.st_dev && a.st_ino == b.st_ino &&
	       a.st_rdev == b.st_rdev;
}

static void make_pipe(int p[2])
{
	if (pipe2(p, O_CLOEXEC) < 0)
		die(FAILED, "stdio", "cannot make a pipe: %s", strerror(errno));
	p[0] = own_fd(p[0]);
	p[1] = own_fd(p[1]);
}

/* A pty whose modes and size are the host terminal's. */
static int open_pty(int host)
{
	struct termios t;
	struct winsize ws;
	int slave;

	io.master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (io.master < 0 || grantpt(io.master) < 0 ||
	    unlockpt(io.master) < 0)
		die(FAILED, "stdio", "cannot make a pty: %s", strerror(errno));
	io.master = own_fd(io.master);
	slave = open(ptsname(io.master), O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (slave < 0)
		die(FAILED, "stdio", "cannot open the pty: %s",
		    strerror(errno));
	if (tcgetattr(host, &t) == 0)
		tcsetattr(slave, TCSANOW, &t);
	if (ioctl(host, TIOCGWINSZ, &ws) == 0)
		ioctl(slave, TIOCSWINSZ, &ws);
	return own_fd(slave);
}

void stdio_prepare(struct stdio_plan *p, bool stdin_taken)
{
	bool tty[3], open[3];
	int i, pp[2];

	p->tty = -1;
	for (i = 0; i < 3; i++) {
		open[i] = is_open(i);
		tty[i] = open[i] && isatty(i);
		if (tty[i] && io.host_tty < 0)
			io.host_tty = i;
		p->child[i] = -1;
	}
	if (io.host_tty >= 0)
		p->tty = open_pty(io.host_tty);
	for (i = 0; i < 3; i++) {
		if (!open[i] || (i == 0 && stdin_taken))
			continue;
		if (tty[i]) {
			p->child[i] = p->tty;
			continue;
		}
		if (i == 2 && p->child[1] >= 0 && !tty[1] &&
		    same_description()) {
			p->child[2] = p->child[1];
			continue;
		}
		make_pipe(pp);
		/* The program's end: stdin reads, stdout and stderr write. */
		p->child[i] = i == 0 ? pp[0] : pp[1];
		io.parent_end[i] = i == 0 ? pp[1] : pp[0];
		/* Bigger pipes, fewer trips through the relay. */
		if (i > 0)
			fcntl(pp[0], F_SETPIPE_SZ, CHUNK);
	}
}

static void start(struct copy *c, int from, int to, int close_a,
		  int close_b)
{
	c->from = from;
	c->to = to;
	c->done_close[0] = close_a;
	c->done_close[1] = close_b;
	if (copy_start(c) < 0)
		die(FAILED, "stdio", "cannot start a relay");
}

void stdio_start(struct stdio_plan *p)
{
	int i;

	/* The child has its own copies now. */
	for (i = 0; i < 3; i++)
		if (p->child[i] >= 0 && p->child[i] != p->tty &&
		    (i == 0 || p->child[i] != p->child[i - 1]))
			close(p->child[i]);
	if (p->tty >= 0)
		close(p->tty);
	if (io.parent_end[0] >= 0)
		start(&io.in, 0, io.parent_end[0], io.parent_end[0], -1);
	for (i = 1; i < 3; i++)
		if (io.parent_end[i] >= 0)
			start(&io.out[i - 1], io.parent_end[i], i,
			      io.parent_end[i], -1);
	if (io.master < 0)
		return;
	/* Echo and output of the pty go to the host terminal: the fd
	 * among 1 and 2 that is one, else 0 itself. */
	start(&io.tty_out, io.master,
	      isatty(1) ? 1 : isatty(2) ? 2 : io.host_tty, -1, -1);
	if (isatty(0) && tcgetpgrp(0) == getpgrp() &&
	    tcgetattr(0, &io.saved) == 0) {
		struct termios raw = io.saved;

		cfmakeraw(&raw);
		if (tcsetattr(0, TCSADRAIN, &raw) == 0)
			io.raw = true;
	}
	if (p->child[0] == p->tty) {
		io.in.retry_eio = true;
		start(&io.in, 0, io.master, -1, -1);
	}
}

void stdio_finish(void)
{
	copy_join(&io.out[0]);
	copy_join(&io.out[1]);
	copy_join(&io.tty_out);
}

void stdio_bytes(uint64_t *out, uint64_t *err)
{
	*out = io.out[0].bytes + io.tty_out.bytes;
	*err = io.out[1].bytes;
}

void stdio_restore(void)
{
	if (io.raw)
		tcsetattr(0, TCSADRAIN, &io.saved);
	io.raw = false;
}

void stdio_winch(void)
{
	struct winsize ws;

	if (io.master >= 0 && io.host_tty >= 0 &&
	    ioctl(io.host_tty, TIOCGWINSZ, &ws) == 0)
		ioctl(io.master, TIOCSWINSZ, &ws);
}
