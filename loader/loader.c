/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The loader's start (see loader.h). Its argv, as fs_execveat() builds
 * it: "tamago-loader", the handover, the path the program was run by,
 * its absolute path in the sandbox, then the program's own argv. The handover, "tamago:1:<arena fd>:<program
 * fd>:<cwd inode>:<umask>:<fd limit>", is checked like any other input:
 * a program may exec the loader itself with arguments of its making, and
 * then gets, at worst, a broken emulation of its own sandbox.
 */
#include <errno.h>
#include <limits.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/sysmacros.h>

#include "core/api.h"
#include "core/config.h"
#include "core/lock.h"
#include "core/msg.h"
#include "core/sys.h"
#include "fs/fs.h"
#include "hooks/det.h"
#include "hooks/hooks.h"
#include "loader/loader.h"
#include "net/net.h"
#include "trap/trap.h"

ARCH_LOADER_START;
#ifdef ARCH_SA_RESTORER
ARCH_RESTORER;
#endif

extern const struct core_api loader_api;

static struct image program, interp;
static const char *program_name = "";

const struct image *loader_program(void)
{
	return &program;
}

const char *loader_program_name(void)
{
	return program_name;
}

__attribute__((noreturn)) static void fail(const char *what, long err)
{
	char num[24];

	msg(what, ": error ", msg_dec(num, -err));
	for (;;)
		sys3(SYS_exit_group, 127, 0, 0);
}

/* The loader's own R_*_RELATIVE relocations: its data's pointers. */
static void relocate(void)
{
	extern const arch_dyn _DYNAMIC[] __attribute__((visibility("hidden")));
	extern const char __ehdr_start[] __attribute__((visibility("hidden")));
	unsigned long base = (unsigned long)__ehdr_start;
	const arch_rel *rel = NULL;
	unsigned long size = 0, i;

	for (i = 0; _DYNAMIC[i].d_tag != DT_NULL; i++) {
		if (_DYNAMIC[i].d_tag == ARCH_DT_REL)
			rel = (const arch_rel *)(base + _DYNAMIC[i].d_un.d_ptr);
		else if (_DYNAMIC[i].d_tag == ARCH_DT_RELSZ)
			size = _DYNAMIC[i].d_un.d_val;
	}
	for (i = 0; rel && i < size / sizeof(*rel); i++) {
		unsigned long *place;

		if (ARCH_REL_TYPE(rel[i].r_info) != ARCH_R_RELATIVE)
			continue;
		/* RELA's addend is in the entry, REL's at the place. */
		place = (unsigned long *)(base + rel[i].r_offset);
		*place = base + ARCH_REL_ADDEND(&rel[i], place);
	}
}

/* The next ':'-separated number of s; -1 if there is none. */
static long next_num(const char **s)
{
	const char *p = *s;
	unsigned long v = 0;

	if (*p != ':')
		return -1;
	p++;
	if (*p < '0' || *p > '9')
		return -1;
	while (*p >= '0' && *p <= '9' && v < (unsigned long)LONG_MAX / 10)
		v = v * 10 + (unsigned long)(*p++ - '0');
	*s = p;
	return (long)v;
}

struct handover {
	long arena, prog, cwd, umask, nofile;
};

static bool parse_handover(const char *s, struct handover *h)
{
	size_t n = sizeof(FS_HANDOVER) - 1;

	if (strncmp(s, FS_HANDOVER, n))
		return false;
	s += n;
	h->arena = next_num(&s);
	h->prog = next_num(&s);
	h->cwd = next_num(&s);
	h->umask = next_num(&s);
	h->nofile = next_num(&s);
	return !*s && h->arena >= 0 && h->prog >= 0 && h->cwd >= 0 &&
	       h->umask >= 0 && h->nofile >= 0;
}

/* Is interp glibc's dynamic loader (the shim goes only into glibc's)? */
static bool glibc_interp(const char *path)
{
	const char *base = strrchr(path, '/');

	base = base ? base + 1 : path;
	return !strncmp(base, "ld-linux", 8);
}

/*
 * The stack the program starts on, below the loader's own frames:
 * argc, argv, envp (with LD_PRELOAD naming the shim for a glibc
 * program), the auxiliary vector for the program (its headers, entry,
 * interpreter base, AT_EXECFN, and AT_TAMAGO: the cores' table), then
 * the strings it adds.
 */
