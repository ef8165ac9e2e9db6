/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The sandbox's start, in the process that becomes its first: read the
 * configuration (TAMAGO_* variables, set by tamago-run or by hand), make
 * the store and the arena, load the images, place there what the dynamic
 * loader needs from the host (the program, its interpreter and libraries,
 * the shim, a hooks library), write the sandbox's configuration, then
 * seal (Landlock, the filter, for good) and exec the program through the
 * loader (fs/exec.c). No instruction of the program runs before.
 *
 * Any error before the seal prints "tamago: <what>: <why>" and exits 125:
 * nothing is half-applied and the program never runs.
 */
#include <errno.h>
#include <limits.h>
#include <linux/capability.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <link.h>
#include <sys/mman.h>
#include <sys/personality.h>
#include <sys/sendfile.h>
#include <sys/prctl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "arch.h"
#include "core/band.h"
#include "core/config.h"
#include "core/killnote.h"
#include "core/msg.h"
#include "core/sys.h"
#include "fs/fs.h"
#include "fs/image.h"
#include "fs/lower.h"
#include "hooks/hooks.h"
#include "launcher/start.h"
#include "net/net.h"
#include "seal/fssize.h"
#include "seal/keepfds.h"
#include "seal/landlock.h"
#include "seal/filter.h"

#define FAILED 125
#if __SIZEOF_POINTER__ == 8
#define ELFCLASS_NATIVE ELFCLASS64
#else
#define ELFCLASS_NATIVE ELFCLASS32
#endif
/* Host files placed as they are, each granted by its own Landlock rule. */
#define MAX_PLACED 4096

static void fail(const char *what, long r)
{
	msg_fatal(what, strerror((int)-r));
}

/* An fd number from s, up to ':' or the end (*end receives where). */
static int parse_fd(const char *what, const char *s, const char **end)
{
	long v = 0;
	const char *p = s;

	while (*p >= '0' && *p <= '9' && v < (1L << 30))
		v = v * 10 + (*p++ - '0');
	if (p == s || v >= (1L << 30) || (*p && (*p != ':' || !end)))
		msg_fatal(what, end ? "expected fd numbers separated by ':'" :
				      "expected an fd number");
	if (end)
		*end = p;
	return (int)v;
}

/* A count such as 5000, 64K or 2M (0 or unset: none). */
static bool count_parse(const char *s, uint32_t *out)
{
	unsigned long long v = 0;
	const char *p = s;

	*out = 0;
	if (!s || !*s)
		return true;
	while (*p >= '0' && *p <= '9' && v < (1ULL << 32))
		v = v * 10 + (unsigned long long)(*p++ - '0');
	if (*p == 'K' || *p == 'k')
		v *= 1024, p++;
	else if (*p == 'M' || *p == 'm')
		v *= 1024 * 1024, p++;
	if (p == s || *p || v >= (1ULL << 32))
		return false;
	*out = (uint32_t)v;
	return true;
}

static const char *const raw_modes[] = { "kill", "emulate", "log" };

static bool raw_ok(const char *s)
{
	size_t i;

	for (i = 0; i < sizeof(raw_modes) / sizeof(raw_modes[0]); i++)
		if (!strcmp(s, raw_modes[i]))
			return true;
	return false;
}

static bool net_ok(const char *s)
{
	return !strcmp(s, "none") || !strcmp(s, "loopback");
}

static bool size_ok(const char *s)
{
	uint64_t v;

	return fssize_parse(s, &v) == 0;
}

static bool inodes_ok(const char *s)
{
	uint32_t v;

	return count_parse(s, &v);
}

/* The settings whose values the start checks, and what each expects. */
static const struct setting {
	const char *var;
	bool (*ok)(const char *);
	const char *why;
} settings[] = {
	{ "TAMAGO_RAW", raw_ok, "expected kill, emulate or log" },
	{ "TAMAGO_NET", net_ok, "expected none or loopback" },
	{ "TAMAGO_FS_SIZE", size_ok, FSSIZE_BAD },
	{ "TAMAGO_FS_INODES", inodes_ok,
	  "expected a count, as in 5000 or 64K" },
};

const char *start_check(const char *var, const char *value)
{
	size_t i;

	for (i = 0; i < sizeof(settings) / sizeof(settings[0]); i++)
		if (!strcmp(var, settings[i].var))
			return !value || !*value || settings[i].ok(value) ?
				       NULL :
				       settings[i].why;
	return NULL;
}

/* The variable's value, or exits 125 saying what it expects. */
static const char *setting(const char *var)
{
	const char *v = getenv(var), *why = start_check(var, v);

	if (why)
		msg_fatal(var, why);
	return v;
}

