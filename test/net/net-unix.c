/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * AF_UNIX names in the sandbox: stream, seqpacket and datagram sockets
 * bound to paths of the in-memory file system and to abstract names,
 * with servers and clients in threads and forked children; names,
 * errors, fd passing, credentials, unlink while bound, autobind.
 *   net-unix HOST_PATH HOST_ABSTRACT TMP_PATH
 * HOST_PATH and HOST_ABSTRACT are names a host process listens on: the
 * sandbox must not reach them. TMP_PATH is bound inside; the caller
 * checks that the host's file system has no such file. Run by an
 * unprivileged user, it checks the permission errors too. Prints
 * "net-unix: ok".
 */
#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "test/lib/check.h"

#define CLIENTS 4
#define ROUNDS 50

static socklen_t un_addr(struct sockaddr_un *a, const char *path)
{
	memset(a, 0, sizeof(*a));
	a->sun_family = AF_UNIX;
	strcpy(a->sun_path, path);
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) +
			   strlen(path) + 1);
}

/* An abstract name: a leading NUL, then name (no terminating NUL). */
static socklen_t abs_addr(struct sockaddr_un *a, const char *name)
{
	memset(a, 0, sizeof(*a));
	a->sun_family = AF_UNIX;
	memcpy(a->sun_path + 1, name, strlen(name));
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 +
			   strlen(name));
}

static int sock_at(int type, const struct sockaddr_un *a, socklen_t l)
{
	int fd = socket(AF_UNIX, type, 0);

	CHECK(fd >= 0);
	if (bind(fd, (const struct sockaddr *)a, l) != 0) {
		fprintf(stderr, "bind %s: %s\n", a->sun_path, strerror(errno));
		exit(1);
	}
	return fd;
}

static int listen_at(int type, const char *path)
{
	struct sockaddr_un a;
	int fd = sock_at(type, &a, un_addr(&a, path));

	CHECK(listen(fd, 16) == 0);
	return fd;
}

static int connect_to(int type, const char *path)
{
	struct sockaddr_un a;
	socklen_t l = un_addr(&a, path);
	int fd = socket(AF_UNIX, type, 0);

	CHECK(fd >= 0);
	CHECK(connect(fd, (struct sockaddr *)&a, l) == 0);
	return fd;
}

/* connect's errno for path on a new socket of type (0: it worked). */
static int connect_err(int type, const struct sockaddr_un *a, socklen_t l)
{
	int fd = socket(AF_UNIX, type, 0), r;

	CHECK(fd >= 0);
	r = connect(fd, (const struct sockaddr *)a, l) == 0 ? 0 : errno;
	close(fd);
	return r;
}

static int connect_path_err(int type, const char *path)
{
	struct sockaddr_un a;
	socklen_t l = un_addr(&a, path);

	return connect_err(type, &a, l);
}

static void echo_client(const char *path)
{
	int fd = connect_to(SOCK_STREAM, path), i;
	char buf[64], got[64];

	for (i = 0; i < ROUNDS; i++) {
		int n = snprintf(buf, sizeof(buf), "round %d of %d", i,
				 (int)getpid());
		ssize_t k = 0;

		CHECK(write(fd, buf, (size_t)n) == n);
		while (k < n) {
			ssize_t r = read(fd, got + k, (size_t)(n - k));

			CHECK(r > 0);
			k += r;
		}
		CHECK(!memcmp(buf, got, (size_t)n));
	}
	close(fd);
}

static void *client_thread(void *path)
{
	echo_client(path);
	return NULL;
}

static void *echo_server(void *arg)
{
	int lfd = *(int *)arg, i;

	for (i = 0; i < CLIENTS + 1; i++) {
		struct sockaddr_un peer;
		socklen_t pl = sizeof(peer);
		int c = accept(lfd, (struct sockaddr *)&peer, &pl);
		char buf[256];
		ssize_t n;

		CHECK(c >= 0);
		/* An unnamed client. */
		CHECK(pl == sizeof(sa_family_t) && peer.sun_family == AF_UNIX);
		while ((n = read(c, buf, sizeof(buf))) > 0)
			CHECK(write(c, buf, (size_t)n) == n);
		CHECK(n == 0);
		close(c);
	}
	return NULL;
}

