/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The escape suite's probe, in bubblewrap's try-syscall style: each mode
 * makes one attempt to get out and prints what came back, on one line:
 *
 *   MODE: escaped DETAIL     it reached the host (a file byte, a host
 *                            path, a peer, another process, kernel surface)
 *   MODE: errno ENAME        the attempt failed with that errno
 *   MODE: contained DETAIL   it failed some other way (a child killed, ...)
 *   MODE: ok DETAIL          it worked and gives nothing (allowed on purpose)
 *
 * A mode killed by the filter prints nothing and dies of SIGSYS. run.sh
 * runs every mode under tamago-run and natively (where the machine lets
 * it escape) and compares with expected.txt. Nothing here leaves the
 * machine: network modes aim at loopback listeners run.sh starts.
 *
 *   probe MODE        (probe list: the modes)
 * Environment: ESCAPE_PORT (the loopback listener), ESCAPE_TMP (a host
 * directory), ESCAPE_UNIX (abstract and path socket name), ESCAPE_SHM
 * (SysV shm key of the host's segment), ESCAPE_VICTIM (a host process
 * run.sh started: a sleep), ESCAPE_VICTIM_UID (a uid only that process
 * runs as), ESCAPE_NULL (natively: a device node like /dev/null in the
 * scratch directory), ESCAPE_DGRAM_VICTIM (a host datagram socket path
 * nobody named).
 */
#include <dirent.h>
#include <errno.h>
#include <dlfcn.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <linux/keyctl.h>
#include <linux/perf_event.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdbool.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/fanotify.h>
#include <sys/inotify.h>
#include <sys/ioctl.h>
#include <sys/klog.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/shm.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <unistd.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/fs.h>
#include <linux/seccomp.h>
#include <linux/sched.h>
#include <net/if.h>
#include <poll.h>
#include <sys/sysmacros.h>

#include "core/sys.h"

/*
 * A host file the sandbox never holds (the loader cache stays out): not
 * /etc/passwd, of which the sandbox has a preset of its own
 * (launcher/preset.c). The suite's run with --ro=/usr --ro=/etc, which
 * shows those, aims at one beyond them.
 */
#ifndef HOST_FILE
#define HOST_FILE "/etc/ld.so.cache"
#endif
/* A host directory the sandbox shows only its presets of, or nothing. */
#ifndef HOST_DIR
#define HOST_DIR "/etc"
#endif

static const char *mode;
/* main's, for the probes that take arguments. */
static int g_argc;
static char **g_argv;

static void say(const char *what, const char *detail)
{
	printf("%s: %s%s%s\n", mode, what, detail ? " " : "",
	       detail ? detail : "");
	fflush(stdout);
}

static void escaped(const char *detail)
{
	say("escaped", detail);
}

static void err(long e)
{
	say("errno", strerrorname_np((int)(e < 0 ? -e : e)));
}

/* A raw result: >= 0 is the host's answer, else -errno. */
static void raw_result(long r, const char *detail)
{
	if (r >= 0)
		escaped(detail);
	else
		err(r);
}

/* libc result: -1 and errno, or the host's answer. */
static void libc_result(long r, const char *detail)
{
	raw_result(r < 0 ? -errno : r, detail);
}

static long read_fd(long fd, const char *detail)
{
	char buf[64];
	long n;

	if (fd < 0)
		return fd;
	n = sys_read((int)fd, buf, sizeof(buf));
	if (n > 0)
		escaped(detail);
	else
		say("contained", "read nothing");
	return 0;
}

/* Raw calls straight at the host. */
static void p_raw_openat(void)
{
	long fd = sys_openat(AT_FDCWD, HOST_FILE, O_RDONLY, 0);

	if (fd < 0)
		err(fd);
	else
		read_fd(fd, "read " HOST_FILE);
}

/* raw-openat-as NAME: the same, reported as NAME (an exec'd copy). */
static void p_raw_openat_as(void)
{
	if (g_argc > 2)
		mode = g_argv[2];
	p_raw_openat();
}

static void p_raw_openat2(void)
{
	struct {
		uint64_t flags, mode, resolve;
	} how = { O_RDONLY, 0, 0 };
	long fd = sys6(SYS_openat2, AT_FDCWD, HOST_FILE, &how, sizeof(how), 0,
		       0);

	if (fd < 0)
		err(fd);
	else
		read_fd(fd, "read " HOST_FILE);
}

/*
 * Emulated (--raw=emulate), the fd is the shim's AF_UNIX stand-in: the
 * kernel's own answer (asked with the shim's pass tag, which the kernel
 * ignores) tells.
 */
static void p_raw_socket(void)
{
	long fd = sys3(SYS_socket, AF_INET, SOCK_STREAM, 0);
	int domain = -1;
	socklen_t len = sizeof(domain);

	if (fd < 0) {
		err(fd);
		return;
	}
	sys_pass(SYS_getsockopt, fd, SOL_SOCKET, SO_DOMAIN, &domain, &len);
	if (domain == AF_INET)
		escaped("inet socket");
	else
		say("contained", "a stand-in");
}

static struct sockaddr_in loopback(void)
{
	struct sockaddr_in in = { .sin_family = AF_INET };
	const char *port = getenv("ESCAPE_PORT");

	in.sin_port = htons((uint16_t)(port ? atoi(port) : 9));
	in.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return in;
}

static void p_raw_connect(void)
{
	struct sockaddr_in in = loopback();
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	raw_result(sys3(SYS_connect, fd, &in, sizeof(in)),
		   "connected to the host's listener");
}

static void p_raw_execve(void)
{
	char *argv[] = { "sh", "-c", "echo 'raw-execve: escaped ran sh'",
			 NULL };

	err(sys3(SYS_execve, "/bin/sh", argv, environ));
}

/*
 * Raw calls that only some architectures have (the old path calls) and
 * their foreign ABIs (x86_64's int 0x80 and x32): arch/<arch>/.
 */
#include "escape-probes.h"

/* The killed class: kernel surface no ordinary program needs. */
static void p_io_uring(void)
{
	char params[120] = { 0 };

	raw_result(sys3(SYS_io_uring_setup, 4, params, 0), "an io_uring");
}

static void p_ptrace_self(void)
{
	raw_result(sys6(SYS_ptrace, PTRACE_TRACEME, 0, 0, 0, 0, 0),
		   "traced by the parent");
}

static void p_ptrace_parent(void)
{
	/* SEIZE does not stop the parent; our exit detaches. */
	raw_result(sys6(SYS_ptrace, PTRACE_SEIZE, getppid(), 0, 0, 0, 0),
		   "seized the parent");
}

