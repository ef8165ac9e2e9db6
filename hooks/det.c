/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The seeded random stream and the virtual clock. See det.h.
 *
 * One stream for the whole sandbox: ChaCha20 keyed by the seed, its
 * blocks handed out in order by a counter in the arena. A draw takes
 * whole blocks (the rest of its last block is dropped), so what a draw
 * gets depends only on how many blocks were drawn before it, by any
 * thread or process of the tree: a run is reproducible when its draws
 * come in the same order (README: Reproducible runs).
 *
 * One clock for the whole sandbox: virtual CLOCK_REALTIME is the start,
 * plus what has passed (the host's monotonic time times the rate, when
 * running; the number of reads before this one times the step, in step
 * mode), plus what warped sleeps added. Every other clock id follows it.
 */
#include <errno.h>
#include <string.h>
#include <sys/random.h>

#include "core/sys.h"
#include "hooks/chacha.h"
#include "hooks/det.h"
#include "hooks/hooks.h"

#define NSEC 1000000000LL
#ifndef GRND_INSECURE
#define GRND_INSECURE 0x4	/* Linux 5.6 */
#endif
/* The sandbox's monotonic clocks read this much at its start. */
#define MONO_BASE NSEC
/* TAI runs ahead of UTC by the leap seconds since 1972 (37 since 2017). */
#define TAI_OFFSET (37 * NSEC)

static struct det_config *det;

void det_attach(struct det_config *c)
{
	det = c;
}

bool det_on(void)
{
	return det && (det->seeded || det->vclock);
}

bool det_seeded(void)
{
	return det && det->seeded;
}

bool det_vclock(void)
{
	return det && det->vclock;
}

bool det_warp(void)
{
	return det && det->vclock && det->warp;
}

/* ---- the stream ---- */

/*
 * Block n of stream 'which': the key is the seed (little-endian, the
 * rest zero), the counter and the first nonce word carry the block
 * number, the second nonce word names the stream (0: draws; others:
 * fixed values such as boot_id).
 */
static void stream_block(uint64_t n, uint32_t which,
			 unsigned char out[CHACHA_BLOCK])
{
	uint32_t key[8] = { (uint32_t)det->seed, (uint32_t)(det->seed >> 32) };
	uint32_t nonce[3] = { (uint32_t)(n >> 32), which, 0 };

	chacha20_block(key, (uint32_t)n, nonce, out);
}

static void stream_fill(uint64_t first, uint32_t which, void *buf,
			size_t len)
{
	unsigned char block[CHACHA_BLOCK], *p = buf;

	while (len) {
		size_t n = len < CHACHA_BLOCK ? len : CHACHA_BLOCK;

		stream_block(first++, which, block);
		memcpy(p, block, n);
		p += n;
		len -= n;
	}
}

ssize_t det_random(void *buf, size_t len, unsigned int flags)
{
	uint64_t blocks = (len + CHACHA_BLOCK - 1) / CHACHA_BLOCK, first;

	if (flags & ~(unsigned int)(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE))
		return -EINVAL;
	if (!len)
		return 0;
	first = __atomic_fetch_add(&det->rand_blocks, blocks,
				   __ATOMIC_RELAXED);
	stream_fill(first, 0, buf, len);
	return (ssize_t)len;
}

void det_fixed(uint32_t which, void *buf, size_t len)
{
	stream_fill(0, which, buf, len);
}

/* ---- the clock ---- */

static int64_t ts_ns(const struct timespec *ts)
{
	return (int64_t)ts->tv_sec * NSEC + ts->tv_nsec;
}

static void ns_ts(int64_t ns, struct timespec *ts)
{
	ts->tv_sec = (time_t)(ns / NSEC);
	ts->tv_nsec = (long)(ns % NSEC);
	if (ts->tv_nsec < 0) {
		ts->tv_sec--;
		ts->tv_nsec += NSEC;
	}
}

/* Host ns times rate in millionths (at most 10^9: x1000), without
 * overflow for a century of host time. */
static int64_t scaled(int64_t ns, int64_t ppm)
{
	return (ns / 1000000) * ppm + (ns % 1000000) * ppm / 1000000;
}

/* Virtual time passed since the start (this read counted, in step
 * mode). */
