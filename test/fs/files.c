/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Creates, writes, reads back, lists and deletes files and directories in
 * /tmp, through the calls a C program uses by name and through stdio and
 * opendir (glibc's internal calls, the trap path).
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "test/lib/check.h"

static int count_entries(const char *path, const char *want, int *found)
{
	DIR *d = opendir(path);
	struct dirent *e;
	int n = 0;

	CHECK(d != NULL);
	*found = 0;
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		n++;
		if (!strcmp(e->d_name, want))
			*found = 1;
	}
	CHECK(closedir(d) == 0);
	return n;
}

int main(void)
{
	static const char text[] = "hello, in-memory world\n";
	char buf[128];
	struct stat st;
	FILE *f;
	int fd, found;

	/* The initial tree. */
	CHECK(stat("/tmp", &st) == 0 && S_ISDIR(st.st_mode));
	CHECK((st.st_mode & 07777) == 01777);
	CHECK(stat("/dev/null", &st) == 0 && S_ISCHR(st.st_mode));
	/* /etc holds the presets (launcher/preset.c); nothing else of the
	 * host is there. */
	CHECK(stat("/var", &st) < 0 && errno == ENOENT);
	/* The program itself may sit beneath /tmp (a build tree there):
	 * the rest works in a directory of its own. */
	CHECK(mkdir("/tmp/f", 0755) == 0);

	/* open/write/read/fstat. */
	fd = open("/tmp/f/a.txt", O_CREAT | O_EXCL | O_WRONLY, 0644);
	CHECK(fd > 2);
	CHECK(write(fd, text, strlen(text)) == (ssize_t)strlen(text));
	CHECK(fstat(fd, &st) == 0 && S_ISREG(st.st_mode));
	CHECK(st.st_size == (off_t)strlen(text));
	CHECK((st.st_mode & 0777) == (0644 & ~umask(022)));
	CHECK(close(fd) == 0);
	CHECK(open("/tmp/f/a.txt", O_CREAT | O_EXCL | O_WRONLY, 0644) < 0 &&
	      errno == EEXIST);
	fd = open("/tmp/f/a.txt", O_RDONLY);
	CHECK(fd > 2);
	memset(buf, 0, sizeof(buf));
	CHECK(read(fd, buf, sizeof(buf)) == (ssize_t)strlen(text));
	CHECK(!strcmp(buf, text));
	/* Read-only means read-only. */
	CHECK(write(fd, "x", 1) < 0 && errno == EBADF);
	CHECK(close(fd) == 0);

	/* Each open has its own offset. */
	{
		int a = open("/tmp/f/a.txt", O_RDONLY);
		int b = open("/tmp/f/a.txt", O_RDONLY);
		char c1, c2;

		CHECK(a >= 0 && b >= 0);
		CHECK(read(a, buf, 5) == 5);
		CHECK(read(b, &c2, 1) == 1 && c2 == 'h');
		CHECK(read(a, &c1, 1) == 1 && c1 == ',');
		close(a);
		close(b);
	}

	/* stdio, through fopen and glibc's own calls. */
	f = fopen("/tmp/f/b.txt", "w");
	CHECK(f != NULL);
	CHECK(fprintf(f, "%s", text) > 0);
	CHECK(fclose(f) == 0);
	f = fopen("/tmp/f/b.txt", "a+");
	CHECK(f != NULL);
	CHECK(fputs("more\n", f) >= 0);
	CHECK(fclose(f) == 0);
	f = fopen("/tmp/f/b.txt", "r");
	CHECK(f != NULL);
	CHECK(fgets(buf, sizeof(buf), f) && !strcmp(buf, text));
	CHECK(fgets(buf, sizeof(buf), f) && !strcmp(buf, "more\n"));
	CHECK(fclose(f) == 0);

	/* Directories. */
	CHECK(mkdir("/tmp/f/d", 0755) == 0);
	CHECK(mkdir("/tmp/f/d", 0755) < 0 && errno == EEXIST);
	CHECK(mkdir("/tmp/f/nope/d", 0755) < 0 && errno == ENOENT);
	fd = open("/tmp/f/d/inner", O_CREAT | O_WRONLY, 0600);
	CHECK(fd >= 0 && close(fd) == 0);
	CHECK(count_entries("/tmp/f", "d", &found) == 3 && found);
	CHECK(count_entries("/tmp/f/d", "inner", &found) == 1 && found);
	CHECK(rmdir("/tmp/f/d") < 0 && errno == ENOTEMPTY);
	/* telldir/seekdir/rewinddir, and a stream over an fd. */
	{
		DIR *d = opendir("/tmp/f");
		struct dirent *e;
		long at = -1;
		char name[256] = "";
		int n = 0, fd;

		CHECK(d && dirfd(d) >= 0);
		while ((e = readdir(d))) {
			if (n++ == 1) {
				at = telldir(d);
				e = readdir(d);
				CHECK(e != NULL);
				snprintf(name, sizeof(name), "%s", e->d_name);
				n++;
			}
		}
		seekdir(d, at);
		e = readdir(d);
		CHECK(e && !strcmp(e->d_name, name));
		rewinddir(d);
		e = readdir(d);
		CHECK(e && !strcmp(e->d_name, "."));
		CHECK(closedir(d) == 0);
		fd = open("/tmp/f/d", O_RDONLY | O_DIRECTORY);
		d = fdopendir(fd);
		CHECK(d && dirfd(d) == fd);
		n = 0;
		while (readdir(d))
			n++;
		CHECK(n == 3);
		CHECK(closedir(d) == 0);
		CHECK(fdopendir(0) == NULL);
		CHECK(opendir("/tmp/f/a.txt") == NULL && errno == ENOTDIR);
	}
	CHECK(chdir("/tmp/f/d") == 0);
	CHECK(getcwd(buf, sizeof(buf)) && !strcmp(buf, "/tmp/f/d"));
	CHECK(access("inner", F_OK) == 0);
	CHECK(rename("inner", "../moved") == 0);
	CHECK(chdir("/") == 0);
	CHECK(stat("/tmp/f/moved", &st) == 0 && S_ISREG(st.st_mode));
	CHECK(rmdir("/tmp/f/d") == 0);

	/* Delete; content lives on while an fd is open. */
	fd = open("/tmp/f/a.txt", O_RDONLY);
	CHECK(unlink("/tmp/f/a.txt") == 0);
	CHECK(stat("/tmp/f/a.txt", &st) < 0 && errno == ENOENT);
	CHECK(fstat(fd, &st) == 0 && st.st_nlink == 0);
	CHECK(pread(fd, buf, 5, 0) == 5 && !memcmp(buf, "hello", 5));
	CHECK(close(fd) == 0);
	CHECK(unlink("/tmp/f/b.txt") == 0 && unlink("/tmp/f/moved") == 0);
	CHECK(count_entries("/tmp/f", "", &found) == 0);
	CHECK(unlink("/tmp") < 0 && errno == EISDIR);
	/* Deleting a file frees its memfd: many more than the band holds. */
	{
		int i;

		for (i = 0; i < 20000; i++) {
			fd = open("/tmp/f/churn", O_CREAT | O_RDWR | O_TRUNC,
				  0600);
			CHECK(fd >= 0 && write(fd, "x", 1) == 1);
			CHECK(close(fd) == 0 && unlink("/tmp/f/churn") == 0);
		}
	}

	/* More files than the program may hold fds: each keeps a memfd in
	 * the shim's band, which is larger than the program's own limit. */
	{
		struct rlimit rl;
		long i, n;
		char name[64];

		CHECK(getrlimit(RLIMIT_NOFILE, &rl) == 0);
		n = (long)rl.rlim_cur + 1000;
		CHECK(mkdir("/tmp/f/many", 0755) == 0);
		for (i = 0; i < n; i++) {
			snprintf(name, sizeof(name), "/tmp/f/many/%ld", i);
			fd = open(name, O_CREAT | O_WRONLY, 0600);
			CHECK(fd >= 0 && write(fd, "y", 1) == 1);
			CHECK(close(fd) == 0);
		}
		for (i = 0; i < n; i++) {
			snprintf(name, sizeof(name), "/tmp/f/many/%ld", i);
			CHECK(unlink(name) == 0);
		}
		CHECK(rmdir("/tmp/f/many") == 0);
	}

	/* No extended attributes; the libc and syscall() paths agree. */
	CHECK(getxattr("/tmp", "user.x", buf, sizeof(buf)) < 0 &&
	      errno == ENOTSUP);
	CHECK(syscall(SYS_getxattr, "/tmp", "user.x", buf, sizeof(buf)) < 0 &&
	      errno == ENOTSUP);
	CHECK(listxattr("/nope", buf, sizeof(buf)) < 0 && errno == ENOENT);
	CHECK(syscall(SYS_llistxattr, "/nope", buf, sizeof(buf)) < 0 &&
	      errno == ENOENT);

	printf("files: ok\n");
	return 0;
}
