/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The store: where file contents live. One directory (a detached tmpfs
 * the sandbox made, sized by TAMAGO_FS_SIZE or not), holding one kernel
 * object per inode that needs one, named by the inode's serial number in
 * hex: a regular file for a regular file's bytes, an empty directory for
 * a directory (so that a program's directory fd is a real directory:
 * read gives EISDIR, fstat says S_IFDIR), a FIFO for a FIFO (the kernel's
 * own blocking opens). Names, links, modes and owners live in the arena;
 * the store knows only contents.
 *
 * Because objects have names, any process of the sandbox can open any
 * file, whoever made it and whenever: a program's fd is openat() of the
 * name, a fresh open file description, so read, write, mmap, lseek and
 * poll are the kernel's own. The filter lets openat, mkdirat, mknodat
 * (FIFOs) and unlinkat through on the store's fd only, and Landlock (or a
 * chroot into a mount of the sandbox's own) keeps that door inside it.
 *
 * Objects are open to every uid (the kernel's umask is 0 under the shim:
 * the program's umask is the core's, fs_umask): a process of the sandbox
 * that changed its ids must still reach them, and the core checks the
 * permissions the program sees itself.
 *
 * Each process keeps a few band fds of objects it looked at (store_fd),
 * for fstat, pwrite and ftruncate without opening again; the cache is
 * keyed by inode and serial, so an inode freed and made again misses.
 *
 * A regular file's size, blocks and times live in its object, where any
 * open file description of it may change them (write, ftruncate, a shared
 * mapping, a read for the atime). While no description but the reader's
 * band fd exists, nothing can: store_stat then keeps what fstat said in
 * the inode (kc) and answers the next stats from there, without a system
 * call, in any process of the sandbox, until the object is opened again
 * here (kc_drop: every use of an object but fstat comes through this
 * file). "No other description" is the kernel's word, not a count kept
 * by the shim (programs dup, fork and pass fds unseen): a write lease
 * (F_SETLEASE, F_WRLCK) is granted only on a file that no other
 * description holds open for reading or writing, mappings included, and
 * the numbers are read while it is held. Each lease is taken and given
 * back under the core lock, through which every open of an object goes,
 * so no opener ever waits on it. A stat that misses tries the lease on
 * the 1st, 2nd, 4th, 8th ... miss since the last open: a file kept open
 * costs one fstat a stat, as it did before, and rarely two.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>

#include "fs/internal.h"
#include "core/band.h"
#include "core/config.h"
#include "core/sys.h"
#include "hooks/hooks.h"

static int store = -1;
static int proc_fd = -1;
static bool reopen_ok;
static uint64_t store_dev;

/* Band fds of store objects this process holds: a direct-mapped cache. */
#define CACHE_SIZE 512
static struct cached {
	aoff_t ino;
	uint64_t serial;
	int fd;
} cache[CACHE_SIZE];

static void name_of(aoff_t ino, char name[20])
{
	static const char hex[] = "0123456789abcdef";
	uint64_t v = INO(ino)->serial;
	char tmp[17];
	int n = 0, i = 0;

	do {
		tmp[n++] = hex[v & 15];
		v >>= 4;
	} while (v);
	while (n)
		name[i++] = tmp[--n];
	name[i] = '\0';
}

int store_init(int fd)
{
	arch_kstat st;
	long r;

	r = sys_fstat(fd, &st);
	if (r < 0)
		return (int)r;
	if (!S_ISDIR(st.st_mode))
		return -ENOTDIR;
	/* In the band already: the number the launcher's filter names. */
	r = fd >= band_base() ? fd : band_move(fd);
	if (r < 0)
		return (int)r;
	/* Every process of the sandbox inherits it, across exec too. */
	sys_fcntl((int)r, F_SETFD, 0);
	store = (int)r;
	store_dev = st.st_dev;
	/*
	 * Reopening a program's fd (a deleted file) goes through /proc, on
	 * the fd right above the store's: the filter's openat rule needs the
	 * two side by side (seal/policy.c). Where that number is taken, the
	 * door stays shut.
	 */
	fd = (int)sys_openat(AT_FDCWD, "/proc",
			     O_PATH | O_DIRECTORY | O_CLOEXEC, 0);
	if (fd >= 0) {
		r = sys_fcntl(fd, F_DUPFD, store + 1);
		sys_close(fd);
		if (r >= 0 && r != store + 1)
			sys_close((int)r);
		else if (r >= 0)
			proc_fd = (int)r;
	}
	reopen_ok = proc_fd >= 0;
	if (core_config_w()) {
		core_config_w()->store_fd = store;
		core_config_w()->proc_fd = proc_fd;
		core_config_w()->reopen = reopen_ok;
	}
	return 0;
}

