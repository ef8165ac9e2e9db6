/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Start-up and sealing, once, before the program's main: configuration,
 * the initial file system, the handlers (and a hooks library if one is
 * named), the SIGSYS handler, then Landlock and the filter for all
 * threads. Any error before the seal prints "tamago: <what>: <why>" and
 * exits 125: nothing is half-applied and the program never runs.
 */
#include <dlfcn.h>
#include <linux/magic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/statfs.h>

#include "fs/fs.h"
#include "seal/filter.h"
#include "seal/fssize.h"
#include "hooks/hooks.h"
#include "core/lock.h"
#include "net/net.h"
#include "fs/image.h"
#include "shim/shim.h"
#include "core/sys.h"

struct shim_config shim_config;

static void fail(const char *what, long r)
{
	shim_fatal(what, strerror((int)-r));
}

static int parse_fd(const char *what, const char *s, const char **end);

/* A count such as 5000, 64K or 2M (0 or unset: none); else exits 125. */
static uint32_t parse_count(const char *what, const char *s)
{
	unsigned long long v = 0;
	const char *p = s;

	if (!s || !*s)
		return 0;
	while (*p >= '0' && *p <= '9' && v < (1ULL << 32))
		v = v * 10 + (unsigned long long)(*p++ - '0');
	if (*p == 'K' || *p == 'k')
		v *= 1024, p++;
	else if (*p == 'M' || *p == 'm')
		v *= 1024 * 1024, p++;
	if (p == s || *p || v >= (1ULL << 32))
		shim_fatal(what, "expected a count, as in 5000 or 64K");
	return (uint32_t)v;
}

static void parse_config(struct shim_config *c)
{
	static const struct {
		const char *name;
		enum raw_mode mode;
	} raw_modes[] = {
		{ "kill", RAW_KILL },
		{ "emulate", RAW_EMULATE },
		{ "log", RAW_LOG },
	};
	const char *raw = getenv("TAMAGO_RAW");
	size_t i;

	c->raw = RAW_KILL;
	if (raw && *raw) {
		for (i = 0; i < sizeof(raw_modes) / sizeof(raw_modes[0]); i++)
			if (!strcmp(raw, raw_modes[i].name))
				break;
		if (i == sizeof(raw_modes) / sizeof(raw_modes[0]))
			shim_fatal("TAMAGO_RAW",
				   "expected kill, emulate or log");
		c->raw = raw_modes[i].mode;
	}
	c->hooks = getenv("TAMAGO_HOOKS");
	if (net_set_mode(getenv("TAMAGO_NET")) < 0)
		shim_fatal("TAMAGO_NET", "expected none or loopback");
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
		shim_fatal("TAMAGO_AUDIT_FD", "is TAMAGO_EXPORT_FD's fd");
	raw = getenv("TAMAGO_EXPORT_CHANGES");
	if (raw && *raw && strcmp(raw, "0")) {
		if (strcmp(raw, "1"))
			shim_fatal("TAMAGO_EXPORT_CHANGES", "expected 0 or 1");
		if (c->export_fd < 0)
			shim_fatal("TAMAGO_EXPORT_CHANGES",
				   "needs TAMAGO_EXPORT_FD");
		c->export_changes = true;
	}
	c->max_inodes = parse_count("TAMAGO_FS_INODES",
				    getenv("TAMAGO_FS_INODES"));
	if (fssize_parse(getenv("TAMAGO_FS_SIZE"), &c->fs_size) < 0)
		shim_fatal("TAMAGO_FS_SIZE", FSSIZE_BAD);
}

/*
 * The tmpfs that holds file contents under TAMAGO_FS_SIZE: tamago-exec's
 * (made before its Landlock layer, which grants it), or one made here.
 */
static int size_mount(uint64_t size)
{
	const char *given = getenv(FSSIZE_FD_ENV);
	long fd;

	if (given && *given) {
		fd = parse_fd(FSSIZE_FD_ENV, given, NULL);
		if (fssize_check((int)fd) < 0)
			shim_fatal(FSSIZE_FD_ENV, "not the root of a tmpfs");
		return (int)fd;
	}
	fd = fssize_mount(size);
	if (fd < 0)
		shim_fatal("TAMAGO_FS_SIZE", fssize_why(fd));
	return (int)fd;
}

