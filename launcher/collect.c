/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The export and the audit: the shim writes them into pipes the
 * supervisor gave it, never into a host file, and the supervisor keeps
 * the bytes in a temporary file beside the destination. Only once the
 * whole tree has ended does the file become final: renamed over the
 * destination when it is complete (an export must be one newc archive,
 * from its first header to its trailer and no byte more), or, for a
 * destination that is not a regular file (a pipe, /dev/full, an fd the
 * user passed), copied into it then. Anything else leaves the destination
 * as it was and says why.
 *
 * With --fs-size, the archive's regular files may not hold more bytes
 * than the limit: a sparse file costs the tmpfs nothing and the host's
 * disk its full size. The audit holds at most AUDIT_MAX bytes of lines.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <unistd.h>

#include "launcher/launcher.h"

#define AUDIT_MAX (16ULL << 20)
#define HDR 110

struct collect {
	const char *what;	/* "export" or "audit", for messages */
	const char *path;	/* the destination as the user wrote it */
	char *final;		/* a regular destination: its real path */
	char *tmp_name;		/* a named temporary file, or NULL */
	int dir;		/* final's directory */
	int target;		/* a destination written in place, or -1 */
	int tmp;		/* the temporary file (read and write) */
	mode_t mode;		/* for the new file */
	int pipe_r, pipe_w;
	bool archive;
	uint64_t max;		/* bytes of regular files, or of lines */
	pthread_t thread;
	bool started;
	/* What arrived. */
	uint64_t size;
	int err;		/* writing the temporary file failed */
	const char *bad;	/* why it is not what it must be */
	bool over;		/* past the limit: the rest is drained */
	/* The archive, header by header. */
	uint64_t next, regular, end;
	bool done;
	/* The outcome, for the report. */
	bool keep;		/* the bytes stay readable after finishing */
	bool written;
	const char *why;	/* why not written (a static string) */
};

static uint64_t align4(uint64_t v)
{
	return (v + 3) & ~3ULL;
}

static bool hex8(const char *s, uint64_t *v)
{
	int i;

	*v = 0;
	for (i = 0; i < 8; i++) {
		char c = s[i];

		*v <<= 4;
		if (c >= '0' && c <= '9')
			*v |= (uint64_t)(c - '0');
		else if (c >= 'a' && c <= 'f')
			*v |= (uint64_t)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			*v |= (uint64_t)(c - 'A' + 10);
		else
			return false;
	}
	return true;
}

/* The headers that have arrived in full since the last call. */
static void scan_archive(struct collect *c)
{
	char h[HDR], name[16];

	while (!c->done && !c->bad && !c->over && c->next + HDR <= c->size) {
		uint64_t f[13], hdr_end, data_end;
		int i;

		if (pread(c->tmp, h, HDR, (off_t)c->next) != HDR) {
			c->bad = "cannot read it back";
			return;
		}
		if (memcmp(h, "070701", 6) && memcmp(h, "070702", 6)) {
			c->bad = "not a newc archive";
			return;
		}
		for (i = 0; i < 13; i++) {
			if (!hex8(h + 6 + 8 * i, &f[i])) {
				c->bad = "not a newc archive";
				return;
			}
		}
		/* f[11]: the name's size with its NUL; f[6]: the data's. */
		if (f[11] < 1 || f[11] > PATH_MAX) {
			c->bad = "not a newc archive";
			return;
		}
		if (c->next + HDR + f[11] > c->size)
			return;
		hdr_end = align4(c->next + HDR + f[11]);
		data_end = align4(hdr_end + f[6]);
		if (f[11] == 11) {
			if (pread(c->tmp, name, 11, (off_t)(c->next + HDR)) !=
			    11) {
				c->bad = "cannot read it back";
				return;
			}
			if (!memcmp(name, "TRAILER!!!", 11)) {
				c->done = true;
				c->end = data_end;
				return;
			}
		}
		if ((f[1] & S_IFMT) == S_IFREG) {
			c->regular += f[6];
			if (c->max && c->regular > c->max) {
				c->over = true;
				return;
			}
		}
		c->next = data_end;
	}
}

/* Past AUDIT_MAX: back to the last whole line. */
static void cut_lines(struct collect *c)
{
	char buf[4096];
	uint64_t at = c->max;

	while (at > 0) {
		size_t n = at < sizeof(buf) ? (size_t)at : sizeof(buf);
		ssize_t r = pread(c->tmp, buf, n, (off_t)(at - n));
		char *nl;

		if (r != (ssize_t)n)
			break;
		nl = memrchr(buf, '\n', n);
		if (nl) {
			at = at - n + (uint64_t)(nl - buf) + 1;
			break;
		}
		at -= n;
	}
	if (ftruncate(c->tmp, (off_t)at) == 0)
		c->size = at;
}

