/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The core's fds: the shim's band, the memfds that back files and
 * directories, the fds a program gets for them, and telling which of a
 * program's fds are ours (by the backing memfd's kernel inode number, so
 * dup, dup2, fork and raw close all keep working without the shim seeing
 * them).
 */
#include <errno.h>
#include <linux/futex.h>
#include <poll.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/sysmacros.h>

#include "fs/internal.h"
#include "core/sys.h"

#ifndef MFD_CLOEXEC
#define MFD_CLOEXEC 0x0001U
#endif
#ifndef MFD_NOEXEC_SEAL
#define MFD_NOEXEC_SEAL 0x0008U
#endif

static int band_base = -1;
static int proc_fd = -1;
static bool reopen_ok = true;
static unsigned int memfd_flags = MFD_CLOEXEC | MFD_NOEXEC_SEAL;
static dev_t memfd_dev;

/*
 * With a size limit (TAMAGO_FS_SIZE), backings are unnamed files of a
 * sized tmpfs (shim/fssize.c) rather than memfds: the kernel then refuses
 * writes past the limit, whoever makes them. content_dir is its root in
 * the band. Image contents still in their image hold their room in the
 * ballast, one file as long as their pages, so that the tmpfs counts
 * every byte of the file system.
 */
static int content_dir = -1;
static uint64_t size_pages;
static int ballast = -1;
static uint64_t ballast_pages;

/* Kernel inode number -> inode, chained through fs_inode.knext. */
static aoff_t kmap;
static uint32_t kmask;
static uint32_t kcount;

#define MAX_DEVICES 8
static aoff_t devices[MAX_DEVICES];
static int ndevices;

static uint32_t kbucket(uint64_t kino, uint32_t mask)
{
	return (uint32_t)((kino * 0x9e3779b97f4a7c15ULL) >> 32) & mask;
}

static int kmap_grow(void)
{
	uint32_t nsize = kmask ? (kmask + 1) * 2 : 256;
	aoff_t nt = arena_alloc(nsize * sizeof(aoff_t));
	uint32_t i;

	if (!nt)
		return -ENOSPC;
	for (i = 0; kmap && i <= kmask; i++) {
		aoff_t ino = APTR(aoff_t, kmap)[i];

		while (ino) {
			aoff_t next = INO(ino)->knext;
			uint32_t b = kbucket(INO(ino)->kino, nsize - 1);

			INO(ino)->knext = APTR(aoff_t, nt)[b];
			APTR(aoff_t, nt)[b] = ino;
			ino = next;
		}
	}
	if (kmap)
		arena_free(kmap, (kmask + 1) * sizeof(aoff_t));
	kmap = nt;
	kmask = nsize - 1;
	return 0;
}

static aoff_t kmap_find(uint64_t kino)
{
	aoff_t ino;

	if (!kmap)
		return 0;
	for (ino = APTR(aoff_t, kmap)[kbucket(kino, kmask)]; ino;
	     ino = INO(ino)->knext)
		if (INO(ino)->kino == kino)
			return ino;
	return 0;
}

static int kmap_add(aoff_t ino)
{
	aoff_t *b;
	int r;

	if (kcount >= kmask) {
		r = kmap_grow();
		if (r < 0)
			return r;
	}
	b = &APTR(aoff_t, kmap)[kbucket(INO(ino)->kino, kmask)];
	INO(ino)->knext = *b;
	*b = ino;
	kcount++;
	return 0;
}

void fd_map_remove(aoff_t ino)
{
	aoff_t *p;

	if (!kmap || !INO(ino)->kino)
		return;
	p = &APTR(aoff_t, kmap)[kbucket(INO(ino)->kino, kmask)];
	while (*p && *p != ino)
		p = &INO(*p)->knext;
	if (*p) {
		*p = INO(ino)->knext;
		kcount--;
	}
	INO(ino)->kino = 0;
}

int fs_band_fd(int fd)
{
	long nfd = sys_fcntl(fd, F_DUPFD_CLOEXEC, band_base);

	sys_close(fd);
	if (nfd == -EINVAL)
		return -EMFILE;
	return (int)nfd;
}

int fs_proc_fd(void)
{
	return reopen_ok ? proc_fd : -1;
}

void fs_set_reopen(bool on)
{
	reopen_ok = on && proc_fd >= 0;
}

static int fmt_fd_path(char *buf, int fd);

