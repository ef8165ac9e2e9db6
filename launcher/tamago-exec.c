/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * tamago-exec: what tamago-run execs to start the program, so that code
 * running before the shim's constructor (the program's preinit_array and
 * IFUNC resolvers, its libraries' constructors) is confined too.
 *
 *   TAMAGO_EXEC_PRELOAD=shim.so tamago-exec PATH ARGV0 [ARGS...]
 *
 * It runs without the shim and gives the program TAMAGO_EXEC_PRELOAD as
 * its LD_PRELOAD.
 * It refuses (exit 126, "tamago: <prog>: <why>") a program that is not a
 * dynamically linked ELF executable (LD_PRELOAD cannot reach a static
 * one) or that is setuid or setgid. Then, before exec:
 *   - fds but 0, 1, 2 and TAMAGO_KEEP_FDS are closed;
 *   - with TAMAGO_FS_SIZE, the sized tmpfs for the shim's files is made
 *     (fssize.c);
 *   - Landlock (where the kernel has it) lets host files be read only
 *     where the dynamic loader needs them: the program, its interpreter,
 *     the library directories (and the program's RUNPATH and
 *     LD_LIBRARY_PATH), the loader cache, the preloaded shim and
 *     hooks, this process's own /proc directory, and the five devices the
 *     shim stands in for; the sized tmpfs may be read and written; no
 *     TCP, no abstract sockets or signals outside;
 *   - a first seccomp filter (default allow) kills the calls that no
 *     program may make (the shim's killed class), refuses sockets, host
 *     file creation and renaming, any exec but this one, the ioctl and
 *     fcntl requests that reach beyond their fd, and, without Landlock's
 *     signal scoping, signals to any other process.
 * The shim's own filter then stacks on top: for every call the stricter
 * of the two answers wins, and its traps still reach the shim.
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <linux/landlock.h>
#include <linux/sched.h>
#include <seccomp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "arch.h"
#include "seal/fssize.h"
#include "seal/keepfds.h"
#include "seal/landlock.h"
#include "seal/scmp-rules.h"

#define REFUSED 126
#define FAILED 125

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

static const char *prog_name;
/* The program's DT_RUNPATH or DT_RPATH, $ORIGIN expanded. */
static char runpath[4096];

static void die(int status, const char *what, const char *why)
{
	fprintf(stderr, "tamago: %s: %s\n", what, why);
	exit(status);
}

/* The calls no program may make, before or after the shim's seal. */
static const char *const killed[] = {
	"io_uring_setup", "io_uring_enter", "io_uring_register", "ptrace",
	"process_vm_readv", "process_vm_writev", "process_madvise",
	"pidfd_getfd", "kcmp", "bpf", "perf_event_open", "userfaultfd",
	"mount", "umount2", "fsopen", "fsconfig", "fsmount", "fspick",
	"move_mount", "open_tree", "mount_setattr", "unshare", "setns",
	"chroot", "pivot_root", "keyctl", "add_key", "request_key",
	"kexec_load", "kexec_file_load", "init_module", "finit_module",
	"delete_module", "fanotify_init", "fanotify_mark",
	"name_to_handle_at", "open_by_handle_at", "shmget", "shmat",
	"shmctl", "shmdt", "semget", "semop", "semctl", "semtimedop",
	"msgget", "msgsnd", "msgrcv", "msgctl", "mq_open", "mq_unlink",
	"mq_timedsend", "mq_timedreceive", "mq_notify", "mq_getsetattr",
	"syslog", "acct", "swapon", "swapoff", "reboot", "quotactl",
	"quotactl_fd", "iopl", "ioperm", "settimeofday", "clock_settime",
	"adjtimex", "clock_adjtime", "sethostname", "setdomainname",
	"vhangup", "lookup_dcookie", "nfsservctl",
};

/* Path calls that would change the host's file system: EACCES. */
static const char *const no_write[] = {
	"creat", "unlink", "unlinkat", "rename", "renameat", "renameat2",
	"mkdir", "mkdirat", "rmdir", "link", "linkat", "symlink",
	"symlinkat", "chmod", "fchmodat", "fchmodat2", "chown", "lchown",
	"fchownat", "truncate", "mknod", "mknodat", "utime", "utimes",
	"futimesat", "setxattr", "lsetxattr", "removexattr",
	"lremovexattr", "socket", "execveat",
};

#define RULE(act, name, ...)                                                 \
	add_rule(ctx, act, name, __VA_ARGS__)

static int add_rule(scmp_filter_ctx ctx, uint32_t act, const char *name,
		    unsigned int n, ...)
{
	int nr = seccomp_syscall_resolve_name(name);
	struct scmp_arg_cmp c[2];
	va_list ap;
	unsigned int i;

	if (nr < 0)
		return 0;
	va_start(ap, n);
	for (i = 0; i < n && i < 2; i++)
		c[i] = va_arg(ap, struct scmp_arg_cmp);
	va_end(ap);
	return seccomp_rule_add_array(ctx, act, nr, n, c);
}

/*
 * Open flags that create or truncate: EACCES, for open and creat, and for
 * openat relative to the working directory. openat on another directory
 * fd is left to Landlock: the shim reopens its memfds that way.
 */
static int rules_open(scmp_filter_ctx ctx)
{
	static const int bad[] = { O_CREAT, O_TRUNC, O_TMPFILE & ~O_DIRECTORY };
	uint32_t no = SCMP_ACT_ERRNO(EACCES);
	size_t i;
	int r = 0;

	for (i = 0; r == 0 && i < sizeof(bad) / sizeof(bad[0]); i++) {
		r = RULE(no, "open", 1,
			 SCMP_A1_64(SCMP_CMP_MASKED_EQ, bad[i], bad[i]));
		if (r == 0)
			r = RULE(no, "openat", 2,
				 SCMP_A0_32(SCMP_CMP_EQ, (uint32_t)AT_FDCWD),
				 SCMP_A2_64(SCMP_CMP_MASKED_EQ, bad[i],
					    bad[i]));
	}
	return r;
}

/*
 * Requests that reach beyond the fd (terminal input, SIGIO owners), and,
 * where Landlock does not scope signals, any signal but to this process
 * (its pid survives the exec).
 */
static int rules_reach(scmp_filter_ctx ctx, bool scoped)
{
	static const char *const sig_calls[] = {
		"kill", "tgkill", "tkill", "rt_sigqueueinfo",
		"rt_tgsigqueueinfo",
	};
	uint32_t self = (uint32_t)getpid();
	size_t i;
	int r = 0;

	for (i = 0; r == 0 && i < scmp_bad_ioctls_len; i++)
		r = RULE(SCMP_ACT_ERRNO(EPERM), "ioctl", 1,
			 SCMP_A1_64(SCMP_CMP_MASKED_EQ, 0xffffffffULL,
				    scmp_bad_ioctls[i]));
	for (i = 0; r == 0 && i < scmp_bad_fcntls_len; i++)
		r = RULE(SCMP_ACT_ERRNO(EPERM), "fcntl", 1,
			 SCMP_A1_64(SCMP_CMP_MASKED_EQ, 0xffffffffULL,
				    scmp_bad_fcntls[i]));
	for (i = 0; r == 0 && !scoped && i < 5; i++) {
		int nr = seccomp_syscall_resolve_name(sig_calls[i]);

		if (nr >= 0)
			/* Own pid: the default (allow); libseccomp refuses
			 * a rule with the default action (EACCES). */
			r = scmp_partition(ctx, nr, 0, &self, 1, SCMP_DEFAULT,
					   SCMP_ACT_ERRNO(EPERM), NULL);
	}
	return r;
}

static int first_filter(const char *exec_path, bool scoped)
{
	static const uint64_t ns[] = {
		CLONE_NEWNS, CLONE_NEWCGROUP, CLONE_NEWUTS, CLONE_NEWIPC,
		CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET, CLONE_NEWTIME,
	};
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
	size_t i;
	int r;

	if (!ctx)
		return -ENOMEM;
	r = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH,
			     SCMP_ACT_KILL_PROCESS);
	for (i = 0; r == 0 && i < sizeof(killed) / sizeof(killed[0]); i++)
		r = RULE(SCMP_ACT_KILL_PROCESS, killed[i], 0);
	for (i = 0; r == 0 && i < sizeof(no_write) / sizeof(no_write[0]); i++)
		r = RULE(SCMP_ACT_ERRNO(EACCES), no_write[i], 0);
	for (i = 0; r == 0 && i < sizeof(ns) / sizeof(ns[0]); i++)
		r = RULE(SCMP_ACT_KILL_PROCESS, "clone", 1,
			 SCMP_A0_64(SCMP_CMP_MASKED_EQ, ns[i], ns[i]));
	if (r == 0)
		r = RULE(SCMP_ACT_ERRNO(ENOSYS), "clone3", 0);
	if (r == 0)
		r = RULE(SCMP_ACT_ERRNO(ENOSYS), "openat2", 0);
	if (r == 0)
		r = rules_open(ctx);
	if (r == 0)
		r = rules_reach(ctx, scoped);
	/*
	 * utimensat on an fd (no path) stays allowed above stdio: the shim
	 * sets its memfds' times that way after the seal, and this filter
	 * stays in force then. Left to code that runs before the shim: the
	 * times of a host file it may read (root only).
	 */
	if (r == 0)
		r = RULE(SCMP_ACT_ERRNO(EACCES), "utimensat", 1,
			 SCMP_A1_64(SCMP_CMP_NE, 0));
	if (r == 0)
		r = RULE(SCMP_ACT_ERRNO(EACCES), "utimensat", 2,
			 SCMP_A0_32(SCMP_CMP_LT, 3), SCMP_A1_64(SCMP_CMP_EQ, 0));
	/*
	 * One exec: of the path at exec_path, a page at a random address
	 * that the program never learns; any other exec is refused.
	 */
	if (r == 0)
		r = RULE(SCMP_ACT_ERRNO(EACCES), "execve", 1,
			 SCMP_A0_64(SCMP_CMP_NE, (uint64_t)exec_path));
	if (r == 0)
		r = seccomp_load(ctx);
	seccomp_release(ctx);
	return r;
}