int store_attach(const struct core_config *cfg)
{
	arch_kstat st;
	long r = sys_fstat(cfg->store_fd, &st);

	if (r < 0)
		return (int)r;
	if (!S_ISDIR(st.st_mode))
		return -ENOTDIR;
	store = cfg->store_fd;
	store_dev = st.st_dev;
	proc_fd = cfg->proc_fd;
	reopen_ok = proc_fd >= 0 && cfg->reopen;
	return 0;
}

int fs_store_fd(void)
{
	return store;
}

int fs_proc_fd(void)
{
	return reopen_ok ? proc_fd : -1;
}

void fs_set_reopen(bool on)
{
	struct core_config *cfg = core_config_w();

	reopen_ok = on && proc_fd >= 0;
	if (cfg)
		cfg->reopen = reopen_ok;
}

bool store_is(const arch_kstat *st)
{
	return st->st_dev == store_dev;
}

static struct cached *slot(aoff_t ino)
{
	return &cache[(ino >> 4) % CACHE_SIZE];
}

static void forget(aoff_t ino)
{
	struct cached *c = slot(ino);

	if (c->ino == ino) {
		sys_close(c->fd);
		c->ino = 0;
	}
}

/* The flags a band fd of ino's object is opened with. */
static int own_flags(aoff_t ino)
{
	mode_t m = INO(ino)->mode;

	if (S_ISDIR(m))
		return O_RDONLY | O_DIRECTORY;
	if (S_ISFIFO(m))
		return O_PATH;
	return O_RDWR;
}

/* Keeps fd (opened with own_flags) as ino's in the band; its band fd. */
static int cache_fd(aoff_t ino, long fd)
{
	struct cached *c = slot(ino);

	fd = band_move((int)fd);
	if (fd < 0)
		return (int)fd;
	if (c->ino)
		sys_close(c->fd);
	c->ino = ino;
	c->serial = INO(ino)->serial;
	c->fd = (int)fd;
	return (int)fd;
}

/*
 * The inode's cache fields, written without the journal: a rollback
 * cannot make a dropped cache valid again, since validity also names the
 * rollbacks counted so far (journal_rollbacks); fields are written
 * before the flag that makes them valid.
 */
#define KC_VALID 0x80
#define KC_W(ino) APTR_NEW(struct fs_inode, (ino))

static void kc_drop(aoff_t ino)
{
	if (INO(ino)->kstate)
		__atomic_store_n(&KC_W(ino)->kstate, 0, __ATOMIC_RELEASE);
}

static bool kc_valid(const struct fs_inode *in)
{
	return __atomic_load_n(&in->kstate, __ATOMIC_ACQUIRE) == KC_VALID &&
	       in->kc_rollbacks == journal_rollbacks();
}

static struct timespec ns_ts(int64_t ns)
{
	struct timespec t = { ns / 1000000000, ns % 1000000000 };

	if (t.tv_nsec < 0) {
		t.tv_sec--;
		t.tv_nsec += 1000000000;
	}
	return t;
}

/* Times that nanoseconds in 64 bits hold (about 1678 to 2262). */
static bool ts_fits(const struct timespec *t)
{
	return t->tv_sec > -9000000000LL && t->tv_sec < 9000000000LL;
}

/* The stat of a regular file's object (band fd fd), kept when leased. */
static int kc_fill(aoff_t ino, int fd, arch_kstat *st)
{
	struct fs_inode *w = KC_W(ino);
	uint8_t n = (uint8_t)((INO(ino)->kstate + 1) & (KC_VALID - 1));
	bool leased;
	long r;

	w->kstate = n;
	leased = (n & (n - 1)) == 0 &&
		 sys_fcntl(fd, F_SETLEASE, F_WRLCK) == 0;
	r = sys_fstat(fd, st);
	if (!leased)
		return (int)r;
	sys_fcntl(fd, F_SETLEASE, F_UNLCK);
	if (r == 0 && ts_fits(&st->st_atim) && ts_fits(&st->st_mtim) &&
	    ts_fits(&st->st_ctim)) {
		w->kc_rollbacks = journal_rollbacks();
		w->kc.size = (uint64_t)st->st_size;
		w->kc.blocks = (uint64_t)st->st_blocks;
		w->kc.atime = ts_ns(&st->st_atim);
		w->kc.mtime = ts_ns(&st->st_mtim);
		w->kc.ctime = ts_ns(&st->st_ctim);
		__atomic_store_n(&w->kstate, KC_VALID, __ATOMIC_RELEASE);
	}
	return (int)r;
}

