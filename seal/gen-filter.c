/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The filter compiled ahead of time (seal/filter.h): built for the build
 * machine, run once per target architecture.
 *
 *   gen-filter ARCH OUT.c OUT.pfc SYSCALLS.c
 *
 * For each variant (the switches that change the program's shape) it has
 * libseccomp build the table (policy.c) for ARCH alone, twice, with two
 * different sets of placeholders for the run-time values, and compares
 * the two programs: they must differ only in the k field of instructions
 * holding a placeholder of the first set in one and the matching one of
 * the second set in the other. Those instructions are the patch list;
 * anything else that differs means a rule's shape depends on a run-time
 * value, and the build fails. OUT.c gets the programs, the patch lists,
 * the rows as ARCH resolves them and the syscall -> trap dispatch table;
 * OUT.pfc libseccomp's pseudo code of each variant for people to read,
 * with the run-time values named; SYSCALLS.c every system call ARCH has,
 * by name (for the tests, which simulate the programs: test/bpf/).
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/filter.h>
#include <linux/fs.h>
#include <linux/seccomp.h>
#include <linux/sockios.h>
#include <seccomp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>
#include <asm/termbits.h>

#include "arch/aarch64/filter.h"
#include "arch/arm/filter.h"
#include "arch/riscv64/filter.h"
#include "arch/x86_64/filter.h"
#include "seal/filter.h"
#include "seal/policy.h"
#include "seal/scmp-rules.h"

static const struct policy_arch arches[] = {
	ARCH_X86_64_FILTER,
	ARCH_AARCH64_FILTER,
	ARCH_ARM_FILTER,
	ARCH_RISCV64_FILTER,
};

static const char *const trap_names[TRAP_COUNT] = {
	[TRAP_NONE] = "TRAP_NONE",
#define TRAP_NAME(fn) [TRAP_ID_##fn] = "TRAP_ID_" #fn,
	TRAP_LIST(TRAP_NAME)
#undef TRAP_NAME
};

static const char *const kind_names[] = {
	[K_ALLOW] = "K_ALLOW", [K_TRAP] = "K_TRAP", [K_ERRNO] = "K_ERRNO",
	[K_RULES] = "K_RULES",
};

static const char *const value_names[FILTER_NVALUES] = {
	[FILTER_BAND] = "FILTER_BAND", [FILTER_PROC_FD] = "FILTER_PROC_FD",
	[FILTER_PID] = "FILTER_PID", [FILTER_STORE_FD] = "FILTER_STORE_FD",
	[FILTER_LOADER_FD] = "FILTER_LOADER_FD", [FILTER_UID] = "FILTER_UID",
	[FILTER_GID] = "FILTER_GID",
};

/* As pfc shows them to people. */
static const char *const value_words[FILTER_NVALUES] = {
	[FILTER_BAND] = "$band_base", [FILTER_PROC_FD] = "$proc_fd",
	[FILTER_PID] = "$pid", [FILTER_STORE_FD] = "$store_fd",
	[FILTER_LOADER_FD] = "$loader_fd", [FILTER_UID] = "$uid",
	[FILTER_GID] = "$gid",
};

/* Two sets of placeholders, unlike any constant of the table; in each, the
 * /proc fd is the store's plus one, as at run time (fs/store.c). */
static const uint32_t place[2][FILTER_NVALUES] = {
	{ 0x3b1d0aa1, 0x3b1d0ab3, 0x3b1d0aa3, 0x3b1d0ab2, 0x3b1d0aa5,
	  0x3b1d0aa6, 0x3b1d0aa7 },
	{ 0x4c2e0bb1, 0x4c2e0bc3, 0x4c2e0bb3, 0x4c2e0bc2, 0x4c2e0bb5,
	  0x4c2e0bb6, 0x4c2e0bb7 },
};

/*
 * Constants the rules take from the build machine's headers: the
 * generated file asserts that the target's headers agree, so a target
 * where one differs fails to build instead of getting a wrong filter.
 */
#define CONST(x) { #x, (long)(x) }
static const struct {
	const char *name;
	long value;
} consts[] = {
	CONST(O_PATH), CONST(SOCK_STREAM), CONST(SOCK_SEQPACKET),
	CONST(RLIMIT_NOFILE), CONST(SIGSYS), CONST(F_SETOWN),
	CONST(F_SETOWN_EX), CONST(F_SETSIG), CONST(PRIO_PROCESS),
	CONST(PRIO_PGRP), CONST(PRIO_USER),
	CONST(SECCOMP_FILTER_FLAG_NEW_LISTENER),
	/* The ioctl allowlist (scmp-rules.c), but for the two it spells
	 * both ways (one_of below). */
	CONST(TCGETS), CONST(TCSETS), CONST(TCSETSW), CONST(TCSETSF),
	CONST(TCGETS2), CONST(TCSETS2), CONST(TCSETSW2), CONST(TCSETSF2),
	CONST(TCSBRK), CONST(TCSBRKP), CONST(TCXONC), CONST(TCFLSH),
	CONST(TIOCGPGRP), CONST(TIOCSPGRP), CONST(TIOCGSID),
	CONST(TIOCGWINSZ), CONST(TIOCSWINSZ), CONST(TIOCNOTTY),
	CONST(FIONREAD), CONST(TIOCOUTQ), CONST(FIONBIO), CONST(FIOASYNC),
	CONST(FIOCLEX), CONST(FIONCLEX), CONST(FIOGETOWN), CONST(SIOCGPGRP),
	CONST(SIOCATMARK), CONST(FICLONE), CONST(FICLONERANGE),
	CONST(EPERM), CONST(EINVAL), CONST(ENOSYS), CONST(EBADF),
	CONST(ENOTTY), CONST(ESRCH),
};

/* Constants whose number is one of two on the targets (scmp-rules.c). */
static const char *const one_of[][3] = {
	{ "FIOQSIZE", "0x5460", "0x545e" },
	{ "FS_IOC_GETFLAGS", "_IOR('f', 1, int64_t)",
	  "_IOR('f', 1, int32_t)" },
};

struct prog {
	struct sock_filter *insns;
	size_t len;
};

static void die(const char *what, const char *why)
{
	fprintf(stderr, "gen-filter: %s: %s\n", what, why);
	exit(1);
}

static scmp_filter_ctx build_ctx(const struct seal *s)
{
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_KILL_PROCESS);
	const char *bad = "(setup)";
	int r;

	if (!ctx)
		die(s->arch->name, "seccomp_init failed");
	/* This architecture alone: its numbers are taken as they are. */
	r = 0;
	if (seccomp_arch_native() != s->arch->audit) {
		r = seccomp_arch_add(ctx, s->arch->audit);
		if (r == 0)
			r = seccomp_arch_remove(ctx, SCMP_ARCH_NATIVE);
	}
	/* A foreign ABI meets kill-process before any row. */
	if (r == 0)
		r = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH,
				     SCMP_ACT_KILL_PROCESS);
	/* Sorted by number in a binary tree: free now that it is built once. */
	if (r == 0)
		r = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2);
	if (r == 0)
		r = policy_add_rules(ctx, s, &bad);
	if (r < 0)
		die(bad, strerror(-r));
	return ctx;
}

