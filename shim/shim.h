/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Internals of the shared object: the boundary between libc's calling
 * convention and the cores (which live in the loader, core/api.h), and
 * its start.
 */
#ifndef TAMAGO_SHIM_H
#define TAMAGO_SHIM_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/sysmacros.h>

#include "hooks/hooks.h"

/*
 * api.c: the cores' table (core/api.h), from the loader, and whether
 * this thread is in one of its functions (the core lock then takes its
 * id from the shim's cache, init.c).
 */
struct core_api;
extern const struct core_api *shim_api;
extern __thread int shim_in_core __attribute__((tls_model("initial-exec")));
/* init.c: finds the table (or runs the program confined, preloaded
 * alone); once, from the constructor or the first call before it. */
void shim_early_init(void);

/* Where tamago-exec is installed (meson fills it in). */
#ifndef TAMAGO_EXEC_INSTALLED
#define TAMAGO_EXEC_INSTALLED "/usr/local/bin/tamago-exec"
#endif
/* The same relative to the shim's directory ("" where there is none). */
#ifndef TAMAGO_EXEC_REL
#define TAMAGO_EXEC_REL "../../bin"
#endif

/* glibc's fortify failure (exported by libc): "buffer overflow detected". */
extern void __chk_fail(void) __attribute__((noreturn));

/* The boundary: a core result to libc's errno convention. */
static inline long shim_ret(long r)
{
	if (r < 0) {
		errno = (int)-r;
		return -1;
	}
	return r;
}

/*
 * exit.c: the end of the program (export, audit, exit handler). status:
 * the exit status, or -1 with sig the signal that ends the program.
 */
struct core_config;
int shim_end_init(const struct core_config *cfg);
void shim_end(int status, int sig);

/* Messages (core/msg.h). */
#include "core/msg.h"
#define shim_msg msg
#define shim_fatal msg_fatal

#endif
