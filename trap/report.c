/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The report of a trapped raw call, as strace would spell it:
 *
 *   tamago: killed: raw syscall openat(AT_FDCWD, "/etc/passwd", O_RDONLY)
 *           at 0x7f...1139 (./prog+0x1139) bypassed libc
 *
 * It runs in the SIGSYS handler, so it is async-signal-safe: no stdio, no
 * malloc, and it never dereferences a pointer argument itself. Memory the
 * program named is copied through a scratch memfd (pwrite fails with
 * EFAULT where a load would fault), so a bad pointer gives "0x..." rather
 * than a second fault. Arguments are decoded from a small table of kinds.
 */
#include <arpa/inet.h>
#include <fcntl.h>
#include <link.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "core/band.h"
#include "core/killnote.h"
#include "fs/fs.h"
#include "core/msg.h"
#include "loader/loader.h"
#include "trap/trap.h"
#include "core/sys.h"

enum arg_kind {
	A_END, A_INT, A_HEX, A_OCT, A_FD, A_DIRFD, A_PATH, A_OFLAGS,
	A_MODE, /* octal, shown only after O_CREAT or O_TMPFILE */
	A_ADDR, /* sockaddr, its length in the next argument */
	A_AF, A_STYPE,
};

struct call_args {
	const char *name;
	unsigned char kind[6];
};

#define P A_PATH
#define D A_DIRFD
static const struct call_args calls[] = {
	{ "open", { P, A_OFLAGS, A_MODE } },
	{ "openat", { D, P, A_OFLAGS, A_MODE } },
	{ "creat", { P, A_OCT } },
	{ "stat", { P, A_HEX } },
	{ "lstat", { P, A_HEX } },
	{ "newfstatat", { D, P, A_HEX, A_HEX } },
	{ "statx", { D, P, A_HEX, A_HEX, A_HEX } },
	{ "access", { P, A_INT } },
	{ "faccessat", { D, P, A_INT } },
	{ "faccessat2", { D, P, A_INT, A_HEX } },
	{ "mkdir", { P, A_OCT } },
	{ "mkdirat", { D, P, A_OCT } },
	{ "rmdir", { P } },
	{ "unlink", { P } },
	{ "unlinkat", { D, P, A_HEX } },
	{ "rename", { P, P } },
	{ "renameat", { D, P, D, P } },
	{ "renameat2", { D, P, D, P, A_HEX } },
	{ "readlink", { P, A_HEX, A_INT } },
	{ "readlinkat", { D, P, A_HEX, A_INT } },
	{ "link", { P, P } },
	{ "linkat", { D, P, D, P, A_HEX } },
	{ "symlink", { P, P } },
	{ "symlinkat", { P, D, P } },
	{ "chmod", { P, A_OCT } },
	{ "fchmodat", { D, P, A_OCT } },
	{ "chown", { P, A_INT, A_INT } },
	{ "lchown", { P, A_INT, A_INT } },
	{ "truncate", { P, A_INT } },
	{ "mknod", { P, A_OCT, A_HEX } },
	{ "mknodat", { D, P, A_OCT, A_HEX } },
	{ "statfs", { P, A_HEX } },
	{ "getdents64", { A_FD, A_HEX, A_INT } },
	{ "getdents", { A_FD, A_HEX, A_INT } },
	{ "getcwd", { A_HEX, A_INT } },
	{ "chdir", { P } },
	{ "fchdir", { A_FD } },
	{ "umask", { A_OCT } },
	{ "execve", { P, A_HEX, A_HEX } },
	{ "execveat", { D, P, A_HEX, A_HEX, A_HEX } },
	{ "socket", { A_AF, A_STYPE, A_INT } },
	{ "socketpair", { A_AF, A_STYPE, A_INT, A_HEX } },
	{ "connect", { A_FD, A_ADDR, A_INT } },
	{ "bind", { A_FD, A_ADDR, A_INT } },
	{ "sendto", { A_FD, A_HEX, A_INT, A_HEX, A_ADDR, A_INT } },
	{ "getrandom", { A_HEX, A_INT, A_HEX } },
	{ "close_range", { A_FD, A_FD, A_HEX } },
	{ "prlimit64", { A_INT, A_INT, A_HEX, A_HEX } },
	{ "getrlimit", { A_INT, A_HEX } },
	{ "setrlimit", { A_INT, A_HEX } },
};
#undef P
#undef D