/* What kc_fill kept, as the fstat it came from (the fields the core
 * reads, and the object's constant ones). */
static void kc_get(aoff_t ino, arch_kstat *st)
{
	const struct fs_inode *in = INO(ino);

	memset(st, 0, sizeof(*st));
	st->st_dev = store_dev;
	st->st_ino = in->kino;
	st->st_mode = S_IFREG | 0666;
	st->st_nlink = 1;
	st->st_blksize = sys_page_size();
	st->st_size = (off_t)in->kc.size;
	st->st_blocks = (blkcnt_t)in->kc.blocks;
	st->st_atim = ns_ts(in->kc.atime);
	st->st_mtim = ns_ts(in->kc.mtime);
	st->st_ctim = ns_ts(in->kc.ctime);
}

/* This process's band fd of ino's object, for fstat alone. */
static int band_fd(aoff_t ino)
{
	struct cached *c = slot(ino);
	char name[20];
	long fd;

	if (c->ino == ino && c->serial == INO(ino)->serial)
		return c->fd;
	if (!INO(ino)->named)
		return -ENOENT;
	name_of(ino, name);
	fd = sys_openat(store, name, own_flags(ino) | O_NOFOLLOW | O_CLOEXEC,
			0);
	if (fd < 0)
		return (int)fd;
	return cache_fd(ino, fd);
}

int store_fd(aoff_t ino)
{
	kc_drop(ino);
	return band_fd(ino);
}

int store_stat(aoff_t ino, arch_kstat *st)
{
	const struct fs_inode *in = INO(ino);
	int fd;

	if (S_ISREG(in->mode) && kc_valid(in)) {
		kc_get(ino, st);
		return 0;
	}
	fd = band_fd(ino);
	if (fd < 0)
		return fd;
	if (!S_ISREG(in->mode))
		return (int)sys_fstat(fd, st);
	return kc_fill(ino, fd, st);
}

/* Makes ino's object; 0 or -errno. */
/*
 * Makes ino's object: 0, or for a regular file the fd it was made with
 * (own_flags' O_RDWR), which becomes its cached band fd at once rather
 * than being closed and opened again; or -errno.
 */
static long make(aoff_t ino, const char *name)
{
	mode_t m = INO(ino)->mode;

	if (S_ISDIR(m))
		return sys3(SYS_mkdirat, store, name, 0777);
	if (S_ISFIFO(m))
		return sys6(SYS_mknodat, store, name, S_IFIFO | 0666, 0, 0, 0);
	return sys_openat(store, name,
			  O_CREAT | O_EXCL | O_RDWR | O_NOFOLLOW | O_CLOEXEC,
			  0666);
}

int store_make(aoff_t ino)
{
	struct fs_inode *in;
	arch_kstat st;
	char name[20];
	long r;
	int fd;

	kc_drop(ino);
	/* A layer's file: its host file's key leaves the fd map. */
	if (is_lower(ino) && INO(ino)->kino) {
		fd_map_remove(ino);
		INO_W(ino)->kino = 0;
	}
	name_of(ino, name);
	r = make(ino, name);
	if (r == -EEXIST) {
		/*
		 * Left by an operation whose holder died after making it and
		 * was rolled back (core/lock.h), perhaps for another kind of
		 * file that had this serial then: no inode has it now.
		 */
		if (sys3(SYS_unlinkat, store, name, 0) < 0)
			sys3(SYS_unlinkat, store, name, AT_REMOVEDIR);
		r = make(ino, name);
	}
	if (r < 0)
		return r == -EDQUOT ? -ENOSPC : (int)r;
	in = INO_W(ino);
	in->named = 1;
	if (S_ISREG(in->mode)) {
		/* The object keeps a regular file's atime and mtime; one
		 * fstat after that gives its inode and ctime. */
		struct timespec t[2] = { in->atime, in->mtime };

		fd = cache_fd(ino, r);
		r = fd;
		if (fd >= 0)
			r = sys6(SYS_utimensat, fd, NULL, t, 0, 0, 0);
		if (r == 0)
			r = sys_fstat(fd, &st);
		/* Nothing written yet: the set-ID bits stand (tree.c). */
		if (r == 0)
			in->kctime = ts_ns(&st.st_ctim);
	} else {
		fd = store_fd(ino);
		r = fd < 0 ? fd : sys_fstat(fd, &st);
	}
	if (r == 0) {
		in->kino = st.st_ino;
		r = kmap_add(ino);
	}
	/* A file from an image gets its content now. */
	if (r == 0 && S_ISREG(in->mode) && in->data)
		r = image_materialize(ino);
	/* A layer's file is copied up, its times kept. */
	if (r == 0 && is_lower(ino)) {
		struct timespec t[2] = { INO(ino)->atime, INO(ino)->mtime };

		r = lower_copy_in(ino, store_fd(ino));
		if (r == 0)
			sys6(SYS_utimensat, store_fd(ino), NULL, t, 0, 0, 0);
	}
	if (r < 0) {
		store_unname(ino);
		INO_W(ino)->kino = 0;
		return (int)r;
	}
	return 0;
}