static void names_of_a_connection(const char *path)
{
	int lfd = listen_at(SOCK_STREAM, path), c, s, v;
	struct sockaddr_un a;
	socklen_t l = sizeof(a);
	struct ucred cr;
	pid_t pid;
	int st;

	CHECK(getsockname(lfd, (struct sockaddr *)&a, &l) == 0);
	CHECK(l == offsetof(struct sockaddr_un, sun_path) + strlen(path) + 1);
	CHECK(!strcmp(a.sun_path, path));
	l = sizeof(v);
	CHECK(getsockopt(lfd, SOL_SOCKET, SO_TYPE, &v, &l) == 0);
	CHECK(v == SOCK_STREAM);
	CHECK(getsockopt(lfd, SOL_SOCKET, SO_ACCEPTCONN, &v, &l) == 0);
	CHECK(v == 1);
	CHECK(getsockopt(lfd, SOL_SOCKET, SO_DOMAIN, &v, &l) == 0);
	CHECK(v == AF_UNIX);
	/* No connection waits: a non-blocking accept says so. */
	CHECK(fcntl(lfd, F_SETFL, O_NONBLOCK) == 0);
	CHECK(accept(lfd, NULL, NULL) < 0 && errno == EAGAIN);

	c = connect_to(SOCK_STREAM, path);
	{
		struct pollfd p = { .fd = lfd, .events = POLLIN };

		CHECK(poll(&p, 1, 1000) == 1 && (p.revents & POLLIN));
	}
	s = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
	CHECK(s >= 0 && (fcntl(s, F_GETFD) & FD_CLOEXEC));
	l = sizeof(a);
	CHECK(getpeername(c, (struct sockaddr *)&a, &l) == 0);
	CHECK(!strcmp(a.sun_path, path));
	l = sizeof(a);
	CHECK(getsockname(c, (struct sockaddr *)&a, &l) == 0);
	CHECK(l == sizeof(sa_family_t));
	l = sizeof(a);
	CHECK(getsockname(s, (struct sockaddr *)&a, &l) == 0);
	CHECK(!strcmp(a.sun_path, path));
	l = sizeof(a);
	CHECK(getpeername(s, (struct sockaddr *)&a, &l) == 0);
	CHECK(l == sizeof(sa_family_t));
	/* Both ends are in this process: the credentials are ours. */
	l = sizeof(cr);
	CHECK(getsockopt(s, SOL_SOCKET, SO_PEERCRED, &cr, &l) == 0);
	CHECK(cr.pid == getpid() && cr.uid == geteuid());
	l = un_addr(&a, path);
	CHECK(connect(c, (struct sockaddr *)&a, l) < 0 && errno == EISCONN);
	/* shutdown and EOF are the kernel's. */
	CHECK(shutdown(c, SHUT_WR) == 0);
	CHECK(read(s, &v, 1) == 0);
	close(c);
	close(s);

	/* A forked client: its peer is the listener's process. */
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		c = connect_to(SOCK_STREAM, path);
		l = sizeof(cr);
		CHECK(getsockopt(c, SOL_SOCKET, SO_PEERCRED, &cr, &l) == 0);
		CHECK(cr.pid == getppid());
		CHECK(write(c, "x", 1) == 1);
		CHECK(read(c, &v, 1) == 0);
		_exit(0);
	}
	{
		struct pollfd p = { .fd = lfd, .events = POLLIN };

		CHECK(poll(&p, 1, 5000) == 1);
	}
	s = accept(lfd, NULL, NULL);
	CHECK(s >= 0);
	l = sizeof(cr);
	CHECK(getsockopt(s, SOL_SOCKET, SO_PEERCRED, &cr, &l) == 0);
	CHECK(cr.pid == pid);
	CHECK(read(s, &v, 1) == 1);
	close(s);
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) &&
	      WEXITSTATUS(st) == 0);
	close(lfd);
}

static void stream_echo(const char *path)
{
	pthread_t srv, cl[CLIENTS];
	int lfd = listen_at(SOCK_STREAM, path), i, st;
	pid_t pid;

	CHECK(pthread_create(&srv, NULL, echo_server, &lfd) == 0);
	for (i = 0; i < CLIENTS; i++)
		CHECK(pthread_create(&cl[i], NULL, client_thread,
				     (void *)path) == 0);
	for (i = 0; i < CLIENTS; i++)
		CHECK(pthread_join(cl[i], NULL) == 0);
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		echo_client(path);
		_exit(0);
	}
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) &&
	      WEXITSTATUS(st) == 0);
	CHECK(pthread_join(srv, NULL) == 0);
	close(lfd);
}