#define LL_READ (LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_READ_DIR)
#define LL_EXEC (LL_READ | LANDLOCK_ACCESS_FS_EXECUTE)


static void ll_allow(int ruleset, const char *path, uint64_t access)
{
	struct landlock_path_beneath_attr pb = { 0 };
	struct stat st;
	int fd;

	if (!path || !*path)
		return;
	fd = open(path, O_PATH | O_CLOEXEC);
	if (fd < 0)
		return;
	if (fstat(fd, &st) == 0 && !S_ISDIR(st.st_mode))
		access &= ~(uint64_t)LANDLOCK_ACCESS_FS_READ_DIR;
	pb.parent_fd = fd;
	pb.allowed_access = access;
	syscall(SYS_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH,
		&pb, 0);
	close(fd);
}

/* Each element of a ':'-separated list (LD_PRELOAD, LD_LIBRARY_PATH). */
static void ll_allow_list(int ruleset, const char *list, uint64_t access)
{
	char buf[4096], *p, *save = NULL;

	if (!list || strlen(list) >= sizeof(buf))
		return;
	strcpy(buf, list);
	for (p = strtok_r(buf, ": ", &save); p; p = strtok_r(NULL, ": ", &save))
		ll_allow(ruleset, p, access);
}

static bool landlock(const char *prog, const char *interp, int size_fd,
		     bool *scoped)
{
	static const char *const libdirs[] = {
		"/lib", "/lib64", "/lib32", "/usr/lib", "/usr/lib64",
		"/usr/lib32", "/usr/local/lib", "/etc/ld.so.cache",
		"/etc/ld.so.preload",
	};
	char self[64];
	long abi;
	size_t i;
	int fd, r;

	*scoped = false;
	fd = (int)landlock_ruleset(&abi);
	if (fd < 0)
		return false;
	for (i = 0; i < sizeof(libdirs) / sizeof(libdirs[0]); i++)
		ll_allow(fd, libdirs[i], LL_EXEC);
	ll_allow(fd, prog, LL_EXEC);
	ll_allow(fd, interp, LL_EXEC);
	ll_allow_list(fd, getenv("LD_PRELOAD"), LL_EXEC);
	ll_allow_list(fd, getenv("LD_LIBRARY_PATH"), LL_EXEC);
	ll_allow_list(fd, runpath, LL_EXEC);
	ll_allow(fd, getenv("TAMAGO_HOOKS"), LL_EXEC);
	/* The images the shim loads before sealing (TAMAGO_FS_FD's are
	 * fds, open already). */
	ll_allow_list(fd, getenv("TAMAGO_FS"), LL_READ);
	/* The shim reads /proc/self/status; exec keeps the pid. */
	snprintf(self, sizeof(self), "/proc/%d", (int)getpid());
	ll_allow(fd, self, LL_READ);
	ll_allow(fd, "/dev/null", LL_READ | LANDLOCK_ACCESS_FS_WRITE_FILE);
	ll_allow(fd, "/dev/zero", LL_READ | LANDLOCK_ACCESS_FS_WRITE_FILE);
	ll_allow(fd, "/dev/full", LL_READ | LANDLOCK_ACCESS_FS_WRITE_FILE);
	ll_allow(fd, "/dev/random", LL_READ);
	ll_allow(fd, "/dev/urandom", LL_READ);
	/* The sized tmpfs of the shim's files, made before this layer. */
	if (size_fd >= 0 && landlock_grant_rw(fd, abi, size_fd) < 0)
		die(FAILED, "Landlock", "cannot grant the sized tmpfs");
	r = (int)syscall(SYS_landlock_restrict_self, fd, 0);
	close(fd);
	*scoped = r == 0 && abi >= 6;
	return r == 0;
}

