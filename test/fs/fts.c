/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The shim's fts against glibc's own (looked up in libc.so.6 itself; it
 * runs over the trap path) on the same tree, in the same process, in
 * every combination of options and with and without compar, through
 * fts_set and fts_children: every entry fts_read returns, the working
 * directory after each call, and fts_close's answer must be the same.
 * Run as root, unreadable directories are readable (as on Linux); run as
 * another user (meson's fts-unprivileged), they give FTS_DNR and FTS_NS.
 */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <fts.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "test/lib/check.h"

struct log {
	char buf[262144];
	size_t len;
};

static void say(struct log *l, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void say(struct log *l, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (l->len < sizeof(l->buf))
		l->len += (size_t)vsnprintf(l->buf + l->len,
					    sizeof(l->buf) - l->len, fmt, ap);
	va_end(ap);
	CHECK(l->len < sizeof(l->buf));
}

static void say_cwd(struct log *l, int opts)
{
	char cwd[4096];

	/* Without FTS_NOCHDIR the walk stands in the directory it lists. */
	if (!(opts & (FTS_NOCHDIR | FTS_LOGICAL)))
		say(l, " cwd=%s", getcwd(cwd, sizeof(cwd)) ? cwd : "?");
	say(l, "\n");
}

/*
 * One walk, written once for both layouts: what the program does with
 * each entry depends on its name only, so both walks take the same
 * turns (fts_set's FTS_SKIP, FTS_FOLLOW and FTS_AGAIN; fts_children,
 * its FTS_NAMEONLY form, and fts_set on an entry it listed).
 */
#define WALKER(name, FTS_T, ENT_T)                                           \
	struct name##_impl {                                                 \
		FTS_T *(*open)(char *const *, int,                           \
			       int (*)(const ENT_T **, const ENT_T **));    \
		ENT_T *(*read)(FTS_T *);                                     \
		ENT_T *(*children)(FTS_T *, int);                            \
		int (*set)(FTS_T *, ENT_T *, int);                           \
		int (*close)(FTS_T *);                                       \
	};                                                                   \
	static int name##_byname(const ENT_T **a, const ENT_T **b)           \
	{                                                                    \
		return strcmp((*a)->fts_name, (*b)->fts_name);               \
	}                                                                    \
	static void name##_entry(struct log *l, const ENT_T *p, int opts)   \
	{                                                                    \
		say(l, "%d %d %s acc=%s name=%s err=%d", p->fts_info,        \
		    p->fts_level, p->fts_path, p->fts_accpath, p->fts_name,  \
		    p->fts_errno);                                           \
		if (!(opts & FTS_NOSTAT) && p->fts_info != FTS_NSOK)         \
			say(l, " mode=%o size=%lld", p->fts_statp->st_mode,  \
			    (long long)p->fts_statp->st_size);               \
		if (p->fts_info == FTS_D || p->fts_info == FTS_DP)           \
			say(l, " ino=%llu", (unsigned long long)p->fts_ino); \
		if (p->fts_info == FTS_DC)                                   \
			say(l, " cycle=%s", p->fts_cycle->fts_name);         \
	}                                                                    \
	static void name##_walk(const struct name##_impl *f,                 \
				char *const *roots, int opts, int sorted,    \
				struct log *l)                               \
	{                                                                    \
		FTS_T *sp;                                                   \
		ENT_T *p, *c;                                                \
		char cwd[4096];                                              \
                                                                             \
		CHECK(chdir("/tmp") == 0);                                   \
		sp = f->open(roots, opts, sorted ? name##_byname : NULL);    \
		if (!sp) {                                                   \
			say(l, "open: errno %d\n", errno);                   \
			return;                                              \
		}                                                            \
		for (c = f->children(sp, 0); c; c = c->fts_link) {           \
			/* (fts_path: nothing read yet, nothing to say) */   \
			say(l, "root %d %s %d\n", c->fts_info, c->fts_name,  \
			    c->fts_errno);                                   \
		}                                                            \
		while ((p = f->read(sp))) {                                  \
			name##_entry(l, p, opts);                            \
			say_cwd(l, opts);                                    \
			if ((p->fts_info == FTS_DP ||                        \
			     p->fts_info == FTS_ERR) &&                      \
			    !strcmp(p->fts_name, "kids"))                    \
				CHECK(chmod(p->fts_accpath, 0755) == 0);     \
			if (p->fts_info == FTS_D &&                          \
			    !strcmp(p->fts_name, "skipme"))                  \
				CHECK(f->set(sp, p, FTS_SKIP) == 0);         \
			/* (not a root under FTS_XDEV: glibc would compare  \
			 * the device with an uninitialised fts_dev) */     \
			if (p->fts_info == FTS_SL &&                         \
			    !strcmp(p->fts_name, "follow") &&                \
			    (p->fts_level || !(opts & FTS_XDEV)))            \
				CHECK(f->set(sp, p, FTS_FOLLOW) == 0);       \
			if (p->fts_info == FTS_F &&                          \
			    !strcmp(p->fts_name, "again") &&                 \
			    !p->fts_number++)                                \
				CHECK(f->set(sp, p, FTS_AGAIN) == 0);        \
			if (p->fts_info == FTS_F) {                          \
				errno = 0;                                   \
				c = f->children(sp, 0);                      \
				say(l, "children of a file: %p %d\n",        \
				    (void *)c, errno);                       \
			}                                                    \
			if (p->fts_info == FTS_D &&                          \
			    (!strcmp(p->fts_name, "kids") ||                 \
			     !strcmp(p->fts_name, "names"))) {               \
				int names = p->fts_name[0] == 'n';           \
                                                                             \
				c = f->children(sp, names ? FTS_NAMEONLY : 0);\
				say(l, "children errno %d", errno);          \
				say_cwd(l, opts);                            \
				/* As a user, kids cannot be entered now:   \
				 * FTS_ERR in post-order. */                \
				if (!names)                                  \
					chmod(p->fts_accpath, 0644);         \
				for (; c; c = c->fts_link) {                 \
					say(l, "  child ");                  \
					name##_entry(l, c, opts);            \
					say(l, "\n");                        \
					if (!strcmp(c->fts_name, "hidden"))  \
						f->set(sp, c, FTS_SKIP);     \
					if (!strcmp(c->fts_name, "follow2")) \
						f->set(sp, c, FTS_FOLLOW);   \
				}                                            \
			}                                                    \
		}                                                            \
		say(l, "end errno %d\n", errno);                             \
		say(l, "close %d", f->close(sp));                            \
		say(l, " cwd=%s\n", getcwd(cwd, sizeof(cwd)) ? cwd : "?");   \
	}

WALKER(w32, FTS, FTSENT)
WALKER(w64, FTS64, FTSENT64)

static void touch(const char *p)
{
	CHECK(close(open(p, O_CREAT | O_WRONLY, 0644)) == 0);
}

static void make_tree(void)
{
	static const char *dirs[] = {
		"/tmp/t", "/tmp/t/sub", "/tmp/t/sub/deep", "/tmp/t/skipme",
		"/tmp/t/closed", "/tmp/t/noexec", "/tmp/t/empty",
		"/tmp/t/kids", "/tmp/t/kids/hidden", "/tmp/t/names",
		"/tmp/t/names/nd",
	};
	static const char *files[] = {
		"/tmp/t/a.txt", "/tmp/t/again", "/tmp/t/sub/deep/f",
		"/tmp/t/skipme/x", "/tmp/t/closed/inner", "/tmp/t/noexec/y",
		"/tmp/t/kids/hidden/z", "/tmp/t/kids/k", "/tmp/t/names/n1",
	};
	size_t i;

	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
		CHECK(mkdir(dirs[i], 0755) == 0);
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		touch(files[i]);
	CHECK(symlink("..", "/tmp/t/sub/up") == 0);	/* a cycle */
	CHECK(symlink("nowhere", "/tmp/t/dangling") == 0);
	CHECK(symlink("loop", "/tmp/t/loop") == 0);
	CHECK(symlink("sub", "/tmp/t/follow") == 0);
	CHECK(symlink("../sub/deep", "/tmp/t/kids/follow2") == 0);
	CHECK(mkfifo("/tmp/t/fifo", 0644) == 0);
	CHECK(chmod("/tmp/t/closed", 0) == 0);
	CHECK(chmod("/tmp/t/noexec", 0644) == 0);
}

static int compare(const struct log *a, const struct log *b,
		   const char *what, int opts, int sorted, int set)
{
	if (a->len == b->len && !memcmp(a->buf, b->buf, a->len))
		return 0;
	fprintf(stderr, "%s differs (options %#x, compar %d, roots %d):\n"
			"--- shim\n%s--- glibc\n%s", what, opts, sorted, set,
		a->buf, b->buf);
	return 1;
}

int main(void)
{
	static char *root_sets[][7] = {
		{ "/tmp/t", NULL },
		{ "t/", "/tmp/t/follow", "/nonexistent", "t/a.txt",
		  "/tmp/t/dangling", "/tmp/t/loop", NULL },
		{ ".", "t/sub/..", NULL },
	};
	static const int bases[] = { FTS_PHYSICAL, FTS_LOGICAL, 0 };
	static const int extras[] = { FTS_COMFOLLOW, FTS_NOCHDIR, FTS_NOSTAT,
				      FTS_SEEDOT, FTS_XDEV };
	static struct log mine, theirs;
	void *libc = dlopen("libc.so.6", RTLD_NOW | RTLD_NOLOAD);
	struct w32_impl shim32 = { fts_open, fts_read, fts_children, fts_set,
				   fts_close };
	struct w64_impl shim64 = { fts64_open, fts64_read, fts64_children,
				   fts64_set, fts64_close };
	struct w32_impl libc32;
	struct w64_impl libc64;
	char *bad[] = { "", NULL }, *one[] = { "/tmp/t", NULL };
	size_t b, s;
	int fails = 0, dnr = 0, err = 0, extra, sorted;
	FTS *sp;

	CHECK(libc);
	libc32.open = (__typeof__(libc32.open))dlsym(libc, "fts_open");
	libc32.read = (__typeof__(libc32.read))dlsym(libc, "fts_read");
	libc32.children =
		(__typeof__(libc32.children))dlsym(libc, "fts_children");
	libc32.set = (__typeof__(libc32.set))dlsym(libc, "fts_set");
	libc32.close = (__typeof__(libc32.close))dlsym(libc, "fts_close");
	libc64.open = (__typeof__(libc64.open))dlsym(libc, "fts64_open");
	libc64.read = (__typeof__(libc64.read))dlsym(libc, "fts64_read");
	libc64.children =
		(__typeof__(libc64.children))dlsym(libc, "fts64_children");
	libc64.set = (__typeof__(libc64.set))dlsym(libc, "fts64_set");
	libc64.close = (__typeof__(libc64.close))dlsym(libc, "fts64_close");
	CHECK(libc32.open && libc32.read && libc32.children && libc32.set &&
	      libc32.close && libc64.open && libc64.read &&
	      libc64.children && libc64.set && libc64.close);
	/* The program's names are the shim's, not glibc's. */
	CHECK((void *)libc32.open != (void *)fts_open &&
	      (void *)libc32.read != (void *)fts_read &&
	      (void *)libc64.open != (void *)fts64_open &&
	      (void *)libc64.read != (void *)fts64_read);
	make_tree();

	for (b = 0; b < sizeof(bases) / sizeof(bases[0]); b++)
		for (extra = 0; extra < 1 << 5; extra++)
			for (sorted = 0; sorted < 2; sorted++)
				for (s = 0; s < 3; s++) {
					int opts = bases[b], i;

					for (i = 0; i < 5; i++)
						if (extra & 1 << i)
							opts |= extras[i];
					mine.len = theirs.len = 0;
					w32_walk(&shim32, root_sets[s], opts,
						 sorted, &mine);
					w32_walk(&libc32, root_sets[s], opts,
						 sorted, &theirs);
					fails += compare(&mine, &theirs, "fts",
							 opts, sorted, (int)s);
					if (strstr(mine.buf, "\n4 1 /tmp/t/closed"))
						dnr = 1;
					if (strstr(mine.buf, "\n7 1 /tmp/t/kids"))
						err = 1;
					/* The three named checks below need
					 * one walk each. */
					if (s == 0 && sorted && !extra &&
					    bases[b] == FTS_PHYSICAL) {
						CHECK(strstr(mine.buf, "\n12 1 /tmp/t/dangling "));
						CHECK(strstr(mine.buf, "\n3 1 /tmp/t/fifo "));
						CHECK(strstr(mine.buf, "\n6 1 /tmp/t/skipme "));
						CHECK(!strstr(mine.buf, "/tmp/t/skipme/x"));
						CHECK(strstr(mine.buf, "\n1 1 /tmp/t/follow acc=follow name=follow err=0 mode=40755"));
						CHECK(strstr(mine.buf, "cwd=/tmp/t/sub/deep\n"));
					}
					if (s == 0 && sorted && !extra &&
					    bases[b] == FTS_LOGICAL) {
						CHECK(strstr(mine.buf, "\n13 1 /tmp/t/dangling "));
						CHECK(strstr(mine.buf, "\n13 1 /tmp/t/loop "));
						CHECK(strstr(mine.buf, "\n2 2 /tmp/t/sub/up "));
					}
					if (s == 0 && !sorted &&
					    opts == (FTS_PHYSICAL | FTS_NOSTAT))
						CHECK(strstr(mine.buf, "\n11 1 /tmp/t/a.txt "));
					if (s != 0 || extra % 3)
						continue;
					/* The 64-bit names, on a third of
					 * the combinations. */
					mine.len = theirs.len = 0;
					w64_walk(&shim64, root_sets[s], opts,
						 sorted, &mine);
					w64_walk(&libc64, root_sets[s], opts,
						 sorted, &theirs);
					fails += compare(&mine, &theirs, "fts64",
							 opts, sorted, (int)s);
				}

	/* Bad arguments: the errors glibc gives. */
	errno = 0;
	CHECK(!fts_open(one, 0x1000, NULL) && errno == EINVAL);
	CHECK(!fts_open(bad, FTS_PHYSICAL, NULL) && errno == ENOENT);
	CHECK(!libc32.open(bad, FTS_PHYSICAL, NULL) && errno == ENOENT);
	sp = fts_open(one, FTS_PHYSICAL, NULL);
	CHECK(sp && fts_read(sp));
	CHECK(fts_set(sp, sp->fts_cur, 99) == 1 && errno == EINVAL);
	CHECK(!fts_children(sp, 99) && errno == EINVAL);
	CHECK(fts_close(sp) == 0);

	if (fails)
		return 1;
	if (geteuid() != 0 && (!dnr || !err)) {
		fprintf(stderr, "no FTS_DNR or FTS_ERR as a user\n");
		return 1;
	}
	printf("fts: ok%s\n", dnr && err ? " (FTS_DNR and FTS_ERR seen)" : "");
	return 0;
}
