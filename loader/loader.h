/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The loader: every exec of the sandbox is of it (fs/exec.c). It joins
 * the sandbox (the arena and the store named by its arguments), installs
 * the trap path, maps the program and its interpreter, builds the stack
 * the program expects, and jumps, so that no instruction of the program
 * runs before the trap path is there. It has no libc: it is built from
 * the cores, the trap path and libc.c, as a static PIE.
 */
#ifndef TAMAGO_LOADER_H
#define TAMAGO_LOADER_H

#include <stdbool.h>

#include "arch.h"

/* elf.c: an ELF file mapped from an fd. */
struct image {
	unsigned long bias;	/* load bias (0 for ET_EXEC) */
	unsigned long lo, hi;	/* what it spans */
	unsigned long entry;
	unsigned long phdr;	/* its program headers, mapped */
	unsigned long dynamic;	/* its PT_DYNAMIC, mapped, or 0 */
	unsigned int phnum;
	unsigned int type;	/* ET_EXEC or ET_DYN */
	char interp[256];	/* PT_INTERP, or "" */
};

void elf_page_size(unsigned long size);
/* libc.c: the auxiliary vector, for getauxval. */
extern const unsigned long *loader_auxv;
/* Maps the ELF file fd: 0, or -errno (-ENOEXEC for what is not one of
 * this architecture's executables or shared objects). */
int elf_map(int fd, struct image *im);
/* Has the ELF file fd a section named name (".go.buildinfo")? */
bool elf_has_section(int fd, const char *name);

/* vdso.c: the vDSO's symbol name (mapped at base), or NULL. */
void *vdso_symbol(unsigned long base, const char *name);

/* loader.c: what the trap path's report names the program by. */
const struct image *loader_program(void);
const char *loader_program_name(void);

#endif
