/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Sealing with the filter compiled ahead of time (filter.h): pick the
 * program for the run-time switches, patch in the run-time values, and
 * hand it to the kernel. The build made and checked everything else.
 */
#include <errno.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>

#include "core/sys.h"
#include "seal/filter.h"

/* The run-time value v (enum filter_value) of the sealed process s. */
static uint32_t value_of(const struct seal *s, unsigned int v)
{
	switch (v) {
	case FILTER_BAND:
		return (uint32_t)s->band_base;
	case FILTER_PROC_FD:
		return (uint32_t)s->proc_fd;
	case FILTER_STORE_FD:
		return (uint32_t)s->store_fd;
	case FILTER_LOADER_FD:
		return (uint32_t)s->loader_fd;
	case FILTER_UID:
		return (uint32_t)s->uid;
	case FILTER_GID:
		return (uint32_t)s->gid;
	default:
		return (uint32_t)s->pid;
	}
}

long filter_build(const struct filter_arch *fa, const struct seal *s,
		  struct sock_filter *out, unsigned int max)
{
	const struct filter_prog *p = &fa->prog[filter_variant_of(s)];
	unsigned int i;

	if (p->len > max)
		return -E2BIG;
	/* The openat rule's ranges assume the /proc door beside the store's
	 * (seal/policy.c, fs/store.c). */
	if (s->proc_fd >= 0 && s->proc_fd != s->store_fd + 1)
		return -EINVAL;
	memcpy(out, p->insns, p->len * sizeof(*out));
	for (i = 0; i < p->npatches; i++)
		out[p->patches[i].insn].k = value_of(s, p->patches[i].value);
	return p->len;
}

int filter_seal(const struct filter_arch *fa, const struct seal *s)
{
	/* Static: the constructor may run on a small stack. */
	static struct sock_filter insns[BPF_MAXINSNS];
	struct sock_fprog prog;
	long r = filter_build(fa, s, insns, BPF_MAXINSNS);

	if (r < 0)
		return (int)r;
	prog.len = (unsigned short)r;
	prog.filter = insns;
	r = sys6(SYS_prctl, PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0, 0);
	if (r < 0)
		return (int)r;
	r = sys3(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
		 SECCOMP_FILTER_FLAG_TSYNC, &prog);
	/* TSYNC: a positive value is a thread that could not follow. */
	return r > 0 ? -ESRCH : (int)r;
}

const struct filter_row *filter_trapped(const struct filter_arch *fa,
					long nr, enum trap_id *trap)
{
	const struct filter_dispatch *d;

	if (nr < 0 || nr >= fa->ndispatch)
		return NULL;
	d = &fa->dispatch[nr];
	if (d->trap == TRAP_NONE)
		return NULL;
	*trap = (enum trap_id)d->trap;
	return &fa->rows[d->row];
}

static const char *data_name(uint32_t k, char *buf, size_t size)
{
	if (k == offsetof(struct seccomp_data, nr))
		return "nr";
	if (k == offsetof(struct seccomp_data, arch))
		return "arch";
	if (k == offsetof(struct seccomp_data, instruction_pointer))
		return "ip.lo";
	if (k == offsetof(struct seccomp_data, instruction_pointer) + 4)
		return "ip.hi";
	if (k >= offsetof(struct seccomp_data, args) &&
	    k < sizeof(struct seccomp_data)) {
		uint32_t off = k - offsetof(struct seccomp_data, args);

		/* Little-endian, as are all our architectures. */
		snprintf(buf, size, "a%u.%s", off / 8, off % 8 ? "hi" : "lo");
		return buf;
	}
	snprintf(buf, size, "data[%u]", k);
	return buf;
}

static void ret_text(char *buf, size_t size, uint32_t k)
{
	switch (k & SECCOMP_RET_ACTION_FULL) {
	case SECCOMP_RET_KILL_PROCESS:
		snprintf(buf, size, "KILL_PROCESS");
		break;
	case SECCOMP_RET_KILL_THREAD:
		snprintf(buf, size, "KILL_THREAD");
		break;
	case SECCOMP_RET_TRAP:
		snprintf(buf, size, "TRAP");
		break;
	case SECCOMP_RET_ERRNO:
		snprintf(buf, size, "ERRNO(%u)", k & SECCOMP_RET_DATA);
		break;
	case SECCOMP_RET_ALLOW:
		snprintf(buf, size, "ALLOW");
		break;
	default:
		snprintf(buf, size, "0x%08x", k);
	}
}