static void vm_read(pid_t pid, const char *detail)
{
	static char secret[8] = "secret";
	char buf[8];
	struct iovec l = { buf, sizeof(buf) }, r = { secret, sizeof(secret) };

	raw_result(sys6(SYS_process_vm_readv, pid, &l, 1, &r, 1, 0), detail);
}

static void p_vm_self(void)
{
	vm_read(getpid(), "read own memory by pid");
}

/* The parent's first mapping, from its maps (unconfined only). */
static void p_vm_parent(void)
{
	static char secret[8] = "secret";
	char path[64], line[128];
	unsigned long addr = (unsigned long)secret;
	struct iovec l, r;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/maps", (int)getppid());
	f = fopen(path, "r");
	if (f && fgets(line, sizeof(line), f))
		addr = strtoul(line, NULL, 16);
	if (f)
		fclose(f);
	l.iov_base = line;
	l.iov_len = 8;
	r.iov_base = (void *)addr;
	r.iov_len = 8;
	raw_result(sys6(SYS_process_vm_readv, getppid(), &l, 1, &r, 1, 0),
		   "read the parent's memory");
}

static void p_proc_self_mem(void)
{
	int fd = open("/proc/self/mem", O_RDONLY);

	libc_result(fd, "opened /proc/self/mem");
}

static void p_dotdot(void)
{
	int fd = open("/tmp/../../../.." HOST_FILE, O_RDONLY);

	if (fd < 0)
		err(-errno);
	else
		read_fd(fd, "read " HOST_FILE " through ..");
}

static void p_symlink(void)
{
	char link[256];
	int fd;

	snprintf(link, sizeof(link), "%s/passwd-link",
		 getenv("ESCAPE_TMP") ? getenv("ESCAPE_TMP") : "/tmp");
	unlink(link);
	if (symlink(HOST_FILE, link) < 0) {
		err(-errno);
		return;
	}
	fd = open(link, O_RDONLY);
	unlink(link);
	if (fd < 0)
		err(-errno);
	else
		read_fd(fd, "read " HOST_FILE " through a symlink");
}

static void p_by_handle(void)
{
	struct {
		struct file_handle fh;
		unsigned char b[128];
	} h;
	int mount_id;
	long r;

	h.fh.handle_bytes = sizeof(h.b);
	r = sys6(SYS_name_to_handle_at, AT_FDCWD, HOST_FILE, &h, &mount_id, 0,
		 0);
	if (r < 0) {
		err(r);
		return;
	}
	r = sys3(SYS_open_by_handle_at, AT_FDCWD, &h, O_RDONLY);
	if (r < 0)
		err(r);
	else
		read_fd(r, "read " HOST_FILE " by handle");
}

static void p_userfaultfd(void)
{
	raw_result(sys3(SYS_userfaultfd, O_CLOEXEC, 0, 0), "a userfaultfd");
}

static void p_bpf(void)
{
	union bpf_attr a;

	memset(&a, 0, sizeof(a));
	a.map_type = BPF_MAP_TYPE_ARRAY;
	a.key_size = 4;
	a.value_size = 4;
	a.max_entries = 1;
	raw_result(sys3(SYS_bpf, BPF_MAP_CREATE, &a, sizeof(a)), "a bpf map");
}

static void p_perf(void)
{
	struct perf_event_attr a;

	memset(&a, 0, sizeof(a));
	a.type = PERF_TYPE_SOFTWARE;
	a.size = sizeof(a);
	a.config = PERF_COUNT_SW_TASK_CLOCK;
	a.disabled = 1;
	raw_result(sys6(SYS_perf_event_open, &a, 0, -1, -1, 0, 0),
		   "a perf event");
}

static void p_mount(void)
{
	const char *dir = getenv("ESCAPE_TMP");
	long r = sys6(SYS_mount, "none", dir ? dir : "/tmp", "tmpfs", 0, 0, 0);

	if (r == 0)
		sys3(SYS_umount2, dir ? dir : "/tmp", MNT_DETACH, 0);
	raw_result(r, "mounted a tmpfs on the host");
}

static void p_unshare(void)
{
	raw_result(sys3(SYS_unshare, CLONE_NEWNS, 0, 0),
		   "a new mount namespace");
}

static void p_setns(void)
{
	int fd = open("/proc/self/ns/uts", O_RDONLY);

	raw_result(sys3(SYS_setns, fd < 0 ? 0 : fd, CLONE_NEWUTS, 0),
		   "joined a host namespace by fd");
}

static void p_chroot(void)
{
	raw_result(sys3(SYS_chroot, "/", 0, 0), "chroot");
}

static void p_pivot_root(void)
{
	raw_result(sys3(SYS_pivot_root, ".", ".", 0), "pivot_root");
}

static void p_kexec(void)
{
	/* Too many segments: even unconfined this loads nothing. */
	raw_result(sys6(SYS_kexec_load, 0, 1000, 0, 0, 0, 0), "kexec_load");
}

static void p_module(void)
{
	raw_result(sys3(SYS_finit_module, -1, "", 0), "finit_module");
}

static void p_keyctl(void)
{
	raw_result(sys3(SYS_keyctl, KEYCTL_GET_KEYRING_ID,
			KEY_SPEC_USER_KEYRING, 0),
		   "the user's keyring");
}

static void p_fanotify(void)
{
	raw_result(sys3(SYS_fanotify_init, FAN_CLASS_NOTIF, O_RDONLY, 0),
		   "a fanotify group");
}

static void p_inotify(void)
{
	int fd = inotify_init1(IN_CLOEXEC);

	raw_result(sys3(SYS_inotify_add_watch, fd < 0 ? 0 : fd, "/etc",
			IN_ALL_EVENTS),
		   "watching the host's /etc");
}

static void p_syslog(void)
{
	raw_result(sys3(SYS_syslog, 10 /* SIZE_BUFFER */, 0, 0),
		   "the kernel log");
}

static void p_pidfd(void)
{
	raw_result(sys3(SYS_pidfd_open, getppid(), 0, 0),
		   "a pidfd of the parent");
}

static pid_t victim(void)
{
	const char *v = getenv("ESCAPE_VICTIM");

	return v ? (pid_t)atoi(v) : 1;
}

static void p_kill_victim(void)
{
	raw_result(sys3(SYS_kill, victim(), 0, 0), "may signal a host process");
}

static void p_setown(void)
{
	int p[2];

	if (pipe(p) < 0) {
		err(-errno);
		return;
	}
	libc_result(fcntl(p[0], F_SETOWN, getppid()),
		    "SIGIO aimed at the parent");
}

static void p_prlimit_victim(void)
{
	struct rlimit rl;

	raw_result(sys6(SYS_prlimit64, victim(), RLIMIT_CORE, 0, &rl, 0, 0),
		   "a host process's limits");
}

