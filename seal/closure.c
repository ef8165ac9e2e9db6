/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The dynamic loader's needs, resolved outside the sandbox (closure.h).
 *
 * The program is untrusted: every offset, count and string of its ELF
 * headers is checked against the file before it is used, and what it
 * says only ever narrows the result. Its first PT_INTERP is the one the
 * kernel uses; a second one is refused rather than ignored, since no
 * honest linker writes two. Libraries are searched as glibc's loader does
 * when it ignores the program's own paths: the loader cache (entries for
 * this machine), then the default directories. Each candidate must be a
 * regular ELF shared object of the program's class and machine, or it is
 * passed over, as the loader passes over a library of another class.
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <link.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arch.h"
#include "seal/closure.h"

#define REFUSED 126
#define FAILED 125

/* Bounds on what the headers may claim, far above any real object. */
#define MAX_PHNUM 4096
#define MAX_DYN (1 << 20)
#define MAX_STRTAB (16 << 20)
#define MAX_CACHE (64 << 20)
#define MAX_FILES 4096

/* glibc's loader cache: the flags of an entry for a libc6 object. */
#define CACHE_MAGIC_NEW "glibc-ld.so.cache1.1"
#define CACHE_MAGIC_OLD "ld.so-1.7.0"
#define CACHE_TYPE_MASK 0x00ff
#define CACHE_ELF_LIBC6 0x0003
#define CACHE_ARCH_MASK 0xff00

struct machine {
	int em;
	int cache_flag;		/* the cache's architecture flag */
	const char *const dirs[8];
};

/*
 * Per machine: what glibc's loader searches after the cache (Debian's
 * multiarch directories, then the traditional ones; /lib64 and /usr/lib64
 * for distributions that use them), and the cache's flag for its
 * libraries (glibc's ldconfig.h: FLAG_X8664_LIB64, FLAG_AARCH64_LIB64,
 * FLAG_RISCV_FLOAT_ABI_DOUBLE, FLAG_ARM_LIBHF). A directory holding no
 * such library costs nothing: only files found are granted.
 */
static const struct machine machines[] = {
	{ EM_X86_64, 0x0300,
	  { "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib64",
	    "/usr/lib64", "/lib", "/usr/lib", NULL } },
	{ EM_AARCH64, 0x0a00,
	  { "/lib/aarch64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/lib64",
	    "/usr/lib64", "/lib", "/usr/lib", NULL } },
	{ EM_RISCV, 0x1000,
	  { "/lib/riscv64-linux-gnu", "/usr/lib/riscv64-linux-gnu",
	    "/lib64/lp64d", "/usr/lib64/lp64d", "/lib", "/usr/lib", NULL } },
	{ EM_ARM, 0x0900,
	  { "/lib/arm-linux-gnueabihf", "/usr/lib/arm-linux-gnueabihf",
	    "/lib", "/usr/lib", NULL } },
};

/* What one ELF file says about itself. */
struct elf {
	int type;
	int machine;
	int ninterp;
	char *interp;		/* the first PT_INTERP */
	char **needed;		/* DT_NEEDED, in order */
	size_t nneeded;
	char *soname;		/* DT_SONAME, or NULL */
	const char *bad;	/* why it cannot be read as one, or NULL */
};

static void elf_free(struct elf *e)
{
	size_t i;

	for (i = 0; i < e->nneeded; i++)
		free(e->needed[i]);
	free(e->needed);
	free(e->interp);
	free(e->soname);
	memset(e, 0, sizeof(*e));
}

static bool read_at(int fd, void *buf, size_t n, uint64_t off)
{
	size_t done = 0;

	if (off > (uint64_t)INT64_MAX - n)
		return false;
	while (done < n) {
		ssize_t r = pread(fd, (char *)buf + done, n - done,
				  (off_t)(off + done));

		if (r <= 0)
			return false;
		done += (size_t)r;
	}
	return true;
}

