/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef TAMAGO_INITFILTER_H
#define TAMAGO_INITFILTER_H

#include <linux/filter.h>
#include <stdint.h>

/* Room enough for initfilter_build's program. */
#define INITFILTER_MAX 32

/*
 * The filter of the sandbox's pid 1 (launcher/supervise.c), which only
 * waits, forwards signals, writes one status and exits: this
 * architecture (audit token audit) and, of its calls, only
 * initfilter_calls; anything else (a foreign ABI, x32's numbers, any
 * other call) kills the process. Plain BPF, built without libseccomp
 * (pid 1 starts at every run). Returns the length written into out.
 */
unsigned int initfilter_build(struct sock_filter *out, uint32_t audit);

/* The calls it allows, by number, and how many. */
extern const int initfilter_calls[];
extern const unsigned int initfilter_ncalls;

#endif
