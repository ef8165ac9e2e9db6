/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The escape suite's probes that only 32-bit arm has among our ports
 * (test/escape/probe.c includes this after its helpers): the old path
 * calls. EABI has no foreign ABI a process can call (filter.h). Their
 * expected outcomes are in escape.txt beside this file.
 */
#ifndef TAMAGO_ARCH_ESCAPE_PROBES_H
#define TAMAGO_ARCH_ESCAPE_PROBES_H

/* The old path calls, which this architecture still has. */
static void p_raw_open(void)
{
	long fd = sys3(SYS_open, HOST_FILE, O_RDONLY, 0);

	if (fd < 0)
		err(fd);
	else
		read_fd(fd, "read " HOST_FILE);
}

static void p_raw_stat(void)
{
	struct stat st;

	raw_result(sys3(SYS_stat, HOST_FILE, &st, 0), "stat " HOST_FILE);
}

/* Emulated (--raw=emulate), the answer is argv[0], never a host path. */
/* Emulated (--raw=emulate), the answer is the sandbox's own path. */
static void p_raw_readlink(void)
{
	char buf[256];
	long n = sys3(SYS_readlink, "/proc/self/cwd", buf, sizeof(buf) - 1);

	if (n < 0) {
		err(n);
		return;
	}
	buf[n] = '\0';
	/* The suite runs from a build tree, never from "/". */
	if (strcmp(buf, "/"))
		escaped("host path of /proc/self/cwd");
	else
		say("contained", "the sandbox's /");
}

#define ARCH_ESCAPE_MODES                                                    \
	{ "raw-open", p_raw_open },                                          \
	{ "raw-stat", p_raw_stat },                                          \
	{ "raw-readlink", p_raw_readlink },

#endif
