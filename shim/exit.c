/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The end of the program: the file system is exported to
 * TAMAGO_EXPORT_FD once, by the process the shim started in (not by its
 * forked children), on every way out the shim can see:
 *   - exit() and return from main: a destructor, after the program's own
 *     atexit handlers, once stdio has been flushed into the files;
 *   - _exit() and _Exit(): overridden here;
 *   - the shim's own kill of a raw call (sigsys.c calls shim_export());
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
#include <unistd.h>

#include "image.h"
#include "shim.h"
#include "sys.h"

static int export_done;
static long export_pid;

void shim_export(void)
{
	const struct timespec zero = { 0, 0 };
	sigset_t pipe, old, pending;
	const char *why;
	bool was_pending;
	int r;

	if (shim_config.export_fd < 0 ||
	    sys3(SYS_getpid, 0, 0, 0) != export_pid ||
	    __atomic_exchange_n(&export_done, 1, __ATOMIC_ACQ_REL))
		return;
	/*
	 * An export fd whose reader is gone must fail the export with
	 * EPIPE, not end the program with SIGPIPE and another status.
	 */
	sigemptyset(&pipe);
	sigaddset(&pipe, SIGPIPE);
	sigpending(&pending);
	was_pending = sigismember(&pending, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &pipe, &old);
	r = fs_export(shim_config.export_fd, shim_config.export_changes,
		      &why);
	if (!was_pending)
		sigtimedwait(&pipe, NULL, &zero);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (r < 0)
		shim_msg("export: ", why ? why : "failed", ": ",
			 strerrordesc_np(-r));
}

__attribute__((destructor)) static void export_at_exit(void)
{
	if (shim_config.export_fd < 0)
		return;
	/* Buffered stdio data belongs in the files being exported. */
	fflush(NULL);
	shim_export();
}

TAMAGO_EXPORT void _exit(int status)
{
	shim_export();
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
	shim_export();
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

int shim_export_init(void)
{
	struct sigaction sa, old;
	stack_t ss;
	size_t i;

	if (shim_config.export_fd < 0)
		return 0;
	export_pid = sys3(SYS_getpid, 0, 0, 0);
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