static void p_tiocsti(void)
{
	char c = '\n';

	libc_result(ioctl(0, TIOCSTI, &c), "typed into the terminal");
}

/*
 * Bit 32 of a register, where registers have one (0 on 32-bit targets,
 * where the upper-bits probes make the plain call).
 */
#define HI_BIT ((long)((unsigned long)1 << 16 << 16))

/* The kernel reads the request as an unsigned int. */
static void p_tiocsti_hi(void)
{
	char c = '\n';

	raw_result(sys3(SYS_ioctl, 0, HI_BIT | TIOCSTI, &c),
		   "typed into the terminal with upper bits set");
}

/* exec: of a memfd holding a host shell, and through /proc/self/fd. */
/* A memfd holding a copy of this program, written by the program. */
static int memfd_self(void)
{
	int m = memfd_create("probe", 0);
	int fd = open("/proc/self/exe", O_RDONLY);
	char buf[65536];
	ssize_t n;

	while (fd >= 0 && m >= 0 && (n = read(fd, buf, sizeof(buf))) > 0)
		if (write(m, buf, (size_t)n) != n)
			break;
	if (fd >= 0)
		close(fd);
	return m;
}

/*
 * The copy, exec'd, tries a raw openat of the host file, reporting under
 * this probe's name: an exec of what the program wrote must stay as
 * confined as the program.
 */
static void p_memfd_execveat(void)
{
	char *argv[] = { "probe", "raw-openat-as", (char *)mode, NULL };
	int m = memfd_self();

	fexecve(m, argv, environ);
	err(-errno);
}

static void p_memfd_proc_exec(void)
{
	char *argv[] = { "probe", "raw-openat-as", (char *)mode, NULL };
	char path[64];

	snprintf(path, sizeof(path), "/proc/self/fd/%d", memfd_self());
	execv(path, argv);
	err(-errno);
}

/* The exec'd copy with no LD_PRELOAD and no TAMAGO_*: no less confined. */
static void p_exec_clean_env(void)
{
	char *argv[] = { "probe", "raw-openat-as", (char *)mode, NULL };
	char *envp[] = { NULL };
	char self[4096];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

	if (n < 0) {
		err(-errno);
		return;
	}
	self[n] = '\0';
	execve(self, argv, envp);
	err(-errno);
}

/* A host program the user never named. */
static void p_exec_host(void)
{
	char *argv[] = { "sh", "-c", "echo 'exec-host: escaped ran /bin/sh'",
			 NULL };

	execv("/bin/sh", argv);
	err(-errno);
}

/* via-sh MODE: MODE, started by a shell inside the sandbox (sh -c). */
static void p_via_sh(void)
{
	char self[4096];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

	if (g_argc < 3 || n < 0) {
		err(n < 0 ? -errno : -EINVAL);
		return;
	}
	self[n] = '\0';
	mode = g_argv[2];
	execl("/bin/sh", "sh", "-c", "exec \"$0\" \"$1\"", self, mode,
	      (char *)NULL);
	err(-errno);
}

static void p_fork_raw(void)
{
	pid_t pid = fork();
	int st;

	if (pid == 0) {
		long fd = sys_openat(AT_FDCWD, HOST_FILE, O_RDONLY, 0);
		char b[8];

		_exit(fd >= 0 && sys_read((int)fd, b, sizeof(b)) > 0 ? 0 : 1);
	}
	waitpid(pid, &st, 0);
	if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
		escaped("the child read " HOST_FILE);
	else if (WIFSIGNALED(st))
		say("contained", strsignal(WTERMSIG(st)));
	else
		say("contained", "the child failed");
}

static void p_clone_ns(void)
{
	long pid = sys6(SYS_clone, CLONE_NEWUSER | SIGCHLD, 0, 0, 0, 0, 0);

	if (pid == 0)
		sys3(SYS_exit, 0, 0, 0);
	if (pid > 0)
		waitpid((pid_t)pid, NULL, 0);
	raw_result(pid, "a child in a new user namespace");
}

static void p_personality(void)
{
	long r = sys3(SYS_personality, READ_IMPLIES_EXEC, 0, 0);

	raw_result(r, "READ_IMPLIES_EXEC");
}

static void p_seccomp_stack(void)
{
	struct sock_filter f[] = {
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { 1, f };

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
	    sys3(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog))
		err(-errno);
	else
		say("ok", "stacked a filter (it can only restrict)");
}

/*
 * SIGSYS ignored by a raw rt_sigaction (which the sandbox lets the
 * program believe it did), then a raw call: it must meet the trap path
 * still, not the host.
 */
static void p_sigaction_raw(void)
{
	struct sigaction sa = { 0 };

	sa.sa_handler = SIG_IGN;
	sys6(SYS_rt_sigaction, SIGSYS, &sa, NULL, _NSIG / 8, 0, 0);
	p_raw_openat();
}

/* The kernel reads the signal number as an int. */
static void p_sigaction_hi(void)
{
	struct sigaction sa = { 0 };

	sa.sa_handler = SIG_IGN;
	sys6(SYS_rt_sigaction, HI_BIT | SIGSYS, &sa, NULL, _NSIG / 8, 0, 0);
	p_raw_openat();
}

static void block_sigsys(void)
{
	sigset_t s;

	sigemptyset(&s);
	sigaddset(&s, SIGSYS);
	sys6(SYS_rt_sigprocmask, SIG_BLOCK, &s, NULL, _NSIG / 8, 0, 0);
}

static void p_sigsys_blocked(void)
{
	block_sigsys();
	p_raw_openat();
}

static void p_signalfd(void)
{
	sigset_t s;

	block_sigsys();
	sigemptyset(&s);
	sigaddset(&s, SIGSYS);
	signalfd(-1, &s, SFD_CLOEXEC);
	p_raw_openat();
}

static void *thread_raw(void *arg)
{
	(void)arg;
	p_raw_openat();
	return NULL;
}

static void p_thread_raw(void)
{
	pthread_t t;

	pthread_create(&t, NULL, thread_raw, NULL);
	pthread_join(t, NULL);
}

/* run.sh passes a host file on fd 3 and a host directory on fd 4. */
static void p_inherited_file(void)
{
	char b[16];

	libc_result(read(3, b, sizeof(b)), "read an inherited host file");
}

static void p_inherited_dir(void)
{
	libc_result(openat(4, &HOST_FILE[strlen("/etc/")], O_RDONLY),
		    "opened through an inherited host directory");
}

static void p_listener(void)
{
	struct sockaddr_in in = loopback();
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	libc_result(connect(fd, (struct sockaddr *)&in, sizeof(in)),
		    "connected to the host's listener");
}

