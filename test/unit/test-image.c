/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests of the image loader (fs/image.c) and the export (fs/export.c),
 * linked against the core library: malformed archives refused with their
 * offset and reason and nothing applied, layering, whiteouts, hard links,
 * contents kept in the image until first open, and an export that loads
 * back to the same tree.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "test/image/cpio-build.h"
#include "fs/fs.h"
#include "hooks/hooks.h"
#include "fs/image.h"
#include "fs/internal.h"

static void setup_once(void)
{
	struct fs_options o = { 0 };

	ck_assert_int_eq(fs_init(&o), 0);
	ck_assert_int_eq(hooks_init(), 0);
}

static void fresh(void)
{
	fs_image_reset();
}

static int stat_of(const char *path, struct statx *x)
{
	return fs_statx(AT_FDCWD, path, AT_SYMLINK_NOFOLLOW, 0, x);
}

static aoff_t inode_at(const char *path)
{
	struct walk w;

	if (walk(AT_FDCWD, path, 0, &w) < 0)
		return 0;
	return w.ino;
}

static void read_all(const char *path, char *buf, size_t size)
{
	int fd = fs_openat(AT_FDCWD, path, O_RDONLY, 0);
	ssize_t n;

	ck_assert_int_ge(fd, 0);
	n = read(fd, buf, size - 1);
	ck_assert_int_ge(n, 0);
	buf[n] = '\0';
	close(fd);
}

START_TEST(malformed)
{
	const struct bad_case *bc = &bad_cases[_i];
	static struct cpio c;
	struct fs_image_error err = { 0, NULL };
	struct statx x;
	size_t off;

	fresh();
	memset(&c, 0, sizeof(c));
	off = bc->build(&c);
	ck_assert_int_eq(fs_image_load(c.buf, c.len, 0, &err), -EINVAL);
	ck_assert_msg(err.reason && !strcmp(err.reason, bc->reason),
		      "%s: reason '%s', expected '%s'", bc->name,
		      err.reason ? err.reason : "(none)", bc->reason);
	ck_assert_msg(err.offset == off, "%s: offset %zu, expected %zu",
		      bc->name, err.offset, off);
	/* Nothing of the archive was applied. */
	ck_assert_int_eq(stat_of("/applied", &x), -ENOENT);
}
END_TEST

/* A tree with every kind of entry. */
static void build_tree(struct cpio *c)
{
	struct cpio_ent e;

	memset(c, 0, sizeof(*c));
	e = (struct cpio_ent){ .ino = 1, .mode = S_IFDIR | 0750, .uid = 7,
			       .gid = 8, .nlink = 3, .mtime = 1234567890,
			       .name = "." };
	cpio_add(c, &e);
	e = (struct cpio_ent){ .ino = 2, .mode = S_IFDIR | 0700, .uid = 1,
			       .gid = 2, .nlink = 2, .mtime = 1111111111,
			       .name = "./etc" };
	cpio_add(c, &e);
	e = (struct cpio_ent){ .ino = 3, .mode = S_IFREG | 0640, .uid = 3,
			       .gid = 4, .nlink = 1, .mtime = 1222222222,
			       .name = "./etc/motd", .data = "hello\n",
			       .size = 6 };
	cpio_add(c, &e);
	e = (struct cpio_ent){ .ino = 4, .mode = S_IFLNK | 0777,
			       .mtime = 1000, .name = "./etc/link",
			       .data = "motd", .size = 4 };
	cpio_add(c, &e);
	/* A hard-link group: content on the last name only. */
	e = (struct cpio_ent){ .ino = 5, .mode = S_IFREG | 0600, .nlink = 2,
			       .mtime = 2000, .name = "./h1" };
	cpio_add(c, &e);
	e = (struct cpio_ent){ .ino = 5, .mode = S_IFREG | 0600, .nlink = 2,
			       .mtime = 2000, .name = "./etc/h2",
			       .data = "linked", .size = 6 };
	cpio_add(c, &e);
	/* A parent that the archive does not list. */
	cpio_file(c, "deep/er/file", S_IFREG | 0644, "deep");
	cpio_trailer(c);
}

