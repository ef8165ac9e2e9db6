/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The interpreter (bpf-sim.h). Only what seccomp accepts: loads of the
 * 32-bit words of struct seccomp_data, immediate and scratch-memory
 * loads and stores, ALU, forward jumps, and returns.
 */
#include <string.h>

#include "bpf-sim.h"

static int ok_code(uint16_t code, uint32_t k)
{
	switch (code) {
	case BPF_LD | BPF_W | BPF_ABS:
		/* Aligned words of struct seccomp_data only. */
		return !(k & 3) && k < sizeof(struct seccomp_data);
	case BPF_LD | BPF_W | BPF_LEN:
	case BPF_LDX | BPF_W | BPF_LEN:
	case BPF_LD | BPF_IMM:
	case BPF_LDX | BPF_IMM:
	case BPF_MISC | BPF_TAX:
	case BPF_MISC | BPF_TXA:
	case BPF_RET | BPF_K:
	case BPF_RET | BPF_A:
	case BPF_ALU | BPF_NEG:
	case BPF_JMP | BPF_JA:
		return 1;
	case BPF_LD | BPF_MEM:
	case BPF_LDX | BPF_MEM:
	case BPF_ST:
	case BPF_STX:
		return k < BPF_MEMWORDS;
	case BPF_ALU | BPF_DIV | BPF_K:
	case BPF_ALU | BPF_MOD | BPF_K:
		return k != 0;
	case BPF_ALU | BPF_LSH | BPF_K:
	case BPF_ALU | BPF_RSH | BPF_K:
		return k < 32;
	case BPF_ALU | BPF_ADD | BPF_K: case BPF_ALU | BPF_ADD | BPF_X:
	case BPF_ALU | BPF_SUB | BPF_K: case BPF_ALU | BPF_SUB | BPF_X:
	case BPF_ALU | BPF_MUL | BPF_K: case BPF_ALU | BPF_MUL | BPF_X:
	case BPF_ALU | BPF_DIV | BPF_X: case BPF_ALU | BPF_MOD | BPF_X:
	case BPF_ALU | BPF_AND | BPF_K: case BPF_ALU | BPF_AND | BPF_X:
	case BPF_ALU | BPF_OR | BPF_K:  case BPF_ALU | BPF_OR | BPF_X:
	case BPF_ALU | BPF_XOR | BPF_K: case BPF_ALU | BPF_XOR | BPF_X:
	case BPF_ALU | BPF_LSH | BPF_X: case BPF_ALU | BPF_RSH | BPF_X:
	case BPF_JMP | BPF_JEQ | BPF_K: case BPF_JMP | BPF_JEQ | BPF_X:
	case BPF_JMP | BPF_JGT | BPF_K: case BPF_JMP | BPF_JGT | BPF_X:
	case BPF_JMP | BPF_JGE | BPF_K: case BPF_JMP | BPF_JGE | BPF_X:
	case BPF_JMP | BPF_JSET | BPF_K: case BPF_JMP | BPF_JSET | BPF_X:
		return 1;
	}
	return 0;
}

const char *bpf_sim_check(const struct sock_filter *f, unsigned int len)
{
	unsigned int pc;

	if (len == 0 || len > BPF_MAXINSNS)
		return "length out of range";
	for (pc = 0; pc < len; pc++) {
		const struct sock_filter *i = &f[pc];

		if (!ok_code(i->code, i->k))
			return "instruction seccomp refuses";
		if (BPF_CLASS(i->code) != BPF_JMP)
			continue;
		if (BPF_OP(i->code) == BPF_JA) {
			if (i->k >= len - pc - 1)
				return "jump out of range";
		} else if (pc + 1 + i->jt >= len || pc + 1 + i->jf >= len) {
			return "jump out of range";
		}
	}
	if (BPF_CLASS(f[len - 1].code) != BPF_RET)
		return "does not end in a return";
	return NULL;
}

static uint32_t word(const struct seccomp_data *d, uint32_t k)
{
	uint32_t w;

	memcpy(&w, (const char *)d + k, sizeof(w));
	return w;
}

static uint32_t alu(uint16_t op, uint32_t a, uint32_t v)
{
	switch (op) {
	case BPF_ADD: return a + v;
	case BPF_SUB: return a - v;
	case BPF_MUL: return a * v;
	case BPF_DIV: return v ? a / v : 0;
	case BPF_MOD: return v ? a % v : 0;
	case BPF_AND: return a & v;
	case BPF_OR: return a | v;
	case BPF_XOR: return a ^ v;
	case BPF_LSH: return v < 32 ? a << v : 0;
	case BPF_RSH: return v < 32 ? a >> v : 0;
	}
	return 0;
}

uint32_t bpf_sim_run(const struct sock_filter *f, unsigned int len,
		     const struct seccomp_data *d)
{
	uint32_t a = 0, x = 0, mem[BPF_MEMWORDS] = { 0 };
	unsigned int pc = 0;

	while (pc < len) {
		const struct sock_filter *i = &f[pc++];
		uint32_t v = BPF_SRC(i->code) == BPF_X ? x : i->k;
		int taken;

		switch (BPF_CLASS(i->code)) {
		case BPF_LD:
			if (BPF_MODE(i->code) == BPF_ABS)
				a = word(d, i->k);
			else if (BPF_MODE(i->code) == BPF_IMM)
				a = i->k;
			else if (BPF_MODE(i->code) == BPF_MEM)
				a = mem[i->k];
			else
				a = sizeof(*d);
			break;
		case BPF_LDX:
			if (BPF_MODE(i->code) == BPF_MEM)
				x = mem[i->k];
			else if (BPF_MODE(i->code) == BPF_LEN)
				x = sizeof(*d);
			else
				x = i->k;
			break;
		case BPF_ST:
			mem[i->k] = a;
			break;
		case BPF_STX:
			mem[i->k] = x;
			break;
		case BPF_ALU:
			a = BPF_OP(i->code) == BPF_NEG ? -a :
							 alu(BPF_OP(i->code),
							     a, v);
			break;
		case BPF_JMP:
			if (BPF_OP(i->code) == BPF_JA) {
				pc += i->k;
				break;
			}
			switch (BPF_OP(i->code)) {
			case BPF_JEQ: taken = a == v; break;
			case BPF_JGT: taken = a > v; break;
			case BPF_JGE: taken = a >= v; break;
			default: taken = (a & v) != 0; break;
			}
			pc += taken ? i->jt : i->jf;
			break;
		case BPF_RET:
			return BPF_RVAL(i->code) == BPF_A ? a : i->k;
		case BPF_MISC:
			if (BPF_MISCOP(i->code) == BPF_TAX)
				x = a;
			else
				a = x;
			break;
		}
	}
	/* Unreachable for a checked program. */
	return SECCOMP_RET_KILL_PROCESS;
}
