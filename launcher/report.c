/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * --report=PATH: one JSON document for the run, written by the supervisor
 * once the whole tree has ended, however it ended (a program killed by
 * any signal included): into a temporary file beside PATH, renamed over
 * it when complete, so PATH holds a whole document or is left as it was.
 * The README gives the schema. What the sandbox wrote (the audit's lines)
 * is carried as strings, never spliced in: the program could have written
 * anything there.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "launcher/launcher.h"

/* Length of a valid UTF-8 sequence at s (at most n bytes), or 0. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	size_t len, i;

	if (s[0] < 0xc2 || s[0] > 0xf4)
		return 0;
	len = s[0] < 0xe0 ? 2 : s[0] < 0xf0 ? 3 : 4;
	if (len > n)
		return 0;
	for (i = 1; i < len; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	/* Overlong, surrogates, past U+10FFFF. */
	if ((s[0] == 0xe0 && s[1] < 0xa0) || (s[0] == 0xed && s[1] > 0x9f) ||
	    (s[0] == 0xf0 && s[1] < 0x90) || (s[0] == 0xf4 && s[1] > 0x8f))
		return 0;
	return len;
}

/* A JSON string: bytes that are not UTF-8 become U+FFFD. */
static void str(FILE *f, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, k;

	if (!s) {
		fputs("null", f);
		return;
	}
	fputc('"', f);
	while (i < n) {
		unsigned char c = p[i];

		if (c == '"' || c == '\\') {
			fprintf(f, "\\%c", c);
			i++;
		} else if (c < 0x20 || c == 0x7f) {
			fprintf(f, "\\u%04x", c);
			i++;
		} else if (c < 0x80) {
			fputc(c, f);
			i++;
		} else if ((k = utf8_len(p + i, n - i))) {
			fwrite(p + i, 1, k, f);
			i += k;
		} else {
			fputs("\\ufffd", f);
			i++;
		}
	}
	fputc('"', f);
}

static void cstr(FILE *f, const char *s)
{
	str(f, s, s ? strlen(s) : 0);
}

static void iso_time(char *buf, size_t size, const struct timespec *t)
{
	struct tm tm;

	gmtime_r(&t->tv_sec, &tm);
	snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ",
		 tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		 tm.tm_min, tm.tm_sec, t->tv_nsec / 1000000);
}

static void outcome(FILE *f, const char *name, struct collect *c,
		    const char *path)
{
	const char *why;
	uint64_t bytes;
	bool written;

	fprintf(f, ",\n  \"%s\": ", name);
	if (!c) {
		fputs("null", f);
		return;
	}
	collect_outcome(c, &written, &bytes, &why);
	fputs("{\"path\": ", f);
	cstr(f, path);
	fprintf(f, ", \"bytes\": %llu, \"written\": %s, \"why_not\": ",
		(unsigned long long)bytes, written ? "true" : "false");
	cstr(f, written ? NULL : why);
	fputc('}', f);
}

/* The audit's JSON lines, each as a string. */
static void lines(FILE *f, struct collect *audit)
{
	char *text = audit ? collect_text(audit) : NULL, *p, *nl;
	bool first = true;
	size_t len;

	fputs(",\n  \"network_refused\": [", f);
	for (p = text; p && *p; p = nl + 1) {
		nl = strchr(p, '\n');
		len = nl ? (size_t)(nl - p) : strlen(p);
		if (len) {
			fputs(first ? "\n    " : ",\n    ", f);
			str(f, p, len);
			first = false;
		}
		if (!nl)
			break;
	}
	fputs(first ? "]" : "\n  ]", f);
	free(text);
}

/* A decimal number at *p, then a space or the end: into *v. */
static bool number(const char **p, unsigned long long *v)
{
	const char *s = *p;

	*v = 0;
	if (*s < '0' || *s > '9')
		return false;
	while (*s >= '0' && *s <= '9' && *v < (1ULL << 60))
		*v = *v * 10 + (unsigned long long)(*s++ - '0');
	if (*s && *s != ' ')
		return false;
	*p = *s ? s + 1 : s;
	return true;
}

/* The sandbox's end's facts: "changed N", "missing COUNT PATH" and
 * "missing-more N" lines; anything else is ignored (the sandbox wrote
 * them). */
static void facts(FILE *f, struct collect *c)
{
	char *text = c ? collect_text(c) : NULL, *line, *nl;
	unsigned long long v, changed = 0, more = 0;
	bool have_changed = false, first = true;
	const char *kill = NULL;

	fputs(",\n  \"missing\": [", f);
	for (line = text; line && *line; line = nl + 1) {
		const char *p;

		nl = strchr(line, '\n');
		if (!nl)
			break;	/* a line cut short */
		*nl = '\0';
		if (!strncmp(line, "missing ", 8)) {
			p = line + 8;
			if (!number(&p, &v) || !*p)
				continue;
			fputs(first ? "\n    " : ",\n    ", f);
			fputs("{\"path\": ", f);
			cstr(f, p);
			fprintf(f, ", \"count\": %llu}", v);
			first = false;
		} else if (!strncmp(line, "missing-more ", 13)) {
			p = line + 13;
			if (number(&p, &v) && !*p)
				more = v;
		} else if (!strncmp(line, "killed ", 7) && !kill) {
			kill = line + 7;
		} else if (!strncmp(line, "changed ", 8)) {
			p = line + 8;
			if (number(&p, &v) && !*p) {
				changed = v;
				have_changed = true;
			}
		}
	}
	fputs(first ? "]" : "\n  ]", f);
	fprintf(f, ",\n  \"missing_more\": %llu", more);
	if (have_changed)
		fprintf(f, ",\n  \"changed_files\": %llu", changed);
	else
		fputs(",\n  \"changed_files\": null", f);
	fputs(",\n  \"kill_report\": ", f);
	cstr(f, kill);
	free(text);
}