static struct prog export_bpf(scmp_filter_ctx ctx, const char *arch)
{
	struct prog p;
	FILE *f = tmpfile();
	long n;

	if (!f || seccomp_export_bpf(ctx, fileno(f)) < 0)
		die(arch, "seccomp_export_bpf failed");
	n = lseek(fileno(f), 0, SEEK_END);
	if (n <= 0 || n % sizeof(struct sock_filter) ||
	    n / sizeof(struct sock_filter) > UINT16_MAX)
		die(arch, "bad program size");
	/* Only a test build's padded filter is meant to be refused. */
	if (!TAMAGO_FILTER_PAD &&
	    n / sizeof(struct sock_filter) > BPF_MAXINSNS)
		die(arch, "the program is longer than the kernel takes");
	p.len = (size_t)n / sizeof(struct sock_filter);
	p.insns = malloc((size_t)n);
	if (!p.insns || pread(fileno(f), p.insns, (size_t)n, 0) != n)
		die(arch, "reading the program back");
	fclose(f);
	return p;
}

static void seal_for(struct seal *s, const struct policy_arch *a,
		     unsigned int variant, int set)
{
	s->arch = a;
	s->band_base = (int)place[set][FILTER_BAND];
	s->proc_fd = variant & FILTER_DOOR ? (int)place[set][FILTER_PROC_FD] :
					     -1;
	s->pid = (int)place[set][FILTER_PID];
	s->store_fd = (int)place[set][FILTER_STORE_FD];
	s->loader_fd = (int)place[set][FILTER_LOADER_FD];
	s->uid = (long)place[set][FILTER_UID];
	s->gid = (long)place[set][FILTER_GID];
	s->console = variant & FILTER_CONSOLE;
	s->signals_scoped = variant & FILTER_SCOPED;
	s->pid_ns = variant & FILTER_PIDNS;
	s->det = variant & FILTER_DET;
}

