/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The end of the program. On every way out the shim can see, the
 * sandbox's first process (not its forked children, even once they exec)
 * exports the file system to TAMAGO_EXPORT_FD and calls the exit handler
 * (tamago.h), once; and
 * every process writes its refused network attempts to TAMAGO_AUDIT_FD.
 * The ways out:
 *   - exit() and return from main: an on_exit handler (it gets the
 *     status), after the program's own atexit handlers and destructors,
 *     once stdio has been flushed into the files;
 *   - _exit() and _Exit(): overridden here;
 *   - the shim's own kill of a raw call (sigsys.c calls shim_end());
 *   - a fatal signal whose disposition was the default when the shim
 *     started: a handler exports, restores the default and lets the
 *     signal take the process as it would have. A program that installs
 *     its own handler replaces this one (it then owns the signal, and an
 *     export happens only if its handler exits through exit or _exit).
 * The kernel's silent kill-process (the filter's third class), SIGKILL,
 * and a raw exit_group cannot be seen: no export then.
 */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <unistd.h>

#include "net/net.h"

#include "fs/image.h"
#include "core/config.h"
#include "shim/shim.h"
#include "core/sys.h"

static int end_done;
static long end_pid;	/* the process the shim started in */
static long first_pid;	/* the sandbox's first process: it exports */
static long audit_pid;	/* the last process that wrote its audit */

static const struct core_config *cfg;

static void end_audit(void)
{
	long pid = sys3(SYS_getpid, 0, 0, 0);
	long prev = __atomic_exchange_n(&audit_pid, pid, __ATOMIC_ACQ_REL);
	int r;

	/* Once per process: a forked child has its own attempts. */
	if (cfg->audit_fd < 0 || prev == pid)
		return;
	r = net_audit_write(cfg->audit_fd);
	if (r < 0)
		shim_msg("audit: ", strerrordesc_np(-r));
}

static void end_export(void)
{
	const char *why;
	int r;

	if (cfg->export_fd < 0)
		return;
	r = fs_export(cfg->export_fd, cfg->export_changes,
		      &why);
	if (r < 0)
		shim_msg("export: ", why ? why : "failed", ": ",
			 strerrordesc_np(-r));
}

void shim_end(int status, int sig)
{
	const struct timespec zero = { 0, 0 };
	sigset_t pipe, old, pending;
	bool was_pending, first;

	first = sys3(SYS_getpid, 0, 0, 0) == end_pid && end_pid == first_pid &&
		!__atomic_exchange_n(&end_done, 1, __ATOMIC_ACQ_REL);
	if (!first && cfg->audit_fd < 0)
		return;
	/*
	 * An export or audit fd whose reader is gone must fail with EPIPE,
	 * not end the program with SIGPIPE and another status.
	 */
	sigemptyset(&pipe);
	sigaddset(&pipe, SIGPIPE);
	sigpending(&pending);
	was_pending = sigismember(&pending, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &pipe, &old);
	if (first)
		end_export();
	end_audit();
	if (!was_pending)
		sigtimedwait(&pipe, NULL, &zero);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (first)
		hooks_exit(status, sig);
}

static void end_at_exit(int status, void *arg)
{
	(void)arg;
	/* Buffered stdio data belongs in the files being exported. */
	if (cfg->export_fd >= 0)
		fflush(NULL);
	shim_end(status & 0xff, 0);
}

TAMAGO_EXPORT void _exit(int status)
{
	shim_end(status & 0xff, 0);
	for (;;)
		sys3(SYS_exit_group, status, 0, 0);
}

TAMAGO_EXPORT void _Exit(int status) __attribute__((alias("_exit")));

/* Signals whose default action ends the process. */
static const int fatal_signals[] = {
	SIGHUP, SIGINT, SIGQUIT, SIGILL, SIGTRAP, SIGABRT, SIGBUS, SIGFPE,
	SIGUSR1, SIGSEGV, SIGUSR2, SIGPIPE, SIGALRM, SIGTERM, SIGSTKFLT,
	SIGXCPU, SIGXFSZ, SIGVTALRM, SIGPROF, SIGIO, SIGPWR,
};

static void on_fatal(int sig, siginfo_t *si, void *ctx)
{
	struct sigaction dfl;
	int saved = errno;

	(void)ctx;
	shim_end(-1, sig);
	memset(&dfl, 0, sizeof(dfl));
	dfl.sa_handler = SIG_DFL;
	sigaction(sig, &dfl, NULL);
	/* A fault raised by the kernel comes back when we return; anything
	 * else is sent again, and arrives once this handler returns. */
	if (si->si_code <= 0 ||
	    !(sig == SIGSEGV || sig == SIGBUS || sig == SIGILL ||
	      sig == SIGFPE || sig == SIGTRAP))
		sys_kill_self(sig);
	errno = saved;
}

/* A stack for the handler, so that a stack overflow still exports. */
static unsigned char alt_stack[64 * 1024];

int shim_end_init(const struct core_config *c)
{
	struct sigaction sa, old;
	stack_t ss;
	size_t i;

	cfg = c;
	first_pid = c->first_pid;
	if (cfg->export_fd < 0 && cfg->audit_fd < 0 &&
	    !hooks_exit_handler())
		return 0;
	end_pid = sys3(SYS_getpid, 0, 0, 0);
	if (on_exit(end_at_exit, NULL) != 0)
		return -ENOMEM;
	if (sigaltstack(NULL, &ss) == 0 && (ss.ss_flags & SS_DISABLE)) {
		ss.ss_sp = alt_stack;
		ss.ss_size = sizeof(alt_stack);
		ss.ss_flags = 0;
		sigaltstack(&ss, NULL);
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_fatal;
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
	sigfillset(&sa.sa_mask);
	for (i = 0; i < sizeof(fatal_signals) / sizeof(fatal_signals[0]);
	     i++) {
		if (sigaction(fatal_signals[i], NULL, &old) < 0)
			return -errno;
		/* An inherited SIG_IGN (nohup) or handler stays as it is. */
		if (!(old.sa_flags & SA_SIGINFO) && old.sa_handler == SIG_DFL &&
		    sigaction(fatal_signals[i], &sa, NULL) < 0)
			return -errno;
	}
	return 0;
}
