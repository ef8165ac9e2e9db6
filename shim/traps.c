/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The shim's side of the trap ids (seal/traps.h): each id names one of
 * the decoders beside the libc overrides. The filter compiled for this
 * architecture (seal/filter.h) maps a trapped call's number to its id.
 */
#include "arch.h"
#include "seal/filter.h"
#include "shim/shim.h"

static const trap_fn trap_fns[TRAP_COUNT] = {
#define TRAP_FN(fn) [TRAP_ID_##fn] = fn,
	TRAP_LIST(TRAP_FN)
#undef TRAP_FN
};

trap_fn trap_lookup(long nr, enum trap_id *trap, const char **name)
{
	const struct filter_row *row = filter_trapped(&ARCH_FILTER, nr, trap);

	if (!row)
		return NULL;
	*name = row->name;
	return trap_fns[*trap];
}
