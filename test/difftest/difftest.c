/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The differential file-system tester: a seeded random sequence of file
 * system operations on a small set of names that collide, nest, link and
 * loop on purpose, printing one canonical line per operation (result,
 * errno, and what the result means: type, mode, size, nlink, link
 * targets, listings as sorted sets, content hashes). difftest.sh runs it
 * under the shim and natively in a fresh tmpfs and compares the logs.
 *
 *   [DT_CHROOT=DIR] [DT_UID=N] difftest SEED OPS
 *
 * Natively it chroots into DIR (a tmpfs laid out like the shim's initial
 * tree), so that absolute paths, ".." above the work directory and
 * getcwd are the same in both runs. With DT_UID it drops to that uid and
 * gid. Both happen before anything else runs (a preinit function: under
 * the shim, before the shim's constructor seals).
 *
 * It calls libc's names, the shim's fast path; inode numbers and times
 * other than explicitly set ones are left out (see DIFFERENCES.md).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdbool.h>
#include <sys/wait.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/types.h>
#include <sys/un.h>
#include <unistd.h>

#define WORK "/tmp/dt"
#define NSLOTS 6
#define MAXDATA 600

static uint64_t rng;
static bool two;		/* DT_PROCS=2 (two_procs below) */

static uint64_t rnd(void)
{
	/* xorshift64*: small, seedable, the same everywhere. */
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 0x2545f4914f6cdd1dULL;
}

static unsigned int pick(unsigned int n)
{
	return (unsigned int)(rnd() % n);
}

struct slot {
	int fd;		/* -1: empty */
	bool path;	/* O_PATH: no I/O through it (DIFFERENCES.md) */
	bool dir;	/* a directory: no read or lseek (DIFFERENCES.md) */
};

static struct slot slots[NSLOTS];
static char line[8192];
static size_t at;

static void say(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line + at, sizeof(line) - at, fmt, ap);
	va_end(ap);
	if (n > 0)
		at += (size_t)n < sizeof(line) - at ? (size_t)n :
						      sizeof(line) - at - 1;
}

static void done(void)
{
	line[at] = '\0';
	puts(line);
	at = 0;
}

/* "= 3" or "! ENOENT", from a libc-style return and errno. */
static void res(long r)
{
	if (r < 0)
		say(" ! %s", strerrorname_np(errno));
	else
		say(" = %ld", r);
}

#define FNV0 0xcbf29ce484222325ULL

static uint64_t fnv(const void *p, size_t n, uint64_t h)
{
	const unsigned char *c = p;

	while (n--)
		h = (h ^ *c++) * 0x100000001b3ULL;
	return h;
}

/* Explicit times (set below 2^30) are compared; "now" ones are not. */
static void say_time(const char *what, const struct timespec *t)
{
	if (t->tv_sec < (1L << 30))
		say(" %s=%ld.%09ld", what, (long)t->tv_sec, t->tv_nsec);
}

static void say_stat(const struct stat *st)
{
	static const char types[] = "?pc?d?b?-?l?s???";

	say(" %c%04o n%lu u%u g%u", types[(st->st_mode >> 12) & 15],
	    st->st_mode & 07777, (unsigned long)st->st_nlink, st->st_uid,
	    st->st_gid);
	if (!S_ISCHR(st->st_mode))
		say(" s%lld b%lld", (long long)st->st_size,
		    (long long)st->st_blocks);
	say_time("at", &st->st_atim);
	say_time("mt", &st->st_mtim);
}

static const char *names[] = { "a", "b", "c", "l", "m" };

/* A path under the work directory, relative or absolute, with "." and
 * ".." and trailing slashes now and then. */
