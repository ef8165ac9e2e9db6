/* SPDX-License-Identifier: BSD-3-Clause */
/* realpath and the temporary-file family, on the shim's fast path. */
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "test/lib/check.h"

static int count(const char *dir)
{
	DIR *d = opendir(dir);
	int n = 0;

	CHECK(d);
	while (readdir(d))
		n++;
	closedir(d);
	return n - 2;
}

int main(void)
{
	char buf[PATH_MAX], t1[] = "/tmp/aXXXXXX", t2[] = "/tmp/aXXXXXX";
	char ts[] = "/tmp/bXXXXXX.txt", td[] = "/tmp/dXXXXXX";
	char bad[] = "/tmp/cXXXXX", tn[] = "/tmp/nXXXXXX";
	struct stat st;
	char *p;
	FILE *f;
	int a, b, before;

	CHECK(mkdir("/tmp/r", 0755) == 0 && mkdir("/tmp/r/s", 0755) == 0);
	CHECK(close(open("/tmp/r/s/f", O_CREAT | O_WRONLY, 0644)) == 0);
	CHECK(symlink("s/f", "/tmp/r/lf") == 0);
	CHECK(symlink("/tmp/r/s", "/tmp/r/ld") == 0);
	CHECK(link("/tmp/r/s/f", "/tmp/r/hard") == 0);
	CHECK(realpath("/tmp/r/lf", buf) && !strcmp(buf, "/tmp/r/s/f"));
	CHECK(realpath("/tmp/r/ld/../s/./f", buf) &&
	      !strcmp(buf, "/tmp/r/s/f"));
	CHECK(realpath("/tmp/r/hard", buf) && !strcmp(buf, "/tmp/r/hard"));
	CHECK(chdir("/tmp/r/ld") == 0);
	CHECK(realpath(".", buf) && !strcmp(buf, "/tmp/r/s"));
	CHECK(realpath("/", buf) && !strcmp(buf, "/"));
	p = realpath("f", NULL);
	CHECK(p && !strcmp(p, "/tmp/r/s/f"));
	free(p);
	CHECK(realpath("/tmp/r/nope", buf) == NULL && errno == ENOENT);
	CHECK(realpath("/tmp/r/s/f/x", buf) == NULL && errno == ENOTDIR);

	before = count("/tmp");
	a = mkstemp(t1);
	b = mkstemp(t2);
	CHECK(a >= 0 && b >= 0 && strcmp(t1, t2));
	CHECK(strncmp(t1, "/tmp/a", 6) == 0 && strcmp(t1 + 6, "XXXXXX"));
	CHECK(fstat(a, &st) == 0 && (st.st_mode & 0777) == 0600);
	CHECK(write(a, "x", 1) == 1 && pread(a, buf, 1, 0) == 1);
	CHECK(mkstemps(ts, 4) >= 0 && !strcmp(ts + strlen(ts) - 4, ".txt"));
	CHECK(mkstemp(bad) == -1 && errno == EINVAL);
	CHECK(mkdtemp(td) && stat(td, &st) == 0 && S_ISDIR(st.st_mode) &&
	      (st.st_mode & 0777) == 0700);
	CHECK(mkostemp(t1, O_CLOEXEC) == -1 && errno == EINVAL);
	p = mktemp(tn);
	CHECK(p == tn && tn[0] && access(tn, F_OK) < 0 && errno == ENOENT);
	CHECK(count("/tmp") == before + 4);
	f = tmpfile();
	CHECK(f && fputs("scratch", f) >= 0 && fflush(f) == 0);
	rewind(f);
	CHECK(fgets(buf, sizeof(buf), f) && !strcmp(buf, "scratch"));
	CHECK(count("/tmp") == before + 4);
	fclose(f);
	printf("temp: ok\n");
	return 0;
}