/*
 * TAMAGO_FS_SIZE: the shim keeps file contents in a sized tmpfs, made
 * here because this process's Landlock layer must grant it (and the
 * first filter refuses mounting to everything after it). Its root fd is
 * handed over as TAMAGO_FS_SIZE_FD. Returns it, or -1 without a limit.
 */
static int size_mount(void)
{
	char num[24];
	uint64_t size;
	long fd;

	if (fssize_parse(getenv("TAMAGO_FS_SIZE"), &size) < 0)
		die(FAILED, "TAMAGO_FS_SIZE", FSSIZE_BAD);
	if (!size)
		return -1;
	fd = fssize_mount(size);
	if (fd < 0)
		die(FAILED, "TAMAGO_FS_SIZE", fssize_why(fd));
	snprintf(num, sizeof(num), "%ld", fd);
	if (setenv(FSSIZE_FD_ENV, num, 1) < 0)
		die(FAILED, "tamago-exec", strerror(errno));
	return (int)fd;
}

/* A virtual address of the file to its offset, through the PT_LOADs. */
static off_t vaddr_off(int fd, const ElfW(Ehdr) *eh, uint64_t va)
{
	ElfW(Phdr) ph;
	int i;

	for (i = 0; i < eh->e_phnum; i++) {
		off_t off = (off_t)(eh->e_phoff + (uint64_t)i * sizeof(ph));

		if (pread(fd, &ph, sizeof(ph), off) != sizeof(ph))
			break;
		if (ph.p_type == PT_LOAD && va >= ph.p_vaddr &&
		    va < ph.p_vaddr + ph.p_filesz)
			return (off_t)(va - ph.p_vaddr + ph.p_offset);
	}
	return -1;
}