/*
 * A file made by open(O_CREAT): the object is created with the program's
 * own flags, and that fd is the program's, so that a create costs the
 * kernel's openat and one fstat (for the kernel inode), not a band fd
 * opened, moved, stamped and closed again at unlink. The inode was made
 * just now: with the kernel's clock its times are the object's own;
 * with a handler's, store_make sets them on the object first.
 */
int store_create(aoff_t ino, int flags)
{
	int keep = O_ACCMODE | O_APPEND | O_NONBLOCK | O_DSYNC | O_SYNC |
		   O_CLOEXEC | O_NOATIME;
	int oflags = O_CREAT | O_EXCL | O_NOFOLLOW | (flags & keep);
	struct fs_inode *in;
	arch_kstat st;
	char name[20];
	long fd, r;

	/* A handler's clock: the times are set through a band fd (the one
	 * utimensat the filter lets through), as store_make does. */
	if ((flags & O_PATH) || !S_ISREG(INO(ino)->mode) || INO(ino)->data ||
	    !hooks_clock_is_kernel()) {
		r = store_make(ino);
		return r < 0 ? (int)r : store_open(ino, flags);
	}
	name_of(ino, name);
	fd = sys_openat(store, name, oflags, 0666);
	if (fd == -EEXIST) {
		/* Left by a rolled-back operation (store_make). */
		sys3(SYS_unlinkat, store, name, 0);
		sys3(SYS_unlinkat, store, name, AT_REMOVEDIR);
		fd = sys_openat(store, name, oflags, 0666);
	}
	if (fd < 0)
		return fd == -EDQUOT ? -ENOSPC : (int)fd;
	in = INO_W(ino);
	in->named = 1;
	r = sys_fstat((int)fd, &st);
	if (r == 0) {
		in->atime = st.st_atim;
		in->mtime = in->ctime = st.st_mtim;
		in->kctime = ts_ns(&st.st_ctim);
		in->kino = st.st_ino;
		r = kmap_add(ino);
	}
	if (r < 0) {
		sys_close((int)fd);
		store_unname(ino);
		INO_W(ino)->kino = 0;
		return (int)r;
	}
	return (int)fd;
}

int store_tmpfile(aoff_t ino, int flags)
{
	int keep = O_ACCMODE | O_APPEND | O_NONBLOCK | O_DSYNC | O_SYNC |
		   O_CLOEXEC | O_EXCL | O_NOATIME;
	struct fs_inode *in;
	arch_kstat st;
	long fd, r;

	/* Unnamed from the start; linkable (the kernel's I_LINKABLE)
	 * unless O_EXCL said never. */
	fd = sys_openat(store, ".", O_TMPFILE | (flags & keep), 0666);
	if (fd < 0)
		return fd == -EDQUOT ? -ENOSPC : (int)fd;
	r = sys_fstat((int)fd, &st);
	if (r == 0) {
		in = INO_W(ino);
		in->kino = st.st_ino;
		in->kctime = ts_ns(&st.st_ctim);
		r = kmap_add(ino);
	}
	if (r < 0) {
		INO_W(ino)->kino = 0;
		sys_close((int)fd);
		return (int)r;
	}
	return (int)fd;
}

