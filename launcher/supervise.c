/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The tree: started in namespaces of its own, and ended with its program.
 *
 * Where the kernel lets us (as root, or as an ordinary user with user
 * namespaces), the child is made in new user, mount and pid namespaces:
 * it becomes pid 1 there, a tiny init whose one child is the program.
 * The user namespace maps the caller's ids to themselves (root: all ids),
 * so the program keeps its identity but holds no capability over the
 * host. The mount namespace shows the host read-only (no file's mode,
 * owner, times or flags can change from inside, whatever fd reaches it;
 * devices still read and write) and lets the sized tmpfs be made without
 * more. When the program ends, init reports its status and exits, and the
 * kernel kills everything else in the pid namespace: the tree ends with
 * its program. If the supervisor itself dies, init gets SIGKILL
 * (PR_SET_PDEATHSIG), and the tree goes with it.
 *
 * Without namespaces the program is the supervisor's own child, and the
 * supervisor a child subreaper: when the program ends, every process
 * left below it (reparented here) is killed, repeatedly until none is,
 * before anything is made final. TAMAGO_NAMESPACES=0 asks for this mode
 * (tests use it).
 *
 * Signals the supervisor gets (SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1,
 * SIGUSR2) go to the program's process group; SIGWINCH resizes the pty.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/mount.h>
#include <linux/sched.h>
#include <poll.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <dirent.h>
#include <unistd.h>

#include "arch.h"
#include "launcher/launcher.h"
#include "seal/filter.h"
#include "seal/initfilter.h"

/* Passed on to the program's group. */
static const int forwarded[] = {
	SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2,
};

static int status_pipe[2] = { -1, -1 };

static int write_file(pid_t pid, const char *name, const char *s)
{
	char path[64];
	int fd, r = 0;

	snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, name);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (write(fd, s, strlen(s)) != (ssize_t)strlen(s))
		r = -errno;
	close(fd);
	return r;
}

/* The child's ids: the caller's own (root: every id). 0 or -errno. */
static int map_ids(pid_t pid)
{
	char map[64];
	int r;

	if (geteuid() == 0) {
		r = write_file(pid, "uid_map", "0 0 4294967295\n");
		return r < 0 ? r :
			       write_file(pid, "gid_map", "0 0 4294967295\n");
	}
	r = write_file(pid, "setgroups", "deny");
	if (r < 0 && r != -ENOENT)
		return r;
	snprintf(map, sizeof(map), "%u %u 1\n", (unsigned)geteuid(),
		 (unsigned)geteuid());
	r = write_file(pid, "uid_map", map);
	if (r < 0)
		return r;
	snprintf(map, sizeof(map), "%u %u 1\n", (unsigned)getegid(),
		 (unsigned)getegid());
	return write_file(pid, "gid_map", map);
}

/*
 * The host, read-only and private to the sandbox: metadata of any host
 * file (times, mode, owner, flags, xattrs) cannot change, even through an
 * fd the program holds; writing to a device still works.
 */
static void mount_view(void)
{
	struct mount_attr a = {
		.attr_set = MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID,
		.propagation = MS_PRIVATE,
	};

	if (syscall(SYS_mount_setattr, AT_FDCWD, "/", AT_RECURSIVE, &a,
		    sizeof(a)) < 0)
		warn("read-only view of the host", "%s: host files' "
		     "metadata is guarded by the filters alone",
		     strerror(errno));
}

/* init needs little: waiting, forwarding, one write and exit. */
static void init_filter(void)
{
	struct sock_filter insns[INITFILTER_MAX];
	struct sock_fprog prog = {
		.len = (unsigned short)initfilter_build(insns,
							ARCH_FILTER.audit),
		.filter = insns,
	};

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
	    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) < 0)
		_exit(FAILED);
}