START_TEST(tree_loads)
{
	static struct cpio c;
	struct fs_image_error err;
	struct statx x, y;
	char buf[64];

	fresh();
	build_tree(&c);
	ck_assert_int_eq(fs_image_load(c.buf, c.len, 0, &err), 0);
	ck_assert_int_eq(stat_of("/", &x), 0);
	ck_assert_int_eq(x.stx_mode, S_IFDIR | 0750);
	ck_assert_int_eq(x.stx_uid, 7);
	ck_assert_int_eq(x.stx_mtime.tv_sec, 1234567890);
	ck_assert_int_eq(stat_of("/etc", &x), 0);
	ck_assert_int_eq(x.stx_mode, S_IFDIR | 0700);
	ck_assert_int_eq(x.stx_gid, 2);
	ck_assert_int_eq(x.stx_mtime.tv_sec, 1111111111);
	ck_assert_int_eq(stat_of("/etc/motd", &x), 0);
	ck_assert_int_eq(x.stx_mode, S_IFREG | 0640);
	ck_assert_int_eq(x.stx_size, 6);
	ck_assert_int_eq(x.stx_uid, 3);
	ck_assert_int_eq(x.stx_mtime.tv_sec, 1222222222);
	ck_assert_int_eq(stat_of("/etc/link", &x), 0);
	ck_assert_int_eq(x.stx_mode & S_IFMT, S_IFLNK);
	ck_assert_int_eq(x.stx_size, 4);
	ck_assert_int_eq(stat_of("/h1", &x), 0);
	ck_assert_int_eq(stat_of("/etc/h2", &y), 0);
	ck_assert_int_eq(x.stx_ino, y.stx_ino);
	ck_assert_int_eq(x.stx_nlink, 2);
	ck_assert_int_eq(x.stx_size, 6);
	read_all("/h1", buf, sizeof(buf));
	ck_assert_str_eq(buf, "linked");
	ck_assert_int_eq(stat_of("/deep/er", &x), 0);
	ck_assert_int_eq(x.stx_mode, S_IFDIR | 0755);
	read_all("/deep/er/file", buf, sizeof(buf));
	ck_assert_str_eq(buf, "deep");
}
END_TEST

