/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The sized tmpfs behind TAMAGO_FS_SIZE.
 *
 * File contents are written natively by the kernel (by libc's calls, by
 * glibc's internal ones, by raw calls): the shim never sees those writes,
 * so only the kernel can refuse them. With a size limit, the files'
 * backings are therefore made in a tmpfs mounted with size=, which
 * answers ENOSPC itself and keeps what was written before. The mount is
 * detached (fsopen/fsmount): no path on the host reaches it, and nothing
 * of the host's mount tree changes. Landlock grants reads and writes
 * beneath it alone.
 *
 * Mounting needs CAP_SYS_ADMIN over the mount namespace. An unprivileged
 * caller first makes a user namespace and a mount namespace of its own,
 * mapping its uid and gid to themselves; it must still be single-threaded
 * then (the constructor and tamago-exec are).
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <linux/mount.h>
#include <sched.h>
#include <string.h>
#include <sys/statfs.h>

#include "seal/fssize.h"
#include "core/sys.h"

int fssize_parse(const char *s, uint64_t *bytes)
{
	uint64_t v = 0, unit = 1;
	const char *p = s;

	*bytes = 0;
	if (!s || !*s)
		return 0;
	while (*p >= '0' && *p <= '9') {
		if (v > (UINT64_MAX - 9) / 10)
			return -EINVAL;
		v = v * 10 + (uint64_t)(*p++ - '0');
	}
	if (p == s)
		return -EINVAL;
	switch (*p) {
	case 'K': case 'k': unit = 1ULL << 10; p++; break;
	case 'M': case 'm': unit = 1ULL << 20; p++; break;
	case 'G': case 'g': unit = 1ULL << 30; p++; break;
	case 'T': case 't': unit = 1ULL << 40; p++; break;
	}
	/* Beyond 2^52 bytes no machine has the memory: refuse, not wrap. */
	if (*p || v > (1ULL << 52) / unit)
		return -EINVAL;
	*bytes = v * unit;
	return 0;
}

/* Writes s to a file of /proc/self (uid_map and the like). */
static long write_self(const char *name, const char *s)
{
	char path[32] = "/proc/self/";
	long fd, r;

	strcat(path, name);
	fd = sys_openat(AT_FDCWD, path, O_WRONLY | O_CLOEXEC, 0);
	if (fd < 0)
		return fd;
	r = sys_write((int)fd, s, strlen(s));
	sys_close((int)fd);
	return r < 0 ? r : 0;
}

/* v in decimal into buf (24 bytes at least). */
static char *dec(char *buf, uint64_t v)
{
	char tmp[24];
	int n = 0, i = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		buf[i++] = tmp[--n];
	buf[i] = '\0';
	return buf;
}

/* "id id 1": the id mapped to itself. */
static void id_map(char *buf, unsigned long id)
{
	char num[24];

	dec(num, id);
	strcpy(buf, num);
	strcat(buf, " ");
	strcat(buf, num);
	strcat(buf, " 1");
}

/* A user namespace where the caller keeps its ids, and a mount namespace
 * that it owns. */
static long own_namespaces(void)
{
	unsigned long uid = (unsigned long)sys3(SYS_getuid, 0, 0, 0);
	unsigned long gid = (unsigned long)sys3(SYS_getgid, 0, 0, 0);
	char map[64];
	long r = sys3(SYS_unshare, CLONE_NEWUSER | CLONE_NEWNS, 0, 0);

	if (r < 0)
		return r;
	r = write_self("setgroups", "deny");
	if (r < 0 && r != -ENOENT)
		return r;
	id_map(map, uid);
	r = write_self("uid_map", map);
	if (r < 0)
		return r;
	id_map(map, gid);
	return write_self("gid_map", map);
}

static long make_tmpfs(uint64_t bytes)
{
	char size[24];
	long fs, mnt, r;

	fs = sys3(SYS_fsopen, "tmpfs", FSOPEN_CLOEXEC, 0);
	if (fs < 0)
		return fs;
	r = sys6(SYS_fsconfig, fs, FSCONFIG_SET_STRING, "size",
		 dec(size, bytes), 0, 0);
	/* Only its fd reaches it; code that runs before the shim's
	 * constructor may change the uid that makes the files. */
	if (r == 0)
		r = sys6(SYS_fsconfig, fs, FSCONFIG_SET_STRING, "mode", "0777",
			 0, 0);
	if (r == 0)
		r = sys6(SYS_fsconfig, fs, FSCONFIG_CMD_CREATE, 0, 0, 0, 0);
	/* Executable: dlopen maps a library from the file system. */
	mnt = r < 0 ? r :
		      sys3(SYS_fsmount, fs, 0,
			   MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV);
	sys_close((int)fs);
	return mnt;
}

long fssize_mount(uint64_t bytes)
{
	long r = make_tmpfs(bytes);

	if (r != -EPERM)
		return r;
	r = own_namespaces();
	return r < 0 ? r : make_tmpfs(bytes);
}

const char *fssize_why(long err)
{
	switch (err) {
	case -EPERM:
	case -ENOSPC:	/* the user namespace limit */
		return "cannot mount a sized tmpfs: user namespaces are not "
		       "available here";
	case -EINVAL:
		return "cannot mount a sized tmpfs: the program already runs "
		       "threads";
	default:
		return "cannot mount a sized tmpfs";
	}
}

int fssize_check(int fd)
{
	struct statfs sf;
	arch_kstat st;
	long r = sys3(SYS_fstatfs, fd, &sf, 0);

	if (r < 0)
		return (int)r;
	r = sys_fstat(fd, &st);
	if (r < 0)
		return (int)r;
	if (sf.f_type != TMPFS_MAGIC || !S_ISDIR(st.st_mode))
		return -EINVAL;
	return 0;
}