int store_open(aoff_t ino, int flags)
{
	int keep = O_ACCMODE | O_APPEND | O_NONBLOCK | O_DSYNC | O_SYNC |
		   O_CLOEXEC | O_PATH | O_NOATIME;
	char name[20];
	int oflags = flags & keep;

	if (!INO(ino)->named)
		return -ENOENT;
	if (!(flags & O_PATH))
		kc_drop(ino);
	if (S_ISDIR(INO(ino)->mode)) {
		oflags = O_RDONLY | O_DIRECTORY | (flags & (O_CLOEXEC | O_PATH));
	} else if (flags & O_PATH) {
		oflags = O_PATH | (flags & O_CLOEXEC);
	}
	name_of(ino, name);
	return (int)sys_openat(store, name, oflags | O_NOFOLLOW, 0);
}

/*
 * Removing the name changes the object's ctime, which the set-ID bits
 * read as a write by the kernel (inode_sync_privs): for a file that has
 * them, writes made so far are taken into account first, and the ctime
 * the removal leaves is read back through an O_PATH handle.
 */
void store_unname(aoff_t ino)
{
	const struct fs_inode *in = INO(ino);
	char name[20];
	arch_kstat st;
	long h = -1;

	if (!in->named)
		return;
	kc_drop(ino);
	forget(ino);
	name_of(ino, name);
	if (S_ISREG(in->mode) && (in->mode & (S_ISUID | S_ISGID))) {
		inode_sync_privs(ino, NULL, false);
		h = sys_openat(store, name, O_PATH | O_CLOEXEC, 0);
	}
	sys3(SYS_unlinkat, store, name,
	     S_ISDIR(in->mode) ? AT_REMOVEDIR : 0);
	INO_W(ino)->named = 0;
	if (h >= 0) {
		if (sys_fstat((int)h, &st) == 0)
			INO_W(ino)->kctime = ts_ns(&st.st_ctim);
		sys_close((int)h);
	}
}

static void fd_path(char *buf, int fd)
{
	char digits[12];
	int n = 0, i = 0;

	memcpy(buf, "self/fd/", 8);
	do {
		digits[n++] = (char)('0' + fd % 10);
		fd /= 10;
	} while (fd);
	while (n)
		buf[8 + i++] = digits[--n];
	buf[8 + i] = '\0';
}

int store_reopen(int fd, int flags)
{
	char path[24];

	if (proc_fd < 0 || !reopen_ok)
		return -ENOENT;
	fd_path(path, fd);
	return (int)sys_openat(proc_fd, path, flags, 0);
}

int store_relink(aoff_t ino, int fd)
{
	char path[24], name[20];
	arch_kstat st;
	long r;

	if (proc_fd < 0 || !reopen_ok)
		return -ENOENT;
	fd_path(path, fd);
	name_of(ino, name);
	/* Writes so far count against the set-ID bits; the link's own
	 * change of the object's ctime does not (tree.c). */
	if (sys_fstat(fd, &st) == 0)
		inode_sync_privs(ino, &st, false);
	r = sys6(SYS_linkat, proc_fd, path, store, name, AT_SYMLINK_FOLLOW,
		 0);
	if (r < 0)
		return (int)r;
	kc_drop(ino);
	INO_W(ino)->named = 1;
	inode_sync_privs(ino, NULL, true);
	return 0;
}

/* The room image contents hold until first written (image.c). */
static long ballast(void)
{
	return sys_openat(store, "ballast",
			  O_CREAT | O_RDWR | O_NOFOLLOW | O_CLOEXEC, 0600);
}

int fd_reserve(int64_t pages)
{
	uint64_t want = fsh->ballast_pages + (uint64_t)pages;
	long fd, r;

	if (!fsh->size_pages || !pages)
		return 0;
	fd = ballast();
	if (fd < 0)
		return fd == -EDQUOT ? -ENOSPC : (int)fd;
	/* tmpfs allocates all of the new pages or none. */
	r = pages > 0 ? arch_fallocate((int)fd, 0,
				       (int64_t)(fsh->ballast_pages *
						 sys_page_size()),
				       (int64_t)((uint64_t)pages *
						 sys_page_size())) :
			sys_ftruncate((int)fd, (off_t)(want * sys_page_size()));
	sys_close((int)fd);
	if (r < 0)
		return (int)r;
	FSH_W()->ballast_pages = want;
	return 0;
}
