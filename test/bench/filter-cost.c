/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What sealing spends on the filter itself, for this machine's
 * architecture: building it with libseccomp from the table (as the shim
 * did at start-up before the filter was compiled ahead of time: init,
 * rules, BPF generation) against copying and patching the generated
 * program (filter_build, as it does now). Microseconds, best of rounds.
 * Built for the build machine, so only where that is the host.
 */
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "arch.h"
#include "seal/filter.h"

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static const struct policy_arch arch_facts = ARCH_FILTER_FACTS;

int main(void)
{
	static struct sock_filter insns[BPF_MAXINSNS];
	struct seal s = {
		.arch = &arch_facts, .band_base = 5000, .proc_fd = 5000,
		.pid = (int)getpid(), .signals_scoped = true,
	};
	double scmp = 1e9, aot = 1e9;
	int round, i;

	for (round = 0; round < 20; round++) {
		double t0 = now_us(), t1;
		scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_KILL_PROCESS);
		const char *bad = NULL;
		FILE *f = tmpfile();

		seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH,
				 SCMP_ACT_KILL_PROCESS);
		if (!f || policy_add_rules(ctx, &s, &bad) < 0 ||
		    seccomp_export_bpf(ctx, fileno(f)) < 0) {
			fprintf(stderr, "filter-cost: libseccomp failed\n");
			return 1;
		}
		seccomp_release(ctx);
		t1 = now_us() - t0;
		fclose(f);
		scmp = t1 < scmp ? t1 : scmp;
		t0 = now_us();
		for (i = 0; i < 100; i++)
			if (filter_build(&ARCH_FILTER, &s, insns,
					 BPF_MAXINSNS) < 0)
				return 1;
		t1 = (now_us() - t0) / 100;
		aot = t1 < aot ? t1 : aot;
	}
	printf("%-34s %8.0f\n", "filter built by libseccomp (before)",
	       scmp);
	printf("%-34s %8.1f\n", "filter copied and patched (now)", aot);
	return 0;
}
