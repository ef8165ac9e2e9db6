/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The cores, as the overrides call them: each name of core/api.h is a
 * function here that calls the loader's table, so that the libc path and
 * the trap path share the one copy of the cores in the process. While a
 * thread is in one, the core lock may take its id from the shim's
 * per-thread cache (init.c); elsewhere (the trap path, a vfork child on
 * its parent's thread storage) it asks the kernel.
 */
#include "core/api.h"
#include "hooks/hooks.h"
#include "shim/shim.h"

const struct core_api *shim_api;
__thread int shim_in_core __attribute__((tls_model("initial-exec")));

/* Before the constructor (a library's own constructor calling open):
 * the table is found now. */
static const struct core_api *api(void)
{
	if (__builtin_expect(!shim_api, 0))
		shim_early_init();
	return shim_api;
}

#define SHIM_API_FN(ret, name, params, args)                                 \
	ret name params                                                      \
	{                                                                    \
		const struct core_api *a_ = api();                           \
		ret r_;                                                      \
                                                                             \
		shim_in_core++;                                              \
		r_ = a_->name args;                                          \
		shim_in_core--;                                              \
		return r_;                                                   \
	}
#define SHIM_API_VOID(ret, name, params, args)                               \
	void name params                                                     \
	{                                                                    \
		const struct core_api *a_ = api();                           \
                                                                             \
		shim_in_core++;                                              \
		a_->name args;                                               \
		shim_in_core--;                                              \
	}

CORE_API(SHIM_API_FN)
CORE_API_VOID(SHIM_API_VOID)

/* The one name of tamago.h the shim exports: a hooks library calls it. */
TAMAGO_EXPORT int tamago_register(const struct tamago_handlers *h)
{
	return hooks_register(h);
}
