/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The --ro layers' lister (fs/lower.h): a thread of the supervisor, which
 * stays outside the sandbox, answering the sandbox's requests to list a
 * directory of a layer with each entry's metadata and symlink target.
 * Every path is resolved beneath the layer's directory, a name at a time
 * (no "..", no symlink or magic link followed: O_NOFOLLOW), as openat2's
 * RESOLVE_BENEATH would and on any kernel: whatever the sandbox asks, the
 * answer is about that directory's own entries. A
 * malformed request gets EINVAL; the thread ends when the sandbox's end
 * of the socket is gone.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fs/lower.h"
#include "launcher/launcher.h"

static struct {
	int sock;
	int fds[LOWER_MAX];
	int n;
} lister = { .sock = -1 };

static unsigned char out[LOWER_MSG];
static size_t used;

static void answer(uint32_t id, int err)
{
	struct lower_ans a = { LOWER_MAGIC ^ id, err };

	memcpy(out, &a, sizeof(a));
	used = sizeof(a);
}

static int flush(uint32_t id)
{
	size_t n = used;
	ssize_t r = send(lister.sock, out, n, MSG_NOSIGNAL);

	answer(id, 0);
	return r == (ssize_t)n ? 0 : -1;
}

/* One entry (at, of directory fd dir) into the answer; -1 when the
 * sandbox's end is gone. */
static int entry(int dir, const char *name, uint32_t id)
{
	char link[LOWER_LINK_MAX + 1];
	struct lower_rec r;
	struct stat st;
	size_t nlen = strlen(name);
	ssize_t llen = 0;

	if (fstatat(dir, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return 0; /* gone meanwhile */
	if (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode) &&
	    !S_ISLNK(st.st_mode))
		return 0;
	if (S_ISLNK(st.st_mode)) {
		llen = readlinkat(dir, name, link, sizeof(link));
		if (llen <= 0 || llen > LOWER_LINK_MAX)
			return 0;
	}
	memset(&r, 0, sizeof(r));
	r.mode = st.st_mode;
	r.uid = st.st_uid;
	r.gid = st.st_gid;
	r.nlink = (uint32_t)st.st_nlink;
	r.size = (uint64_t)st.st_size;
	r.atime = st.st_atim.tv_sec;
	r.atime_ns = (uint32_t)st.st_atim.tv_nsec;
	r.mtime = st.st_mtim.tv_sec;
	r.mtime_ns = (uint32_t)st.st_mtim.tv_nsec;
	r.ctime = st.st_ctim.tv_sec;
	r.ctime_ns = (uint32_t)st.st_ctim.tv_nsec;
	r.namelen = (uint16_t)nlen;
	r.linklen = (uint16_t)llen;
	/* Room for it and for the last message's end. */
	if (used + 2 * sizeof(r) + nlen + (size_t)llen > sizeof(out) &&
	    flush(id) < 0)
		return -1;
	memcpy(out + used, &r, sizeof(r));
	used += sizeof(r);
	memcpy(out + used, name, nlen);
	used += nlen;
	memcpy(out + used, link, (size_t)llen);
	used += (size_t)llen;
	return 0;
}

/* Is path (len bytes) a relative path of plain names? */
static bool plain(const char *path, size_t len)
{
	size_t i = 0, n;

	if (memchr(path, '\0', len))
		return false;
	while (i < len) {
		n = 0;
		while (i + n < len && path[i + n] != '/')
			n++;
		if (n == 0 || (n == 1 && path[i] == '.') ||
		    (n == 2 && path[i] == '.' && path[i + 1] == '.'))
			return false;
		i += n + 1;
	}
	return len == 0 || path[len - 1] != '/';
}

/* The directory at path (plain names) beneath root, or -1 (errno). */
static int open_beneath(int root, char *path)
{
	int fd = openat(root, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC), next;
	char *name = path, *slash;

	while (fd >= 0 && *name) {
		slash = strchr(name, '/');
		if (slash)
			*slash = '\0';
		next = openat(fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
				  O_CLOEXEC);
		close(fd);
		fd = next;
		name = slash ? slash + 1 : name + strlen(name);
	}
	return fd;
}

static int list(const struct lower_req *h, char *path, uint32_t id)
{
	DIR *d;
	struct dirent *e;
	struct lower_rec end;
	int fd, r = 0;

	fd = open_beneath(lister.fds[h->layer], path);
	if (fd < 0) {
		answer(id, errno);
		return flush(id);
	}
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		answer(id, ENOMEM);
		return flush(id);
	}
	answer(id, 0);
	while (r == 0 && (e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			r = entry(dirfd(d), e->d_name, id);
	closedir(d);
	if (r < 0)
		return r;
	memset(&end, 0, sizeof(end));
	memcpy(out + used, &end, sizeof(end));
	used += sizeof(end);
	return flush(id);
}

static void *serve(void *arg)
{
	static char req[sizeof(struct lower_req) + 4096 + 1];
	struct lower_req h;
	ssize_t n;

	(void)arg;
	for (;;) {
		n = recv(lister.sock, req, sizeof(req), 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if ((size_t)n < sizeof(h))
			continue;
		memcpy(&h, req, sizeof(h));
		if (h.magic != LOWER_MAGIC)
			continue;
		if (h.layer >= (uint32_t)lister.n ||
		    h.len != (size_t)n - sizeof(h) || h.len >= 4096 ||
		    !plain(req + sizeof(h), h.len)) {
			answer(h.id, EINVAL);
			if (flush(h.id) < 0)
				break;
			continue;
		}
		req[n] = '\0';
		if (list(&h, req + sizeof(h), h.id) < 0)
			break;
	}
	close(lister.sock);
	return NULL;
}

int lower_prepare(int *child_end)
{
	int sv[2];

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
		return -errno;
	lister.sock = own_fd(sv[0]);
	*child_end = own_fd(sv[1]);
	return 0;
}

int lower_start(const int *fds, int n)
{
	pthread_t t;
	int i, r;

	for (i = 0; i < n && i < LOWER_MAX; i++)
		lister.fds[i] = fds[i];
	lister.n = i;
	r = pthread_create(&t, NULL, serve, NULL);
	if (r)
		return -r;
	pthread_detach(t);
	return 0;
}
