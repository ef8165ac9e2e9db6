/* SPDX-License-Identifier: BSD-3-Clause */
/* What the dynamic loader needs to run a program (needs.c). */
#ifndef TAMAGO_NEEDS_H
#define TAMAGO_NEEDS_H

#include <limits.h>
#include <stddef.h>

#define NEEDS_MAX 256
#define NEEDS_PATH 512

struct needs {
	char progdir[PATH_MAX];		/* the program's own directory */
	char interp[NEEDS_PATH];	/* its PT_INTERP, or "" (static) */
	char paths[NEEDS_MAX][NEEDS_PATH]; /* the program, its interpreter,
					 * its libraries: host paths, where
					 * the dynamic loader looks */
	size_t count;
	char missing[256];		/* a library not found, or "" */
};

/*
 * Resolves prog's needs into n: 0, -ENOEXEC for what is not a 64-bit
 * ELF file, or -errno. A library not found is named in n->missing (the
 * program may still run: the dynamic loader then says which).
 */
int needs_resolve(const char *prog, struct needs *n);

#endif
