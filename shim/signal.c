/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The sigaction family: SIGSYS belongs to the trap path (the loader's),
 * yet a program that installs its own SIGSYS handler keeps working: its
 * rt_sigaction of SIGSYS is trapped and its disposition kept there
 * (trap/sigsys.c), which hands it every SIGSYS that is not a seccomp trap
 * (kill(getpid(), SIGSYS), ...). Here, the other signals' handlers never
 * block SIGSYS.
 *
 * SIGSYS is never blocked: the masks given to sigprocmask, pthread_sigmask
 * and the handlers of other signals lose it, because a trapped call with
 * SIGSYS blocked makes the kernel kill the process (force_sig_seccomp
 * resets the handler). A raw rt_sigprocmask that may block is trapped and
 * loses it there (trap/sigsys.c).
 */
#include <dlfcn.h>
#include <signal.h>
#include <string.h>

#include "shim/shim.h"
#include "core/sys.h"

typedef int (*sigaction_fn)(int, const struct sigaction *, struct sigaction *);

static sigaction_fn real_sigaction(void)
{
	static sigaction_fn fn;

	if (!fn)
		fn = (sigaction_fn)dlsym(RTLD_NEXT, "sigaction");
	return fn;
}

TAMAGO_EXPORT int sigaction(int sig, const struct sigaction *act,
			    struct sigaction *old)
{
	sigaction_fn real = real_sigaction();
	struct sigaction copy;

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

/* A signal's bit, without glibc's refusal of its own internal ones. */
static void sig_clear(sigset_t *set, int sig)
{
	unsigned long *w = (unsigned long *)set;
	const unsigned bits = 8 * sizeof(unsigned long);

	w[(sig - 1) / bits] &= ~(1UL << ((sig - 1) % bits));
}

/*
 * As glibc's: its own two signals (cancellation and setxid, the first
 * two real-time ones) never blocked, and SIGSYS neither. The call is
 * tagged: the filter traps an untagged mask that may block (policy.c).
 */
TAMAGO_EXPORT int pthread_sigmask(int how, const sigset_t *set,
				  sigset_t *old)
{
	sigset_t copy;
	long r;

	if (set) {
		copy = *set;
		sig_clear(&copy, SIGSYS);
		sig_clear(&copy, 32);
		sig_clear(&copy, 33);
		set = &copy;
	}
	r = sys_sigmask(how, set, old);
	return r < 0 ? (int)-r : 0;
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