/*
 * TAMAGO_PROC_FD: /proc as tamago-exec opened it (its first filter lets
 * nothing after it open an O_PATH fd of a host path); 0 when not given.
 */
static int proc_given(void)
{
	const char *given = getenv("TAMAGO_PROC_FD");
	struct statfs sf;
	arch_kstat st;
	int fd;

	if (!given || !*given)
		return 0;
	fd = parse_fd("TAMAGO_PROC_FD", given, NULL);
	if (sys3(SYS_fstatfs, fd, &sf, 0) < 0 ||
	    sf.f_type != PROC_SUPER_MAGIC ||
	    sys_fstat(fd, &st) < 0 || !S_ISDIR(st.st_mode) || st.st_ino != 1)
		shim_fatal("TAMAGO_PROC_FD", "not the root of /proc");
	return fd;
}

/* An fd number from s, up to ':' or the end (*end receives where). */
static int parse_fd(const char *what, const char *s, const char **end)
{
	long v = 0;
	const char *p = s;

	while (*p >= '0' && *p <= '9' && v < (1L << 30))
		v = v * 10 + (*p++ - '0');
	if (p == s || v >= (1L << 30) || (*p && (*p != ':' || !end)))
		shim_fatal(what, end ? "expected fd numbers separated by ':'" :
				       "expected an fd number");
	if (end)
		*end = p;
	return (int)v;
}

/* The whole of an image: mapped when it is a file, read otherwise. */
static const void *image_bytes(int fd, const char *label, size_t *len)
{
	arch_kstat st;
	size_t cap = 1 << 16, n = 0;
	unsigned char *p;
	long r = sys_fstat(fd, &st);

	if (r < 0)
		fail(label, r);
	if (S_ISDIR(st.st_mode))
		shim_fatal(label, "is a directory (tamago-run --fs= converts "
				  "directories and tar archives)");
	if (S_ISREG(st.st_mode)) {
		*len = (size_t)st.st_size;
		if (!*len)
			return "";
		p = sys_mmap(NULL, *len, PROT_READ, MAP_PRIVATE, fd);
		if (sys_mmap_failed(p))
			fail(label, (long)p);
		return p;
	}
	/* A pipe or the like: read it all. */
	p = sys_mmap(NULL, cap, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS, -1);
	for (;;) {
		if (sys_mmap_failed(p))
			fail(label, (long)p);
		if (n == cap) {
			p = (void *)sys6(SYS_mremap, p, cap, cap * 2,
					 MREMAP_MAYMOVE, 0, 0);
			cap *= 2;
			continue;
		}
		r = sys_read(fd, p + n, cap - n);
		if (r == -EINTR)
			continue;
		if (r < 0)
			fail(label, r);
		if (r == 0)
			break;
		n += (size_t)r;
	}
	*len = n;
	return p;
}

static void load_image(int fd, const char *label)
{
	struct fs_image_error err;
	char why[160], num[24];
	size_t len;
	const void *buf = image_bytes(fd, label, &len);
	int r = fs_image_load(buf, len, 0, &err);

	if (r == 0)
		return;
	strcpy(why, "offset ");
	strcat(why, msg_dec(num, (long)err.offset));
	strcat(why, ": ");
	strncat(why, err.reason, sizeof(why) - strlen(why) - 1);
	shim_fatal(label, why);
}

/* TAMAGO_FS's paths in order, then TAMAGO_FS_FD's fds, later over
 * earlier; then the export fd goes into the band. */
