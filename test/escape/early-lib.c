/* SPDX-License-Identifier: BSD-3-Clause */
/* A linked library whose constructor glibc runs before the preloaded shim's. */
#include "early.h"

__attribute__((constructor)) static void early_libctor(void)
{
	early_try("early-libctor");
}

int early_lib_linked(void)
{
	return 1;
}