/* A virtual address to its offset in the file, through the PT_LOADs. */
static bool vaddr_to_off(const ElfW(Phdr) *ph, int n, uint64_t va,
			 uint64_t *off)
{
	int i;

	for (i = 0; i < n; i++) {
		if (ph[i].p_type == PT_LOAD && va >= ph[i].p_vaddr &&
		    va - ph[i].p_vaddr < ph[i].p_filesz) {
			*off = va - ph[i].p_vaddr + ph[i].p_offset;
			return true;
		}
	}
	return false;
}

/* A string of the dynamic string table, checked to end inside it. */
static char *dyn_str(const char *strtab, uint64_t size, uint64_t at)
{
	if (at >= size || !memchr(strtab + at, '\0', size - at))
		return NULL;
	return strdup(strtab + at);
}

static void read_dynamic(int fd, const ElfW(Phdr) *ph, int nph,
			 const ElfW(Phdr) *dyn, struct elf *e)
{
	uint64_t strtab = 0, strsz = 0, soname = UINT64_MAX, off, i, n;
	ElfW(Dyn) *d;
	char *str;

	if (dyn->p_filesz > MAX_DYN) {
		e->bad = "a dynamic section too large";
		return;
	}
	n = dyn->p_filesz / sizeof(*d);
	d = calloc(n ? n : 1, sizeof(*d));
	if (!d || !read_at(fd, d, n * sizeof(*d), dyn->p_offset)) {
		e->bad = "a dynamic section outside the file";
		free(d);
		return;
	}
	for (i = 0; i < n && d[i].d_tag != DT_NULL; i++) {
		if (d[i].d_tag == DT_STRTAB)
			strtab = d[i].d_un.d_ptr;
		else if (d[i].d_tag == DT_STRSZ)
			strsz = d[i].d_un.d_val;
		else if (d[i].d_tag == DT_SONAME)
			soname = d[i].d_un.d_val;
		else if (d[i].d_tag == DT_NEEDED)
			e->nneeded++;
	}
	if (!e->nneeded && soname == UINT64_MAX) {
		free(d);
		return;
	}
	if (!strsz || strsz > MAX_STRTAB ||
	    !vaddr_to_off(ph, nph, strtab, &off)) {
		e->bad = "a dynamic string table outside the file";
		free(d);
		return;
	}
	str = malloc(strsz);
	e->needed = calloc(e->nneeded ? e->nneeded : 1, sizeof(char *));
	if (!str || !e->needed || !read_at(fd, str, strsz, off)) {
		e->bad = "a dynamic string table outside the file";
		e->nneeded = 0;
		goto out;
	}
	e->nneeded = 0;
	for (i = 0; i < n && d[i].d_tag != DT_NULL; i++) {
		char *s;

		if (d[i].d_tag != DT_NEEDED)
			continue;
		s = dyn_str(str, strsz, d[i].d_un.d_val);
		if (!s || !*s) {
			free(s);
			e->bad = "a DT_NEEDED entry outside its string table";
			goto out;
		}
		e->needed[e->nneeded++] = s;
	}
	if (soname != UINT64_MAX)
		e->soname = dyn_str(str, strsz, soname);
out:
	free(str);
	free(d);
}

