/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * tamago-exec: the sandbox's supervisor. tamago-run execs it, and so does
 * the shim preloaded alone (shim/init.c):
 *
 *   TAMAGO_EXEC_PRELOAD=shim.so tamago-exec [--export=PATH] [--audit=PATH]
 *       [--lib=PATH]... [--env=NAME[=VALUE]]... [--keep-env]
 *       [--raw=MODE] [--net=MODE] [--fs-size=SIZE] [--fs-inodes=N]
 *       [--] PATH ARGV0 [ARGS...]
 *
 * The program gets a minimal environment unless --keep-env is given
 * (the shim preloaded alone gives it: the program had its environment
 * already).
 *
 * It stays outside the sandbox, unconfined, for the whole run:
 *   - it resolves what the dynamic loader needs (seal/closure.c): the
 *     program's, or a script's interpreter's, and the shim's; it refuses
 *     (exit 126, "tamago: <prog>: <why>") what cannot run confined: a
 *     setuid or setgid program, two PT_INTERPs, a library found neither
 *     by the system's rules nor in --lib;
 *   - it starts the tree in namespaces of its own and ends it with the
 *     program (supervise.c);
 *   - it gives the program fresh stdio and relays it (relay.c), and
 *     takes the export and the audit through pipes (collect.c);
 *   - the program's process builds the sandbox (its file system with
 *     those files placed in it), seals itself for good (Landlock, the
 *     filter) and execs the program through the loader (start.c): no
 *     instruction of the program runs before the seal, a static one's
 *     included.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "arch.h"
#include "fs/lower.h"
#include "launcher/launcher.h"
#include "launcher/start.h"
#include "seal/closure.h"
#include "seal/fssize.h"
#include "seal/keepfds.h"

#define MAX_LIBS 64
#define MAX_OWN 128
#define MAX_IMAGES 16

#ifndef TAMAGO_LOADER_INSTALLED
#define TAMAGO_LOADER_INSTALLED "/usr/local/libexec/tamago-loader"
#endif
/* The same relative to tamago-exec's directory ("" where there is none). */
#ifndef TAMAGO_LOADER_REL
#define TAMAGO_LOADER_REL "../libexec"
#endif

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

/*
 * The program's environment. By default a minimal one: what a program
 * needs to behave as it does in the user's terminal (below: the README
 * lists the same), and the shim's own TAMAGO_* settings; nothing else of
 * the host's (tokens, CI secrets) goes in. --keep-env passes all of it;
 * --env=NAME passes one more variable, --env=NAME=VALUE sets one.
 */
static const char *const env_names[] = {
	"PATH", "HOME", "USER", "LOGNAME", "SHELL", "TERM", "COLORTERM",
	"NO_COLOR", "COLUMNS", "LINES", "LANG", "LANGUAGE", "TZ", "TMPDIR",
	"PWD",
};
static const char *const env_prefixes[] = { "LC_", "TAMAGO_" };

#define MAX_ENV_OPTS 256
static const char *env_opts[MAX_ENV_OPTS];	/* NAME or NAME=VALUE */
static int nenv_opts;
static bool keep_env;
/* The --ro options as given, space-separated (the report's "ro"). */
static char ro_given[4096];

static void env_option(const char *arg)
{
	const char *v = arg + strlen("--env=");

	if (!*v || *v == '=')
		die(FAILED, arg, "expected NAME or NAME=VALUE");
	if (nenv_opts == MAX_ENV_OPTS)
		die(FAILED, arg, "more than %d --env options", MAX_ENV_OPTS);
	env_opts[nenv_opts++] = v;
}

static bool same_name(const char *a, const char *b)
{
	size_t n = strcspn(a, "=");

	return n == strcspn(b, "=") && !strncmp(a, b, n);
}

static bool env_passed(const char *entry)
{
	size_t i;

	if (keep_env)
		return true;
	for (i = 0; i < sizeof(env_names) / sizeof(env_names[0]); i++)
		if (same_name(entry, env_names[i]))
			return true;
	for (i = 0; i < sizeof(env_prefixes) / sizeof(env_prefixes[0]); i++)
		if (!strncmp(entry, env_prefixes[i], strlen(env_prefixes[i])))
			return true;
	for (i = 0; i < (size_t)nenv_opts; i++)
		if (!strchr(env_opts[i], '=') && same_name(entry, env_opts[i]))
			return true;
	return false;
}