static const struct {
	int flag;
	const char *name;
} oflags[] = {
	{ O_CREAT, "O_CREAT" }, { O_EXCL, "O_EXCL" },
	{ O_NOCTTY, "O_NOCTTY" }, { O_TRUNC, "O_TRUNC" },
	{ O_APPEND, "O_APPEND" }, { O_NONBLOCK, "O_NONBLOCK" },
	{ O_SYNC, "O_SYNC" }, { O_DSYNC, "O_DSYNC" },
	{ O_DIRECTORY, "O_DIRECTORY" }, { O_NOFOLLOW, "O_NOFOLLOW" },
	{ O_CLOEXEC, "O_CLOEXEC" }, { O_PATH, "O_PATH" },
	{ O_DIRECT, "O_DIRECT" }, { O_NOATIME, "O_NOATIME" },
	{ O_ASYNC, "O_ASYNC" },
};

static const char *const families[] = {
	[AF_UNIX] = "AF_UNIX", [AF_INET] = "AF_INET",
	[AF_INET6] = "AF_INET6", [AF_NETLINK] = "AF_NETLINK",
	[AF_PACKET] = "AF_PACKET",
};

static const char *const socktypes[] = {
	[SOCK_STREAM] = "SOCK_STREAM", [SOCK_DGRAM] = "SOCK_DGRAM",
	[SOCK_RAW] = "SOCK_RAW", [SOCK_SEQPACKET] = "SOCK_SEQPACKET",
};

/*
 * The scratch memfd that copies the program's memory: made at the first
 * report, since most processes never make one (and every exec would pay
 * for it), and tagged with the pid that made it (pid << 32 | fd + 1, or
 * 0). A vfork child shares this memory but not its fd table: a process
 * uses only a scratch of its own making, and makes one otherwise (a
 * forked child's inherited one stays unused: an fd number another
 * process recorded may name anything here, so it is never closed).
 */
static uint64_t scratch_tag;
/*
 * Its 512-byte slots in use, one bit each: a copy claims a slot of its
 * own, so that neither another thread nor a report nested in a signal
 * handler can overwrite it between the write and the read back.
 */
#define SLOT_SIZE 512
#define SLOT_WORDS 16
static unsigned long slots_busy[SLOT_WORDS];

/* A free slot, now claimed, or -1 when all are in use. */
static int claim_slot(void)
{
	int w;

	for (w = 0; w < SLOT_WORDS; w++) {
		unsigned long *word = &slots_busy[w];
		unsigned long busy = __atomic_load_n(word, __ATOMIC_RELAXED);

		while (busy != ~0UL) {
			int i = __builtin_ctzl(~busy);

			if (__atomic_compare_exchange_n(word, &busy,
							busy | 1UL << i, 0,
							__ATOMIC_ACQUIRE,
							__ATOMIC_RELAXED))
				return w * 64 + i;
		}
	}
	return -1;
}

static void release_slot(int slot)
{
	__atomic_fetch_and(&slots_busy[slot / 64], ~(1UL << (slot % 64)),
			   __ATOMIC_RELEASE);
}

/* This process's scratch memfd, made now if need be; or -1. */
static int scratch_fd(void)
{
	uint64_t pid = (uint64_t)sys3(SYS_getpid, 0, 0, 0);
	uint64_t tag = __atomic_load_n(&scratch_tag, __ATOMIC_ACQUIRE);
	long fd;

	if (tag && tag >> 32 == pid)
		return (int)(tag & 0xffffffffUL) - 1;
	fd = sys_memfd_create("tamago-report", MFD_CLOEXEC);
	if (fd >= 0)
		fd = band_move((int)fd);
	if (fd < 0)
		return -1;
	/* Another thread of this process may have made one meanwhile. */
	while (!__atomic_compare_exchange_n(&scratch_tag, &tag,
					    pid << 32 | (uint64_t)(fd + 1),
					    0, __ATOMIC_ACQ_REL,
					    __ATOMIC_ACQUIRE)) {
		if (tag && tag >> 32 == pid) {
			sys_close((int)fd);
			return (int)(tag & 0xffffffffUL) - 1;
		}
	}
	return (int)fd;
}

/*
 * Copies up to n bytes at addr; returns how many could be read (0 for a
 * bad pointer). With every slot in use (1,024 copies under way), it waits
 * for one a while, then gives up and the report shows the address.
 */
static size_t peek(void *dst, unsigned long addr, size_t n)
{
	int slot = -1, tries, scratch;
	off_t off;
	long w;

	if (!addr || n > SLOT_SIZE)
		return 0;
	scratch = scratch_fd();
	if (scratch < 0)
		return 0;
	for (tries = 0; slot < 0 && tries < 1000; tries++) {
		slot = claim_slot();
		if (slot < 0)
			sys3(SYS_sched_yield, 0, 0, 0);
	}
	if (slot < 0)
		return 0;
	off = (off_t)slot * SLOT_SIZE;
	w = sys_pwrite(scratch, (const void *)addr, n, off);
	if (w > 0)
		w = sys_pread(scratch, dst, (size_t)w, off);
	release_slot(slot);
	return w > 0 ? (size_t)w : 0;
}