static void file_system_view(const char *dir, const char *name)
{
	char path[256];
	struct stat st;
	struct dirent *d;
	DIR *dp;
	bool seen = false;
	mode_t old = umask(027);
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = listen_at(SOCK_STREAM, path);
	umask(old);
	CHECK(stat(path, &st) == 0);
	CHECK(S_ISSOCK(st.st_mode) && (st.st_mode & 07777) == 0750);
	CHECK(st.st_uid == geteuid() && st.st_size == 0);
	dp = opendir(dir);
	CHECK(dp);
	while ((d = readdir(dp)))
		if (!strcmp(d->d_name, name)) {
			CHECK(d->d_type == DT_SOCK);
			seen = true;
		}
	closedir(dp);
	CHECK(seen);
	/* A socket file does not open (only with O_PATH). */
	CHECK(open(path, O_RDONLY) < 0 && errno == ENXIO);
	CHECK(open(path, O_PATH) >= 0);
	close(fd);
}

static void errors(const char *dir)
{
	char path[256], other[300], file[256];
	struct sockaddr_un a;
	socklen_t l;
	int fd, s2;

	snprintf(path, sizeof(path), "%s/err", dir);
	snprintf(other, sizeof(other), "%s/err2", dir);
	snprintf(file, sizeof(file), "%s/plain", dir);
	fd = open(file, O_CREAT | O_WRONLY, 0666);
	CHECK(fd >= 0);
	close(fd);

	fd = listen_at(SOCK_STREAM, path);
	/* A name that exists: a socket, a file, even a dangling symlink. */
	l = un_addr(&a, path);
	s2 = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK(bind(s2, (struct sockaddr *)&a, l) < 0 && errno == EADDRINUSE);
	l = un_addr(&a, file);
	CHECK(bind(s2, (struct sockaddr *)&a, l) < 0 && errno == EADDRINUSE);
	CHECK(symlink("/nowhere", other) == 0);
	l = un_addr(&a, other);
	CHECK(bind(s2, (struct sockaddr *)&a, l) < 0 && errno == EADDRINUSE);
	CHECK(unlink(other) == 0);
	/* Already bound: EINVAL, and the second name is not left behind. */
	CHECK(bind(fd, (struct sockaddr *)&a, l) < 0 && errno == EINVAL);
	CHECK(access(other, F_OK) < 0 && errno == ENOENT);
	/* The walk's errors. */
	l = un_addr(&a, "/no/such/dir/s");
	CHECK(bind(s2, (struct sockaddr *)&a, l) < 0 && errno == ENOENT);
	snprintf(other, sizeof(other), "%s/s", file);
	l = un_addr(&a, other);
	CHECK(bind(s2, (struct sockaddr *)&a, l) < 0 && errno == ENOTDIR);
	CHECK(connect_path_err(SOCK_STREAM, other) == ENOTDIR);
	/* Lengths. */
	l = un_addr(&a, "x");
	CHECK(bind(s2, (struct sockaddr *)&a, sizeof(a) + 1) < 0 &&
	      errno == EINVAL);
	CHECK(connect(s2, (struct sockaddr *)&a, sizeof(sa_family_t)) < 0 &&
	      errno == EINVAL);
	a.sun_family = AF_INET;
	CHECK(bind(s2, (struct sockaddr *)&a, l) < 0 && errno == EINVAL);
	/* listen needs a name. */
	CHECK(listen(s2, 1) < 0 && errno == EINVAL);
	close(s2);

	CHECK(connect_path_err(SOCK_STREAM, "/tmp/absent-socket") == ENOENT);
	CHECK(connect_path_err(SOCK_STREAM, file) == ECONNREFUSED);
	CHECK(connect_path_err(SOCK_SEQPACKET, path) == EPROTOTYPE);
	/* Bound but not listening. */
	snprintf(other, sizeof(other), "%s/quiet", dir);
	l = un_addr(&a, other);
	s2 = sock_at(SOCK_STREAM, &a, l);
	CHECK(connect_path_err(SOCK_STREAM, other) == ECONNREFUSED);
	close(s2);
	/* A stale socket file: it stays, and nobody answers there. */
	close(fd);
	CHECK(connect_path_err(SOCK_STREAM, path) == ECONNREFUSED);
	l = un_addr(&a, path);
	s2 = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK(bind(s2, (struct sockaddr *)&a, l) < 0 && errno == EADDRINUSE);
	close(s2);
	/* mknod makes a socket file nobody listens on. */
	snprintf(other, sizeof(other), "%s/made", dir);
	CHECK(mknod(other, S_IFSOCK | 0666, 0) == 0);
	CHECK(connect_path_err(SOCK_STREAM, other) == ECONNREFUSED);
	CHECK(unlink(path) == 0 && unlink(other) == 0 && unlink(file) == 0);
}

