/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * patch-interp IN OUT: a copy of IN whose last PT_NOTE becomes a second
 * PT_INTERP, naming the string after "tamago-second-interp:" in the file
 * ("/etc" in early.c). The kernel and ld.so use the first PT_INTERP, so
 * the copy still runs; a launcher that read the last one would take the
 * directory for the interpreter. IN is of this machine's class (ElfW).
 */
#include <elf.h>
#include <link.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char marker[] = "tamago-second-interp:";

int main(int argc, char **argv)
{
	ElfW(Ehdr) *eh;
	ElfW(Phdr) *ph, *note = NULL;
	unsigned char *buf;
	const unsigned char *at;
	size_t len, off;
	FILE *f;
	int i;

	if (argc != 3) {
		fprintf(stderr, "usage: patch-interp IN OUT\n");
		return 2;
	}
	f = fopen(argv[1], "rb");
	if (!f || fseek(f, 0, SEEK_END) || (len = (size_t)ftell(f)) < 64 ||
	    fseek(f, 0, SEEK_SET))
		return perror(argv[1]), 2;
	buf = malloc(len);
	if (!buf || fread(buf, 1, len, f) != len)
		return perror(argv[1]), 2;
	fclose(f);
	eh = (ElfW(Ehdr) *)buf;
	at = memmem(buf, len, marker, strlen(marker));
	if (!at || eh->e_phoff + (size_t)eh->e_phnum * sizeof(*ph) > len) {
		fprintf(stderr, "patch-interp: no marker or bad headers\n");
		return 2;
	}
	off = (size_t)(at - buf) + strlen(marker);
	ph = (ElfW(Phdr) *)(buf + eh->e_phoff);
	for (i = 0; i < eh->e_phnum; i++)
		if (ph[i].p_type == PT_NOTE)
			note = &ph[i];
	if (!note) {
		fprintf(stderr, "patch-interp: no PT_NOTE to turn\n");
		return 2;
	}
	note->p_type = PT_INTERP;
	note->p_offset = off;
	note->p_filesz = note->p_memsz = strlen((const char *)buf + off) + 1;
	/* ld.so reads the name at its address: that of the string. */
	for (i = 0; i < eh->e_phnum; i++)
		if (ph[i].p_type == PT_LOAD && off >= ph[i].p_offset &&
		    off - ph[i].p_offset < ph[i].p_filesz)
			note->p_vaddr = note->p_paddr =
				ph[i].p_vaddr + (off - ph[i].p_offset);
	f = fopen(argv[2], "wb");
	if (!f || fwrite(buf, 1, len, f) != len || fclose(f))
		return perror(argv[2]), 2;
	free(buf);
	return 0;
}