START_TEST(mapped_until_opened)
{
	static struct cpio c;
	struct fs_image_error err;
	struct statx x;
	unsigned char *map;
	aoff_t ino;
	char buf[64];
	int fd;

	fresh();
	memset(&c, 0, sizeof(c));
	cpio_file(&c, "m", S_IFREG | 0644, "mapped content");
	cpio_trailer(&c);
	map = mmap(NULL, c.len, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ck_assert_ptr_ne(map, MAP_FAILED);
	memcpy(map, c.buf, c.len);
	mprotect(map, c.len, PROT_READ);
	ck_assert_int_eq(fs_image_load(map, c.len, 0, &err), 0);
	ino = inode_at("/m");
	ck_assert_uint_ne(ino, 0);
	/* Not copied: the inode refers to the image, and has no memfd. */
	ck_assert_ptr_eq(image_content(ino), map + 112);
	ck_assert_int_lt(INO(ino)->backing, 0);
	ck_assert_int_eq(stat_of("/m", &x), 0);
	ck_assert_int_eq(x.stx_size, 14);
	/* The first open copies it into the file's memfd. */
	fd = fs_openat(AT_FDCWD, "/m", O_RDWR, 0);
	ck_assert_int_ge(fd, 0);
	ck_assert_ptr_eq(image_content(ino), NULL);
	ck_assert_int_ge(INO(ino)->backing, 0);
	/* The copy is not a write: the image's mtime stays. */
	ck_assert_int_eq(stat_of("/m", &x), 0);
	ck_assert_int_eq(x.stx_mtime.tv_sec, 1000000000);
	ck_assert_int_eq(x.stx_size, 14);
	ck_assert_int_eq(pwrite(fd, "M", 1, 0), 1);
	close(fd);
	read_all("/m", buf, sizeof(buf));
	ck_assert_str_eq(buf, "Mapped content");
	ck_assert_int_eq(stat_of("/m", &x), 0);
	ck_assert_int_gt(x.stx_mtime.tv_sec, 1000000000);
	/* The image itself is untouched. */
	ck_assert_int_eq(map[112], 'm');
}
END_TEST

/* FS_IMAGE_COPY: contents copied at load, the buffer may go. */
START_TEST(copied_at_load)
{
	static struct cpio c;
	struct fs_image_error err;
	struct statx x, y;
	char buf[64];
	aoff_t ino;

	fresh();
	build_tree(&c);
	ck_assert_int_eq(fs_image_load(c.buf, c.len, FS_IMAGE_COPY, &err), 0);
	ino = inode_at("/etc/motd");
	ck_assert_ptr_eq(image_content(ino), NULL);
	ck_assert_int_ge(INO(ino)->backing, 0);
	memset(c.buf, 'z', sizeof(c.buf));
	read_all("/etc/motd", buf, sizeof(buf));
	ck_assert_str_eq(buf, "hello\n");
	read_all("/h1", buf, sizeof(buf));
	ck_assert_str_eq(buf, "linked");
	ck_assert_int_eq(stat_of("/h1", &x), 0);
	ck_assert_int_eq(stat_of("/etc/h2", &y), 0);
	ck_assert_int_eq(x.stx_ino, y.stx_ino);
	ck_assert_int_eq(x.stx_mtime.tv_sec, 2000);
}
END_TEST

START_TEST(layering)
{
	static struct cpio a, b;
	struct fs_image_error err;
	struct statx x;
	char buf[64];

	fresh();
	memset(&a, 0, sizeof(a));
	cpio_file(&a, "keep", S_IFREG | 0644, "a-keep");
	cpio_file(&a, "over", S_IFREG | 0644, "a-over");
	cpio_file(&a, "gone", S_IFREG | 0644, "a-gone");
	cpio_file(&a, "d", S_IFDIR | 0755, NULL);
	cpio_file(&a, "d/inside", S_IFREG | 0644, "x");
	cpio_file(&a, "dir2file", S_IFDIR | 0755, NULL);
	cpio_file(&a, "dir2file/x", S_IFREG | 0644, "x");
	cpio_trailer(&a);
	memset(&b, 0, sizeof(b));
	cpio_file(&b, "over", S_IFREG | 0600, "b-over");
	cpio_file(&b, ".wh.gone", S_IFREG | 0644, NULL);
	cpio_file(&b, "d", S_IFDIR | 0700, NULL);
	cpio_file(&b, "d/added", S_IFREG | 0644, "y");
	cpio_file(&b, "dir2file", S_IFREG | 0644, "now a file");
	cpio_trailer(&b);
	ck_assert_int_eq(fs_image_load(a.buf, a.len, 0, &err), 0);
	ck_assert_int_eq(fs_image_load(b.buf, b.len, 0, &err), 0);
	read_all("/keep", buf, sizeof(buf));
	ck_assert_str_eq(buf, "a-keep");
	read_all("/over", buf, sizeof(buf));
	ck_assert_str_eq(buf, "b-over");
	ck_assert_int_eq(stat_of("/over", &x), 0);
	ck_assert_int_eq(x.stx_mode & 0777, 0600);
	ck_assert_int_eq(stat_of("/gone", &x), -ENOENT);
	ck_assert_int_eq(stat_of("/.wh.gone", &x), -ENOENT);
	ck_assert_int_eq(stat_of("/d", &x), 0);
	ck_assert_int_eq(x.stx_mode & 0777, 0700);
	ck_assert_int_eq(stat_of("/d/inside", &x), 0);
	ck_assert_int_eq(stat_of("/d/added", &x), 0);
	read_all("/dir2file", buf, sizeof(buf));
	ck_assert_str_eq(buf, "now a file");
}
END_TEST

START_TEST(tree_refusals)
{
	static struct cpio c;
	struct fs_image_error err;
	size_t at;

	fresh();
	memset(&c, 0, sizeof(c));
	cpio_file(&c, "f", S_IFREG | 0644, "x");
	at = c.len;
	cpio_file(&c, "f/g", S_IFREG | 0644, "x");
	cpio_trailer(&c);
	ck_assert_int_eq(fs_image_load(c.buf, c.len, 0, &err), -EINVAL);
	ck_assert_str_eq(err.reason, "path goes through a non-directory");
	ck_assert_uint_eq(err.offset, at);

	fresh();
	memset(&c, 0, sizeof(c));
	{
		struct cpio_ent e = { .mode = S_IFLNK | 0777, .name = "l",
				      .data = "/tmp", .size = 4 };

		cpio_add(&c, &e);
	}
	at = c.len;
	cpio_file(&c, "l/escape", S_IFREG | 0644, "x");
	cpio_trailer(&c);
	ck_assert_int_eq(fs_image_load(c.buf, c.len, 0, &err), -EINVAL);
	ck_assert_str_eq(err.reason, "path goes through a symlink");
	ck_assert_uint_eq(err.offset, at);

	fresh();
	memset(&c, 0, sizeof(c));
	cpio_file(&c, ".", S_IFREG | 0644, "x");
	cpio_trailer(&c);
	ck_assert_int_eq(fs_image_load(c.buf, c.len, 0, &err), -EINVAL);
	ck_assert_str_eq(err.reason, "the root is not a directory");
}
END_TEST

/*
 * A hard-link group's name replaces the directory that held the group's
 * only other name: removing the directory frees the inode, and the new
 * name must not be linked to it (the fuzzer found it; ASan, with the
 * arena's poisoning, caught it). And /proc is not an image's.
 */
START_TEST(link_over_its_own_directory)
{
	static struct cpio c;
	struct fs_image_error err;
	struct cpio_ent e;
	char buf[8] = { 0 };
	int fd;

	fresh();
	memset(&c, 0, sizeof(c));
	cpio_file(&c, "x", S_IFDIR | 0755, NULL);
	e = (struct cpio_ent){ .ino = 9, .mode = S_IFREG | 0644, .nlink = 2,
			       .name = "x/f", .data = "one", .size = 3 };
	cpio_add(&c, &e);
	e = (struct cpio_ent){ .ino = 9, .mode = S_IFREG | 0644, .nlink = 2,
			       .name = "x", .data = "two", .size = 3 };
	cpio_add(&c, &e);
	cpio_trailer(&c);
	ck_assert_int_eq(fs_image_load(c.buf, c.len, 0, &err), 0);
	fd = fs_openat(AT_FDCWD, "/x", O_RDONLY, 0);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(read(fd, buf, sizeof(buf)), 3);
	ck_assert_str_eq(buf, "two");
	close(fd);

	fresh();
	memset(&c, 0, sizeof(c));
	cpio_file(&c, "./proc/x", S_IFREG | 0644, "x");
	cpio_trailer(&c);
	ck_assert_int_eq(fs_image_load(c.buf, c.len, 0, &err), -EINVAL);
	ck_assert_str_eq(err.reason, "path under /proc (the program's own)");
}
END_TEST

/* Export to a memfd, reset, load the export back: the same tree. */
START_TEST(export_roundtrip)
{
	static char big[200003];
	static struct cpio c;
	size_t i;
	struct fs_image_error err;
	const char *why;
	struct statx x, y;
	char buf[64];
	void *map;
	off_t len;
	int fd;

	fresh();
	build_tree(&c);
	ck_assert_int_eq(fs_image_load(c.buf, c.len, 0, &err), 0);
	/* A file written by the program, one never opened, one new. */
	fd = fs_openat(AT_FDCWD, "/etc/motd", O_WRONLY | O_APPEND, 0);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, "more\n", 5), 5);
	close(fd);
	fd = fs_openat(AT_FDCWD, "/tmp/new", O_CREAT | O_WRONLY, 0604);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, "new", 3), 3);
	close(fd);
	/* Bigger than the export's buffers, written through an fd. */
	fd = fs_openat(AT_FDCWD, "/tmp/big", O_CREAT | O_WRONLY, 0600);
	ck_assert_int_ge(fd, 0);
	for (i = 0; i < sizeof(big); i++)
		big[i] = (char)(i * 7 + i / 251);
	ck_assert_int_eq(write(fd, big, sizeof(big)), sizeof(big));
	close(fd);
	fd = memfd_create("export", 0);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(fs_export(fd, false, &why), 0);
	len = lseek(fd, 0, SEEK_END);
	ck_assert_int_gt(len, 0);
	map = mmap(NULL, (size_t)len, PROT_READ, MAP_PRIVATE, fd, 0);
	ck_assert_ptr_ne(map, MAP_FAILED);
	fresh();
	ck_assert_int_eq(stat_of("/etc", &x), -ENOENT);
	ck_assert_int_eq(fs_image_load(map, (size_t)len, 0, &err), 0);
	read_all("/etc/motd", buf, sizeof(buf));
	ck_assert_str_eq(buf, "hello\nmore\n");
	read_all("/tmp/new", buf, sizeof(buf));
	ck_assert_str_eq(buf, "new");
	{
		static char back[sizeof(big)];
		int bfd = fs_openat(AT_FDCWD, "/tmp/big", O_RDONLY, 0);

		ck_assert_int_ge(bfd, 0);
		ck_assert_int_eq(pread(bfd, back, sizeof(back), 0),
				 sizeof(back));
		ck_assert(!memcmp(back, big, sizeof(big)));
		close(bfd);
	}
	ck_assert_int_eq(stat_of("/tmp/new", &x), 0);
	ck_assert_int_eq(x.stx_mode, S_IFREG | 0604);
	ck_assert_int_eq(stat_of("/etc", &x), 0);
	ck_assert_int_eq(x.stx_mode, S_IFDIR | 0700);
	ck_assert_int_eq(x.stx_mtime.tv_sec, 1111111111);
	ck_assert_int_eq(stat_of("/h1", &x), 0);
	ck_assert_int_eq(stat_of("/etc/h2", &y), 0);
	ck_assert_int_eq(x.stx_ino, y.stx_ino);
	ck_assert_int_eq(x.stx_nlink, 2);
	read_all("/etc/h2", buf, sizeof(buf));
	ck_assert_str_eq(buf, "linked");
	ck_assert_int_eq(stat_of("/etc/link", &x), 0);
	ck_assert_int_eq(x.stx_mode & S_IFMT, S_IFLNK);
	ck_assert_int_eq(stat_of("/", &x), 0);
	ck_assert_int_eq(x.stx_mode, S_IFDIR | 0750);
	munmap(map, (size_t)len);
	close(fd);
}
END_TEST