/* entry ("NAME=VALUE") into env, over one of the same name. */
static void env_put(char **env, size_t *n, char *entry)
{
	size_t i;

	for (i = 0; i < *n; i++) {
		if (same_name(env[i], entry)) {
			env[i] = entry;
			return;
		}
	}
	env[(*n)++] = entry;
	env[*n] = NULL;
}

/* From this process's environment: the program's (run()). */
static char **program_env(const char *lib_dirs)
{
	size_t n = 0, count = 0, i;
	char **env, *v;

	while (environ[count])
		count++;
	env = calloc(count + (size_t)nenv_opts + 2, sizeof(*env));
	if (!env)
		_exit(FAILED);
	for (i = 0; i < count; i++)
		if (env_passed(environ[i]))
			env[n++] = environ[i];
	for (i = 0; i < (size_t)nenv_opts; i++)
		if (strchr(env_opts[i], '='))
			env_put(env, &n, (char *)env_opts[i]);
	/* --lib's directories, before what the program was given. */
	if (lib_dirs) {
		const char *old = NULL;

		for (i = 0; i < n; i++)
			if (same_name(env[i], "LD_LIBRARY_PATH"))
				old = strchr(env[i], '=') + 1;
		if (asprintf(&v, "LD_LIBRARY_PATH=%s%s%s", lib_dirs,
			     old && *old ? ":" : "", old ? old : "") < 0)
			_exit(FAILED);
		env_put(env, &n, v);
	}
	return env;
}