/* Reads path's ELF header, program headers and dynamic section. */
static void elf_read(int fd, struct elf *e)
{
	ElfW(Ehdr) eh;
	ElfW(Phdr) *ph = NULL;
	int i;

	memset(e, 0, sizeof(*e));
	if (!read_at(fd, &eh, sizeof(eh), 0) ||
	    memcmp(eh.e_ident, ELFMAG, SELFMAG)) {
		e->bad = eh.e_ident[0] == '#' && eh.e_ident[1] == '!' ?
				 "a script" :
				 "not an ELF file";
		return;
	}
	/* Of this machine's class (the shim is): 32 bits on arm. */
	if (eh.e_ident[EI_CLASS] != (__ELF_NATIVE_CLASS == 64 ? ELFCLASS64 :
								ELFCLASS32) ||
	    eh.e_ident[EI_DATA] != ELFDATA2LSB ||
	    eh.e_phentsize != sizeof(ElfW(Phdr))) {
		e->bad = __ELF_NATIVE_CLASS == 64 ?
				 "not a 64-bit little-endian ELF file" :
				 "not a 32-bit little-endian ELF file";
		return;
	}
	e->type = eh.e_type;
	e->machine = eh.e_machine;
	if (eh.e_phnum > MAX_PHNUM) {
		e->bad = "too many program headers";
		return;
	}
	ph = calloc(eh.e_phnum ? eh.e_phnum : 1, sizeof(*ph));
	if (!ph || !read_at(fd, ph, eh.e_phnum * sizeof(*ph), eh.e_phoff)) {
		e->bad = "program headers outside the file";
		free(ph);
		return;
	}
	for (i = 0; i < eh.e_phnum && !e->bad; i++) {
		if (ph[i].p_type == PT_INTERP && e->ninterp++ == 0) {
			uint64_t n = ph[i].p_filesz;

			e->interp = calloc(1, n + 1);
			/* The kernel wants 2 to PATH_MAX bytes, NUL last. */
			if (n < 2 || n > PATH_MAX || !e->interp ||
			    !read_at(fd, e->interp, n, ph[i].p_offset) ||
			    e->interp[n - 1] != '\0')
				e->bad = "a malformed PT_INTERP";
		} else if (ph[i].p_type == PT_DYNAMIC && !e->needed) {
			read_dynamic(fd, ph, eh.e_phnum, &ph[i], e);
		}
	}
	free(ph);
}

/* Opens path as a regular file; -errno, or -EINVAL for another type. */
static int open_regular(const char *path, struct stat *st)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);

	memset(st, 0, sizeof(*st));

	if (fd < 0)
		return -errno;
	if (fstat(fd, st) < 0 || !S_ISREG(st->st_mode)) {
		close(fd);
		return -EINVAL;
	}
	return fd;
}

struct ctx {
	struct closure *c;
	const struct machine *m;
	const struct closure_input *in;
	char *cache;		/* the loader cache, or NULL */
	size_t cache_len;
	size_t cache_new;	/* offset of its new-format header */
	char *why;
	size_t len;
	int status;
};

static int fail(struct ctx *x, int status, const char *fmt, ...)
{
	va_list ap;

	if (x->status)
		return x->status;
	va_start(ap, fmt);
	vsnprintf(x->why, x->len, fmt, ap);
	va_end(ap);
	x->status = status;
	return status;
}

/* Adds path's real path once (by the first name it is found by); the
 * index of its entry, or -1. */
static long add_file(struct ctx *x, const char *path, bool exec, bool *added)
{
	struct closure *c = x->c;
	char *real = realpath(path, NULL);
	size_t i;

	*added = false;
	if (!real) {
		fail(x, FAILED, "%s: %s", path, strerror(errno));
		return -1;
	}
	for (i = 0; i < c->n; i++) {
		if (!strcmp(c->files[i].path, real)) {
			c->files[i].exec |= exec;
			free(real);
			return (long)i;
		}
	}
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 32;
		struct closure_file *f;

		if (cap > MAX_FILES ||
		    !(f = realloc(c->files, cap * sizeof(*f)))) {
			free(real);
			fail(x, FAILED, "too many libraries");
			return -1;
		}
		c->files = f;
		c->cap = cap;
	}
	c->files[c->n].named = strdup(path);
	if (!c->files[c->n].named) {
		free(real);
		fail(x, FAILED, "%s", strerror(ENOMEM));
		return -1;
	}
	c->files[c->n].path = real;
	c->files[c->n].exec = exec;
	c->files[c->n].cache = false;
	*added = true;
	return (long)c->n++;
}

