/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * tamago-exec: the sandbox's supervisor. tamago-run execs it:
 *
 *   TAMAGO_EXEC_PRELOAD=shim.so tamago-exec [--export=PATH] [--audit=PATH]
 *       [--lib=PATH]... [--] PATH ARGV0 [ARGS...]
 *
 * It stays outside the sandbox, unconfined, for the whole run:
 *   - it resolves what the dynamic loader needs (seal/closure.c) and
 *     refuses (exit 126, "tamago: <prog>: <why>") a program it cannot
 *     confine: static, setuid or setgid, a script, two PT_INTERPs, a
 *     library found neither by the system's rules nor in --lib;
 *   - it starts the tree in namespaces of its own and ends it with the
 *     program (supervise.c);
 *   - it gives the program fresh stdio and relays it (relay.c), and
 *     takes the export and the audit through pipes (collect.c);
 *   - in the program's process, before the one exec: fds but 0, 1, 2 and
 *     the kept ones are closed, the sized tmpfs is made, Landlock lets
 *     exactly the resolved files be read (the program and its interpreter
 *     executed too), and the first filter (seal/first.c) confines every
 *     call, with fstat answered by the supervisor (notify.c).
 * The shim's own filter then stacks on top: for every call the stricter
 * of the two answers wins, and its traps still reach the shim.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/landlock.h>
#include <seccomp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "arch.h"
#include "launcher/launcher.h"
#include "seal/closure.h"
#include "seal/first.h"
#include "seal/fssize.h"
#include "seal/keepfds.h"
#include "seal/landlock.h"

#define MAX_LIBS 64
#define MAX_OWN 128
#define MAX_IMAGES 16

static const char *prog_name = "tamago-exec";

void die(int status, const char *what, const char *fmt, ...)
{
	va_list ap;

	stdio_restore();
	fprintf(stderr, "tamago: %s: ", what);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(status);
}

void warn(const char *what, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "tamago: %s: ", what);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* The supervisor's own fds: kept when the inherited ones are closed. */
static int own[MAX_OWN];
static int nown;

int own_fd(int fd)
{
	int nfd;

	if (fd < 0)
		die(FAILED, "tamago-exec", "%s", strerror(errno));
	nfd = fcntl(fd, F_DUPFD_CLOEXEC, 10);
	if (nfd < 0)
		die(FAILED, "tamago-exec", "%s", strerror(errno));
	close(fd);
	if (nown == MAX_OWN)
		die(FAILED, "tamago-exec", "too many fds");
	own[nown++] = nfd;
	return nfd;
}

/* What the program's process does before its exec. */
struct plan {
	const char *path;
	char **argv;
	struct closure closure;
	struct stdio_plan io;
	const char *preload;
	char *lib_dirs;		/* where --lib's files are */
	uint64_t fs_size;
	int export_fd, audit_fd;	/* pipes' write ends, or -1 */
	int image_fd[MAX_IMAGES];	/* pipes' read ends */
	int image_at[MAX_IMAGES];	/* the numbers TAMAGO_FS_FD named */
	int nimages;
	int export_at, audit_at;	/* numbers given by hand, or -1 */
	int kept_fd[64], kept_child[64];	/* stand-ins for kept sockets */
	int nkept;
	int notify[2];		/* the listener goes from [1] to [0] */
};

static bool parse_fd(const char *s, const char **end, int *fd)
{
	long v = 0;
	const char *p = s;

	while (*p >= '0' && *p <= '9' && v < (1L << 30))
		v = v * 10 + (*p++ - '0');
	*end = p;
	*fd = (int)v;
	return p != s && v < (1L << 30);
}

/* TAMAGO_KEEP_FDS as the shim reads it: numbers, ',' or ':' between. */
static bool keep_list_ok(const char *s)
{
	const char *end;
	int fd;

	while (s && *s) {
		if (!parse_fd(s, &end, &fd) || (*end && *end != ',' &&
						*end != ':'))
			return false;
		s = *end ? end + 1 : end;
	}
	return true;
}