static unsigned long build_stack(int argc, char **argv, char **envp,
				 arch_auxv *auxv, const char *execfn,
				 const char *preload)
{
	static char preload_env[2 * CONFIG_PATH_MAX + 16];
	unsigned long sp, *w, here = 0;
	int envc = 0, auxc = 0, i, k;
	bool had = false;

	if (preload) {
		const char *old = NULL;

		for (i = 0; envp[i]; i++)
			if (!strncmp(envp[i], "LD_PRELOAD=", 11))
				old = envp[i] + 11;
		strcpy(preload_env, "LD_PRELOAD=");
		strncat(preload_env, preload, CONFIG_PATH_MAX);
		if (old && *old &&
		    strncmp(old, preload, strlen(preload))) {
			strcat(preload_env, ":");
			strncat(preload_env, old, CONFIG_PATH_MAX);
		} else if (old && *old) {
			strcpy(preload_env + 11, old);
		}
	}
	while (envp[envc])
		envc++;
	while (auxv[auxc].a_type != AT_NULL)
		auxc++;
	/*
	 * Far below whatever the loader still uses of its stack, which a
	 * local's address marks (__builtin_frame_address would take a frame
	 * pointer, r7 in Thumb code, where arm's system calls put their
	 * number).
	 */
	sp = ((unsigned long)&here - 256 * 1024) & ~15UL;
	sp -= ((unsigned long)(1 + argc + 1 + envc + 2 + 2 * (auxc + 2)) *
	       sizeof(unsigned long) + 15) & ~15UL;
	w = (unsigned long *)sp;
	k = 0;
	w[k++] = (unsigned long)argc;
	for (i = 0; i < argc; i++)
		w[k++] = (unsigned long)argv[i];
	w[k++] = 0;
	for (i = 0; i < envc; i++) {
		if (preload && !strncmp(envp[i], "LD_PRELOAD=", 11)) {
			if (had)
				continue;
			had = true;
			w[k++] = (unsigned long)preload_env;
			continue;
		}
		w[k++] = (unsigned long)envp[i];
	}
	if (preload && !had)
		w[k++] = (unsigned long)preload_env;
	w[k++] = 0;
	for (i = 0; i < auxc; i++) {
		unsigned long type = auxv[i].a_type, val = auxv[i].a_un.a_val;

		switch (type) {
		case AT_PHDR:
			val = program.phdr;
			break;
		case AT_PHENT:
			val = sizeof(arch_phdr);
			break;
		case AT_PHNUM:
			val = program.phnum;
			break;
		case AT_ENTRY:
			val = program.entry;
			break;
		case AT_BASE:
			val = interp.entry ? interp.bias : 0;
			break;
		case AT_EXECFN:
			val = (unsigned long)execfn;
			break;
		case AT_SECURE:
			val = 0;
			break;
		case AT_EXECFD:
		case AT_TAMAGO:
			continue;
		case AT_SYSINFO_EHDR:
			/* Under the virtual clock, no vDSO: glibc and Go then
			 * read the clock by system calls, which the filter
			 * traps (hooks/det.h). */
			if (det_vclock())
				continue;
			break;
		case AT_RANDOM:
			/* The 16 bytes glibc and Go seed from (stack guard,
			 * Go's map order): the seeded stream's, when there is
			 * one. */
			if (det_seeded() && val)
				hooks_random((void *)val, 16, 0);
			break;
		}
		w[k++] = type;
		w[k++] = val;
	}
	w[k++] = AT_TAMAGO;
	w[k++] = (unsigned long)&loader_api;
	w[k++] = AT_NULL;
	w[k++] = 0;
	return sp;
}

__attribute__((noreturn, used)) void loader_main(unsigned long *sp)
{
	int argc = (int)sp[0], i;
	char **argv = (char **)(sp + 1), **envp = argv + argc + 1;
	const struct core_config *cfg;
	const char *preload = NULL;
	struct handover h;
	arch_auxv *auxv;
	enum raw_mode raw;
	unsigned long vdso = 0;
	long r;

	relocate();
	for (i = 0; envp[i]; i++)
		;
	auxv = (arch_auxv *)(envp + i + 1);
	loader_auxv = (const unsigned long *)auxv;
	for (i = 0; auxv[i].a_type != AT_NULL; i++) {
		if (auxv[i].a_type == AT_PAGESZ)
			elf_page_size(auxv[i].a_un.a_val);
		if (auxv[i].a_type == AT_SYSINFO_EHDR)
			vdso = auxv[i].a_un.a_val;
	}
	if (argc < 5 || !parse_handover(argv[1], &h)) {
		msg("tamago-loader: run by the sandbox only (fs/exec.c)");
		for (;;)
			sys3(SYS_exit_group, 126, 0, 0);
	}
	r = fs_attach((int)h.arena, (uint32_t)h.cwd, (mode_t)h.umask,
		      (uint64_t)h.nofile);
	if (r < 0)
		fail("joining the sandbox", r);
	cfg = core_config();
	raw = cfg->raw <= RAW_LOG ? (enum raw_mode)cfg->raw : RAW_KILL;
	program_name = argv[2];
	program_invocation_name = argv[4];
	proc_set_exe(argv[3]);
	net_set_mode(cfg->net == NET_LOOPBACK ? "loopback" : "none");
	r = hooks_init((clock_gettime_fn)vdso_symbol(vdso, ARCH_VDSO_CLOCK),
		       fs_device_fd(makedev(1, 9)));
	if (r < 0)
		fail("handlers", r);
	r = elf_map((int)h.prog, &program);
	if (r < 0)
		fail(argv[2], r);
	/* A Go program makes its own system calls, past libc: serve them. */
	if (elf_has_section((int)h.prog, ".go.buildinfo"))
		raw = RAW_EMULATE;
	sys_close((int)h.prog);
	r = trap_init(raw);
	if (r < 0)
		fail("SIGSYS handler", r);
	/* Blocked, the next trapped call would kill (force_sig_seccomp). */
	{
		uint64_t sys = 1ULL << (SIGSYS - 1);

		sys_sigmask(SIG_UNBLOCK, &sys, NULL);
	}
	if (program.interp[0]) {
		/* The dynamic loader, from the sandbox's file system. */
		int fd = fs_open_mapped(AT_FDCWD, program.interp);

		if (fd < 0)
			fail(program.interp, fd);
		r = elf_map(fd, &interp);
		sys_close(fd);
		if (r < 0)
			fail(program.interp, r);
		if (glibc_interp(program.interp) && cfg->shim[0])
			preload = cfg->shim;
	}
	arch_jump(interp.entry ? interp.entry : program.entry,
		  build_stack(argc - 4, argv + 4, envp, auxv, argv[2],
			      preload));
}
