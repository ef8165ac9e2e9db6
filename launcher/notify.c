/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fstat before the seal. ld.so and libc ask for an fd's metadata as
 * newfstatat(fd, "", AT_EMPTY_PATH) (or statx), and the filter cannot
 * read the path: with a directory fd, the same call would read any host
 * path's metadata, which Landlock does not guard. The first filter sends
 * these calls here (SECCOMP_RET_USER_NOTIF); the supervisor reads the
 * path's first byte, and for an empty path takes a copy of the fd
 * (pidfd_getfd) and answers with fstat of it, written into the caller's
 * buffer. Any path is refused with EACCES. The call itself never runs,
 * so a path changed behind the supervisor's back changes nothing.
 *
 * After the seal the shim traps these calls, and the shim's trap wins
 * over this filter's notification: only code running before the seal
 * (ld.so, libc's start, the shim's constructor, the program's early
 * code) ever arrives here.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include "launcher/launcher.h"

static int recv_fd(int sock)
{
	char byte, ctl[CMSG_SPACE(sizeof(int))];
	struct iovec iov = { &byte, 1 };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1,
			    .msg_control = ctl,
			    .msg_controllen = sizeof(ctl) };
	struct cmsghdr *cm;
	int fd;

	if (recvmsg(sock, &m, MSG_CMSG_CLOEXEC) <= 0)
		return -1;
	cm = CMSG_FIRSTHDR(&m);
	if (!cm || cm->cmsg_type != SCM_RIGHTS)
		return -1;
	memcpy(&fd, CMSG_DATA(cm), sizeof(fd));
	return fd;
}

/* The thread group of thread tid (pidfd_open wants a leader). */
static pid_t tgid_of(pid_t tid)
{
	char path[64], buf[1024], *p;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)tid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return tid;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return tid;
	buf[n] = '\0';
	p = strstr(buf, "\nTgid:");
	return p ? (pid_t)atoi(p + 6) : tid;
}

static int copy_in(pid_t pid, uint64_t addr, void *buf, size_t n)
{
	struct iovec l = { buf, n }, r = { (void *)(uintptr_t)addr, n };

	return process_vm_readv(pid, &l, 1, &r, 1, 0) == (ssize_t)n ? 0 :
								   -EFAULT;
}

static int copy_out(pid_t pid, uint64_t addr, const void *buf, size_t n)
{
	struct iovec l = { (void *)buf, n },
		     r = { (void *)(uintptr_t)addr, n };

	return process_vm_writev(pid, &l, 1, &r, 1, 0) == (ssize_t)n ? 0 :
								    -EFAULT;
}

/*
 * A copy of the caller's fd, or -errno. Before Linux 5.6 (no
 * pidfd_getfd), its /proc link opened with O_PATH: the same file, for
 * fstat.
 */
static int their_fd(pid_t pid, int fd)
{
	/* ld.so asks a dozen times in a row: one pidfd for the caller. */
	static pid_t last = -1;
	static long pfd = -1;
	char path[64];
	long r;

	if (pid != last) {
		if (pfd >= 0)
			close((int)pfd);
		pfd = syscall(SYS_pidfd_open, tgid_of(pid), 0);
		last = pfd < 0 ? -1 : pid;
	}
	r = pfd < 0 ? -ENOSYS : syscall(SYS_pidfd_getfd, (int)pfd, fd, 0);
	if (pfd >= 0 && r < 0)
		r = -errno;
	if (r != -ENOSYS)
		return (int)r;
	snprintf(path, sizeof(path), "/proc/%d/fd/%d", (int)pid, fd);
	r = open(path, O_PATH | O_CLOEXEC);
	return r < 0 ? -errno : (int)r;
}

static int answer(int nfd, const struct seccomp_notif *req)
{
	const __u64 *a = req->data.args;
	bool is_statx = req->data.nr == SCMP_SYS(statx);
	uint64_t path = a[1], buf = is_statx ? a[4] : a[2];
	int dirfd = (int)a[0], fd, r;
	char first;
	union {
		struct stat st;
		struct statx stx;
	} u;
	size_t size;

	/* fstatat64 is 32-bit arm's newfstatat: its struct stat64 is this
	 * program's struct stat (meson builds with 64-bit off_t). */
	if (req->data.nr != SCMP_SYS(newfstatat) &&
	    req->data.nr != SCMP_SYS(fstatat64) && !is_statx)
		return -ENOSYS;
	r = copy_in(req->pid, path, &first, 1);
	if (r < 0)
		return r;
	/* A path, or the working directory: host metadata, refused. */
	if (first != '\0' || dirfd == AT_FDCWD)
		return -EACCES;
	fd = their_fd(req->pid, dirfd);
	if (fd < 0)
		return fd;
	memset(&u, 0, sizeof(u));
	if (is_statx) {
		r = statx(fd, "",
			  AT_EMPTY_PATH | ((int)a[2] & AT_STATX_SYNC_TYPE),
			  (unsigned int)a[3], &u.stx);
		size = sizeof(u.stx);
	} else {
		r = fstat(fd, &u.st);
		size = sizeof(u.st);
	}
	r = r < 0 ? -errno : 0;
	close(fd);
	/* The caller may have gone, its pid reused: answer only it. */
	if (r == 0 && seccomp_notify_id_valid(nfd, req->id) != 0)
		return -ESRCH;
	if (r == 0)
		r = copy_out(req->pid, buf, &u, size);
	return r;
}

static void *notify_main(void *arg)
{
	struct seccomp_notif *req = NULL;
	struct seccomp_notif_resp *resp = NULL;
	int sock = (int)(long)arg;
	int nfd = recv_fd(sock);

	close(sock);
	if (nfd < 0 || seccomp_notify_alloc(&req, &resp) < 0)
		return NULL;
	for (;;) {
		struct pollfd p = { nfd, POLLIN, 0 };
		int r;

		if (poll(&p, 1, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		/* No process uses the filter any more. */
		if (!(p.revents & POLLIN))
			break;
		/* The kernel wants it zeroed. */
		memset(req, 0, sizeof(*req));
		r = seccomp_notify_receive(nfd, req);
		if (r == -EINTR || r == -ENOENT)
			continue;
		if (r < 0)
			break;
		r = answer(nfd, req);
		resp->id = req->id;
		resp->val = 0;
		resp->error = r < 0 ? r : 0;
		resp->flags = 0;
		seccomp_notify_respond(nfd, resp);
	}
	seccomp_notify_free(req, resp);
	close(nfd);
	return NULL;
}

void notify_start(int sock)
{
	pthread_t t;

	if (pthread_create(&t, NULL, notify_main, (void *)(long)sock) != 0)
		die(FAILED, "seccomp listener", "cannot start its thread");
	pthread_detach(t);
}
