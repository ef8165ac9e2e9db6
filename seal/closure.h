/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The host files the dynamic loader opens to start a program, resolved
 * with the system's own rules (closure.c). tamago-exec grants exactly
 * these to the program before it runs; the loader of the process tree
 * places them in the sandbox's file system.
 */
#ifndef TAMAGO_CLOSURE_H
#define TAMAGO_CLOSURE_H

#include <stdbool.h>
#include <stddef.h>

/* The loader cache the system's dynamic loader reads. */
#define CLOSURE_CACHE "/etc/ld.so.cache"

struct closure_input {
	const char *prog;		/* the program's path */
	/* Objects loaded before the program's own libraries (LD_PRELOAD:
	 * the shim, a hooks library): a path, or a name searched like a
	 * DT_NEEDED entry. NULL-terminated, or NULL. */
	const char *const *preload;
	/* Library files the user names (--lib=PATH): each satisfies the
	 * DT_NEEDED entries equal to its file name or its DT_SONAME, before
	 * any search. NULL-terminated, or NULL. */
	const char *const *libs;
	const char *cache;	/* CLOSURE_CACHE, or another for tests */
};

struct closure_file {
	char *path;	/* absolute, links resolved: a regular file */
	bool exec;	/* the program or its interpreter (executed) */
};

struct closure {
	struct closure_file *files;	/* each once, the program first */
	size_t n, cap;
	char *interp;	/* the program's PT_INTERP as written */
};

/*
 * Resolves what starting in->prog needs: the program, its interpreter
 * (validated as a regular ELF file of the program's class and machine),
 * the loader cache, in->preload and in->libs, and every DT_NEEDED entry,
 * transitively, searched only among in->libs, the loader cache and the
 * system's default directories, each result checked to be an ELF shared
 * object of the program's class and machine. Nothing the program carries
 * (DT_RUNPATH, DT_RPATH, $ORIGIN, a second PT_INTERP, the environment)
 * adds a file.
 *
 * Returns 0, or a status with a message (without "tamago: PROG: ") in
 * why: 126 when the program cannot be confined or its needs cannot be
 * met this way (a static program, a setuid one, a script, a library
 * found nowhere), 125 for an error of ours or of in->preload and
 * in->libs. c is filled either way; closure_free releases it.
 */
int closure_resolve(struct closure *c, const struct closure_input *in,
		    char *why, size_t len);
void closure_free(struct closure *c);

#endif