static void p_sysv_shm(void)
{
	const char *key = getenv("ESCAPE_SHM");
	long id = sys3(SYS_shmget, key ? strtol(key, NULL, 0) : 0, 0, 0);
	char *p;

	if (id < 0) {
		err(id);
		return;
	}
	p = (char *)sys3(SYS_shmat, id, 0, SHM_RDONLY);
	if ((unsigned long)p > -4096UL)
		err((long)p);
	else if (!strcmp(p, "host-secret"))
		escaped("read the host's shared memory");
	else
		say("contained", "other content");
}

static void unix_connect(bool abstract)
{
	struct sockaddr_un un = { .sun_family = AF_UNIX };
	const char *name = getenv("ESCAPE_UNIX");
	socklen_t len;
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);

	name = name ? name : "/nonexistent";
	strncpy(un.sun_path + (abstract ? 1 : 0), name,
		sizeof(un.sun_path) - 2);
	/* Abstract: a leading NUL and no trailing one. */
	len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 +
			  strlen(name));
	libc_result(connect(fd, (struct sockaddr *)&un, len),
		    abstract ? "reached the host's abstract socket" :
			       "reached the host's path socket");
}

static void p_unix_abstract(void)
{
	unix_connect(true);
}

static void p_unix_path(void)
{
	unix_connect(false);
}

static void p_dlmopen(void)
{
	void *h = dlmopen(LM_ID_NEWLM, "libc.so.6", RTLD_NOW);
	int (*op)(const char *, int, ...);
	int fd;

	if (!h) {
		say("contained", "dlmopen failed");
		return;
	}
	op = (int (*)(const char *, int, ...))dlsym(h, "open");
	fd = op ? op(HOST_FILE, O_RDONLY) : -1;
	if (fd < 0)
		err(-errno);
	else
		read_fd(fd, "read " HOST_FILE " through a second libc");
}

static void p_dlsym_open(void)
{
	void *libc = dlopen("libc.so.6", RTLD_NOW | RTLD_NOLOAD);
	int (*op)(const char *, int, ...) = NULL;
	int fd;

	if (libc)
		op = (int (*)(const char *, int, ...))dlsym(libc, "open");
	fd = op ? op(HOST_FILE, O_RDONLY) : -1;
	if (fd < 0)
		err(-errno);
	else
		read_fd(fd, "read " HOST_FILE " through libc's own open");
}

static void p_getcwd(void)
{
	char buf[512];

	if (!getcwd(buf, sizeof(buf)))
		err(-errno);
	else if (strcmp(buf, "/"))
		escaped("a host directory name");
	else
		say("contained", "cwd is /");
}

/*
 * /proc/self/exe may tell the program only what its caller told it
 * (argv[0]); the kernel's answer, the binary's absolute host path, would
 * name host directories.
 */
static void p_proc_exe(void)
{
	char buf[512];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
	struct stat a, b;
	int fd;

	if (n < 0) {
		err(-errno);
		return;
	}
	buf[n] = '\0';
	/* The sandbox's copy at the program's own path (by design): what
	 * it names must be the very file the link opens. */
	fd = open("/proc/self/exe", O_RDONLY);
	if (fd < 0 || fstat(fd, &a) < 0 || stat(buf, &b) < 0 ||
	    a.st_ino != b.st_ino || a.st_dev != b.st_dev)
		escaped("/proc/self/exe names another file");
	else
		say("contained", "names the program's own file");
	if (fd >= 0)
		close(fd);
}

/* The sandbox's /etc holds its presets alone (launcher/preset.c). */
static void p_listdir(void)
{
	static const char *const presets[] = { ".", "..", "hosts", "passwd",
					       "group", "nsswitch.conf" };
	DIR *d = opendir(HOST_DIR);
	struct dirent *e;
	size_t i;

	if (!d && errno == ENOENT) {
		say("contained", "no such directory in the sandbox");
		return;
	}
	if (!d) {
		err(-errno);
		return;
	}
	while ((e = readdir(d))) {
		for (i = 0; i < sizeof(presets) / sizeof(presets[0]); i++)
			if (!strcmp(e->d_name, presets[i]))
				break;
		if (i == sizeof(presets) / sizeof(presets[0])) {
			escaped("listed the host's " HOST_DIR);
			closedir(d);
			return;
		}
	}
	closedir(d);
	say("contained", "the sandbox's presets alone");
}

/*
 * The shim's /proc fd lies in its band, where the program can find it:
 * openat on it is allowed, and only Landlock keeps it to memfds.
 */
/*
 * The doors the filter leaves open on the shim's own directory fds (the
 * band's /proc and store: roots of their file systems, inode 1): path
 * through each of them must not lead to a host file. Unconfined there
 * are no such fds: fallback, a directory opened here, does it. Reports
 * an escape if any door opens, else EACCES if a door refused so, else
 * the first error.
 */
static void through_doors(const char *path, const char *fallback)
{
	struct rlimit rl;
	struct stat st;
	long fd, top, r, first = 0;
	bool any = false;

	getrlimit(RLIMIT_NOFILE, &rl);
	top = (long)rl.rlim_cur + 70000;
	for (fd = 3; fd < top; fd++) {
		if (fcntl((int)fd, F_GETFD) < 0 || fstat((int)fd, &st) < 0 ||
		    !S_ISDIR(st.st_mode) || st.st_ino != 1)
			continue;
		any = true;
		r = sys_openat((int)fd, path, O_RDONLY, 0);
		if (r >= 0) {
			read_fd(r, "read " HOST_FILE " through a door");
			return;
		}
		/* A refusal by the boundary tells most. */
		if (!first || r == -EACCES)
			first = r;
	}
	if (!any) {
		fd = open(fallback, O_PATH | O_DIRECTORY);
		first = fd < 0 ? -errno : sys_openat((int)fd, path, O_RDONLY, 0);
		if (first >= 0) {
			read_fd(first, "read " HOST_FILE " through a door");
			return;
		}
	}
	err(first);
}

static void p_procfd_door(void)
{
	through_doors("self/root" HOST_FILE, "/proc");
}

/* The store's door: an absolute path, or "..", must not leave it. */
static void p_store_door(void)
{
	through_doors(HOST_FILE, "/");
}

static void p_store_door_dotdot(void)
{
	through_doors("../../../../../../.." HOST_FILE, "/etc");
}

static void p_mq_open(void)
{
	long r = sys6(SYS_mq_open, "tamago-escape", O_CREAT | O_RDONLY, 0600,
		      0, 0, 0);

	if (r >= 0)
		sys3(SYS_mq_unlink, "tamago-escape", 0, 0);
	raw_result(r, "a host POSIX message queue");
}

static void p_msgget(void)
{
	raw_result(sys3(SYS_msgget, 0 /* IPC_PRIVATE */, 0600, 0),
		   "a SysV message queue");
}