/* A ':'-separated list of fds from the environment (TAMAGO_FS_FD). */
static int env_fds(const char *name, int *fds, int max)
{
	const char *s = getenv(name), *end;
	int n = 0, fd;

	while (s && *s) {
		if (!parse_fd(s, &end, &fd) || (*end && *end != ':'))
			die(FAILED, name,
			    "expected fd numbers separated by ':'");
		if (n == max)
			die(FAILED, name, "too many fds");
		fds[n++] = fd;
		s = *end ? end + 1 : end;
	}
	return n;
}

/* TAMAGO_EXPORT_FD or TAMAGO_AUDIT_FD given by hand, or -1. */
static int env_fd(const char *name)
{
	const char *s = getenv(name), *end;
	int fd;

	if (!s || !*s)
		return -1;
	if (!parse_fd(s, &end, &fd) || *end)
		die(FAILED, name, "expected an fd number");
	if (fcntl(fd, F_GETFD) < 0)
		die(FAILED, name, "%s", strerror(errno));
	return fd;
}

static char *join_fds(const int *fds, int n, char sep)
{
	static char buf[16][256];
	static int next;
	char *out = buf[next++ % 16];
	size_t len = 0;
	int i;

	out[0] = '\0';
	for (i = 0; i < n && len < 240; i++)
		len += (size_t)snprintf(out + len, 256 - len, "%s%d",
					i ? (char[]){ sep, 0 } : "", fds[i]);
	return out;
}

/* Every inherited fd but the kept ones and the supervisor's own. */
static void close_foreign(void)
{
	char list[1024];
	const char *keep = getenv("TAMAGO_KEEP_FDS");

	snprintf(list, sizeof(list), "%s%s%s", keep ? keep : "",
		 keep && *keep ? "," : "", join_fds(own, nown, ','));
	if (fd_close_inherited(list) < 0)
		die(FAILED, "tamago-exec", "cannot close inherited fds");
}

/* --------------------------------------------------------------------
 * The program's process, from here to its exec.
 */

#define LL_FILE (LANDLOCK_ACCESS_FS_READ_FILE)
#define LL_EXEC (LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_EXECUTE)

static void ll_allow(int ruleset, const char *path, uint64_t access)
{
	struct landlock_path_beneath_attr pb = { 0 };
	int fd = open(path, O_PATH | O_CLOEXEC);

	if (fd < 0)
		return;
	pb.parent_fd = fd;
	pb.allowed_access = access;
	syscall(SYS_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH,
		&pb, 0);
	close(fd);
}

/*
 * Exactly the files the loader opens (never a directory of libraries),
 * what the shim's constructor reads, and nothing the program names.
 */
