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

#include "core/band.h"
#include "fs/fs.h"
#include "net/internal.h"

static int fd_hi;

static const struct net_shared *nsh(void)
{
	aoff_t r = arena_root(ROOT_NET);

	if (!r) {
		r = arena_alloc(sizeof(struct net_shared));
		if (!r)
			return NULL;
		arena_set_root(ROOT_NET, r);
	}
	return APTR(struct net_shared, r);
}

#define NSH_W()                                                              \
	((struct net_shared *)arena_w((void *)nsh(), sizeof(struct net_shared)))

static uint32_t bucket(uint64_t kino)
{
	return (uint32_t)((kino * 0x9e3779b97f4a7c15ULL) >> 32) &
	       (nsh()->nbuckets - 1);
}

static aoff_t *bucket_w(uint64_t kino)
{
	return ASLOT_W(nsh()->buckets, bucket(kino));
}

static int rehash(uint32_t n)
{
	aoff_t nb = arena_alloc(n * sizeof(aoff_t));
	uint32_t i, old = nsh()->nbuckets;
	aoff_t ob = nsh()->buckets;
	struct net_shared *w;

	if (!nb)
		return -ENOMEM;
	w = NSH_W();
	w->buckets = nb;
	w->nbuckets = n;
	for (i = 0; ob && i < old; i++) {
		aoff_t s = APTR(aoff_t, ob)[i];

		while (s) {
			aoff_t next = SOCK(s)->next;
			aoff_t *b = bucket_w(SOCK(s)->kino);

			SOCK_W(s)->next = *b;
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
	aoff_t *p = bucket_w(SOCK(s)->kino);

	while (*p && *p != s)
		p = &SOCK_W(*p)->next;
	if (*p) {
		*p = SOCK(s)->next;
		NSH_W()->count--;
	}
}

static void link_hash(aoff_t s)
{
	aoff_t *b = bucket_w(SOCK(s)->kino);

	SOCK_W(s)->next = *b;
	*b = s;
	NSH_W()->count++;
}

static aoff_t find(uint64_t kino)
{
	aoff_t s;

	if (!nsh() || !nsh()->nbuckets)
		return 0;
	for (s = APTR(aoff_t, nsh()->buckets)[bucket(kino)]; s;
	     s = SOCK(s)->next)
		if (SOCK(s)->kino == kino)
			return s;
	return 0;
}

static void unlink_bound(aoff_t s)
{
	aoff_t *p = &NSH_W()->bound_head;

	while (*p && *p != s)
		p = &SOCK_W(*p)->bnext;
	if (*p)
		*p = SOCK(s)->bnext;
	SOCK_W(s)->bnext = 0;
}

int sock_band(aoff_t s)
{
	arch_kstat st;
	int fd = SOCK(s)->band;

	if (fd < 0 || sys_fstat(fd, &st) < 0 ||
	    (uint64_t)st.st_ino != SOCK(s)->band_kino)
		return -ECONNREFUSED;
	return fd;
}

void sock_set_band(aoff_t s, int fd)
{
	arch_kstat st;
	struct net_sock *w = SOCK_W(s);

	w->band = fd;
	w->band_kino = fd >= 0 && sys_fstat(fd, &st) == 0 ?
			       (uint64_t)st.st_ino : 0;
}

void sock_unbind(aoff_t s)
{
	if (SOCK(s)->band >= 0) {
		int fd = sock_band(s);

		unlink_bound(s);
		if (fd >= 0)
			sys_close(fd);
		SOCK_W(s)->band = -1;
	}
}

void sock_drop(aoff_t s)
{
	sock_unbind(s);
	if (SOCK(s)->token >= 0 && SOCK(s)->owner ==
	    (int32_t)sys3(SYS_getpid, 0, 0, 0))
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

/*
 * Drops the entries this process made of sockets that no fd of it holds
 * (another process's fds it cannot see: their entries stay).
 */
static void sweep(void)
{
	int fd, top = fd_hi + 1 < band_base() ? fd_hi + 1 : band_base();
	int32_t self = (int32_t)sys3(SYS_getpid, 0, 0, 0);
	uint32_t i;
	uint64_t kino;
	aoff_t s;

	for (fd = 0; fd < top; fd++)
		if (kino_of(fd, &kino) == 0 && (s = find(kino)))
			SOCK_W(s)->mark = 1;
	for (i = 0; i < nsh()->nbuckets; i++) {
		s = APTR(aoff_t, nsh()->buckets)[i];
		while (s) {
			aoff_t next = SOCK(s)->next;

			if (!SOCK(s)->mark && SOCK(s)->owner == self)
				sock_drop(s);
			else if (SOCK(s)->mark)
				SOCK_W(s)->mark = 0;
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
	if (!nsh())
		return 0;
	if (!nsh()->nbuckets) {
		if (rehash(256) < 0)
			return 0;
		NSH_W()->limit = 1024;
	}
	if (nsh()->count >= nsh()->limit) {
		sweep();
		if (nsh()->count >= nsh()->limit / 2) {
			NSH_W()->limit *= 2;
			if (nsh()->nbuckets < nsh()->limit / 4)
				rehash(nsh()->nbuckets * 2);
		}
	}
	/* A stale entry for a reused inode number. */
	s = find(kino);
	if (s)
		sock_drop(s);
	s = arena_alloc(sizeof(struct net_sock));
	if (!s)
		return 0;
	SOCK_W(s)->kino = kino;
	SOCK_W(s)->band = -1;
	SOCK_W(s)->token = -1;
	SOCK_W(s)->owner = (int32_t)sys3(SYS_getpid, 0, 0, 0);
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
	SOCK_W(s)->kino = kino;
	link_hash(s);
	return 0;
}

void sock_bind_add(aoff_t s)
{
	SOCK_W(s)->bnext = nsh()->bound_head;
	NSH_W()->bound_head = s;
}

size_t net_sock_count(void)
{
	return nsh() ? nsh()->count : 0;
}

/*
 * A hang-up on the shim's end: the program's end is closed everywhere.
 * One bound in another process (after a fork) cannot be told: it stays.
 */
static bool alive(aoff_t s)
{
	struct pollfd p = { .fd = sock_band(s), .events = POLLIN };
	struct timespec zero = { 0, 0 };

	if (p.fd < 0)
		return true;
	if (sys6(SYS_ppoll, &p, 1, &zero, 0, 0, 0) < 0)
		return true;
	return !(p.revents & (POLLHUP | POLLNVAL));
}

aoff_t sock_bound_next(aoff_t prev)
{
	aoff_t s = prev ? SOCK(prev)->bnext : nsh() ? nsh()->bound_head : 0;

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
