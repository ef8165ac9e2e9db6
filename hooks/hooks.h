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