static bool landlock(struct plan *p, int size_fd, bool *scoped)
{
	char self[PATH_MAX], path[PATH_MAX + 32];
	const char *images = getenv("TAMAGO_FS");
	long abi;
	size_t i;
	ssize_t n;
	int fd, r;

	*scoped = false;
	fd = (int)landlock_ruleset(&abi);
	if (fd < 0)
		return false;
	for (i = 0; i < p->closure.n; i++)
		ll_allow(fd, p->closure.files[i].path,
			 p->closure.files[i].exec ? LL_EXEC : LL_FILE);
	/* The images the shim loads by path before its seal. */
	while (images && *images) {
		const char *end = strchr(images, ':');
		size_t len = end ? (size_t)(end - images) : strlen(images);

		if (len && len < sizeof(self)) {
			struct stat st;

			memcpy(self, images, len);
			self[len] = '\0';
			/* Files only: a directory would grant all below. */
			if (stat(self, &st) == 0 && !S_ISDIR(st.st_mode))
				ll_allow(fd, self, LL_FILE);
		}
		images += len + (end ? 1 : 0);
	}
	/* The shim reads its status and lists its fds: this process's
	 * /proc entry as the host's /proc names it (exec keeps it). */
	n = readlink("/proc/self", self, sizeof(self) - 1);
	if (n > 0) {
		self[n] = '\0';
		snprintf(path, sizeof(path), "/proc/%s/status", self);
		ll_allow(fd, path, LL_FILE);
		snprintf(path, sizeof(path), "/proc/%s/fd", self);
		ll_allow(fd, path, LANDLOCK_ACCESS_FS_READ_DIR);
	}
	/* The devices the shim stands in for. */
	ll_allow(fd, "/dev/null", LL_FILE | LANDLOCK_ACCESS_FS_WRITE_FILE);
	ll_allow(fd, "/dev/zero", LL_FILE | LANDLOCK_ACCESS_FS_WRITE_FILE);
	ll_allow(fd, "/dev/full", LL_FILE | LANDLOCK_ACCESS_FS_WRITE_FILE);
	ll_allow(fd, "/dev/random", LL_FILE);
	ll_allow(fd, "/dev/urandom", LL_FILE);
	if (size_fd >= 0 && landlock_grant_rw(fd, abi, size_fd) < 0)
		die(FAILED, "Landlock", "cannot grant the sized tmpfs");
	r = (int)syscall(SYS_landlock_restrict_self, fd, 0);
	close(fd);
	*scoped = r == 0 && abi >= 6;
	return r == 0;
}

/* The kernel's page size: 4 KiB on x86_64; 4, 16 or 64 KiB on arm64. */
static uint64_t page_size(void)
{
	long page = sysconf(_SC_PAGESIZE);

	return page > 0 ? (uint64_t)page : 4096;
}

/* A page at a random address holding the path that may be exec'd. */
static char *exec_page(const char *path)
{
	uint64_t page = page_size(), rnd = 0;
	size_t len = strlen(path) + 1,
	       size = (len + page - 1) & ~(size_t)(page - 1);
	char *p = MAP_FAILED;
	int tries;

	for (tries = 0; tries < 16 && p == MAP_FAILED; tries++) {
		if (getrandom(&rnd, sizeof(rnd), 0) != sizeof(rnd))
			break;
		/* Somewhere in the lower 46 bits (30 on 32-bit targets),
		 * page aligned. */
		if (sizeof(void *) == 8)
			rnd = (rnd & 0x3fffffffffffULL) | 0x100000000ULL;
		else
			rnd = (rnd & 0x3fffffffULL) | 0x10000000ULL;
		rnd &= ~(page - 1);
		p = mmap((void *)(uintptr_t)rnd, size, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE,
			 -1, 0);
	}
	if (p == MAP_FAILED)
		die(FAILED, "tamago-exec", "cannot place the exec path");
	memcpy(p, path, len);
	return p;
}

static void send_fd(int sock, int fd)
{
	char byte = 0, ctl[CMSG_SPACE(sizeof(int))];
	struct iovec iov = { &byte, 1 };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1,
			    .msg_control = ctl,
			    .msg_controllen = sizeof(ctl) };
	struct cmsghdr *cm = CMSG_FIRSTHDR(&m);

	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &fd, sizeof(int));
	sendmsg(sock, &m, MSG_NOSIGNAL);
}

static void first_filter(struct plan *p, const char *exec_path, bool scoped,
			 bool pid_ns)
{
	static const struct policy_arch facts = ARCH_FILTER_FACTS;
	struct first f = { 0 };
	scmp_filter_ctx ctx;
	int r;

	f.s.arch = &facts;
	f.s.pid = (int)getpid();
	f.s.pid_ns = pid_ns;
	f.s.signals_scoped = scoped;
	f.s.band_base = -1;
	f.s.proc_fd = -1;
	f.exec_path = (uint64_t)(uintptr_t)exec_path;
	/* The listener needs API level 5 (kernel 5.x and libseccomp). */
	f.notify = seccomp_api_get() >= 5 && p->notify[1] >= 0;
	r = first_build(&ctx, &f);
	if (r == 0)
		r = seccomp_load(ctx);
	if (r < 0)
		die(FAILED, "seccomp filter", "%s", strerror(-r));
	if (f.notify) {
		int nfd = seccomp_notify_fd(ctx);

		/* The supervisor's alone: a program holding its own listener
		 * could let any of its calls through. */
		send_fd(p->notify[1], nfd);
		close(nfd);
	}
	seccomp_release(ctx);
}