static int value_of(uint32_t k, int set)
{
	int v;

	for (v = 0; v < FILTER_NVALUES; v++)
		if (place[set][v] == k)
			return v;
	return -1;
}

static void emit_string(FILE *out, const char *s)
{
	if (!s) {
		fputs("NULL", out);
		return;
	}
	fputc('"', out);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', out);
		fputc(*s, out);
	}
	fputc('"', out);
}

/* pfc with the placeholders of set 0 named, for people to read. */
static void emit_pfc(FILE *pfc, scmp_filter_ctx ctx, unsigned int variant)
{
	FILE *f = tmpfile();
	char *text, *p;
	long n;
	int v;

	if (!f || seccomp_export_pfc(ctx, fileno(f)) < 0)
		die("pfc", "seccomp_export_pfc failed");
	n = lseek(fileno(f), 0, SEEK_END);
	text = calloc(1, (size_t)n + 1);
	if (!text || pread(fileno(f), text, (size_t)n, 0) != n)
		die("pfc", "reading it back");
	fclose(f);
	fprintf(pfc, "#\n# variant %u: console handler %s, signals %s, "
		     "/proc door %s, pids %s, clock and host name %s\n",
		variant, variant & FILTER_CONSOLE ? "yes" : "no",
		variant & FILTER_SCOPED ? "scoped by Landlock" :
					  "own pid only",
		variant & FILTER_DOOR ? "open" : "closed",
		variant & FILTER_PIDNS ? "the sandbox's pid namespace" :
					 "own pid only",
		variant & FILTER_DET ? "the sandbox's" : "the host's");
	for (p = text; *p;) {
		char num[16];
		size_t len;

		for (v = 0; v < FILTER_NVALUES; v++) {
			len = (size_t)snprintf(num, sizeof(num), "%u",
					       place[0][v]);
			if (!strncmp(p, num, len))
				break;
		}
		if (v < FILTER_NVALUES) {
			fputs(value_words[v], pfc);
			p += len;
		} else {
			fputc(*p++, pfc);
		}
	}
	free(text);
}