static void gen_path(char *buf, size_t size)
{
	bool abs = pick(10) < 3;
	int n = 1 + (int)pick(3), i;
	size_t len = 0;

	buf[0] = '\0';
	if (abs)
		len = (size_t)snprintf(buf, size, "%s", WORK);
	if (pick(40) == 0)
		n = 0;
	for (i = 0; i < n; i++) {
		unsigned int c = pick(24);
		const char *comp = c == 0 ? "." : c == 1 ? ".." :
						       names[c % 5];

		len += (size_t)snprintf(buf + len, size - len, "%s%s",
					len ? "/" : "", comp);
	}
	if (!len)
		snprintf(buf, size, "%s", pick(8) ? "." : "");
	else if (pick(12) == 0)
		snprintf(buf + len, size - len, "/");
}

static void gen_target(char *buf, size_t size, const char *link)
{
	const char *base = strrchr(link, '/');

	switch (pick(12)) {
	case 0:
		/* Itself: a loop. */
		snprintf(buf, size, "%s", base && base[1] ? base + 1 : link);
		break;
	case 1:
		snprintf(buf, size, "/");
		break;
	case 2:
		snprintf(buf, size, "%s/", WORK);
		break;
	default:
		gen_path(buf, size);
		if (!buf[0])
			snprintf(buf, size, "x");
	}
}

static int slot_fd(int s)
{
	return slots[s].fd;
}

static void set_slot(int s, int fd, bool path, bool dir)
{
	if (slots[s].fd >= 0)
		close(slots[s].fd);
	slots[s].fd = fd;
	slots[s].path = path;
	slots[s].dir = dir;
}

enum use { ANY, IO, FILE_IO };

/* An fd slot to act on, or -1 when none holds a fit fd. */
static int used_slot(enum use use)
{
	int s = (int)pick(NSLOTS), i;

	for (i = 0; i < NSLOTS; i++, s = (s + 1) % NSLOTS)
		if (slots[s].fd >= 0 && (use == ANY || !slots[s].path) &&
		    (use != FILE_IO || !slots[s].dir))
			return s;
	return -1;
}

/* A directory fd for the *at calls: a slot, or the working directory. */
static int at_fd(void)
{
	int s = pick(3) ? -1 : used_slot(ANY);

	say(" @%d", s);
	return s < 0 ? AT_FDCWD : slot_fd(s);
}

static void fill(unsigned char *buf, size_t n)
{
	size_t i;
	unsigned char c = (unsigned char)pick(256);

	for (i = 0; i < n; i++)
		buf[i] = (unsigned char)(c + i * 7);
}

static const mode_t modes[] = { 0644, 0600, 0755, 0444, 0000, 0700,
				04755, 02711, 01777, 0222 };

/* openat from at_fd(); what it opened goes into slot s, with its stat. */
static void open_into(int s, const char *path, int flags, mode_t mode,
		      bool opath)
{
	int fd = openat(at_fd(), path, flags, mode);

	res(fd < 0 ? -1 : 0);
	if (fd >= 0) {
		struct stat st = { 0 };

		if (fstat(fd, &st) == 0)
			say_stat(&st);
		set_slot(s, fd, opath, S_ISDIR(st.st_mode));
	}
}

static void op_open(void)
{
	static const int accs[] = { O_RDONLY, O_WRONLY, O_RDWR };
	static const int extra[] = { O_CREAT, O_EXCL, O_TRUNC, O_APPEND,
				     O_DIRECTORY, O_NOFOLLOW, O_NONBLOCK };
	char path[256];
	int flags, i, s = (int)pick(NSLOTS);
	mode_t mode = modes[pick(10)];
	bool opath = pick(12) == 0;

	gen_path(path, sizeof(path));
	flags = accs[pick(3)];
	for (i = 0; i < 7; i++)
		if (pick(i == 0 ? 2 : 6) == 0)
			flags |= extra[i];
	if (opath)
		flags = O_PATH | (flags & (O_NOFOLLOW | O_DIRECTORY));
	say("open %s 0%o 0%o ->%d", path, flags, mode, s);
	open_into(s, path, flags, mode, opath);
}