struct start_config {
	uint32_t raw;
	uint32_t net;
	const char *hooks;
	uint32_t max_inodes;
	uint64_t fs_size;
	const char *images;
	const char *image_fds;
	int export_fd;
	bool export_changes;
	int audit_fd;
	int report_fd;
};

static void parse_config(struct start_config *c)
{
	const char *raw = setting("TAMAGO_RAW");
	size_t i;

	c->raw = 0;
	for (i = 0; raw && *raw && i < sizeof(raw_modes) / sizeof(raw_modes[0]) &&
		    strcmp(raw, raw_modes[i]);
	     i++)
		;
	c->raw = (uint32_t)i;
	setting("TAMAGO_NET");
	setting("TAMAGO_FS_SIZE");
	setting("TAMAGO_FS_INODES");
	c->hooks = getenv("TAMAGO_HOOKS");
	if (net_set_mode(getenv("TAMAGO_NET")) < 0)
		msg_fatal("TAMAGO_NET", "expected none or loopback");
	c->net = net_get_mode();
	c->images = getenv("TAMAGO_FS");
	c->image_fds = getenv("TAMAGO_FS_FD");
	c->export_fd = -1;
	raw = getenv("TAMAGO_EXPORT_FD");
	if (raw && *raw)
		c->export_fd = parse_fd("TAMAGO_EXPORT_FD", raw, NULL);
	c->audit_fd = -1;
	raw = getenv("TAMAGO_AUDIT_FD");
	if (raw && *raw)
		c->audit_fd = parse_fd("TAMAGO_AUDIT_FD", raw, NULL);
	if (c->audit_fd >= 0 && c->audit_fd == c->export_fd)
		msg_fatal("TAMAGO_AUDIT_FD", "is TAMAGO_EXPORT_FD's fd");
	/* tamago-exec's, for --report: what only the end knows. */
	c->report_fd = -1;
	raw = getenv("TAMAGO_REPORT_FD");
	if (raw && *raw)
		c->report_fd = parse_fd("TAMAGO_REPORT_FD", raw, NULL);
	raw = getenv("TAMAGO_EXPORT_CHANGES");
	if (raw && *raw && strcmp(raw, "0")) {
		if (strcmp(raw, "1"))
			msg_fatal("TAMAGO_EXPORT_CHANGES", "expected 0 or 1");
		if (c->export_fd < 0)
			msg_fatal("TAMAGO_EXPORT_CHANGES",
				  "needs TAMAGO_EXPORT_FD");
		c->export_changes = true;
	}
	count_parse(getenv("TAMAGO_FS_INODES"), &c->max_inodes);
	if (fssize_parse(getenv("TAMAGO_FS_SIZE"), &c->fs_size) < 0)
		msg_fatal("TAMAGO_FS_SIZE", FSSIZE_BAD);
}

/*
 * The whole of an image as a file every process of the sandbox can map:
 * the file itself (a dup, which the core takes over), or, for a pipe and
 * the like, a memfd it is read into. *map receives this process's
 * mapping.
 */
static int image_file(int fd, const char *label, const void **map,
		      size_t *len)
{
	unsigned char buf[1 << 16];
	struct stat st;
	long r, file;
	void *p;

	if (fstat(fd, &st) < 0)
		fail(label, -errno);
	if (S_ISDIR(st.st_mode))
		msg_fatal(label, "is a directory (tamago-run --fs= converts "
				 "directories and tar archives)");
	if (S_ISREG(st.st_mode)) {
		file = fcntl(fd, F_DUPFD_CLOEXEC, 0);
		if (file < 0)
			fail(label, -errno);
		*len = (size_t)st.st_size;
	} else {
		file = memfd_create("tamago-image", MFD_CLOEXEC);
		if (file < 0)
			fail(label, -errno);
		*len = 0;
		for (;;) {
			r = read(fd, buf, sizeof(buf));
			if (r < 0 && errno == EINTR)
				continue;
			if (r < 0)
				fail(label, -errno);
			if (r == 0)
				break;
			if (pwrite((int)file, buf, (size_t)r, (off_t)*len) != r)
				fail(label, -errno);
			*len += (size_t)r;
		}
	}
	*map = "";
	if (*len) {
		p = mmap(NULL, *len, PROT_READ, MAP_PRIVATE, (int)file, 0);
		if (p == MAP_FAILED)
			fail(label, -errno);
		*map = p;
	}
	return (int)file;
}