/* Changes only: what was written, created or removed, and nothing else;
 * laid over the original image it gives the final tree. */
START_TEST(export_changes)
{
	static struct cpio c;
	struct fs_image_error err;
	const char *why;
	struct statx x;
	char buf[64];
	void *map;
	off_t len;
	int fd;

	fresh();
	build_tree(&c);
	ck_assert_int_eq(fs_image_load(c.buf, c.len, 0, &err), 0);
	ck_assert_int_eq(fs_export_baseline(), 0);
	fd = fs_openat(AT_FDCWD, "/etc/motd", O_WRONLY | O_TRUNC, 0);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, "changed", 7), 7);
	close(fd);
	/* Opened, not changed: not exported. */
	read_all("/deep/er/file", buf, sizeof(buf));
	ck_assert_int_eq(fs_unlinkat(AT_FDCWD, "/h1", 0), 0);
	fd = memfd_create("export", 0);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(fs_export(fd, true, &why), 0);
	len = lseek(fd, 0, SEEK_END);
	map = mmap(NULL, (size_t)len, PROT_READ, MAP_PRIVATE, fd, 0);
	ck_assert_ptr_ne(map, MAP_FAILED);
	ck_assert_ptr_ne(memmem(map, (size_t)len, "etc/motd", 9), NULL);
	ck_assert_ptr_ne(memmem(map, (size_t)len, ".wh.h1", 7), NULL);
	ck_assert_ptr_eq(memmem(map, (size_t)len, "deep/er/file", 13), NULL);
	ck_assert_ptr_eq(memmem(map, (size_t)len, "etc/link", 9), NULL);
	/* The original with the changes laid over it. */
	fresh();
	ck_assert_int_eq(fs_image_load(c.buf, c.len, 0, &err), 0);
	ck_assert_int_eq(fs_image_load(map, (size_t)len, 0, &err), 0);
	read_all("/etc/motd", buf, sizeof(buf));
	ck_assert_str_eq(buf, "changed");
	ck_assert_int_eq(stat_of("/h1", &x), -ENOENT);
	ck_assert_int_eq(stat_of("/etc/h2", &x), 0);
	ck_assert_int_eq(x.stx_nlink, 1);
	read_all("/deep/er/file", buf, sizeof(buf));
	ck_assert_str_eq(buf, "deep");
	munmap(map, (size_t)len);
	close(fd);
}
END_TEST