static void *collect_main(void *arg)
{
	struct collect *c = arg;
	char drain[65536];

	for (;;) {
		ssize_t n;

		if (c->over || c->err || c->bad) {
			/* The rest goes nowhere; the writers must not block. */
			n = read(c->pipe_r, drain, sizeof(drain));
		} else {
			n = splice(c->pipe_r, NULL, c->tmp, NULL, 1 << 20,
				   SPLICE_F_MOVE);
			if (n < 0 && errno == EINVAL) {
				n = read(c->pipe_r, drain, sizeof(drain));
				if (n > 0 && pwrite(c->tmp, drain, (size_t)n,
						    (off_t)c->size) != n) {
					c->err = errno ? errno : EIO;
					continue;
				}
			}
			if (n > 0)
				c->size += (uint64_t)n;
		}
		if (n == 0)
			break;
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			if (c->over || c->bad)
				break;
			c->err = errno;
			continue;
		}
		if (c->over || c->err || c->bad)
			continue;
		if (c->archive)
			scan_archive(c);
		else if (c->size > c->max)
			c->over = true;
		if (c->over && c->archive && ftruncate(c->tmp, 0) == 0)
			c->size = 0;
		if (c->over && !c->archive)
			cut_lines(c);
	}
	close(c->pipe_r);
	return NULL;
}

/*
 * A temporary file in dir, anonymous (O_TMPFILE) where the file system
 * allows: a supervisor killed on the way leaves nothing behind. Else a
 * named one, removed at once unless it is to be renamed into place.
 */
static int anon_tmp(struct collect *c, const char *dir)
{
	char name[PATH_MAX];
	int fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);

	if (fd >= 0)
		return own_fd(fd);
	snprintf(name, sizeof(name), "%s/.tamago-%s-XXXXXX", dir, c->what);
	fd = mkostemp(name, O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (c->final)
		c->tmp_name = strdup(name);
	else
		unlink(name);
	return own_fd(fd);
}

static const char *tmp_dir(void)
{
	const char *t = getenv("TMPDIR");

	return t && *t == '/' ? t : "/tmp";
}

struct collect *collect_open(const char *what, const char *path,
			     int user_fd, bool archive, uint64_t max)
{
	struct collect *c = calloc(1, sizeof(*c));
	char label[PATH_MAX + 16];
	struct stat st;
	int p[2];

	if (!c)
		die(FAILED, what, "%s", strerror(ENOMEM));
	c->what = what;
	c->path = path;
	c->archive = archive;
	c->max = archive ? max : AUDIT_MAX;
	c->dir = c->target = c->tmp = -1;
	snprintf(label, sizeof(label), "--%s=%s", what, path ? path : "");
	if (user_fd >= 0) {
		/* The user's own fd (TAMAGO_EXPORT_FD by hand): written
		 * once the tree has ended, never handed to the program. */
		int fl = fcntl(user_fd, F_GETFL);

		snprintf(label, sizeof(label), "TAMAGO_%s_FD",
			 archive ? "EXPORT" : "AUDIT");
		if (fl < 0)
			die(FAILED, label, "%s", strerror(errno));
		if ((fl & O_ACCMODE) == O_RDONLY || (fl & O_PATH))
			die(FAILED, label, "not open for writing");
		c->target = own_fd(dup(user_fd));
		c->tmp = anon_tmp(c, tmp_dir());
	} else if (!path) {
		/* Kept for the report alone (--report without --audit). */
		c->tmp = anon_tmp(c, tmp_dir());
	} else if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		/* A pipe, a device, /dev/fd/N: written in place. */
		c->target = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY);
		if (c->target < 0)
			die(FAILED, label, "cannot open for writing");
		c->target = own_fd(c->target);
		c->tmp = anon_tmp(c, tmp_dir());
	} else {
		char *copy = strdup(path), *real;
		const char *base;

		if (!copy)
			die(FAILED, label, "%s", strerror(ENOMEM));
		if (lstat(path, &st) == 0 && !S_ISREG(st.st_mode) &&
		    !S_ISLNK(st.st_mode))
			die(FAILED, label, "cannot open for writing");
		if (stat(path, &st) == 0) {
			if (access(path, W_OK) < 0)
				die(FAILED, label, "cannot open for writing");
			c->final = realpath(path, NULL);
			c->mode = st.st_mode & 07777;
		} else if (lstat(path, &st) == 0) {
			/* A symbolic link to nothing. */
			die(FAILED, label, "cannot open for writing");
		} else {
			mode_t um = umask(0);

			umask(um);
			real = realpath(dirname(copy), NULL);
			strcpy(copy, path);
			base = basename(copy);
			if (real &&
			    asprintf(&c->final, "%s/%s", real, base) < 0)
				c->final = NULL;
			free(real);
			c->mode = 0666 & ~um;
		}
		free(copy);
		if (!c->final)
			die(FAILED, label, "cannot open for writing");
		copy = strdup(c->final);
		c->dir = copy ? open(dirname(copy), O_PATH | O_DIRECTORY |
							 O_CLOEXEC) :
				-1;
		if (c->dir >= 0) {
			c->dir = own_fd(c->dir);
			strcpy(copy, c->final);
			c->tmp = anon_tmp(c, dirname(copy));
		}
		free(copy);
	}
	if (c->tmp < 0)
		die(FAILED, label, "cannot open for writing");
	if (pipe2(p, O_CLOEXEC) < 0)
		die(FAILED, what, "cannot make a pipe: %s", strerror(errno));
	c->pipe_r = own_fd(p[0]);
	c->pipe_w = own_fd(p[1]);
	if (archive)
		fcntl(c->pipe_r, F_SETPIPE_SZ, 1 << 20);
	return c;
}

