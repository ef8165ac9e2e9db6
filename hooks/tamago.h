/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file tamago.h
 * @brief Handlers for the tamago shim: socket, randomness, time and exit.
 *
 * A hooks library (named by TAMAGO_HOOKS, loaded before the seal) calls
 * tamago_register() from its constructor to plug in its handlers, as a
 * TamaGo program sets net.SocketFunc or its overlay's randomness and time
 * functions. A handler left NULL keeps the default: the nil-socket stub,
 * the kernel's randomness, the kernel's clock.
 *
 * Handlers run inside the sandbox, possibly inside a signal handler, with
 * the shim's core lock held: they must be async-signal-safe, must not call
 * back into file or socket functions, and after the seal may make only
 * the system calls the filter allows.
 */
#ifndef TAMAGO_H
#define TAMAGO_H

#include <stddef.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <time.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * The version of struct tamago_handlers this header describes: 1 had
 * socket, random and clock; 2 adds exit; 3 adds console. The table is
 * versioned by its size field: a library built against version 1 passes
 * the smaller size and still loads.
 */
#define TAMAGO_HANDLERS_VERSION 3

/** What a program does with a socket when the socket handler is called. */
enum tamago_socket_op {
	TAMAGO_SOCKET_CONNECT = 1, /**< connect(2): raddr is the peer */
	TAMAGO_SOCKET_SEND = 2,	   /**< sendto(2)/sendmsg(2): raddr given */
	TAMAGO_SOCKET_BIND = 3,	   /**< bind(2): laddr is the address */
};

/** One call of the socket handler, modelled on TamaGo's net.SocketFunc. */
struct tamago_socket_req {
	enum tamago_socket_op op;   /**< what the program is doing */
	const char *network;	    /**< "tcp", "udp", "tcp6", "udp6", ... */
	int family;		    /**< AF_INET or AF_INET6 */
	int type;		    /**< SOCK_STREAM, SOCK_DGRAM, ... */
	int protocol;		    /**< as given to socket(2) */
	const struct sockaddr *laddr; /**< the local address, or NULL */
	socklen_t laddrlen;	    /**< its length */
	const struct sockaddr *raddr; /**< the remote address, or NULL */
	socklen_t raddrlen;	    /**< its length */
};

/**
 * Socket handler: called when the program connects, binds, or sends to an
 * address on an internet socket. Returns a real fd that takes the place of
 * the program's socket (dup3 onto it, keeping its number and close-on-exec
 * flag, so poll, epoll and fcntl keep working) and the program's call then
 * succeeds; or a negative errno that the program's call fails with.
 */
typedef int (*tamago_socket_fn)(const struct tamago_socket_req *req);

/**
 * Randomness handler (TamaGo's GetRandomData): fills buf with len bytes and
 * returns len, or a negative errno. flags are getrandom(2)'s.
 */
typedef ssize_t (*tamago_random_fn)(void *buf, size_t len,
				    unsigned int flags);

/**
 * Clock handler (TamaGo's Nanotime, per clock id): fills ts and returns 0,
 * or a negative errno (-EINVAL for a clock it does not serve).
 */
typedef int (*tamago_clock_fn)(clockid_t id, struct timespec *ts);

/**
 * Exit handler: called once, when the program ends, in the process the
 * shim started in (not in its forked children). status is the exit
 * status (0 to 255) and sig 0 when the program returns from main or
 * calls exit(3), _exit(2) or _Exit(2); status is -1 and sig the signal
 * when a fatal signal whose disposition was the default ends it, or
 * SIGSYS when the shim kills a raw system call. It is not called when the
 * kernel kills the process itself (SIGKILL, the filter's kill class) or
 * on a raw exit_group. It runs after the export (TAMAGO_EXPORT_FD) and
 * the audit (TAMAGO_AUDIT_FD), possibly inside a signal handler, after
 * the seal: async-signal-safe code and allowed calls only. The program
 * ends as it would have when the handler returns.
 */
typedef void (*tamago_exit_fn)(int status, int sig);

/**
 * Console handler: sees what the program writes to fds 1 and 2. It is
 * called after each write(2), writev(2), pwrite(2), pwritev(2) or
 * pwritev2(2) on fd 1 or 2 that wrote something, with fd and the bytes
 * the kernel took (a short write shows only those), whoever made the
 * call: the program through libc, glibc's stdio and other internal
 * calls, or a raw system call. The write itself happens as the program
 * asked; the handler cannot change it. Not seen: writes through another
 * fd (a dup of 1 or 2, /dev/stdout opened anew), sends on a socket at
 * fd 1 or 2, and the shim's own "tamago: " lines. With a console
 * handler, sendfile(2), splice(2), tee(2), vmsplice(2) and
 * copy_file_range(2) into fd 1 or 2 fail with EINVAL (programs then
 * fall back to write). It runs inside the shim's SIGSYS handler with the
 * shim's lock possibly held: async-signal-safe code only, and it must
 * not write to fds 1 and 2 itself (that write would come back to it and
 * end the process): write elsewhere, e.g. to a dup of 2 made in the
 * library's constructor.
 */
typedef void (*tamago_console_fn)(int fd, const void *buf, size_t len);

/** The handler table. Set size to sizeof(struct tamago_handlers). */
struct tamago_handlers {
	size_t size;		   /**< sizeof the caller's struct */
	tamago_socket_fn socket;   /**< NULL: the nil-socket stub */
	tamago_random_fn random;   /**< NULL: the kernel's randomness */
	tamago_clock_fn clock;	   /**< NULL: the kernel's clock */
	tamago_exit_fn exit;	   /**< NULL: no exit handler (version 2) */
	tamago_console_fn console; /**< NULL: writes to 1 and 2 unwatched
				    *   (version 3) */
};

/**
 * Plugs in handlers; fields past h->size and NULL fields keep their
 * current value. Only effective before the seal (from a hooks library's
 * constructor). Returns 0, or -EINVAL for a malformed table, or -EPERM
 * after the seal.
 */
int tamago_register(const struct tamago_handlers *h);

#ifdef __cplusplus
}
#endif

#endif