static void p_kcmp(void)
{
	raw_result(sys6(SYS_kcmp, getpid(), getppid(), 0 /* KCMP_FILE */, 0,
			0, 0),
		   "compared with the parent");
}

/*
 * Calls that name another process, aimed at ESCAPE_VICTIM (a sleep that
 * run.sh started on the host). In tamago-run's pid namespace that number
 * names no process of the sandbox's; without one, the filters accept the
 * caller's own pid and 0 only. Natively each reads or changes the
 * victim (harmlessly: its own priority, affinity, scheduling class).
 */
static void p_tgkill(void)
{
	raw_result(sys3(SYS_tgkill, victim(), victim(), 0),
		   "may signal a host thread");
}

static void p_tkill(void)
{
	raw_result(sys3(SYS_tkill, victim(), 0, 0), "may signal a host thread");
}

static void queue_info(siginfo_t *si)
{
	memset(si, 0, sizeof(*si));
	si->si_code = SI_QUEUE;
	si->si_pid = getpid();
	si->si_uid = getuid();
}

static void p_sigqueue(void)
{
	siginfo_t si;

	queue_info(&si);
	raw_result(sys3(SYS_rt_sigqueueinfo, victim(), 0, &si),
		   "may queue a signal to a host process");
}

static void p_tgsigqueue(void)
{
	siginfo_t si;

	queue_info(&si);
	raw_result(sys6(SYS_rt_tgsigqueueinfo, victim(), victim(), 0, &si, 0,
			0),
		   "may queue a signal to a host thread");
}

static void p_setaffinity(void)
{
	cpu_set_t set;

	/* Its own mask again where it can be read; CPU 0 otherwise. */
	if (sys3(SYS_sched_getaffinity, victim(), sizeof(set), &set) < 0) {
		CPU_ZERO(&set);
		CPU_SET(0, &set);
	}
	raw_result(sys3(SYS_sched_setaffinity, victim(), sizeof(set), &set),
		   "set a host process's CPU affinity");
}

static void p_getaffinity(void)
{
	cpu_set_t set;

	raw_result(sys3(SYS_sched_getaffinity, victim(), sizeof(set), &set),
		   "read a host process's CPU affinity");
}

static void p_getsid(void)
{
	raw_result(sys3(SYS_getsid, victim(), 0, 0),
		   "read a host process's session");
}

static void p_getpgid(void)
{
	raw_result(sys3(SYS_getpgid, victim(), 0, 0),
		   "read a host process's group");
}

static void p_setpgid(void)
{
	raw_result(sys3(SYS_setpgid, victim(), victim(), 0),
		   "moved a host process to another group");
}

static void p_getpriority(void)
{
	raw_result(sys3(SYS_getpriority, PRIO_PROCESS, victim(), 0),
		   "read a host process's priority");
}

static void p_setpriority(void)
{
	raw_result(sys3(SYS_setpriority, PRIO_PROCESS, victim(), 19),
		   "changed a host process's priority");
}

static uid_t victim_uid(void)
{
	const char *v = getenv("ESCAPE_VICTIM_UID");

	return v ? (uid_t)atoi(v) : getuid();
}

static void p_setpriority_user(void)
{
	raw_result(sys3(SYS_setpriority, PRIO_USER, victim_uid(), 19),
		   "changed the priority of every process of a uid");
}

static void p_getpriority_user(void)
{
	raw_result(sys3(SYS_getpriority, PRIO_USER, victim_uid(), 0),
		   "read the priority of a uid's processes");
}

static void p_setscheduler(void)
{
	struct sched_param sp = { 0 };

	raw_result(sys3(SYS_sched_setscheduler, victim(), SCHED_BATCH, &sp),
		   "changed a host process's scheduling class");
}

static void p_getscheduler(void)
{
	raw_result(sys3(SYS_sched_getscheduler, victim(), 0, 0),
		   "read a host process's scheduling class");
}

static void p_getparam(void)
{
	struct sched_param sp;

	raw_result(sys3(SYS_sched_getparam, victim(), &sp, 0),
		   "read a host process's scheduling");
}

static void p_setparam(void)
{
	struct sched_param sp = { 0 };

	raw_result(sys3(SYS_sched_setparam, victim(), &sp, 0),
		   "changed a host process's scheduling");
}

/* The kernel's struct sched_attr, as of its first version. */
struct probe_sched_attr {
	uint32_t size, policy;
	uint64_t flags;
	int32_t nice;
	uint32_t priority;
	uint64_t runtime, deadline, period;
};

static void p_getattr(void)
{
	struct probe_sched_attr a;

	raw_result(sys6(SYS_sched_getattr, victim(), &a, sizeof(a), 0, 0, 0),
		   "read a host process's scheduling");
}

static void p_setattr(void)
{
	struct probe_sched_attr a = { .size = sizeof(a),
				      .policy = SCHED_BATCH };

	raw_result(sys3(SYS_sched_setattr, victim(), &a, 0),
		   "changed a host process's scheduling");
}

static void p_rr_interval(void)
{
	struct timespec ts;

	raw_result(sys3(SYS_sched_rr_get_interval, victim(), &ts, 0),
		   "read a host process's time slice");
}

/* The kernel's IOPRIO_WHO_PROCESS, IOPRIO_WHO_USER, best effort. */
static void p_ioprio_get(void)
{
	raw_result(sys3(SYS_ioprio_get, 1, victim(), 0),
		   "read a host process's I/O priority");
}

static void p_ioprio_set(void)
{
	raw_result(sys3(SYS_ioprio_set, 1, victim(), (2 << 13) | 7),
		   "changed a host process's I/O priority");
}

static void p_ioprio_user(void)
{
	raw_result(sys3(SYS_ioprio_get, 3, victim_uid(), 0),
		   "read the I/O priority of a uid's processes");
}

/* The filter lets through set*id calls that change no id: not these. */
static void p_setuid_other(void)
{
	raw_result(sys3(SYS_setresuid, -1, getuid() + 1, -1),
		   "took another uid");
}

static void p_setgid_other(void)
{
	raw_result(sys3(SYS_setresgid, -1, getgid() + 1, -1),
		   "took another gid");
}

int capget(struct __user_cap_header_struct *h,
	   struct __user_cap_data_struct *d);

static void p_capget(void)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3,
					      victim() };
	struct __user_cap_data_struct d[2];

	libc_result(capget(&h, d), "read a host process's capabilities");
}

static void p_robust_list(void)
{
	void *head;
	size_t len;

	raw_result(sys3(SYS_get_robust_list, victim(), &head, &len),
		   "read a host process's robust futex list");
}