static void load_image(int fd, const char *label)
{
	struct fs_image_error err;
	char why[160], num[24];
	const void *buf;
	size_t len;
	int file = image_file(fd, label, &buf, &len);
	int r = fs_image_load(file, buf, len, 0, &err);

	if (r == 0)
		return;
	snprintf(why, sizeof(why), "offset %s: %s",
		 msg_dec(num, (long)err.offset), err.reason);
	msg_fatal(label, why);
}

/* The next ':'-separated entry of *list into buf ("" past the end). */
static void next_entry(const char **list, char *buf, size_t size)
{
	const char *p = *list ? *list : "", *end = strchr(p, ':');
	size_t n = end ? (size_t)(end - p) : strlen(p);

	if (n >= size)
		msg_fatal("TAMAGO_FS", "path too long");
	memcpy(buf, p, n);
	buf[n] = '\0';
	*list = end ? end + 1 : p + n;
}

/*
 * TAMAGO_FS's paths in order, then TAMAGO_FS_FD's fds, later over
 * earlier. TAMAGO_FS_NAMES (tamago-run's) names each TAMAGO_FS entry for
 * messages as the user gave it ("--fs=in.tar" for a converted image).
 */
static void load_images(const struct start_config *c)
{
	char path[4096], name[4096], label[32];
	const char *p, *end, *names = getenv("TAMAGO_FS_NAMES");
	int fd;

	for (p = c->images; p && *p;) {
		next_entry(&p, path, sizeof(path));
		next_entry(&names, name, sizeof(name));
		if (!path[0])
			continue;
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			fail(name[0] ? name : path, -errno);
		load_image(fd, name[0] ? name : path);
		close(fd);
	}
	for (p = c->image_fds; p && *p; p = *end ? end + 1 : end) {
		int n = parse_fd("TAMAGO_FS_FD", p, &end);

		snprintf(label, sizeof(label), "fd %d", n);
		load_image(n, label);
		/* The program never sees it (but keeps its stdin). */
		if (n > 2)
			close(n);
	}
}

/* An output fd (export, audit): writable, then in the band for good. */
static int output_fd(const char *what, int fd)
{
	long r;

	if (fd < 0)
		return -1;
	r = fcntl(fd, F_GETFL);
	if (r < 0)
		fail(what, -errno);
	if ((r & O_ACCMODE) == O_RDONLY || (r & O_PATH))
		msg_fatal(what, "not open for writing");
	r = band_move(fd);
	if (r < 0)
		fail(what, r);
	fcntl((int)r, F_SETFD, 0);
	return (int)r;
}

/*
 * Whether fd may back its file as it is: read-only on a read-only mount
 * (the sandbox's view of the host, supervise.c), where no call the filter
 * lets through on it (utimensat on band fds, say) can change the host.
 */
static bool as_is(int fd)
{
	struct statvfs v;

	return fstatvfs(fd, &v) == 0 && (v.f_flag & ST_RDONLY);
}

/* A host file into the sandbox, at its own path. */
static void host_file(const char *label, const char *path)
{
	char real[4096], why[4200];
	int fd, r;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(why, sizeof(why), "%s: %s", path, strerror(errno));
		msg_fatal(label, why);
	}
	/* At the path asked for; an absolute one, whatever was given. */
	if (path[0] != '/') {
		if (!realpath(path, real))
			fail(label, -errno);
		path = real;
	}
	r = fs_host_file(path, fd, as_is(fd));
	close(fd);
	if (r < 0) {
		snprintf(why, sizeof(why), "placing %s in the sandbox: %s",
			 path, strerror(-r));
		msg_fatal(label, why);
	}
}

/* The shim (0) or the hooks library (1), named by /proc alone. */
static void host_hidden(const char *path, int which)
{
	int fd, r;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		fail(path, -errno);
	r = fs_host_hidden(which, fd, as_is(fd));
	close(fd);
	if (r < 0)
		fail(path, r);
}

/*
 * What the dynamic loader opens, at the paths it opens them by (the
 * loader cache stays out: the sandbox's loader searches its default
 * directories); the preloaded objects themselves go by /proc.
 */
static void place_needs(const struct start_args *a)
{
	char shim[PATH_MAX] = "", hooks[PATH_MAX] = "";
	const struct closure_file *f;
	size_t i;

	if (a->shim && !realpath(a->shim, shim))
		fail(a->shim, -errno);
	if (a->hooks && *a->hooks && !realpath(a->hooks, hooks))
		fail(a->hooks, -errno);
	if (a->script)
		host_file(a->prog, a->path);
	for (i = 0; i < a->needs->n; i++) {
		f = &a->needs->files[i];
		if (f->cache || !strcmp(f->path, shim) ||
		    !strcmp(f->path, hooks))
			continue;
		host_file(a->prog, f->named);
	}
	if (a->shim)
		host_hidden(a->shim, 0);
	if (hooks[0])
		host_hidden(a->hooks, 1);
}

