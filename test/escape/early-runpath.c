/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A program whose DT_RUNPATH is "/" (meson.build links it so): a
 * launcher that granted the program's own library paths would let its
 * early code read any host file. tamago-exec resolves libraries with the
 * system's rules alone.
 */
#include "early.h"

static void preinit(int argc, char **argv, char **envp)
{
	(void)argc;
	(void)argv;
	(void)envp;
	early_try("early-runpath");
}

__attribute__((section(".preinit_array"), used)) static void (*const
	preinit_entry)(int, char **, char **) = preinit;

int main(void)
{
	return 0;
}
