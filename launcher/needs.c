/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What the dynamic loader needs to run a program, resolved here, before
 * the sandbox starts, with the system's rules: its PT_INTERP, and its
 * DT_NEEDED libraries (and theirs) searched in the system's library
 * directories, in LD_LIBRARY_PATH as the user gave it to tamago-run, and
 * in the program's DT_RUNPATH or DT_RPATH only where they lead beneath
 * the program's own directory (its $ORIGIN). Each must be an ELF file of
 * the program's class and machine. So nothing the program carries can
 * make the launcher copy a host file into the sandbox that the user did
 * not, in effect, name: a path in the dynamic section reaches no further
 * than the program's directory, and what is found there must be an ELF
 * shared object.
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "launcher/needs.h"

#ifndef TAMAGO_MULTIARCH
#define TAMAGO_MULTIARCH "x86_64-linux-gnu"
#endif

static const char *const system_dirs[] = {
	"/lib/" TAMAGO_MULTIARCH, "/usr/lib/" TAMAGO_MULTIARCH,
	"/lib", "/usr/lib", "/lib64", "/usr/lib64",
};

static int add(struct needs *n, const char *path)
{
	size_t i;

	for (i = 0; i < n->count; i++)
		if (!strcmp(n->paths[i], path))
			return 0;
	if (n->count == NEEDS_MAX || strlen(path) >= NEEDS_PATH)
		return -E2BIG;
	strcpy(n->paths[n->count++], path);
	return 1;
}

/* An ELF file of the program's class and machine (and type ET_DYN for
 * a library): its header in eh. */
static bool elf_of(int fd, const Elf64_Ehdr *want, bool lib, Elf64_Ehdr *eh)
{
	if (pread(fd, eh, sizeof(*eh), 0) != sizeof(*eh) ||
	    memcmp(eh->e_ident, ELFMAG, SELFMAG) ||
	    eh->e_phentsize != sizeof(Elf64_Phdr))
		return false;
	if (!want)
		return eh->e_ident[EI_CLASS] == ELFCLASS64;
	return eh->e_ident[EI_CLASS] == want->e_ident[EI_CLASS] &&
	       eh->e_machine == want->e_machine &&
	       (!lib || eh->e_type == ET_DYN);
}

/* The file offset of virtual address va, through the PT_LOADs. */
static off_t offset_of(int fd, const Elf64_Ehdr *eh, uint64_t va)
{
	Elf64_Phdr ph;
	int i;

	for (i = 0; i < eh->e_phnum; i++) {
		if (pread(fd, &ph, sizeof(ph),
			  (off_t)(eh->e_phoff + (uint64_t)i * sizeof(ph))) !=
		    sizeof(ph))
			break;
		if (ph.p_type == PT_LOAD && va >= ph.p_vaddr &&
		    va < ph.p_vaddr + ph.p_filesz)
			return (off_t)(va - ph.p_vaddr + ph.p_offset);
	}
	return -1;
}

/* A string of the dynamic string table. */
static bool dyn_string(int fd, off_t strtab, uint64_t off, char *buf,
		       size_t size)
{
	ssize_t r = pread(fd, buf, size - 1, strtab + (off_t)off);

	if (r <= 0)
		return false;
	buf[r] = '\0';
	return memchr(buf, '\0', (size_t)r) != NULL;
}

struct dyn {
	uint64_t needed[64];
	int nneeded;
	uint64_t runpath;	/* DT_RUNPATH, else DT_RPATH; or ~0 */
	off_t strtab;
};

static bool read_dynamic(int fd, const Elf64_Ehdr *eh, struct dyn *d)
{
	Elf64_Phdr ph;
	Elf64_Dyn e;
	uint64_t strva = 0, rpath = ~0ULL;
	int i;
	uint64_t k;

	d->nneeded = 0;
	d->runpath = ~0ULL;
	d->strtab = -1;
	for (i = 0; i < eh->e_phnum; i++) {
		if (pread(fd, &ph, sizeof(ph),
			  (off_t)(eh->e_phoff + (uint64_t)i * sizeof(ph))) !=
		    sizeof(ph))
			return false;
		if (ph.p_type == PT_DYNAMIC)
			break;
	}
	if (i == eh->e_phnum)
		return true;	/* static: nothing needed */
	for (k = 0; k < ph.p_filesz / sizeof(e) && k < 4096; k++) {
		if (pread(fd, &e, sizeof(e), (off_t)(ph.p_offset + k * sizeof(e))) !=
			    sizeof(e) ||
		    e.d_tag == DT_NULL)
			break;
		if (e.d_tag == DT_NEEDED && d->nneeded < 64)
			d->needed[d->nneeded++] = e.d_un.d_val;
		else if (e.d_tag == DT_STRTAB)
			strva = e.d_un.d_ptr;
		else if (e.d_tag == DT_RUNPATH)
			d->runpath = e.d_un.d_val;
		else if (e.d_tag == DT_RPATH)
			rpath = e.d_un.d_val;
	}
	if (d->runpath == ~0ULL)
		d->runpath = rpath;
	d->strtab = strva ? offset_of(fd, eh, strva) : -1;
	return d->strtab >= 0 || !d->nneeded;
}

/* Is path (resolved) beneath dir (resolved)? */
static bool beneath(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	return !strncmp(path, dir, n) && (path[n] == '/' || path[n] == '\0');
}

/* Looks name up in dir; adds what it finds (returns 1), or 0. */
static int try_dir(struct needs *n, const char *dir, const char *name,
		   const Elf64_Ehdr *want, const char *origin, int depth);

