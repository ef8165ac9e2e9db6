/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Directory walkers: scandir and scandirat, glob, ftw/nftw, and statvfs. glibc's own
 * versions open and read directories through internal calls (the trap
 * path, a SIGSYS per call); these run over the shim's directory streams
 * (dirstream.c) and the cores instead. glob keeps glibc's matching and
 * only lends it the shim's directory and stat functions (GLOB_ALTDIRFUNC).
 */
#include <dirent.h>
#include <dlfcn.h>
#include <fcntl.h>
#include <ftw.h>
#include <glob.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>

#include "fs/fs.h"
#include "shim/shim.h"
#include "core/sys.h"

/* scandir: every entry filter keeps, sorted by compar. */
static int scan(DIR *d, struct dirent ***namelist,
		int (*filter)(const struct dirent *),
		int (*compar)(const struct dirent **, const struct dirent **))
{
	struct dirent **list = NULL, *e;
	size_t n = 0, cap = 0;
	int saved;

	if (!d)
		return -1;
	while ((e = readdir(d))) {
		struct dirent **grown, *copy;

		if (filter && !filter(e))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			grown = realloc(list, cap * sizeof(*list));
			if (!grown)
				goto fail;
			list = grown;
		}
		copy = malloc(e->d_reclen);
		if (!copy)
			goto fail;
		memcpy(copy, e, e->d_reclen);
		list[n++] = copy;
	}
	closedir(d);
	if (compar && n)
		qsort(list, n, sizeof(*list),
		      (int (*)(const void *, const void *))compar);
	*namelist = list;
	return (int)n;
fail:
	saved = ENOMEM;
	while (n)
		free(list[--n]);
	free(list);
	closedir(d);
	errno = saved;
	return -1;
}

TAMAGO_EXPORT int scandir(const char *dir, struct dirent ***namelist,
			  int (*filter)(const struct dirent *),
			  int (*compar)(const struct dirent **,
					const struct dirent **))
{
	return scan(opendir(dir), namelist, filter, compar);
}

TAMAGO_EXPORT int scandirat(int dirfd, const char *dir,
			    struct dirent ***namelist,
			    int (*filter)(const struct dirent *),
			    int (*compar)(const struct dirent **,
					  const struct dirent **))
{
	int fd = (int)shim_ret(fs_openat(dirfd, dir,
					 O_RDONLY | O_DIRECTORY | O_CLOEXEC |
						 O_NONBLOCK,
					 0));
	DIR *d = fd < 0 ? NULL : fdopendir(fd);

	if (fd >= 0 && !d) {
		int e = errno;

		sys_close(fd);
		errno = e;
	}
	return scan(d, namelist, filter, compar);
}

TAMAGO_EXPORT int scandirat64(int dirfd, const char *dir,
			      struct dirent64 ***namelist,
			      int (*filter)(const struct dirent64 *),
			      int (*compar)(const struct dirent64 **,
					    const struct dirent64 **))
{
	return scandirat(dirfd, dir, (struct dirent ***)namelist,
			 (int (*)(const struct dirent *))filter,
			 (int (*)(const struct dirent **,
				  const struct dirent **))compar);
}

TAMAGO_EXPORT int scandir64(const char *dir, struct dirent64 ***namelist,
			    int (*filter)(const struct dirent64 *),
			    int (*compar)(const struct dirent64 **,
					  const struct dirent64 **))
{
	/* struct dirent64 is struct dirent on 64-bit targets (dirstream.c). */
	return scandir(dir, (struct dirent ***)namelist,
		       (int (*)(const struct dirent *))filter,
		       (int (*)(const struct dirent **,
				const struct dirent **))compar);
}

/* glob: glibc's matching over the shim's directory and stat functions. */
typedef int (*glob_fn)(const char *, int, int (*)(const char *, int),
		       glob_t *);

static void *glob_opendir(const char *path)
{
	return opendir(path);
}

static void *glob_readdir(void *d)
{
	return readdir(d);
}

static void glob_closedir(void *d)
{
	closedir(d);
}

TAMAGO_EXPORT int glob(const char *pattern, int flags,
		       int (*errfunc)(const char *, int), glob_t *g)
{
	static glob_fn real;

	if (!real)
		real = (glob_fn)dlsym(RTLD_NEXT, "glob");
	if (!real)
		return GLOB_ABORTED;
	if (!(flags & GLOB_ALTDIRFUNC)) {
		g->gl_opendir = glob_opendir;
		g->gl_readdir = (struct dirent * (*)(void *)) glob_readdir;
		g->gl_closedir = glob_closedir;
		g->gl_stat = stat;
		g->gl_lstat = lstat;
		flags |= GLOB_ALTDIRFUNC;
	}
	return real(pattern, flags, errfunc, g);
}