/* As a user without privileges: the file system's permissions apply. */
static void permission_errors(const char *dir)
{
	char sub[256], path[256];
	struct sockaddr_un a;
	socklen_t l;
	int fd, s2;

	snprintf(sub, sizeof(sub), "%s/ro", dir);
	snprintf(path, sizeof(path), "%s/ro/s", dir);
	CHECK(mkdir(sub, 0755) == 0);
	fd = listen_at(SOCK_STREAM, path);
	CHECK(chmod(path, 0555) == 0);
	CHECK(connect_path_err(SOCK_STREAM, path) == EACCES);
	CHECK(chmod(path, 0777) == 0);
	CHECK(connect_path_err(SOCK_STREAM, path) == 0);
	CHECK(chmod(sub, 0555) == 0);
	snprintf(path, sizeof(path), "%s/ro/t", dir);
	l = un_addr(&a, path);
	s2 = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK(bind(s2, (struct sockaddr *)&a, l) < 0 && errno == EACCES);
	CHECK(chmod(sub, 0) == 0);
	CHECK(connect_path_err(SOCK_STREAM, path) == EACCES);
	close(s2);
	close(fd);
}

static void unlink_while_bound(const char *path)
{
	int lfd = listen_at(SOCK_STREAM, path), c, s;
	char b;

	c = connect_to(SOCK_STREAM, path);
	s = accept(lfd, NULL, NULL);
	CHECK(s >= 0);
	CHECK(unlink(path) == 0);
	CHECK(write(c, "u", 1) == 1 && read(s, &b, 1) == 1 && b == 'u');
	CHECK(connect_path_err(SOCK_STREAM, path) == ENOENT);
	/* The name is free again, for a new socket. */
	close(s);
	close(c);
	s = listen_at(SOCK_STREAM, path);
	c = connect_to(SOCK_STREAM, path);
	close(c);
	close(s);
	close(lfd);
	CHECK(unlink(path) == 0);
}

static void seqpacket(const char *path)
{
	int lfd = listen_at(SOCK_SEQPACKET, path), c, s, v;
	char buf[16];
	socklen_t l = sizeof(v);

	c = connect_to(SOCK_SEQPACKET, path);
	s = accept(lfd, NULL, NULL);
	CHECK(s >= 0);
	CHECK(getsockopt(s, SOL_SOCKET, SO_TYPE, &v, &l) == 0 &&
	      v == SOCK_SEQPACKET);
	CHECK(write(c, "one", 3) == 3 && write(c, "two!", 4) == 4);
	CHECK(read(s, buf, sizeof(buf)) == 3 && read(s, buf, sizeof(buf)) == 4);
	CHECK(connect_path_err(SOCK_STREAM, path) == EPROTOTYPE);
	close(c);
	close(s);
	close(lfd);
	CHECK(unlink(path) == 0);
}

static void fd_passing(const char *path)
{
	int lfd = listen_at(SOCK_STREAM, path), c, s, p[2], got;
	char data = 'F', buf[8];
	struct iovec iov = { &data, 1 };
	union {
		struct cmsghdr h;
		char b[CMSG_SPACE(sizeof(int))];
	} u;
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1,
			    .msg_control = u.b, .msg_controllen = sizeof(u.b) };

	CHECK(pipe(p) == 0);
	c = connect_to(SOCK_STREAM, path);
	s = accept(lfd, NULL, NULL);
	CHECK(s >= 0);
	memset(&u, 0, sizeof(u));
	u.h.cmsg_level = SOL_SOCKET;
	u.h.cmsg_type = SCM_RIGHTS;
	u.h.cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(&u.h), &p[1], sizeof(int));
	CHECK(sendmsg(c, &m, 0) == 1);
	memset(&u, 0, sizeof(u));
	m.msg_controllen = sizeof(u.b);
	CHECK(recvmsg(s, &m, 0) == 1);
	CHECK(u.h.cmsg_type == SCM_RIGHTS);
	memcpy(&got, CMSG_DATA(&u.h), sizeof(int));
	close(p[1]);
	CHECK(write(got, "pipe", 4) == 4);
	close(got);
	CHECK(read(p[0], buf, sizeof(buf)) == 4 && !memcmp(buf, "pipe", 4));
	close(p[0]);
	close(c);
	close(s);
	close(lfd);
	CHECK(unlink(path) == 0);
}

