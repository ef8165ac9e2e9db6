/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The files programs look for in /etc, for a sandbox whose images do not
 * hold them: hosts (localhost, for 127.0.0.1 and ::1), passwd and group
 * with entries for the running ids (so that `id -un`, `whoami` and a
 * home directory lookup answer), and nsswitch.conf naming files alone.
 * No resolv.conf: the sandbox has no name server to name.
 *
 * Each is placed as the host files the loader needs are (fs_host_file):
 * an image's file at the same path wins, a size limit does not count
 * them, and the export leaves them out until the program writes one.
 */
#include <errno.h>
#include <grp.h>
#include <nss.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fs/fs.h"
#include "launcher/start.h"

static const char hosts[] =
	"127.0.0.1\tlocalhost\n"
	"::1\tlocalhost ip6-localhost ip6-loopback\n";

static const char nsswitch[] =
	"passwd:\t\tfiles\n"
	"group:\t\tfiles\n"
	"shadow:\t\tfiles\n"
	"hosts:\t\tfiles\n"
	"networks:\tfiles\n"
	"protocols:\tfiles\n"
	"services:\tfiles\n"
	"ethers:\t\tfiles\n"
	"rpc:\t\tfiles\n";

/* The passwd line of the running user, as the host names it (with a
 * static tamago-exec, as the host's /etc/passwd does). */
static void user_line(char *buf, size_t size, uid_t uid, gid_t gid)
{
	const struct passwd *pw = getpwuid(uid);
	const char *name = pw ? pw->pw_name : NULL;
	const char *home = pw ? pw->pw_dir : getenv("HOME");
	const char *shell = pw ? pw->pw_shell : NULL;

	if (!name || !*name || strchr(name, ':'))
		name = "user";
	if (!home || !*home || strchr(home, ':'))
		home = "/tmp";
	if (!shell || !*shell || strchr(shell, ':'))
		shell = "/bin/sh";
	snprintf(buf, size, "%s:x:%u:%u:%s:%s:%s\n", name, (unsigned)uid,
		 (unsigned)gid, name, home, shell);
}

static void group_line(char *buf, size_t size, gid_t gid, const char *user)
{
	const struct group *gr = getgrgid(gid);
	const char *name = gr ? gr->gr_name : user;

	if (!name || !*name || strchr(name, ':'))
		name = "users";
	snprintf(buf, size, "%s:x:%u:\n", name, (unsigned)gid);
}

/* One file at path with text as its content, unless one is there. */
static int place(const char *path, const char *text)
{
	size_t len = strlen(text), done = 0;
	int fd = memfd_create("tamago-preset", MFD_CLOEXEC), r;

	if (fd < 0)
		return -errno;
	while (done < len) {
		ssize_t n = write(fd, text + done, len - done);

		if (n <= 0) {
			r = n < 0 ? -errno : -EIO;
			close(fd);
			return r;
		}
		done += (size_t)n;
	}
	r = fchmod(fd, 0644) < 0 ? -errno : 0;
	if (r == 0)
		r = fs_host_file(path, fd, false);
	close(fd);
	return r;
}

/* Is path at or beneath one of the --ro layers' DEST? */
static bool in_layer(const struct start_args *a, const char *path)
{
	size_t n;
	int i;

	for (i = 0; i < a->nro; i++) {
		n = strlen(a->ro[i].dest);
		while (n > 1 && a->ro[i].dest[n - 1] == '/')
			n--;
		if (n == 1 && a->ro[i].dest[0] == '/')
			return true;
		if (!strncmp(path, a->ro[i].dest, n) &&
		    (path[n] == '/' || path[n] == '\0'))
			return true;
	}
	return false;
}

void place_presets(const struct start_args *a)
{
	char passwd[1024], group[512], line[512], user[256];
	uid_t uid = getuid();
	gid_t gid = getgid();
	const char *colon;
	size_t i;
	struct {
		const char *path, *text;
	} files[] = {
		{ "/etc/hosts", hosts },
		{ "/etc/nsswitch.conf", nsswitch },
		{ "/etc/passwd", passwd },
		{ "/etc/group", group },
	};

	/* A static tamago-exec (launcher/meson.build) cannot load NSS
	 * modules: its lookups read the host's files alone. */
	if (TAMAGO_EXEC_STATIC) {
		__nss_configure_lookup("passwd", "files");
		__nss_configure_lookup("group", "files");
	}
	snprintf(passwd, sizeof(passwd), "root:x:0:0:root:/root:/bin/sh\n");
	user_line(line, sizeof(line), uid, gid);
	if (uid != 0)
		strncat(passwd, line, sizeof(passwd) - strlen(passwd) - 1);
	if (uid != 65534)
		strncat(passwd, "nobody:x:65534:65534:nobody:/nonexistent:"
				"/usr/sbin/nologin\n",
			sizeof(passwd) - strlen(passwd) - 1);
	colon = strchr(line, ':');
	snprintf(user, sizeof(user), "%.*s", (int)(colon - line), line);
	snprintf(group, sizeof(group), "root:x:0:\n");
	group_line(line, sizeof(line), gid, user);
	if (gid != 0)
		strncat(group, line, sizeof(group) - strlen(group) - 1);
	if (gid != 65534)
		strncat(group, "nogroup:x:65534:\n",
			sizeof(group) - strlen(group) - 1);
	/*
	 * Defaults, not the user's data: one that cannot be placed (an
	 * image's /etc that is a file, the inode limit reached) is left
	 * out, and the program finds what the image gave.
	 */
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		if (!in_layer(a, files[i].path))
			(void)place(files[i].path, files[i].text);
}
