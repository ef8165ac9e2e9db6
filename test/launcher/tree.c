/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What the supervisor's tests run (supervise.sh):
 *   tree orphan MARKER   forks a child that sleeps (its command line holds
 *                        MARKER, so the host can look for it) and ends
 *   tree stdio           the kinds of fds 0, 1, 2, then lines written to
 *                        1 and 2 in turn (their order must survive 2>&1)
 *   tree cat             stdin to stdout
 *   tree closed          whether fd 1 is open
 *   tree wait            sleeps until a signal ends it
 *   tree raw-exit N      leaves by the exit_group system call (no export)
 *   tree sparse BYTES    a sparse /tmp/sparse of that size, then exit
 *   tree write PATH TEXT a file, then exit (for the export)
 *   tree tty             its terminal: kinds, name, size; the size again
 *                        at SIGWINCH; then it sets a size of its own and
 *                        echoes a line of input (pty.py)
 *   tree dgram           "ping" on fd 3 (a kept datagram socket), and
 *                        what comes back
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

static const char *kind(int fd)
{
	struct stat st;

	if (fstat(fd, &st) < 0)
		return "closed";
	if (S_ISFIFO(st.st_mode))
		return "pipe";
	if (S_ISCHR(st.st_mode))
		return isatty(fd) ? "tty" : "device";
	if (S_ISREG(st.st_mode))
		return "file";
	if (S_ISSOCK(st.st_mode))
		return "socket";
	return "other";
}

static volatile sig_atomic_t winched;

static void on_winch(int sig)
{
	(void)sig;
	winched = 1;
}

static void print_size(void)
{
	struct winsize ws = { 0 };

	ioctl(1, TIOCGWINSZ, &ws);
	printf("size: %d %d\n", ws.ws_row, ws.ws_col);
	fflush(stdout);
}

static int tty(void)
{
	struct winsize mine = { .ws_row = 33, .ws_col = 77 };
	char line[128];
	int i;

	signal(SIGWINCH, on_winch);
	printf("tty: %s %s %s\n", kind(0), kind(1), kind(2));
	printf("name: %s\n", ttyname(0) ? ttyname(0) : "none");
	print_size();
	for (i = 0; i < 100 && !winched; i++)
		usleep(100000);
	print_size();
	ioctl(1, TIOCSWINSZ, &mine);
	printf("set\n");
	fflush(stdout);
	if (!fgets(line, sizeof(line), stdin))
		return 1;
	printf("read: %s", line);
	return 0;
}

static int dgram(void)
{
	struct pollfd p = { 3, POLLIN, 0 };
	char buf[64];
	ssize_t n;

	if (send(3, "ping", 4, 0) != 4) {
		perror("dgram: send");
		return 1;
	}
	if (poll(&p, 1, 5000) != 1 ||
	    (n = recv(3, buf, sizeof(buf) - 1, 0)) < 0) {
		printf("dgram: nothing came back\n");
		return 1;
	}
	buf[n] = '\0';
	printf("dgram: got %s\n", buf);
	return 0;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";
	char buf[65536];
	ssize_t n;
	int i;

	if (!strcmp(mode, "orphan")) {
		if (fork() == 0) {
			sleep(30);
			_exit(0);
		}
		printf("orphan: forked\n");
		return 0;
	}
	if (!strcmp(mode, "stdio")) {
		printf("stdio: %s %s %s\n", kind(0), kind(1), kind(2));
		fflush(stdout);
		for (i = 0; i < 50; i++) {
			dprintf(i % 2 ? 2 : 1, "line %d\n", i);
		}
		return 0;
	}
	if (!strcmp(mode, "cat")) {
		while ((n = read(0, buf, sizeof(buf))) > 0)
			if (write(1, buf, (size_t)n) != n)
				return 1;
		return n < 0;
	}
	if (!strcmp(mode, "closed")) {
		dprintf(2, "closed: fd 1 %s\n",
			write(1, "x", 1) < 0 && errno == EBADF ? "closed" :
								 "open");
		return 0;
	}
	if (!strcmp(mode, "wait")) {
		printf("wait: waiting\n");
		fflush(stdout);
		for (;;)
			pause();
	}
	if (!strcmp(mode, "raw-exit") && argc > 2) {
		int fd = open("/tmp/f", O_CREAT | O_WRONLY, 0644);

		if (fd < 0 || write(fd, "x", 1) != 1)
			return 1;
		syscall(SYS_exit_group, atoi(argv[2]));
	}
	if (!strcmp(mode, "sparse") && argc > 2) {
		int fd = open("/tmp/sparse", O_CREAT | O_WRONLY, 0644);

		if (fd < 0 || ftruncate(fd, atoll(argv[2])) < 0) {
			perror("sparse");
			return 1;
		}
		printf("sparse: %s bytes\n", argv[2]);
		return 0;
	}
	if (!strcmp(mode, "write") && argc > 3) {
		FILE *f = fopen(argv[2], "w");

		if (!f || fputs(argv[3], f) < 0 || fclose(f))
			return 1;
		return 0;
	}
	if (!strcmp(mode, "tty"))
		return tty();
	if (!strcmp(mode, "dgram"))
		return dgram();
	fprintf(stderr, "usage: tree orphan|stdio|cat|closed|wait|raw-exit|"
			"sparse|write|tty|dgram ...\n");
	return 2;
}
