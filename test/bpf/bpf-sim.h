/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A seccomp-BPF interpreter for the tests: it checks a program as the
 * kernel does before accepting it (seccomp_check_filter and the classic
 * BPF checker), then runs it over a struct seccomp_data, so that each
 * architecture's filter can be tested on any machine, without a kernel.
 */
#ifndef TAMAGO_BPF_SIM_H
#define TAMAGO_BPF_SIM_H

#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdint.h>

/* NULL if the kernel would accept the program, else why not. */
const char *bpf_sim_check(const struct sock_filter *f, unsigned int len);
/* The program's return value for d (the program must have passed). */
uint32_t bpf_sim_run(const struct sock_filter *f, unsigned int len,
		     const struct seccomp_data *d);

#endif
