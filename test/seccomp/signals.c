/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A program that wants SIGSYS for itself, through libc: its handlers see
 * the SIGSYS it raises, it cannot block SIGSYS through libc, and the
 * shim's traps keep working meanwhile. A raw rt_sigaction(SIGSYS) sets
 * the program's own disposition, never the trap path's.
 *
 *   signals            the checks above, then "signals: ok"
 *   signals block-raw  blocks SIGSYS and SIGUSR2 with a raw
 *                      rt_sigprocmask, then makes a trapped call through
 *                      libc: it is served (SIGSYS stayed open)
 */
#include <fcntl.h>
#include <stdbool.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "test/lib/check.h"
#include "core/sys.h"

static volatile sig_atomic_t info_hits, plain_hits, usr1_ok;

static void on_sigsys_info(int sig, siginfo_t *si, void *ctx)
{
	(void)ctx;
	if (sig == SIGSYS && si->si_code == SI_TKILL)
		info_hits++;
}

static void on_sigsys_plain(int sig)
{
	if (sig == SIGSYS)
		plain_hits++;
}

/* A trapped call (getcwd through libc's syscall()) in a handler. */
static void on_usr1(int sig)
{
	char buf[16];

	(void)sig;
	usr1_ok = syscall(SYS_getcwd, buf, sizeof(buf)) > 0 &&
		  !strcmp(buf, "/");
}

static bool trapped_call_works(void)
{
	char buf[16];

	return syscall(SYS_getcwd, buf, sizeof(buf)) > 0 && !strcmp(buf, "/");
}

static int block_raw(void)
{
	sigset_t s, cur;
	long r;

	sigemptyset(&s);
	sigaddset(&s, SIGSYS);
	sigaddset(&s, SIGUSR2);
	CHECK(sys6(SYS_rt_sigprocmask, SIG_BLOCK, &s, NULL, _NSIG / 8, 0,
		   0) == 0);
	CHECK(sys6(SYS_rt_sigprocmask, SIG_BLOCK, NULL, &cur, _NSIG / 8, 0,
		   0) == 0);
	/* glibc's own openat, trapped: served, not fatal. */
	r = syscall(SYS_openat, AT_FDCWD, "/etc/ld.so.cache", O_RDONLY);
	printf("got through: %ld %s, SIGUSR2 %s\n", r,
	       r < 0 && errno == ENOENT ? "ENOENT" : "?",
	       sigismember(&cur, SIGUSR2) && !sigismember(&cur, SIGSYS) ?
		       "blocked" : "not blocked");
	return 0;
}

int main(int argc, char **argv)
{
	struct sigaction sa, old;
	sigset_t s, cur;

	setvbuf(stdout, NULL, _IONBF, 0);
	if (argc > 1 && !strcmp(argv[1], "block-raw"))
		return block_raw();

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_sigsys_info;
	sa.sa_flags = SA_SIGINFO;
	CHECK(sigaction(SIGSYS, &sa, NULL) == 0);
	CHECK(raise(SIGSYS) == 0);
	CHECK(info_hits == 1);
	CHECK(trapped_call_works());

	CHECK(signal(SIGSYS, on_sigsys_plain) ==
	      (sighandler_t)(void *)on_sigsys_info);
	CHECK(kill(getpid(), SIGSYS) == 0);
	CHECK(plain_hits == 1 && info_hits == 1);
	CHECK(sigaction(SIGSYS, NULL, &old) == 0);
	CHECK(old.sa_handler == on_sigsys_plain);

	/* Blocking through libc leaves SIGSYS open. */
	sigemptyset(&s);
	sigaddset(&s, SIGSYS);
	sigaddset(&s, SIGUSR2);
	CHECK(sigprocmask(SIG_BLOCK, &s, NULL) == 0);
	CHECK(pthread_sigmask(SIG_BLOCK, NULL, &cur) == 0);
	CHECK(!sigismember(&cur, SIGSYS) && sigismember(&cur, SIGUSR2));
	CHECK(trapped_call_works());

	/* A handler whose mask is everything still makes trapped calls. */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	sigfillset(&sa.sa_mask);
	CHECK(sigaction(SIGUSR1, &sa, NULL) == 0);
	CHECK(raise(SIGUSR1) == 0);
	CHECK(usr1_ok);

	/* The raw call sets the program's disposition, as libc's does. */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sigsys_plain;
	CHECK(sys6(SYS_rt_sigaction, SIGSYS, &sa, NULL, _NSIG / 8, 0, 0) ==
	      0);
	CHECK(trapped_call_works());
	CHECK(kill(getpid(), SIGSYS) == 0);
	CHECK(plain_hits == 2);

	/* SIG_IGN through libc: a raised SIGSYS is ignored. */
	CHECK(signal(SIGSYS, SIG_IGN) == on_sigsys_plain);
	CHECK(raise(SIGSYS) == 0);
	CHECK(trapped_call_works());
	printf("signals: ok\n");
	return 0;
}