static void p_migrate_pages(void)
{
	unsigned long from = 1, to = 1;

	raw_result(sys6(SYS_migrate_pages, victim(), 8 * sizeof(from), &from,
			&to, 0, 0),
		   "moved a host process's pages");
}

static void p_move_pages(void)
{
	raw_result(sys6(SYS_move_pages, victim(), 0, 0, 0, 0, 0),
		   "asked about a host process's pages");
}

static void p_process_mrelease(void)
{
	raw_result(sys3(SYS_process_mrelease, 0, 0, 0),
		   "released a process's memory");
}

/*
 * Host objects. run.sh gives the probe, natively, what a careless
 * launcher would have handed the program: an internet socket as stdin, a
 * file as stdout, a device node, a pipe other host writers share, a host
 * file open for writing. Under tamago-run the program has its own.
 */

/* A datagram with an address, sent from stdin: natively an unconnected
 * UDP socket that reaches a receiver this probe binds on loopback. */
static void p_stdio_socket(void)
{
	struct sockaddr_in in = { .sin_family = AF_INET };
	socklen_t len = sizeof(in);
	struct iovec iov = { "x", 1 };
	struct msghdr m = { .msg_name = &in, .msg_namelen = sizeof(in),
			    .msg_iov = &iov, .msg_iovlen = 1 };
	int rx = socket(AF_INET, SOCK_DGRAM, 0);
	char c;
	long r;

	in.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(rx, (struct sockaddr *)&in, sizeof(in)) < 0 ||
	    getsockname(rx, (struct sockaddr *)&in, &len) < 0)
		in.sin_port = htons(9);
	r = sys3(SYS_sendmsg, 0, &m, 0);
	if (r < 0) {
		err(r);
		return;
	}
	if (recv(rx, &c, 1, MSG_DONTWAIT) == 1)
		escaped("sent a datagram from a socket on stdin");
	else
		say("contained", "sent nowhere this probe could see");
}

static void p_setflags_stdout(void)
{
	int fl = 0;

	ioctl(1, FS_IOC_GETFLAGS, &fl);
	raw_result(sys3(SYS_ioctl, 1, FS_IOC_SETFLAGS, &fl),
		   "set the flags of the file behind stdout");
}

static void p_siocgifconf(void)
{
	char buf[1024];
	struct ifconf ifc = { .ifc_len = sizeof(buf), .ifc_buf = buf };
	int s = socket(AF_INET, SOCK_DGRAM, 0);
	long r = sys3(SYS_ioctl, s < 0 ? 0 : s, SIOCGIFCONF, &ifc);

	if (r == 0 && ifc.ifc_len > 0)
		escaped("listed the host's interfaces");
	else
		raw_result(r < 0 ? r : -ENODATA, NULL);
}

/* The fd numbers from 3 up to past the band, for scans. */
static long fd_top(void)
{
	struct rlimit rl;

	getrlimit(RLIMIT_NOFILE, &rl);
	return (long)rl.rlim_cur + 70000;
}

/* The shim's /dev/null in its band (else, natively, ESCAPE_NULL). */
static void p_utimes_devnull(void)
{
	const char *path = getenv("ESCAPE_NULL");
	struct timespec t[2];
	arch_kstat st;
	long fd, top = fd_top();

	for (fd = 3; fd < top; fd++)
		if (sys_fstat((int)fd, &st) == 0 && S_ISCHR(st.st_mode) &&
		    st.st_rdev == makedev(1, 3))
			break;
	if (fd == top)
		fd = open(path ? path : "/dev/null", O_RDWR);
	if (fd < 0 || sys_fstat((int)fd, &st) < 0) {
		err(-errno);
		return;
	}
	t[0] = st.st_atim;
	t[1] = st.st_mtim;
	raw_result(sys6(SYS_utimensat, fd, 0, t, 0, 0, 0),
		   "set the times of a host device");
}

/*
 * A host file the sandbox placed as it is (the program's own libraries):
 * its read-only band fd, which the filter lets utimensat (fd, NULL) reach,
 * on the sandbox's read-only view of the host. Natively, a scratch file.
 */
static void p_utimes_placed(void)
{
	const char *tmp = getenv("ESCAPE_TMP");
	char path[512];
	struct timespec t[2];
	arch_kstat st;
	long fd, top = fd_top();

	for (fd = 3; fd < top; fd++)
		if (sys_fstat((int)fd, &st) == 0 && S_ISREG(st.st_mode) &&
		    (fcntl((int)fd, F_GETFL) & O_ACCMODE) == O_RDONLY &&
		    fcntl((int)fd, F_GET_SEALS) < 0)
			break;
	if (fd == top) {
		snprintf(path, sizeof(path), "%s/placed", tmp ? tmp : ".");
		fd = open(path, O_RDONLY | O_CREAT, 0644);
	}
	if (fd < 0 || sys_fstat((int)fd, &st) < 0) {
		err(-errno);
		return;
	}
	t[0] = st.st_atim;
	t[1] = st.st_mtim;
	raw_result(sys6(SYS_utimensat, fd, 0, t, 0, 0, 0),
		   "set the times of a host file placed in the sandbox");
}

/* The shim's /proc fd in its band (a directory of inode 1), else a
 * fresh one (natively). */
static long proc_dir(void)
{
	struct rlimit rl;
	struct stat st;
	long fd, top;

	getrlimit(RLIMIT_NOFILE, &rl);
	top = (long)rl.rlim_cur + 70000;
	for (fd = 3; fd < top; fd++) {
		if (fcntl((int)fd, F_GETFD) < 0 || fstat((int)fd, &st) < 0)
			continue;
		if (S_ISDIR(st.st_mode) && st.st_ino == 1)
			return fd;
	}
	return open("/proc", O_PATH | O_DIRECTORY);
}

/*
 * Reading back the pipe behind stdout, which natively other host
 * writers share (run.sh writes "host-secret" into it first), through the
 * door the shim itself uses to reopen fds (openat on its /proc fd).
 */
static void p_procfd_stdout(void)
{
	char buf[256];
	long dir = proc_dir(), fd;
	ssize_t n;

	fd = dir < 0 ? dir : sys_openat((int)dir, "self/fd/1",
					 O_RDONLY | O_NONBLOCK, 0);
	if (fd < 0) {
		err(fd);
		return;
	}
	n = read((int)fd, buf, sizeof(buf) - 1);
	buf[n > 0 ? n : 0] = '\0';
	if (n > 0 && strstr(buf, "host-secret"))
		escaped("read what another host writer put in stdout's pipe");
	else
		say("contained", "nothing of the host's in stdout's pipe");
}

/* A kept datagram socket (fd 5, connected to a peer the user named)
 * sending to a host socket nobody named; run.sh counts what arrives
 * there. */
