/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The shared object's start, once, before the program's main: in a
 * process of the sandbox the loader made (loader/), the cores are the
 * loader's, found in the auxiliary vector (AT_TAMAGO). The shim tells
 * them where libc is (the trap path judges raw calls by it) and how to
 * know a thread cheaply, loads the hooks library the sandbox names, and
 * watches the program's end (exit.c).
 *
 * Preloaded alone, with no loader below, the program has not been
 * confined yet: it is run again, from its start, through tamago-exec,
 * which builds the sandbox and starts the program through the loader.
 * Only code that ran before this constructor (its preinit functions and
 * libraries' constructors) ran unconfined (README).
 */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <unistd.h>

#include "core/api.h"
#include "core/config.h"
#include "shim/shim.h"
#include "core/sys.h"

/*
 * The calling thread's id for the core lock, kept per thread: a system
 * call otherwise, on every core call. Only while the thread is in the
 * shim (api.c): the trap path, and a vfork child running on its parent's
 * thread storage, ask the kernel. A forked child's thread is a new one:
 * fork through libc forgets it (fork_child).
 */
static __thread uint32_t tid_cache __attribute__((tls_model("initial-exec")));

static uint32_t shim_tid(void)
{
	if (!shim_in_core)
		return (uint32_t)sys3(SYS_gettid, 0, 0, 0);
	if (__builtin_expect(!tid_cache, 0))
		tid_cache = (uint32_t)sys3(SYS_gettid, 0, 0, 0);
	return tid_cache;
}

/* Whether this thread's prepare took the lock (not if it already held
 * it: a fork from a signal handler that interrupted the core). */
static __thread int fork_took __attribute__((tls_model("initial-exec")));

/*
 * The lock across fork: the child is copied from a parent whose core
 * state (this process's side of it) nobody is changing. The lock itself
 * is shared by the sandbox: the parent releases it, the child never held
 * it, and starts with no thread id.
 */
static void fork_prepare(void)
{
	shim_in_core++;
	fork_took = shim_api->core_lock_fork() == 0;
	shim_in_core--;
}

static void fork_parent(void)
{
	if (fork_took) {
		fork_took = 0;
		shim_in_core++;
		shim_api->core_unlock_fork();
		shim_in_core--;
	}
}

static void fork_child(void)
{
	tid_cache = 0;
	fork_took = 0;
}

/* libc's and the dynamic loader's code: trapped calls from there are
 * libc's own (fopen, NSS, ...), not raw calls. */
static int collect(struct dl_phdr_info *info, size_t size, void *data)
{
	struct core_shim *s = data;
	unsigned long probe = (unsigned long)&fdopen;
	unsigned long ld = getauxval(AT_BASE);
	bool is_libc = false;
	int i;

	(void)size;
	for (i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		unsigned long lo = info->dlpi_addr + ph->p_vaddr;

		if (ph->p_type == PT_LOAD && probe >= lo &&
		    probe < lo + ph->p_memsz)
			is_libc = true;
	}
	if (!is_libc && !(ld && info->dlpi_addr == ld))
		return 0;
	for (i = 0; i < info->dlpi_phnum && s->ntext < 16; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];

		if (ph->p_type != PT_LOAD || !(ph->p_flags & PF_X))
			continue;
		s->text_lo[s->ntext] = info->dlpi_addr + ph->p_vaddr;
		s->text_hi[s->ntext] = s->text_lo[s->ntext] + ph->p_memsz;
		s->ntext++;
	}
	return 0;
}

/*
 * Before the shim has cores, its own overrides have nothing to call:
 * what run_confined needs of the host it asks the kernel for itself.
 */
static int host_access(const char *path)
{
	return (int)sys6(SYS_faccessat, AT_FDCWD, path, X_OK, 0, 0, 0);
}

/* A path made absolute against the working directory, into buf. */
static int absolute(const char *path, char *buf, size_t size)
{
	size_t n = 0, len = strlen(path);

	if (path[0] != '/') {
		if (sys3(SYS_getcwd, buf, size, 0) < 0)
			return -1;
		n = strlen(buf);
		if (n + 1 >= size)
			return -1;
		buf[n++] = '/';
	}
	if (n + len + 1 > size)
		return -1;
	memcpy(buf + n, path, len + 1);
	return 0;
}

/* tamago-exec: TAMAGO_EXEC, else beside the shim in a build tree, else
 * where it is installed relative to the shim (an install staged with
 * DESTDIR), else at its installed path. */
static const char *find_exec(const char *self, char *buf, size_t size)
{
	static const char *const tails[] = { "../launcher/tamago-exec",
					     TAMAGO_EXEC_REL "/tamago-exec" };
	const char *given = getenv("TAMAGO_EXEC");
	char *slash;
	size_t i;

	if (given && *given)
		return given;
	for (i = 0; i < sizeof(tails) / sizeof(tails[0]); i++) {
		if (tails[i][0] == '/' ||
		    strlen(self) + strlen(tails[i]) >= size)
			continue;
		strcpy(buf, self);
		slash = strrchr(buf, '/');
		strcpy(slash + 1, tails[i]);
		if (host_access(buf) == 0)
			return buf;
	}
	return TAMAGO_EXEC_INSTALLED;
}