static void emit_variant(FILE *out, FILE *pfc, const struct policy_arch *a,
			 unsigned int variant)
{
	struct seal s[2];
	struct prog p[2];
	size_t i, npatches = 0;
	int set;

	for (set = 0; set < 2; set++) {
		scmp_filter_ctx ctx;

		seal_for(&s[set], a, variant, set);
		ctx = build_ctx(&s[set]);
		p[set] = export_bpf(ctx, a->name);
		if (set == 0)
			emit_pfc(pfc, ctx, variant);
		seccomp_release(ctx);
	}
	if (p[0].len != p[1].len)
		die(a->name, "the program's shape depends on a run-time value");
	fprintf(out, "static const struct sock_filter insns_%u[] = {\n",
		variant);
	for (i = 0; i < p[0].len; i++) {
		const struct sock_filter *f = &p[0].insns[i];

		fprintf(out, "\t{ 0x%02x, %u, %u, 0x%08" PRIx32 " },\n",
			f->code, f->jt, f->jf, f->k);
	}
	fputs("};\n", out);
	for (i = 0; i < p[0].len; i++) {
		const struct sock_filter *x = &p[0].insns[i], *y = &p[1].insns[i];
		int v;

		if (x->code != y->code || x->jt != y->jt || x->jf != y->jf)
			die(a->name, "the program's shape depends on a "
				     "run-time value");
		if (x->k == y->k)
			continue;
		v = value_of(x->k, 0);
		if (v < 0 || value_of(y->k, 1) != v)
			die(a->name, "a run-time value is not compared whole");
		if (!npatches++)
			fprintf(out, "static const struct filter_patch "
				     "patches_%u[] = {\n", variant);
		fprintf(out, "\t{ %zu, %s },\n", i, value_names[v]);
	}
	if (npatches)
		fputs("};\n", out);
	fprintf(out, "#define PROG_%u { insns_%u, %zu, %zu, ", variant,
		variant, p[0].len, npatches);
	if (npatches)
		fprintf(out, "patches_%u }\n\n", variant);
	else
		fputs("NULL }\n\n", out);
	free(p[0].insns);
	free(p[1].insns);
}

/* Every row names a call that at least one architecture has. */
static void check_names(void)
{
	size_t i, j;

	for (i = 0; i < policy_len; i++) {
		for (j = 0; j < sizeof(arches) / sizeof(arches[0]); j++)
			if (seccomp_syscall_resolve_name_arch(
				    arches[j].audit, policy[i].name) >= 0)
				break;
		if (j == sizeof(arches) / sizeof(arches[0]))
			die(policy[i].name, "no architecture has this call");
	}
}

static void emit_syscalls(const char *path, const struct policy_arch *a)
{
	/* The generic table, then arm's private calls (0xf0000 up). */
	static const int ranges[][2] = { { 0, 1024 }, { 0xf0000, 0xf0010 } };
	FILE *f = fopen(path, "w");
	size_t i;
	int nr, n = 0;

	if (!f)
		die(path, strerror(errno));
	fprintf(f, "/* Generated by seal/gen-filter.c: the system calls of "
		   "%s. */\n#include \"seal/filter.h\"\n\n"
		   "const struct filter_syscall filter_syscalls_%s[] = {\n",
		a->name, a->name);
	for (i = 0; i < sizeof(ranges) / sizeof(ranges[0]); i++)
		for (nr = ranges[i][0]; nr < ranges[i][1]; nr++) {
			char *name = seccomp_syscall_resolve_num_arch(a->audit,
								      nr);

			if (!name)
				continue;
			fprintf(f, "\t{ \"%s\", %d },\n", name, nr);
			free(name);
			n++;
		}
	fprintf(f, "\t{ NULL, -1 },\n};\n");
	if (fclose(f) || !n)
		die(path, "writing the system calls");
}