/* What the program's process does before its exec. */
struct plan {
	const char *path;	/* absolute: where the sandbox has it */
	char **argv;
	char script[PATH_MAX];	/* a script's interpreter, or "" */
	const char *loader;
	struct closure closure;
	struct stdio_plan io;
	const char *preload;
	char *lib_dirs;		/* where --lib's files are */
	uint64_t fs_size;
	int export_fd, audit_fd;	/* pipes' write ends, or -1 */
	int report_fd;		/* the end's facts for --report, or -1 */
	int image_fd[MAX_IMAGES];	/* pipes' read ends */
	int image_at[MAX_IMAGES];	/* the numbers TAMAGO_FS_FD named */
	int nimages;
	int export_at, audit_at;	/* numbers given by hand, or -1 */
	int kept_fd[64], kept_child[64];	/* stand-ins for kept sockets */
	int nkept;
	struct ro_layer ro[LOWER_MAX];	/* --ro (fs/lower.h) */
	char *ro_host[LOWER_MAX];	/* their host directories */
	int nro;
	int ro_sock;		/* the sandbox's end of the lister's socket */
	bool inside;		/* --inside: path is the sandbox's alone */
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

/* The kernel's page size: 4 KiB on x86_64; 4, 16 or 64 KiB on arm64. */
static uint64_t page_size(void)
{
	long page = sysconf(_SC_PAGESIZE);

	return page > 0 ? (uint64_t)page : 4096;
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

/*
 * The --ro layers' directories, opened again here, in the sandbox's
 * read-only view of the host (supervise.c): nothing done through them can
 * change a host file's metadata. Without that view, no layer.
 */
static void ro_open(struct plan *p, int floor)
{
	char list[64 * (LOWER_MAX + 1)];
	size_t n;
	struct statfs v;
	int i, fd;

	if (!p->nro)
		return;
	n = (size_t)snprintf(list, sizeof(list), "%d", p->ro_sock);
	for (i = 0; i < p->nro; i++) {
		fd = open(p->ro_host[i], O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (fd < 0)
			die(FAILED, p->ro[i].opt, "%s", strerror(errno));
		if (fstatfs(fd, &v) < 0 || !(v.f_flags & ST_RDONLY))
			die(FAILED, p->ro[i].opt,
			    "needs the sandbox's read-only view of the host "
			    "(a mount namespace), which this run lacks");
		lift(&fd, floor);
		p->ro[i].fd = fd;
		n += (size_t)snprintf(list + n, sizeof(list) - n, ":%d", fd);
	}
	/* Kept by the start's closing of inherited fds. */
	setenv("TAMAGO_RO_FDS", list, 1);
}

static void run(void *arg, bool pid_ns)
{
	struct plan *p = arg;
	const char *keep = getenv("TAMAGO_KEEP_FDS"), *end;
	int floor = 10, i, fd;
	struct start_args a;
	sigset_t none;

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
	lift(&p->report_fd, floor);
	for (i = 0; i < p->nimages; i++)
		if (p->image_fd[i] != 0)
			lift(&p->image_fd[i], floor);
	for (i = 0; i < p->nkept; i++)
		lift(&p->kept_child[i], floor);
	if (p->nro)
		lift(&p->ro_sock, floor);
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
	p->report_fd = place(p->report_fd);
	/* What the start reads (and closes every other inherited fd by). */
	setenv_fd("TAMAGO_EXPORT_FD", p->export_fd);
	setenv_fd("TAMAGO_AUDIT_FD", p->audit_fd);
	setenv_fd("TAMAGO_REPORT_FD", p->report_fd);
	for (i = 0; i < p->nimages; i++) {
		/* Under the number TAMAGO_FS_FD gave (fd 0, the program's
		 * stdin, is there already). */
		if (p->image_fd[i] != 0)
			p->image_fd[i] = dup2(p->image_fd[i], p->image_at[i]);
	}
	if (p->nimages)
		setenv("TAMAGO_FS_FD", join_fds(p->image_fd, p->nimages, ':'),
		       1);
	/* The program starts with the signals as a program does. */
	for (i = 1; i < NSIG; i++)
		if (i != SIGKILL && i != SIGSTOP)
			signal(i, SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	memset(&a, 0, sizeof(a));
	a.prog = prog_name;
	a.path = p->path;
	a.script = p->script[0] != '\0';
	a.inside = p->inside;
	a.needs = &p->closure;
	a.shim = p->preload;
	a.hooks = getenv("TAMAGO_HOOKS");
	a.loader = p->loader;
	a.pid_ns = pid_ns;
	a.argv = p->argv;
	/* The program's environment (program_env), without the launcher's
	 * own (the loader preloads the shim itself). */
	unsetenv("TAMAGO_EXEC_PRELOAD");
	unsetenv("LD_PRELOAD");
	a.envp = program_env(p->lib_dirs);
	ro_open(p, floor);
	a.ro = p->ro;
	a.nro = p->nro;
	a.ro_sock = p->ro_sock;
	start_sandbox(&a);
}

/* --------------------------------------------------------------------
 * The supervisor.
 */

/*
 * A script ("#!") names its interpreter by an absolute path, which the
 * sandbox holds at its own path: into p->script. A set-ID one is refused
 * as a set-ID program is (the kernel ignores the bits; so does the
 * sandbox, but the user meant something by them).
 */
static void script(struct plan *p)
{
	char head[256];
	struct stat st;
	ssize_t n;
	size_t i, j;
	int fd = open(p->path, O_RDONLY | O_CLOEXEC);

	if (fd < 0 || fstat(fd, &st) < 0)
		die(errno == ENOENT ? 127 : FAILED, prog_name, "%s",
		    strerror(errno));
	n = S_ISREG(st.st_mode) ? pread(fd, head, sizeof(head) - 1, 0) : 0;
	close(fd);
	if (n < 2 || head[0] != '#' || head[1] != '!')
		return;
	if (st.st_mode & (S_ISUID | S_ISGID))
		die(REFUSED, prog_name,
		    "setuid or setgid program refused (it would run with "
		    "another identity)");
	head[n] = '\0';
	for (i = 2; head[i] == ' ' || head[i] == '\t'; i++)
		;
	for (j = i; head[j] && !strchr(" \t\n", head[j]); j++)
		;
	if (j == i || j - i >= sizeof(p->script) || head[i] != '/')
		die(REFUSED, prog_name, "a script whose first line names no "
					"interpreter by an absolute path");
	memcpy(p->script, head + i, j - i);
	p->script[j - i] = '\0';
}

/* What the dynamic loader opens: the program's or the interpreter's
 * needs, and the shim's and the hooks library's (preloaded). */
static void resolve(struct plan *p, const char **libs)
{
	const char *hooks = getenv("TAMAGO_HOOKS");
	const char *pre[3] = { p->preload, NULL, NULL };
	struct closure_input in = { .prog = p->path, .preload = pre,
				    .libs = libs, .cache = CLOSURE_CACHE };
	char why[PATH_MAX + 256];
	int r;

	/* A program of the sandbox's own: only the preloads' needs. */
	if (p->inside)
		in.prog = p->preload;
	else
		script(p);
	/* A missing interpreter is a program not found, as for a shell. */
	if (p->script[0] && access(p->script, F_OK) < 0 && errno == ENOENT)
		die(127, prog_name, "interpreter %s: not found", p->script);
	if (p->script[0])
		in.prog = p->script;
	if (hooks && *hooks)
		pre[1] = hooks;
	r = closure_resolve(&p->closure, &in, why, sizeof(why));
	if (r && p->script[0])
		die(r, prog_name, "interpreter %s: %s", p->script, why);
	if (r)
		die(r, prog_name, "%s", why);
}

/* A file beside this one (a build tree) or where it is installed. */
static const char *find(const char *beside, const char *installed)
{
	static char buf[PATH_MAX];
	char self[PATH_MAX], *slash;
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

	if (n > 0) {
		self[n] = '\0';
		slash = strrchr(self, '/');
		if (slash) {
			*slash = '\0';
			if (snprintf(buf, sizeof(buf), "%s/%s", self, beside) <
				    (int)sizeof(buf) &&
			    access(buf, R_OK) == 0)
				return buf;
		}
	}
	return installed;
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

/*
 * Options tamago-run passes on as they were typed: each sets the variable
 * the start reads, checked here so that a message names the option.
 */
static const struct {
	const char *opt;	/* with its '=' */
	const char *var;
} setting_options[] = {
	{ "--raw=", "TAMAGO_RAW" },
	{ "--net=", "TAMAGO_NET" },
	{ "--fs-size=", "TAMAGO_FS_SIZE" },
	{ "--fs-inodes=", "TAMAGO_FS_INODES" },
};

static bool setting_option(const char *arg)
{
	const char *why;
	size_t i, n;

	for (i = 0; i < sizeof(setting_options) / sizeof(setting_options[0]);
	     i++) {
		n = strlen(setting_options[i].opt);
		if (strncmp(arg, setting_options[i].opt, n))
			continue;
		why = start_check(setting_options[i].var, arg + n);
		if (why)
			die(FAILED, arg, "%s", why);
		setenv(setting_options[i].var, arg + n, 1);
		return true;
	}
	return false;
}

/* What the report says of the run, taken before it starts. */
static void report_prepare(struct report *r, const char *export_path,
			   char **args)
{
	static const char *const vars[][2] = {
		{ "fs", "TAMAGO_FS_NAMES" },  { "net", "TAMAGO_NET" },
		{ "raw", "TAMAGO_RAW" },      { "fs_size", "TAMAGO_FS_SIZE" },
		{ "fs_inodes", "TAMAGO_FS_INODES" },
		{ "hooks", "TAMAGO_HOOKS" },
		{ "export_changes", "TAMAGO_EXPORT_CHANGES" },
		{ "export_dir", "TAMAGO_EXPORT_DIR" },
		{ "discard", "TAMAGO_DISCARD" },
	};
	size_t i;
	int k;

	clock_gettime(CLOCK_REALTIME, &r->started);
	clock_gettime(CLOCK_MONOTONIC, &r->mono);
	r->prog = args && args[0] ? args[0] : "";
	r->argv = args;
	r->export_path = export_path;
	for (i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
		const char *v = getenv(vars[i][1]);

		/* TAMAGO_FS_NAMES names tamago-run's images; by hand, the
		 * paths themselves. */
		if (!v && !strcmp(vars[i][0], "fs"))
			v = getenv("TAMAGO_FS");
		r->settings[r->nsettings][0] = vars[i][0];
		r->settings[r->nsettings++][1] = v ? v : "";
	}
	r->settings[r->nsettings][0] = "ro";
	r->settings[r->nsettings++][1] = ro_given;
	r->keep_env = keep_env;
	for (k = 0; k < nenv_opts && r->nenv < 256; k++) {
		/* Names only: a value set by --env may be a secret. */
		char *name = strndup(env_opts[k], strcspn(env_opts[k], "="));

		if (name)
			r->env[r->nenv++] = name;
	}
}

/*
 * --ro=HOSTDIR[:DEST]: DEST (absolute) after the last ':' that one
 * starts; by default HOSTDIR's own path. The lister reads the host's
 * directory through the fd opened here, in the host's view.
 */
static void ro_option(struct plan *p, const char *opt)
{
	const char *spec = opt + 5, *colon = NULL, *c;
	char host[PATH_MAX], real[PATH_MAX];
	struct stat st;
	int fd;

	for (c = spec; (c = strchr(c, ':')); c++)
		if (c[1] == '/')
			colon = c;
	if (!*spec || colon == spec)
		die(FAILED, opt, "no host directory given");
	if (p->nro == LOWER_MAX)
		die(FAILED, opt, "at most %d --ro layers", LOWER_MAX);
	snprintf(host, sizeof(host), "%.*s",
		 (int)(colon ? (size_t)(colon - spec) : strlen(spec)), spec);
	fd = open(host, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) < 0)
		die(FAILED, opt, "%s", errno == ENOTDIR ? "not a directory" :
					      strerror(errno));
	if (!realpath(host, real))
		die(FAILED, opt, "%s", strerror(errno));
	/* The whole host, or the kernel's own views of it (the host's
	 * processes, devices): never a layer. */
	if (!strcmp(real, "/"))
		die(FAILED, opt, "the host's whole file system is never a "
				 "layer: name the directories the program needs");
	if (!strcmp(real, "/proc") || !strncmp(real, "/proc/", 6) ||
	    !strcmp(real, "/sys") || !strncmp(real, "/sys/", 5) ||
	    !strcmp(real, "/dev") || !strncmp(real, "/dev/", 5))
		die(FAILED, opt, "%s is the kernel's view of the host, never a "
				 "layer", real);
	snprintf(ro_given + strlen(ro_given), sizeof(ro_given) - strlen(ro_given),
		 "%s%s", ro_given[0] ? " " : "", opt);
	p->ro[p->nro].opt = opt;
	p->ro[p->nro].fd = own_fd(fd);
	p->ro[p->nro].dest = colon ? strdup(colon + 1) :
			     host[0] == '/' ? strdup(host) : strdup(real);
	p->ro_host[p->nro] = strdup(real);
	p->ro[p->nro].host = p->ro_host[p->nro];
	if (!p->ro[p->nro].dest || !p->ro_host[p->nro])
		die(FAILED, "tamago-exec", "%s", strerror(ENOMEM));
	p->nro++;
}

static void usage(void)
{
	die(FAILED, "tamago-exec",
	    "usage: tamago-exec [--export=PATH] [--audit=PATH] "
	    "[--lib=PATH]... [--ro=HOSTDIR[:DEST]]... "
	    "[--env=NAME[=VALUE]]... [--keep-env] "
	    "[--raw=|--net=|--fs-size=|--fs-inodes=VALUE] "
	    "[--] PATH ARGV0 ARGS...");
}

int main(int argc, char **argv)
{
	static struct plan p = { .export_fd = -1, .audit_fd = -1,
				 .report_fd = -1,
				 .export_at = -1, .audit_at = -1 };
	static char path[PATH_MAX], first[PATH_MAX];
	static struct report rep;
	const char *libs[MAX_LIBS + 1] = { NULL }, *export_path = NULL,
		   *audit_path = NULL;
	struct collect *exp = NULL, *aud = NULL, *facts = NULL;
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
		} else if (setting_option(argv[i])) {
			continue;
		} else if (!strncmp(argv[i], "--env=", 6)) {
			env_option(argv[i]);
		} else if (!strcmp(argv[i], "--keep-env")) {
			keep_env = true;
		} else if (!strncmp(argv[i], "--export=", 9)) {
			export_path = argv[i] + 9;
		} else if (!strncmp(argv[i], "--audit=", 8)) {
			audit_path = argv[i] + 8;
		} else if (!strncmp(argv[i], "--report=", 9) && argv[i][9]) {
			rep.path = argv[i] + 9;
		} else if (!strncmp(argv[i], "--lib=", 6) && nlibs < MAX_LIBS) {
			libs[nlibs++] = argv[i] + 6;
		} else if (!strcmp(argv[i], "--inside")) {
			p.inside = true;
		} else if (!strncmp(argv[i], "--ro=", 5)) {
			ro_option(&p, argv[i]);
		} else {
			usage();
		}
	}
	if (argc - i < 2)
		usage();
	prog_name = argv[i];
	p.argv = argv + i + 1;
	/* Where the sandbox has it: as named if absolute (a symlink's name
	 * is the program's name), else resolved. */
	if (prog_name[0] == '/' || p.inside)
		snprintf(path, sizeof(path), "%s", prog_name);
	else if (!realpath(prog_name, path))
		die(errno == ENOENT ? 127 : FAILED, prog_name, "%s",
		    strerror(errno));
	p.path = path;
	p.preload = getenv("TAMAGO_EXEC_PRELOAD");
	if (!p.preload || !*p.preload)
		die(FAILED, "tamago-exec", "TAMAGO_EXEC_PRELOAD is not set");
	/* The shim alone: other preloaded libraries are not carried in. */
	if (strchr(p.preload, ':')) {
		snprintf(first, sizeof(first), "%.*s",
			 (int)(strchr(p.preload, ':') - p.preload), p.preload);
		p.preload = first;
	}
	p.loader = getenv("TAMAGO_LOADER");
	if (!p.loader || !*p.loader)
		p.loader = find("../loader/tamago-loader", NULL);
	if (!p.loader && strcmp(TAMAGO_LOADER_REL, "") != 0)
		p.loader = find(TAMAGO_LOADER_REL "/tamago-loader", NULL);
	if (!p.loader)
		p.loader = TAMAGO_LOADER_INSTALLED;
	if (access(p.loader, R_OK) < 0)
		die(FAILED, "loader",
		    "%s: %s (TAMAGO_LOADER names it where it is elsewhere)",
		    p.loader, strerror(errno));
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
	if (audit_path || user_audit >= 0 || rep.path)
		aud = collect_open("audit", audit_path, user_audit, false, 0);
	if (rep.path) {
		collect_keep(aud);
		facts = collect_open("report", NULL, -1, false, 0);
		collect_keep(facts);
		report_prepare(&rep, export_path, p.argv);
		rep.exe = p.path;
	}
	p.export_fd = exp ? collect_child_fd(exp) : -1;
	p.audit_fd = aud ? collect_child_fd(aud) : -1;
	p.report_fd = facts ? collect_child_fd(facts) : -1;
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
	if (p.nro && lower_prepare(&p.ro_sock) < 0)
		die(FAILED, "--ro", "cannot make the lister's socket: %s",
		    strerror(errno));
	close_foreign();
	stdio_prepare(&p.io, stdin_image >= 0);
	if (stdin_image >= 0) {
		/* TAMAGO_FS_FD=0: the image is the program's stdin. */
		p.io.child[0] = stdin_image;
		for (i = 0; i < p.nimages; i++)
			if (p.image_fd[i] == stdin_image)
				p.image_fd[i] = 0;
	}

	child = sandbox_spawn(&p.io, run, &p, &pid_ns);

	/* The tree holds its ends now; the supervisor serves the rest. */
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
	if (p.nro) {
		int fds[LOWER_MAX];

		close(p.ro_sock);
		for (i = 0; i < p.nro; i++)
			fds[i] = p.ro[i].fd;
		if (lower_start(fds, p.nro) < 0)
			die(FAILED, "--ro", "cannot start the lister");
	}
	if (exp)
		collect_start(exp);
	if (aud)
		collect_start(aud);
	if (facts)
		collect_start(facts);
	stdio_start(&p.io);

	sandbox_wait(child, pid_ns, &end);
	stdio_finish();
	if (exp)
		collect_finish(exp, how_ended(end.status));
	if (aud)
		collect_finish(aud, how_ended(end.status));
	if (facts)
		collect_finish(facts, how_ended(end.status));
	if (rep.path) {
		uint64_t out, err;

		stdio_bytes(&out, &err);
		report_write(&rep, end.status, exp, aud, facts, out, err);
	}
	exit_like(end.status);
}