static void p_kept_dgram(void)
{
	struct sockaddr_un un = { .sun_family = AF_UNIX };
	const char *path = getenv("ESCAPE_DGRAM_VICTIM");
	struct iovec iov = { "x", 1 };
	struct msghdr m = { .msg_name = &un, .msg_namelen = sizeof(un),
			    .msg_iov = &iov, .msg_iovlen = 1 };
	long r;

	strncpy(un.sun_path, path ? path : "/nonexistent",
		sizeof(un.sun_path) - 1);
	r = sys3(SYS_sendmsg, 5, &m, 0);
	if (r < 0)
		err(r);
	else
		say("ok", "sent (run.sh looks at where it went)");
}

/* A host file open for writing among the fds (natively run.sh passes
 * one): fallocate would grow the host's disk beyond any limit. The
 * shim's own files (memfds, the sized tmpfs) take seals; a host file on
 * another file system does not. */
static void p_export_fallocate(void)
{
	long fd, top = fd_top();
	arch_kstat st;

	for (fd = 3; fd < top; fd++) {
		long fl = fcntl((int)fd, F_GETFL);

		if (fl < 0 || (fl & O_ACCMODE) == O_RDONLY ||
		    sys_fstat((int)fd, &st) < 0 || !S_ISREG(st.st_mode) ||
		    fcntl((int)fd, F_GET_SEALS) >= 0)
			continue;
		raw_result(sys6(SYS_fallocate, fd, 0, 0, 1 << 20, 0, 0),
			   "grew a host file open for writing");
		return;
	}
	say("contained", "no host file open for writing");
}

/* A child that outlives the program and writes afterwards: to stdout,
 * and to every pipe or file it holds open for writing (the export). */
static void p_orphan(void)
{
	pid_t pid = fork();

	if (pid == 0) {
		const char *line = "orphan: escaped outlived the program\n";
		long fd, top = fd_top();

		sleep(1);
		for (fd = 1; fd < top; fd++) {
			long fl = fcntl((int)fd, F_GETFL);

			if (fl >= 0 && (fl & O_ACCMODE) != O_RDONLY)
				sys_write((int)fd, line, strlen(line));
		}
		_exit(0);
	}
	say("ok", "the program ends, its child sleeps");
}


/* exec-with-udp-stdin CMD...: CMD with an internet socket as stdin. */
static void h_with_udp_stdin(void)
{
	int s = socket(AF_INET, SOCK_DGRAM, 0);

	if (s < 0 || dup2(s, 0) < 0 || g_argc < 3) {
		perror("exec-with-udp-stdin");
		exit(2);
	}
	execvp(g_argv[2], g_argv + 2);
	perror("exec-with-udp-stdin");
	exit(2);
}

/* exec-with-dgram PEER|- CMD...: CMD with an AF_UNIX datagram socket on
 * fd 5, connected to the socket bound at PEER ("-": unconnected). */
static void h_with_dgram(void)
{
	struct sockaddr_un un = { .sun_family = AF_UNIX };
	int s = socket(AF_UNIX, SOCK_DGRAM, 0);

	if (s < 0 || g_argc < 4) {
		perror("exec-with-dgram");
		exit(2);
	}
	strncpy(un.sun_path, g_argv[2], sizeof(un.sun_path) - 1);
	if ((strcmp(g_argv[2], "-") &&
	     connect(s, (struct sockaddr *)&un, sizeof(un)) < 0) ||
	    dup2(s, 5) < 0) {
		perror("exec-with-dgram");
		exit(2);
	}
	execvp(g_argv[3], g_argv + 3);
	perror("exec-with-dgram");
	exit(2);
}

/* dgram-listen PATH: counts datagrams at PATH until stdin closes. */
static void h_dgram_listen(void)
{
	struct sockaddr_un un = { .sun_family = AF_UNIX };
	int s = socket(AF_UNIX, SOCK_DGRAM, 0), n = 0;
	char buf[256];

	if (g_argc < 3) {
		fprintf(stderr, "dgram-listen PATH\n");
		exit(2);
	}
	strncpy(un.sun_path, g_argv[2], sizeof(un.sun_path) - 1);
	unlink(g_argv[2]);
	if (s < 0 || bind(s, (struct sockaddr *)&un, sizeof(un)) < 0) {
		perror("dgram-listen");
		exit(2);
	}
	printf("listening\n");
	fflush(stdout);
	for (;;) {
		struct pollfd p[2] = { { s, POLLIN, 0 }, { 0, POLLIN, 0 } };

		if (poll(p, 2, -1) < 0)
			break;
		if ((p[0].revents & POLLIN) &&
		    recv(s, buf, sizeof(buf), 0) >= 0) {
			printf("got %d\n", ++n);
			fflush(stdout);
		}
		if (p[1].revents && read(0, buf, sizeof(buf)) <= 0)
			break;
	}
	printf("datagrams %d\n", n);
	unlink(g_argv[2]);
}

/* Host-side helpers run.sh uses natively (never under the shim). */
static void h_shm_create(void)
{
	const char *key = getenv("ESCAPE_SHM");
	int id = shmget((key_t)strtol(key ? key : "0", NULL, 0), 4096,
			IPC_CREAT | 0600);
	char *p = id < 0 ? (char *)-1 : shmat(id, NULL, 0);

	if (p == (char *)-1) {
		perror("shm-create");
		exit(2);
	}
	strcpy(p, "host-secret");
	printf("%d\n", id);
}

static void h_shm_remove(void)
{
	const char *key = getenv("ESCAPE_SHM");
	int id = shmget((key_t)strtol(key ? key : "0", NULL, 0), 0, 0);

	if (id >= 0)
		shmctl(id, IPC_RMID, NULL);
}

/* xattr-setup PATH: a scratch file with a user.secret xattr. */
static void h_xattr_setup(void)
{
	int fd = g_argc > 2 ? open(g_argv[2], O_CREAT | O_WRONLY, 0600) : -1;

	if (fd < 0 || fsetxattr(fd, "user.secret", "host", 4, 0) < 0) {
		perror("xattr-setup");
		exit(2);
	}
	close(fd);
}

/* Listens on ESCAPE_UNIX, abstract and path, until stdin closes. */
static void h_unix_listen(void)
{
	const char *name = getenv("ESCAPE_UNIX");
	struct sockaddr_un a = { .sun_family = AF_UNIX },
			   p = { .sun_family = AF_UNIX };
	int fa = socket(AF_UNIX, SOCK_STREAM, 0);
	int fp = socket(AF_UNIX, SOCK_STREAM, 0);
	char c;

	strncpy(a.sun_path + 1, name, sizeof(a.sun_path) - 2);
	strncpy(p.sun_path, name, sizeof(p.sun_path) - 1);
	unlink(name);
	if (bind(fa, (struct sockaddr *)&a,
		 (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 +
			     strlen(name))) ||
	    bind(fp, (struct sockaddr *)&p, sizeof(p)) || listen(fa, 8) ||
	    listen(fp, 8)) {
		perror("unix-listen");
		exit(2);
	}
	printf("listening\n");
	fflush(stdout);
	while (read(0, &c, 1) > 0)
		;
	unlink(name);
}

