/* SPDX-License-Identifier: BSD-3-Clause */
/* The sandbox's start, in the program's process (start.c). */
#ifndef TAMAGO_START_H
#define TAMAGO_START_H

#include <stdbool.h>

#include "seal/closure.h"

/* A --ro layer: the host directory (an open fd of it) shown at dest. */
struct ro_layer {
	const char *opt;	/* the option as given (messages) */
	const char *host;	/* the host directory, links resolved */
	const char *dest;
	int fd;
};

struct start_args {
	const char *prog;	/* the program as the user named it (messages) */
	const char *path;	/* its absolute path: where the sandbox has it */
	bool script;		/* path is a script: needs are its
				 * interpreter's */
	bool inside;		/* path is the sandbox's alone (in an image
				 * or a --ro layer): a name without '/' is
				 * searched in the program's PATH there */
	const struct closure *needs;	/* what the dynamic loader opens */
	const char *shim;	/* the shared object to preload, or NULL */
	const char *hooks;	/* TAMAGO_HOOKS, or NULL */
	const char *loader;	/* the loader's host path */
	bool pid_ns;		/* the tree has a pid namespace of its own */
	const struct ro_layer *ro;	/* --ro layers, nro of them */
	int nro;
	int ro_sock;		/* the supervisor's lister (fs/lower.h) */
	char **argv;		/* the program's */
	char **envp;
};

/* A setting's value (TAMAGO_NET, TAMAGO_FS_SIZE, ...) as the start will
 * check it: NULL when it is good (or unset), else what it expects. */
const char *start_check(const char *var, const char *value);

/* preset.c: /etc/hosts, passwd, group and nsswitch.conf where the
 * images left them out and no --ro layer shows that path (after the
 * images, before the seal). */
void place_presets(const struct start_args *a);

/* Builds the sandbox, seals this process and execs the program through
 * the loader. Returns never: exits 125 on any error. */
__attribute__((noreturn)) void start_sandbox(const struct start_args *a);

#endif
