/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * pid 1's filter (initfilter.h), as a list: the architecture check, then
 * one comparison per allowed call. Eleven calls need no binary tree, and
 * building it costs nothing next to libseccomp's (its probes of the
 * kernel alone were ten system calls at every start).
 */
#include <linux/seccomp.h>
#include <stddef.h>
#include <sys/syscall.h>

#include "seal/initfilter.h"

const int initfilter_calls[] = {
	SYS_rt_sigtimedwait, SYS_wait4,	   SYS_waitid,	      SYS_kill,
	SYS_write,	     SYS_exit,	   SYS_exit_group,    SYS_rt_sigreturn,
	SYS_rt_sigprocmask,  SYS_close,	   SYS_restart_syscall,
};
const unsigned int initfilter_ncalls =
	sizeof(initfilter_calls) / sizeof(initfilter_calls[0]);

#define DATA(field) offsetof(struct seccomp_data, field)

unsigned int initfilter_build(struct sock_filter *out, uint32_t audit)
{
	unsigned int n = 0, i, allow = 3 + initfilter_ncalls + 1;

	/* [0..2] the architecture, then the number; [allow - 1] kill. */
	out[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
						DATA(arch));
	out[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
						audit, 0,
						(uint8_t)(allow - 1 - 2));
	out[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
						DATA(nr));
	for (i = 0; i < initfilter_ncalls; i++, n++)
		out[n] = (struct sock_filter)BPF_JUMP(
			BPF_JMP | BPF_JEQ | BPF_K,
			(uint32_t)initfilter_calls[i],
			(uint8_t)(allow - n - 1), 0);
	out[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
						SECCOMP_RET_KILL_PROCESS);
	out[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
						SECCOMP_RET_ALLOW);
	return n;
}