/* O_TMPFILE: an unnamed file in a directory (op_empty_path names it). */
static void op_tmpfile(void)
{
	static const int accs[] = { O_RDONLY, O_WRONLY, O_RDWR };
	char path[256];
	int flags = O_TMPFILE | accs[pick(3)], s = (int)pick(NSLOTS);
	mode_t mode = modes[pick(10)];

	if (pick(4) == 0)
		flags |= O_EXCL;
	gen_path(path, sizeof(path));
	say("tmpfile %s 0%o 0%o ->%d", path, flags, mode, s);
	open_into(s, path, flags, mode, false);
}

static void op_io(void)
{
	unsigned char buf[MAXDATA];
	int kind = (int)pick(4), s = used_slot(kind < 2 ? FILE_IO : IO);
	size_t n = pick(3) ? pick(MAXDATA) : pick(8);
	off_t off = pick(4) ? (off_t)pick(9000) : (off_t)pick(70000);
	long r;

	if (s < 0)
		return;
	switch (kind) {
	case 0:
		say("read %d %zu", s, n);
		r = read(slot_fd(s), buf, n);
		break;
	case 1:
		say("pread %d %zu %lld", s, n, (long long)off);
		r = pread(slot_fd(s), buf, n, off);
		break;
	case 2:
		fill(buf, n);
		say("write %d %zu", s, n);
		r = write(slot_fd(s), buf, n);
		break;
	default:
		fill(buf, n);
		say("pwrite %d %zu %lld", s, n, (long long)off);
		r = pwrite(slot_fd(s), buf, n, off);
		break;
	}
	res(r);
	if (r > 0 && kind < 2)
		say(" h%016llx", (unsigned long long)fnv(buf, (size_t)r, FNV0));
}

static void op_lseek(void)
{
	static const int whences[] = { SEEK_SET, SEEK_CUR, SEEK_END,
				       SEEK_DATA, SEEK_HOLE };
	int s = used_slot(FILE_IO), w = (int)pick(5);
	off_t off = (off_t)pick(12000) - (w == SEEK_CUR ? 3000 : 0);

	if (s < 0)
		return;
	say("lseek %d %lld %d", s, (long long)off, w);
	res(lseek(slot_fd(s), off, whences[w]));
}

static void op_truncate(void)
{
	off_t len = pick(6) ? (off_t)pick(10000) : (off_t)pick(300000);
	char path[256];
	int s;

	if (pick(2)) {
		s = used_slot(IO);
		if (s < 0)
			return;
		say("ftruncate %d %lld", s, (long long)len);
		res(ftruncate(slot_fd(s), len));
		return;
	}
	gen_path(path, sizeof(path));
	say("truncate %s %lld", path, (long long)len);
	res(truncate(path, len));
}

static void op_mkdir(void)
{
	char path[256];
	mode_t mode = modes[pick(10)];
	int dfd;

	gen_path(path, sizeof(path));
	say("mkdir %s 0%o", path, mode);
	dfd = at_fd();
	res(mkdirat(dfd, path, mode));
}

static void op_unlink(void)
{
	char path[256];
	int flags = pick(2) ? AT_REMOVEDIR : 0, dfd;

	gen_path(path, sizeof(path));
	say("unlink %s %d", path, flags);
	dfd = at_fd();
	res(unlinkat(dfd, path, flags));
}

static void op_rename(void)
{
	static const unsigned int fl[] = { 0, 0, RENAME_NOREPLACE,
					   RENAME_EXCHANGE,
					   RENAME_NOREPLACE | RENAME_EXCHANGE };
	char a[256], b[256];
	unsigned int flags = fl[pick(5)];

	gen_path(a, sizeof(a));
	gen_path(b, sizeof(b));
	say("rename %s %s %u", a, b, flags);
	if (pick(3)) {
		res(flags ? renameat2(AT_FDCWD, a, AT_FDCWD, b, flags) :
			    rename(a, b));
	} else {
		int d1 = at_fd(), d2 = at_fd();

		res(renameat2(d1, a, d2, b, flags));
	}
}

