/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The filter compiled ahead of time, tested without a kernel: each
 * architecture's generated programs (build/seal/filter-<arch>.c), patched
 * as the shim patches them, run in a seccomp-BPF interpreter (bpf-sim.c)
 * against
 *   - the table itself: every call the architecture has but no row names
 *     is killed, every plain row does what it says, whatever the
 *     arguments, in every variant;
 *   - foreign ABIs: every other audit token is killed, and x32 numbers;
 *   - the cases of cases.txt: argument checks, the killed class, and what
 *     depends on the run-time switches.
 *
 *   test-filter CASES.TXT
 */
#include <check.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/fs.h>
#include <linux/sched.h>
#include <linux/seccomp.h>
#include <linux/sockios.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>

#include "arch/aarch64/filter.h"
#include "arch/arm/filter.h"
#include "arch/riscv64/filter.h"
#include "arch/x86_64/filter.h"
#include "bpf-sim.h"
#include "seal/filter.h"

#ifndef AUDIT_ARCH_RISCV32
#define AUDIT_ARCH_RISCV32 (EM_RISCV | __AUDIT_ARCH_LE)
#endif

static const struct target {
	const struct filter_arch *fa;
	const struct filter_syscall *calls;
	struct policy_arch facts;
} targets[] = {
	{ &filter_x86_64, filter_syscalls_x86_64, ARCH_X86_64_FILTER },
	{ &filter_aarch64, filter_syscalls_aarch64, ARCH_AARCH64_FILTER },
	{ &filter_arm, filter_syscalls_arm, ARCH_ARM_FILTER },
	{ &filter_riscv64, filter_syscalls_riscv64, ARCH_RISCV64_FILTER },
};
#define NTARGETS (sizeof(targets) / sizeof(targets[0]))

/* The run-time values the tests patch in. */
#define BAND 1000
#define STORE_FD 1002
#define PROC_FD 1003	/* the store's plus one, as fs/store.c places it */
#define LOADER_FD 1007
#define PID 4242
#define UID 1234
#define GID 1235

static const struct {
	const char *name;
	uint32_t audit;
} tokens[] = {
	{ "X86_64", AUDIT_ARCH_X86_64 },   { "I386", AUDIT_ARCH_I386 },
	{ "AARCH64", AUDIT_ARCH_AARCH64 }, { "ARM", AUDIT_ARCH_ARM },
	{ "ARMEB", AUDIT_ARCH_ARMEB },	   { "RISCV64", AUDIT_ARCH_RISCV64 },
	{ "RISCV32", AUDIT_ARCH_RISCV32 }, { "PPC64LE", AUDIT_ARCH_PPC64LE },
	{ "S390X", AUDIT_ARCH_S390X },	   { "MIPS", AUDIT_ARCH_MIPS },
};

#define C(x) { #x, (unsigned long long)(x) }
static const struct {
	const char *name;
	unsigned long long v;
} names[] = {
	{ "band", BAND }, { "proc", PROC_FD }, { "pid", PID },
	{ "store", STORE_FD }, { "loader", LOADER_FD }, { "uid", UID },
	{ "gid", GID },
	C(AT_FDCWD), C(O_RDONLY), C(O_RDWR), C(O_CREAT), C(O_PATH),
	C(O_DIRECTORY), C(SIGSYS), C(SIGTERM), C(SIGKILL), C(RLIMIT_NOFILE),
	C(RLIMIT_STACK), C(SOCK_STREAM), C(SOCK_DGRAM), C(SOCK_SEQPACKET),
	C(SOCK_RAW), C(SOCK_CLOEXEC), C(SOCK_NONBLOCK), C(TIOCSTI), C(TIOCLINUX),
	C(TIOCSCTTY), C(FIOSETOWN), C(SIOCSPGRP), C(FIONREAD), C(TCGETS),
	C(TIOCGWINSZ), C(SIOCGIFCONF), C(SIOCSIFFLAGS), C(SIOCADDRT),
	C(TIOCSPGRP), C(FIOCLEX), C(FICLONE), C(FS_IOC_SETFLAGS),
	C(PRIO_PROCESS), C(PRIO_PGRP), C(PRIO_USER),
	C(SECCOMP_SET_MODE_FILTER), C(SECCOMP_FILTER_FLAG_TSYNC),
	C(SECCOMP_FILTER_FLAG_NEW_LISTENER),
	C(F_GETFL), C(F_SETFL), C(F_SETOWN), C(F_SETOWN_EX), C(F_SETSIG),
	C(F_DUPFD_CLOEXEC), C(PR_SET_NAME), C(PR_SET_MM), C(PR_SET_PTRACER),
	C(PR_SET_NO_NEW_PRIVS), C(PR_SET_SECCOMP), C(PR_CAPBSET_DROP),
	C(CLONE_VM), C(CLONE_THREAD), C(CLONE_SIGHAND), C(CLONE_NEWUSER),
	C(CLONE_NEWNS), C(CLONE_NEWPID), C(CLONE_NEWNET), C(SIGCHLD),
	C(AF_INET), C(AF_UNIX),
};

