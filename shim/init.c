/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Start-up and sealing, once, before the program's main: configuration,
 * the initial file system, the handlers (and a hooks library if one is
 * named), the SIGSYS handler, then Landlock and the filter for all
 * threads. Any error before the seal prints "tamago: <what>: <why>" and
 * exits 125: nothing is half-applied and the program never runs.
 */
#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>

#include "fs.h"
#include "hooks.h"
#include "shim.h"
#include "sys.h"

struct shim_config shim_config;

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
}

/* Threads already running (started by a library's constructor). */
static long count_threads(void)
{
	char buf[4096];
	long fd, n, threads = -1;
	char *p;

	fd = sys_openat(AT_FDCWD, "/proc/self/status", O_RDONLY | O_CLOEXEC,
			0);
	if (fd < 0)
		return -1;
	n = sys_read((int)fd, buf, sizeof(buf) - 1);
	sys_close((int)fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	p = strstr(buf, "\nThreads:");
	if (p)
		threads = strtol(p + 9, NULL, 10);
	return threads;
}

static void fail(const char *what, long r)
{
	shim_fatal(what, strerror((int)-r));
}

__attribute__((constructor)) static void tamago_init(void)
{
	struct fs_options fo = { 0 };
	struct seal s;
	bool alone, confined, scoped;
	long r;

	parse_config(&shim_config);
	r = fd_close_inherited(getenv("TAMAGO_KEEP_FDS"));
	if (r == -EINVAL)
		shim_fatal("TAMAGO_KEEP_FDS", "expected fd numbers, as in 3,4");
	if (r < 0)
		fail("closing inherited fds", r);
	r = fs_init(&fo);
	if (r < 0)
		fail("file system", r);
	r = hooks_init();
	if (r < 0)
		fail("handlers", r);
	if (shim_config.hooks && *shim_config.hooks &&
	    !dlopen(shim_config.hooks, RTLD_NOW | RTLD_LOCAL)) {
		const char *why = dlerror();

		shim_msg("hooks ", shim_config.hooks, ": ",
			 why ? why : "cannot load");
		sys3(SYS_exit_group, 125, 0, 0);
	}
	r = sigsys_init();
	if (r < 0)
		fail("SIGSYS handler", r);
	/*
	 * Landlock binds only this thread: with other threads already
	 * running, the reopen door stays shut and fds share descriptions.
	 */
	alone = count_threads() == 1;
	confined = landlock_seal(&scoped);
	fs_set_reopen(confined && alone);
	s.band_base = fs_band_base();
	s.proc_fd = fs_proc_fd();
	s.pid = (int)sys3(SYS_getpid, 0, 0, 0);
	/* Threads that were already running are not in the domain. */
	s.signals_scoped = confined && alone && scoped;
	if (getenv("TAMAGO_PRINT_FILTER") && *getenv("TAMAGO_PRINT_FILTER"))
		sys3(SYS_exit_group,
		     policy_print(1, &s, getenv("TAMAGO_PRINT_FILTER")) < 0 ?
			     125 : 0,
		     0, 0);
	r = policy_seal(&s);
	if (r < 0)
		fail("seccomp filter", r);
	hooks_seal();
}