static void op_link(void)
{
	char a[256], b[256];
	int flags = pick(3) ? 0 : AT_SYMLINK_FOLLOW;

	gen_path(a, sizeof(a));
	gen_path(b, sizeof(b));
	say("link %s %s %d", a, b, flags);
	if (pick(3)) {
		res(linkat(AT_FDCWD, a, AT_FDCWD, b, flags));
	} else {
		int d1 = at_fd(), d2 = at_fd();

		res(linkat(d1, a, d2, b, flags));
	}
}

static void op_symlink(void)
{
	char path[256], target[256];

	gen_path(path, sizeof(path));
	gen_target(target, sizeof(target), path);
	say("symlink %s %s", target, path);
	if (pick(3)) {
		res(symlink(target, path));
	} else {
		int dfd = at_fd();

		res(symlinkat(target, dfd, path));
	}
}

static void op_readlink(void)
{
	char path[256], buf[300];
	size_t size = pick(5) ? sizeof(buf) : pick(6);
	ssize_t r;

	gen_path(path, sizeof(path));
	say("readlink %s %zu", path, size);
	if (pick(3)) {
		r = readlink(path, buf, size);
	} else {
		int dfd = at_fd();

		r = readlinkat(dfd, path, buf, size);
	}
	res(r);
	if (r >= 0)
		say(" '%.*s'", (int)r, buf);
}

static void op_stat(void)
{
	char path[256];
	struct stat st;
	int kind = (int)pick(4), r, dfd;

	gen_path(path, sizeof(path));
	switch (kind) {
	case 0:
		say("stat %s", path);
		r = stat(path, &st);
		break;
	case 1:
		say("lstat %s", path);
		r = lstat(path, &st);
		break;
	default:
		say("fstatat %s %d", path, kind == 2 ? 0 : AT_SYMLINK_NOFOLLOW);
		dfd = at_fd();
		r = fstatat(dfd, path, &st,
			    kind == 2 ? 0 : AT_SYMLINK_NOFOLLOW);
		break;
	}
	res(r);
	if (r == 0)
		say_stat(&st);
}

static void op_fstat(void)
{
	struct stat st;
	int s = used_slot(ANY), r;

	if (s < 0)
		return;
	say("fstat %d", s);
	r = fstat(slot_fd(s), &st);
	res(r);
	if (r == 0)
		say_stat(&st);
}

static void op_chmod(void)
{
	char path[256];
	mode_t mode = modes[pick(10)];
	int s;

	if (pick(3) == 0 && (s = used_slot(IO)) >= 0) {
		say("fchmod %d 0%o", s, mode);
		res(fchmod(slot_fd(s), mode));
		return;
	}
	gen_path(path, sizeof(path));
	if (pick(3)) {
		say("chmod %s 0%o", path, mode);
		res(chmod(path, mode));
	} else {
		/* Not AT_SYMLINK_NOFOLLOW: glibc 2.36 emulates it through
		 * /proc, which the native chroot lacks (DIFFERENCES.md). */
		int dfd;

		say("fchmodat %s 0%o", path, mode);
		dfd = at_fd();
		res(fchmodat(dfd, path, mode, 0));
	}
}

static void op_chown(void)
{
	static const int ids[] = { -1, 0, 1000, 65534 };
	char path[256];
	int u = ids[pick(4)], g = ids[pick(4)];

	gen_path(path, sizeof(path));
	if (pick(2)) {
		say("chown %s %d %d", path, u, g);
		res(chown(path, (uid_t)u, (gid_t)g));
	} else {
		say("lchown %s %d %d", path, u, g);
		res(lchown(path, (uid_t)u, (gid_t)g));
	}
}