static int64_t elapsed(void)
{
	int64_t t = __atomic_load_n(&det->advanced_ns, __ATOMIC_RELAXED);
	struct timespec now;

	if (det->step_ns)
		t += (int64_t)__atomic_fetch_add(&det->reads, 1,
						 __ATOMIC_RELAXED) *
		     det->step_ns;
	else if (det->running && hooks_kernel_clock(CLOCK_MONOTONIC, &now) == 0)
		t += scaled(ts_ns(&now) - det->host0_ns, det->rate_ppm);
	return t;
}

int det_clock(clockid_t id, struct timespec *ts)
{
	switch (id) {
	case CLOCK_REALTIME:
	case CLOCK_REALTIME_COARSE:
	case CLOCK_REALTIME_ALARM:
		ns_ts(det->start_ns + elapsed(), ts);
		return 0;
	case CLOCK_TAI:
		ns_ts(det->start_ns + elapsed() + TAI_OFFSET, ts);
		return 0;
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_MONOTONIC_COARSE:
	case CLOCK_BOOTTIME:
	case CLOCK_BOOTTIME_ALARM:
		ns_ts(MONO_BASE + elapsed(), ts);
		return 0;
	case CLOCK_PROCESS_CPUTIME_ID:
	case CLOCK_THREAD_CPUTIME_ID:
		/* Virtual only where the clock is deterministic. */
		if (!det->running) {
			ns_ts(elapsed(), ts);
			return 0;
		}
		break;
	}
	return hooks_kernel_clock(id, ts);
}

void det_advance(int64_t ns)
{
	if (ns > 0)
		__atomic_fetch_add(&det->advanced_ns, ns, __ATOMIC_RELAXED);
}

static bool virtual_id(clockid_t id)
{
	return id == CLOCK_REALTIME || id == CLOCK_MONOTONIC ||
	       id == CLOCK_BOOTTIME || id == CLOCK_TAI ||
	       id == CLOCK_REALTIME_ALARM || id == CLOCK_BOOTTIME_ALARM;
}

int det_sleep(clockid_t id, int flags, const struct timespec *req,
	      struct timespec *left)
{
	struct timespec now;
	int64_t d;

	if (req->tv_nsec < 0 || req->tv_nsec >= NSEC || req->tv_sec < 0)
		return -EINVAL;
	if (!virtual_id(id)) {
		/* The CPU clocks and the rest: the kernel's sleep. */
		*left = *req;
		return 1;
	}
	d = ts_ns(req);
	if (flags & TIMER_ABSTIME) {
		det_clock(id, &now);
		d -= ts_ns(&now);
	}
	if (d < 0)
		d = 0;
	/* A clock that does not run with the host's moves by the sleep;
	 * under warp, so does a running one, and no host time passes. */
	if (det->warp || !det->running)
		det_advance(d);
	if (det->warp) {
		d = 0;
	} else if (det->running && det->rate_ppm != 1000000) {
		/* A faster clock gets there sooner in host time. */
		d = d / det->rate_ppm * 1000000 +
		    d % det->rate_ppm * 1000000 / det->rate_ppm;
	}
	ns_ts(d, left);
	return 0;
}

int det_uname(struct utsname *u)
{
	if (!u)
		return -EFAULT;
	memcpy(u, &det->uts, sizeof(*u));
	return 0;
}

/* ---- parsing ---- */