/* DT_RUNPATH (or DT_RPATH) with $ORIGIN made the program's directory. */
static void read_runpath(int fd, const ElfW(Ehdr) *eh, const ElfW(Phdr) *dyn,
			 const char *path)
{
	uint64_t strtab = 0, rp = UINT64_MAX;
	char raw[2048], origin[2048], *o, *p;
	ElfW(Dyn) d;
	uint64_t k;
	off_t soff;
	ssize_t n;
	size_t len = 0;

	for (k = 0; k < dyn->p_filesz / sizeof(d); k++) {
		off_t at = (off_t)(dyn->p_offset + k * sizeof(d));

		if (pread(fd, &d, sizeof(d), at) != sizeof(d) ||
		    d.d_tag == DT_NULL)
			break;
		if (d.d_tag == DT_STRTAB)
			strtab = d.d_un.d_ptr;
		else if (d.d_tag == DT_RUNPATH ||
			 (d.d_tag == DT_RPATH && rp == UINT64_MAX))
			rp = d.d_un.d_val;
	}
	if (rp == UINT64_MAX || !strtab)
		return;
	soff = vaddr_off(fd, eh, strtab);
	n = soff < 0 ? -1 : pread(fd, raw, sizeof(raw) - 1, soff + (off_t)rp);
	if (n <= 0)
		return;
	raw[n] = '\0';
	if (!realpath(path, origin))
		return;
	o = strrchr(origin, '/');
	if (o)
		*o = '\0';
	for (p = raw; *p && len < sizeof(runpath) - 1; p++) {
		const char *sub = NULL;

		if (!strncmp(p, "$ORIGIN", 7)) {
			sub = origin;
			p += 6;
		} else if (!strncmp(p, "${ORIGIN}", 9)) {
			sub = origin;
			p += 8;
		}
		if (sub) {
			size_t l = strlen(sub);

			if (len + l >= sizeof(runpath))
				break;
			memcpy(runpath + len, sub, l);
			len += l;
		} else {
			runpath[len++] = *p;
		}
	}
	runpath[len] = '\0';
}

