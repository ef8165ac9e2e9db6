/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The shim's scandir, glob and nftw against glibc's own (looked up in
 * libc.so.6 itself, not by name, which finds the shim's; they run over
 * the trap path) on the same tree, in the same process: their answers
 * must be the same.
 */
#include <dirent.h>
#include <dlfcn.h>
#include <fcntl.h>
#include <ftw.h>
#include <glob.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "test/lib/check.h"

static char log_buf[2][8192];
static size_t log_len[2];
static int which;

static int record(const char *p, const struct stat *st, int type,
		  struct FTW *f)
{
	log_len[which] += (size_t)snprintf(log_buf[which] + log_len[which],
					   sizeof(log_buf[0]) - log_len[which],
					   "%s %d %d %d %o\n", p, type, f->level,
					   f->base, st->st_mode & 0170000);
	return 0;
}

static void touch(const char *p)
{
	CHECK(close(open(p, O_CREAT | O_WRONLY, 0644)) == 0);
}

int main(void)
{
	typedef int (*nftw_fn)(const char *, __nftw_func_t, int, int);
	typedef int (*scandir_fn)(const char *, struct dirent ***,
				  int (*)(const struct dirent *),
				  int (*)(const struct dirent **,
					  const struct dirent **));
	typedef int (*glob_fn)(const char *, int,
			       int (*)(const char *, int), glob_t *);
	void *libc = dlopen("libc.so.6", RTLD_NOW | RTLD_NOLOAD);
	nftw_fn libc_nftw = (nftw_fn)dlsym(libc, "nftw");
	scandir_fn libc_scandir = (scandir_fn)dlsym(libc, "scandir");
	glob_fn libc_glob = (glob_fn)dlsym(libc, "glob");
	static const int flags[] = { 0, FTW_PHYS, FTW_DEPTH,
				     FTW_PHYS | FTW_DEPTH };
	struct dirent **a, **b;
	struct statvfs v;
	glob_t ga = { 0 }, gb = { 0 };
	size_t i;
	int n, m;

	CHECK(libc_nftw && libc_scandir && libc_glob);
	/* Not the shim's own (which the program's names resolve to). */
	CHECK((void *)libc_nftw != (void *)nftw &&
	      (void *)libc_scandir != (void *)scandir &&
	      (void *)libc_glob != (void *)glob);
	CHECK(mkdir("/tmp/w", 0755) == 0 && mkdir("/tmp/w/sub", 0755) == 0);
	CHECK(mkdir("/tmp/w/sub/deep", 0755) == 0);
	CHECK(mkdir("/tmp/w/closed", 0) == 0);
	touch("/tmp/w/b.txt");
	touch("/tmp/w/a.txt");
	touch("/tmp/w/sub/c.c");
	touch("/tmp/w/sub/deep/d.txt");
	CHECK(symlink("sub", "/tmp/w/link") == 0);
	CHECK(symlink("nowhere", "/tmp/w/dangling") == 0);

	for (i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
		log_len[0] = log_len[1] = 0;
		which = 0;
		CHECK(nftw("/tmp/w", record, 8, flags[i]) == 0);
		which = 1;
		CHECK(libc_nftw("/tmp/w", record, 8, flags[i]) == 0);
		if (strcmp(log_buf[0], log_buf[1])) {
			fprintf(stderr, "nftw flags %d differ:\n%s---\n%s",
				flags[i], log_buf[0], log_buf[1]);
			return 1;
		}
	}
	CHECK(nftw("/tmp/nope", record, 8, 0) == -1 && errno == ENOENT);

	n = scandir("/tmp/w", &a, NULL, alphasort);
	m = libc_scandir("/tmp/w", &b, NULL, alphasort);
	CHECK(n == m && n == 8);
	for (i = 0; i < (size_t)n; i++) {
		CHECK(!strcmp(a[i]->d_name, b[i]->d_name));
		free(a[i]);
		free(b[i]);
	}
	free(a);
	free(b);
	CHECK(scandir("/tmp/nope", &a, NULL, alphasort) == -1 &&
	      errno == ENOENT);

	CHECK(glob("/tmp/w/*.txt", 0, NULL, &ga) == 0);
	CHECK(libc_glob("/tmp/w/*.txt", 0, NULL, &gb) == 0);
	CHECK(ga.gl_pathc == 2 && gb.gl_pathc == 2);
	CHECK(!strcmp(ga.gl_pathv[0], "/tmp/w/a.txt") &&
	      !strcmp(gb.gl_pathv[0], "/tmp/w/a.txt"));
	globfree(&ga);
	globfree(&gb);
	CHECK(glob("/tmp/w/*/*", GLOB_MARK, NULL, &ga) == 0);
	CHECK(libc_glob("/tmp/w/*/*", GLOB_MARK, NULL, &gb) == 0);
	CHECK(ga.gl_pathc == gb.gl_pathc);
	for (i = 0; i < ga.gl_pathc; i++)
		CHECK(!strcmp(ga.gl_pathv[i], gb.gl_pathv[i]));
	globfree(&ga);
	globfree(&gb);
	CHECK(glob("/tmp/w/*.none", 0, NULL, &ga) == GLOB_NOMATCH);

	CHECK(statvfs("/tmp", &v) == 0 && v.f_namemax == 255);
	printf("walkers: ok\n");
	return 0;
}
