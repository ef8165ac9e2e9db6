/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The escape suite's probes that only x86_64 has (test/escape/probe.c
 * includes this after its helpers): the old path calls, and the foreign
 * ABIs the filter must kill: i386 through int 0x80 (its arguments are
 * truncated to 32 bits, hence a MAP_32BIT buffer) and x32 (the native
 * instruction with bit 30 set in the number). Their expected outcomes
 * are in escape.txt beside this file.
 */
#ifndef TAMAGO_ARCH_ESCAPE_PROBES_H
#define TAMAGO_ARCH_ESCAPE_PROBES_H

#define X32_BIT		0x40000000L
#define I386_NR_OPEN	5

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

static long syscall_i386(long n, long a, long b, long c)
{
	long ret;

	__asm__ volatile("int $0x80"
			 : "=a"(ret)
			 : "a"(n), "b"(a), "c"(b), "d"(c)
			 : "memory");
	return ret;
}

static void p_int80_open(void)
{
	char *s = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
	long fd;

	strcpy(s, HOST_FILE);
	fd = syscall_i386(I386_NR_OPEN, (long)s, O_RDONLY, 0);
	if (fd < 0)
		err(fd);
	else
		read_fd(fd, "read " HOST_FILE " through int 0x80");
}

static void p_x32_open(void)
{
	long fd = sys6(X32_BIT | SYS_openat, AT_FDCWD, HOST_FILE, O_RDONLY, 0,
		       0, 0);

	if (fd < 0)
		err(fd);
	else
		read_fd(fd, "read " HOST_FILE " through x32");
}

#define ARCH_ESCAPE_MODES                                                    \
	{ "raw-open", p_raw_open },                                          \
	{ "raw-stat", p_raw_stat },                                          \
	{ "raw-readlink", p_raw_readlink },                                  \
	{ "int80-open", p_int80_open },                                      \
	{ "x32-open", p_x32_open },

#endif