/*
 * Is path a shared object the loader may map for this program? Its
 * header is read into e (the caller frees it) when it is.
 */
static bool shared_object(struct ctx *x, const char *path, struct elf *e)
{
	struct stat st;
	int fd = open_regular(path, &st);

	memset(e, 0, sizeof(*e));
	if (fd < 0)
		return false;
	elf_read(fd, e);
	close(fd);
	if (!e->bad && e->type == ET_DYN && e->machine == x->m->em)
		return true;
	elf_free(e);
	return false;
}

/*
 * A library already in the closure by the name path (the program, first,
 * aside: it was read as an executable): it was read as a shared object
 * of this machine and its needs resolved, so a second search that finds
 * the same name need not open and read it again.
 */
static bool known(const struct ctx *x, const char *path)
{
	size_t i;

	for (i = 1; i < x->c->n; i++)
		if (!strcmp(x->c->files[i].named, path))
			return true;
	return false;
}

static void load_cache(struct ctx *x)
{
	struct stat st;
	int fd = open_regular(x->in->cache, &st);
	size_t off = 0;

	if (fd < 0)
		return;
	if (st.st_size > 0 && st.st_size <= MAX_CACHE) {
		x->cache = malloc((size_t)st.st_size);
		if (x->cache && read_at(fd, x->cache, (size_t)st.st_size, 0))
			x->cache_len = (size_t)st.st_size;
	}
	close(fd);
	/* An old-format table may come first; the new one follows it,
	 * aligned to 8 (glibc's cache_file and file_entry). */
	if (x->cache_len >= 16 &&
	    !memcmp(x->cache, CACHE_MAGIC_OLD, strlen(CACHE_MAGIC_OLD))) {
		uint32_t n;

		memcpy(&n, x->cache + 12, 4);
		off = (16 + (size_t)n * 12 + 7) & ~(size_t)7;
	}
	if (off + 48 > x->cache_len ||
	    memcmp(x->cache + off, CACHE_MAGIC_NEW, strlen(CACHE_MAGIC_NEW))) {
		x->cache_len = 0;
		return;
	}
	x->cache_new = off;
}

/* The cache's string at offset at (from its new-format header). */
static const char *cache_str(const struct ctx *x, uint32_t at)
{
	size_t base = x->cache_new + at;

	if (base >= x->cache_len ||
	    !memchr(x->cache + base, '\0', x->cache_len - base))
		return NULL;
	return x->cache + base;
}

static int resolve_read(struct ctx *x, const char *path, bool exec,
			struct elf *e);

/* Every cache entry for name that is a shared object of this machine. */
static int search_cache(struct ctx *x, const char *name, bool *found)
{
	const char *h = x->cache + x->cache_new;
	uint32_t nlibs, i;

	if (!x->cache_len)
		return 0;
	memcpy(&nlibs, h + 20, 4);
	for (i = 0; i < nlibs && !x->status; i++) {
		size_t at = x->cache_new + 48 + (size_t)i * 24;
		int32_t flags;
		uint32_t key, value;
		const char *k, *v;
		struct elf e;

		if (at + 24 > x->cache_len)
			break;
		memcpy(&flags, x->cache + at, 4);
		memcpy(&key, x->cache + at + 4, 4);
		memcpy(&value, x->cache + at + 8, 4);
		if ((flags & CACHE_TYPE_MASK) != CACHE_ELF_LIBC6 ||
		    (flags & CACHE_ARCH_MASK) != x->m->cache_flag)
			continue;
		k = cache_str(x, key);
		v = cache_str(x, value);
		if (!k || !v || strcmp(k, name) || v[0] != '/')
			continue;
		if (known(x, v)) {
			*found = true;
			continue;
		}
		if (!shared_object(x, v, &e))
			continue;
		*found = true;
		resolve_read(x, v, false, &e);
	}
	return x->status;
}

