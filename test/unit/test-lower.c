/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * --ro layers (fs/lower.c) with the supervisor's own lister
 * (launcher/lower.c) on a host directory this test makes in its scratch
 * space: lookups, listings, reads, a write that copies up, removals that
 * hide, a non-empty directory never listed before; and against a fake
 * lister, the answers a hostile or dead peer leaves: an answer of another
 * request is skipped, a malformed one is an error that leaves the
 * directory to be listed again.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/lock.h"
#include "fs/fs.h"
#include "fs/internal.h"
#include "fs/lower.h"
#include "hooks/hooks.h"
#include "launcher/launcher.h"
#include "store.h"

/* launcher/lower.c's one call into tamago-exec. */
int own_fd(int fd)
{
	return fd;
}

static char host[48];

static void put(const char *name, const char *text)
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", host, name);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

static void slurp(const char *path, char *buf, size_t size, bool ours)
{
	int fd = ours ? fs_openat(AT_FDCWD, path, O_RDONLY, 0) :
			open(path, O_RDONLY);
	ssize_t n;

	ck_assert_msg(fd >= 0, "open %s: %d", path, fd);
	n = read(fd, buf, size - 1);
	ck_assert_int_ge(n, 0);
	buf[n] = '\0';
	close(fd);
}

static void setup_once(void)
{
	struct fs_options o = { .store_fd = test_store() };
	const char *tmp = getenv("TMPDIR");
	char sub[128];
	int child, dir, mine;

	ck_assert_int_eq(fs_init(&o), 0);
	ck_assert_int_eq(hooks_init(NULL, -1), 0);
	fs_set_reopen(true);
	snprintf(host, sizeof(host), "%.24s/tamago-lower-XXXXXX",
		 tmp && *tmp ? tmp : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(host));
	snprintf(sub, sizeof(sub), "%s/sub", host);
	ck_assert_int_eq(mkdir(sub, 0755), 0);
	snprintf(sub, sizeof(sub), "%s/other", host);
	ck_assert_int_eq(mkdir(sub, 0755), 0);
	put("f", "original\n");
	put("g", "gone\n");
	put("sub/k", "kept\n");
	snprintf(sub, sizeof(sub), "%s/link", host);
	ck_assert_int_eq(symlink("sub/k", sub), 0);
	snprintf(sub, sizeof(sub), "%s/f", host);
	ck_assert_int_eq(chmod(sub, 0640), 0);

	ck_assert_int_eq(lower_prepare(&child), 0);
	ck_assert_int_eq(fs_lower_init(child), 0);
	dir = open(host, O_PATH | O_DIRECTORY | O_CLOEXEC);
	ck_assert_int_ge(dir, 0);
	/* The lister's own (the core takes dir into its band). */
	mine = dup(dir);
	ck_assert_int_eq(fs_lower_add("/data", dir), 0);
	ck_assert_int_eq(lower_start(&mine, 1), 0);
}

static void teardown_once(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", host);
	if (host[0] && system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", host);
}

START_TEST(lookups)
{
	struct statx x;
	char buf[64], path[128];
	long n;

	ck_assert_int_eq(fs_statx(AT_FDCWD, "/data/f", 0, STATX_BASIC_STATS, &x), 0);
	ck_assert_uint_eq(x.stx_size, 9);
	ck_assert_uint_eq(x.stx_mode, S_IFREG | 0640);
	ck_assert_int_eq(fs_statx(AT_FDCWD, "/data/nope", 0, 0, &x), -ENOENT);
	n = fs_readlinkat(AT_FDCWD, "/data/link", buf, sizeof(buf));
	ck_assert_int_eq(n, 5);
	ck_assert(!memcmp(buf, "sub/k", 5));
	slurp("/data/link", buf, sizeof(buf), true);
	ck_assert_str_eq(buf, "kept\n");
	/* A name made in the layer's directory lives in memory. */
	ck_assert_int_eq(fs_mkdirat(AT_FDCWD, "/data/new", 0755), 0);
	ck_assert_int_eq(fs_mkdirat(AT_FDCWD, "/data/sub", 0755), -EEXIST);
	snprintf(path, sizeof(path), "%s/new", host);
	ck_assert_int_eq(access(path, F_OK), -1);
}
END_TEST

START_TEST(listing)
{
	char buf[4096];
	int fd = fs_openat(AT_FDCWD, "/data/sub", O_RDONLY | O_DIRECTORY, 0);
	long n, off;
	bool k = false;

	ck_assert_int_ge(fd, 0);
	n = fs_getdents64(fd, buf, sizeof(buf));
	ck_assert_int_gt(n, 0);
	for (off = 0; off < n;) {
		struct kdirent64 *d = (struct kdirent64 *)(buf + off);

		k |= !strcmp(d->d_name, "k");
		off += d->d_reclen;
	}
	ck_assert(k);
	close(fd);
}
END_TEST

START_TEST(write_copies_up)
{
	char path[128], buf[64];
	int fd;

	fd = fs_openat(AT_FDCWD, "/data/f", O_WRONLY | O_APPEND, 0);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, "more\n", 5), 5);
	close(fd);
	slurp("/data/f", buf, sizeof(buf), true);
	ck_assert_str_eq(buf, "original\nmore\n");
	snprintf(path, sizeof(path), "%s/f", host);
	slurp(path, buf, sizeof(buf), false);
	ck_assert_str_eq(buf, "original\n");
}
END_TEST