int64_t det_days_from_civil(int64_t y, unsigned int m, unsigned int d)
{
	/* Years from March, so that the leap day ends a year: eras of 400
	 * years, each 146097 days. */
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static bool is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* n digits exactly at *s into *v. */
static bool digits(const char **s, int n, int64_t *v)
{
	*v = 0;
	while (n--) {
		if (**s < '0' || **s > '9')
			return false;
		*v = *v * 10 + (*(*s)++ - '0');
	}
	return true;
}

/* "YYYY-MM-DD hh:mm:ss" at *s, as ns since the epoch (UTC). */
static bool parse_date(const char **s, int64_t *ns)
{
	static const unsigned char mdays[] = { 31, 28, 31, 30, 31, 30,
					       31, 31, 30, 31, 30, 31 };
	int64_t y, mo, d, h, mi, se;
	const char *p = *s;

	if (!digits(&p, 4, &y) || *p++ != '-' || !digits(&p, 2, &mo) ||
	    *p++ != '-' || !digits(&p, 2, &d) || *p++ != ' ' ||
	    !digits(&p, 2, &h) || *p++ != ':' || !digits(&p, 2, &mi) ||
	    *p++ != ':' || !digits(&p, 2, &se))
		return false;
	if (mo < 1 || mo > 12 || d < 1 ||
	    d > mdays[mo - 1] + (mo == 2 && is_leap(y)) || h > 23 ||
	    mi > 59 || se > 60)
		return false;
	*ns = ((det_days_from_civil(y, (unsigned int)mo, (unsigned int)d) *
		86400) + h * 3600 + mi * 60 + se) * NSEC;
	*s = p;
	return true;
}

/* A decimal number with an optional fraction, in billionths (2.5 is
 * 2500000000), exact to nine decimals. */
static bool parse_decimal(const char **s, int64_t *v)
{
	const char *p = *s;
	int64_t whole = 0, frac = 0, scale = NSEC;

	if (*p < '0' || *p > '9')
		return false;
	while (*p >= '0' && *p <= '9') {
		if (whole > 1000000000000LL)
			return false;
		whole = whole * 10 + (*p++ - '0');
	}
	if (*p == '.' || *p == ',') {
		p++;
		if (*p < '0' || *p > '9')
			return false;
		while (*p >= '0' && *p <= '9') {
			if (scale > 1) {
				scale /= 10;
				frac += (*p - '0') * scale;
			}
			p++;
		}
	}
	/* In billionths: whole * 10^9 + frac. */
	*v = whole * NSEC + frac;
	*s = p;
	return true;
}

/* The unit at *s (ms, s, ...; the small ones only where small): its
 * length in ns, dflt when there is none, 0 for one not known. */
static int64_t parse_unit(const char **s, int64_t dflt, bool small)
{
	static const struct {
		const char *name;
		int64_t ns;
		bool small;
	} units[] = {
		{ "ns", 1, true }, { "us", 1000, true },
		{ "ms", 1000000, true }, { "s", NSEC, false },
		{ "m", 60 * NSEC, false }, { "h", 3600 * NSEC, false },
		{ "d", 86400 * NSEC, false }, { "y", 365 * 86400 * NSEC, false },
	};
	size_t i, n;

	if (**s == ' ' || !**s)
		return dflt;
	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		n = strlen(units[i].name);
		if (units[i].small && !small)
			continue;
		if (!strncmp(*s, units[i].name, n) &&
		    ((*s)[n] == ' ' || !(*s)[n])) {
			*s += n;
			return units[i].ns;
		}
	}
	return 0;
}

/* billionths * unit / 10^9, refusing what overflows (> ~292 years). */
static bool times_unit(int64_t billionths, int64_t unit, int64_t *ns)
{
	int64_t whole = billionths / NSEC, frac = billionths % NSEC;

	if (whole && unit > INT64_MAX / 4 / whole)
		return false;
	*ns = whole * unit + (unit >= NSEC ? frac * (unit / NSEC) :
					     frac * unit / NSEC);
	return *ns >= 0;
}

int det_parse_time(const char *s, struct det_time_spec *out,
		   const char **why)
{
	int64_t v, unit;
	bool base = false;

	memset(out, 0, sizeof(*out));
	if (!s || !*s) {
		*why = "empty (expected a date, an offset, xR or iN)";
		return -EINVAL;
	}
	while (*s) {
		char c = *s;

		if (c == ' ') {
			s++;
			continue;
		}
		if (c == '@' || (c >= '0' && c <= '9') || c == '+' ||
		    c == '-') {
			if (base) {
				*why = "more than one start, date or offset";
				return -EINVAL;
			}
			base = true;
		}
		if (c == '@' || (c >= '0' && c <= '9')) {
			if (c == '@')
				s++;
			if (!parse_date(&s, &out->ns)) {
				*why = "expected a date as YYYY-MM-DD hh:mm:ss";
				return -EINVAL;
			}
			out->kind = c == '@' ? DET_START : DET_FROZEN;
		} else if (c == '+' || c == '-') {
			s++;
			unit = 0;
			if (parse_decimal(&s, &v))
				unit = parse_unit(&s, NSEC, false);
			if (!unit || !times_unit(v, unit, &out->ns)) {
				*why = "expected an offset as +N or -N with an "
				       "optional unit s, m, h, d or y";
				return -EINVAL;
			}
			if (c == '-')
				out->ns = -out->ns;
			out->kind = DET_OFFSET;
		} else if (c == 'x') {
			s++;
			if (out->rate_ppm || !parse_decimal(&s, &v) ||
			    (*s && *s != ' ') || v < 1000 ||
			    v > 1000 * NSEC) {
				/* (Up to 1000: a century of host time
				 * scales without overflow.) */
				*why = "expected one rate xR, R a number from "
				       "0.000001 to 1000";
				return -EINVAL;
			}
			out->rate_ppm = v / 1000;
		} else if (c == 'i') {
			s++;
			unit = 0;
			if (!out->step_ns && parse_decimal(&s, &v))
				unit = parse_unit(&s, NSEC, true);
			if (!unit || !times_unit(v, unit, &out->step_ns) ||
			    !out->step_ns) {
				*why = "expected one step iN, N above 0 with an "
				       "optional unit ns, us, ms, s, m, h or d";
				return -EINVAL;
			}
		} else {
			*why = "expected @date, date, +N, -N, xR or iN";
			return -EINVAL;
		}
		if (*s && *s != ' ') {
			*why = "expected a space between forms";
			return -EINVAL;
		}
	}
	if (out->rate_ppm && out->kind == DET_FROZEN) {
		*why = "a frozen date has no rate (use @date xR)";
		return -EINVAL;
	}
	if (out->rate_ppm && out->step_ns) {
		*why = "xR runs the clock and iN steps it: not both";
		return -EINVAL;
	}
	return 0;
}