static int resolve(struct needs *n, const char *path, const Elf64_Ehdr *want,
		   int depth);

/* Each entry of a ':'-separated list, $ORIGIN expanded, kept beneath
 * origin when origin is given. */
static int search_list(struct needs *n, const char *list, const char *name,
		       const Elf64_Ehdr *want, const char *origin,
		       const char *progdir, int depth)
{
	char buf[PATH_MAX], *p, *save = NULL, dir[PATH_MAX], real[PATH_MAX];
	int r;

	if (!list || strlen(list) >= sizeof(buf))
		return 0;
	strcpy(buf, list);
	for (p = strtok_r(buf, ":", &save); p; p = strtok_r(NULL, ":", &save)) {
		const char *tail = NULL;

		if (!strncmp(p, "$ORIGIN", 7))
			tail = p + 7;
		else if (!strncmp(p, "${ORIGIN}", 9))
			tail = p + 9;
		if (tail && snprintf(dir, sizeof(dir), "%s%s", origin, tail) >=
				    (int)sizeof(dir))
			continue;
		if (!tail)
			snprintf(dir, sizeof(dir), "%s", p);
		if (progdir &&
		    (!realpath(dir, real) || !beneath(real, progdir)))
			continue;
		r = try_dir(n, dir, name, want, origin, depth);
		if (r)
			return r;
	}
	return 0;
}

static int try_dir(struct needs *n, const char *dir, const char *name,
		   const Elf64_Ehdr *want, const char *origin, int depth)
{
	char path[PATH_MAX];
	Elf64_Ehdr eh;
	bool ok;
	int fd;

	(void)origin;
	if (snprintf(path, sizeof(path), "%s/%s", dir, name) >=
	    (int)sizeof(path))
		return 0;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	ok = elf_of(fd, want, true, &eh);
	close(fd);
	if (!ok)
		return 0;
	return resolve(n, path, want, depth + 1) < 0 ? -1 : 1;
}

/* path and what it needs, into n. */
static int resolve(struct needs *n, const char *path, const Elf64_Ehdr *want,
		   int depth)
{
	char name[256], origin[PATH_MAX], *slash;
	struct dyn d;
	Elf64_Ehdr eh;
	int fd, i, r;

	r = add(n, path);
	if (r <= 0)
		return r;
	if (depth > 16)
		return 0;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (!elf_of(fd, want, false, &eh) || !read_dynamic(fd, &eh, &d)) {
		close(fd);
		return 0;
	}
	if (!realpath(path, origin))
		origin[0] = '\0';
	slash = strrchr(origin, '/');
	if (slash)
		*slash = '\0';
	for (i = 0; i < d.nneeded; i++) {
		char rp[PATH_MAX];
		size_t k;

		if (!dyn_string(fd, d.strtab, d.needed[i], name, sizeof(name)))
			continue;
		if (strchr(name, '/')) {
			/* A path in DT_NEEDED: as the dynamic loader takes it,
			 * and only beneath the program's directory. */
			if (realpath(name, rp) && beneath(rp, n->progdir))
				try_dir(n, ".", name, &eh, origin, depth);
			continue;
		}
		r = 0;
		if (d.runpath != ~0ULL &&
		    dyn_string(fd, d.strtab, d.runpath, rp, sizeof(rp)))
			r = search_list(n, rp, name, &eh, origin, n->progdir,
					depth);
		if (!r)
			r = search_list(n, getenv("LD_LIBRARY_PATH"), name, &eh,
					origin, NULL, depth);
		for (k = 0; !r && k < sizeof(system_dirs) / sizeof(*system_dirs);
		     k++)
			r = try_dir(n, system_dirs[k], name, &eh, origin, depth);
		if (r < 0) {
			close(fd);
			return -E2BIG;
		}
		if (!r && !n->missing[0])
			snprintf(n->missing, sizeof(n->missing), "%s", name);
	}
	close(fd);
	return 0;
}

/* PT_INTERP into buf ("" for none). */
static void read_interp(int fd, const Elf64_Ehdr *eh, char *buf, size_t size)
{
	Elf64_Phdr ph;
	int i;

	buf[0] = '\0';
	for (i = 0; i < eh->e_phnum; i++) {
		if (pread(fd, &ph, sizeof(ph),
			  (off_t)(eh->e_phoff + (uint64_t)i * sizeof(ph))) !=
		    sizeof(ph))
			return;
		if (ph.p_type != PT_INTERP || !ph.p_filesz ||
		    ph.p_filesz >= size)
			continue;
		if (pread(fd, buf, ph.p_filesz, (off_t)ph.p_offset) !=
		    (ssize_t)ph.p_filesz)
			buf[0] = '\0';
		else
			buf[ph.p_filesz] = '\0';
		return;
	}
}

int needs_resolve(const char *prog, struct needs *n)
{
	char real[PATH_MAX], *slash;
	Elf64_Ehdr eh;
	int fd, r;

	memset(n, 0, sizeof(*n));
	if (!realpath(prog, real))
		return -errno;
	slash = strrchr(real, '/');
	if (slash)
		*slash = '\0';
	snprintf(n->progdir, sizeof(n->progdir), "%s", real);
	fd = open(prog, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (!elf_of(fd, NULL, false, &eh)) {
		close(fd);
		return -ENOEXEC;
	}
	read_interp(fd, &eh, n->interp, sizeof(n->interp));
	close(fd);
	r = resolve(n, prog, &eh, 0);
	if (r >= 0 && n->interp[0])
		r = add(n, n->interp);
	return r < 0 ? r : 0;
}