static int search_dirs(struct ctx *x, const char *name, bool *found)
{
	char path[PATH_MAX];
	size_t i;

	for (i = 0; x->m->dirs[i] && !*found && !x->status; i++) {
		struct elf e;

		if (snprintf(path, sizeof(path), "%s/%s", x->m->dirs[i],
			     name) >= (int)sizeof(path))
			continue;
		if (known(x, path)) {
			*found = true;
			break;
		}
		if (!shared_object(x, path, &e))
			continue;
		*found = true;
		resolve_read(x, path, false, &e);
	}
	return x->status;
}

/* A --lib file that provides name (by its file name or DT_SONAME). */
static int search_libs(struct ctx *x, const char *name, bool *found)
{
	const char *const *l;

	for (l = x->in->libs; l && *l && !x->status; l++) {
		const char *base = strrchr(*l, '/');
		struct elf e;
		bool match;

		base = base ? base + 1 : *l;
		if (!shared_object(x, *l, &e))
			continue;
		match = !strcmp(base, name) ||
			(e.soname && !strcmp(e.soname, name));
		if (match || !strcmp(*l, name)) {
			*found = true;
			resolve_read(x, *l, false, &e);
		} else {
			elf_free(&e);
		}
	}
	return x->status;
}

static int resolve_name(struct ctx *x, const char *name, const char *by)
{
	bool found = false;

	search_libs(x, name, &found);
	/* A name with a slash is a path the object chose: only --lib
	 * can supply it. */
	if (!found && !strchr(name, '/'))
		search_cache(x, name, &found);
	if (!found && !strchr(name, '/'))
		search_dirs(x, name, &found);
	if (x->status || found)
		return x->status;
	if (strchr(name, '/'))
		return fail(x, REFUSED,
			    "%s needs %s by path, which is granted only when "
			    "named with --lib=%s",
			    by, name, name);
	return fail(x, REFUSED,
		    "%s needs %s, which is neither in %s nor in the default "
		    "directories (%s, ...): name the file with --lib=PATH",
		    by, name, x->in->cache, x->m->dirs[0]);
}

/*
 * Adds the shared object at path, whose header e the caller read (and
 * this frees), and, the first time, its needs.
 */
static int resolve_read(struct ctx *x, const char *path, bool exec,
			struct elf *e)
{
	bool added;
	long at;
	size_t i;

	at = add_file(x, path, exec, &added);
	for (i = 0; at >= 0 && added && i < e->nneeded && !x->status; i++) {
		const char *by = strrchr(path, '/');

		resolve_name(x, e->needed[i], by ? by + 1 : path);
	}
	elf_free(e);
	return x->status;
}

/* Adds the shared object at path and, the first time, its needs. */
static int resolve_object(struct ctx *x, const char *path, bool exec)
{
	struct elf e;

	if (!shared_object(x, path, &e))
		return fail(x, FAILED,
			    "%s: not an ELF shared object for this machine",
			    path);
	return resolve_read(x, path, exec, &e);
}

