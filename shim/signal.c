/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The sigaction family: SIGSYS belongs to the shim (its trap path), yet a
 * program that installs its own SIGSYS handler through libc keeps working.
 * Its disposition is stored here, and the trap path hands it every SIGSYS
 * that is not a seccomp trap (kill(getpid(), SIGSYS), ...). The filter
 * refuses a raw rt_sigaction(SIGSYS) with EPERM whatever happens here.
 *
 * SIGSYS is never blocked through libc: the masks given to sigprocmask,
 * pthread_sigmask and the handlers of other signals lose it, because a
 * trapped call with SIGSYS blocked makes the kernel kill the process
 * (force_sig_seccomp resets the handler). A raw rt_sigprocmask can still
 * block it: the program then dies at its next trapped call, and that call
 * never runs.
 */
#include <dlfcn.h>
#include <signal.h>
#include <string.h>

#include "shim/shim.h"
#include "core/sys.h"

typedef int (*sigaction_fn)(int, const struct sigaction *, struct sigaction *);
typedef int (*sigmask_fn)(int, const sigset_t *, sigset_t *);

/* The program's SIGSYS disposition (SIG_DFL until it sets one). */
static struct sigaction prog_sigsys;

static sigaction_fn real_sigaction(void)
{
	static sigaction_fn fn;

	if (!fn)
		fn = (sigaction_fn)dlsym(RTLD_NEXT, "sigaction");
	return fn;
}

static sigmask_fn real_sigmask(void)
{
	static sigmask_fn fn;

	if (!fn)
		fn = (sigmask_fn)dlsym(RTLD_NEXT, "pthread_sigmask");
	return fn;
}

int signal_install_sigsys(void (*fn)(int, siginfo_t *, void *))
{
	struct sigaction sa;
	sigaction_fn real = real_sigaction();

	if (!real)
		return -ENOSYS;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = fn;
	sa.sa_flags = SA_SIGINFO;
	/* The core runs in the handler: nothing else may interrupt it. */
	sigfillset(&sa.sa_mask);
	return real(SIGSYS, &sa, NULL) ? -errno : 0;
}

bool signal_pass_sigsys(int sig, siginfo_t *si, void *ctx)
{
	struct sigaction sa = prog_sigsys;
	ucontext_t *uc = ctx;
	sigset_t mask;

	if (sa.sa_handler == SIG_IGN)
		return true;
	if (sa.sa_handler == SIG_DFL)
		return false;
	if (sa.sa_flags & SA_RESETHAND)
		prog_sigsys.sa_handler = SIG_DFL;
	/* The program's handler runs with its own mask, SIGSYS open. */
	mask = uc->uc_sigmask;
	sigorset(&mask, &mask, &sa.sa_mask);
	sigdelset(&mask, SIGSYS);
	sys6(SYS_rt_sigprocmask, SIG_SETMASK, &mask, NULL, _NSIG / 8, 0, 0);
	if (sa.sa_flags & SA_SIGINFO)
		sa.sa_sigaction(sig, si, ctx);
	else
		sa.sa_handler(sig);
	return true;
}

TAMAGO_EXPORT int sigaction(int sig, const struct sigaction *act,
			    struct sigaction *old)
{
	sigaction_fn real = real_sigaction();
	struct sigaction copy;

	if (sig == SIGSYS) {
		if (old)
			*old = prog_sigsys;
		if (act) {
			prog_sigsys = *act;
			sigdelset(&prog_sigsys.sa_mask, SIGSYS);
		}
		return 0;
	}
	if (!real)
		return (int)shim_ret(-ENOSYS);
	if (act) {
		copy = *act;
		sigdelset(&copy.sa_mask, SIGSYS);
		act = &copy;
	}
	return real(sig, act, old);
}

TAMAGO_EXPORT int __sigaction(int sig, const struct sigaction *act,
			      struct sigaction *old)
{
	return sigaction(sig, act, old);
}

static sighandler_t set_handler(int sig, sighandler_t h, int flags)
{
	struct sigaction sa, old;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = h;
	sa.sa_flags = flags;
	if (!(flags & SA_NODEFER))
		sigaddset(&sa.sa_mask, sig);
	if (sigaction(sig, &sa, &old) < 0)
		return SIG_ERR;
	return old.sa_handler;
}

/* glibc's signal() has BSD semantics; sysv_signal the old System V ones. */
TAMAGO_EXPORT sighandler_t signal(int sig, sighandler_t h)
{
	return set_handler(sig, h, SA_RESTART);
}

TAMAGO_EXPORT sighandler_t bsd_signal(int sig, sighandler_t h)
{
	return set_handler(sig, h, SA_RESTART);
}

TAMAGO_EXPORT sighandler_t ssignal(int sig, sighandler_t h)
{
	return set_handler(sig, h, SA_RESTART);
}

TAMAGO_EXPORT sighandler_t sysv_signal(int sig, sighandler_t h)
{
	return set_handler(sig, h, SA_RESETHAND | SA_NODEFER);
}

TAMAGO_EXPORT int sigignore(int sig)
{
	return set_handler(sig, SIG_IGN, 0) == SIG_ERR ? -1 : 0;
}

TAMAGO_EXPORT int pthread_sigmask(int how, const sigset_t *set,
				  sigset_t *old)
{
	sigmask_fn real = real_sigmask();
	sigset_t copy;

	if (!real)
		return ENOSYS;
	if (set) {
		copy = *set;
		sigdelset(&copy, SIGSYS);
		set = &copy;
	}
	return real(how, set, old);
}

TAMAGO_EXPORT int sigprocmask(int how, const sigset_t *set, sigset_t *old)
{
	int r = pthread_sigmask(how, set, old);

	return r ? (int)shim_ret(-r) : 0;
}

/* The old BSD and System V mask calls, on top of sigprocmask. */
TAMAGO_EXPORT int sighold(int sig)
{
	sigset_t s;

	sigemptyset(&s);
	if (sigaddset(&s, sig) < 0)
		return -1;
	return sigprocmask(SIG_BLOCK, &s, NULL);
}

static int mask_call(int how, int mask)
{
	sigset_t s, old;
	int sig, r = 0;

	sigemptyset(&s);
	for (sig = 1; sig < 32; sig++)
		if (mask & (1 << (sig - 1)))
			sigaddset(&s, sig);
	if (sigprocmask(how, &s, &old) < 0)
		return -1;
	for (sig = 1; sig < 32; sig++)
		if (sigismember(&old, sig))
			r |= 1 << (sig - 1);
	return r;
}

TAMAGO_EXPORT int sigblock(int mask)
{
	return mask_call(SIG_BLOCK, mask);
}

TAMAGO_EXPORT int sigsetmask(int mask)
{
	return mask_call(SIG_SETMASK, mask);
}
