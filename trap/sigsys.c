/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The trap path: SIGSYS from the filter's SECCOMP_RET_TRAP, in the loader
 * of every sandboxed process, from before the program's first
 * instruction. A trapped call is served by the same core function as the
 * libc override (the files of trap/ decode it). Once the shim has said where libc
 * is (trap_shim_started), a call made from anywhere else bypassed libc
 * and, in the default raw=kill mode, ends the process with a report.
 * Before that, and in programs without the shim (static ones, or a
 * libc other than glibc), there is no libc to bypass: every trapped call
 * is served. Both outcomes are contained: the call site is a policy for
 * clear behaviour, not a check.
 *
 * SIGSYS stays the trap path's: a program's own rt_sigaction of it is
 * trapped too, its disposition kept here, and a SIGSYS that is no seccomp
 * trap (kill(getpid(), SIGSYS)) is handed to it.
 */
#include <errno.h>
#include <signal.h>
#include <string.h>

#include "arch.h"
#include "core/lock.h"
#include "core/sys.h"
#include "fs/fs.h"
#include "trap/trap.h"

#ifndef SYS_SECCOMP
#define SYS_SECCOMP 1
#endif

static enum raw_mode raw_mode;
static struct core_shim shim;
static bool shim_started;
/* The program's SIGSYS disposition (SIG_DFL until it sets one). */
static struct ksigaction prog_sigsys;

static bool in_libc(unsigned long pc)
{
	int i;

	for (i = 0; i < shim.ntext; i++)
		if (pc >= shim.text_lo[i] && pc < shim.text_hi[i])
			return true;
	return false;
}

__attribute__((noreturn)) static void die(void)
{
	/* Not in the filter: the kernel kills the process with SIGSYS. */
	sys3(SYS_ptrace, -1, 0, 0);
	for (;;)
		sys3(SYS_exit_group, 128 + SIGSYS, 0, 0);
}

/*
 * A SIGSYS that is no trap, for the program's own disposition: ignored,
 * the default (the process dies of it), or its handler, run here with its
 * mask (SIGSYS open).
 */
static void pass(int sig, siginfo_t *si, void *ctx)
{
	struct ksigaction sa = prog_sigsys;
	ucontext_t *uc = ctx;
	uint64_t mask;

	if (sa.handler == SIG_IGN)
		return;
	if (sa.handler == SIG_DFL)
		die();
	if (sa.flags & SA_RESETHAND)
		prog_sigsys.handler = SIG_DFL;
	memcpy(&mask, &uc->uc_sigmask, sizeof(mask));
	mask = (mask | sa.mask) & ~(1ULL << (SIGSYS - 1));
	sys_sigmask(SIG_SETMASK, &mask, NULL);
	if (sa.flags & SA_SIGINFO)
		((void (*)(int, siginfo_t *, void *))sa.handler)(sig, si, ctx);
	else
		((void (*)(int))sa.handler)(sig);
}

long trap_rt_sigaction(const long *a)
{
	const struct ksigaction *nw = (const void *)a[1];
	struct ksigaction *old = (void *)a[2];

	if ((int)a[0] != SIGSYS || (size_t)a[3] != 8)
		return -EINVAL;
	if (old)
		*old = prog_sigsys;
	if (nw)
		prog_sigsys = *nw;
	return 0;
}

/*
 * The handler's saved mask is the thread's once the handler returns: a
 * mask that would block SIGSYS (fatal at the next trapped call), SIGKILL
 * or SIGSTOP is set there without them. The old mask is the thread's.
 */
static long sigprocmask_on(const long *a, ucontext_t *uc)
{
	const uint64_t never = 1ULL << (SIGSYS - 1) | 1ULL << (SIGKILL - 1) |
			       1ULL << (SIGSTOP - 1);
	uint64_t cur, set = 0, nw = 0;

	if ((size_t)a[3] != 8)
		return -EINVAL;
	memcpy(&cur, &uc->uc_sigmask, sizeof(cur));
	if (a[1]) {
		memcpy(&set, (const void *)a[1], sizeof(set));
		switch ((int)a[0]) {
		case SIG_BLOCK:
			nw = cur | set;
			break;
		case SIG_UNBLOCK:
			nw = cur & ~set;
			break;
		case SIG_SETMASK:
			nw = set;
			break;
		default:
			return -EINVAL;
		}
	}
	if (a[2])
		memcpy((void *)a[2], &cur, sizeof(cur));
	if (a[1]) {
		nw &= ~never;
		memcpy(&uc->uc_sigmask, &nw, sizeof(nw));
	}
	return 0;
}

/* In the table for its name; the handler serves it with the context. */
long trap_rt_sigprocmask(const long *a)
{
	(void)a;
	return -ENOSYS;
}

static void handler(int sig, siginfo_t *si, void *ctx)
{
	ucontext_t *uc = ctx;
	unsigned long pc = (unsigned long)si->si_call_addr;
	const char *name = NULL;
	long a[6];
	trap_fn fn;
	int i;

	if (si->si_code != SYS_SECCOMP) {
		pass(sig, si, ctx);
		return;
	}
	for (i = 0; i < 6; i++)
		a[i] = arch_uc_arg(uc, i);
	fn = trap_lookup(si->si_syscall, &name);
	if (!fn) {
		report_raw("killed: ", name, si->si_syscall, a, pc,
			   " has no emulation");
		die();
	}
	if (shim_started && !in_libc(pc) && !console_serves_raw(fn) &&
	    fn != trap_rt_sigaction && fn != trap_rt_sigprocmask) {
		if (raw_mode == RAW_KILL) {
			report_raw("killed: ", name, si->si_syscall, a, pc,
				   " bypassed libc");
			die();
		}
		if (raw_mode == RAW_LOG)
			report_raw("", name, si->si_syscall, a, pc,
				   " bypassed libc: emulated");
	}
	/* An exec keeps the caller's mask, not the handler's (fs/exec.c). */
	if (fn == trap_execve || fn == trap_execveat)
		fs_exec_sigmask = (const uint64_t *)&uc->uc_sigmask;
	if (fn == trap_rt_sigprocmask)
		arch_uc_set_ret(uc, sigprocmask_on(a, uc));
	else
		arch_uc_set_ret(uc, fn(a));
	fs_exec_sigmask = NULL;
}

int trap_init(enum raw_mode raw)
{
	struct ksigaction sa;

	raw_mode = raw;
	memset(&sa, 0, sizeof(sa));
	sa.handler = (void *)handler;
	sa.flags = SA_SIGINFO | SA_ONSTACK;
#ifdef ARCH_SA_RESTORER
	/* Where the architecture has it, the return is the loader's own. */
	sa.flags |= ARCH_SA_RESTORER;
	sa.restorer = (void *)arch_restorer;
#endif
	/* The core runs in the handler: nothing else may interrupt it. */
	sa.mask = ~0ULL;
	/* Tagged: the filter lets the loader's own through (policy.c). */
	return (int)sys_pass(SYS_rt_sigaction, SIGSYS, &sa, NULL, 8, 0);
}

void trap_shim_started(const struct core_shim *s)
{
	shim = *s;
	if (shim.ntext > 16)
		shim.ntext = 16;
	if (s->tid)
		core_tid = s->tid;
	shim_started = true;
}
