/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * needs-seccomp CMD [ARGS...]: the one place the tests decide that this
 * machine cannot install a seccomp filter (qemu-user refuses them; a
 * kernel built without CONFIG_SECCOMP_FILTER has none). A child asks the
 * kernel for the most trivial filter there is (one instruction: allow);
 * if the kernel has no filters, this prints why and exits 77, meson's
 * skip. Otherwise it runs CMD, whose result is the test's: a filter of
 * the shim's that fails to load for any other reason (too long, a bad
 * rule) is then a failure, never a skip.
 *
 * The probe runs in a child so that the test itself starts with no
 * filter and without no_new_privs.
 *
 * needs-seccomp --probe: the same probe in this process, and the same
 * answer as its exit status (0, or 77), for test/arch/run.sh, which
 * decides with it whether a cross-built tree runs its whole suite or the
 * unit tests alone. No fork: Debian 12's qemu-aarch64 hangs in a forked
 * child.
 */
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

/* The child's exit status: 0 if a filter loaded, else the errno. */
static int try_filter(void)
{
	struct sock_filter allow = BPF_STMT(BPF_RET | BPF_K,
					    SECCOMP_RET_ALLOW);
	struct sock_fprog prog = { .len = 1, .filter = &allow };

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return errno;
	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) == 0)
		return 0;
	if (errno != ENOSYS)
		return errno;
	/* Kernels before 3.17 know only prctl's door. */
	if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0) == 0)
		return 0;
	return errno;
}

/* The probe's errno as an exit status: 0, 77 (skip) or 99 (broken). */
static int verdict(int err)
{
	/*
	 * EINVAL: no filter mode (no CONFIG_SECCOMP_FILTER, or qemu-user's
	 * prctl); ENOSYS: no seccomp at all. Anything else means seccomp
	 * exists and the probe is broken: a hard error, not a skip.
	 */
	if (err == EINVAL || err == ENOSYS) {
		printf("skip: this machine cannot install a seccomp filter "
		       "(%s)\n", strerror(err));
		return 77;
	}
	if (err) {
		fprintf(stderr, "needs-seccomp: a trivial filter failed: %s\n",
			strerror(err));
		return 99;
	}
	return 0;
}

int main(int argc, char **argv)
{
	int status, err;
	pid_t pid;

	if (argc < 2) {
		fprintf(stderr, "usage: needs-seccomp CMD [ARGS...]\n"
				"       needs-seccomp --probe\n");
		return 99;
	}
	if (argc == 2 && !strcmp(argv[1], "--probe")) {
		err = verdict(try_filter());
		if (!err)
			printf("seccomp: filters can be installed here\n");
		return err;
	}
	pid = fork();
	if (pid < 0) {
		perror("needs-seccomp: fork");
		return 99;
	}
	if (pid == 0)
		_exit(try_filter());
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status)) {
		fprintf(stderr, "needs-seccomp: the probe did not exit\n");
		return 99;
	}
	err = verdict(WEXITSTATUS(status));
	if (err)
		return err;
	execvp(argv[1], argv + 1);
	fprintf(stderr, "needs-seccomp: %s: %s\n", argv[1], strerror(errno));
	return 99;
}