void filter_insn_text(char *buf, size_t size, const struct sock_filter *f,
		      unsigned int pc)
{
	static const char *const jops[] = {
		[BPF_JEQ >> 4] = "==", [BPF_JGT >> 4] = ">",
		[BPF_JGE >> 4] = ">=", [BPF_JSET >> 4] = "&",
	};
	static const char *const aops[] = {
		[BPF_ADD >> 4] = "+", [BPF_SUB >> 4] = "-",
		[BPF_MUL >> 4] = "*", [BPF_DIV >> 4] = "/",
		[BPF_OR >> 4] = "|",  [BPF_AND >> 4] = "&",
		[BPF_LSH >> 4] = "<<", [BPF_RSH >> 4] = ">>",
		[BPF_MOD >> 4] = "%", [BPF_XOR >> 4] = "^",
	};
	char tmp[24];
	unsigned int op = BPF_OP(f->code) >> 4;

	switch (BPF_CLASS(f->code)) {
	case BPF_LD:
		if (BPF_MODE(f->code) == BPF_ABS)
			snprintf(buf, size, "A = %s",
				 data_name(f->k, tmp, sizeof(tmp)));
		else if (BPF_MODE(f->code) == BPF_IMM)
			snprintf(buf, size, "A = 0x%x", f->k);
		else if (BPF_MODE(f->code) == BPF_MEM)
			snprintf(buf, size, "A = M[%u]", f->k);
		else
			snprintf(buf, size, "A = len");
		return;
	case BPF_LDX:
		if (BPF_MODE(f->code) == BPF_MEM)
			snprintf(buf, size, "X = M[%u]", f->k);
		else
			snprintf(buf, size, "X = 0x%x", f->k);
		return;
	case BPF_ST:
		snprintf(buf, size, "M[%u] = A", f->k);
		return;
	case BPF_STX:
		snprintf(buf, size, "M[%u] = X", f->k);
		return;
	case BPF_ALU:
		if (BPF_OP(f->code) == BPF_NEG)
			snprintf(buf, size, "A = -A");
		else if (op < sizeof(aops) / sizeof(aops[0]) && aops[op])
			snprintf(buf, size, BPF_SRC(f->code) == BPF_X ?
					    "A %s= X" : "A %s= 0x%x",
				 aops[op], f->k);
		else
			snprintf(buf, size, "alu 0x%02x", f->code);
		return;
	case BPF_JMP:
		if (BPF_OP(f->code) == BPF_JA)
			snprintf(buf, size, "goto %u", pc + 1 + f->k);
		else if (op < sizeof(jops) / sizeof(jops[0]) && jops[op] &&
			 BPF_SRC(f->code) == BPF_X)
			snprintf(buf, size, "if (A %s X) goto %u else %u",
				 jops[op], pc + 1 + f->jt, pc + 1 + f->jf);
		else if (op < sizeof(jops) / sizeof(jops[0]) && jops[op])
			snprintf(buf, size, "if (A %s 0x%x) goto %u else %u",
				 jops[op], f->k, pc + 1 + f->jt,
				 pc + 1 + f->jf);
		else
			snprintf(buf, size, "jmp 0x%02x", f->code);
		return;
	case BPF_RET:
		if (BPF_RVAL(f->code) == BPF_A) {
			snprintf(buf, size, "return A");
			return;
		}
		ret_text(tmp, sizeof(tmp), f->k);
		snprintf(buf, size, "return %s", tmp);
		return;
	case BPF_MISC:
		snprintf(buf, size, BPF_MISCOP(f->code) == BPF_TAX ? "X = A" :
								     "A = X");
		return;
	}
	snprintf(buf, size, "0x%04x %u %u 0x%08x", f->code, f->jt, f->jf,
		 f->k);
}

/* Patched one instruction at a time: a program too long for the kernel
 * (a test build's, -Doversized_filter) prints all the same. */
static int print_bpf(int fd, const struct filter_arch *fa,
		     const struct seal *s)
{
	const struct filter_prog *p = &fa->prog[filter_variant_of(s)];
	char line[96];
	unsigned int i, k;

	for (i = 0; i < p->len; i++) {
		struct sock_filter f = p->insns[i];

		for (k = 0; k < p->npatches; k++)
			if (p->patches[k].insn == i)
				f.k = value_of(s, p->patches[k].value);
		filter_insn_text(line, sizeof(line), &f, i);
		if (dprintf(fd, "%04u: %s\n", i, line) < 0)
			return -errno;
	}
	return 0;
}

int filter_print(int fd, const struct filter_arch *fa, const struct seal *s,
		 const char *how)
{
	static const char *const kinds[] = {
		[K_ALLOW] = "allow", [K_TRAP] = "trap", [K_ERRNO] = "errno",
		[K_RULES] = "rules",
	};
	unsigned int i;

	dprintf(fd, "# tamago filter, %s: default kill-process; foreign "
		    "ABIs (%s) killed\n", fa->name, fa->compat);
	dprintf(fd, "# band from fd %d, /proc fd %d, store fd %d, loader fd "
		    "%d, pid %d, uid %ld, gid %ld, signals %s, pids %s, "
		    "console handler %s, clock and host name %s\n",
		s->band_base, s->proc_fd, s->store_fd, s->loader_fd, s->pid,
		s->uid, s->gid,
		s->signals_scoped ? "scoped by Landlock" : "own pid only",
		s->pid_ns ? "the sandbox's pid namespace" : "own pid only",
		s->console ? "yes" : "no", s->det ? "the sandbox's" : "the host's");
	if (how && !strcmp(how, "bpf"))
		return print_bpf(fd, fa, s);
	if (how && *how && strcmp(how, "1"))
		return -EINVAL;
	dprintf(fd, "%-24s %-6s %s\n", "syscall", "action", "conditions");
	for (i = 0; i < fa->nrows; i++) {
		const struct filter_row *e = &fa->rows[i];
		const char *cond = "";

		if (e->kind == K_TRAP)
			cond = "emulated by the shim";
		else if (e->kind == K_ERRNO)
			cond = strerrorname_np(e->err);
		else if (e->kind == K_RULES)
			cond = e->text;
		if (dprintf(fd, "%-24s %-6s %s\n", e->name, kinds[e->kind],
			    cond) < 0)
			return -errno;
	}
	dprintf(fd, "%-24s %-6s %s\n", "(any other)", "kill",
		"by the kernel, without a report");
	return 0;
}
