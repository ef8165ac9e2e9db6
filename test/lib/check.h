/* SPDX-License-Identifier: BSD-3-Clause */
/* A tiny assertion for programs that run under the shim. */
#ifndef TAMAGO_TEST_CHECK_H
#define TAMAGO_TEST_CHECK_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHECK(cond)                                                          \
	do {                                                                 \
		if (!(cond)) {                                               \
			fprintf(stderr, "%s:%d: check failed: %s (errno %s)\n", \
				__FILE__, __LINE__, #cond, strerror(errno)); \
			exit(1);                                             \
		}                                                            \
	} while (0)

#endif
