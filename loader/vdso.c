/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A symbol of the vDSO, which the kernel maps into every process
 * (AT_SYSINFO_EHDR): the loader's clock reads it, as libc's does,
 * without a system call.
 */
#include <string.h>

#include "loader/loader.h"

void *vdso_symbol(unsigned long base, const char *name)
{
	const arch_ehdr *eh = (const arch_ehdr *)base;
	const arch_shdr *sh;
	unsigned long load = 0;
	int i, j;

	if (!base || memcmp(eh->e_ident, ELFMAG, SELFMAG) ||
	    eh->e_shentsize != sizeof(arch_shdr))
		return NULL;
	/* Its addresses are relative to its first PT_LOAD. */
	for (i = 0; i < eh->e_phnum; i++) {
		const arch_phdr *ph = (const arch_phdr *)(base + eh->e_phoff) + i;

		if (ph->p_type == PT_LOAD) {
			load = base + ph->p_offset - ph->p_vaddr;
			break;
		}
	}
	sh = (const arch_shdr *)(base + eh->e_shoff);
	for (i = 0; i < eh->e_shnum; i++) {
		const arch_sym *sym;
		const char *str;
		int n;

		if (sh[i].sh_type != SHT_DYNSYM || !sh[i].sh_entsize ||
		    sh[i].sh_link >= eh->e_shnum)
			continue;
		sym = (const arch_sym *)(base + sh[i].sh_offset);
		str = (const char *)(base + sh[sh[i].sh_link].sh_offset);
		n = (int)(sh[i].sh_size / sh[i].sh_entsize);
		for (j = 0; j < n; j++)
			if (sym[j].st_shndx != SHN_UNDEF &&
			    !strcmp(str + sym[j].st_name, name))
				return (void *)(load + sym[j].st_value);
	}
	return NULL;
}
