/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Start-up cost: runs a command ROUNDS x RUNS times (fork, exec, wait)
 * and prints the median wall time of one run in microseconds. startup.sh
 * interleaves it natively and with the shim preloaded.
 *
 *   startup RUNS [--preload=SHIM] COMMAND [ARG...]
 *
 * With --preload, only the command gets LD_PRELOAD (this program must
 * not run under the shim: the shim refuses its exec).
 */
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

extern char **environ;

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	int runs = argc > 2 ? atoi(argv[1]) : 0, i, n, status;
	char **cmd = argv + 2, **env = environ;
	double *t;

	if (runs > 0 && !strncmp(*cmd, "--preload=", 10)) {
		static char var[4096];

		for (n = 0; environ[n]; n++)
			;
		env = calloc((size_t)n + 2, sizeof(*env));
		if (!env)
			return 2;
		memcpy(env, environ, (size_t)n * sizeof(*env));
		snprintf(var, sizeof(var), "LD_PRELOAD=%s", *cmd + 10);
		env[n] = var;
		cmd++;
	}
	if (runs < 1 || !*cmd) {
		fprintf(stderr, "usage: startup RUNS [--preload=SHIM] "
				"COMMAND [ARG...]\n");
		return 2;
	}
	t = calloc((size_t)runs, sizeof(*t));
	if (!t)
		return 2;
	for (i = 0; i < runs; i++) {
		double t0 = now_us();
		pid_t pid;

		if (posix_spawn(&pid, *cmd, NULL, NULL, cmd, env) ||
		    waitpid(pid, &status, 0) != pid || status != 0) {
			fprintf(stderr, "startup: %s failed\n", *cmd);
			return 1;
		}
		t[i] = now_us() - t0;
	}
	qsort(t, (size_t)runs, sizeof(*t), cmp);
	printf("%.0f\n", t[runs / 2]);
	return 0;
}