struct out {
	char *p;
	size_t n, cap;
};

static void put(struct out *o, const char *s)
{
	size_t l = strlen(s);

	if (l > o->cap - 1 - o->n)
		l = o->cap - 1 - o->n;
	memcpy(o->p + o->n, s, l);
	o->n += l;
	o->p[o->n] = '\0';
}

static void put_dec(struct out *o, long v)
{
	char b[24];

	put(o, msg_dec(b, v));
}

static void put_hex(struct out *o, unsigned long v)
{
	char b[20];

	put(o, msg_hex(b, v));
}

static void put_oct(struct out *o, unsigned long v)
{
	char b[24];
	int i = (int)sizeof(b) - 1;

	b[i] = '\0';
	do {
		b[--i] = (char)('0' + (v & 7));
		v >>= 3;
	} while (v);
	b[--i] = '0';
	put(o, b + i);
}

/* Bytes as a C string literal, non-printables escaped. */
static void put_quoted(struct out *o, const char *s, size_t n, bool more)
{
	static const char digits[] = "0123456789abcdef";
	char c[5] = "\\x";
	size_t i;

	put(o, "\"");
	for (i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (ch >= 0x20 && ch < 0x7f && ch != '"' && ch != '\\') {
			c[0] = (char)ch;
			c[1] = '\0';
		} else {
			c[0] = '\\';
			c[1] = 'x';
			c[2] = digits[ch >> 4];
			c[3] = digits[ch & 15];
			c[4] = '\0';
		}
		put(o, c);
	}
	put(o, more ? "\"..." : "\"");
}

#define PATH_CAP 128

static void put_path(struct out *o, unsigned long addr)
{
	char buf[PATH_CAP];
	size_t n = peek(buf, addr, sizeof(buf)), l;

	if (!n) {
		put_hex(o, addr);
		return;
	}
	/* A string that ends near the end of a mapping reads short. */
	l = strnlen(buf, n);
	put_quoted(o, buf, l, l == n);
}

static void put_oflags(struct out *o, long v)
{
	static const char *const acc[] = { "O_RDONLY", "O_WRONLY", "O_RDWR",
					   "O_ACCMODE" };
	unsigned long f = (unsigned int)v;
	size_t i;

	put(o, acc[f & O_ACCMODE]);
	f &= ~(unsigned long)O_ACCMODE;
	if ((f & O_TMPFILE) == O_TMPFILE) {
		put(o, "|O_TMPFILE");
		f &= ~(unsigned long)O_TMPFILE;
	}
	for (i = 0; i < sizeof(oflags) / sizeof(oflags[0]); i++) {
		if ((f & (unsigned long)oflags[i].flag) ==
		    (unsigned long)oflags[i].flag) {
			put(o, "|");
			put(o, oflags[i].name);
			f &= ~(unsigned long)oflags[i].flag;
		}
	}
	if (f) {
		put(o, "|");
		put_hex(o, f);
	}
}

static void put_named(struct out *o, const char *const *names, size_t n,
		      long v)
{
	if (v >= 0 && (size_t)v < n && names[v])
		put(o, names[v]);
	else
		put_dec(o, v);
}

static void put_addr(struct out *o, unsigned long addr, long len)
{
	union {
		struct sockaddr sa;
		struct sockaddr_in in;
		struct sockaddr_in6 in6;
		struct sockaddr_un un;
	} u;
	size_t n = len > 0 ? (size_t)len : 0;
	char b[INET6_ADDRSTRLEN];
	int i;

	if (n > sizeof(u))
		n = sizeof(u);
	memset(&u, 0, sizeof(u));
	if (n < sizeof(sa_family_t) || peek(&u, addr, n) != n) {
		put_hex(o, addr);
		return;
	}
	put(o, "{");
	put_named(o, families, sizeof(families) / sizeof(families[0]),
		  u.sa.sa_family);
	if (u.sa.sa_family == AF_INET && n >= sizeof(u.in)) {
		const unsigned char *q = (const unsigned char *)&u.in.sin_addr;

		put(o, ", ");
		for (i = 0; i < 4; i++) {
			put_dec(o, q[i]);
			put(o, i < 3 ? "." : ":");
		}
		put_dec(o, ntohs(u.in.sin_port));
	} else if (u.sa.sa_family == AF_INET6 && n >= sizeof(u.in6)) {
		/* Every group, uncompressed: inet_ntop is not signal-safe. */
		const unsigned char *q = u.in6.sin6_addr.s6_addr;

		put(o, ", [");
		for (i = 0; i < 16; i += 2) {
			msg_hex(b, (unsigned long)(q[i] << 8 | q[i + 1]));
			put(o, b + 2);
			put(o, i < 14 ? ":" : "]:");
		}
		put_dec(o, ntohs(u.in6.sin6_port));
	} else if (u.sa.sa_family == AF_UNIX &&
		   n > offsetof(struct sockaddr_un, sun_path)) {
		size_t l = n - offsetof(struct sockaddr_un, sun_path);

		put(o, ", ");
		if (u.un.sun_path[0] == '\0' && l > 0) {
			put(o, "@");
			put_quoted(o, u.un.sun_path + 1, l - 1, false);
		} else {
			put_quoted(o, u.un.sun_path,
				   strnlen(u.un.sun_path, l), false);
		}
	}
	put(o, "}");
}