START_TEST(removal_hides)
{
	char path[128];
	struct statx x;

	ck_assert_int_eq(fs_unlinkat(AT_FDCWD, "/data/g", 0), 0);
	ck_assert_int_eq(fs_statx(AT_FDCWD, "/data/g", 0, 0, &x), -ENOENT);
	snprintf(path, sizeof(path), "%s/g", host);
	ck_assert_int_eq(access(path, F_OK), 0);
	/* A directory never looked in is listed before it is judged. */
	ck_assert_int_eq(fs_unlinkat(AT_FDCWD, "/data/sub", AT_REMOVEDIR),
			 -ENOTEMPTY);
}
END_TEST

/* A fake lister: answers its one request as the test says. */
static int fake[2];
static int fake_mode;

static void *fake_serve(void *arg)
{
	unsigned char req[4200], ans[256];
	struct lower_req h;
	struct lower_ans a;
	struct lower_rec r;
	ssize_t n = recv(fake[1], req, sizeof(req), 0);
	size_t at;

	(void)arg;
	if (n < (ssize_t)sizeof(h))
		return NULL;
	memcpy(&h, req, sizeof(h));
	/* First an answer to another request, which must be skipped. */
	a.magic = LOWER_MAGIC ^ (h.id + 1);
	a.err = ENOENT;
	send(fake[1], &a, sizeof(a), 0);
	a.magic = LOWER_MAGIC ^ h.id;
	a.err = 0;
	memcpy(ans, &a, sizeof(a));
	at = sizeof(a);
	memset(&r, 0, sizeof(r));
	r.mode = S_IFREG | 0644;
	r.nlink = 1;
	r.size = 3;
	r.namelen = fake_mode == 0 ? 1 : 200; /* 200: past the message */
	memcpy(ans + at, &r, sizeof(r));
	at += sizeof(r);
	ans[at++] = 'z';
	if (fake_mode == 0) {
		memset(&r, 0, sizeof(r));
		memcpy(ans + at, &r, sizeof(r));
		at += sizeof(r);
	}
	send(fake[1], ans, at, 0);
	return NULL;
}

static int fake_lookup(int mode, const char *path)
{
	struct statx x;
	pthread_t t;
	int32_t real = fsh->lower_sock;
	int r;

	fake_mode = mode;
	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, fake), 0);
	ck_assert_int_eq(pthread_create(&t, NULL, fake_serve, NULL), 0);
	ck_assert_int_eq(core_lock_bulk(), 0);
	FSH_W()->lower_sock = fake[0];
	core_unlock();
	r = fs_statx(AT_FDCWD, path, 0, 0, &x);
	pthread_join(t, NULL);
	ck_assert_int_eq(core_lock_bulk(), 0);
	FSH_W()->lower_sock = real;
	core_unlock();
	close(fake[0]);
	close(fake[1]);
	return r;
}

START_TEST(hostile_answers)
{
	struct statx x;

	/* /data listed by the real lister first. */
	ck_assert_int_eq(fs_statx(AT_FDCWD, "/data/other", 0, 0, &x), 0);
	/* A malformed answer: an error, and the directory is left to be
	 * listed again. */
	ck_assert_int_eq(fake_lookup(1, "/data/other/z"), -EIO);
	ck_assert_int_eq(fake_lookup(0, "/data/other/z"), 0);
	/* Listed now: the real lister is not asked again. */
	ck_assert_int_eq(fs_statx(AT_FDCWD, "/data/other/z", 0, 0, &x), 0);
	ck_assert_uint_eq(x.stx_size, 3);
}
END_TEST

static Suite *lower_suite(void)
{
	Suite *s = suite_create("lower");
	TCase *tc = tcase_create("layers");

	tcase_add_unchecked_fixture(tc, setup_once, teardown_once);
	tcase_add_test(tc, lookups);
	tcase_add_test(tc, listing);
	tcase_add_test(tc, write_copies_up);
	tcase_add_test(tc, removal_hides);
	tcase_add_test(tc, hostile_answers);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(lower_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
