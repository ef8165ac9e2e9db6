/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Trapped call number -> its emulation, generated from the filter's own
 * table (seal/policy.c, by tools/traps.py), so that the two never
 * disagree: a trapped call with no row here is reported and killed.
 */
#include <sys/syscall.h>

#include "trap/trap.h"

trap_fn trap_lookup(long nr, const char **name)
{
	switch (nr) {
#define TRAP_ROW(nr_, name_, fn_)                                            \
	case nr_:                                                            \
		*name = name_;                                               \
		return fn_;
#include "traps.h"
#undef TRAP_ROW
	}
	*name = NULL;
	return NULL;
}