static const struct {
	const char *name;
	int v;
} errnos[] = {
	{ "EPERM", EPERM }, { "EINVAL", EINVAL }, { "ENOSYS", ENOSYS },
	{ "EBADF", EBADF }, { "ENOTTY", ENOTTY }, { "EACCES", EACCES },
	{ "ESRCH", ESRCH },
};

/* One line of cases.txt. */
struct tcase {
	int line;
	char text[256];
	unsigned int arches;	/* bit per target */
	unsigned int set, clear;	/* variant bits required either way */
	bool tagged;		/* the shim's tag (arch/<arch>/filter.h) */
	bool x32;		/* x32's bit 30 in the number */
	bool has_audit;
	uint32_t audit;
	long nr;		/* -1: by name */
	char name[48];
	unsigned long long args[6];
	uint32_t expect;
};

static struct tcase *cases;
static int ncases;

static bool parse_value(const char *s, unsigned long long *v)
{
	char buf[64], *tok, *save = NULL, *end;
	size_t i;

	*v = 0;
	snprintf(buf, sizeof(buf), "%s", s);
	for (tok = strtok_r(buf, "|", &save); tok;
	     tok = strtok_r(NULL, "|", &save)) {
		unsigned long long x;
		long long off = 0;
		char *sign = strpbrk(tok + 1, "+-");

		if (sign) {
			off = strtoll(sign, &end, 0);
			if (*end)
				return false;
			*sign = '\0';
		}
		if (isdigit((unsigned char)tok[0]) || tok[0] == '-') {
			x = tok[0] == '-' ? (unsigned long long)strtoll(tok, &end, 0) :
					    strtoull(tok, &end, 0);
			if (*end)
				return false;
		} else {
			for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
				if (!strcmp(names[i].name, tok))
					break;
			if (i == sizeof(names) / sizeof(names[0]))
				return false;
			x = names[i].v;
		}
		*v |= x + (unsigned long long)off;
	}
	return true;
}

static bool parse_action(const char *s, uint32_t *act)
{
	size_t i;

	if (!strcmp(s, "allow"))
		*act = SECCOMP_RET_ALLOW;
	else if (!strcmp(s, "kill"))
		*act = SECCOMP_RET_KILL_PROCESS;
	else if (!strcmp(s, "trap"))
		*act = SECCOMP_RET_TRAP;
	else if (!strncmp(s, "errno:", 6)) {
		for (i = 0; i < sizeof(errnos) / sizeof(errnos[0]); i++)
			if (!strcmp(errnos[i].name, s + 6))
				break;
		if (i == sizeof(errnos) / sizeof(errnos[0]))
			return false;
		*act = SECCOMP_RET_ERRNO | (uint32_t)errnos[i].v;
	} else
		return false;
	return true;
}

static bool parse_switch(struct tcase *c, const char *s)
{
	/* enum filter_variant's bits, in order. */
	static const char *const bits[] = { "console", "scoped", "door",
					    "pidns", "det" };
	bool neg = s[0] == '!';
	size_t i;

	for (i = 0; i < sizeof(bits) / sizeof(bits[0]); i++)
		if (!strcmp(s + neg, bits[i])) {
			if (neg)
				c->clear |= 1u << i;
			else
				c->set |= 1u << i;
			return true;
		}
	if (!strcmp(s, "tagged"))
		return c->tagged = true;
	if (!strcmp(s, "x32"))
		return c->x32 = true;
	if (!strncmp(s, "audit=", 6)) {
		for (i = 0; i < sizeof(tokens) / sizeof(tokens[0]); i++)
			if (!strcmp(tokens[i].name, s + 6)) {
				c->has_audit = true;
				c->audit = tokens[i].audit;
				return true;
			}
		return false;
	}
	if (!strncmp(s, "nr=", 3)) {
		c->nr = strtol(s + 3, NULL, 0);
		return true;
	}
	return false;
}