/* The program: refused when no preload can confine it. */
static int resolve_prog(struct ctx *x)
{
	const char *prog = x->in->prog;
	struct elf e;
	struct stat st;
	bool added;
	size_t i;
	int fd = open_regular(prog, &st);

	if (fd == -EINVAL)
		return fail(x, REFUSED, "not a regular file");
	if (fd < 0)
		return fail(x, FAILED, "%s", strerror(-fd));
	elf_read(fd, &e);
	close(fd);
	if (st.st_mode & (S_ISUID | S_ISGID))
		fail(x, REFUSED,
		     "setuid or setgid program refused (it would run with "
		     "another identity, without the shim)");
	else if (e.bad && !strcmp(e.bad, "a script"))
		fail(x, REFUSED,
		     "a script: its interpreter would look for it in the "
		     "in-memory file system");
	else if (e.bad && !strcmp(e.bad, "not an ELF file"))
		fail(x, REFUSED, "not an ELF executable for " ARCH_NAME);
	else if (e.bad)
		fail(x, REFUSED, "%s", e.bad);
	else if (e.type != ET_EXEC && e.type != ET_DYN)
		fail(x, REFUSED, "not an ELF executable");
	else if (e.ninterp > 1)
		fail(x, REFUSED,
		     "more than one PT_INTERP: the program's headers are "
		     "not what a linker writes");
	if (x->status) {
		elf_free(&e);
		return x->status;
	}
	/* The shim's own machine: it is preloaded into the program. */
	for (i = 0; i < sizeof(machines) / sizeof(machines[0]); i++)
		if (machines[i].em == e.machine &&
		    e.machine == ARCH_ELF_MACHINE)
			x->m = &machines[i];
	if (!x->m) {
		elf_free(&e);
		return fail(x, REFUSED, "an ELF file for another machine");
	}
	x->c->interp = e.interp;
	e.interp = NULL;
	add_file(x, prog, true, &added);
	/* Statically linked: no dynamic loader, nothing of its own. */
	if (!x->c->interp) {
		elf_free(&e);
		return x->status;
	}
	if (!x->status && x->c->interp[0] != '/')
		fail(x, REFUSED, "its interpreter %s is not an absolute path",
		     x->c->interp);
	if (!x->status) {
		struct elf ie;

		if (!shared_object(x, x->c->interp, &ie))
			fail(x, REFUSED,
			     "its interpreter %s is not an ELF shared "
			     "object for this machine",
			     x->c->interp);
		else if (ie.ninterp || ie.nneeded)
			fail(x, REFUSED,
			     "its interpreter %s is not a dynamic loader",
			     x->c->interp);
		else
			add_file(x, x->c->interp, true, &added);
		elf_free(&ie);
	}
	for (i = 0; i < e.nneeded && !x->status; i++) {
		const char *by = strrchr(prog, '/');

		resolve_name(x, e.needed[i], by ? by + 1 : prog);
	}
	elf_free(&e);
	return x->status;
}

int closure_resolve(struct closure *c, const struct closure_input *in,
		    char *why, size_t len)
{
	struct ctx x = { .c = c, .in = in, .why = why, .len = len };
	const char *const *p;
	bool added;

	memset(c, 0, sizeof(*c));
	if (len)
		why[0] = '\0';
	load_cache(&x);
	/* --lib files are the user's: each must be a shared object. */
	for (p = in->libs; p && *p && !x.status; p++) {
		struct stat st;
		int fd = open_regular(*p, &st);

		if (fd < 0)
			fail(&x, FAILED, "--lib=%s: %s", *p,
			     fd == -EINVAL ? "not a regular file" :
					     strerror(-fd));
		else
			close(fd);
	}
	if (!x.status)
		resolve_prog(&x);
	for (p = in->libs; p && *p && !x.status; p++) {
		struct elf e;

		if (!shared_object(&x, *p, &e))
			fail(&x, FAILED,
			     "--lib=%s: not an ELF shared object of the "
			     "program's class and machine",
			     *p);
		elf_free(&e);
	}
	for (p = in->preload; p && *p && !x.status; p++) {
		if (strchr(*p, '/'))
			resolve_object(&x, *p, false);
		else
			resolve_name(&x, *p, "LD_PRELOAD");
	}
	if (!x.status && x.cache_len) {
		long at = add_file(&x, in->cache, false, &added);

		if (at >= 0)
			c->files[at].cache = true;
	}
	free(x.cache);
	return x.status;
}

void closure_free(struct closure *c)
{
	size_t i;

	for (i = 0; i < c->n; i++) {
		free(c->files[i].path);
		free(c->files[i].named);
	}
	free(c->files);
	free(c->interp);
	memset(c, 0, sizeof(*c));
}
