/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests of the dynamic loader's needs (seal/closure.c) on built
 * programs: what is granted is regular files only, the program's
 * interpreter and libraries and nothing it names for itself, and what
 * cannot be confined this way is refused with its reason.
 *   test-closure PROG NEEDS_LIB LIB RUNPATH_PROG INTERP2_PROG STATIC_PROG
 * (STATIC_PROG may be "-" where it cannot be built.)
 */
#include <check.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "seal/closure.h"

static char **args;

static int resolve(struct closure *c, const char *prog,
		   const char *const *libs, char *why, size_t len)
{
	struct closure_input in = { .prog = prog, .libs = libs,
				    .cache = CLOSURE_CACHE };

	return closure_resolve(c, &in, why, len);
}

static bool has(const struct closure *c, const char *needle)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		if (strstr(c->files[i].path, needle))
			return true;
	return false;
}

/* Every entry a regular file, absolute; only the program and its
 * interpreter executable. */
static void all_files(const struct closure *c)
{
	size_t i, exec = 0;

	for (i = 0; i < c->n; i++) {
		struct stat st;

		ck_assert_msg(c->files[i].path[0] == '/', "%s",
			      c->files[i].path);
		ck_assert_int_eq(stat(c->files[i].path, &st), 0);
		ck_assert_msg(S_ISREG(st.st_mode), "%s is not a file",
			      c->files[i].path);
		exec += c->files[i].exec;
	}
	ck_assert_uint_eq(exec, 2);
}

START_TEST(dynamic_program)
{
	struct closure c;
	char why[512], real[PATH_MAX];

	ck_assert_int_eq(resolve(&c, args[1], NULL, why, sizeof(why)), 0);
	all_files(&c);
	ck_assert_ptr_nonnull(realpath(args[1], real));
	ck_assert_str_eq(c.files[0].path, real);
	ck_assert(c.files[0].exec);
	ck_assert(has(&c, "libc.so"));
	ck_assert(has(&c, "ld-linux"));
	ck_assert(has(&c, CLOSURE_CACHE));
	closure_free(&c);
}
END_TEST

START_TEST(library_found_nowhere)
{
	const char *libs[] = { args[3], NULL };
	struct closure c;
	char why[512];

	ck_assert_int_eq(resolve(&c, args[2], NULL, why, sizeof(why)), 126);
	ck_assert_msg(strstr(why, "needs libescape-early.so") &&
			      strstr(why, "--lib=PATH"),
		      "%s", why);
	closure_free(&c);
	ck_assert_int_eq(resolve(&c, args[2], libs, why, sizeof(why)), 0);
	all_files(&c);
	ck_assert(has(&c, "libescape-early.so"));
	closure_free(&c);
}
END_TEST

/* DT_RUNPATH "/" adds nothing: no directory, and besides the program
 * and the cache only the system's libraries. */
START_TEST(runpath_adds_nothing)
{
	struct closure c;
	char why[512];
	size_t i;

	ck_assert_int_eq(resolve(&c, args[4], NULL, why, sizeof(why)), 0);
	all_files(&c);
	for (i = 1; i < c.n; i++)
		ck_assert_msg(!strncmp(c.files[i].path, "/usr/lib", 8) ||
				      !strncmp(c.files[i].path, "/lib", 4) ||
				      !strcmp(c.files[i].path, CLOSURE_CACHE),
			      "%s", c.files[i].path);
	closure_free(&c);
}
END_TEST

START_TEST(second_interp_refused)
{
	struct closure c;
	char why[512];

	ck_assert_int_eq(resolve(&c, args[5], NULL, why, sizeof(why)), 126);
	ck_assert_msg(strstr(why, "more than one PT_INTERP"), "%s", why);
	closure_free(&c);
}
END_TEST

START_TEST(refusals)
{
	const char *not_lib[] = { "/etc/passwd", NULL };
	struct closure c;
	char why[512];

	if (strcmp(args[6], "-")) {
		ck_assert_int_eq(resolve(&c, args[6], NULL, why, sizeof(why)),
				 126);
		ck_assert_msg(strstr(why, "statically linked"), "%s", why);
		closure_free(&c);
	}
	ck_assert_int_eq(resolve(&c, "/etc/passwd", NULL, why, sizeof(why)),
			 126);
	closure_free(&c);
	ck_assert_int_eq(resolve(&c, "/", NULL, why, sizeof(why)), 126);
	ck_assert_str_eq(why, "not a regular file");
	closure_free(&c);
	ck_assert_int_eq(resolve(&c, args[1], not_lib, why, sizeof(why)),
			 125);
	ck_assert_msg(strstr(why, "--lib=/etc/passwd"), "%s", why);
	closure_free(&c);
}
END_TEST

/* Without the cache, the default directories still give libc. */
START_TEST(no_cache)
{
	struct closure_input in = { .prog = args[1],
				    .cache = "/nonexistent" };
	struct closure c;
	char why[512];

	ck_assert_int_eq(closure_resolve(&c, &in, why, sizeof(why)), 0);
	ck_assert(has(&c, "libc.so"));
	ck_assert(!has(&c, "/nonexistent"));
	closure_free(&c);
}
END_TEST

int main(int argc, char **argv)
{
	Suite *s = suite_create("closure");
	TCase *tc = tcase_create("resolve");
	SRunner *sr;
	int failed;

	if (argc != 7)
		return 2;
	args = argv;
	tcase_add_test(tc, dynamic_program);
	tcase_add_test(tc, library_found_nowhere);
	tcase_add_test(tc, runpath_adds_nothing);
	tcase_add_test(tc, second_interp_refused);
	tcase_add_test(tc, refusals);
	tcase_add_test(tc, no_cache);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