static void op_access(void)
{
	char path[256];
	static const int fl[] = { 0, 0, AT_SYMLINK_NOFOLLOW, AT_EACCESS };
	int mode = (int)pick(8);
	int flags = fl[pick(4)];

	gen_path(path, sizeof(path));
	say("access %s %d %d", path, mode, flags);
	res(faccessat(AT_FDCWD, path, mode, flags));
}

static void op_utimens(void)
{
	struct timespec ts[2];
	char path[256];
	int i, s, flags = pick(3) ? 0 : AT_SYMLINK_NOFOLLOW;
	bool null = pick(6) == 0;

	for (i = 0; i < 2; i++) {
		unsigned int k = pick(6);

		ts[i].tv_sec = (time_t)pick(100000000);
		ts[i].tv_nsec = k == 0 ? UTIME_NOW : k == 1 ? UTIME_OMIT :
					 (long)pick(1000000000);
	}
	if (pick(4) == 0 && (s = used_slot(IO)) >= 0) {
		say("futimens %d %ld.%ld %ld.%ld", s, (long)ts[0].tv_sec,
		    ts[0].tv_nsec, (long)ts[1].tv_sec, ts[1].tv_nsec);
		res(futimens(slot_fd(s), null ? NULL : ts));
		return;
	}
	gen_path(path, sizeof(path));
	say("utimensat %s %d %d %ld.%ld %ld.%ld", path, flags, null,
	    (long)ts[0].tv_sec, ts[0].tv_nsec, (long)ts[1].tv_sec,
	    ts[1].tv_nsec);
	res(utimensat(AT_FDCWD, path, null ? NULL : ts, flags));
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The rest of a directory fd's listing, as a sorted set. */
static void list_fd(int fd)
{
	char buf[512], *ents[64], names_buf[64][300];
	long got;
	int n = 0, i;

	while ((got = getdents64(fd, buf, sizeof(buf))) > 0) {
		long off = 0;

		while (off < got) {
			struct dirent64 *d = (struct dirent64 *)(buf + off);

			if (n < 64) {
				snprintf(names_buf[n], sizeof(names_buf[n]),
					 "%s:%d", d->d_name, d->d_type);
				ents[n] = names_buf[n];
				n++;
			}
			off += d->d_reclen;
		}
	}
	res(got);
	qsort(ents, (size_t)n, sizeof(ents[0]), cmp_str);
	say(" [");
	for (i = 0; i < n; i++)
		say("%s%s", i ? " " : "", ents[i]);
	say("]");
}

static void op_list(void)
{
	char path[256];
	int s, fd;

	if (pick(3) == 0 && (s = used_slot(IO)) >= 0) {
		say("getdents %d", s);
		list_fd(slot_fd(s));
		return;
	}
	gen_path(path, sizeof(path));
	say("list %s", path);
	fd = open(path, O_RDONLY | O_DIRECTORY);
	if (fd < 0) {
		res(-1);
		return;
	}
	list_fd(fd);
	close(fd);
}

/*
 * A listing read in two parts, with a seek back to where the first part
 * ended (telldir/seekdir): the rest must come again, as a set.
 */
static void op_seekdir(void)
{
	char buf[512], path[256];
	char first[64][80], rest[2][64][80];
	int nf = 0, nr[2] = { 0, 0 }, i, j, fd;
	long got;
	off_t mark = 0;

	gen_path(path, sizeof(path));
	say("seekdir %s", path);
	fd = open(path, O_RDONLY | O_DIRECTORY);
	if (fd < 0) {
		res(-1);
		return;
	}
	/* A small buffer: the first call returns a few entries only. */
	got = getdents64(fd, buf, 64 + pick(100));
	res(got);
	for (long off = 0; got > 0 && off < got;) {
		struct dirent64 *d = (struct dirent64 *)(buf + off);

		if (nf < 64)
			snprintf(first[nf++], 80, "%.70s", d->d_name);
		mark = d->d_off;
		off += d->d_reclen;
	}
	for (i = 0; i < 2; i++) {
		if (i == 1 && lseek(fd, mark, SEEK_SET) != mark) {
			say(" seek failed");
			break;
		}
		while ((got = getdents64(fd, buf, sizeof(buf))) > 0) {
			for (long off = 0; off < got;) {
				struct dirent64 *d =
					(struct dirent64 *)(buf + off);

				if (nr[i] < 64)
					snprintf(rest[i][nr[i]++], 80, "%.70s",
						 d->d_name);
				off += d->d_reclen;
			}
		}
	}
	close(fd);
	/* Both reads of the rest agree; print sizes (order is the fs's). */
	say(" %d+%d", nf, nr[0]);
	for (i = 0; i < nr[0]; i++) {
		for (j = 0; j < nr[1]; j++)
			if (!strcmp(rest[0][i], rest[1][j]))
				break;
		if (j == nr[1] || nr[0] != nr[1]) {
			say(" reread differs");
			break;
		}
	}
}

static void op_cat(void)
{
	unsigned char buf[4096];
	uint64_t h = FNV0;
	struct stat st;
	char path[256];
	long n, total = 0;
	int fd;

	gen_path(path, sizeof(path));
	say("cat %s", path);
	fd = open(path, O_RDONLY);
	if (fd < 0) {
		res(-1);
		return;
	}
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		say(" dir");
		close(fd);
		return;
	}
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		h = fnv(buf, (size_t)n, h);
		total += n;
	}
	res(n < 0 ? n : total);
	say(" h%016llx", (unsigned long long)h);
	close(fd);
}

