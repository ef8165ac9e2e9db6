/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * tamago-exec, the sandbox's supervisor: what its parts share.
 *
 *   tamago-exec.c  options, the program's needs, the child's fds
 *   start.c        the sandbox built in the child, sealed, the program
 *                  exec'd through the loader
 *   supervise.c    namespaces, init (pid 1), the reaper, signals, status
 *   relay.c        stdio through fresh pipes or a pty, and copying
 *   collect.c      the export and the audit: pipes in, files out
 *   kept.c         kept datagram sockets, relayed to their peer only
 */
#ifndef TAMAGO_LAUNCHER_H
#define TAMAGO_LAUNCHER_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#define REFUSED 126
#define FAILED 125

/* "tamago: <what>: <why>" on stderr; die exits with status. */
__attribute__((noreturn, format(printf, 3, 4))) void
die(int status, const char *what, const char *fmt, ...);
__attribute__((format(printf, 2, 3))) void warn(const char *what,
						 const char *fmt, ...);

/* An fd of the supervisor's own, moved to fd >= 10, close-on-exec. */
int own_fd(int fd);

/* lower.c: the --ro layers' lister (fs/lower.h) ----------------------- */
/* The socket: the supervisor's end kept, the sandbox's in *child_end. */
int lower_prepare(int *child_end);
/* Serves the layers of directory fds (host paths' O_PATH fds) from now
 * on, in a thread. 0 or -errno. */
int lower_start(const int *fds, int n);

/* relay.c ------------------------------------------------------------ */

/*
 * A thread that copies from to to until from ends (0 or an error) or to
 * refuses (EPIPE, ...); splice where the kernel can, read and write where
 * not. Then it closes what it was told to: done_close[0..1], -1 for none.
 */
struct copy {
	int from, to;
	int done_close[2];
	bool retry_eio;		/* from is a terminal: EIO waits */
	pthread_t thread;
	bool started;
	int err;		/* what ended it: 0 (from's end) or errno */
	uint64_t bytes;
};
int copy_start(struct copy *c);
void copy_join(struct copy *c);

struct stdio_plan {
	int child[3];		/* the program's 0, 1, 2; -1: closed */
	int tty;		/* a pty slave among them, else -1 */
};

/* Fresh pipes (or a pty of the sandbox's own, when one of the host's 0,
 * 1, 2 is a terminal) for the program; stdin_taken: the caller gives the
 * program's fd 0 (TAMAGO_FS_FD=0). */
void stdio_prepare(struct stdio_plan *p, bool stdin_taken);
/* After the child has its copies: the supervisor's are closed, the
 * relays start, the host terminal goes raw where it fed the pty. */
void stdio_start(struct stdio_plan *p);
/* Waits until the program's output has all been passed on. */
void stdio_finish(void);
/* The host terminal's modes back (also at exit). */
void stdio_restore(void);
/* SIGWINCH: the host terminal's size to the sandbox's pty. */
void stdio_winch(void);
/* After stdio_finish: the bytes passed on from the program's fds 1, 2
 * (a pty's output counts as fd 1's). */
void stdio_bytes(uint64_t *out, uint64_t *err);

/* collect.c ---------------------------------------------------------- */

struct collect;
/*
 * What the shim writes to a pipe, kept by the supervisor: in a temporary
 * file beside path (or in TMPDIR, for a path that is not a regular file
 * and for user_fd) and, once the tree has ended, renamed over path (or
 * copied into it, or into user_fd, the user's own TAMAGO_EXPORT_FD) if
 * complete; else the destination is left as it was. archive: a newc
 * archive whose regular files hold at most max bytes (0: no limit);
 * else lines, at most 16 MiB.
 */
struct collect *collect_open(const char *what, const char *path,
			     int user_fd, bool archive, uint64_t max);
/* The pipe's write end, for the child. */
int collect_child_fd(const struct collect *c);
void collect_start(struct collect *c);
/* After the tree has ended: the file, or a message why not. */
void collect_finish(struct collect *c, const char *how_ended);

/* For the report: the bytes stay readable after collect_finish (call
 * before it); a collect opened with neither path nor fd only keeps them. */
void collect_keep(struct collect *c);
/* After collect_finish: written or not, how many bytes came, why not. */
void collect_outcome(const struct collect *c, bool *written,
		     uint64_t *bytes, const char **why);
/* The kept bytes, NUL-terminated (malloc'd), or NULL. */
char *collect_text(struct collect *c);

/* report.c ----------------------------------------------------------- */

/* --report=PATH: one JSON document for the run (the README's schema),
 * written by the supervisor once the tree has ended, whole or not at
 * all. */
struct report {
	const char *path;
	const char *prog;	/* as the user named it */
	const char *exe;	/* the path run */
	const char *export_path;	/* --export's, or NULL */
	char **argv;
	struct timespec started, mono;
	const char *settings[16][2];	/* name, value ("" if unset) */
	int nsettings;
	const char *env[256];	/* --env NAMEs (values left out) */
	int nenv;
	bool keep_env;
};
/* facts: the sandbox's end's lines ("changed N", "missing COUNT PATH",
 * "missing-more N"), parsed here; anything else in them is ignored. */
void report_write(const struct report *r, int status,
		  struct collect *export, struct collect *audit,
		  struct collect *facts, uint64_t out_bytes,
		  uint64_t err_bytes);

/* kept.c ------------------------------------------------------------- */

/*
 * TAMAGO_KEEP_FDS's AF_UNIX datagram sockets: each gets a seqpacket
 * stand-in (whose sends cannot name an address) relayed to its connected
 * peer by the supervisor; an unconnected one is refused. Returns the
 * number of stand-ins; child_fd[i] goes to number kept_fd[i].
 */
int kept_prepare(const char *keep, int *kept_fd, int *child_fd, int max);
void kept_start(void);

/* supervise.c -------------------------------------------------------- */

/* The program's end as wait() reports it. */
struct ending {
	int status;		/* wait status of the program */
	bool pid_ns;		/* it ran in a pid namespace of its own */
};
/*
 * Starts the sandbox: init (pid 1 of new user, mount and pid namespaces)
 * and the program as its one child, where namespaces can be had; else
 * the program as a child of this subreaper. run(arg) is called in the
 * program's process, and does not return. Returns the child's pid.
 */
pid_t sandbox_spawn(struct stdio_plan *io, void (*run)(void *, bool),
		    void *arg, bool *pid_ns);
/* Runs until the program has ended and the rest of the tree with it. */
void sandbox_wait(pid_t child, bool pid_ns, struct ending *end);
/* Exits as the program ended: its status, or its signal. */
__attribute__((noreturn)) void exit_like(int status);

#endif