/*
 * With the host's /usr as a layer at /usr, the host's top-level links
 * into it (a merged /usr: /bin -> usr/bin, /lib64 -> usr/lib64) come
 * too, so that /bin/sh and the dynamic loader's /lib64 path are found
 * as on the host.
 */
static void usr_links(const struct start_args *a)
{
	static const char *const names[] = { "bin", "sbin", "lib", "lib32",
					     "lib64", "libx32" };
	char top[16], target[256];
	const char *rel;
	ssize_t n;
	size_t i;
	int layer, r;

	for (layer = 0; layer < a->nro; layer++)
		if (!strcmp(a->ro[layer].dest, "/usr") &&
		    !strcmp(a->ro[layer].host, "/usr"))
			break;
	if (layer == a->nro)
		return;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(top, sizeof(top), "/%s", names[i]);
		n = readlink(top, target, sizeof(target) - 1);
		if (n <= 0)
			continue;
		target[n] = '\0';
		rel = target[0] == '/' ? target + 1 : target;
		if (strncmp(rel, "usr/", 4) || strstr(rel, ".."))
			continue;
		r = fs_lower_link(top, target, (uint32_t)layer, rel + 4);
		if (r < 0)
			fail(top, r);
	}
}

/* The --ro layers (fs/lower.h). */
static void add_layers(const struct start_args *a)
{
	char why[4200];
	int i, r;

	if (!a->nro)
		return;
	r = fs_lower_init(a->ro_sock);
	if (r < 0)
		fail("--ro", r);
	for (i = 0; i < a->nro; i++) {
		r = fs_lower_add(a->ro[i].dest, a->ro[i].fd);
		if (r == 0)
			continue;
		if (r == -ENOTDIR)
			snprintf(why, sizeof(why), "%s is not a directory in "
				 "the sandbox", a->ro[i].dest);
		else if (r == -EEXIST)
			snprintf(why, sizeof(why), "%s: another --ro is "
				 "there already", a->ro[i].dest);
		else if (r == -EPERM)
			snprintf(why, sizeof(why), "%s: no layer goes under /proc",
				 a->ro[i].dest);
		else
			snprintf(why, sizeof(why), "%s: %s", a->ro[i].dest,
				 strerror(-r));
		msg_fatal(a->ro[i].opt, why);
	}
	usr_links(a);
}

/* The capability sets now, for capget in the sandbox (trap/cap.c). */
static void read_caps(struct core_config *cfg)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3,
					      0 };
	struct __user_cap_data_struct d[_LINUX_CAPABILITY_U32S_3];
	int i;

	memset(d, 0, sizeof(d));
	if (syscall(SYS_capget, &h, d) < 0)
		return;
	for (i = 0; i < _LINUX_CAPABILITY_U32S_3; i++) {
		cfg->cap_eff |= (uint64_t)d[i].effective << (32 * i);
		cfg->cap_prm |= (uint64_t)d[i].permitted << (32 * i);
		cfg->cap_inh |= (uint64_t)d[i].inheritable << (32 * i);
	}
}

/*
 * How much of the loader's file the kernel's exec reads: its headers and
 * segments. What follows (debug sections, the section table: most of
 * the file in a build tree) is not copied at every start. -1 when fd is
 * not an ELF file of this machine's class.
 */
static off_t loader_extent(int fd)
{
	ElfW(Ehdr) eh;
	ElfW(Phdr) ph;
	off_t end;
	int i;

	if (pread(fd, &eh, sizeof(eh), 0) != (ssize_t)sizeof(eh) ||
	    memcmp(eh.e_ident, ELFMAG, SELFMAG) ||
	    eh.e_ident[EI_CLASS] != ELFCLASS_NATIVE ||
	    eh.e_phentsize != sizeof(ph))
		return -1;
	end = (off_t)(eh.e_phoff + (uint64_t)eh.e_phnum * sizeof(ph));
	for (i = 0; i < eh.e_phnum; i++) {
		if (pread(fd, &ph, sizeof(ph),
			  (off_t)(eh.e_phoff + (uint64_t)i * sizeof(ph))) !=
		    (ssize_t)sizeof(ph))
			return -1;
		if ((off_t)(ph.p_offset + ph.p_filesz) > end)
			end = (off_t)(ph.p_offset + ph.p_filesz);
	}
	return end;
}

