/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The state of the program's internet sockets, in the core's arena: a
 * chained hash from the stand-in's kernel inode number to its net_sock,
 * like fs/fd.c's map from memfd inodes to files.
 *
 * Why the arena and not a fixed table: a server holds as many sockets as
 * it has clients, so no fixed size fits, and the arena is already the
 * core's one allocator that is safe in the SIGSYS handler.
 *
 * The shim does not see close (it is a plain call in the filter, and a
 * raw close would bypass any override), so an entry outlives its socket.
 * When the table fills up it is swept: every fd up to the highest one a
 * socket call has named is looked at once (fstat), and entries whose
 * socket no such fd holds any more are dropped; the table grows only if
 * it is still half full, so a sweep costs O(1) per socket created when
 * the program's fds are about as many as its sockets. (A socket moved by
 * dup2 above every fd the shim has seen, with its old fd closed, loses
 * its state at a sweep and then answers as its AF_UNIX stand-in.) A
 * socket that holds a port has a peer in the shim's band and is dropped
 * as soon as that peer reports a hang-up.
 */
#include <errno.h>
#include <poll.h>
#include <sys/stat.h>
#include <time.h>

#include "fs/fs.h"
#include "net/internal.h"

static aoff_t buckets;
static uint32_t nbuckets;
static uint32_t count, limit;
static int fd_hi;
static aoff_t bound_head;

static aoff_t *buckets_ptr(void)
{
	return APTR(aoff_t, buckets);
}

static uint32_t bucket(uint64_t kino)
{
	return (uint32_t)((kino * 0x9e3779b97f4a7c15ULL) >> 32) &
	       (nbuckets - 1);
}

static int rehash(uint32_t n)
{
	aoff_t nb = arena_alloc(n * sizeof(aoff_t));
	uint32_t i, old = nbuckets;
	aoff_t ob = buckets;

	if (!nb)
		return -ENOMEM;
	buckets = nb;
	nbuckets = n;
	for (i = 0; ob && i < old; i++) {
		aoff_t s = APTR(aoff_t, ob)[i];

		while (s) {
			aoff_t next = SOCK(s)->next;
			aoff_t *b = &buckets_ptr()[bucket(SOCK(s)->kino)];

			SOCK(s)->next = *b;
			*b = s;
			s = next;
		}
	}
	if (ob)
		arena_free(ob, old * sizeof(aoff_t));
	return 0;
}

static void unlink_hash(aoff_t s)
{
	aoff_t *p = &buckets_ptr()[bucket(SOCK(s)->kino)];

	while (*p && *p != s)
		p = &SOCK(*p)->next;
	if (*p) {
		*p = SOCK(s)->next;
		count--;
	}
}

static void link_hash(aoff_t s)
{
	aoff_t *b = &buckets_ptr()[bucket(SOCK(s)->kino)];

	SOCK(s)->next = *b;
	*b = s;
	count++;
}

static aoff_t find(uint64_t kino)
{
	aoff_t s;

	if (!nbuckets)
		return 0;
	for (s = buckets_ptr()[bucket(kino)]; s; s = SOCK(s)->next)
		if (SOCK(s)->kino == kino)
			return s;
	return 0;
}

static void unlink_bound(aoff_t s)
{
	aoff_t *p = &bound_head;

	while (*p && *p != s)
		p = &SOCK(*p)->bnext;
	if (*p)
		*p = SOCK(s)->bnext;
	SOCK(s)->bnext = 0;
}

void sock_unbind(aoff_t s)
{
	if (SOCK(s)->band >= 0) {
		unlink_bound(s);
		sys_close(SOCK(s)->band);
		SOCK(s)->band = -1;
	}
}

void sock_drop(aoff_t s)
{
	sock_unbind(s);
	if (SOCK(s)->token >= 0)
		sys_close(SOCK(s)->token);
	if (SOCK(s)->uname)
		arena_free(SOCK(s)->uname, sizeof(struct net_uname));
	if (SOCK(s)->upeer)
		arena_free(SOCK(s)->upeer, sizeof(struct net_uname));
	unlink_hash(s);
	arena_free(s, sizeof(struct net_sock));
}

static long kino_of(int fd, uint64_t *kino)
{
	arch_kstat st;
	long r = sys_fstat(fd, &st);

	if (r < 0)
		return r;
	if (!S_ISSOCK(st.st_mode))
		return -ENOTSOCK;
	*kino = st.st_ino;
	return 0;
}

/* Drops the entries of sockets that no fd of the program holds. */
static void sweep(void)
{
	int fd, top = fd_hi + 1 < fs_band_base() ? fd_hi + 1 : fs_band_base();
	uint32_t i;
	uint64_t kino;
	aoff_t s;

	for (fd = 0; fd < top; fd++)
		if (kino_of(fd, &kino) == 0 && (s = find(kino)))
			SOCK(s)->mark = 1;
	for (i = 0; i < nbuckets; i++) {
		s = buckets_ptr()[i];
		while (s) {
			aoff_t next = SOCK(s)->next;

			if (!SOCK(s)->mark)
				sock_drop(s);
			else
				SOCK(s)->mark = 0;
			s = next;
		}
	}
}

aoff_t sock_of_fd(int fd)
{
	uint64_t kino;

	if (fd < 0 || kino_of(fd, &kino) < 0)
		return 0;
	if (fd > fd_hi)
		fd_hi = fd;
	return find(kino);
}

aoff_t sock_new(int fd)
{
	uint64_t kino;
	aoff_t s;

	if (kino_of(fd, &kino) < 0)
		return 0;
	if (fd > fd_hi)
		fd_hi = fd;
	if (!nbuckets) {
		if (rehash(256) < 0)
			return 0;
		limit = 1024;
	}
	if (count >= limit) {
		sweep();
		if (count >= limit / 2) {
			limit *= 2;
			if (nbuckets < limit / 4)
				rehash(nbuckets * 2);
		}
	}
	/* A stale entry for a reused inode number. */
	s = find(kino);
	if (s)
		sock_drop(s);
	s = arena_alloc(sizeof(struct net_sock));
	if (!s)
		return 0;
	SOCK(s)->kino = kino;
	SOCK(s)->band = -1;
	SOCK(s)->token = -1;
	link_hash(s);
	return s;
}

int sock_rekey(aoff_t s, int fd)
{
	uint64_t kino;
	long r = kino_of(fd, &kino);
	aoff_t old;

	if (r < 0)
		return (int)r;
	if (fd > fd_hi)
		fd_hi = fd;
	unlink_hash(s);
	old = find(kino);
	if (old)
		sock_drop(old);
	SOCK(s)->kino = kino;
	link_hash(s);
	return 0;
}

void sock_bind_add(aoff_t s)
{
	SOCK(s)->bnext = bound_head;
	bound_head = s;
}

size_t net_sock_count(void)
{
	return count;
}

/* A hang-up on the shim's end: the program's end is closed everywhere. */
static bool alive(aoff_t s)
{
	struct pollfd p = { .fd = SOCK(s)->band, .events = POLLIN };
	struct timespec zero = { 0, 0 };

	if (sys6(SYS_ppoll, &p, 1, &zero, 0, 0, 0) < 0)
		return true;
	return !(p.revents & (POLLHUP | POLLNVAL));
}

aoff_t sock_bound_next(aoff_t prev)
{
	aoff_t s = prev ? SOCK(prev)->bnext : bound_head;

	while (s && !alive(s)) {
		aoff_t next = SOCK(s)->bnext;

		sock_drop(s);
		s = next;
	}
	return s;
}

aoff_t sock_bound_first(void)
{
	return sock_bound_next(0);
}
