/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What the virtual clock does not reach (README: Reproducible runs).
 * Under it the loader hides the vDSO from the auxiliary vector, so glibc
 * and Go read the clock by system calls the filter traps; but the vDSO
 * stays mapped (the kernel returns from signal handlers through it on
 * some architectures). A program that looks for it in its own memory,
 * as this one does (around its stack, page by page, with mincore, and
 * a pipe to tell the readable pages), finds it and reads the host's
 * clock through it.
 * Prints "auxv vdso: yes|no", the clock by clock_gettime, and the clock
 * through a vDSO found by searching ("not found" when the search fails).
 */
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "loader/loader.h"

typedef int (*clock_fn)(clockid_t, struct timespec *);

/* A mapped page within 1 GiB of here that starts an ELF object
 * exporting the vDSO's clock. */
static clock_fn find_vdso(unsigned long here)
{
	unsigned long page = (unsigned long)sysconf(_SC_PAGESIZE);
	unsigned long a, low, high;
	unsigned char v, head[SELFMAG];
	int p[2];

	here &= ~(page - 1);
	low = here - (1UL << 30);
	high = here + (1UL << 30);
	if (pipe(p) < 0)
		return NULL;
	for (a = low; a < high; a += page) {
		if (mincore((void *)a, page, &v) < 0)
			continue;
		/* Readable? (the kernel says EFAULT where a load would
		 * fault) */
		if (write(p[1], (const void *)a, SELFMAG) != SELFMAG)
			continue;
		if (read(p[0], head, SELFMAG) != SELFMAG ||
		    memcmp(head, ELFMAG, SELFMAG))
			continue;
		if (vdso_symbol(a, ARCH_VDSO_CLOCK))
			break;
	}
	close(p[0]);
	close(p[1]);
	return a < high ? (clock_fn)vdso_symbol(a, ARCH_VDSO_CLOCK) : NULL;
}

int main(void)
{
	struct timespec ts;
	clock_fn fn;

	printf("auxv vdso: %s\n", getauxval(AT_SYSINFO_EHDR) ? "yes" : "no");
	clock_gettime(CLOCK_REALTIME, &ts);
	printf("clock_gettime: %lld\n", (long long)ts.tv_sec);
	/* Near the stack (older kernels put it there) or the libraries
	 * (the mmap area: newer ones). */
	fn = find_vdso((unsigned long)&ts);
	if (!fn)
		fn = find_vdso((unsigned long)&printf);
	if (!fn || fn(CLOCK_REALTIME, &ts) != 0) {
		printf("vdso found by search: not found\n");
		return 0;
	}
	printf("vdso found by search: %lld\n", (long long)ts.tv_sec);
	return 0;
}