static const struct {
	const char *name;
	void (*fn)(void);
} modes[] = {
	{ "raw-openat", p_raw_openat },
	{ "raw-openat-as", p_raw_openat_as },
	{ "via-sh", p_via_sh },
	{ "exec-clean-env", p_exec_clean_env },
	{ "exec-host", p_exec_host },
	{ "raw-openat2", p_raw_openat2 },
	{ "raw-socket", p_raw_socket },
	{ "raw-connect", p_raw_connect },
	{ "raw-execve", p_raw_execve },
	/* The architecture's own (arch/<arch>/escape-probes.h). */
	ARCH_ESCAPE_MODES
	{ "io-uring", p_io_uring },
	{ "ptrace-self", p_ptrace_self },
	{ "ptrace-parent", p_ptrace_parent },
	{ "vm-readv-self", p_vm_self },
	{ "vm-readv-parent", p_vm_parent },
	{ "proc-self-mem", p_proc_self_mem },
	{ "dotdot", p_dotdot },
	{ "symlink", p_symlink },
	{ "open-by-handle", p_by_handle },
	{ "userfaultfd", p_userfaultfd },
	{ "bpf", p_bpf },
	{ "perf-event-open", p_perf },
	{ "mount", p_mount },
	{ "unshare", p_unshare },
	{ "setns", p_setns },
	{ "chroot", p_chroot },
	{ "pivot-root", p_pivot_root },
	{ "kexec", p_kexec },
	{ "module", p_module },
	{ "keyctl", p_keyctl },
	{ "fanotify", p_fanotify },
	{ "inotify-host", p_inotify },
	{ "syslog", p_syslog },
	{ "pidfd-parent", p_pidfd },
	{ "kill-victim", p_kill_victim },
	{ "setown-parent", p_setown },
	{ "prlimit-victim", p_prlimit_victim },
	{ "tiocsti", p_tiocsti },
	{ "tiocsti-hi", p_tiocsti_hi },
	{ "memfd-execveat", p_memfd_execveat },
	{ "memfd-proc-exec", p_memfd_proc_exec },
	{ "fork-raw", p_fork_raw },
	{ "clone-newuser", p_clone_ns },
	{ "personality", p_personality },
	{ "seccomp-stack", p_seccomp_stack },
	{ "sigaction-sigsys", p_sigaction_raw },
	{ "sigaction-sigsys-hi", p_sigaction_hi },
	{ "sigsys-blocked", p_sigsys_blocked },
	{ "signalfd-sigsys", p_signalfd },
	{ "thread-raw", p_thread_raw },
	{ "inherited-file", p_inherited_file },
	{ "inherited-dir", p_inherited_dir },
	{ "listener", p_listener },
	{ "sysv-shm", p_sysv_shm },
	{ "unix-abstract", p_unix_abstract },
	{ "unix-path", p_unix_path },
	{ "dlmopen-libc", p_dlmopen },
	{ "dlsym-open", p_dlsym_open },
	{ "getcwd", p_getcwd },
	{ "proc-exe", p_proc_exe },
	{ "list-etc", p_listdir },
	{ "procfd-door", p_procfd_door },
	{ "store-door", p_store_door },
	{ "store-door-dotdot", p_store_door_dotdot },
	{ "mq-open", p_mq_open },
	{ "msgget", p_msgget },
	{ "kcmp", p_kcmp },
	{ "tgkill-victim", p_tgkill },
	{ "tkill-victim", p_tkill },
	{ "sigqueue-victim", p_sigqueue },
	{ "tgsigqueue-victim", p_tgsigqueue },
	{ "setaffinity-victim", p_setaffinity },
	{ "getaffinity-victim", p_getaffinity },
	{ "getsid-victim", p_getsid },
	{ "getpgid-victim", p_getpgid },
	{ "setpgid-victim", p_setpgid },
	{ "getpriority-victim", p_getpriority },
	{ "setpriority-victim", p_setpriority },
	{ "setpriority-user", p_setpriority_user },
	{ "getpriority-user", p_getpriority_user },
	{ "setscheduler-victim", p_setscheduler },
	{ "getscheduler-victim", p_getscheduler },
	{ "getparam-victim", p_getparam },
	{ "setparam-victim", p_setparam },
	{ "getattr-victim", p_getattr },
	{ "setattr-victim", p_setattr },
	{ "rr-interval-victim", p_rr_interval },
	{ "ioprio-get-victim", p_ioprio_get },
	{ "ioprio-set-victim", p_ioprio_set },
	{ "ioprio-user", p_ioprio_user },
	{ "setuid-other", p_setuid_other },
	{ "setgid-other", p_setgid_other },
	{ "capget-victim", p_capget },
	{ "robust-list-victim", p_robust_list },
	{ "migrate-pages-victim", p_migrate_pages },
	{ "move-pages-victim", p_move_pages },
	{ "process-mrelease", p_process_mrelease },
	{ "stdio-socket", p_stdio_socket },
	{ "setflags-stdout", p_setflags_stdout },
	{ "siocgifconf", p_siocgifconf },
	{ "utimes-devnull", p_utimes_devnull },
	{ "utimes-placed", p_utimes_placed },
	{ "procfd-stdout", p_procfd_stdout },
	{ "kept-dgram", p_kept_dgram },
	{ "export-fallocate", p_export_fallocate },
	{ "orphan", p_orphan },
	{ "exec-with-udp-stdin", h_with_udp_stdin },
	{ "exec-with-dgram", h_with_dgram },
	{ "dgram-listen", h_dgram_listen },
	{ "xattr-setup", h_xattr_setup },
	{ "shm-create", h_shm_create },
	{ "shm-remove", h_shm_remove },
	{ "unix-listen", h_unix_listen },
};

int main(int argc, char **argv)
{
	size_t i;

	if (argc < 2 || !strcmp(argv[1], "list")) {
		for (i = 0; i < sizeof(modes) / sizeof(modes[0]); i++)
			printf("%s\n", modes[i].name);
		return argc < 2 ? 2 : 0;
	}
	mode = argv[1];
	g_argc = argc;
	g_argv = argv;
	for (i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		if (!strcmp(modes[i].name, mode)) {
			modes[i].fn();
			return 0;
		}
	}
	fprintf(stderr, "probe: unknown mode %s\n", mode);
	return 2;
}
