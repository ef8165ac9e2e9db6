/* SPDX-License-Identifier: BSD-3-Clause */
/* The sandbox's start (start.c). */
#ifndef TAMAGO_START_H
#define TAMAGO_START_H

struct start_args {
	const char *prog;	/* the program as the user named it (messages) */
	const char *path;	/* its absolute path: where the sandbox has it */
	const char *interp;	/* a script's interpreter (host path), or NULL */
	const char *shim;	/* the shared object to preload, or NULL */
	const char *loader;	/* the loader's host path */
	char **argv;		/* the program's */
	char **envp;
};

/* Builds the sandbox, seals this process and execs the program through
 * the loader. Returns never: exits 125 on any error. */
__attribute__((noreturn)) void start_sandbox(const struct start_args *a);

#endif