static void op_cwd(void)
{
	char path[256], buf[512];
	int s, r;

	if (pick(4) == 0 && (s = used_slot(ANY)) >= 0) {
		say("fchdir %d", s);
		r = fchdir(slot_fd(s));
	} else {
		gen_path(path, sizeof(path));
		say("chdir %s", path);
		r = chdir(path);
	}
	res(r);
	say(" %s", getcwd(buf, sizeof(buf)) ? buf : strerrorname_np(errno));
}

static void op_dup_close(void)
{
	int s = used_slot(ANY), t = (int)pick(NSLOTS), fd;

	if (s < 0)
		return;
	if (pick(2)) {
		say("close %d", s);
		res(close(slot_fd(s)));
		slots[s].fd = -1;
		return;
	}
	if (s == t)
		return;
	say("dup %d %d", s, t);
	fd = dup(slot_fd(s));
	res(fd < 0 ? -1 : 0);
	if (fd >= 0)
		set_slot(t, fd, slots[s].path, slots[s].dir);
}

static void op_mknod(void)
{
	char path[256];
	mode_t mode = S_IFREG | modes[pick(10)];

	gen_path(path, sizeof(path));
	say("mknod %s 0%o", path, mode);
	res(mknod(path, mode, 0));
}

/*
 * An AF_UNIX socket bound at a path: the socket file it leaves (its
 * socket closed at once) is what stat, list, open, unlink and rename
 * then meet.
 */
static void op_bind(void)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	char path[256];
	size_t n;
	int fd;

	gen_path(path, sizeof(path));
	n = strlen(path);
	/*
	 * "" is the abstract name "\0". With two processes, one bound by
	 * the other process and closed there stays taken in the sandbox
	 * until a process holding its end looks (README, "Limits"): left
	 * out of that mode.
	 */
	if (n >= sizeof(a.sun_path) || (n == 0 && two))
		return;
	memcpy(a.sun_path, path, n + 1);
	say("bind %s", path);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (fd < 0) {
		res(-1);
		return;
	}
	res(bind(fd, (struct sockaddr *)&a,
		 (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n + 1)));
	close(fd);
}

