/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests of the loader's section lookup (loader/elf.c), which picks
 * out Go programs by their ".go.buildinfo" section at every exec: files
 * made here with the section anywhere in the table (past the first block
 * of headers read at once), its name anywhere in the names (past the
 * part read at once, across its end), a table cut short, and names that
 * only look alike.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "loader/loader.h"

#define WANT ".go.buildinfo"

/*
 * An ELF file of nsec sections in a memfd: the names first (names_size
 * bytes, padded with 'x'), then the headers; section `at` is named WANT
 * at offset name_off of the names (0 for none), every other one ".s".
 * Only the first `keep` headers are written (the rest cut off).
 */
static int make_elf(unsigned int nsec, unsigned int at, size_t name_off,
		    size_t names_size, unsigned int keep)
{
	arch_ehdr eh;
	arch_shdr sh;
	char *names = malloc(names_size);
	unsigned long shoff = sizeof(eh) + names_size;
	unsigned int i;
	int fd = memfd_create("test-elf", MFD_CLOEXEC);

	ck_assert_int_ge(fd, 0);
	ck_assert_ptr_nonnull(names);
	memset(names, 'x', names_size);
	names[0] = '\0';
	memcpy(names + 1, ".s", 3);
	/* (cut at the end of the names, for a name that runs past it) */
	if (name_off)
		memcpy(names + name_off, WANT,
		       names_size - name_off < sizeof(WANT) ?
			       names_size - name_off : sizeof(WANT));
	memset(&eh, 0, sizeof(eh));
	memcpy(eh.e_ident, ELFMAG, SELFMAG);
	eh.e_ident[EI_CLASS] = ARCH_ELF_CLASS;
	eh.e_ident[EI_DATA] = ARCH_ELF_DATA;
	eh.e_type = ET_EXEC;
	eh.e_machine = ARCH_ELF_MACHINE;
	eh.e_shoff = shoff;
	eh.e_shentsize = sizeof(arch_shdr);
	eh.e_shnum = (uint16_t)nsec;
	eh.e_shstrndx = 1;
	ck_assert_int_eq(pwrite(fd, &eh, sizeof(eh), 0), sizeof(eh));
	ck_assert_int_eq(pwrite(fd, names, names_size, sizeof(eh)),
			 (ssize_t)names_size);
	for (i = 0; i < keep; i++) {
		memset(&sh, 0, sizeof(sh));
		sh.sh_name = 1;
		if (i == 1) {
			sh.sh_type = SHT_STRTAB;
			sh.sh_offset = sizeof(eh);
			sh.sh_size = names_size;
		}
		if (i == at && name_off)
			sh.sh_name = (uint32_t)name_off;
		ck_assert_int_eq(pwrite(fd, &sh, sizeof(sh),
					(off_t)(shoff + i * sizeof(sh))),
				 sizeof(sh));
	}
	free(names);
	return fd;
}

static bool has(unsigned int nsec, unsigned int at, size_t name_off,
		size_t names_size, unsigned int keep)
{
	int fd = make_elf(nsec, at, name_off, names_size, keep);
	bool r = elf_has_section(fd, WANT);

	close(fd);
	return r;
}

START_TEST(found_in_first_headers)
{
	ck_assert(has(5, 3, 16, 64, 5));
	ck_assert(!has(5, 3, 0, 64, 5));
}
END_TEST

/* Past the first block of headers read at once, and at the very end. */
START_TEST(found_in_later_headers)
{
	ck_assert(has(40, 37, 16, 64, 40));
	ck_assert(has(200, 199, 16, 64, 200));
	ck_assert(has(64, 32, 16, 64, 64));
	ck_assert(has(64, 31, 16, 64, 64));
}
END_TEST

/* A name past the names read at once, and one across their end. */
START_TEST(found_in_long_names)
{
	ck_assert(has(10, 4, 1500, 2000, 10));
	ck_assert(has(10, 4, 1020, 2000, 10));
	ck_assert(has(10, 4, 1024 - sizeof(WANT), 2000, 10));
	ck_assert(!has(10, 4, 0, 2000, 10));
}
END_TEST

/* The headers a cut-short table still has are searched; no more. */
START_TEST(table_cut_short)
{
	ck_assert(has(40, 20, 16, 64, 35));
	ck_assert(has(40, 34, 16, 64, 35));
	ck_assert(!has(40, 38, 16, 64, 35));
}
END_TEST

/* A prefix, a longer name, a name past the table: not the section. */
START_TEST(lookalikes)
{
	int fd = make_elf(5, 3, 16, 64, 5);

	ck_assert(!elf_has_section(fd, ".go.build"));
	ck_assert(!elf_has_section(fd, ".go.buildinfo2"));
	ck_assert(elf_has_section(fd, WANT));
	close(fd);
	/* WANT's terminating NUL falls past the names: not found. */
	ck_assert(!has(5, 3, 64 - sizeof(WANT) + 1, 64, 5));
	ck_assert(has(5, 3, 64 - sizeof(WANT), 64, 5));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("elf");
	TCase *tc = tcase_create("sections");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, found_in_first_headers);
	tcase_add_test(tc, found_in_later_headers);
	tcase_add_test(tc, found_in_long_names);
	tcase_add_test(tc, table_cut_short);
	tcase_add_test(tc, lookalikes);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