/* pid 1 of the sandbox: reaps, forwards, and ends with the program. */
__attribute__((noreturn)) static void init_loop(pid_t prog)
{
	sigset_t all;

	if (dup2(status_pipe[1], 3) < 0)
		_exit(FAILED);
	close_range(0, 2, 0);
	close_range(4, ~0U, 0);
	sigfillset(&all);
	sigprocmask(SIG_SETMASK, &all, NULL);
	init_filter();
	for (;;) {
		siginfo_t si;
		int sig = sigwaitinfo(&all, &si), st;
		pid_t w;

		if (sig == SIGCHLD) {
			while ((w = waitpid(-1, &st, WNOHANG)) > 0) {
				if (w != prog)
					continue;
				/* The kernel kills the rest as init exits. */
				if (write(3, &st, sizeof(st)) != sizeof(st))
					_exit(FAILED);
				_exit(0);
			}
		} else if (sig > 0 && sig != SIGWINCH) {
			if (kill(-prog, sig) < 0)
				kill(prog, sig);
		}
	}
}

/* The program's side of the tree, up to run(). */
__attribute__((noreturn)) static void start_program(struct stdio_plan *io,
						    void (*run)(void *, bool),
						    void *arg, bool pid_ns)
{
	sigset_t ttou, old;

	if (pid_ns) {
		/* Its own group, the terminal's foreground one. */
		setpgid(0, 0);
	} else {
		/* Its own session; the supervisor keeps the host's. */
		setsid();
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (io->tty >= 0)
			ioctl(io->tty, TIOCSCTTY, 0);
	}
	if (io->tty >= 0) {
		sigemptyset(&ttou);
		sigaddset(&ttou, SIGTTOU);
		sigprocmask(SIG_BLOCK, &ttou, &old);
		tcsetpgrp(io->tty, getpid());
		sigprocmask(SIG_SETMASK, &old, NULL);
	}
	close(status_pipe[0]);
	close(status_pipe[1]);
	run(arg, pid_ns);
	_exit(FAILED);
}

__attribute__((noreturn)) static void child_main(int go, pid_t parent,
						 int flags,
						 struct stdio_plan *io,
						 void (*run)(void *, bool),
						 void *arg)
{
	char c = 0;
	pid_t prog;

	/* Nothing happens until the ids are mapped. */
	if (read(go, &c, 1) != 1 || c != 'g')
		_exit(FAILED);
	close(go);
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	/* A supervisor gone already: its parent, seen from a pid namespace
	 * of our own, is 0 either way. */
	if (!(flags & CLONE_NEWPID) && getppid() != parent)
		_exit(FAILED);
	if (!(flags & CLONE_NEWPID))
		start_program(io, run, arg, false);
	mount_view();
	/* init leads the session; the pty is its controlling terminal. */
	setsid();
	if (io->tty >= 0)
		ioctl(io->tty, TIOCSCTTY, 0);
	prog = fork();
	if (prog < 0)
		_exit(FAILED);
	if (prog == 0)
		start_program(io, run, arg, true);
	init_loop(prog);
}

pid_t sandbox_spawn(struct stdio_plan *io, void (*run)(void *, bool),
		    void *arg, bool *pid_ns)
{
	const int tries[] = {
		CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID,
		CLONE_NEWNS | CLONE_NEWPID,
		0,
	};
	const char *ns = getenv("TAMAGO_NAMESPACES");
	pid_t parent = getpid();
	size_t i = ns && !strcmp(ns, "0") ? 2 : 0;

	if (pipe2(status_pipe, O_CLOEXEC) < 0)
		die(FAILED, "tamago-exec", "%s", strerror(errno));
	for (; i < sizeof(tries) / sizeof(tries[0]); i++) {
		int go[2];
		pid_t pid;

		/* Without a user namespace only root may make the rest. */
		if (tries[i] && !(tries[i] & CLONE_NEWUSER) && geteuid() != 0)
			continue;
		if (pipe2(go, O_CLOEXEC) < 0)
			die(FAILED, "tamago-exec", "%s", strerror(errno));
		pid = (pid_t)syscall(SYS_clone, tries[i] | SIGCHLD, 0, 0, 0, 0);
		if (pid == 0) {
			close(go[1]);
			child_main(go[0], parent, tries[i], io, run, arg);
		}
		close(go[0]);
		if (pid < 0) {
			close(go[1]);
			if (errno == ENOMEM)
				die(FAILED, "tamago-exec", "%s",
				    strerror(errno));
			continue;
		}
		if ((tries[i] & CLONE_NEWUSER) && map_ids(pid) < 0) {
			/* No go: it exits, and the next try begins. */
			close(go[1]);
			waitpid(pid, NULL, 0);
			continue;
		}
		if (write(go[1], "g", 1) != 1)
			die(FAILED, "tamago-exec", "%s", strerror(errno));
		close(go[1]);
		close(status_pipe[1]);
		*pid_ns = tries[i] & CLONE_NEWPID;
		if (!*pid_ns && prctl(PR_SET_CHILD_SUBREAPER, 1) < 0)
			die(FAILED, "tamago-exec", "cannot reap the tree: %s",
			    strerror(errno));
		return pid;
	}
	die(FAILED, "tamago-exec", "cannot start the program: %s",
	    strerror(errno));
}