/* Moves fd above every number the program's fds will take. */
static void lift(int *fd, int floor)
{
	if (*fd >= 0)
		*fd = fcntl(*fd, F_DUPFD_CLOEXEC, floor);
}

/* At the lowest free number from 3, inherited by the exec. */
static int place(int fd)
{
	return fd < 0 ? -1 : fcntl(fd, F_DUPFD, 3);
}

static void setenv_fd(const char *name, int fd)
{
	char num[16];

	if (fd < 0) {
		unsetenv(name);
		return;
	}
	snprintf(num, sizeof(num), "%d", fd);
	setenv(name, num, 1);
}

static void run(void *arg, bool pid_ns)
{
	struct plan *p = arg;
	const char *keep = getenv("TAMAGO_KEEP_FDS"), *end;
	int ours[80], nours = 0, floor = 10, i, fd, size_fd = -1;
	char list[1024], num[16], *path;
	sigset_t none;
	bool scoped;

	/* Above the kept and named fds first, so that nothing lands on
	 * one. */
	for (end = keep; end && *end;) {
		if (parse_fd(end, &end, &fd) && fd >= floor)
			floor = fd + 1;
		end += *end ? 1 : 0;
	}
	for (i = 0; i < p->nimages; i++)
		if (p->image_at[i] >= floor)
			floor = p->image_at[i] + 1;
	if (p->export_at >= floor)
		floor = p->export_at + 1;
	if (p->audit_at >= floor)
		floor = p->audit_at + 1;
	for (i = 0; i < 3; i++)
		lift(&p->io.child[i], floor);
	lift(&p->export_fd, floor);
	lift(&p->audit_fd, floor);
	lift(&p->notify[1], floor);
	for (i = 0; i < p->nimages; i++)
		if (p->image_fd[i] != 0)
			lift(&p->image_fd[i], floor);
	for (i = 0; i < p->nkept; i++)
		lift(&p->kept_child[i], floor);
	for (i = 0; i < 3; i++) {
		if (p->io.child[i] < 0)
			close(i);
		else if (dup2(p->io.child[i], i) < 0)
			_exit(FAILED);
	}
	for (i = 0; i < p->nkept; i++)
		if (dup2(p->kept_child[i], p->kept_fd[i]) < 0)
			_exit(FAILED);
	/* A number given by hand stays that number. */
	p->export_fd = p->export_at >= 0 && p->export_fd >= 0 ?
			       dup2(p->export_fd, p->export_at) :
			       place(p->export_fd);
	p->audit_fd = p->audit_at >= 0 && p->audit_fd >= 0 ?
			      dup2(p->audit_fd, p->audit_at) :
			      place(p->audit_fd);
	setenv_fd("TAMAGO_EXPORT_FD", p->export_fd);
	setenv_fd("TAMAGO_AUDIT_FD", p->audit_fd);
	if (p->export_fd >= 0)
		ours[nours++] = p->export_fd;
	if (p->audit_fd >= 0)
		ours[nours++] = p->audit_fd;
	for (i = 0; i < p->nimages; i++) {
		/* Under the number TAMAGO_FS_FD gave (fd 0, the program's
		 * stdin, is there already). */
		if (p->image_fd[i] != 0)
			p->image_fd[i] = dup2(p->image_fd[i], p->image_at[i]);
		ours[nours++] = p->image_fd[i];
	}
	if (p->nimages)
		setenv("TAMAGO_FS_FD", join_fds(p->image_fd, p->nimages, ':'),
		       1);
	if (p->notify[1] >= 0)
		ours[nours++] = p->notify[1];
	/* The shim's /proc fd: the first filter refuses O_PATH to what
	 * comes after it, since Landlock does not check it. */
	fd = place(open("/proc", O_PATH | O_DIRECTORY | O_CLOEXEC));
	setenv_fd("TAMAGO_PROC_FD", fd);
	if (fd >= 0)
		ours[nours++] = fd;
	snprintf(list, sizeof(list), "%s%s%s", keep ? keep : "",
		 keep && *keep ? "," : "", join_fds(ours, nours, ','));
	if (fd_close_inherited(list) < 0)
		_exit(FAILED);
	unsetenv(FSSIZE_FD_ENV);
	if (p->fs_size) {
		long r = fssize_mount(p->fs_size);

		if (r < 0)
			die(FAILED, "TAMAGO_FS_SIZE", "%s", fssize_why(r));
		size_fd = (int)r;
		snprintf(num, sizeof(num), "%d", size_fd);
		setenv(FSSIZE_FD_ENV, num, 1);
	}
	setenv("LD_PRELOAD", p->preload, 1);
	unsetenv("TAMAGO_EXEC_PRELOAD");
	if (p->lib_dirs) {
		const char *old = getenv("LD_LIBRARY_PATH");
		char *v;

		if (asprintf(&v, "%s%s%s", p->lib_dirs, old && *old ? ":" : "",
			     old ? old : "") < 0)
			_exit(FAILED);
		setenv("LD_LIBRARY_PATH", v, 1);
	}
	if (pid_ns)
		setenv("TAMAGO_PID_NS", "1", 1);
	else
		unsetenv("TAMAGO_PID_NS");
	/* The program starts with the signals as a program does. */
	for (i = 1; i < NSIG; i++)
		if (i != SIGKILL && i != SIGSTOP)
			signal(i, SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		die(FAILED, "no_new_privs", "%s", strerror(errno));
	if (!landlock(p, size_fd, &scoped))
		warn("Landlock unavailable",
		     "until the shim seals, host files are guarded by the "
		     "first seccomp filter alone");
	path = exec_page(p->path);
	first_filter(p, path, scoped, pid_ns);
	if (p->notify[1] >= 0)
		close(p->notify[1]);
	execve(path, p->argv, environ);
	die(FAILED, prog_name, "%s", strerror(errno));
}

/* --------------------------------------------------------------------
 * The supervisor.
 */

static void resolve(struct plan *p, const char **libs)
{
	const char *pre[MAX_LIBS + 2];
	char *list = strdup(p->preload), *tok, *save = NULL;
	const char *hooks = getenv("TAMAGO_HOOKS");
	struct closure_input in = { .prog = p->path, .preload = pre,
				    .libs = libs, .cache = CLOSURE_CACHE };
	char why[PATH_MAX + 256];
	int n = 0, r;

	if (!list)
		die(FAILED, "tamago-exec", "%s", strerror(ENOMEM));
	for (tok = strtok_r(list, ": ", &save); tok && n < MAX_LIBS;
	     tok = strtok_r(NULL, ": ", &save))
		pre[n++] = tok;
	/* The hooks library is dlopen'd before the seal: the same rules. */
	if (hooks && *hooks)
		pre[n++] = hooks;
	pre[n] = NULL;
	r = closure_resolve(&p->closure, &in, why, sizeof(why));
	free(list);
	if (r)
		die(r, prog_name, "%s", why);
}

/* A directory named in TAMAGO_FS is refused here, as the shim would:
 * Landlock grants files, never what lies beneath a directory. */
static void check_images(const char *list)
{
	char path[PATH_MAX];

	while (list && *list) {
		const char *end = strchr(list, ':');
		size_t len = end ? (size_t)(end - list) : strlen(list);
		struct stat st;

		if (len && len < sizeof(path)) {
			memcpy(path, list, len);
			path[len] = '\0';
			if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
				die(FAILED, path,
				    "is a directory (tamago-run --fs= converts "
				    "directories and tar archives)");
		}
		list += len + (end ? 1 : 0);
	}
}

static const char *how_ended(int status)
{
	static char buf[64];

	if (WIFEXITED(status))
		snprintf(buf, sizeof(buf), "exit status %d",
			 WEXITSTATUS(status));
	else
		snprintf(buf, sizeof(buf), "killed by SIG%s",
			 sigabbrev_np(WTERMSIG(status)) ?
				 sigabbrev_np(WTERMSIG(status)) :
				 "?");
	return buf;
}

static void usage(void)
{
	die(FAILED, "tamago-exec",
	    "usage: tamago-exec [--export=PATH] [--audit=PATH] "
	    "[--lib=PATH]... [--] PATH ARGV0 ARGS...");
}

int main(int argc, char **argv)
{
	static struct plan p = { .export_fd = -1, .audit_fd = -1,
				 .export_at = -1, .audit_at = -1,
				 .notify = { -1, -1 } };
	const char *libs[MAX_LIBS + 1] = { NULL }, *export_path = NULL,
		   *audit_path = NULL;
	struct collect *exp = NULL, *aud = NULL;
	struct copy images[MAX_IMAGES];
	int user_export, user_audit, image_src[MAX_IMAGES];
	int nlibs = 0, i, stdin_image = -1;
	struct ending end;
	sigset_t block;
	pid_t child;
	bool pid_ns;

	for (i = 1; i < argc && !strncmp(argv[i], "--", 2); i++) {
		if (!strcmp(argv[i], "--")) {
			i++;
			break;
		} else if (!strncmp(argv[i], "--export=", 9)) {
			export_path = argv[i] + 9;
		} else if (!strncmp(argv[i], "--audit=", 8)) {
			audit_path = argv[i] + 8;
		} else if (!strncmp(argv[i], "--lib=", 6) && nlibs < MAX_LIBS) {
			libs[nlibs++] = argv[i] + 6;
		} else {
			usage();
		}
	}
	if (argc - i < 2)
		usage();
	p.path = prog_name = argv[i];
	p.argv = argv + i + 1;
	p.preload = getenv("TAMAGO_EXEC_PRELOAD");
	if (!p.preload || !*p.preload)
		die(FAILED, "tamago-exec", "TAMAGO_EXEC_PRELOAD is not set");
	resolve(&p, libs);
	for (i = 0; i < nlibs; i++) {
		char *copy = strdup(libs[i]), *slash = strrchr(copy, '/');
		char *dir = slash ? (slash == copy ? "/" : copy) : ".";
		char *v;

		if (slash && slash != copy)
			*slash = '\0';
		if (asprintf(&v, "%s%s%s", p.lib_dirs ? p.lib_dirs : "",
			     p.lib_dirs ? ":" : "", dir) < 0)
			die(FAILED, "tamago-exec", "%s", strerror(ENOMEM));
		free(p.lib_dirs);
		p.lib_dirs = v;
		free(copy);
	}
	if (fssize_parse(getenv("TAMAGO_FS_SIZE"), &p.fs_size) < 0)
		die(FAILED, "TAMAGO_FS_SIZE", FSSIZE_BAD);
	check_images(getenv("TAMAGO_FS"));
	if (!keep_list_ok(getenv("TAMAGO_KEEP_FDS")))
		die(FAILED, "TAMAGO_KEEP_FDS",
		    "expected fd numbers, as in 3,4");

	/* Signals arrive through signalfd (supervise.c), in the main
	 * thread alone: block them before any thread starts. */
	sigemptyset(&block);
	sigaddset(&block, SIGCHLD);
	sigaddset(&block, SIGWINCH);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGHUP);
	sigaddset(&block, SIGQUIT);
	sigaddset(&block, SIGUSR1);
	sigaddset(&block, SIGUSR2);
	sigprocmask(SIG_BLOCK, &block, NULL);
	signal(SIGPIPE, SIG_IGN);
	signal(SIGTTIN, SIG_IGN);
	signal(SIGTTOU, SIG_IGN);
	atexit(stdio_restore);

	/* The export and the audit: the user's fd or path, the program's
	 * pipe. */
	user_export = export_path ? -1 : env_fd("TAMAGO_EXPORT_FD");
	user_audit = audit_path ? -1 : env_fd("TAMAGO_AUDIT_FD");
	if (user_audit >= 0 && user_audit == user_export)
		die(FAILED, "TAMAGO_AUDIT_FD", "is TAMAGO_EXPORT_FD's fd");
	if (export_path || user_export >= 0)
		exp = collect_open("export", export_path, user_export, true,
				   p.fs_size ? (p.fs_size + page_size() - 1) &
						       ~(page_size() - 1) :
					       0);
	if (audit_path || user_audit >= 0)
		aud = collect_open("audit", audit_path, user_audit, false, 0);
	p.export_fd = exp ? collect_child_fd(exp) : -1;
	p.audit_fd = aud ? collect_child_fd(aud) : -1;
	p.export_at = user_export;
	p.audit_at = user_audit;

	/* Images on fds: passed on through pipes. */
	p.nimages = env_fds("TAMAGO_FS_FD", image_src, MAX_IMAGES);
	for (i = 0; i < p.nimages; i++) {
		int pp[2];

		if (fcntl(image_src[i], F_GETFD) < 0) {
			char label[32];

			snprintf(label, sizeof(label), "fd %d", image_src[i]);
			die(FAILED, label, "%s", strerror(errno));
		}
		if (image_src[i] == 1 || image_src[i] == 2)
			die(FAILED, "TAMAGO_FS_FD",
			    "fd %d is the program's output", image_src[i]);
		if (pipe2(pp, O_CLOEXEC) < 0)
			die(FAILED, "TAMAGO_FS_FD", "%s", strerror(errno));
		p.image_fd[i] = own_fd(pp[0]);
		p.image_at[i] = image_src[i];
		memset(&images[i], 0, sizeof(images[i]));
		images[i].from = own_fd(dup(image_src[i]));
		images[i].to = own_fd(pp[1]);
		images[i].done_close[0] = images[i].from;
		images[i].done_close[1] = images[i].to;
		if (image_src[i] == 0)
			stdin_image = p.image_fd[i];
	}
	p.nkept = kept_prepare(getenv("TAMAGO_KEEP_FDS"), p.kept_fd,
			       p.kept_child, 64);
	close_foreign();
	stdio_prepare(&p.io, stdin_image >= 0);
	if (stdin_image >= 0) {
		/* TAMAGO_FS_FD=0: the image is the program's stdin. */
		p.io.child[0] = stdin_image;
		for (i = 0; i < p.nimages; i++)
			if (p.image_fd[i] == stdin_image)
				p.image_fd[i] = 0;
	}
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, p.notify) ==
	    0) {
		p.notify[0] = own_fd(p.notify[0]);
		p.notify[1] = own_fd(p.notify[1]);
	} else {
		p.notify[0] = p.notify[1] = -1;
	}

	child = sandbox_spawn(&p.io, run, &p, &pid_ns);

	/* The tree holds its ends now; the supervisor serves the rest. */
	if (p.notify[1] >= 0) {
		close(p.notify[1]);
		notify_start(p.notify[0]);
	}
	for (i = 0; i < p.nimages; i++) {
		if (p.image_fd[i] != 0)
			close(p.image_fd[i]);
		if (copy_start(&images[i]) < 0)
			die(FAILED, "TAMAGO_FS_FD", "cannot start a relay");
		pthread_detach(images[i].thread);
	}
	for (i = 0; i < p.nkept; i++)
		close(p.kept_child[i]);
	kept_start();
	if (exp)
		collect_start(exp);
	if (aud)
		collect_start(aud);
	stdio_start(&p.io);

	sandbox_wait(child, pid_ns, &end);
	stdio_finish();
	if (exp)
		collect_finish(exp, how_ended(end.status));
	if (aud)
		collect_finish(aud, how_ended(end.status));
	exit_like(end.status);
}
