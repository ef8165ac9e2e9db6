/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The end of the program, for a hooks library's exit handler (tamago.h):
 * on every way out the shim can see, the sandbox's first program (not
 * its forked children, even once they exec) calls it, once. The export
 * and the audit are not written here: the tree's first process writes
 * them once the program has ended, however it ended (launcher/start.c).
 * The ways out:
 *   - exit() and return from main: an on_exit handler (it gets the
 *     status), after the program's own atexit handlers and destructors;
 *   - _exit() and _Exit(): overridden here;
 *   - a fatal signal whose disposition was the default when the shim
 *     started: a handler calls it, restores the default and lets the
 *     signal take the process as it would have. A program that installs
 *     its own handler replaces this one.
 * The trap path's kill of a raw call, SIGKILL and a raw exit_group
 * cannot be seen: no exit handler then.
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/config.h"
#include "hooks/hooks.h"
#include "shim/shim.h"
#include "core/sys.h"

static int end_done;
static long end_pid;	/* the process the shim started in */

void shim_end(int status, int sig)
{
	if (sys3(SYS_getpid, 0, 0, 0) == end_pid &&
	    !__atomic_exchange_n(&end_done, 1, __ATOMIC_ACQ_REL))
		hooks_exit(status, sig);
}

static void end_at_exit(int status, void *arg)
{
	(void)arg;
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

/* A stack for the handler, so that a stack overflow still ends well. */
static unsigned char alt_stack[64 * 1024];

int shim_end_init(const struct core_config *c)
{
	struct sigaction sa, old;
	stack_t ss;
	size_t i;

	end_pid = sys3(SYS_getpid, 0, 0, 0);
	if (!hooks_exit_handler() || end_pid != c->first_pid)
		return 0;
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
