/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The trap path: SIGSYS from the filter's SECCOMP_RET_TRAP. A trapped call
 * made from libc or the dynamic loader (glibc's own internal calls, and
 * libc's syscall()) is emulated by the same core function as the libc
 * override; one made anywhere else bypassed libc and, in the default
 * raw=kill mode, ends the process with a report. Both outcomes are
 * contained: the call site is a policy for clear behaviour, not a check.
 */
#include <dlfcn.h>
#include <link.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>

#include "arch.h"
#include "shim/shim.h"
#include "core/sys.h"

#ifndef SYS_SECCOMP
#define SYS_SECCOMP 1
#endif

struct range {
	unsigned long lo, hi;
};

#define MAX_RANGES 16
static struct range libc_text[MAX_RANGES];
static int nranges;

static int collect(struct dl_phdr_info *info, size_t size, void *data)
{
	unsigned long probe = (unsigned long)data;
	unsigned long ld_base = getauxval(AT_BASE);
	bool is_libc = false;
	int i;

	(void)size;
	for (i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		unsigned long lo = info->dlpi_addr + ph->p_vaddr;

		if (ph->p_type == PT_LOAD && probe >= lo &&
		    probe < lo + ph->p_memsz)
			is_libc = true;
	}
	if (!is_libc && !(ld_base && info->dlpi_addr == ld_base))
		return 0;
	for (i = 0; i < info->dlpi_phnum && nranges < MAX_RANGES; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];

		if (ph->p_type != PT_LOAD || !(ph->p_flags & PF_X))
			continue;
		libc_text[nranges].lo = info->dlpi_addr + ph->p_vaddr;
		libc_text[nranges].hi = libc_text[nranges].lo + ph->p_memsz;
		nranges++;
	}
	return 0;
}

static bool in_libc(unsigned long pc)
{
	int i;

	for (i = 0; i < nranges; i++)
		if (pc >= libc_text[i].lo && pc < libc_text[i].hi)
			return true;
	return false;
}

__attribute__((noreturn)) static void die(void)
{
	shim_end(-1, SIGSYS);
	/* Not in the filter: the kernel kills the process with SIGSYS. */
	sys3(SYS_ptrace, -1, 0, 0);
	for (;;)
		sys3(SYS_exit_group, 128 + SIGSYS, 0, 0);
}

static void handler(int sig, siginfo_t *si, void *ctx)
{
	ucontext_t *uc = ctx;
	unsigned long pc = (unsigned long)si->si_call_addr;
	const char *name = NULL;
	enum trap_id trap = TRAP_NONE;
	int saved = errno;
	long a[6];
	trap_fn fn;
	int i;

	if (si->si_code != SYS_SECCOMP) {
		/* kill(getpid(), SIGSYS) and the like: the program's own. */
		if (!signal_pass_sigsys(sig, si, ctx))
			die();
		return;
	}
	for (i = 0; i < 6; i++)
		a[i] = arch_uc_arg(uc, i);
	fn = trap_lookup(si->si_syscall, &trap, &name);
	if (!fn) {
		report_raw("killed: ", name, si->si_syscall, a, pc,
			   " has no emulation");
		die();
	}
	if (!in_libc(pc) && !console_serves_raw(trap)) {
		if (shim_config.raw == RAW_KILL) {
			report_raw("killed: ", name, si->si_syscall, a, pc,
				   " bypassed libc");
			die();
		}
		if (shim_config.raw == RAW_LOG)
			report_raw("", name, si->si_syscall, a, pc,
				   " bypassed libc: emulated");
	}
	arch_uc_set_ret(uc, fn(a));
	errno = saved;
}

int sigsys_init(void)
{
	nranges = 0;
	report_init();
	dl_iterate_phdr(collect, (void *)(unsigned long)&fdopen);
	if (!nranges)
		return -ENOENT;
	return signal_install_sigsys(handler);
}