/* The *at calls on an fd itself (AT_EMPTY_PATH), O_PATH fds included. */
static void op_empty_path(void)
{
	static const int ids[] = { -1, 0, 65534 };
	struct timespec ts[2] = { { 12345, 6 }, { 23456, 7 } };
	int s = used_slot(ANY), kind = (int)pick(6), r;
	struct stat st;
	char path[256], buf[300];

	if (s < 0)
		return;
	switch (kind) {
	case 0:
		say("fstatat-empty %d", s);
		r = fstatat(slot_fd(s), "", &st, AT_EMPTY_PATH);
		res(r);
		if (r == 0)
			say_stat(&st);
		break;
	case 1:
		say("fchownat-empty %d", s);
		res(fchownat(slot_fd(s), "", (uid_t)ids[pick(3)],
			     (gid_t)ids[pick(3)], AT_EMPTY_PATH));
		break;
	case 2:
		say("utimensat-empty %d", s);
		res(utimensat(slot_fd(s), "", ts, AT_EMPTY_PATH));
		break;
	case 3:
		gen_path(path, sizeof(path));
		say("linkat-empty %d %s", s, path);
		res(linkat(slot_fd(s), "", AT_FDCWD, path, AT_EMPTY_PATH));
		break;
	case 4:
		say("readlinkat-empty %d", s);
		r = (int)readlinkat(slot_fd(s), "", buf, sizeof(buf));
		res(r);
		if (r >= 0)
			say(" '%.*s'", r, buf);
		break;
	default:
		say("faccessat-empty %d", s);
		res(faccessat(slot_fd(s), "", R_OK | W_OK, AT_EMPTY_PATH));
		break;
	}
}

static void op_umask(void)
{
	static const mode_t masks[] = { 022, 077, 0, 027, 0777 };
	mode_t m = masks[pick(5)];

	say("umask 0%o", m);
	say(" = 0%o", umask(m));
}

static void op_statfs(void)
{
	char path[256];
	struct statfs sf;
	int r;

	gen_path(path, sizeof(path));
	say("statfs %s", path);
	r = statfs(path, &sf);
	res(r);
	if (r == 0)
		say(" t%lx n%ld bs%ld", (long)sf.f_type, (long)sf.f_namelen,
		    (long)sf.f_bsize);
}

static const struct {
	void (*fn)(void);
	unsigned int weight;
} ops[] = {
	{ op_open, 14 },   { op_io, 14 },      { op_lseek, 3 },
	{ op_truncate, 3 }, { op_mkdir, 6 },   { op_unlink, 6 },
	{ op_rename, 6 },  { op_link, 3 },     { op_symlink, 6 },
	{ op_readlink, 3 }, { op_stat, 8 },    { op_fstat, 3 },
	{ op_chmod, 3 },   { op_chown, 2 },    { op_access, 3 },
	{ op_utimens, 3 }, { op_list, 4 },     { op_cat, 3 },
	{ op_cwd, 3 },     { op_dup_close, 6 }, { op_mknod, 1 },
	{ op_statfs, 1 },  { op_seekdir, 2 },  { op_empty_path, 3 },
	{ op_umask, 1 },   { op_tmpfile, 2 },  { op_bind, 2 },
};

/* DT_CHROOT and DT_UID act before any constructor (the shim's too). */
static const char *env(char **envp, const char *name)
{
	size_t n = strlen(name);

	for (; *envp; envp++)
		if (!strncmp(*envp, name, n) && (*envp)[n] == '=')
			return *envp + n + 1;
	return NULL;
}

static bool chrooted;

/* Runs before libc has set environ up: envp is the process's. */
static void early(int argc, char **argv, char **envp)
{
	const char *root = env(envp, "DT_CHROOT"), *uid = env(envp, "DT_UID");

	(void)argc;
	(void)argv;
	if (root && (chroot(root) < 0 || chdir("/") < 0)) {
		perror("difftest: chroot");
		_exit(2);
	}
	chrooted = root != NULL;
	if (uid && (setgid((gid_t)atoi(uid)) < 0 ||
		    setuid((uid_t)atoi(uid)) < 0)) {
		perror("difftest: setuid");
		_exit(2);
	}
}