static void load_images(struct shim_config *c)
{
	char path[4096], label[32];
	const char *p, *end;
	long fd;

	for (p = c->images; p && *p; p = *end ? end + 1 : end) {
		size_t n;

		end = strchr(p, ':');
		if (!end)
			end = p + strlen(p);
		n = (size_t)(end - p);
		if (!n)
			continue;
		if (n >= sizeof(path))
			shim_fatal("TAMAGO_FS", "path too long");
		memcpy(path, p, n);
		path[n] = '\0';
		fd = sys_openat(AT_FDCWD, path, O_RDONLY | O_CLOEXEC, 0);
		if (fd < 0)
			fail(path, fd);
		load_image((int)fd, path);
		sys_close((int)fd);
	}
	for (p = c->image_fds; p && *p; p = *end ? end + 1 : end) {
		int n = parse_fd("TAMAGO_FS_FD", p, &end);

		strcpy(label, "fd ");
		msg_dec(label + 3, n);
		load_image(n, label);
		/* The program never sees it (but keeps its stdin). */
		if (n > 2)
			sys_close(n);
	}
	if (c->export_changes) {
		fd = fs_export_baseline();
		if (fd < 0)
			fail("export", fd);
	}
	if (c->export_fd >= 0) {
		fd = sys_fcntl(c->export_fd, F_GETFL, 0);
		if (fd < 0)
			fail("TAMAGO_EXPORT_FD", fd);
		if ((fd & O_ACCMODE) == O_RDONLY || (fd & O_PATH))
			shim_fatal("TAMAGO_EXPORT_FD", "not open for writing");
		/* Out of the program's reach: it may close any of its fds. */
		fd = fs_band_fd(c->export_fd);
		if (fd < 0)
			fail("TAMAGO_EXPORT_FD", fd);
		c->export_fd = (int)fd;
	}
	if (c->audit_fd >= 0) {
		fd = sys_fcntl(c->audit_fd, F_GETFL, 0);
		if (fd < 0)
			fail("TAMAGO_AUDIT_FD", fd);
		if ((fd & O_ACCMODE) == O_RDONLY || (fd & O_PATH))
			shim_fatal("TAMAGO_AUDIT_FD", "not open for writing");
		fd = fs_band_fd(c->audit_fd);
		if (fd < 0)
			fail("TAMAGO_AUDIT_FD", fd);
		c->audit_fd = (int)fd;
	}
}

/*
 * From /proc/self/status: the threads already running (started by a
 * library's constructor), and how many pid namespaces deep this process
 * is as /proc sees it (NSpid's fields): more than one means a pid
 * namespace below the one /proc was mounted for; and its capability
 * sets, which capget answers from (cap.c).
 */
static uint64_t status_hex(const char *buf, const char *key)
{
	const char *p = strstr(buf, key);

	return p ? strtoull(p + strlen(key), NULL, 16) : 0;
}

static void read_status(long *threads, int *pid_levels)
{
	char buf[4096];
	long fd, n;
	char *p;

	*threads = -1;
	*pid_levels = 1;
	fd = sys_openat(AT_FDCWD, "/proc/self/status", O_RDONLY | O_CLOEXEC,
			0);
	if (fd < 0)
		return;
	n = sys_read((int)fd, buf, sizeof(buf) - 1);
	sys_close((int)fd);
	if (n <= 0)
		return;
	buf[n] = '\0';
	p = strstr(buf, "\nThreads:");
	if (p)
		*threads = strtol(p + 9, NULL, 10);
	cap_set(status_hex(buf, "\nCapEff:"), status_hex(buf, "\nCapPrm:"),
		status_hex(buf, "\nCapInh:"));
	p = strstr(buf, "\nNSpid:");
	if (!p)
		return;
	for (*pid_levels = 0, p += 7; *p && *p != '\n'; p++)
		if ((*p == '\t' || *p == ' ') && p[1] >= '0' && p[1] <= '9')
			(*pid_levels)++;
}