static bool parse_arches(struct tcase *c, char *s)
{
	char *tok, *save = NULL;
	size_t i;

	if (!strcmp(s, "*")) {
		c->arches = (1u << NTARGETS) - 1;
		return true;
	}
	for (tok = strtok_r(s, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		for (i = 0; i < NTARGETS; i++)
			if (!strcmp(targets[i].fa->name, tok))
				break;
		if (i == NTARGETS)
			return false;
		c->arches |= 1u << i;
	}
	return true;
}

/* ARCH SWITCHES SYSCALL [ARG...] -> ACTION */
static bool parse_line(struct tcase *c, char *line)
{
	char *f[12], *save = NULL, *tok, *sw, *ssave = NULL;
	int n = 0, i, arrow = -1;

	for (tok = strtok_r(line, " \t\n", &save); tok && n < 12;
	     tok = strtok_r(NULL, " \t\n", &save)) {
		if (!strcmp(tok, "->"))
			arrow = n;
		f[n++] = tok;
	}
	if (n < 5 || arrow < 3 || arrow != n - 2 || arrow - 3 > 6)
		return false;
	c->nr = -1;
	if (!parse_arches(c, f[0]))
		return false;
	if (strcmp(f[1], "-"))
		for (sw = strtok_r(f[1], ",", &ssave); sw;
		     sw = strtok_r(NULL, ",", &ssave))
			if (!parse_switch(c, sw))
				return false;
	snprintf(c->name, sizeof(c->name), "%s", f[2]);
	for (i = 3; i < arrow; i++)
		if (!parse_value(f[i], &c->args[i - 3]))
			return false;
	return parse_action(f[n - 1], &c->expect);
}

static void load_cases(const char *path)
{
	FILE *fp = fopen(path, "r");
	char line[256];
	int no = 0, cap = 0;

	if (!fp) {
		perror(path);
		exit(2);
	}
	while (fgets(line, sizeof(line), fp)) {
		struct tcase c = { 0 };
		char *p = line;

		no++;
		while (isspace((unsigned char)*p))
			p++;
		if (!*p || *p == '#')
			continue;
		c.line = no;
		snprintf(c.text, sizeof(c.text), "%s", p);
		c.text[strcspn(c.text, "\n")] = '\0';
		if (!parse_line(&c, p)) {
			fprintf(stderr, "%s:%d: cannot read this case\n", path,
				no);
			exit(2);
		}
		if (ncases == cap) {
			cap = cap ? 2 * cap : 64;
			cases = realloc(cases, (size_t)cap * sizeof(*cases));
			if (!cases)
				exit(2);
		}
		cases[ncases++] = c;
	}
	fclose(fp);
}

static long nr_of(const struct target *t, const char *name)
{
	const struct filter_syscall *s;

	for (s = t->calls; s->name; s++)
		if (!strcmp(s->name, name))
			return s->nr;
	return -1;
}

static bool is_32bit(const struct target *t)
{
	return !(t->fa->audit & __AUDIT_ARCH_64BIT);
}

/* The program of variant v with the test's values, checked. */
static struct sock_filter *program(const struct target *t, unsigned int v,
				   unsigned int *len)
{
	static struct sock_filter insns[BPF_MAXINSNS];
	struct seal s = {
		.band_base = BAND, .proc_fd = v & FILTER_DOOR ? PROC_FD : -1,
		.store_fd = STORE_FD, .loader_fd = LOADER_FD,
		.uid = UID, .gid = GID,
		.pid = PID, .console = v & FILTER_CONSOLE,
		.signals_scoped = v & FILTER_SCOPED, .pid_ns = v & FILTER_PIDNS,
		.det = v & FILTER_DET,
	};
	long n = filter_build(t->fa, &s, insns, BPF_MAXINSNS);
	const char *why;

	ck_assert_msg(n > 0, "%s: filter_build: %ld", t->fa->name, n);
	why = bpf_sim_check(insns, (unsigned int)n);
	ck_assert_msg(!why, "%s variant %u: %s", t->fa->name, v, why);
	*len = (unsigned int)n;
	return insns;
}

static uint32_t run(const struct target *t, const struct sock_filter *f,
		    unsigned int len, uint32_t audit, long nr,
		    const unsigned long long *args)
{
	struct seccomp_data d = { .nr = (int)nr, .arch = audit };
	int i;

	d.instruction_pointer = 0x401000;
	/* A 32-bit kernel hands the filter its registers zero-extended. */
	for (i = 0; i < 6; i++)
		d.args[i] = is_32bit(t) ? (uint32_t)args[i] : args[i];
	return bpf_sim_run(f, len, &d);
}

static const char *act_text(uint32_t a, char *buf, size_t n)
{
	switch (a & SECCOMP_RET_ACTION_FULL) {
	case SECCOMP_RET_ALLOW: return "allow";
	case SECCOMP_RET_KILL_PROCESS: return "kill";
	case SECCOMP_RET_TRAP: return "trap";
	case SECCOMP_RET_ERRNO:
		snprintf(buf, n, "errno:%u", a & SECCOMP_RET_DATA);
		return buf;
	}
	snprintf(buf, n, "0x%08x", a);
	return buf;
}

/* Argument vectors for calls whose action takes no argument into account. */
static void arg_vectors(unsigned long long v[8][6])
{
	static const unsigned long long fixed[4] = {
		0, ~0ULL, BAND, 0x54414d4100000001ULL,
	};
	unsigned long long x = 0x9e3779b97f4a7c15ULL;
	int i, j;

	for (i = 0; i < 8; i++)
		for (j = 0; j < 6; j++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			v[i][j] = i < 4 ? fixed[i] : (i & 1 ? x : x & 0xffff);
		}
}

/* Every call the architecture has meets what its row (or none) says. */
START_TEST(t_table)
{
	const struct target *t = &targets[_i];
	unsigned long long av[8][6];
	unsigned int v, len, checked = 0;
	char b1[32], b2[32];

	arg_vectors(av);
	for (v = 0; v < FILTER_VARIANTS; v++) {
		const struct sock_filter *f = program(t, v, &len);
		const struct filter_syscall *s;

		for (s = t->calls; s->name; s++) {
			const struct filter_row *row = NULL;
			uint32_t want;
			unsigned int i, k;

			for (i = 0; i < t->fa->nrows; i++)
				if (t->fa->rows[i].nr == s->nr)
					row = &t->fa->rows[i];
			if (row && row->kind == K_RULES)
				continue;	/* cases.txt */
			if (!row)
				want = SECCOMP_RET_KILL_PROCESS;
			else if (row->kind == K_ALLOW)
				want = SECCOMP_RET_ALLOW;
			else if (row->kind == K_TRAP)
				want = SECCOMP_RET_TRAP;
			else
				want = SECCOMP_RET_ERRNO | row->err;
			for (k = 0; k < 8; k++) {
				uint32_t got = run(t, f, len, t->fa->audit,
						   s->nr, av[k]);

				ck_assert_msg(got == want,
					      "%s variant %u: %s (%d), "
					      "arguments #%u: %s, expected %s",
					      t->fa->name, v, s->name, s->nr,
					      k, act_text(got, b1, 32),
					      act_text(want, b2, 32));
				checked++;
			}
		}
	}
	ck_assert_uint_gt(checked, 1000);
}
END_TEST

/* Foreign ABIs: any other audit token, and x32 numbers, are killed. */
START_TEST(t_foreign)
{
	const struct target *t = &targets[_i];
	static const unsigned long long zero[6];
	unsigned int v, len;
	size_t i;
	long nr;

	for (v = 0; v < FILTER_VARIANTS; v++) {
		const struct sock_filter *f = program(t, v, &len);

		for (i = 0; i < sizeof(tokens) / sizeof(tokens[0]); i++) {
			if (tokens[i].audit == t->fa->audit)
				continue;
			for (nr = 0; nr < 500; nr++)
				ck_assert_msg(run(t, f, len, tokens[i].audit,
						  nr, zero) ==
						      SECCOMP_RET_KILL_PROCESS,
					      "%s: %s call %ld not killed",
					      t->fa->name, tokens[i].name, nr);
		}
		/* Numbers past the table, x32's bit 30 among them. */
		for (nr = 0; nr < 500; nr++)
			ck_assert_msg(run(t, f, len, t->fa->audit,
					  nr | 0x40000000L, zero) ==
					      SECCOMP_RET_KILL_PROCESS,
				      "%s: call 0x%lx not killed", t->fa->name,
				      nr | 0x40000000L);
	}
}
END_TEST

/* One line of cases.txt, on every architecture and variant it names. */
START_TEST(t_case)
{
	const struct tcase *c = &cases[_i];
	unsigned int ti, v, len, runs = 0;
	bool known = false;
	char b1[32], b2[32];

	for (ti = 0; ti < NTARGETS; ti++) {
		const struct target *t = &targets[ti];
		unsigned long long args[6];
		long nr = c->nr;

		if (!(c->arches & (1u << ti)))
			continue;
		if (nr < 0)
			nr = nr_of(t, c->name);
		if (nr < 0)
			continue;	/* a call this architecture lacks */
		known = true;
		if (c->x32)
			nr |= 0x40000000L;
		memcpy(args, c->args, sizeof(args));
		if (c->tagged) {
			unsigned int p = t->facts.pass_arg;

			args[p] = (args[p] & ~t->facts.pass_mask) |
				  t->facts.pass_tag;
		}
		for (v = 0; v < FILTER_VARIANTS; v++) {
			const struct sock_filter *f;
			uint32_t got;

			if ((v & c->set) != c->set || (v & c->clear))
				continue;
			f = program(t, v, &len);
			got = run(t, f, len,
				  c->has_audit ? c->audit : t->fa->audit, nr,
				  args);
			ck_assert_msg(got == c->expect,
				      "cases.txt:%d: %s: %s variant %u: got "
				      "%s, expected %s",
				      c->line, c->text, t->fa->name, v,
				      act_text(got, b1, 32),
				      act_text(c->expect, b2, 32));
			runs++;
		}
	}
	ck_assert_msg(known, "cases.txt:%d: %s: no architecture named has %s",
		      c->line, c->text, c->name);
	ck_assert_msg(runs > 0, "cases.txt:%d: %s: no variant ran", c->line,
		      c->text);
}
END_TEST

/* The trap dispatch table agrees with the rows. */
START_TEST(t_dispatch)
{
	const struct target *t = &targets[_i];
	unsigned int i, traps = 0;

	for (i = 0; i < t->fa->nrows; i++) {
		const struct filter_row *row = &t->fa->rows[i];
		enum trap_id id = TRAP_NONE;
		const struct filter_row *got = filter_trapped(t->fa, row->nr,
							      &id);

		if (row->kind == K_TRAP)
			ck_assert_msg(got == row && id != TRAP_NONE,
				      "%s: %s has no trap", t->fa->name,
				      row->name);
		if (got)
			traps++;
		if (row->kind == K_ALLOW || row->kind == K_ERRNO)
			ck_assert_msg(!got, "%s: %s is dispatched",
				      t->fa->name, row->name);
	}
	ck_assert_uint_gt(traps, 30);
	ck_assert_ptr_null(filter_trapped(t->fa, -1, &(enum trap_id){ 0 }));
	ck_assert_ptr_null(filter_trapped(t->fa, 1L << 20,
					  &(enum trap_id){ 0 }));
}
END_TEST

int main(int argc, char **argv)
{
	Suite *s = suite_create("filter");
	TCase *tc = tcase_create("table");
	SRunner *sr;
	int failed;

	if (argc != 2) {
		fprintf(stderr, "usage: test-filter CASES.TXT\n");
		return 2;
	}
	load_cases(argv[1]);
	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, t_table, 0, NTARGETS);
	tcase_add_loop_test(tc, t_foreign, 0, NTARGETS);
	tcase_add_loop_test(tc, t_dispatch, 0, NTARGETS);
	tcase_add_loop_test(tc, t_case, 0, ncases);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	printf("%d cases from %s on %zu architectures\n", ncases, argv[1],
	       NTARGETS);
	return failed ? 1 : 0;
}
