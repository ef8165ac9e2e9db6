/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Mapping an ELF file from an fd, as the kernel's binfmt_elf would: its
 * PT_LOAD segments (at their addresses for ET_EXEC, at a base the kernel
 * picks for ET_DYN), zeroed bss, and what the auxiliary vector and the
 * caller need (entry, program headers, PT_INTERP). Every value read from
 * the file is checked: the file is the untrusted program.
 */
#include <errno.h>
#include <string.h>
#include <sys/mman.h>

#include "core/sys.h"
#include "loader/loader.h"

#define MAX_PHDRS 64
#define SHDR_BLOCK 32		/* section headers per read (2 KiB) */
#define NAMES_MAX 1024		/* section names read at once */

static unsigned long page_size = 4096;

void elf_page_size(unsigned long size)
{
	if (size && !(size & (size - 1)))
		page_size = size;
}

static unsigned long down(unsigned long v)
{
	return v & ~(page_size - 1);
}

static unsigned long up(unsigned long v)
{
	return (v + page_size - 1) & ~(page_size - 1);
}

static int prot_of(uint32_t flags)
{
	return ((flags & PF_R) ? PROT_READ : 0) |
	       ((flags & PF_W) ? PROT_WRITE : 0) |
	       ((flags & PF_X) ? PROT_EXEC : 0);
}

static int read_at(int fd, void *buf, size_t n, unsigned long off)
{
	long r = sys_pread(fd, buf, n, (off_t)off);

	if (r < 0)
		return (int)r;
	return (size_t)r == n ? 0 : -ENOEXEC;
}

/* One segment: the file's pages, then anonymous zeros to p_memsz. */
static int map_segment(int fd, const arch_phdr *ph, unsigned long bias)
{
	unsigned long start = bias + ph->p_vaddr;
	unsigned long fend = start + ph->p_filesz, mend = start + ph->p_memsz;
	unsigned long off = ph->p_offset - (ph->p_vaddr - down(ph->p_vaddr));
	int prot = prot_of(ph->p_flags);
	void *p;

	if (ph->p_filesz) {
		p = sys_mmap6((void *)down(start), up(fend) - down(start),
			      prot | PROT_WRITE, MAP_PRIVATE | MAP_FIXED, fd,
			      (long)off);
		if (sys_mmap_failed(p))
			return (int)(long)p;
		/* The rest of the last file page belongs to the bss. */
		if (mend > fend && up(fend) > fend)
			memset((void *)fend, 0, up(fend) - fend);
	}
	if (up(mend) > up(fend)) {
		p = sys_mmap((void *)up(fend), up(mend) - up(fend),
			     prot | PROT_WRITE,
			     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1);
		if (sys_mmap_failed(p))
			return (int)(long)p;
	}
	if (!(prot & PROT_WRITE))
		sys3(SYS_mprotect, down(start), up(mend) - down(start), prot);
	return 0;
}