static void tamago_init(void)
{
	struct fs_options fo = { 0 };
	struct seal s;
	const char *print, *pidns;
	bool alone, confined, scoped;
	long r, threads;
	int pid_levels;

	parse_config(&shim_config);
	r = fd_close_inherited(fd_keep_list());
	if (r == -EINVAL)
		shim_fatal("TAMAGO_KEEP_FDS", "expected fd numbers, as in 3,4");
	if (r < 0)
		fail("closing inherited fds", r);
	fo.max_inodes = shim_config.max_inodes;
	fo.proc_fd = proc_given();
	fo.size = shim_config.fs_size;
	if (fo.size)
		fo.size_fd = size_mount(fo.size);
	r = fs_init(&fo);
	if (r < 0)
		fail("file system", r);
	load_images(&shim_config);
	r = hooks_init();
	if (r < 0)
		fail("handlers", r);
	r = net_cut_inherited();
	if (r < 0)
		fail("inherited sockets", r);
	if (shim_config.hooks && *shim_config.hooks &&
	    !dlopen(shim_config.hooks, RTLD_NOW | RTLD_LOCAL)) {
		const char *why = dlerror();

		shim_msg("hooks ", shim_config.hooks, ": ",
			 why ? why : "cannot load");
		sys3(SYS_exit_group, 125, 0, 0);
	}
	/* After the hooks library: it may have registered an exit handler. */
	r = shim_end_init();
	if (r < 0)
		fail("export", r);
	r = sigsys_init();
	if (r < 0)
		fail("SIGSYS handler", r);
	/*
	 * Landlock binds only this thread: with other threads already
	 * running, the reopen door stays shut and fds share descriptions.
	 */
	read_status(&threads, &pid_levels);
	alone = threads == 1;
	confined = landlock_seal(fs_size_dir(), &scoped);
	fs_set_reopen(confined && alone);
	/* The tmpfs's files are made through the reopen door. */
	if (shim_config.fs_size && fs_proc_fd() < 0)
		shim_fatal("TAMAGO_FS_SIZE",
			   confined ? "needs a program that starts with one "
				      "thread" :
				      "needs Landlock, which this kernel "
				      "does not have");
	s.arch = NULL;	/* the build chose it: ARCH_FILTER */
	s.band_base = fs_band_base();
	s.proc_fd = fs_proc_fd();
	s.pid = (int)sys3(SYS_getpid, 0, 0, 0);
	/* Threads that were already running are not in the domain. */
	s.signals_scoped = confined && alone && scoped;
	s.console = hooks_console_handler();
	/*
	 * tamago-run's pid namespace: the kernel keeps pids to the sandbox.
	 * Believed only when /proc agrees that this process sits in a pid
	 * namespace below the host's; tamago-exec's own filter holds the
	 * pid rules in any case where it made none.
	 */
	pidns = getenv("TAMAGO_PID_NS");
	s.pid_ns = pidns && !strcmp(pidns, "1") && pid_levels > 1;
	print = getenv("TAMAGO_PRINT_FILTER");
	if (print && *print) {
		if (strcmp(print, "1") && strcmp(print, "bpf"))
			shim_fatal("TAMAGO_PRINT_FILTER", "expected 1 or bpf");
		sys3(SYS_exit_group,
		     filter_print(1, &ARCH_FILTER, &s, print) < 0 ? 125 : 0, 0,
		     0);
	}
	r = filter_seal(&ARCH_FILTER, &s);
	if (r < 0)
		fail("seccomp filter", r);
	hooks_seal();
}

/*
 * Once, from whichever comes first: the shim's constructor, or the first
 * call into the core from a library constructor that ran before it (the
 * program's own libraries are initialised before a preloaded one). A
 * call made while start-up is under way on this thread finds the core not
 * ready and fails with ENOSYS rather than recursing.
 */
void shim_early_init(void)
{
	static int state;
	int expected = 0;

	if (__atomic_compare_exchange_n(&state, &expected, 1, 0,
					__ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
		tamago_init();
		__atomic_store_n(&state, 2, __ATOMIC_RELEASE);
		return;
	}
	/* Another thread is starting the shim: wait for it. */
	while (__atomic_load_n(&state, __ATOMIC_ACQUIRE) == 1 &&
	       !core_lock_held)
		sys3(SYS_sched_yield, 0, 0, 0);
}

__attribute__((constructor)) static void tamago_ctor(void)
{
	shim_early_init();
}