/* The loader, in a sealed memfd in the band: every exec is of it. */
static int loader_fd(const char *path)
{
	off_t off = 0, len;
	ssize_t n;
	int in, fd;

	in = open(path, O_RDONLY | O_CLOEXEC);
	if (in < 0)
		fail(path, -errno);
	len = loader_extent(in);
	if (len < 0)
		msg_fatal(path, "not an ELF file for this machine");
	fd = memfd_create("tamago-loader", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (fd < 0)
		fail("loader", -errno);
	while (off < len) {
		n = sendfile(fd, in, &off, (size_t)(len - off));
		if (n <= 0)
			fail(path, n < 0 ? -errno : -EIO);
	}
	close(in);
	if (fcntl(fd, F_ADD_SEALS, F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW |
					   F_SEAL_WRITE) < 0)
		fail("loader", -errno);
	fd = band_move(fd);
	if (fd < 0)
		fail("loader", fd);
	fcntl(fd, F_SETFD, 0);
	return fd;
}

/* Threads already running (none: tamago-exec starts none). */
static bool alone(void)
{
	char buf[4096], *p;
	long n;
	int fd = open("/proc/self/status", O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return false;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return false;
	buf[n] = '\0';
	p = strstr(buf, "\nThreads:");
	return p && strtol(p + 9, NULL, 10) == 1;
}

/* The process's uid and gid for the filter, where each is one id. */
static void same_ids(struct seal *s)
{
	uid_t r, e, sv;
	gid_t gr, ge, gs;

	s->uid = s->gid = -1;
	if (getresuid(&r, &e, &sv) == 0 && r == e && e == sv)
		s->uid = r;
	if (getresgid(&gr, &ge, &gs) == 0 && gr == ge && ge == gs)
		s->gid = gr;
}

/*
 * Seals this process for good: Landlock, else a chroot into the store;
 * then the filter, whose rules name pid (this process's, or in a pid
 * namespace the child it is about to fork, which inherits all of it).
 * With print, the filter is printed instead and the process exits.
 * Returns 0, or -errno with what failed in *what.
 */
static long seal_self(const struct start_args *a,
		      const struct core_config *cfg, const char *print,
		      pid_t pid, const char **what)
{
	bool confined, scoped = false, rooted, single;
	int reads[MAX_PLACED];
	size_t nreads, nlowers;
	struct seal s;
	long r;

	/*
	 * The store's door (openat and its kin on the store's fd) must not
	 * reach past the store: Landlock grants nothing else; where it is
	 * missing and the process may, its root becomes the store itself,
	 * so that no absolute path names a host file.
	 */
	single = alone();
	nreads = fs_host_fds(reads, sizeof(reads) / sizeof(reads[0]));
	if (nreads > sizeof(reads) / sizeof(reads[0])) {
		*what = "placing host files";
		return -E2BIG;
	}
	/* The --ro layers' directories: reading beneath them. */
	nlowers = fs_lower_fds(reads + nreads,
			       sizeof(reads) / sizeof(reads[0]) - nreads);
	if (nreads + nlowers > sizeof(reads) / sizeof(reads[0])) {
		*what = "placing host files";
		return -E2BIG;
	}
	nreads += nlowers;
	confined = landlock_seal(fs_store_fd(), reads, nreads, &scoped);
	rooted = !confined && fchdir(fs_store_fd()) == 0 && chroot(".") == 0;
	if (!confined && !rooted) {
		*what = "file system";
		return -ENOSYS;
	}
	fs_set_reopen(confined && single);
	/* A layer's files are opened through the /proc door alone. */
	if (nlowers && !(confined && single)) {
		*what = "--ro";
		return -EOPNOTSUPP;
	}
	memset(&s, 0, sizeof(s));
	s.band_base = band_base();
	s.proc_fd = fs_proc_fd();
	s.store_fd = fs_store_fd();
	s.loader_fd = cfg->loader_fd;
	s.pid = pid;
	same_ids(&s);
	s.pid_ns = a->pid_ns;
	s.signals_scoped = confined && scoped;
	s.console = cfg->console;
	s.det = cfg->det.vclock || cfg->det.seeded;
	if (print)
		exit(filter_print(1, &ARCH_FILTER, &s, print) < 0 ? FAILED : 0);
	r = filter_seal(&ARCH_FILTER, &s);
	*what = "seccomp filter";
	return r;
}

__attribute__((noreturn)) static void seal_failed(const char *what, long r)
{
	if (r == -ENOSYS && !strcmp(what, "file system"))
		msg_fatal(what, "needs Landlock or user namespaces, and this "
				"kernel offers neither");
	if (r == -EOPNOTSUPP && !strcmp(what, "--ro"))
		msg_fatal(what, "needs Landlock (a layer's files are read "
				"through a door only Landlock confines), and "
				"this kernel lacks it");
	fail(what, r);
	exit(FAILED);
}

/*
 * Nothing lost silently: a run that changed the file system and exports
 * nothing says so, in one line after the program's own output.
 */
static void note_changes(void)
{
	const char *discard = getenv("TAMAGO_DISCARD");
	char num[24];
	uint32_t n;

	/* --discard: the changes are meant to go. */
	if (discard && *discard && strcmp(discard, "0"))
		return;
	if (fs_changes_count(&n) < 0 || n == 0)
		return;
	msg(msg_dec(num, (long)n), n == 1 ? " file" : " files",
	    " changed, not exported (use --export or --export-dir)");
}

/* The end's facts for tamago-exec's report: "changed N" and what
 * --trace-missing found. Lines it parses; the sandbox cannot be
 * trusted to write JSON. */
static int report_fd = -1;
static bool trace_print;	/* --trace-missing: the list on stderr */

/* "killed TEXT": the trap path's kill report, on one line. */
static void kill_line(void)
{
	char line[KILL_NOTE_MAX + 16];
	size_t n, i;

	memcpy(line, "killed ", 7);
	n = kill_note_read(line + 7, KILL_NOTE_MAX + 1);
	if (!n)
		return;
	for (i = 7; i < 7 + n; i++)
		if (line[i] == '\n')
			line[i] = ' ';
	line[7 + n] = '\n';
	if (write(report_fd, line, 8 + n) < 0)
		return;
}

static void report_facts(void)
{
	char line[48], num[24];
	const char *d;
	uint32_t n;
	size_t len;

	if (report_fd < 0)
		return;
	if (fs_changes_count(&n) == 0) {
		d = msg_dec(num, (long)n);
		len = strlen(d);
		memcpy(line, "changed ", 8);
		memcpy(line + 8, d, len);
		line[8 + len] = '\n';
		if (write(report_fd, line, 9 + len) < 0)
			return;
	}
	fs_missing_lines(report_fd);
	kill_line();
}

static pid_t kept_child;

/* A signal sent to the keeper (tamago-exec passes SIGTERM on) is the
 * program's; one from the terminal reached the program itself. */
static void pass_on(int sig, siginfo_t *si, void *ctx)
{
	(void)ctx;
	if (si->si_code == SI_USER || si->si_code == SI_QUEUE ||
	    si->si_code == SI_TKILL)
		kill(kept_child, sig);
}

/*
 * The tree's end, kept by its first process (sealed like the others)
 * while its child runs the program: once the program has ended, however
 * it ended (a static program's raw exit, a SIGKILL, the trap path's
 * kill), the file system is exported and the tree's audit written, and
 * the keeper ends as the program did. Only allowed calls here: the
 * keeper has no trap path.
 */
__attribute__((noreturn)) static void keep(pid_t child,
					   const struct core_config *cfg,
					   bool sealed)
{
	static const int passed[] = { SIGHUP,  SIGINT,	SIGQUIT, SIGTERM,
				      SIGUSR1, SIGUSR2, SIGWINCH, SIGCONT };
	struct rlimit none = { 0, 0 };
	struct sigaction sa;
	const char *why = NULL;
	uint64_t one;
	size_t i;
	int status = 0, r;

	kept_child = child;
	/* Its stdio is the program's: the program alone closes it. */
	close(0);
	close(1);
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = pass_on;
	sa.sa_flags = SA_SIGINFO | SA_RESTART;
	for (i = 0; i < sizeof(passed) / sizeof(passed[0]); i++)
		sigaction(passed[i], &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	while ((r = (int)waitpid(child, &status, 0)) < 0 && errno == EINTR)
		;
	if (r < 0)
		fail("the program", -errno);
	if (sealed && cfg->export_fd >= 0) {
		r = fs_export(cfg->export_fd, cfg->export_changes, &why);
		if (r < 0) {
			char line[256];

			snprintf(line, sizeof(line), "%s: %s",
				 why ? why : "failed", strerror(-r));
			msg("export: ", line);
		}
	}
	if (sealed && cfg->export_fd < 0)
		note_changes();
	if (sealed)
		report_facts();
	if (sealed && trace_print)
		fs_missing_write();
	if (sealed && cfg->audit_fd >= 0) {
		r = net_audit_write(cfg->audit_fd);
		if (r < 0)
			msg("audit: ", strerror(-r));
	}
	if (WIFEXITED(status))
		_exit(WEXITSTATUS(status));
	/* The same signal, without a core of the keeper's own. */
	setrlimit(RLIMIT_CORE, &none);
	signal(WTERMSIG(status), SIG_DFL);
	one = 1ULL << (WTERMSIG(status) - 1);
	sys_sigmask(SIG_UNBLOCK, &one, NULL);
	kill(getpid(), WTERMSIG(status));
	_exit(128 + WTERMSIG(status));
}

/*
 * In the tree's own pid namespace the first process is pid 2 and its one
 * child, the program, pid 3 (the kernel hands out a new namespace's pids
 * in order, and nothing else runs in it yet). The first process seals
 * itself with the filter the program needs, whose one pid-bound rule
 * (prlimit64: 0 or the pid it names) names pid 3, and forks: the child
 * inherits Landlock and the filter, and the kernel converts and compiles
 * the 1,500-instruction program once per start, not twice. The keeper
 * names pids only as 0 (setrlimit), so the rule's pid is the program's
 * alone to use, as it is for every process the program forks. A child
 * that finds another pid ends the run.
 */
static void seal_then_fork(const struct start_args *a,
			   const struct core_config *cfg)
{
	pid_t child, expected = getpid() + 1;
	const char *what = NULL;
	long r;

	r = seal_self(a, cfg, NULL, expected, &what);
	if (r < 0)
		seal_failed(what, r);
	child = fork();
	if (child < 0)
		fail("fork", -errno);
	if (child > 0)
		keep(child, cfg, true);
	/* Sealed already, it could not seal again (Landlock's calls are
	 * the filter's to kill): a pid its filter does not name ends the
	 * run before the program, as any failed seal does. */
	if (getpid() != expected)
		msg_fatal("pid namespace", "the program is not the pid its "
					   "filter names (another process "
					   "entered the namespace?)");
}

/*
 * Without a pid namespace the child's pid is known only once it runs:
 * the child seals first, with its own pid, and says so; when it cannot
 * (it says why and exits), the first process ends as it did, and never
 * runs unsealed past that. Then the first process seals with its own.
 */
static void fork_then_seal(const struct start_args *a,
			   const struct core_config *cfg)
{
	const char *what = NULL;
	int sealed[2];
	char byte = 's';
	pid_t child;
	long r;

	if (pipe2(sealed, O_CLOEXEC) < 0)
		fail("pipe", -errno);
	child = fork();
	if (child < 0)
		fail("fork", -errno);
	if (child > 0) {
		close(sealed[1]);
		if (read(sealed[0], &byte, 1) != 1)
			keep(child, cfg, false);
		close(sealed[0]);
		r = seal_self(a, cfg, NULL, getpid(), &what);
		if (r < 0) {
			kill(child, SIGKILL);
			seal_failed(what, r);
		}
		keep(child, cfg, true);
	}
	close(sealed[0]);
	r = seal_self(a, cfg, NULL, getpid(), &what);
	if (r < 0)
		seal_failed(what, r);
	if (write(sealed[1], &byte, 1) != 1)
		fail("pipe", -errno);
	close(sealed[1]);
}

/*
 * A program found in the sandbox alone (--inside): by its path, or a name
 * searched in the program's own PATH there, as a shell would; not found,
 * 127; found and refused, 126.
 */
__attribute__((noreturn)) static void exec_inside(const struct start_args *a)
{
	const char *path = "/usr/local/bin:/usr/bin:/bin", *p, *end;
	char full[4096], why[256];
	int r, last = -ENOENT;
	size_t i;

	if (strchr(a->path, '/')) {
		last = fs_execveat(AT_FDCWD, a->path, a->argv, a->envp, 0);
	} else {
		for (i = 0; a->envp[i]; i++)
			if (!strncmp(a->envp[i], "PATH=", 5))
				path = a->envp[i] + 5;
		for (p = path; p; p = *end ? end + 1 : NULL) {
			end = strchr(p, ':');
			if (!end)
				end = p + strlen(p);
			snprintf(full, sizeof(full), "%.*s/%s",
				 (int)(end - p), end == p ? "." : p, a->path);
			r = fs_execveat(AT_FDCWD, full, a->argv, a->envp, 0);
			if (r != -ENOENT && r != -ENOTDIR)
				last = r;
		}
	}
	if (last == -ENOENT || last == -ENOTDIR) {
		msg(a->prog, ": not found, on the host or in the sandbox");
		_exit(127);
	}
	snprintf(why, sizeof(why), "%s", strerror(-last));
	msg(a->prog, ": ", why);
	_exit(126);
}

void start_sandbox(const struct start_args *a)
{
	struct fs_options fo = { 0 };
	struct start_config c = { 0 };
	struct core_config *cfg;
	const char *print, *what = NULL, *why = NULL, *raw;
	long r;

	parse_config(&c);
	r = fd_close_inherited(fd_keep_list());
	if (r == -EINVAL)
		msg_fatal("TAMAGO_KEEP_FDS", "expected fd numbers, as in 3,4");
	if (r < 0)
		fail("closing inherited fds", r);
	r = band_setup(-1);
	if (r < 0)
		fail("fd band", r);
	fo.max_inodes = c.max_inodes;
	fo.size = c.fs_size;
	r = fssize_mount(c.fs_size);
	if (r < 0)
		msg_fatal(c.fs_size ? "TAMAGO_FS_SIZE" : "file system",
			  fssize_why(r));
	fo.store_fd = (int)r;
	r = fs_init(&fo);
	if (r < 0)
		fail("file system", r);
	r = det_configure(&core_config_w()->det, getenv("TAMAGO_SEED"),
			  getenv("TAMAGO_TIME"), getenv("TAMAGO_TIME_WARP"),
			  &what, &why);
	if (r < 0)
		msg_fatal(what, why);
	r = hooks_init(NULL, -1);
	if (r < 0)
		fail("handlers", r);
	if (core_config()->det.seeded) {
		r = fs_proc_random();
		if (r < 0)
			fail("/proc/sys/kernel/random", r);
	}
	load_images(&c);
	place_presets(a);
	place_needs(a);
	/* After the loader's needs (placed at their own paths, so that a
	 * start lists no layer's directory). */
	add_layers(a);
	cfg = core_config_w();
	read_caps(cfg);
	cfg->raw = c.raw;
	cfg->net = c.net;
	cfg->export_fd = output_fd("TAMAGO_EXPORT_FD", c.export_fd);
	cfg->audit_fd = output_fd("TAMAGO_AUDIT_FD", c.audit_fd);
	report_fd = output_fd("TAMAGO_REPORT_FD", c.report_fd);
	cfg->export_changes = c.export_changes;
	cfg->console = c.hooks && *c.hooks;
	if (a->shim)
		snprintf(cfg->shim, sizeof(cfg->shim), "%s", FS_HIDDEN_SHIM);
	if (c.hooks && *c.hooks)
		snprintf(cfg->hooks, sizeof(cfg->hooks), "%s", FS_HIDDEN_HOOKS);
	cfg->loader_fd = loader_fd(a->loader);
	/* After the sandbox's own lookups (placing the presets and the
	 * loader's needs): the program's alone are traced. */
	raw = getenv("TAMAGO_TRACE_MISSING");
	trace_print = raw && *raw && strcmp(raw, "0");
	/* The report lists them too, printed or not. */
	if (c.report_fd >= 0) {
		r = kill_note_init();
		if (r < 0)
			fail("--report", r);
	}
	if (trace_print || c.report_fd >= 0) {
		r = fs_missing_init();
		if (r < 0)
			fail("--trace-missing", r);
	}
	/* Also without an export: the note at the end counts the changes
	 * from it (a large tree that leaves no room goes without). */
	r = fs_export_baseline();
	if (r < 0 && c.export_changes)
		fail("export", r);
	r = net_cut_inherited();
	if (r < 0)
		fail("inherited sockets", r);
	print = getenv("TAMAGO_PRINT_FILTER");
	if (print && *print && strcmp(print, "1") && strcmp(print, "bpf"))
		msg_fatal("TAMAGO_PRINT_FILTER", "expected 1 or bpf");
	if (print && *print) {
		/* The pid the program's filter names (seal_then_fork). */
		r = seal_self(a, cfg, print, getpid() + (a->pid_ns ? 1 : 0),
			      &what);
		seal_failed(what, r);
	}
	/* Seeded runs place everything where the last run did: a program
	 * that prints or hashes an address (lua's seed) prints the same.
	 * Inherited across every exec of the tree (and harmless in the
	 * keeper, which execs nothing). */
	if (cfg->det.seeded && personality(ADDR_NO_RANDOMIZE) < 0)
		fail("personality", -errno);
	if (a->pid_ns)
		seal_then_fork(a, cfg);
	else
		fork_then_seal(a, cfg);
	core_config_w()->first_pid = getpid();
	/* The program's clock starts at the start: the setup's own reads
	 * (as many as the host's libraries placed) do not count. */
	core_config_w()->det.reads = 0;
	if (a->inside)
		exec_inside(a);
	r = fs_execveat(AT_FDCWD, a->path, a->argv, a->envp, 0);
	fail(a->prog, r);
	exit(FAILED);
}