static void datagrams(const char *dir)
{
	char srv[256], cli[256], buf[64];
	struct sockaddr_un a, from;
	socklen_t l, fl;
	int s, c, u, v, p[2], got;

	snprintf(srv, sizeof(srv), "%s/dg-server", dir);
	snprintf(cli, sizeof(cli), "%s/dg-client", dir);
	l = un_addr(&a, srv);
	s = sock_at(SOCK_DGRAM, &a, l);
	fl = sizeof(v);
	CHECK(getsockopt(s, SOL_SOCKET, SO_TYPE, &v, &fl) == 0 &&
	      v == SOCK_DGRAM);
	CHECK(listen(s, 1) < 0 && errno == EOPNOTSUPP);

	/* A named sender: recvfrom gives its path. */
	l = un_addr(&from, cli);
	c = sock_at(SOCK_DGRAM, &from, l);
	l = un_addr(&a, srv);
	CHECK(sendto(c, "hello", 5, 0, (struct sockaddr *)&a, l) == 5);
	CHECK(sendto(c, "", 0, 0, (struct sockaddr *)&a, l) == 0);
	fl = sizeof(from);
	memset(&from, 0, sizeof(from));
	CHECK(recvfrom(s, buf, sizeof(buf), 0, (struct sockaddr *)&from,
		       &fl) == 5);
	CHECK(!memcmp(buf, "hello", 5) && !strcmp(from.sun_path, cli));
	CHECK(fl == offsetof(struct sockaddr_un, sun_path) + strlen(cli) + 1);
	CHECK(recv(s, buf, sizeof(buf), 0) == 0);

	/* An unnamed sender, connected: no address at all. */
	u = socket(AF_UNIX, SOCK_DGRAM, 0);
	CHECK(u >= 0);
	CHECK(send(u, "x", 1, 0) < 0 && errno == ENOTCONN);
	CHECK(connect(u, (struct sockaddr *)&a, l) == 0);
	fl = sizeof(from);
	CHECK(getpeername(u, (struct sockaddr *)&from, &fl) == 0 &&
	      !strcmp(from.sun_path, srv));
	CHECK(send(u, "anon", 4, 0) == 4);
	fl = sizeof(from);
	CHECK(recvfrom(s, buf, sizeof(buf), 0, (struct sockaddr *)&from,
		       &fl) == 4);
	CHECK(fl == 0);

	/* SCM_RIGHTS rides along, behind the sender's name. */
	CHECK(pipe(p) == 0);
	{
		char d = 'D';
		struct iovec iov = { &d, 1 };
		union {
			struct cmsghdr h;
			char b[CMSG_SPACE(sizeof(int))];
		} cm;
		struct msghdr m = { .msg_name = &a, .msg_namelen = l,
				    .msg_iov = &iov, .msg_iovlen = 1,
				    .msg_control = cm.b,
				    .msg_controllen = sizeof(cm.b) };

		memset(&cm, 0, sizeof(cm));
		cm.h.cmsg_level = SOL_SOCKET;
		cm.h.cmsg_type = SCM_RIGHTS;
		cm.h.cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(&cm.h), &p[1], sizeof(int));
		CHECK(sendmsg(c, &m, 0) == 1);
		memset(&cm, 0, sizeof(cm));
		m.msg_controllen = sizeof(cm.b);
		m.msg_name = &from;
		m.msg_namelen = sizeof(from);
		CHECK(recvmsg(s, &m, 0) == 1 && d == 'D');
		CHECK(!strcmp(from.sun_path, cli));
		CHECK(m.msg_controllen >= CMSG_LEN(sizeof(int)) &&
		      cm.h.cmsg_type == SCM_RIGHTS &&
		      cm.h.cmsg_len == CMSG_LEN(sizeof(int)));
		memcpy(&got, CMSG_DATA(&cm.h), sizeof(int));
		close(p[1]);
		CHECK(write(got, "dg", 2) == 2);
		close(got);
		CHECK(read(p[0], buf, sizeof(buf)) == 2);
		close(p[0]);
	}

	/* A receiver connected elsewhere takes nothing from us. */
	CHECK(connect(s, (struct sockaddr *)&from,
		      un_addr(&from, cli)) == 0);
	CHECK(sendto(u, "no", 2, 0, (struct sockaddr *)&a, l) < 0 &&
	      errno == EPERM);
	CHECK(connect(s, &(struct sockaddr){ .sa_family = AF_UNSPEC },
		      sizeof(struct sockaddr)) == 0);

	/* Nobody there. */
	close(s);
	CHECK(send(u, "x", 1, 0) < 0 && errno == ECONNREFUSED);
	CHECK(sendto(c, "x", 1, 0, (struct sockaddr *)&a, l) < 0 &&
	      errno == ECONNREFUSED);
	l = un_addr(&a, "/tmp/absent-dgram");
	CHECK(sendto(c, "x", 1, 0, (struct sockaddr *)&a, l) < 0 &&
	      errno == ENOENT);
	CHECK(connect_err(SOCK_DGRAM, &a, l) == ENOENT);
	close(u);
	close(c);
	CHECK(unlink(srv) == 0 && unlink(cli) == 0);
}

