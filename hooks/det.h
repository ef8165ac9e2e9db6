/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The built-in deterministic handlers: a seeded random stream
 * (TAMAGO_SEED) and a virtual clock (TAMAGO_TIME, TAMAGO_TIME_WARP),
 * shared by the whole process tree through the sandbox's configuration
 * in the arena. hooks.c plugs them in as the default handlers when they
 * are configured; a hooks library's own handlers still win.
 */
#ifndef TAMAGO_DET_H
#define TAMAGO_DET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/utsname.h>
#include <time.h>

/* What the sandbox was started with (in struct core_config). */
struct det_config {
	uint32_t seeded;	/* TAMAGO_SEED given */
	uint32_t vclock;	/* TAMAGO_TIME given: the virtual clock */
	uint32_t warp;		/* TAMAGO_TIME_WARP=1: sleeps advance it */
	uint32_t running;	/* it runs with the host's clock (x, +, @) */
	uint64_t seed;
	int64_t start_ns;	/* virtual CLOCK_REALTIME at the start */
	int64_t host0_ns;	/* the host's CLOCK_MONOTONIC then */
	int64_t rate_ppm;	/* running: virtual ns per 10^6 host ns */
	int64_t step_ns;	/* iN: each read advances the clock by N */
	/* Shared counters, moved atomically by every process and thread
	 * (never journaled: a counter that moved needs no rollback). */
	uint64_t rand_blocks;	/* ChaCha20 blocks handed out */
	uint64_t reads;		/* clock reads (step mode) */
	int64_t advanced_ns;	/* what warped sleeps added */
	/* uname's answer: the host's, named "tamago" (as TamaGo's). */
	struct utsname uts;
};

/* A parsed TAMAGO_TIME. */
enum det_time_kind { DET_NOW, DET_START, DET_FROZEN, DET_OFFSET };
struct det_time_spec {
	enum det_time_kind kind;
	int64_t ns;		/* the date (START, FROZEN), or the offset */
	int64_t rate_ppm;	/* 0: not given (1x) */
	int64_t step_ns;	/* 0: not given */
};

/*
 * TAMAGO_TIME's forms, as libfaketime's: "@YYYY-MM-DD hh:mm:ss" (start
 * there and run), "YYYY-MM-DD hh:mm:ss" (frozen), "+N" or "-N" with an
 * optional unit s, m, h, d or y (offset), then "xR" (rate) and "iN"
 * (step; units ns, us, ms, s, m, h, d), separated by spaces. Dates are
 * UTC. Returns 0, or -EINVAL with the reason in *why.
 */
int det_parse_time(const char *s, struct det_time_spec *out,
		   const char **why);
/* The seed: a decimal or 0x-hex number up to 2^64 - 1. 0 or -EINVAL. */
int det_parse_seed(const char *s, uint64_t *out);
/* Days since 1970-01-01 of a proleptic Gregorian date. */
int64_t det_days_from_civil(int64_t y, unsigned int m, unsigned int d);

/*
 * Fills c from the environment's values (NULL: not given), reading the
 * host's clocks for the running forms. 0, or -EINVAL with *what naming
 * the variable and *why the reason.
 */
int det_configure(struct det_config *c, const char *seed, const char *time,
		  const char *warp, const char **what, const char **why);

/* This process's view of the sandbox's settings (NULL outside one). */
void det_attach(struct det_config *c);
/* A reproducible run (seed or virtual clock): the filter then traps the
 * clock calls and uname (seal/policy.c, rules_det). */
bool det_on(void);
bool det_seeded(void);
bool det_vclock(void);
bool det_warp(void);

/* The handlers (tamago.h's types). */
ssize_t det_random(void *buf, size_t len, unsigned int flags);
int det_clock(clockid_t id, struct timespec *ts);
/* The clock moves forward by ns (a warped sleep or timeout). */
void det_advance(int64_t ns);
/*
 * A sleep of req on clock id (flags: TIMER_ABSTIME) in virtual time:
 * 0 and *left the relative host sleep still to make (none under warp,
 * which has already advanced the clock); 1 for a clock the virtual one
 * does not serve (the CPU clocks: the kernel's sleep as asked); or
 * -EINVAL for a bad req.
 */
int det_sleep(clockid_t id, int flags, const struct timespec *req,
	      struct timespec *left);

/* uname(2) of the sandbox: 0, or -EFAULT. */
int det_uname(struct utsname *u);

/* The stream's bytes for key index 'which' (a fixed id: boot_id),
 * independent of the draws. */
void det_fixed(uint32_t which, void *buf, size_t len);

#endif