static void document(FILE *f, const struct report *r, int status,
		     struct collect *exp, struct collect *aud,
		     struct collect *fc, uint64_t out_bytes,
		     uint64_t err_bytes)
{
	struct timespec now;
	char when[64];
	long long ms;
	int i, sig;

	clock_gettime(CLOCK_MONOTONIC, &now);
	ms = (long long)(now.tv_sec - r->mono.tv_sec) * 1000 +
	     (now.tv_nsec - r->mono.tv_nsec) / 1000000;
	iso_time(when, sizeof(when), &r->started);
	fputs("{\n  \"tamago_report\": 1,\n  \"program\": ", f);
	cstr(f, r->prog);
	fputs(",\n  \"path\": ", f);
	cstr(f, r->exe);
	fputs(",\n  \"argv\": [", f);
	for (i = 0; r->argv[i]; i++) {
		fputs(i ? ", " : "", f);
		cstr(f, r->argv[i]);
	}
	fputs("],\n  \"settings\": {", f);
	for (i = 0; i < r->nsettings; i++) {
		fputs(i ? ", " : "", f);
		cstr(f, r->settings[i][0]);
		fputs(": ", f);
		cstr(f, r->settings[i][1]);
	}
	fprintf(f, "},\n  \"keep_env\": %s,\n  \"env\": [",
		r->keep_env ? "true" : "false");
	for (i = 0; i < r->nenv; i++) {
		fputs(i ? ", " : "", f);
		cstr(f, r->env[i]);
	}
	fprintf(f, "],\n  \"started\": \"%s\",\n  \"duration_ms\": %lld,\n",
		when, ms);
	if (WIFEXITED(status)) {
		fprintf(f, "  \"ended\": {\"how\": \"exit\", \"status\": %d},\n"
			   "  \"exit_code\": %d",
			WEXITSTATUS(status), WEXITSTATUS(status));
	} else {
		sig = WTERMSIG(status);
		fputs("  \"ended\": {\"how\": \"signal\", \"signal\": ", f);
		fprintf(f, "\"SIG%s\", \"number\": %d, \"note\": ",
			sigabbrev_np(sig) ? sigabbrev_np(sig) : "?", sig);
		cstr(f, sig == SIGSYS ? "killed by the filter or the trap "
					"path: a system call the sandbox "
					"refuses (its report is on stderr)" :
			sig == SIGKILL ? "killed (SIGKILL: the kernel, an "
					 "out-of-memory kill, or a user)" :
					 NULL);
		fprintf(f, "},\n  \"exit_code\": %d", 128 + sig);
	}
	fprintf(f, ",\n  \"stdout_bytes\": %llu,\n  \"stderr_bytes\": %llu",
		(unsigned long long)out_bytes, (unsigned long long)err_bytes);
	outcome(f, "export", exp, r->export_path);
	lines(f, aud);
	facts(f, fc);
	fputs("\n}\n", f);
}

void report_write(const struct report *r, int status, struct collect *exp,
		  struct collect *aud, struct collect *fc, uint64_t out_bytes,
		  uint64_t err_bytes)
{
	char *copy = strdup(r->path), *tmp = NULL;
	struct stat st;
	FILE *f = NULL;
	int fd = -1;
	bool bad;
	mode_t um;

	if (!copy)
		goto fail;
	/* A pipe, a device: written in place. */
	if (stat(r->path, &st) == 0 && !S_ISREG(st.st_mode)) {
		f = fopen(r->path, "w");
		if (!f)
			goto fail;
		document(f, r, status, exp, aud, fc, out_bytes, err_bytes);
		bad = fclose(f) != 0;
		f = NULL;
		if (bad)
			goto fail;
		free(copy);
		return;
	}
	if (asprintf(&tmp, "%s/.tamago-report-XXXXXX", dirname(copy)) < 0) {
		tmp = NULL;
		goto fail;
	}
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0 || !(f = fdopen(fd, "w")))
		goto fail;
	fd = -1;
	document(f, r, status, exp, aud, fc, out_bytes, err_bytes);
	um = umask(0);
	umask(um);
	bad = fflush(f) != 0 || fchmod(fileno(f), 0666 & ~um) < 0;
	bad |= fclose(f) != 0;
	f = NULL;
	if (bad || rename(tmp, r->path) < 0)
		goto fail;
	free(tmp);
	free(copy);
	return;
fail:
	warn("report", "%s: %s not written", strerror(errno), r->path);
	if (f)
		fclose(f);
	if (fd >= 0)
		close(fd);
	if (tmp)
		unlink(tmp);
	free(tmp);
	free(copy);
}