TAMAGO_EXPORT int glob64(const char *pattern, int flags,
			 int (*errfunc)(const char *, int), glob64_t *g)
{
	/* glob64_t is glob_t on 64-bit targets, as struct stat64 is stat. */
	return glob(pattern, flags, errfunc, (glob_t *)g);
}

/* nftw: a walk with the shim's calls, in glibc's order and flags. */
struct walker {
	int (*fn)(const char *, const struct stat *, int, struct FTW *);
	int flags;
	dev_t dev;
	/* Directories met so far: like glibc's, the walk enters each once
	 * (a symlink to one already seen is passed over, unreported). */
	struct seen {
		dev_t dev;
		ino_t ino;
	} *seen;
	size_t nseen, cap;
	char path[PATH_MAX];
};

/* Notes a directory; false if it was met before (or memory ran out). */
static bool first_visit(struct walker *w, const struct stat *st)
{
	size_t i;

	for (i = 0; i < w->nseen; i++)
		if (w->seen[i].dev == st->st_dev && w->seen[i].ino == st->st_ino)
			return false;
	if (w->nseen == w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 32;
		struct seen *grown = realloc(w->seen, cap * sizeof(*grown));

		if (!grown)
			return false;
		w->seen = grown;
		w->cap = cap;
	}
	w->seen[w->nseen].dev = st->st_dev;
	w->seen[w->nseen].ino = st->st_ino;
	w->nseen++;
	return true;
}

static int walk_node(struct walker *w, size_t len, int level, size_t base)
{
	struct FTW ftw = { (int)base, level };
	struct stat st;
	int type, r;
	DIR *d;

	if ((w->flags & FTW_PHYS) ? lstat(w->path, &st) : stat(w->path, &st)) {
		/* The start must exist; below it, the callback is told. */
		if (!level)
			return -1;
		if (errno == ENOENT && !(w->flags & FTW_PHYS) &&
		    lstat(w->path, &st) == 0)
			return w->fn(w->path, &st, FTW_SLN, &ftw);
		memset(&st, 0, sizeof(st));
		return w->fn(w->path, &st, FTW_NS, &ftw);
	}
	if ((w->flags & FTW_MOUNT) && st.st_dev != w->dev)
		return 0;
	if (S_ISLNK(st.st_mode))
		return w->fn(w->path, &st, FTW_SL, &ftw);
	if (!S_ISDIR(st.st_mode))
		return w->fn(w->path, &st, FTW_F, &ftw);
	if (!first_visit(w, &st))
		return 0;
	d = opendir(w->path);
	type = d ? FTW_D : FTW_DNR;
	if (!(w->flags & FTW_DEPTH) || !d) {
		r = w->fn(w->path, &st, type, &ftw);
		if (r || !d) {
			if (d)
				closedir(d);
			return r;
		}
	}
	{
		struct dirent *e;

		r = 0;
		while (!r && (e = readdir(d))) {
			size_t n = strlen(e->d_name);

			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
				continue;
			if (len + 1 + n >= sizeof(w->path)) {
				errno = ENAMETOOLONG;
				r = -1;
				break;
			}
			w->path[len] = '/';
			memcpy(w->path + len + 1, e->d_name, n + 1);
			r = walk_node(w, len + 1 + n, level + 1, len + 1);
			w->path[len] = '\0';
		}
		closedir(d);
	}
	if (!r && (w->flags & FTW_DEPTH))
		r = w->fn(w->path, &st, FTW_DP, &ftw);
	return r;
}

TAMAGO_EXPORT int nftw(const char *dir,
		       int (*fn)(const char *, const struct stat *, int,
				 struct FTW *),
		       int nopenfd, int flags)
{
	struct walker *w;
	struct stat st;
	size_t len = strlen(dir), base;
	int r;

	(void)nopenfd;
	if (len >= PATH_MAX) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if (flags & (FTW_CHDIR | FTW_ACTIONRETVAL)) {
		/* Rarely used: glibc's own walk serves them (trap path). */
		int (*real)(const char *,
			    int (*)(const char *, const struct stat *, int,
				    struct FTW *),
			    int, int) = dlsym(RTLD_NEXT, "nftw");

		return real ? real(dir, fn, nopenfd, flags) : -1;
	}
	w = malloc(sizeof(*w));
	if (!w)
		return -1;
	w->fn = fn;
	w->flags = flags;
	w->seen = NULL;
	w->nseen = w->cap = 0;
	memcpy(w->path, dir, len + 1);
	while (len > 1 && w->path[len - 1] == '/')
		w->path[--len] = '\0';
	w->dev = stat(w->path, &st) == 0 ? st.st_dev : 0;
	for (base = len; base > 0 && w->path[base - 1] != '/'; base--)
		;
	r = walk_node(w, len, 0, base);
	free(w->seen);
	free(w);
	return r;
}