int det_parse_seed(const char *s, uint64_t *out)
{
	unsigned int base = 10;
	uint64_t v = 0;
	const char *p = s;

	if (!p || !*p)
		return -EINVAL;
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
		if (!*p)
			return -EINVAL;
	}
	for (; *p; p++) {
		unsigned int d;

		if (*p >= '0' && *p <= '9')
			d = (unsigned int)(*p - '0');
		else if (base == 16 && *p >= 'a' && *p <= 'f')
			d = (unsigned int)(*p - 'a' + 10);
		else if (base == 16 && *p >= 'A' && *p <= 'F')
			d = (unsigned int)(*p - 'A' + 10);
		else
			return -EINVAL;
		if (v > (UINT64_MAX - d) / base)
			return -EINVAL;
		v = v * base + d;
	}
	*out = v;
	return 0;
}

int det_configure(struct det_config *c, const char *seed, const char *time,
		  const char *warp, const char **what, const char **why)
{
	struct det_time_spec spec;
	struct timespec real, mono;

	if (seed && *seed) {
		*what = "TAMAGO_SEED";
		if (det_parse_seed(seed, &c->seed) < 0) {
			*why = "expected a number from 0 to 2^64-1 (decimal "
			       "or 0x hex)";
			return -EINVAL;
		}
		c->seeded = 1;
	}
	if (warp && *warp && strcmp(warp, "0")) {
		*what = "TAMAGO_TIME_WARP";
		if (strcmp(warp, "1")) {
			*why = "expected 0 or 1";
			return -EINVAL;
		}
		if (!time || !*time) {
			*why = "needs TAMAGO_TIME";
			return -EINVAL;
		}
		c->warp = 1;
	}
	if (c->seeded || (time && *time)) {
		/* The machine's name is the sandbox's; the rest (release,
		 * machine) stays the host's, which programs need. */
		if (sys3(SYS_uname, &c->uts, 0, 0) < 0) {
			*what = "uname";
			*why = "cannot read the host's";
			return -EINVAL;
		}
		memset(c->uts.nodename, 0, sizeof(c->uts.nodename));
		memcpy(c->uts.nodename, "tamago", 6);
		memset(c->uts.domainname, 0, sizeof(c->uts.domainname));
		memcpy(c->uts.domainname, "(none)", 6);
	}
	if (!time || !*time)
		return 0;
	*what = "TAMAGO_TIME";
	if (det_parse_time(time, &spec, why) < 0)
		return -EINVAL;
	if (hooks_kernel_clock(CLOCK_REALTIME, &real) < 0 ||
	    hooks_kernel_clock(CLOCK_MONOTONIC, &mono) < 0) {
		*why = "cannot read the host's clock";
		return -EINVAL;
	}
	c->vclock = 1;
	c->host0_ns = ts_ns(&mono);
	c->step_ns = spec.step_ns;
	c->rate_ppm = spec.rate_ppm ? spec.rate_ppm : 1000000;
	c->running = spec.kind != DET_FROZEN && !spec.step_ns;
	switch (spec.kind) {
	case DET_START:
	case DET_FROZEN:
		c->start_ns = spec.ns;
		break;
	case DET_OFFSET:
		c->start_ns = ts_ns(&real) + spec.ns;
		break;
	case DET_NOW:
		c->start_ns = ts_ns(&real);
		break;
	}
	return 0;
}