/* The arguments from the kernel's copy: when a library's constructor
 * called into the shim before the shim's own constructor had them. */
static char **read_cmdline(int *argc)
{
	static char buf[65536];
	char **argv;
	long n = 0, r;
	int fd, i, count = 0;

	fd = (int)sys6(SYS_openat, AT_FDCWD, "/proc/self/cmdline",
		       O_RDONLY | O_CLOEXEC, 0, 0, 0);
	if (fd < 0)
		return NULL;
	while (n < (long)sizeof(buf) - 1 &&
	       (r = sys_read(fd, buf + n, sizeof(buf) - 1 - n)) > 0)
		n += r;
	sys_close(fd);
	if (n <= 0 || n >= (long)sizeof(buf) - 1)
		return NULL;
	buf[n] = '\0';
	for (i = 0; i < n; i++)
		count += buf[i] == '\0';
	argv = calloc((size_t)count + 1, sizeof(char *));
	if (!argv)
		return NULL;
	for (i = 0, count = 0; i < n; i += (int)strlen(buf + i) + 1)
		argv[count++] = buf + i;
	*argc = count;
	return argv;
}

/*
 * Preloaded alone: run again through tamago-exec, which confines the
 * program from its first instruction. The shim preloads itself there.
 */
__attribute__((noreturn)) static void run_confined(int argc, char **argv)
{
	static char self[4096], exec[4096], prog[4096];
	const char *path;
	Dl_info info;
	char **args;
	long n;
	int i;

	if (!argv)
		argv = read_cmdline(&argc);
	if (!argv)
		shim_fatal("preloaded alone", "cannot read the arguments");
	n = sys6(SYS_readlinkat, AT_FDCWD, "/proc/self/exe", prog,
		 sizeof(prog) - 1, 0, 0);
	if (n <= 0)
		shim_fatal("preloaded alone", "cannot name the program");
	prog[n] = '\0';
	if (!dladdr((void *)run_confined, &info) || !info.dli_fname ||
	    absolute(info.dli_fname, self, sizeof(self)) < 0)
		shim_fatal("preloaded alone", "cannot name the shim");
	path = find_exec(self, exec, sizeof(exec));
	args = calloc((size_t)argc + 5, sizeof(char *));
	if (!args)
		shim_fatal("preloaded alone", "out of memory");
	args[0] = (char *)"tamago-exec";
	/* The program had its whole environment already: it keeps it. */
	args[1] = (char *)"--keep-env";
	args[2] = (char *)"--";
	args[3] = prog;
	for (i = 0; i < argc; i++)
		args[i + 4] = argv[i];
	setenv("TAMAGO_EXEC_PRELOAD", self, 1);
	unsetenv("LD_PRELOAD");
	execv(path, args);
	shim_msg(path, ": ", strerror(errno), " (tamago-run, or TAMAGO_EXEC ",
		 "naming tamago-exec, runs a program preloaded alone)");
	for (;;)
		sys3(SYS_exit_group, 125, 0, 0);
}

static int saved_argc;
static char **saved_argv;

static void tamago_init(void)
{
	const struct core_api *api =
		(const struct core_api *)getauxval(AT_TAMAGO);
	const struct core_config *cfg;
	struct core_shim s;
	int r;

	if (!api || api->version != CORE_API_VERSION ||
	    api->size < sizeof(struct core_api))
		run_confined(saved_argc, saved_argv);
	shim_api = api;
	memset(&s, 0, sizeof(s));
	s.tid = shim_tid;
	dl_iterate_phdr(collect, &s);
	shim_api->core_shim_started(&s);
	if (pthread_atfork(fork_prepare, fork_parent, fork_child) != 0)
		shim_fatal("start-up", "cannot register the fork handlers");
	cfg = shim_api->core_config();
	if (cfg->hooks[0] && !dlopen(cfg->hooks, RTLD_NOW | RTLD_LOCAL)) {
		const char *why = dlerror();

		shim_msg("hooks ", cfg->hooks, ": ", why ? why : "cannot load");
		sys3(SYS_exit_group, 125, 0, 0);
	}
	shim_api->hooks_seal();
	/* After the hooks library: it may have registered an exit handler. */
	r = shim_end_init(cfg);
	if (r < 0)
		shim_fatal("start-up", strerror(-r));
}

/*
 * Once, from whichever comes first: the shim's constructor, or the first
 * call into the cores from a library constructor that ran before it (the
 * program's own libraries are initialised before a preloaded one).
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
	/* Another thread is starting the shim: the table is all it needs. */
	while (!__atomic_load_n(&shim_api, __ATOMIC_ACQUIRE))
		sys3(SYS_sched_yield, 0, 0, 0);
}

/* glibc passes a shared object's constructors main's arguments. */
__attribute__((constructor)) static void tamago_ctor(int argc, char **argv)
{
	saved_argc = argc;
	saved_argv = argv;
	shim_early_init();
}