static long new_memfd(void)
{
	long fd;

	if (content_dir >= 0) {
		char path[32];

		fmt_fd_path(path, content_dir);
		return sys_openat(proc_fd, path, O_TMPFILE | O_RDWR | O_CLOEXEC,
				  0600);
	}
	fd = sys_memfd_create("tamago", memfd_flags);

	if (fd == -EINVAL && (memfd_flags & MFD_NOEXEC_SEAL)) {
		/* Kernels before 6.3 do not know the flag. */
		memfd_flags &= ~MFD_NOEXEC_SEAL;
		fd = sys_memfd_create("tamago", memfd_flags);
	}
	return fd;
}

/* What the program sees of RLIMIT_NOFILE: never the band. */
static struct rlimit nofile_view;

/*
 * The band sits above the program's soft limit; where the soft limit is
 * already the hard one, the program's view is lowered to make room. The
 * kernel's own soft limit is raised to the hard one so that the shim can
 * place fds in the band; the filter keeps close and dup2 out of it.
 */
static int band_setup(void)
{
	struct rlimit rl;
	long r = sys6(SYS_prlimit64, 0, RLIMIT_NOFILE, 0, &rl, 0, 0);

	if (r < 0)
		return (int)r;
	if (rl.rlim_max == RLIM_INFINITY || rl.rlim_max > (1U << 30))
		rl.rlim_max = 1U << 20;
	if (rl.rlim_max < 64)
		return -EMFILE;
	/*
	 * Every file the program has made or opened holds one band fd, so
	 * the band bounds how many files there can be: where the soft limit
	 * leaves no room above it, the program keeps a quarter (at least
	 * 1024) and the band takes the rest.
	 */
	if (rl.rlim_cur < rl.rlim_max)
		band_base = (int)rl.rlim_cur;
	else if (rl.rlim_max / 4 > 1024)
		band_base = (int)(rl.rlim_max / 4);
	else
		band_base = (int)(rl.rlim_max < 2048 ? rl.rlim_max / 2 : 1024);
	nofile_view.rlim_cur = (rlim_t)band_base;
	nofile_view.rlim_max = (rlim_t)band_base;
	rl.rlim_cur = rl.rlim_max;
	return (int)sys6(SYS_prlimit64, 0, RLIMIT_NOFILE, &rl, 0, 0, 0);
}

int fs_band_base(void)
{
	return band_base;
}

int fs_prlimit_nofile(const struct rlimit *nw, struct rlimit *old)
{
	struct rlimit v = nofile_view;

	if (nw) {
		if (nw->rlim_cur > nw->rlim_max)
			return -EINVAL;
		if (nw->rlim_max > (rlim_t)band_base)
			return -EPERM;
		nofile_view = *nw;
	}
	if (old)
		*old = v;
	return 0;
}

int fd_band_init(const struct fs_options *opt)
{
	arch_kstat st;
	long fd;
	int r;

	r = band_setup();
	if (r < 0)
		return r;
	/* Reopening through /proc gives each open its own description. */
	fd = opt && opt->proc_fd > 0 ?
		     opt->proc_fd :
		     sys_openat(AT_FDCWD, "/proc",
				O_PATH | O_DIRECTORY | O_CLOEXEC, 0);
	if (fd >= 0) {
		r = fs_band_fd((int)fd);
		if (r < 0)
			return r;
		proc_fd = r;
	}
	reopen_ok = proc_fd >= 0;
	if (opt && opt->size) {
		/* Files are made in the tmpfs through the /proc door. */
		if (proc_fd < 0)
			return -EOPNOTSUPP;
		r = fs_band_fd(opt->size_fd);
		if (r < 0)
			return r;
		content_dir = r;
		/* The tmpfs counts in the kernel's pages. */
		size_pages = sys_pages(opt->size);
	}
	fd = new_memfd();
	if (fd < 0)
		return (int)fd;
	r = (int)sys_fstat((int)fd, &st);
	sys_close((int)fd);
	if (r < 0)
		return r;
	memfd_dev = st.st_dev;
	return kmap_grow();
}

int fs_size_dir(void)
{
	return content_dir;
}

uint64_t fd_size_pages(void)
{
	return size_pages;
}

int fd_reserve(int64_t pages)
{
	uint64_t want = ballast_pages + (uint64_t)pages;
	long r;

	if (content_dir < 0 || !pages)
		return 0;
	if (ballast < 0) {
		r = new_memfd();
		if (r >= 0)
			r = fs_band_fd((int)r);
		if (r < 0)
			return r == -EMFILE ? -ENOSPC : (int)r;
		ballast = (int)r;
	}
	/* tmpfs allocates all of the new pages or none. */
	r = pages > 0 ? arch_fallocate(ballast, 0,
				       (int64_t)(ballast_pages * sys_page_size()),
				       (int64_t)((uint64_t)pages *
						 sys_page_size())) :
			sys_ftruncate(ballast, (off_t)(want * sys_page_size()));
	if (r < 0)
		return (int)r;
	ballast_pages = want;
	return 0;
}