int elf_map(int fd, struct image *im)
{
	arch_phdr ph[MAX_PHDRS];
	arch_ehdr eh;
	unsigned long lo = ~0UL, hi = 0, bias = 0;
	int i, r;

	memset(im, 0, sizeof(*im));
	r = read_at(fd, &eh, sizeof(eh), 0);
	if (r < 0)
		return r;
	if (memcmp(eh.e_ident, ELFMAG, SELFMAG) ||
	    eh.e_ident[EI_CLASS] != ARCH_ELF_CLASS ||
	    eh.e_ident[EI_DATA] != ARCH_ELF_DATA ||
	    eh.e_machine != ARCH_ELF_MACHINE ||
	    (eh.e_type != ET_EXEC && eh.e_type != ET_DYN) ||
	    eh.e_phentsize != sizeof(arch_phdr) || !eh.e_phnum ||
	    eh.e_phnum > MAX_PHDRS)
		return -ENOEXEC;
	r = read_at(fd, ph, eh.e_phnum * sizeof(arch_phdr), eh.e_phoff);
	if (r < 0)
		return r;
	for (i = 0; i < eh.e_phnum; i++) {
		if (ph[i].p_type == PT_INTERP) {
			if (ph[i].p_filesz < 2 ||
			    ph[i].p_filesz > sizeof(im->interp))
				return -ENOEXEC;
			r = read_at(fd, im->interp, ph[i].p_filesz,
				    ph[i].p_offset);
			if (r < 0)
				return r;
			im->interp[ph[i].p_filesz - 1] = '\0';
		}
		if (ph[i].p_type != PT_LOAD || !ph[i].p_memsz)
			continue;
		if (ph[i].p_filesz > ph[i].p_memsz ||
		    ph[i].p_vaddr + ph[i].p_memsz < ph[i].p_vaddr ||
		    (ph[i].p_vaddr - ph[i].p_offset) % page_size)
			return -ENOEXEC;
		if (down(ph[i].p_vaddr) < lo)
			lo = down(ph[i].p_vaddr);
		if (up(ph[i].p_vaddr + ph[i].p_memsz) > hi)
			hi = up(ph[i].p_vaddr + ph[i].p_memsz);
	}
	if (hi <= lo)
		return -ENOEXEC;
	/* The whole span reserved first: no segment lands on a mapping. */
	if (eh.e_type == ET_DYN) {
		void *p = sys_mmap(NULL, hi - lo, PROT_NONE,
				   MAP_PRIVATE | MAP_ANONYMOUS, -1);

		if (sys_mmap_failed(p))
			return (int)(long)p;
		bias = (unsigned long)p - lo;
	} else {
		void *p = sys_mmap((void *)lo, hi - lo, PROT_NONE,
				   MAP_PRIVATE | MAP_ANONYMOUS |
					   MAP_FIXED_NOREPLACE, -1);

		if (sys_mmap_failed(p) || (unsigned long)p != lo)
			return -ENOMEM;
	}
	for (i = 0; i < eh.e_phnum; i++) {
		if (ph[i].p_type != PT_LOAD || !ph[i].p_memsz)
			continue;
		r = map_segment(fd, &ph[i], bias);
		if (r < 0)
			return r;
		/* The program headers, where a segment maps them. */
		if (!im->phdr && eh.e_phoff >= ph[i].p_offset &&
		    eh.e_phoff + eh.e_phnum * sizeof(arch_phdr) <=
			    ph[i].p_offset + ph[i].p_filesz)
			im->phdr = bias + ph[i].p_vaddr +
				   (eh.e_phoff - ph[i].p_offset);
	}
	for (i = 0; i < eh.e_phnum; i++) {
		if (ph[i].p_type == PT_PHDR)
			im->phdr = bias + ph[i].p_vaddr;
		if (ph[i].p_type == PT_DYNAMIC)
			im->dynamic = bias + ph[i].p_vaddr;
	}
	im->bias = bias;
	im->lo = bias + lo;
	im->hi = bias + hi;
	im->entry = bias + eh.e_entry;
	im->phnum = eh.e_phnum;
	im->type = eh.e_type;
	if (im->entry < im->lo || im->entry >= im->hi)
		return -ENOEXEC;
	return 0;
}

/*
 * The section headers are read a block at a time and the names in one
 * read (a name past the block read on its own): a few reads for what
 * took two per section, on every exec.
 */
bool elf_has_section(int fd, const char *want)
{
	arch_shdr sh[SHDR_BLOCK], str;
	char names[NAMES_MAX], name[32];
	size_t len = strlen(want) + 1, have;
	arch_ehdr eh;
	unsigned int i, k, n;

	if (len > sizeof(name) || read_at(fd, &eh, sizeof(eh), 0) < 0 ||
	    eh.e_shentsize != sizeof(arch_shdr) || eh.e_shstrndx >= eh.e_shnum ||
	    eh.e_shnum > 4096 ||
	    read_at(fd, &str, sizeof(str),
		    eh.e_shoff + eh.e_shstrndx * sizeof(arch_shdr)) < 0)
		return false;
	have = str.sh_size < sizeof(names) ? str.sh_size : sizeof(names);
	if (read_at(fd, names, have, str.sh_offset) < 0)
		have = 0;
	for (i = 0; i < eh.e_shnum; i += n) {
		long r;

		n = eh.e_shnum - i < SHDR_BLOCK ? eh.e_shnum - i : SHDR_BLOCK;
		/* A short read: the whole headers it gave, then the end. */
		r = sys_pread(fd, sh, n * sizeof(arch_shdr),
			      (off_t)(eh.e_shoff +
				      (unsigned long)i * sizeof(arch_shdr)));
		if (r < (long)sizeof(arch_shdr))
			return false;
		n = (unsigned int)((unsigned long)r / sizeof(arch_shdr));
		for (k = 0; k < n; k++) {
			const char *at = name;

			if (sh[k].sh_name + len > str.sh_size)
				continue;
			if (sh[k].sh_name + len <= have) {
				at = names + sh[k].sh_name;
			} else {
				if (read_at(fd, name, len,
					    str.sh_offset + sh[k].sh_name) < 0)
					continue;
			}
			if (!memcmp(at, want, len))
				return true;
		}
	}
	return false;
}