static void abstract(void)
{
	struct sockaddr_un a, b;
	socklen_t l, bl;
	char name[64];
	int lfd, c, s, x, k;

	snprintf(name, sizeof(name), "tamago-test-%d", (int)getpid());
	l = abs_addr(&a, name);
	lfd = sock_at(SOCK_STREAM, &a, l);
	CHECK(listen(lfd, 4) == 0);
	bl = sizeof(b);
	CHECK(getsockname(lfd, (struct sockaddr *)&b, &bl) == 0);
	CHECK(bl == l && !memcmp(&a, &b, l));
	x = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK(bind(x, (struct sockaddr *)&a, l) < 0 && errno == EADDRINUSE);
	/* A name is its bytes: one more NUL is another name. */
	CHECK(connect_err(SOCK_STREAM, &a, l + 1) == ECONNREFUSED);
	c = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK(connect(c, (struct sockaddr *)&a, l) == 0);
	s = accept(lfd, NULL, NULL);
	CHECK(s >= 0 && write(c, "a", 1) == 1 && read(s, name, 1) == 1);
	close(c);
	close(s);
	close(lfd);
	/* The name goes with its socket. */
	CHECK(connect_err(SOCK_STREAM, &a, l) == ECONNREFUSED);
	CHECK(bind(x, (struct sockaddr *)&a, l) == 0);
	close(x);

	/* Autobind: "\0" and five hex digits. */
	x = socket(AF_UNIX, SOCK_DGRAM, 0);
	CHECK(bind(x, (struct sockaddr *)&(sa_family_t){ AF_UNIX },
		   sizeof(sa_family_t)) == 0);
	bl = sizeof(b);
	CHECK(getsockname(x, (struct sockaddr *)&b, &bl) == 0);
	CHECK(bl == offsetof(struct sockaddr_un, sun_path) + 6);
	CHECK(b.sun_path[0] == '\0');
	for (k = 1; k < 6; k++)
		CHECK(strchr("0123456789abcdef", b.sun_path[k]) &&
		      b.sun_path[k]);
	/* And it can be reached by it. */
	s = socket(AF_UNIX, SOCK_DGRAM, 0);
	CHECK(sendto(s, "auto", 4, 0, (struct sockaddr *)&b, bl) == 4);
	CHECK(recv(x, name, sizeof(name), 0) == 4);
	close(s);
	close(x);
}

int main(int argc, char **argv)
{
	const char *dir = "/tmp/ux";
	char path[256];
	struct sockaddr_un a;
	socklen_t l;
	int fd;

	CHECK(argc == 4);
	CHECK(mkdir(dir, 0777) == 0);
	snprintf(path, sizeof(path), "%s/echo", dir);
	names_of_a_connection(path);
	CHECK(unlink(path) == 0);
	stream_echo(path);
	CHECK(unlink(path) == 0);
	file_system_view(dir, "seen");
	errors(dir);
	if (geteuid() != 0)
		permission_errors(dir);
	unlink_while_bound(path);
	seqpacket(path);
	fd_passing(path);
	datagrams(dir);
	abstract();

	/* The host's names are out of reach; ours stay inside. */
	CHECK(connect_path_err(SOCK_STREAM, argv[1]) == ENOENT);
	l = abs_addr(&a, argv[2]);
	CHECK(connect_err(SOCK_STREAM, &a, l) == ECONNREFUSED);
	l = un_addr(&a, argv[3]);
	fd = sock_at(SOCK_STREAM, &a, l);
	CHECK(listen(fd, 1) == 0);
	CHECK(access(argv[3], F_OK) == 0);
	close(fd);
	printf("net-unix: ok%s\n", geteuid() ? " (unprivileged)" : "");
	return 0;
}