int main(int argc, char **argv)
{
	const struct policy_arch *a = NULL;
	FILE *out, *pfc;
	int ndispatch = 0, nrows = 0;
	int *row_of;
	size_t i;
	unsigned int v;

	if (argc != 5)
		die("usage", "gen-filter ARCH OUT.c OUT.pfc SYSCALLS.c");
	check_names();
	for (i = 0; i < sizeof(arches) / sizeof(arches[0]); i++)
		if (!strcmp(arches[i].name, argv[1]))
			a = &arches[i];
	if (!a)
		die(argv[1], "no such architecture in arch/");
	emit_syscalls(argv[4], a);
	out = fopen(argv[2], "w");
	pfc = fopen(argv[3], "w");
	if (!out || !pfc)
		die(argv[2], strerror(errno));

	fprintf(out, "/* Generated by seal/gen-filter.c from seal/policy.c "
		     "for %s: do not edit. */\n", a->name);
	fputs("#include <errno.h>\n#include <fcntl.h>\n#include <signal.h>\n"
	      "#include <stdint.h>\n#include <linux/fs.h>\n"
	      "#include <linux/seccomp.h>\n#include <linux/sockios.h>\n"
	      "#include <sys/ioctl.h>\n#include <sys/resource.h>\n"
	      "#include <sys/socket.h>\n#include <asm/termbits.h>\n\n"
	      "#include \"seal/filter.h\"\n\n",
	      out);
	for (i = 0; i < sizeof(consts) / sizeof(consts[0]); i++)
		fprintf(out, "_Static_assert(%s == %ld, \"gen-filter took "
			     "%s from the build machine\");\n",
			consts[i].name, consts[i].value, consts[i].name);
	for (i = 0; i < sizeof(one_of) / sizeof(one_of[0]); i++)
		fprintf(out, "_Static_assert(%s == %s || %s == %s, \"%s is "
			     "neither number the table lists\");\n",
			one_of[i][0], one_of[i][1], one_of[i][0], one_of[i][2],
			one_of[i][0]);
	fputc('\n', out);
	fprintf(pfc, "# tamago filter for %s, generated by seal/gen-filter.c"
		     "\n", a->name);
	for (v = 0; v < FILTER_VARIANTS; v++)
		emit_variant(out, pfc, a, v);

	/* The rows as this architecture resolves them. */
	row_of = calloc(policy_len, sizeof(*row_of));
	if (!row_of)
		die("rows", "out of memory");
	fputs("static const struct filter_row rows[] = {\n", out);
	for (i = 0; i < policy_len; i++) {
		const struct policy_entry *e = &policy[i];
		int nr = seccomp_syscall_resolve_name_arch(a->audit, e->name);

		row_of[i] = -1;
		if (nr < 0)
			continue;
		row_of[i] = nrows++;
		fputs("\t{ ", out);
		emit_string(out, e->name);
		fputs(", ", out);
		emit_string(out, e->kind == K_RULES ? e->text : NULL);
		fprintf(out, ", %d, %s, %d },\n", nr, kind_names[e->kind],
			e->err);
		if (e->trap != TRAP_NONE && nr + 1 > ndispatch)
			ndispatch = nr + 1;
		if (ndispatch > 4096)
			die(e->name, "trapped syscall number too large");
	}
	fputs("};\n\nstatic const struct filter_dispatch dispatch[] = {\n",
	      out);
	for (i = 0; i < policy_len; i++) {
		const struct policy_entry *e = &policy[i];

		if (row_of[i] < 0 || e->trap == TRAP_NONE)
			continue;
		fprintf(out, "\t[%d] = { %s, %d },\n",
			seccomp_syscall_resolve_name_arch(a->audit, e->name),
			trap_names[e->trap], row_of[i]);
	}
	fputs("};\n\n", out);
	fprintf(out, "const struct filter_arch filter_%s = {\n", a->name);
	fprintf(out, "\t.name = \"%s\",\n\t.audit = 0x%08" PRIx32 ",\n",
		a->name, a->audit);
	fputs("\t.compat = ", out);
	emit_string(out, a->compat);
	fputs(",\n\t.prog = {\n", out);
	for (v = 0; v < FILTER_VARIANTS; v++)
		fprintf(out, "\t\tPROG_%u,\n", v);
	fprintf(out, "\t},\n\t.nrows = %d,\n\t.rows = rows,\n"
		     "\t.ndispatch = %d,\n\t.dispatch = dispatch,\n};\n",
		nrows, ndispatch);
	free(row_of);
	if (fclose(out) || fclose(pfc))
		die(argv[2], strerror(errno));
	return 0;
}