__attribute__((section(".preinit_array"), used)) static void (
	*const early_fn)(int, char **, char **) = early;

/*
 * DT_PROCS=2: two processes of one tree on the same file system, each
 * with its own fds, cwd and umask, taking turns (even operations the
 * first, odd ones the second), so that the log is the same natively
 * and in the sandbox. The turn passes through a pipe, after the line is
 * out.
 */
static int turn[2][2];		/* turn[i]: process i's token */
static int me;
static pid_t other = -1;

static void two_procs(unsigned long long seed)
{
	char token = 't';

	if (pipe(turn[0]) < 0 || pipe(turn[1]) < 0) {
		perror("difftest: pipe");
		exit(2);
	}
	two = true;
	fflush(stdout);
	other = fork();
	if (other < 0) {
		perror("difftest: fork");
		exit(2);
	}
	me = other == 0;
	/* Its own sequence of operations. */
	rng = seed * 2 + 1 + (unsigned long long)me * 0x9e3779b97f4a7c16ULL;
	if (!me && write(turn[0][1], &token, 1) != 1)
		exit(2);
}

static bool my_turn(long n)
{
	char token;

	if ((int)(n % 2) != me)
		return false;
	if (read(turn[me][0], &token, 1) != 1) {
		/* The other one ended early: the log shows it. */
		fprintf(stderr, "difftest: the other process is gone\n");
		exit(2);
	}
	return true;
}

static void pass_turn(void)
{
	char token = 't';

	fflush(stdout);
	if (write(turn[!me][1], &token, 1) != 1)
		exit(2);
}

static int end_procs(void)
{
	int status;

	fflush(stdout);
	if (other <= 0)
		return 0;
	if (waitpid(other, &status, 0) != other || !WIFEXITED(status))
		return 2;
	return WEXITSTATUS(status);
}

int main(int argc, char **argv)
{
	unsigned int total = 0, i, w;
	unsigned long long seed;
	long nops, n;
	int procs;

	if (argc != 3) {
		fprintf(stderr, "usage: difftest SEED OPS\n");
		return 2;
	}
	/*
	 * Natively the operations would reach the host's / and /tmp
	 * through ".." and symlinks to "/": only in a chroot, or under the
	 * shim, where the file system is the in-memory one.
	 */
	if (!chrooted && !strstr(getenv("LD_PRELOAD") ? getenv("LD_PRELOAD") :
			      "", "tamago")) {
		fprintf(stderr, "difftest: run under the shim or with "
				"DT_CHROOT (see difftest.sh)\n");
		return 2;
	}
	seed = strtoull(argv[1], NULL, 0);
	nops = strtol(argv[2], NULL, 0);
	rng = seed * 2 + 1;
	for (i = 0; i < NSLOTS; i++)
		slots[i].fd = -1;
	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		total += ops[i].weight;
	umask(022);
	procs = getenv("DT_PROCS") ? atoi(getenv("DT_PROCS")) : 1;
	if (procs != 1 && procs != 2) {
		fprintf(stderr, "difftest: DT_PROCS: 1 or 2\n");
		return 2;
	}
	printf("seed %llu ops %ld uid %u procs %d\n", seed, nops, getuid(),
	       procs);
	if (mkdir(WORK, 0755) < 0 || chdir(WORK) < 0) {
		perror("difftest: " WORK);
		return 2;
	}
	if (procs == 2)
		two_procs(seed);
	for (n = 0; n < nops; n++) {
		if (procs == 2 && !my_turn(n))
			continue;
		w = pick(total);
		for (i = 0; w >= ops[i].weight; i++)
			w -= ops[i].weight;
		say("%ld ", n);
		ops[i].fn();
		if (at > (size_t)snprintf(NULL, 0, "%ld ", n))
			done();
		else
			at = 0;
		if (procs == 2)
			pass_turn();
	}
	return end_procs();
}