/* The program's PT_INTERP into interp; refuses what we cannot confine. */
static void inspect(const char *path, char *interp, size_t size)
{
	ElfW(Ehdr) eh;
	ElfW(Phdr) ph;
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	int i;

	if (fd < 0 || fstat(fd, &st) < 0)
		die(FAILED, prog_name, strerror(errno));
	memset(&eh, 0, sizeof(eh));
	if (!S_ISREG(st.st_mode))
		die(REFUSED, prog_name, "not a regular file");
	if (st.st_mode & (S_ISUID | S_ISGID))
		die(REFUSED, prog_name,
		    "setuid or setgid program refused (it would run with "
		    "another identity, without the shim)");
	/* Of this machine's class and type: the shim is. */
	if (pread(fd, &eh, sizeof(eh), 0) != sizeof(eh) ||
	    memcmp(eh.e_ident, ELFMAG, SELFMAG) ||
	    eh.e_ident[EI_CLASS] !=
		    (__ELF_NATIVE_CLASS == 64 ? ELFCLASS64 : ELFCLASS32) ||
	    eh.e_machine != ARCH_ELF_MACHINE ||
	    eh.e_phentsize != sizeof(ph))
		die(REFUSED, prog_name,
		    eh.e_ident[0] == '#' && eh.e_ident[1] == '!' ?
			    "a script: its interpreter would look for it in "
			    "the in-memory file system" :
			    "not an ELF executable for " ARCH_NAME);
	interp[0] = '\0';
	for (i = 0; i < eh.e_phnum; i++) {
		off_t off = (off_t)(eh.e_phoff + (uint64_t)i * sizeof(ph));

		if (pread(fd, &ph, sizeof(ph), off) != sizeof(ph))
			break;
		if (ph.p_type == PT_DYNAMIC)
			read_runpath(fd, &eh, &ph, path);
		if (ph.p_type != PT_INTERP || ph.p_filesz >= size)
			continue;
		if (pread(fd, interp, ph.p_filesz, (off_t)ph.p_offset) !=
		    (ssize_t)ph.p_filesz)
			interp[0] = '\0';
		else
			interp[ph.p_filesz] = '\0';
	}
	close(fd);
	if (!interp[0])
		die(REFUSED, prog_name,
		    "statically linked (no PT_INTERP): LD_PRELOAD cannot "
		    "confine it");
}

/* A page at a random address holding the path that may be exec'd. */
static char *exec_page(const char *path)
{
	size_t len = strlen(path) + 1, size = (len + 4095) & ~4095UL;
	uint64_t rnd = 0;
	char *p = MAP_FAILED;
	int tries;

	for (tries = 0; tries < 16 && p == MAP_FAILED; tries++) {
		if (getrandom(&rnd, sizeof(rnd), 0) != sizeof(rnd))
			break;
		/* Somewhere in the lower 46 bits (30 on 32-bit targets),
		 * page aligned. */
		if (sizeof(void *) == 8)
			rnd = (rnd & 0x3ffffffff000ULL) | 0x100000000ULL;
		else
			rnd = (rnd & 0x3ffff000ULL) | 0x10000000ULL;
		p = mmap((void *)rnd, size, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE,
			 -1, 0);
	}
	if (p == MAP_FAILED)
		die(FAILED, "tamago-exec", "cannot place the exec path");
	memcpy(p, path, len);
	return p;
}

int main(int argc, char **argv)
{
	char interp[256], *path;
	const char *preload;
	bool scoped;
	int r, size_fd;

	if (argc < 3)
		die(FAILED, "tamago-exec",
		    "usage: tamago-exec PATH ARGV0 ARGS...");
	prog_name = argv[1];
	inspect(argv[1], interp, sizeof(interp));
	preload = getenv("TAMAGO_EXEC_PRELOAD");
	if (!preload || !*preload)
		die(FAILED, "tamago-exec", "TAMAGO_EXEC_PRELOAD is not set");
	if (setenv("LD_PRELOAD", preload, 1) < 0)
		die(FAILED, "tamago-exec", strerror(errno));
	unsetenv("TAMAGO_EXEC_PRELOAD");
	/* Only the tmpfs made below is the shim's to take. */
	unsetenv(FSSIZE_FD_ENV);
	r = fd_close_inherited(fd_keep_list());
	if (r == -EINVAL)
		die(FAILED, "TAMAGO_KEEP_FDS",
		    "expected fd numbers, as in 3,4");
	size_fd = size_mount();
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		die(FAILED, "no_new_privs", strerror(errno));
	if (!landlock(argv[1], interp, size_fd, &scoped))
		fprintf(stderr, "tamago: Landlock unavailable: until the shim "
				"seals, host files are guarded by the first "
				"seccomp filter alone\n");
	path = exec_page(argv[1]);
	r = first_filter(path, scoped);
	if (r < 0)
		die(FAILED, "seccomp filter", strerror(-r));
	execve(path, argv + 2, environ);
	die(FAILED, prog_name, strerror(errno));
}