uint64_t fd_reserved_pages(void)
{
	return ballast_pages;
}

int fd_new_backing(aoff_t ino)
{
	arch_kstat st;
	long fd = new_memfd();
	int r;

	if (fd < 0)
		return fd == -EMFILE ? -ENOSPC : (int)fd;
	r = fs_band_fd((int)fd);
	if (r < 0)
		return r == -EMFILE ? -ENOSPC : r;
	fd = r;
	r = (int)sys_fstat((int)fd, &st);
	if (r < 0)
		goto fail;
	if (S_ISREG(INO(ino)->mode)) {
		/* The memfd keeps a regular file's atime and mtime from now. */
		struct timespec t[2] = { INO(ino)->atime, INO(ino)->mtime };

		r = (int)sys6(SYS_utimensat, fd, NULL, t, 0, 0, 0);
		if (r == 0)
			r = (int)sys_fstat((int)fd, &st);
		if (r < 0)
			goto fail;
		/* Nothing written yet: the set-ID bits stand (tree.c). */
		INO(ino)->kctime = (int64_t)st.st_ctim.tv_sec * 1000000000 +
				   st.st_ctim.tv_nsec;
	}
	INO(ino)->backing = (int32_t)fd;
	INO(ino)->kino = st.st_ino;
	r = kmap_add(ino);
	if (r == 0) {
		/* A file from an image gets its content on first open. */
		r = image_materialize(ino);
		if (r == 0)
			return 0;
		fd_map_remove(ino);
	}
	INO(ino)->kino = 0;
	INO(ino)->backing = -1;
fail:
	sys_close((int)fd);
	return r;
}

void fd_register_device(aoff_t ino)
{
	if (ndevices < MAX_DEVICES)
		devices[ndevices++] = ino;
}

static int fmt_fd_path(char *buf, int fd)
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
	return 0;
}

int fd_open_inode(aoff_t ino, int flags)
{
	struct fs_inode *in = INO(ino);
	int keep = O_APPEND | O_NONBLOCK | O_DSYNC | O_SYNC;
	int oflags;
	long fd;

	if (in->backing < 0)
		return -EIO;
	if (proc_fd >= 0 && reopen_ok && !S_ISCHR(in->mode)) {
		char path[24];

		oflags = flags & O_ACCMODE;
		if (S_ISDIR(in->mode) || (flags & O_PATH))
			oflags = O_RDONLY;
		oflags |= flags & (keep | O_CLOEXEC);
		if (S_ISDIR(in->mode))
			oflags &= ~(O_APPEND | O_DSYNC | O_SYNC);
		fmt_fd_path(path, in->backing);
		fd = sys_openat(proc_fd, path, oflags, 0);
	} else {
		/* Devices, or no reopen: a dup that shares one description. */
		fd = sys_fcntl(in->backing,
			       (flags & O_CLOEXEC) ? F_DUPFD_CLOEXEC : F_DUPFD,
			       0);
		if (fd >= 0 && (flags & keep) && !S_ISCHR(in->mode))
			sys_fcntl((int)fd, F_SETFL, flags & keep);
	}
	return (int)fd;
}

static int reopen(int fd, int flags)
{
	char path[24];
	long r;

	if (proc_fd < 0 || !reopen_ok)
		return -EBADF;
	fmt_fd_path(path, fd);
	r = sys_openat(proc_fd, path, flags | O_CLOEXEC, 0);
	if (r < 0)
		return (int)r;
	return fs_band_fd((int)r);
}

int fd_reopen(int fd)
{
	return reopen(fd, O_RDONLY);
}

int fd_adopt(aoff_t ino, int fd)
{
	int r = reopen(fd, O_RDWR);

	if (r < 0)
		return r == -EBADF ? -ENOENT : r;
	INO(ino)->backing = r;
	/* inode_put counts it out again. */
	fs_ninodes++;
	return 0;
}

/*
 * A FIFO is a pipe whose read end the shim keeps; each open reopens it
 * through /proc, which gives every open its own description. The kernel
 * treats such a reopen as a pipe, not a FIFO: it never waits. So the core
 * makes a reader wait for a writer itself: writers count their opens in
 * the inode (a futex word), and a reader that finds no writer on the pipe
 * (POLLHUP on the shim's end) waits until one opens. Since the shim's end
 * is a reader, a writer never waits and never fails with ENXIO (README).
 * Without the reopen door there is no FIFO open: EPERM.
 */
