/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The handler table as the core sees it. Public side: tamago.h.
 * Every function here is safe in the SIGSYS handler and, after sealing,
 * makes only allowed system calls.
 */
#ifndef TAMAGO_HOOKS_H
#define TAMAGO_HOOKS_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "hooks/tamago.h"

/* Marks the few symbols the shim exports (see shim/exports.map). */
#define TAMAGO_EXPORT __attribute__((visibility("default")))

typedef int (*clock_gettime_fn)(clockid_t, struct timespec *);
/*
 * The kernel-backed defaults: clock (the vDSO's clock_gettime, or NULL
 * for the system call) and urandom (an open fd of /dev/urandom in the
 * band, or -1 to open one now, before the seal).
 */
int hooks_init(clock_gettime_fn clock, int urandom);
long hooks_random(void *buf, size_t len, unsigned int flags);
int hooks_clock(clockid_t id, struct timespec *ts);
/* The host's clock, whatever handler is plugged in. */
int hooks_kernel_clock(clockid_t id, struct timespec *ts);
/* Plugs in the built-in seeded random and virtual clock handlers where
 * the sandbox's configuration asks for them (hooks_init calls it). */
void hooks_det_start(void);
/*
 * clock_nanosleep(2) in the sandbox's time: the kernel's sleep, or under
 * the virtual clock a sleep of the virtual length (warp: none, the clock
 * advances instead). 0 or -errno (-EINTR with *rem, relative sleeps).
 */
long hooks_sleep(clockid_t id, int flags, const struct timespec *req,
		 struct timespec *rem);
/*
 * A wait with a timeout of ns found nothing ready: under warp the clock
 * advances by the timeout and the wait ends at once (true); else false,
 * and the caller waits as asked. ns 0 only asks whether warp is on.
 */
bool hooks_warp_timeout(long long ns);
/* uname(2): the sandbox's host name in a reproducible run. */
struct utsname;
long hooks_uname(struct utsname *u);
/* Is the random handler the kernel's? */
bool hooks_random_is_kernel(void);
/* Is the clock handler the built-in virtual clock (TAMAGO_TIME)? */
bool hooks_clock_is_virtual(void);
/* Is the clock handler the kernel's (no custom one registered)? */
bool hooks_clock_is_kernel(void);
/* The socket handler, or NULL when none is plugged in (the nil stub). */
tamago_socket_fn hooks_socket_handler(void);
/* Calls the exit handler, once (see tamago.h); whether there is one. */
void hooks_exit(int status, int sig);
bool hooks_exit_handler(void);
/* Is a console handler registered (the filter then traps writes to 1 and
 * 2)? hooks_console passes it what a write to fd took. */
bool hooks_console_handler(void);
void hooks_console(int fd, const void *buf, size_t len);
/* tamago_register()'s work (the shim exports that name, tamago.h). */
int hooks_register(const struct tamago_handlers *h);
/* After this, tamago_register() refuses. */
void hooks_seal(void);

#endif
