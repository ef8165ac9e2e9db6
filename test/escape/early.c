/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A program whose IFUNC resolver (run while ld.so relocates it) and
 * preinit_array entry act before any constructor, and which links a
 * library with a constructor of its own (early-lib.c). Under tamago-run,
 * the helper's Landlock ruleset and first filter are already in force.
 * With EARLY_MODE set, the preinit entry makes that one attempt instead
 * (early.h) and exits.
 *
 * The string below lets run.sh make a copy whose second PT_INTERP names
 * a directory (patch-interp.c): the kernel uses the first one, and a
 * launcher that believed the second would grant the whole directory.
 */
#include <stdio.h>

#include "early.h"

int early_lib_linked(void);

static int impl(void)
{
	return 42;
}

__attribute__((used)) static int (*resolve(void))(void)
{
	early_try("early-ifunc");
	return impl;
}

static int answer(void) __attribute__((ifunc("resolve")));

static void preinit(int argc, char **argv, char **envp)
{
	const char *mode = early_env(envp, "EARLY_MODE");

	(void)argc;
	if (mode) {
		early_mode(mode, argv, envp);
		sys3(SYS_exit_group, 0, 0, 0);
	}
	early_try("early-preinit");
	early_tiocsti("early-tiocsti");
}

__attribute__((section(".preinit_array"), used)) static void (*const
	preinit_entry)(int, char **, char **) = preinit;

__attribute__((used)) const char second_interp[] =
	"tamago-second-interp:/etc";

int main(void)
{
	return answer() == 42 && early_lib_linked() ? 0 : 1;
}