TAMAGO_EXPORT int nftw64(const char *dir,
			 int (*fn)(const char *, const struct stat64 *, int,
				   struct FTW *),
			 int nopenfd, int flags)
{
	return nftw(dir,
		    (int (*)(const char *, const struct stat *, int,
			     struct FTW *))fn,
		    nopenfd, flags);
}

/* ftw is nftw without FTW (its callback sees no level). */
static __thread int (*ftw_fn)(const char *, const struct stat *, int)
	__attribute__((tls_model("initial-exec")));

static int ftw_adapter(const char *p, const struct stat *st, int type,
		       struct FTW *f)
{
	(void)f;
	return ftw_fn(p, st, type);
}

TAMAGO_EXPORT int ftw(const char *dir,
		      int (*fn)(const char *, const struct stat *, int),
		      int nopenfd)
{
	int (*saved)(const char *, const struct stat *, int) = ftw_fn;
	int r;

	ftw_fn = fn;
	r = nftw(dir, ftw_adapter, nopenfd, 0);
	ftw_fn = saved;
	return r;
}

TAMAGO_EXPORT int ftw64(const char *dir,
			int (*fn)(const char *, const struct stat64 *, int),
			int nopenfd)
{
	return ftw(dir, (int (*)(const char *, const struct stat *, int))fn,
		   nopenfd);
}

/*
 * statvfs: statfs's answer in POSIX's shape, struct statvfs or statvfs64
 * (the same on 64-bit targets; narrower counts on 32-bit ones).
 */
#define VFS_FROM_FS(v, f)                                                    \
	do {                                                                 \
		memset((v), 0, sizeof(*(v)));                                \
		(v)->f_bsize = (unsigned long)(f)->f_bsize;                  \
		(v)->f_frsize = (unsigned long)((f)->f_frsize ?              \
							(f)->f_frsize :      \
							(f)->f_bsize);       \
		(v)->f_blocks = (f)->f_blocks;                               \
		(v)->f_bfree = (f)->f_bfree;                                 \
		(v)->f_bavail = (f)->f_bavail;                               \
		(v)->f_files = (f)->f_files;                                 \
		(v)->f_ffree = (f)->f_ffree;                                 \
		(v)->f_favail = (f)->f_ffree;                                \
		memcpy(&(v)->f_fsid, &(f)->f_fsid,                           \
		       sizeof((v)->f_fsid) < sizeof((f)->f_fsid) ?           \
			       sizeof((v)->f_fsid) :                         \
			       sizeof((f)->f_fsid));                         \
		(v)->f_flag = (unsigned long)(f)->f_flags;                   \
		(v)->f_namemax = (unsigned long)(f)->f_namelen;              \
	} while (0)

TAMAGO_EXPORT int statvfs(const char *path, struct statvfs *v)
{
	struct statfs64 f;
	int r = fs_statfs(AT_FDCWD, path, &f);

	if (r == 0)
		VFS_FROM_FS(v, &f);
	return (int)shim_ret(r);
}

TAMAGO_EXPORT int fstatvfs(int fd, struct statvfs *v)
{
	struct statfs64 f;
	int r = fs_statfs(fd, NULL, &f);

	if (r == 0)
		VFS_FROM_FS(v, &f);
	return (int)shim_ret(r);
}

TAMAGO_EXPORT int statvfs64(const char *path, struct statvfs64 *v)
{
	struct statfs64 f;
	int r = fs_statfs(AT_FDCWD, path, &f);

	if (r == 0)
		VFS_FROM_FS(v, &f);
	return (int)shim_ret(r);
}

TAMAGO_EXPORT int fstatvfs64(int fd, struct statvfs64 *v)
{
	struct statfs64 f;
	int r = fs_statfs(fd, NULL, &f);

	if (r == 0)
		VFS_FROM_FS(v, &f);
	return (int)shim_ret(r);
}