int collect_child_fd(const struct collect *c)
{
	return c->pipe_w;
}

void collect_start(struct collect *c)
{
	/* The tree holds the write end now: EOF comes when it has ended. */
	close(c->pipe_w);
	c->pipe_w = -1;
	if (pthread_create(&c->thread, NULL, collect_main, c) != 0)
		die(FAILED, c->what, "cannot start its reader");
	c->started = true;
}

/* The temporary file, complete, becomes final (or goes into target). */
static int put_in_place(struct collect *c)
{
	char proc[64], name[PATH_MAX], *base, *copy;
	int r;

	if (c->target >= 0) {
		off_t off = 0;

		while ((uint64_t)off < c->size) {
			ssize_t n = sendfile(c->target, c->tmp, &off,
					     (size_t)(c->size - (uint64_t)off));

			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0 && errno == EINVAL) {
				char buf[65536];

				n = pread(c->tmp, buf, sizeof(buf), off);
				if (n > 0 &&
				    write(c->target, buf, (size_t)n) != n)
					return -(errno ? errno : EIO);
				if (n > 0)
					off += n;
				if (n > 0)
					continue;
			}
			if (n <= 0)
				return n < 0 ? -errno : -EIO;
		}
		return 0;
	}
	fchmod(c->tmp, c->mode);
	if (c->tmp_name)
		return rename(c->tmp_name, c->final) < 0 ? -errno : 0;
	copy = strdup(c->final);
	if (!copy)
		return -ENOMEM;
	base = basename(copy);
	/* An O_TMPFILE: a name of its own first, then over the old one. */
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", c->tmp);
	snprintf(name, sizeof(name), ".%s.tamago-%d", base, (int)getpid());
	free(copy);
	if (linkat(AT_FDCWD, proc, c->dir, name, AT_SYMLINK_FOLLOW) < 0)
		return -errno;
	if (renameat(c->dir, name, c->dir, c->final) < 0) {
		r = -errno;
		unlinkat(c->dir, name, 0);
		return r;
	}
	return 0;
}

void collect_finish(struct collect *c, const char *how_ended)
{
	const char *dest = c->path ? c->path : "its fd";
	int r;

	if (c->started)
		pthread_join(c->thread, NULL);
	c->started = false;
	if (c->err) {
		c->why = strerror(c->err);
		warn(c->what, "%s: %s not written", strerror(c->err), dest);
	} else if (c->bad) {
		c->why = c->bad;
		warn(c->what, "%s: %s not written", c->bad, dest);
	} else if (c->over && c->archive) {
		c->why = "its files hold more than --fs-size allows";
		warn(c->what,
		     "its files hold more than --fs-size allows (sparse "
		     "files count in full): %s not written",
		     dest);
	} else if (c->archive && c->size == 0) {
		c->why = "the program ended without one";
		warn(c->what, "the program ended without one (%s): %s not "
			      "written",
		     how_ended, dest);
	} else if (c->archive && (!c->done || c->size != c->end)) {
		c->why = c->done ? "bytes after its end" : "incomplete";
		warn(c->what,
		     "%s (%s): %s not written",
		     c->done ? "bytes after its end" : "incomplete",
		     how_ended, dest);
	} else if (!c->path && c->target < 0) {
		/* Kept for the report alone. */
	} else {
		if (c->over)
			warn(c->what, "more than %llu bytes of lines: the "
				      "rest dropped",
			     (unsigned long long)c->max);
		r = put_in_place(c);
		if (r < 0) {
			c->why = strerror(-r);
			warn(c->what, "write: %s", strerror(-r));
		} else {
			c->written = true;
			goto done;
		}
	}
	if (c->tmp_name)
		unlink(c->tmp_name);
done:
	if (!c->keep)
		close(c->tmp);
	if (c->target >= 0)
		close(c->target);
}

void collect_keep(struct collect *c)
{
	c->keep = true;
}

void collect_outcome(const struct collect *c, bool *written,
		     uint64_t *bytes, const char **why)
{
	*written = c->written;
	*bytes = c->size;
	*why = c->why;
}

char *collect_text(struct collect *c)
{
	char *buf = c->keep ? malloc(c->size + 1) : NULL;
	size_t done = 0;

	while (buf && done < c->size) {
		ssize_t n = pread(c->tmp, buf + done, c->size - done,
				  (off_t)done);

		if (n <= 0)
			break;
		done += (size_t)n;
	}
	if (buf)
		buf[done] = '\0';
	return buf;
}