/* The pids whose parent is this process (from /proc). */
static int my_children(pid_t *out, int max)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	pid_t self = getpid();
	int n = 0;

	while (d && n < max && (e = readdir(d))) {
		char path[300], buf[512], *p;
		ssize_t len;
		int fd;

		if (e->d_name[0] < '0' || e->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/stat", e->d_name);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			continue;
		len = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		if (len <= 0)
			continue;
		buf[len] = '\0';
		/* "pid (comm) state ppid": comm may hold anything. */
		p = strrchr(buf, ')');
		if (p && atoi(p + 4) == self)
			out[n++] = atoi(e->d_name);
	}
	if (d)
		closedir(d);
	return n;
}

/*
 * Without a pid namespace: every process left below the supervisor ends.
 * Only our own children are killed, and a child is never reaped between
 * finding it and killing it (this thread alone reaps), so its pid cannot
 * have been reused.
 */
static void end_tree(void)
{
	pid_t kids[256];

	for (;;) {
		int n = my_children(kids, 256), i;

		for (i = 0; i < n; i++)
			kill(kids[i], SIGKILL);
		while (waitpid(-1, NULL, WNOHANG) > 0)
			;
		if (!n && waitpid(-1, NULL, WNOHANG) < 0 && errno == ECHILD)
			return;
		poll(NULL, 0, n ? 1 : 10);
	}
}

void sandbox_wait(pid_t child, bool pid_ns, struct ending *end)
{
	sigset_t set;
	int sfd, i;

	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, SIGWINCH);
	for (i = 0; i < (int)(sizeof(forwarded) / sizeof(forwarded[0])); i++)
		sigaddset(&set, forwarded[i]);
	sfd = signalfd(-1, &set, SFD_CLOEXEC);
	if (sfd < 0)
		die(FAILED, "tamago-exec", "%s", strerror(errno));
	end->pid_ns = pid_ns;
	for (;;) {
		struct signalfd_siginfo si;
		int st;
		pid_t w;

		if (read(sfd, &si, sizeof(si)) != sizeof(si)) {
			if (errno == EINTR)
				continue;
			die(FAILED, "tamago-exec", "%s", strerror(errno));
		}
		if (si.ssi_signo == SIGWINCH) {
			stdio_winch();
			continue;
		}
		if (si.ssi_signo != SIGCHLD) {
			/* init passes it on to the program's group. */
			if (pid_ns || kill(-child, (int)si.ssi_signo) < 0)
				kill(child, (int)si.ssi_signo);
			continue;
		}
		while ((w = waitpid(-1, &st, WNOHANG)) > 0) {
			if (w != child)
				continue;
			if (!pid_ns) {
				end->status = st;
				end_tree();
			} else if (read(status_pipe[0], &end->status,
					sizeof(end->status)) !=
				   sizeof(end->status)) {
				/* init itself failed or was killed. */
				end->status = st;
			}
			close(sfd);
			return;
		}
	}
}

__attribute__((noreturn)) void exit_like(int status)
{
	struct rlimit none = { 0, 0 };
	sigset_t set;
	int sig;

	stdio_restore();
	if (WIFEXITED(status))
		exit(WEXITSTATUS(status));
	sig = WTERMSIG(status);
	/* The same signal, without a core of our own. */
	prctl(PR_SET_DUMPABLE, 0);
	setrlimit(RLIMIT_CORE, &none);
	signal(sig, SIG_DFL);
	sigemptyset(&set);
	sigaddset(&set, sig);
	pthread_sigmask(SIG_UNBLOCK, &set, NULL);
	raise(sig);
	exit(128 + sig);
}