/* Found by the fuzzer: a root-level name "TRAILER!!!" must not end the
 * export early (names are written as "./NAME"). */
START_TEST(export_trailer_name)
{
	static struct cpio c;
	struct fs_image_error err;
	const char *why;
	struct statx x;
	void *map;
	off_t len;
	int fd;

	fresh();
	memset(&c, 0, sizeof(c));
	cpio_file(&c, "TRAILER!!!/x", S_IFREG | 0644, "x");
	cpio_file(&c, "./TRAILER!!!/y", S_IFREG | 0644, "y");
	cpio_trailer(&c);
	ck_assert_int_eq(fs_image_load(c.buf, c.len, 0, &err), 0);
	fd = memfd_create("export", 0);
	ck_assert_int_eq(fs_export(fd, false, &why), 0);
	len = lseek(fd, 0, SEEK_END);
	map = mmap(NULL, (size_t)len, PROT_READ, MAP_PRIVATE, fd, 0);
	ck_assert_ptr_ne(map, MAP_FAILED);
	fresh();
	ck_assert_int_eq(fs_image_load(map, (size_t)len, 0, &err), 0);
	ck_assert_int_eq(stat_of("/TRAILER!!!/x", &x), 0);
	ck_assert_int_eq(stat_of("/TRAILER!!!/y", &x), 0);
	munmap(map, (size_t)len);
	close(fd);
}
END_TEST

START_TEST(export_write_error)
{
	int p[2];
	const char *why;

	fresh();
	ck_assert_int_eq(pipe(p), 0);
	close(p[0]);
	signal(SIGPIPE, SIG_IGN);
	ck_assert_int_eq(fs_export(p[1], false, &why), -EPIPE);
	ck_assert_str_eq(why, "write");
	close(p[1]);
}
END_TEST

static Suite *image_suite(void)
{
	Suite *s = suite_create("image");
	TCase *tc = tcase_create("core");

	tcase_add_unchecked_fixture(tc, setup_once, NULL);
	tcase_add_loop_test(tc, malformed, 0, (int)N_BAD_CASES);
	tcase_add_test(tc, tree_loads);
	tcase_add_test(tc, mapped_until_opened);
	tcase_add_test(tc, copied_at_load);
	tcase_add_test(tc, layering);
	tcase_add_test(tc, tree_refusals);
	tcase_add_test(tc, export_roundtrip);
	tcase_add_test(tc, export_changes);
	tcase_add_test(tc, export_trailer_name);
	tcase_add_test(tc, export_write_error);
	tcase_add_test(tc, link_over_its_own_directory);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(image_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