int fd_fifo_backing(aoff_t ino)
{
	arch_kstat st;
	int p[2], r;

	if (INO(ino)->backing >= 0)
		return 0;
	if (proc_fd < 0 || !reopen_ok)
		return -EPERM;
	r = (int)sys3(SYS_pipe2, p, O_CLOEXEC, 0);
	if (r < 0)
		return r;
	sys_close(p[1]);
	r = fs_band_fd(p[0]);
	if (r < 0)
		return r;
	p[0] = r;
	r = (int)sys_fstat(p[0], &st);
	if (r == 0) {
		INO(ino)->backing = p[0];
		INO(ino)->kino = st.st_ino;
		r = kmap_add(ino);
		if (r == 0)
			return 0;
		INO(ino)->backing = -1;
		INO(ino)->kino = 0;
	}
	sys_close(p[0]);
	return r;
}

/* Waits until a writer is open on FIFO ino, or one has come since. */
static void fifo_wait_writer(aoff_t ino)
{
	uint32_t *opens = &INO(ino)->fifo_opens;
	uint32_t seen = __atomic_load_n(opens, __ATOMIC_ACQUIRE);

	for (;;) {
		struct pollfd p = { INO(ino)->backing, POLLIN, 0 };
		struct timespec now = { 0, 0 };

		/* ppoll: every architecture has it (poll is not on arm64). */
		if (sys6(SYS_ppoll, &p, 1, &now, NULL, 0, 0) < 0 ||
		    !(p.revents & POLLHUP))
			return;
		if (__atomic_load_n(opens, __ATOMIC_ACQUIRE) != seen)
			return;
		sys_futex((int *)opens, FUTEX_WAIT_PRIVATE, (int)seen);
	}
}

int fd_open_fifo(aoff_t ino, int flags)
{
	int acc = flags & O_ACCMODE;
	char path[24];
	long fd;

	/* O_PATH: a read end that does not wait, as fd_open_inode() does. */
	if (flags & O_PATH)
		flags = O_RDONLY | O_NONBLOCK | (flags & O_CLOEXEC);
	else if (acc == O_RDONLY && !(flags & O_NONBLOCK))
		fifo_wait_writer(ino);
	fmt_fd_path(path, INO(ino)->backing);
	fd = sys_openat(proc_fd, path,
			flags & (O_ACCMODE | O_NONBLOCK | O_CLOEXEC), 0);
	if (fd >= 0 && !(flags & O_PATH) && acc != O_RDONLY) {
		__atomic_add_fetch(&INO(ino)->fifo_opens, 1, __ATOMIC_RELEASE);
		sys_futex((int *)&INO(ino)->fifo_opens, FUTEX_WAKE_PRIVATE,
			  0x7fffffff);
	}
	return (int)fd;
}

long fd_lookup(int fd, aoff_t *ino, arch_kstat *kst)
{
	arch_kstat own;
	int i;
	long r;

	if (!kst)
		kst = &own;
	*ino = 0;
	if (fd < 0)
		return -EBADF;
	r = sys_fstat(fd, kst);
	if (r < 0)
		return r;
	if (kst->st_dev == memfd_dev) {
		*ino = kmap_find(kst->st_ino);
		return 0;
	}
	if (S_ISFIFO(kst->st_mode)) {
		/* One of the shim's FIFOs, or a pipe of the program's own. */
		*ino = kmap_find(kst->st_ino);
		if (*ino && !S_ISFIFO(INO(*ino)->mode))
			*ino = 0;
		return 0;
	}
	if (S_ISCHR(kst->st_mode))
		for (i = 0; i < ndevices; i++)
			if (INO(devices[i])->rdev == kst->st_rdev)
				*ino = devices[i];
	return 0;
}

uint64_t fd_used_blocks(void)
{
	uint64_t blocks = 0;
	arch_kstat st;
	uint32_t i;

	for (i = 0; kmap && i <= kmask; i++) {
		aoff_t ino;

		for (ino = APTR(aoff_t, kmap)[i]; ino; ino = INO(ino)->knext)
			if (S_ISREG(INO(ino)->mode) && INO(ino)->backing >= 0 &&
			    sys_fstat(INO(ino)->backing, &st) == 0)
				blocks += (uint64_t)st.st_blocks;
	}
	return blocks;
}