static const struct call_args *find_call(const char *name)
{
	size_t i;

	for (i = 0; name && i < sizeof(calls) / sizeof(calls[0]); i++)
		if (!strcmp(calls[i].name, name))
			return &calls[i];
	return NULL;
}

/* "name(arg, arg, ...)" from the raw arguments. */
static void put_call(struct out *o, const char *name, long nr, const long *a)
{
	const struct call_args *c = find_call(name);
	bool creating = false;
	int i;

	if (name)
		put(o, name);
	else {
		put(o, "syscall ");
		put_dec(o, nr);
	}
	put(o, "(");
	for (i = 0; c && i < 6 && c->kind[i] != A_END; i++) {
		if (c->kind[i] == A_MODE && !creating)
			break;
		if (i)
			put(o, ", ");
		switch (c->kind[i]) {
		case A_INT:
			put_dec(o, a[i]);
			break;
		case A_FD:
			put_dec(o, (int)a[i]);
			break;
		case A_DIRFD:
			if ((int)a[i] == AT_FDCWD)
				put(o, "AT_FDCWD");
			else
				put_dec(o, (int)a[i]);
			break;
		case A_PATH:
			put_path(o, (unsigned long)a[i]);
			break;
		case A_OFLAGS:
			put_oflags(o, a[i]);
			creating = (a[i] & O_CREAT) ||
				   (a[i] & O_TMPFILE) == O_TMPFILE;
			break;
		case A_MODE:
		case A_OCT:
			put_oct(o, (unsigned int)a[i]);
			break;
		case A_ADDR:
			put_addr(o, (unsigned long)a[i], i < 5 ? a[i + 1] : 0);
			break;
		case A_AF:
			put_named(o, families,
				  sizeof(families) / sizeof(families[0]),
				  (int)a[i]);
			break;
		case A_STYPE:
			put_named(o, socktypes,
				  sizeof(socktypes) / sizeof(socktypes[0]),
				  (int)(a[i] & 0xf));
			if (a[i] & SOCK_NONBLOCK)
				put(o, "|SOCK_NONBLOCK");
			if (a[i] & SOCK_CLOEXEC)
				put(o, "|SOCK_CLOEXEC");
			break;
		default:
			put_hex(o, (unsigned long)a[i]);
			break;
		}
	}
	if (!c)
		put(o, "...");
	put(o, ")");
}

/*
 * "0x7f...1139 (./prog+0x1139)": the object nearest below pc among those
 * the dynamic loader lists (its r_debug, found through the program's
 * DT_DEBUG), else the program itself, as the loader mapped it.
 */
static void put_where(struct out *o, unsigned long pc)
{
	const struct image *prog = loader_program();
	const struct link_map *m, *best = NULL;
	const struct r_debug *dbg = NULL;
	const char *name = loader_program_name();
	unsigned long base = prog->bias;
	const arch_dyn *d;

	put_hex(o, pc);
	for (d = (const arch_dyn *)prog->dynamic; d && d->d_tag != DT_NULL; d++)
		if (d->d_tag == DT_DEBUG)
			dbg = (const struct r_debug *)d->d_un.d_ptr;
	for (m = dbg ? dbg->r_map : NULL; m; m = m->l_next)
		if (m->l_addr <= pc && (!best || m->l_addr > best->l_addr))
			best = m;
	if (best && best->l_name && best->l_name[0]) {
		name = best->l_name;
		base = best->l_addr;
	} else if (pc < prog->lo || pc >= prog->hi) {
		if (!best)
			return;
		base = best->l_addr;
	}
	put(o, " (");
	put(o, name);
	put(o, "+");
	put_hex(o, pc - base);
	put(o, ")");
}

void report_raw(const char *verb, const char *name, long nr, const long *a,
		unsigned long pc, const char *tail)
{
	char line[768];
	struct out o = { line, 0, sizeof(line) };

	line[0] = '\0';
	put_call(&o, name, nr, a);
	put(&o, " at ");
	put_where(&o, pc);
	msg(verb, "raw syscall ", line, tail);
	/* The run report says why the program died (--report). */
	if (!strcmp(verb, "killed: "))
		kill_note((const char *const[]){ verb, "raw syscall ", line,
						 tail, NULL });
}
